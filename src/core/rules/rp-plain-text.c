/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-plain-text"

#include "config.h"

#include <string.h>

#include "rp-plain-text.h"

gboolean
rp_plain_text_is_unsafe (gunichar c)
{
  if (c == '\n' || c == '\t')
    return FALSE;

  /* C0, DEL and C1 controls: a terminal or a label could act on them. */
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
    return TRUE;

  /* LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI: they reorder what follows them (a
   * buyer could make "exe.txt" read "txt.exe"), even beyond the buyer's own text. */
  if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
    return TRUE;

  /* Line and paragraph separators would break a one-line layout unseen; noncharacters and
   * the replacement of the byte order mark are never meaningful text. */
  if (c == 0x2028 || c == 0x2029 || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF)
    return TRUE;

  return FALSE;
}

static void
move_offsets (guint    *offsets,
              gsize     n_offsets,
              gsize     from,
              gsize     to,
              gsize     out_pos,
              gboolean *moved)
{
  /* An offset inside [from, to) of the input lands at the start of what replaced it. */
  for (gsize i = 0; i < n_offsets; i++)
    {
      if (moved[i])
        continue;
      if (offsets[i] >= from && offsets[i] < to)
        {
          offsets[i] = out_pos;
          moved[i] = TRUE;
        }
    }
}

char *
rp_plain_text_for_display (const char *text,
                           gsize       max_chars,
                           guint      *offsets,
                           gsize       n_offsets)
{
  g_autofree gboolean *moved = NULL;
  GString *out;
  const char *p;
  const char *end;
  gsize chars = 0;

  g_return_val_if_fail (n_offsets == 0 || offsets != NULL, NULL);

  if (text == NULL)
    text = "";

  out = g_string_sized_new (strlen (text) + 1);
  moved = g_new0 (gboolean, n_offsets > 0 ? n_offsets : 1);
  p = text;
  end = text + strlen (text);

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gsize in_len;

      if (max_chars > 0 && chars == max_chars)
        {
          move_offsets (offsets, n_offsets, p - text, (gsize) -1, out->len, moved);
          g_string_append (out, "…");
          break;
        }

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* One replacement per invalid byte keeps the rest of the text readable. */
          in_len = 1;
          move_offsets (offsets, n_offsets, p - text, p - text + in_len, out->len, moved);
          g_string_append_unichar (out, RP_PLAIN_TEXT_REPLACEMENT);
        }
      else
        {
          in_len = g_utf8_next_char (p) - p;
          move_offsets (offsets, n_offsets, p - text, p - text + in_len, out->len, moved);
          if (rp_plain_text_is_unsafe (c))
            g_string_append_unichar (out, RP_PLAIN_TEXT_REPLACEMENT);
          else
            g_string_append_len (out, p, in_len);
        }

      p += in_len;
      chars++;
    }

  /* Offsets at or past the end of the input go to the end of the output. */
  for (gsize i = 0; i < n_offsets; i++)
    if (!moved[i])
      offsets[i] = out->len;

  return g_string_free (out, FALSE);
}

char *
rp_plain_text_preview (const char *text,
                       gsize       max_chars)
{
  g_autofree char *safe = rp_plain_text_for_display (text, 0, NULL, 0);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  gsize chars = 0;

  for (const char *p = safe; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }

      if (max_chars > 0 && chars >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }

      if (space)
        {
          g_string_append_c (out, ' ');
          chars++;
          space = FALSE;
        }

      g_string_append_unichar (out, c);
      chars++;
    }

  return g_string_free (out, FALSE);
}
