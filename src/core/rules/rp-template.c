/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-template"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-local-time.h"
#include "rp-template.h"
#include "rp-template-texts.h"
#include "rp-tracking.h"

G_DEFINE_QUARK (rp-template-error-quark, rp_template_error)

static const char * const placeholders[] = {
  "buyer_name",
  "order_id",
  "items",
  "address",
  "note",
  "window_hours",
  "window_duration",
  "window_end_local",
  "tracking_no",
  "carrier",
  "days_since_event",
  NULL
};

static const char * const languages[] = {
  "en", "ar", "de", "es", "fr", "he", "it", "ja", "ko", "nl", "pl", "pt", "ru", "tr", NULL
};

/**
 * rp_template_placeholders:
 *
 * Returns: (transfer none): the names a template may use, as in "{order_id}".
 */
const char * const *
rp_template_placeholders (void)
{
  return placeholders;
}

/**
 * rp_template_languages:
 *
 * Returns: (transfer none): the languages with built-in templates (ISO 639-1).
 */
const char * const *
rp_template_languages (void)
{
  return languages;
}

/**
 * rp_template_gap_marker:
 * @key: a placeholder name
 *
 * What a rendered message shows where a value is missing: visible, so that the seller
 * fills it in before sending, and never the raw "{key}".
 *
 * Returns: (transfer none): the marker, translated.
 */
const char *
rp_template_gap_marker (const char *key)
{
  if (g_strcmp0 (key, "buyer_name") == 0)
    return _("[buyer name missing]");
  if (g_strcmp0 (key, "order_id") == 0)
    return _("[order number missing]");
  if (g_strcmp0 (key, "items") == 0)
    return _("[items missing]");
  if (g_strcmp0 (key, "address") == 0)
    return _("[address missing]");
  if (g_strcmp0 (key, "note") == 0)
    return _("[note missing]");
  if (g_strcmp0 (key, "window_hours") == 0 || g_strcmp0 (key, "window_duration") == 0)
    return _("[objection window missing]");
  if (g_strcmp0 (key, "window_end_local") == 0)
    return _("[end of the objection window missing]");
  if (g_strcmp0 (key, "tracking_no") == 0)
    return _("[tracking number missing]");
  if (g_strcmp0 (key, "carrier") == 0)
    return _("[carrier missing]");
  if (g_strcmp0 (key, "days_since_event") == 0)
    return _("[days since the last tracking event missing]");

  return _("[value missing]");
}

static gboolean
is_known (const char *name)
{
  return g_strv_contains (placeholders, name);
}

static gboolean
is_name_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static gboolean
is_blank (const char *s)
{
  /* Walking invalid UTF-8 could step over the terminator; such text is not blank. */
  if (!g_utf8_validate (s, -1, NULL))
    return FALSE;

  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;

  return TRUE;
}

/* Buyer text goes in as plain text: no control characters (they could hide text or
 * break the marketplace's message field), line breaks normalised, nothing expanded. */
static void
append_plain (GString    *out,
              const char *value)
{
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
          continue;
        }
      if (c != '\n' && c != '\t' && (c < 0x20 || (c >= 0x7f && c < 0xa0)))
        continue;

      g_string_append_unichar (out, c);
    }
}

static gboolean
append_value (GString     *out,
              GHashTable  *values,
              const char  *name,
              GError     **error)
{
  const char *value = values != NULL ? g_hash_table_lookup (values, name) : NULL;

  if (value != NULL && strnlen (value, RP_TEMPLATE_MAX_VALUE + 1) > RP_TEMPLATE_MAX_VALUE)
    {
      g_set_error (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_INVALID_TEXT,
                   _("The value for {%s} is longer than %d kB."), name,
                   RP_TEMPLATE_MAX_VALUE / 1024);
      return FALSE;
    }

  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_INVALID_TEXT,
                   _("The value for {%s} is not valid UTF-8 text."), name);
      return FALSE;
    }

  if (value == NULL || is_blank (value))
    g_string_append (out, rp_template_gap_marker (name));
  else
    append_plain (out, value);

  return TRUE;
}

/* One pass over the template: "{{" and "}}" are braces, "{name}" a placeholder.  Values
 * are appended, never rescanned, so "{x}" inside a buyer's name stays "{x}". */
static gboolean
expand (const char  *tmpl,
        GHashTable  *values,
        GString     *out,
        GPtrArray   *unknown,
        GError     **error)
{
  const char *p = tmpl;

  if (!g_utf8_validate (tmpl, -1, NULL))
    {
      g_set_error_literal (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_INVALID_TEXT,
                           _("The template is not valid UTF-8 text."));
      return FALSE;
    }

  while (*p != '\0')
    {
      if (p[0] == '{' && p[1] == '{')
        {
          if (out != NULL)
            g_string_append_c (out, '{');
          p += 2;
        }
      else if (p[0] == '}' && p[1] == '}')
        {
          if (out != NULL)
            g_string_append_c (out, '}');
          p += 2;
        }
      else if (p[0] == '{')
        {
          const char *end = p + 1;
          g_autofree char *name = NULL;

          while (is_name_char (*end))
            end++;

          if (end == p + 1 || *end != '}')
            {
              g_set_error (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_SYNTAX,
                           _("The “{” at character %ld opens no placeholder. Write “{{” for a brace."),
                           g_utf8_pointer_to_offset (tmpl, p) + 1);
              return FALSE;
            }

          name = g_strndup (p + 1, end - p - 1);
          if (!is_known (name))
            {
              if (unknown != NULL && !g_ptr_array_find_with_equal_func (unknown, name, g_str_equal, NULL))
                g_ptr_array_add (unknown, g_steal_pointer (&name));
            }
          else if (out != NULL && !append_value (out, values, name, error))
            {
              return FALSE;
            }

          p = end + 1;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          if (out != NULL)
            g_string_append_len (out, p, next - p);
          p = next;
        }
    }

  return TRUE;
}

static void
set_unknown_error (GPtrArray  *unknown,
                   GError    **error)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < unknown->len; i++)
    g_string_append_printf (list, "%s{%s}", i > 0 ? ", " : "",
                            (const char *)g_ptr_array_index (unknown, i));

  g_set_error (error, RP_TEMPLATE_ERROR, RP_TEMPLATE_ERROR_UNKNOWN_PLACEHOLDER,
               _("Unknown placeholders: %s"), list->str);
}

/**
 * rp_template_check:
 * @tmpl: a template
 * @unknown_out: (out) (optional) (transfer full): the unknown placeholder names, in order
 *   of appearance, without braces; empty when there are none
 *
 * Returns: %TRUE when @tmpl is valid UTF-8, every "{" opens a placeholder or is doubled,
 *   and every placeholder is known.
 */
gboolean
rp_template_check (const char   *tmpl,
                   char       ***unknown_out,
                   GError      **error)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  g_return_val_if_fail (tmpl != NULL, FALSE);

  ok = expand (tmpl, NULL, NULL, unknown, error);
  if (ok && unknown->len > 0)
    {
      set_unknown_error (unknown, error);
      ok = FALSE;
    }

  if (unknown_out != NULL)
    {
      g_ptr_array_add (unknown, NULL);
      *unknown_out = (char **)g_ptr_array_free (g_steal_pointer (&unknown), FALSE);
    }

  return ok;
}

/**
 * rp_template_render:
 * @tmpl: a template that passes rp_template_check()
 * @values: (element-type utf8 utf8) (nullable): placeholder name → plain text
 *
 * Fills the placeholders.  A missing or blank value leaves rp_template_gap_marker().
 *
 * Returns: (transfer full): the message, or %NULL with @error.
 */
char *
rp_template_render (const char  *tmpl,
                    GHashTable  *values,
                    GError     **error)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (tmpl != NULL, NULL);

  out = g_string_sized_new (strlen (tmpl) + 256);
  if (!expand (tmpl, values, out, unknown, error))
    return NULL;

  if (unknown->len > 0)
    {
      set_unknown_error (unknown, error);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * rp_template_lookup:
 * @language: (nullable): "fr", "pt_BR.UTF-8", "de-AT" …
 *
 * Returns: (transfer none): the built-in template of @kind in @language, or in English
 *   when there is none in that language.
 */
const char *
rp_template_lookup (RpTemplateKind  kind,
                    const char     *language)
{
  char primary[4] = { 0 };
  const char *english = NULL;

  g_return_val_if_fail (kind < RP_TEMPLATE_N_KINDS, NULL);

  if (language != NULL)
    {
      for (guint i = 0; i < sizeof primary - 1 && g_ascii_isalpha (language[i]); i++)
        primary[i] = g_ascii_tolower (language[i]);
      /* Hebrew's old code, still sent by some systems. */
      if (strcmp (primary, "iw") == 0)
        strcpy (primary, "he");
    }

  for (guint i = 0; i < rp_template_n_texts; i++)
    {
      const RpTemplateText *t = &rp_template_texts[i];

      if (t->kind != kind)
        continue;
      if (strcmp (t->language, primary) == 0)
        return t->text;
      if (strcmp (t->language, "en") == 0)
        english = t->text;
    }

  return english;
}

/**
 * rp_template_kind_for_dispute:
 * @reason: (nullable): the dispute reason (reason_english)
 *
 * Returns: the first-reply template for @reason; "not as described" when unsure.
 */
RpTemplateKind
rp_template_kind_for_dispute (const char *reason)
{
  static const struct { const char *word; RpTemplateKind kind; } words[] = {
    { "not received", RP_TEMPLATE_DISPUTE_NOT_RECEIVED },
    { "not arrive", RP_TEMPLATE_DISPUTE_NOT_RECEIVED },
    { "n't arrive", RP_TEMPLATE_DISPUTE_NOT_RECEIVED },
    { "not delivered", RP_TEMPLATE_DISPUTE_NOT_RECEIVED },
    { "no tracking", RP_TEMPLATE_DISPUTE_NOT_RECEIVED },
    { "shipping", RP_TEMPLATE_DISPUTE_NOT_RECEIVED },
    { "returned to sender", RP_TEMPLATE_DISPUTE_NOT_RECEIVED },
    { "customs", RP_TEMPLATE_DISPUTE_NOT_RECEIVED },
    { "damage", RP_TEMPLATE_DISPUTE_DAMAGED },
    { "broken", RP_TEMPLATE_DISPUTE_DAMAGED },
    { "wrong", RP_TEMPLATE_DISPUTE_WRONG_ITEM },
    { "different item", RP_TEMPLATE_DISPUTE_WRONG_ITEM },
    { "incorrect item", RP_TEMPLATE_DISPUTE_WRONG_ITEM },
    { "quality", RP_TEMPLATE_DISPUTE_QUALITY },
    { "defect", RP_TEMPLATE_DISPUTE_QUALITY },
    { "not work", RP_TEMPLATE_DISPUTE_QUALITY },
    { "n't work", RP_TEMPLATE_DISPUTE_QUALITY },
    { "faulty", RP_TEMPLATE_DISPUTE_QUALITY },
  };
  g_autofree char *lower = NULL;

  if (reason == NULL)
    return RP_TEMPLATE_DISPUTE_NOT_AS_DESCRIBED;

  lower = g_ascii_strdown (reason, -1);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (lower, words[i].word) != NULL)
      return words[i].kind;

  return RP_TEMPLATE_DISPUTE_NOT_AS_DESCRIBED;
}

/**
 * rp_template_values_new:
 *
 * Returns: (transfer full) (element-type utf8 utf8): an empty name → value table that
 *   owns its strings.
 */
GHashTable *
rp_template_values_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
set_value (GHashTable *values,
           const char *key,
           const char *value)
{
  g_autofree char *copy = NULL;

  if (value == NULL)
    return;

  copy = g_strstrip (g_strdup (value));
  if (*copy == '\0')
    return;

  g_hash_table_replace (values, g_strdup (key), g_steal_pointer (&copy));
}

static char *
stripped (const char *s)
{
  char *copy;

  if (s == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (s));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

static void
add_line (GPtrArray  *lines,
          const char *text)
{
  char *line = stripped (text);

  if (line != NULL)
    g_ptr_array_add (lines, line);
}

/* Joins the non-empty parts with @sep. */
static char *
join2 (const char *a,
       const char *sep,
       const char *b)
{
  g_autofree char *sa = stripped (a);
  g_autofree char *sb = stripped (b);

  if (sa == NULL)
    return g_steal_pointer (&sb);
  if (sb == NULL)
    return g_steal_pointer (&sa);

  return g_strconcat (sa, sep, sb, NULL);
}

static void
add_joined (GPtrArray  *lines,
            const char *a,
            const char *sep,
            const char *b)
{
  char *line = join2 (a, sep, b);

  if (line != NULL)
    g_ptr_array_add (lines, line);
}

static void
add_streets (GPtrArray       *lines,
             const RpAddress *address)
{
  const char *streets[] = { address->address, address->address2, address->detail_address };
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (streets); i++)
    {
      char *line = stripped (streets[i]);

      /* AliExpress often repeats the street in detail_address. */
      if (line == NULL || g_ptr_array_find_with_equal_func (seen, line, g_str_equal, NULL))
        {
          g_free (line);
          continue;
        }
      g_ptr_array_add (seen, g_strdup (line));
      g_ptr_array_add (lines, line);
    }
}

static gboolean
is_empty (const char *s)
{
  return s == NULL || is_blank (s);
}

static gboolean
country_in (const char *country,
            const char *list)
{
  g_auto(GStrv) codes = g_strsplit (list, " ", -1);

  return country != NULL && g_strv_contains ((const char * const *)codes, country);
}

/**
 * rp_template_format_address:
 * @fallback_country: (nullable): the buyer's country when the address has none
 *
 * Lays the address out in the order its country's post expects: the name first and
 * postcode before the city in most of Europe; "City, ST 12345" in the US; postcode
 * last in the UK and Russia; largest unit first in Japan, Korea and China.
 *
 * Returns: (transfer full) (nullable): the lines joined with "\n", or %NULL when the
 *   address is empty.
 */
char *
rp_template_format_address (const RpAddress *address,
                            const char      *fallback_country)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *country = NULL;
  gboolean has_street;

  g_return_val_if_fail (address != NULL, NULL);

  country = stripped (address->country != NULL && *address->country != '\0'
                      ? address->country : fallback_country);
  if (country != NULL)
    {
      char *upper = g_ascii_strup (country, -1);

      g_free (country);
      country = upper;
    }

  if (country_in (country, "JP KR CN TW"))
    {
      if (address->zip != NULL && *address->zip != '\0' && g_strcmp0 (country, "JP") == 0)
        {
          g_autofree char *zip = stripped (address->zip);

          if (zip != NULL)
            g_ptr_array_add (lines, g_strconcat ("〒", zip, NULL));
        }
      else
        {
          add_line (lines, address->zip);
        }
      add_joined (lines, address->province, " ", address->city);
      add_streets (lines, address);
      add_line (lines, address->contact_person);
    }
  else if (country_in (country, "US CA AU"))
    {
      g_autofree char *region = join2 (address->province, " ", address->zip);

      add_line (lines, address->contact_person);
      add_streets (lines, address);
      add_joined (lines, address->city, ", ", region);
    }
  else if (country_in (country, "GB IE"))
    {
      add_line (lines, address->contact_person);
      add_streets (lines, address);
      add_line (lines, address->city);
      add_line (lines, address->province);
      add_line (lines, address->zip);
    }
  else if (country_in (country, "RU UA BY KZ"))
    {
      add_line (lines, address->contact_person);
      add_streets (lines, address);
      add_line (lines, address->city);
      add_line (lines, address->province);
      add_line (lines, address->zip);
    }
  else if (country_in (country, "BR"))
    {
      add_line (lines, address->contact_person);
      add_streets (lines, address);
      add_joined (lines, address->city, " - ", address->province);
      add_line (lines, address->zip);
    }
  else
    {
      add_line (lines, address->contact_person);
      add_streets (lines, address);
      add_joined (lines, address->zip, " ", address->city);
      add_line (lines, address->province);
    }

  /* A name and a country alone are no address to ship to. */
  has_street = !is_empty (address->address) || !is_empty (address->address2) ||
               !is_empty (address->detail_address) || !is_empty (address->city);
  if (lines->len == 0 || !has_street)
    return NULL;

  if (country != NULL)
    g_ptr_array_add (lines, g_steal_pointer (&country));

  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **)lines->pdata);
}

/**
 * rp_template_format_items:
 * @items: (element-type RpOrderItem)
 *
 * Returns: (transfer full) (nullable): one line per item, "- Title (variant) × 2";
 *   %NULL without items.
 */
char *
rp_template_format_items (GPtrArray *items)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (items == NULL)
    return NULL;

  for (guint i = 0; i < items->len; i++)
    {
      const RpOrderItem *item = g_ptr_array_index (items, i);
      g_autofree char *title = NULL;
      g_autofree char *variant = NULL;

      if (item == NULL)
        continue;

      title = stripped (item->title);
      variant = stripped (item->variant);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "- %s", title != NULL ? title : _("[item name missing]"));
      if (variant != NULL)
        g_string_append_printf (out, " (%s)", variant);
      g_string_append_printf (out, " × %u", item->quantity);
    }

  if (out->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
format_note (RpOrder *order)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *memo = stripped (order->memo);

  if (memo != NULL)
    g_string_append (out, memo);

  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    {
      const RpOrderItem *item = g_ptr_array_index (order->items, i);
      g_autofree char *item_memo = item != NULL ? stripped (item->memo) : NULL;
      g_autofree char *title = NULL;

      if (item_memo == NULL)
        continue;

      title = stripped (item->title);
      if (out->len > 0)
        g_string_append_c (out, '\n');
      if (title != NULL && order->items->len > 1)
        g_string_append_printf (out, "%s: %s", title, item_memo);
      else
        g_string_append (out, item_memo);
    }

  /* No note is a fact, not a gap: a dash reads the same in every language. */
  if (out->len == 0)
    return g_strdup ("—");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * rp_template_values_add_order:
 * @values: from rp_template_values_new()
 * @window: the objection window; 0 or less leaves {window_hours} out
 * @window_end: the end of the objection window, UTC µs; 0 leaves {window_end_local} out
 * @buyer_zone: (nullable): the buyer's zone for {window_end_local}; %NULL for UTC
 *
 * Fills {buyer_name}, {order_id}, {items}, {address}, {note}, {window_hours} and
 * {window_end_local} from what the order has; what it lacks stays a visible gap.
 */
void
rp_template_values_add_order (GHashTable *values,
                              RpOrder    *order,
                              GTimeSpan   window,
                              gint64      window_end,
                              GTimeZone  *buyer_zone)
{
  g_autofree char *items = NULL;
  g_autofree char *address = NULL;
  g_autofree char *note = NULL;

  g_return_if_fail (values != NULL);
  g_return_if_fail (RP_IS_ORDER (order));

  set_value (values, "buyer_name", order->buyer_name);
  set_value (values, "order_id", order->order_id);

  items = rp_template_format_items (order->items);
  set_value (values, "items", items);

  address = rp_template_format_address (&order->address, order->buyer_country);
  set_value (values, "address", address);

  note = format_note (order);
  set_value (values, "note", note);

  if (window > 0)
    {
      /* Rounded down: the buyer must never think there is more time than there is. */
      g_autofree char *hours = g_strdup_printf ("%" G_GINT64_FORMAT, window / G_TIME_SPAN_HOUR);

      set_value (values, "window_hours", hours);
    }

  if (window_end > 0)
    {
      g_autoptr(GTimeZone) utc = buyer_zone == NULL ? g_time_zone_new_utc () : NULL;
      g_autofree char *end = rp_local_time_format (window_end, buyer_zone != NULL ? buyer_zone : utc);

      set_value (values, "window_end_local", end);
    }
}

/**
 * rp_template_values_add_shipment:
 *
 * Fills {tracking_no}, {carrier} and {days_since_event} (whole days since the newest
 * tracking event, or since the shipping notice without events).
 */
void
rp_template_values_add_shipment (GHashTable *values,
                                 RpShipment *shipment,
                                 gint64      now)
{
  gint64 last;

  g_return_if_fail (values != NULL);
  g_return_if_fail (RP_IS_SHIPMENT (shipment));

  set_value (values, "tracking_no", shipment->tracking_no);
  set_value (values, "carrier", shipment->service_name);

  last = shipment->last_event_at;
  for (guint i = 0; shipment->events != NULL && i < shipment->events->len; i++)
    last = MAX (last, ((RpTrackingEvent *)g_ptr_array_index (shipment->events, i))->at);
  if (last <= 0)
    last = shipment->shipped_at;

  if (last > 0 && now >= last)
    {
      g_autofree char *days = g_strdup_printf ("%u", rp_tracking_count_days (last, now, FALSE, NULL));

      set_value (values, "days_since_event", days);
    }
}
