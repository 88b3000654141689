/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sandbox"

#include "config.h"

#include <string.h>

#include "rp-sandbox-json.h"

void
rp_sb_json_init (RpSbJson *json,
                 gboolean  simplify)
{
  memset (json, 0, sizeof *json);
  json->out = g_string_sized_new (4096);
  json->simplify = simplify;
}

char *
rp_sb_json_finish (RpSbJson *json)
{
  g_assert (json->depth == 0);

  return g_string_free (g_steal_pointer (&json->out), FALSE);
}

void
rp_sb_json_clear (RpSbJson *json)
{
  if (json->out != NULL)
    g_string_free (g_steal_pointer (&json->out), TRUE);
}

void
rp_sb_json_append_escaped (GString    *out,
                           const char *text)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *)text; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char)*p);
        }
    }
  g_string_append_c (out, '"');
}

static void
member (RpSbJson   *json,
        const char *name)
{
  if (json->need_comma[json->depth])
    g_string_append_c (json->out, ',');
  json->need_comma[json->depth] = TRUE;

  if (name != NULL)
    {
      rp_sb_json_append_escaped (json->out, name);
      g_string_append_c (json->out, ':');
    }
}

static void
push (RpSbJson *json,
      char      open,
      gboolean  wrapped)
{
  g_string_append_c (json->out, open);
  json->depth++;
  g_assert (json->depth < RP_SB_JSON_MAX_DEPTH);
  json->need_comma[json->depth] = FALSE;
  json->wrapped[json->depth] = wrapped;
}

static void
pop (RpSbJson *json,
     char      close)
{
  g_assert (json->depth > 0);
  json->depth--;
  g_string_append_c (json->out, close);
}

void
rp_sb_json_begin_object (RpSbJson   *json,
                         const char *name)
{
  member (json, name);
  push (json, '{', FALSE);
}

void
rp_sb_json_end_object (RpSbJson *json)
{
  pop (json, '}');
}

void
rp_sb_json_begin_array (RpSbJson   *json,
                        const char *name)
{
  member (json, name);
  push (json, '[', FALSE);
}

void
rp_sb_json_end_array (RpSbJson *json)
{
  pop (json, ']');
}

/* A list in the platform's envelope: `"name":{"item_name":[...]}` unless the
 * caller asked for simplify=true, where it is a plain array. */
void
rp_sb_json_begin_list (RpSbJson   *json,
                       const char *name,
                       const char *item_name)
{
  member (json, name);
  if (json->simplify)
    {
      push (json, '[', FALSE);
      return;
    }
  g_string_append_c (json->out, '{');
  rp_sb_json_append_escaped (json->out, item_name);
  g_string_append_c (json->out, ':');
  push (json, '[', TRUE);
}

void
rp_sb_json_end_list (RpSbJson *json)
{
  gboolean wrapped = json->wrapped[json->depth];

  pop (json, ']');
  if (wrapped)
    g_string_append_c (json->out, '}');
}

void
rp_sb_json_string (RpSbJson   *json,
                   const char *name,
                   const char *value)
{
  member (json, name);
  if (value == NULL)
    g_string_append (json->out, "null");
  else
    rp_sb_json_append_escaped (json->out, value);
}

void
rp_sb_json_int (RpSbJson   *json,
                const char *name,
                gint64      value)
{
  member (json, name);
  g_string_append_printf (json->out, "%" G_GINT64_FORMAT, value);
}

void
rp_sb_json_bool (RpSbJson   *json,
                 const char *name,
                 gboolean    value)
{
  member (json, name);
  g_string_append (json->out, value ? "true" : "false");
}

void
rp_sb_json_null (RpSbJson   *json,
                 const char *name)
{
  member (json, name);
  g_string_append (json->out, "null");
}

void
rp_sb_json_money (RpSbJson   *json,
                  const char *name,
                  gint64      cents,
                  const char *currency)
{
  char amount[32];

  g_snprintf (amount, sizeof amount, "%s%" G_GINT64_FORMAT ".%02d",
              cents < 0 ? "-" : "", ABS (cents) / 100, (int)(ABS (cents) % 100));
  rp_sb_json_begin_object (json, name);
  rp_sb_json_string (json, "amount", amount);
  rp_sb_json_string (json, "currency_code", currency);
  rp_sb_json_end_object (json);
}
