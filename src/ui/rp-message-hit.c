/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-message-hit"

#include "config.h"

#include <string.h>

#include "rp-message-hit.h"
#include "rp-plain-text.h"

/* Longer than any one-line row can show: the label ellipsizes the rest. */
#define SNIPPET_CHARS 400

struct _RpMessageHit
{
  GObject           parent_instance;

  RpStoreSearchHit *hit;
};

G_DEFINE_FINAL_TYPE (RpMessageHit, rp_message_hit, G_TYPE_OBJECT)

static void
rp_message_hit_finalize (GObject *object)
{
  RpMessageHit *self = (RpMessageHit *)object;

  g_clear_pointer (&self->hit, rp_store_search_hit_free);

  G_OBJECT_CLASS (rp_message_hit_parent_class)->finalize (object);
}

static void
rp_message_hit_class_init (RpMessageHitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_message_hit_finalize;
}

static void
rp_message_hit_init (RpMessageHit *self)
{
}

RpMessageHit *
rp_message_hit_new (RpStoreSearchHit *hit)
{
  RpMessageHit *self;

  g_return_val_if_fail (hit != NULL, NULL);

  self = g_object_new (RP_TYPE_MESSAGE_HIT, NULL);
  self->hit = hit;

  return self;
}

/**
 * rp_message_hit_get_hit:
 *
 * Returns: (transfer none): the search result
 */
RpStoreSearchHit *
rp_message_hit_get_hit (RpMessageHit *self)
{
  g_return_val_if_fail (RP_IS_MESSAGE_HIT (self), NULL);

  return self->hit;
}

char *
rp_message_hit_snippet (const char  *text,
                        GArray      *ranges,
                        guint        context_chars,
                        GArray     **out_ranges)
{
  guint n = ranges != NULL ? ranges->len : 0;
  g_autofree guint *offsets = g_new0 (guint, 2 * n + 1);
  g_autofree char *safe = NULL;
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (RpStoreRange));
  GString *out;
  const char *start;
  gsize text_len = text != NULL ? strlen (text) : 0;
  gboolean cut_front = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const RpStoreRange *r = &g_array_index (ranges, RpStoreRange, i);

      /* Ranges come from the store; never trust them to lie inside the text. */
      offsets[2 * i] = MIN (r->start, text_len);
      offsets[2 * i + 1] = MIN (MAX (r->end, r->start), text_len);
    }

  safe = rp_plain_text_for_display (text, 0, offsets, 2 * n);

  /* Start a few words before the first match so that it is in sight. */
  start = safe;
  if (n > 0)
    {
      const char *first = safe + offsets[0];
      guint back = 0;

      while (first > safe && back < context_chars)
        {
          first = g_utf8_prev_char (first);
          back++;
        }
      cut_front = first > safe;
      start = first;
    }

  out = g_string_new (cut_front ? "…" : "");
  {
    gsize shift = (start - safe);
    gsize prefix = out->len;
    guint chars = 0;

    for (const char *p = start; *p != '\0' && chars < SNIPPET_CHARS; p = g_utf8_next_char (p), chars++)
      {
        gunichar c = g_utf8_get_char (p);

        /* One line: a newline or tab becomes a space of the same length in bytes. */
        if (c == '\n' || c == '\t')
          g_string_append_c (out, ' ');
        else
          g_string_append_len (out, p, g_utf8_next_char (p) - p);
      }

    for (guint i = 0; i < n; i++)
      {
        RpStoreRange r;

        if (offsets[2 * i] < shift)
          continue;
        r.start = MIN (offsets[2 * i] - shift + prefix, out->len);
        r.end = MIN (offsets[2 * i + 1] - shift + prefix, out->len);
        if (r.end > r.start)
          g_array_append_val (result, r);
      }
  }

  if (out_ranges != NULL)
    *out_ranges = g_steal_pointer (&result);

  return g_string_free (out, FALSE);
}
