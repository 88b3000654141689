/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-country"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "rp-country-private.h"

#define ISO_CODES_DOMAIN "iso_3166-1"
#define ISO_CODES_XML "/usr/share/xml/iso-codes/iso_3166-1.xml"

static gboolean
normalize_code (const char *code,
                char        out[3])
{
  if (code == NULL || strlen (code) != 2 ||
      !g_ascii_isalpha (code[0]) || !g_ascii_isalpha (code[1]))
    return FALSE;

  out[0] = g_ascii_toupper (code[0]);
  out[1] = g_ascii_toupper (code[1]);
  out[2] = '\0';
  /* The marketplace and many buyers write the United Kingdom as "UK". */
  if (out[0] == 'U' && out[1] == 'K')
    memcpy (out, "GB", 2);

  return TRUE;
}

const RpCountry *
rp_country_lookup (const char *code)
{
  char upper[3];

  if (!normalize_code (code, upper))
    return NULL;

  for (guint i = 0; i < rp_country_table_len; i++)
    {
      if (g_str_equal (rp_country_table[i].code, upper))
        return &rp_country_table[i];
    }

  return NULL;
}

const RpCountry *
rp_country_get_generic (void)
{
  return &rp_country_generic_entry;
}

const RpCountry *
rp_country_get_all (guint *n_countries)
{
  if (n_countries != NULL)
    *n_countries = rp_country_table_len;

  return rp_country_table;
}

char *
rp_country_get_flag (const char *code)
{
  char upper[3];
  GString *flag;

  if (!normalize_code (code, upper))
    return g_strdup ("");

  /* U+1F1E6 REGIONAL INDICATOR SYMBOL LETTER A, and on. */
  flag = g_string_new (NULL);
  g_string_append_unichar (flag, 0x1F1E6 + (upper[0] - 'A'));
  g_string_append_unichar (flag, 0x1F1E6 + (upper[1] - 'A'));
  return g_string_free (flag, FALSE);
}

gboolean
rp_country_is_weekend (const RpCountry *country,
                       GDateWeekday     weekday)
{
  g_return_val_if_fail (country != NULL, FALSE);
  g_return_val_if_fail (weekday >= G_DATE_MONDAY && weekday <= G_DATE_SUNDAY, FALSE);

  return (country->weekend & (1u << weekday)) != 0;
}

GPtrArray *
rp_country_holidays_in_month (const RpCountry *country,
                              guint            month)
{
  GPtrArray *result = g_ptr_array_new ();

  g_return_val_if_fail (country != NULL, result);
  g_return_val_if_fail (month >= 1 && month <= 12, result);

  for (guint i = 0; i < country->n_holidays; i++)
    {
      if (country->holidays[i].months & RP_MONTH (month))
        g_ptr_array_add (result, (gpointer)&country->holidays[i]);
    }

  return result;
}

const char *
rp_country_holiday_get_name (const RpHoliday *holiday)
{
  g_return_val_if_fail (holiday != NULL, NULL);

  return _(holiday->name);
}

const char *
rp_country_get_customs (const RpCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return _(country->customs);
}

const char *
rp_country_get_etiquette (const RpCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return _(country->etiquette);
}

const char *
rp_country_get_taboos (const RpCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return _(country->taboos);
}

const char *
rp_country_directness_to_string (RpDirectness directness)
{
  switch (directness)
    {
    case RP_DIRECTNESS_DIRECT:
      return _("Direct: state the facts and the next step plainly");
    case RP_DIRECTNESS_BALANCED:
      return _("Balanced: be clear, with a friendly word around it");
    case RP_DIRECTNESS_INDIRECT:
      return _("Indirect: soften bad news and avoid a blunt no");
    default:
      g_return_val_if_reached (NULL);
    }
}

typedef struct
{
  GHashTable *names;
} IsoParse;

static void
iso_start_element (GMarkupParseContext  *context,
                   const char           *element_name,
                   const char          **attribute_names,
                   const char          **attribute_values,
                   gpointer              user_data,
                   GError              **error)
{
  IsoParse *parse = user_data;
  const char *code = NULL;
  const char *name = NULL;
  const char *common_name = NULL;

  if (!g_str_equal (element_name, "iso_3166_entry"))
    return;

  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      if (g_str_equal (attribute_names[i], "alpha_2_code"))
        code = attribute_values[i];
      else if (g_str_equal (attribute_names[i], "name"))
        name = attribute_values[i];
      else if (g_str_equal (attribute_names[i], "common_name"))
        common_name = attribute_values[i];
    }

  if (code == NULL || strlen (code) != 2 || (name == NULL && common_name == NULL))
    return;

  g_hash_table_replace (parse->names, g_strdup (code),
                        g_strdup (common_name != NULL ? common_name : name));
}

GHashTable *
rp_country_load_iso_names (const char  *path,
                           GError     **error)
{
  static const GMarkupParser parser = { iso_start_element, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autofree char *contents = NULL;
  IsoParse parse;
  gsize length = 0;

  if (path == NULL)
    path = ISO_CODES_XML;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (length > 16 * 1024 * 1024)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is too large to be the iso-codes country list", path);
      return NULL;
    }

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  parse.names = names;
  context = g_markup_parse_context_new (&parser, 0, &parse, NULL);
  if (!g_markup_parse_context_parse (context, contents, length, error) ||
      !g_markup_parse_context_end_parse (context, error))
    return NULL;

  return g_steal_pointer (&names);
}

static GHashTable *
get_iso_names (void)
{
  static GHashTable *names;

  if (g_once_init_enter (&names))
    {
      g_autoptr(GError) error = NULL;
      GHashTable *loaded = rp_country_load_iso_names (NULL, &error);

      /* iso-codes is a soft dependency: without it, names fall back to our table. */
      if (loaded == NULL)
        {
          g_debug ("No iso-codes country names: %s", error->message);
          loaded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        }
      g_once_init_leave (&names, loaded);
    }

  return names;
}

char *
rp_country_get_name (const char *code)
{
  const RpCountry *country = rp_country_lookup (code);
  const char *english = NULL;
  char upper[3];

  if (country != NULL)
    english = country->iso_name;
  else if (normalize_code (code, upper))
    english = g_hash_table_lookup (get_iso_names (), upper);

  if (english == NULL)
    return g_strdup (code != NULL && g_utf8_validate (code, -1, NULL) ? code : "");

  return g_strdup (g_dgettext (ISO_CODES_DOMAIN, english));
}
