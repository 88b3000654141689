/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-aliexpress-parse"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rp-aliexpress-parse.h"
#include "rp-json.h"
#include "rp-tracking-pattern.h"
#include "rp-time.h"

/* Everything the marketplace sends is untrusted: each field is checked for its type, its
 * range and its size, and anything wrong becomes a clear INVALID_RESPONSE naming the field. */

#define MAX_SHORT_SIZE 256           /* statuses, names, codes */
#define MAX_ERROR_TEXT 512
#define MAX_QUANTITY   1000000
#define MAX_AMOUNT     G_GINT64_CONSTANT (100000000000000)   /* in cents */
/* 9999-12-31 23:59:59 UTC in milliseconds: later instants cannot be real. */
#define MAX_EPOCH_MS   G_GINT64_CONSTANT (253402300799000)
/* Read whole, to tell a pattern that is too long from one that fits. */
#define RP_ALIEXPRESS_MAX_REGEX_READ (RP_TRACKING_PATTERN_MAX_LENGTH + 1)

static gboolean
invalid (GError     **error,
         const char  *field,
         const char  *format,
         ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError     **error,
         const char  *field,
         const char  *format,
         ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE,
               "Unexpected answer from AliExpress: field “%s” %s", field, text);
  return FALSE;
}

static gboolean
holds_value (RpJsonNode *node)
{
  return node != NULL && node->type != RP_JSON_NULL && node->type != RP_JSON_ARRAY &&
         node->type != RP_JSON_OBJECT;
}

/* The GType json-glib gives a value, which the messages below are worded after. */
static GType
node_value_type (RpJsonNode *node)
{
  switch (node->type)
    {
    case RP_JSON_BOOLEAN:
      return G_TYPE_BOOLEAN;
    case RP_JSON_INTEGER:
      return G_TYPE_INT64;
    case RP_JSON_DOUBLE:
      return G_TYPE_DOUBLE;
    case RP_JSON_STRING:
      return G_TYPE_STRING;
    case RP_JSON_NULL:
    case RP_JSON_ARRAY:
    case RP_JSON_OBJECT:
    default:
      return G_TYPE_INVALID;
    }
}

#define node_string(node)  ((node)->v.string)
#define node_int(node)     ((node)->v.integer)
#define node_double(node)  ((node)->v.number)
#define node_boolean(node) ((node)->v.boolean)

static const char *
node_type_name (RpJsonNode *node)
{
  if (rp_json_node_holds (node, RP_JSON_OBJECT))
    return "an object";
  if (rp_json_node_holds (node, RP_JSON_ARRAY))
    return "an array";
  if (rp_json_node_holds (node, RP_JSON_NULL))
    return "null";

  switch (node_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a number";
    }
}

static gboolean
node_is_value (RpJsonNode *node,
               GType     type)
{
  return holds_value (node) && node_value_type (node) == type;
}

/* Copies at most @max bytes of @text, cut at a character boundary, so that an enormous
 * field costs a bounded amount of memory and still shows what it began with. */
static char *
dup_capped (const char *text,
            gsize       max,
            const char *field)
{
  gsize len = strlen (text);
  const char *end;
  GString *copy;

  if (len <= max)
    return g_strdup (text);

  end = g_utf8_find_prev_char (text, text + max);
  while (end != NULL && end > text && (gsize)(end - text) + strlen ("\342\200\246") > max)
    end = g_utf8_find_prev_char (text, end);
  if (end == NULL)
    end = text;

  g_debug ("Field “%s” was %" G_GSIZE_FORMAT " bytes; kept the first %" G_GSIZE_FORMAT,
           field, len, (gsize)(end - text));

  copy = g_string_new_len (text, end - text);
  g_string_append (copy, "\342\200\246");  /* “…” says plainly that text was cut */
  return g_string_free (copy, FALSE);
}

static gboolean
has_control_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar)*p < 0x20 || *p == 0x7f)
      return TRUE;

  return FALSE;
}

/* An identifier: a string or a non-negative integer (ids are numbers in JSON), short and
 * free of control characters; it becomes a string in Rapport. */
static gboolean
get_id (RpJsonNode  *object,
        const char  *name,
        gboolean     required,
        char       **out,
        GError     **error)
{
  RpJsonNode *node = rp_json_object_get_member (object, name);

  g_assert (*out == NULL);

  if (node == NULL || rp_json_node_holds (node, RP_JSON_NULL) ||
      (node_is_value (node, G_TYPE_STRING) && *node_string (node) == '\0'))
    {
      if (required)
        return invalid (error, name, "is missing");
      return TRUE;
    }

  if (node_is_value (node, G_TYPE_INT64))
    {
      gint64 value = node_int (node);

      if (value < 0)
        return invalid (error, name, "is negative (%" G_GINT64_FORMAT ")", value);
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      return TRUE;
    }

  if (node_is_value (node, G_TYPE_STRING))
    {
      const char *text = node_string (node);

      if (strlen (text) > RP_ALIEXPRESS_MAX_ID_SIZE)
        return invalid (error, name, "is too long for an identifier (%" G_GSIZE_FORMAT " bytes)",
                        strlen (text));
      if (has_control_chars (text))
        return invalid (error, name, "contains control characters");
      /* The body is valid UTF-8, but a \u escape of a lone surrogate decodes to bytes
       * that are not. */
      if (!g_utf8_validate (text, -1, NULL))
        return invalid (error, name, "is not valid text");
      *out = g_strdup (text);
      return TRUE;
    }

  return invalid (error, name, "should be an identifier but is %s", node_type_name (node));
}

/* Free text (buyer names, messages, notes): a string or null.  Over-long text is cut at
 * @max bytes with a visible mark rather than failing the whole page. */
static gboolean
get_text_max (RpJsonNode  *object,
              const char  *name,
              gsize        max,
              char       **out,
              GError     **error)
{
  RpJsonNode *node = rp_json_object_get_member (object, name);

  g_assert (*out == NULL);

  if (node == NULL || rp_json_node_holds (node, RP_JSON_NULL))
    return TRUE;

  if (!node_is_value (node, G_TYPE_STRING))
    return invalid (error, name, "should be text but is %s", node_type_name (node));

  if (*node_string (node) != '\0')
    {
      const char *text = node_string (node);

      /* A \u escape of a lone surrogate decodes to bytes that are not UTF-8; keep the
       * rest of the buyer's words, with a replacement character where it was. */
      if (!g_utf8_validate (text, -1, NULL))
        {
          g_autofree char *valid = g_utf8_make_valid (text, -1);

          *out = dup_capped (valid, max, name);
        }
      else
        *out = dup_capped (text, max, name);
    }

  return TRUE;
}

static gboolean
get_text (RpJsonNode  *object,
          const char  *name,
          char       **out,
          GError     **error)
{
  return get_text_max (object, name, RP_ALIEXPRESS_MAX_TEXT_SIZE, out, error);
}

/* A short word such as a status: rejected rather than cut, since a cut status is wrong. */
static gboolean
get_word (RpJsonNode  *object,
          const char  *name,
          gboolean     required,
          char       **out,
          GError     **error)
{
  RpJsonNode *node = rp_json_object_get_member (object, name);
  const char *text;

  g_assert (*out == NULL);

  if (node == NULL || rp_json_node_holds (node, RP_JSON_NULL))
    {
      if (required)
        return invalid (error, name, "is missing");
      return TRUE;
    }

  if (!node_is_value (node, G_TYPE_STRING))
    return invalid (error, name, "should be text but is %s", node_type_name (node));

  text = node_string (node);
  if (strlen (text) > MAX_SHORT_SIZE)
    return invalid (error, name, "is too long (%" G_GSIZE_FORMAT " bytes)", strlen (text));
  if (has_control_chars (text))
    return invalid (error, name, "contains control characters");
  if (!g_utf8_validate (text, -1, NULL))
    return invalid (error, name, "is not valid text");
  if (*text == '\0')
    {
      if (required)
        return invalid (error, name, "is empty");
      return TRUE;
    }

  *out = g_strdup (text);
  return TRUE;
}

static gboolean
parse_integer_text (const char *text,
                    gint64     *out)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 value = 0;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  if (*p == '\0' || strlen (p) > 18)
    return FALSE;

  for (; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint64)(*p - '0');
    }

  *out = negative ? -(gint64)value : (gint64)value;
  return TRUE;
}

/* An integer in [min, max]; numeric strings are accepted because the platform sends
 * some counters as strings ("left_send_good_day":"1"). */
static gboolean
get_int (RpJsonNode  *object,
         const char  *name,
         gint64       min,
         gint64       max,
         gint64       fallback,
         gint64      *out,
         GError     **error)
{
  RpJsonNode *node = rp_json_object_get_member (object, name);
  gint64 value;

  if (node == NULL || rp_json_node_holds (node, RP_JSON_NULL) ||
      (node_is_value (node, G_TYPE_STRING) && *node_string (node) == '\0'))
    {
      *out = fallback;
      return TRUE;
    }

  if (node_is_value (node, G_TYPE_INT64))
    value = node_int (node);
  else if (node_is_value (node, G_TYPE_DOUBLE))
    {
      double d = node_double (node);

      if (!isfinite (d) || d != floor (d) || fabs (d) > 1e15)
        return invalid (error, name, "should be a whole number");
      value = (gint64)d;
    }
  else if (node_is_value (node, G_TYPE_STRING))
    {
      if (!parse_integer_text (node_string (node), &value))
        return invalid (error, name, "should be a whole number but is text");
    }
  else
    return invalid (error, name, "should be a number but is %s", node_type_name (node));

  if (value < min || value > max)
    return invalid (error, name, "is out of range (%" G_GINT64_FORMAT ", expected %"
                    G_GINT64_FORMAT "–%" G_GINT64_FORMAT ")", value, min, max);

  *out = value;
  return TRUE;
}

static gboolean
get_uint (RpJsonNode  *object,
          const char  *name,
          guint        max,
          guint       *out,
          GError     **error)
{
  gint64 value;

  if (!get_int (object, name, 0, max, 0, &value, error))
    return FALSE;

  *out = (guint)value;
  return TRUE;
}

static gboolean
get_bool (RpJsonNode  *object,
          const char  *name,
          gboolean     fallback,
          gboolean    *out,
          GError     **error)
{
  RpJsonNode *node = rp_json_object_get_member (object, name);

  if (node == NULL || rp_json_node_holds (node, RP_JSON_NULL))
    {
      *out = fallback;
      return TRUE;
    }

  if (node_is_value (node, G_TYPE_BOOLEAN))
    {
      *out = node_boolean (node);
      return TRUE;
    }

  if (node_is_value (node, G_TYPE_INT64) &&
      (node_int (node) == 0 || node_int (node) == 1))
    {
      *out = node_int (node) == 1;
      return TRUE;
    }

  if (node_is_value (node, G_TYPE_STRING))
    {
      const char *text = node_string (node);

      if (g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "1") == 0)
        {
          *out = TRUE;
          return TRUE;
        }
      if (g_strcmp0 (text, "false") == 0 || g_strcmp0 (text, "0") == 0)
        {
          *out = FALSE;
          return TRUE;
        }
    }

  return invalid (error, name, "should be true or false");
}

/* A US Pacific wall-clock time ("yyyy-MM-dd HH:mm:ss", or a bare date) to UTC µs. */
static gboolean
get_pacific_time (RpJsonNode  *object,
                  const char  *name,
                  gint64      *out,
                  GError     **error)
{
  RpJsonNode *node = rp_json_object_get_member (object, name);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *full = NULL;
  const char *text;

  *out = 0;

  if (node == NULL || rp_json_node_holds (node, RP_JSON_NULL))
    return TRUE;

  if (!node_is_value (node, G_TYPE_STRING))
    return invalid (error, name, "should be a date but is %s", node_type_name (node));

  text = node_string (node);
  if (*text == '\0')
    return TRUE;

  if (strlen (text) == 10)
    text = full = g_strconcat (text, " 00:00:00", NULL);

  if (!rp_time_parse_pacific (text, out, &local_error))
    return invalid (error, name, "is not a valid US Pacific date: %s", local_error->message);

  return TRUE;
}

/* Epoch milliseconds (message and token times) to UTC µs. */
static gboolean
get_ms_time (RpJsonNode  *object,
             const char  *name,
             gint64      *out,
             GError     **error)
{
  gint64 ms;

  if (!get_int (object, name, 0, MAX_EPOCH_MS, 0, &ms, error))
    return FALSE;

  *out = ms * 1000;
  return TRUE;
}

/**
 * rp_aliexpress_parse_amount:
 * @text: a decimal amount such as "12.34" or "-0.5"
 *
 * Exact decimal parsing (no floating point): at most 6 decimals, rounded half away from
 * zero to cents, within ±10¹² units.
 */
gboolean
rp_aliexpress_parse_amount (const char *text,
                            gint64     *out_cents)
{
  const char *p = text;
  gboolean negative = FALSE;
  gint64 units = 0;
  gint64 fraction = 0;       /* in millionths */
  guint int_digits = 0;
  guint frac_digits = 0;
  gint64 cents;

  if (text == NULL)
    return FALSE;

  if (*p == '-' || *p == '+')
    negative = *p++ == '-';

  for (; g_ascii_isdigit (*p); p++)
    {
      if (++int_digits > 12)
        return FALSE;
      units = units * 10 + (*p - '0');
    }

  if (*p == '.')
    {
      p++;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (++frac_digits > 6)
            return FALSE;
          fraction = fraction * 10 + (*p - '0');
        }
      if (frac_digits == 0)
        return FALSE;
    }

  if (*p != '\0' || int_digits + frac_digits == 0)
    return FALSE;

  for (guint i = frac_digits; i < 6; i++)
    fraction *= 10;

  cents = units * 100 + fraction / 10000;
  if (fraction % 10000 >= 5000)
    cents++;

  *out_cents = negative ? -cents : cents;
  return TRUE;
}

static gboolean
amount_from_node (RpJsonNode    *node,
                  const char  *field,
                  gint64      *out_cents,
                  GError     **error)
{
  if (node_is_value (node, G_TYPE_STRING))
    {
      if (!rp_aliexpress_parse_amount (node_string (node), out_cents))
        return invalid (error, field, "is not an amount (“%.32s”)", node_string (node));
      return TRUE;
    }

  if (node_is_value (node, G_TYPE_INT64))
    {
      gint64 value = node_int (node);

      if (value > MAX_AMOUNT / 100 || value < -MAX_AMOUNT / 100)
        return invalid (error, field, "is out of range");
      *out_cents = value * 100;
      return TRUE;
    }

  if (node_is_value (node, G_TYPE_DOUBLE))
    {
      double value = node_double (node);

      if (!isfinite (value) || fabs (value) * 100 > (double)MAX_AMOUNT)
        return invalid (error, field, "is out of range");
      *out_cents = (gint64)llround (value * 100);
      return TRUE;
    }

  return invalid (error, field, "should be an amount but is %s", node_type_name (node));
}

static gboolean
set_currency (RpMoney     *money,
              const char  *code,
              const char  *field,
              GError     **error)
{
  if (code == NULL || *code == '\0')
    return TRUE;

  if (strlen (code) != 3 ||
      !g_ascii_isalpha (code[0]) || !g_ascii_isalpha (code[1]) || !g_ascii_isalpha (code[2]))
    return invalid (error, field, "has an invalid currency code");

  for (guint i = 0; i < 3; i++)
    money->currency[i] = g_ascii_toupper (code[i]);
  money->currency[3] = '\0';
  return TRUE;
}

/* Money as {amount, currency_code}, or the older full form where amount is 0 and the
 * value is in cent / cent_factor with currency_code (or currency.currency_code). */
static gboolean
get_money (RpJsonNode  *object,
           const char  *name,
           RpMoney     *money,
           GError     **error)
{
  RpJsonNode *node = rp_json_object_get_member (object, name);
  g_autofree char *currency = NULL;
  RpJsonNode *money_object;
  RpJsonNode *amount;
  gint64 cents = 0;

  memset (money, 0, sizeof *money);

  if (node == NULL || rp_json_node_holds (node, RP_JSON_NULL))
    return TRUE;

  if (!rp_json_node_holds (node, RP_JSON_OBJECT))
    return invalid (error, name, "should be a money object but is %s", node_type_name (node));

  money_object = node;

  amount = rp_json_object_get_member (money_object, "amount");
  if (amount != NULL && !rp_json_node_holds (amount, RP_JSON_NULL) &&
      !amount_from_node (amount, name, &cents, error))
    return FALSE;

  if (cents == 0 && (rp_json_object_get_member (money_object, "cent") != NULL))
    {
      gint64 cent, factor;

      if (!get_int (money_object, "cent", -MAX_AMOUNT, MAX_AMOUNT, 0, &cent, error) ||
          !get_int (money_object, "cent_factor", 1, 1000000, 100, &factor, error))
        return FALSE;

      /* cent_factor minor units make one unit; Rapport keeps hundredths. */
      cents = cent * 100 / factor;
    }

  if (cents > MAX_AMOUNT || cents < -MAX_AMOUNT)
    return invalid (error, name, "is out of range");

  if (!get_word (money_object, "currency_code", FALSE, &currency, error))
    return FALSE;

  if (currency == NULL)
    {
      RpJsonNode *nested = rp_json_object_get_member (money_object, "currency");

      if (nested != NULL && rp_json_node_holds (nested, RP_JSON_OBJECT) &&
          !get_word (nested, "currency_code", FALSE, &currency, error))
        return FALSE;
    }

  money->cents = cents;
  return set_currency (money, currency, name, error);
}

/* Flat money: "refund_money": "1.01", "refund_money_currency": "USD". */
static gboolean
get_flat_money (RpJsonNode  *object,
                const char  *name,
                RpMoney     *money,
                GError     **error)
{
  g_autofree char *currency_field = g_strconcat (name, "_currency", NULL);
  g_autofree char *currency = NULL;
  RpJsonNode *node = rp_json_object_get_member (object, name);

  memset (money, 0, sizeof *money);

  if (node == NULL || rp_json_node_holds (node, RP_JSON_NULL))
    return TRUE;

  if (rp_json_node_holds (node, RP_JSON_OBJECT))
    return get_money (object, name, money, error);

  if (!amount_from_node (node, name, &money->cents, error) ||
      !get_word (object, currency_field, FALSE, &currency, error))
    return FALSE;

  return set_currency (money, currency, currency_field, error);
}

/* A list that is a plain array (simplify=true) or wrapped in an object under an item
 * name (simplify=false, e.g. "target_list":{"order_dto":[…]}); when the item name is not
 * the expected one, an object with a single array member is accepted too.  Missing or
 * null is an empty list: *out stays NULL. */
static gboolean
get_list (RpJsonNode  *object,
          const char  *name,
          const char  *item_name,
          RpJsonNode **out,
          GError     **error)
{
  RpJsonNode *node = rp_json_object_get_member (object, name);
  RpJsonNode *array = NULL;

  *out = NULL;

  if (node == NULL || rp_json_node_holds (node, RP_JSON_NULL))
    return TRUE;

  if (rp_json_node_holds (node, RP_JSON_ARRAY))
    array = node;
  else if (rp_json_node_holds (node, RP_JSON_OBJECT))
    {
      RpJsonNode *wrapper = node;
      RpJsonNode *inner = item_name != NULL ? rp_json_object_get_member (wrapper, item_name) : NULL;

      if (inner == NULL)
        inner = rp_json_object_get_only_member (wrapper, NULL);

      if (inner == NULL && wrapper->length == 0)
        return TRUE;
      if (inner == NULL || rp_json_node_holds (inner, RP_JSON_NULL))
        {
          if (inner != NULL)
            return TRUE;
          return invalid (error, name, "is an object without a list");
        }
      if (!rp_json_node_holds (inner, RP_JSON_ARRAY))
        return invalid (error, name, "should hold a list but holds %s", node_type_name (inner));
      array = inner;
    }
  else
    return invalid (error, name, "should be a list but is %s", node_type_name (node));

  if (rp_json_array_get_length (array) > RP_ALIEXPRESS_MAX_LIST_ITEMS)
    {
      g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_TOO_LARGE,
                   "AliExpress sent %u items in “%s”; at most %u are accepted",
                   rp_json_array_get_length (array), name, RP_ALIEXPRESS_MAX_LIST_ITEMS);
      return FALSE;
    }

  for (guint i = 0; i < rp_json_array_get_length (array); i++)
    if (!rp_json_node_holds (rp_json_array_get_element (array, i), RP_JSON_OBJECT))
      return invalid (error, name, "item %u should be an object but is %s", i,
                      node_type_name (rp_json_array_get_element (array, i)));

  *out = array;
  return TRUE;
}

static RpJsonNode *
get_object (RpJsonNode *object,
            const char *name)
{
  RpJsonNode *node = rp_json_object_get_member (object, name);

  if (node != NULL && rp_json_node_holds (node, RP_JSON_OBJECT))
    return node;

  return NULL;
}

static gboolean
get_required_object (RpJsonNode  *object,
                     const char  *name,
                     RpJsonNode **out,
                     GError     **error)
{
  RpJsonNode *node = rp_json_object_get_member (object, name);

  if (node == NULL || rp_json_node_holds (node, RP_JSON_NULL))
    return invalid (error, name, "is missing");
  if (!rp_json_node_holds (node, RP_JSON_OBJECT))
    return invalid (error, name, "should be an object but is %s", node_type_name (node));

  *out = node;
  return TRUE;
}

static char *
error_text (RpJsonNode *object,
            const char *name)
{
  RpJsonNode *node = rp_json_object_get_member (object, name);

  if (node == NULL || !holds_value (node))
    return NULL;

  if (node_value_type (node) == G_TYPE_STRING)
    return dup_capped (node_string (node), MAX_ERROR_TEXT, name);

  if (node_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, node_int (node));

  return NULL;
}

static gboolean
code_is_success (const char *code)
{
  return code == NULL || *code == '\0' || g_strcmp0 (code, "0") == 0;
}

/* Maps a platform error ({type, code, msg|message, sub_code, sub_msg, request_id}, IOP or
 * legacy TOP) to the error domain. */
static GError *
error_from_platform (RpJsonNode *object)
{
  g_autofree char *code = error_text (object, "code");
  g_autofree char *type = error_text (object, "type");
  g_autofree char *msg = error_text (object, "msg");
  g_autofree char *message = error_text (object, "message");
  g_autofree char *sub_code = error_text (object, "sub_code");
  g_autofree char *sub_msg = error_text (object, "sub_msg");
  g_autofree char *request_id = error_text (object, "request_id");
  const char *text = message != NULL ? message : msg;
  g_autofree char *description = NULL;
  RpMarketplaceError kind = RP_MARKETPLACE_ERROR_BUSINESS;
  guint ban = 0;

  if (text == NULL)
    text = "no description";

  description = g_strdup_printf ("%s%s%s%s%s",
                                 text,
                                 sub_msg != NULL ? " (" : "",
                                 sub_msg != NULL ? sub_msg : "",
                                 sub_msg != NULL ? ")" : "",
                                 "");

  if (g_strcmp0 (code, "ApiCallLimit") == 0 || g_strcmp0 (code, "7") == 0 ||
      (sub_code != NULL && g_str_has_prefix (sub_code, "accesscontrol.limited")) ||
      (code != NULL && strstr (code, "CallLimit") != NULL))
    {
      kind = RP_MARKETPLACE_ERROR_THROTTLED;
      ban = rp_marketplace_parse_ban_seconds (sub_msg);
      if (ban == 0)
        ban = rp_marketplace_parse_ban_seconds (text);

      /* "This ban will last for N more seconds": waiting exactly N can land a hair early. */
      return rp_marketplace_error_new (kind, code, ban > 0 ? ban + 1 : 0,
                                       "AliExpress is limiting calls: %s", description);
    }

  if (code != NULL && (strstr (code, "AccessToken") != NULL || strstr (code, "RefreshToken") != NULL ||
                       strstr (code, "Session") != NULL || g_strcmp0 (code, "26") == 0 ||
                       g_strcmp0 (code, "27") == 0 || strstr (code, "Token") != NULL))
    kind = RP_MARKETPLACE_ERROR_AUTH_INVALID;
  else if (code != NULL && (strstr (code, "Signature") != NULL || g_strcmp0 (code, "25") == 0))
    kind = RP_MARKETPLACE_ERROR_SIGNATURE;
  else if (code != NULL && (strstr (code, "AppKey") != NULL || g_strcmp0 (code, "29") == 0 ||
                            strstr (code, "AppWhiteIp") != NULL))
    kind = RP_MARKETPLACE_ERROR_APP_KEY;
  else if (g_strcmp0 (type, "ISP") == 0 || g_strcmp0 (type, "SYSTEM") == 0 ||
           g_strcmp0 (code, "10") == 0 || g_strcmp0 (code, "15") == 0 ||
           (code != NULL && (strstr (code, "ServiceUnavailable") != NULL ||
                             strstr (code, "SystemError") != NULL ||
                             g_str_has_prefix (code, "isp."))))
    kind = RP_MARKETPLACE_ERROR_SERVER;

  return rp_marketplace_error_new (kind, code, 0, "AliExpress refused the request: %s: %s%s%s%s",
                                   code != NULL ? code : "error", description,
                                   request_id != NULL ? " (request " : "",
                                   request_id != NULL ? request_id : "",
                                   request_id != NULL ? ")" : "");
}

/* The envelope may be named after any of @methods: some answers have the same shape
 * under an older method's name.  The document is returned; *envelope points into it. */
static RpJsonDoc *
parse_envelope_for (GBytes             *body,
                    const char * const *methods,
                    RpJsonNode        **envelope,
                    GError            **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  g_autoptr(GError) json_error = NULL;
  RpJsonNode *root_object;
  RpJsonNode *error_node;
  RpJsonNode *inner;
  const char *only_name = NULL;
  const char *data;
  gsize len;

  g_return_val_if_fail (body != NULL, NULL);

  *envelope = NULL;
  data = g_bytes_get_data (body, &len);

  if (len > RP_ALIEXPRESS_MAX_BODY_SIZE)
    {
      g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_TOO_LARGE,
                   "The answer from AliExpress is too large (%" G_GSIZE_FORMAT " bytes)", len);
      return NULL;
    }

  if (len == 0)
    {
      g_set_error_literal (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE,
                           "The answer from AliExpress is empty");
      return NULL;
    }

  /* The reader refuses text that is not UTF-8, and a NUL byte. */
  doc = rp_json_doc_parse (data, len, RP_ALIEXPRESS_MAX_DEPTH, &json_error);
  if (doc == NULL)
    {
      if (g_error_matches (json_error, RP_JSON_ERROR, RP_JSON_ERROR_NOT_UTF8))
        g_set_error_literal (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE,
                             "The answer from AliExpress is not valid UTF-8 text");
      else if (g_error_matches (json_error, RP_JSON_ERROR, RP_JSON_ERROR_TOO_DEEP))
        g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE,
                     "The answer from AliExpress is nested more than %d levels deep",
                     RP_ALIEXPRESS_MAX_DEPTH);
      else
        g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE,
                     "The answer from AliExpress is not JSON: %s", json_error->message);
      return NULL;
    }

  root_object = rp_json_doc_get_root (doc);
  if (!rp_json_node_holds (root_object, RP_JSON_OBJECT))
    {
      g_set_error_literal (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE,
                           "The answer from AliExpress is not a JSON object");
      return NULL;
    }

  error_node = rp_json_object_get_member (root_object, "error_response");
  if (error_node != NULL)
    {
      if (!rp_json_node_holds (error_node, RP_JSON_OBJECT))
        {
          g_set_error_literal (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_INVALID_RESPONSE,
                               "AliExpress sent a malformed error");
          return NULL;
        }
      g_propagate_error (error, error_from_platform (error_node));
      return NULL;
    }

  /* The IOP /rest error is top level: {"type":"ISV","code":"IncompleteSignature",…};
   * a token answer carries "code":"0" on success. */
  if (rp_json_object_get_member (root_object, "code") != NULL)
    {
      g_autofree char *code = error_text (root_object, "code");

      if (!code_is_success (code))
        {
          g_propagate_error (error, error_from_platform (root_object));
          return NULL;
        }
    }

  for (guint i = 0; methods != NULL && methods[i] != NULL; i++)
    {
      char envelope_name[256];

      /* "a.b.c" answers in "a_b_c_response". */
      if (g_snprintf (envelope_name, sizeof envelope_name, "%s_response", methods[i]) >=
          (int)sizeof envelope_name)
        continue;
      g_strdelimit (envelope_name, ".", '_');

      inner = rp_json_object_get_member (root_object, envelope_name);
      if (inner != NULL)
        {
          if (!rp_json_node_holds (inner, RP_JSON_OBJECT))
            {
              invalid (error, envelope_name, "should be an object but is %s", node_type_name (inner));
              return NULL;
            }
          *envelope = inner;
          return g_steal_pointer (&doc);
        }
    }

  /* Another method's envelope means the answer is not for this request. */
  if (rp_json_object_get_only_member (root_object, &only_name) != NULL &&
      g_str_has_suffix (only_name, "_response"))
    {
      invalid (error, only_name, "does not answer %s",
               methods != NULL && methods[0] != NULL ? methods[0] : "the request");
      return NULL;
    }

  *envelope = root_object;
  return g_steal_pointer (&doc);
}

static RpJsonDoc *
parse_envelope (GBytes      *body,
                const char  *method,
                RpJsonNode **envelope,
                GError     **error)
{
  const char *methods[] = { method, NULL };

  return parse_envelope_for (body, methods, envelope, error);
}

static JsonNode *
to_json_glib (RpJsonNode *node)
{
  JsonNode *copy = json_node_alloc ();

  switch (node->type)
    {
    case RP_JSON_NULL:
      json_node_init_null (copy);
      break;
    case RP_JSON_BOOLEAN:
      json_node_init_boolean (copy, node->v.boolean);
      break;
    case RP_JSON_INTEGER:
      json_node_init_int (copy, node->v.integer);
      break;
    case RP_JSON_DOUBLE:
      json_node_init_double (copy, node->v.number);
      break;
    case RP_JSON_STRING:
      json_node_init_string (copy, node->v.string);
      break;
    case RP_JSON_ARRAY:
      {
        g_autoptr(JsonArray) array = json_array_sized_new (node->length);

        for (guint i = 0; i < node->length; i++)
          json_array_add_element (array, to_json_glib (&node->v.elements[i]));
        json_node_init_array (copy, array);
      }
      break;
    case RP_JSON_OBJECT:
    default:
      {
        g_autoptr(JsonObject) object = json_object_new ();

        for (guint i = 0; i < node->length; i++)
          json_object_set_member (object, node->v.members[i].name,
                                  to_json_glib (&node->v.members[i].value));
        json_node_init_object (copy, object);
      }
      break;
    }

  return copy;
}

/**
 * rp_aliexpress_parse_envelope:
 * @body: the raw response body
 * @method: (nullable): the business method, for the `<method>_response` envelope
 *
 * Size, UTF-8 and nesting checks, then JSON, then the platform error shapes (top-level
 * `code`, `error_response`), then the envelope is unwrapped when present.  The parsers
 * below read the envelope where it was parsed; this gives a json-glib copy of it.
 *
 * Returns: (transfer full): the response object node
 */
JsonNode *
rp_aliexpress_parse_envelope (GBytes      *body,
                              const char  *method,
                              GError     **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;

  doc = parse_envelope (body, method, &envelope, error);
  if (doc == NULL)
    return NULL;

  return to_json_glib (envelope);
}

/* A business failure inside a successful envelope: success / is_success / result_success
 * false, with error_code / error_message / error_msg / error_desc beside it. */
static gboolean
check_business (RpJsonNode  *object,
                GError     **error)
{
  static const char * const flags[] = { "success", "is_success", "result_success" };
  static const char * const messages[] = {
    "error_message", "error_msg", "error_desc", "result_error_desc", "error_message_info",
    "memo",   /* extendsbuyeracceptgoodstime explains a refusal in "memo" */
  };
  static const char * const codes[] = {
    "error_code", "result_error_code", "sub_error_code",
  };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      RpJsonNode *node = rp_json_object_get_member (object, flags[i]);
      gboolean ok;

      if (node == NULL || rp_json_node_holds (node, RP_JSON_NULL))
        continue;

      if (!get_bool (object, flags[i], TRUE, &ok, error))
        return FALSE;

      if (!ok)
        {
          g_autofree char *code = NULL;
          g_autofree char *text = NULL;

          for (guint j = 0; j < G_N_ELEMENTS (codes) && code == NULL; j++)
            code = error_text (object, codes[j]);

          for (guint j = 0; j < G_N_ELEMENTS (messages) && text == NULL; j++)
            text = error_text (object, messages[j]);

          g_propagate_error (error,
                             rp_marketplace_error_new (RP_MARKETPLACE_ERROR_BUSINESS, code, 0,
                                                       "AliExpress declined: %s%s%s%s",
                                                       text != NULL ? text : "no reason given",
                                                       code != NULL ? " (" : "",
                                                       code != NULL ? code : "",
                                                       code != NULL ? ")" : ""));
          return FALSE;
        }
    }

  return TRUE;
}

/* The "result" object inside the envelope, or the envelope itself when simplified
 * answers put the result fields at the root. */
static RpJsonNode *
result_object (RpJsonNode   *envelope,
               const char *name)
{
  RpJsonNode *object = envelope;
  RpJsonNode *result = get_object (object, name);

  return result != NULL ? result : object;
}

static void
page_set_totals (RpMarketplacePage *page,
                 gint64             total_pages,
                 gint64             total_count)
{
  page->total_count = total_count;

  if (total_pages > RP_MARKETPLACE_MAX_PAGES)
    {
      g_debug ("Capping %" G_GINT64_FORMAT " pages to %d", total_pages, RP_MARKETPLACE_MAX_PAGES);
      total_pages = RP_MARKETPLACE_MAX_PAGES;
    }

  page->total_pages = (guint)MAX (total_pages, 0);
  if (page->total_pages > 0)
    page->has_more = page->page < page->total_pages;
  else
    page->has_more = page->page_size > 0 && page->items->len >= page->page_size;
}

static gboolean
parse_order_item (RpJsonNode   *object,
                  RpOrderItem **out,
                  GError      **error)
{
  g_autoptr(RpOrderItem) item = rp_order_item_new ();
  RpMoney total;
  guint quantity;

  if (!get_id (object, "child_id", FALSE, &item->child_id, error) ||
      !get_id (object, "product_id", FALSE, &item->product_id, error) ||
      !get_text (object, "product_name", &item->title, error) ||
      !get_text_max (object, "product_standard", 4096, &item->variant, error) ||
      !get_text_max (object, "sku_code", 1024, &item->sku, error) ||
      !get_uint (object, "product_count", MAX_QUANTITY, &quantity, error) ||
      !get_money (object, "product_unit_price", &item->unit_price, error) ||
      !get_text_max (object, "product_img_url", 4096, &item->image_url, error) ||
      !get_text (object, "memo", &item->memo, error))
    return FALSE;

  if (item->child_id == NULL && !get_id (object, "id", FALSE, &item->child_id, error))
    return FALSE;
  if (item->variant == NULL &&
      !get_text_max (object, "product_attributes", 4096, &item->variant, error))
    return FALSE;
  if (item->memo == NULL && !get_text (object, "buyer_memo", &item->memo, error))
    return FALSE;
  if (item->unit_price.currency[0] == '\0' &&
      !get_money (object, "product_price", &item->unit_price, error))
    return FALSE;
  if (item->image_url == NULL &&
      !get_text_max (object, "product_snap_url", 4096, &item->image_url, error))
    return FALSE;

  /* Some answers carry only the line total. */
  if (item->unit_price.currency[0] == '\0' && quantity > 0)
    {
      if (!get_money (object, "total_product_amount", &total, error))
        return FALSE;
      item->unit_price = total;
      item->unit_price.cents = total.cents / quantity;
    }

  item->quantity = quantity;
  *out = g_steal_pointer (&item);
  return TRUE;
}

static gboolean
parse_items (RpJsonNode  *object,
             const char  *list_name,
             const char  *item_name,
             GPtrArray   *items,
             GError     **error)
{
  RpJsonNode *array;

  if (!get_list (object, list_name, item_name, &array, error))
    return FALSE;

  for (guint i = 0; array != NULL && i < rp_json_array_get_length (array); i++)
    {
      RpOrderItem *item = NULL;

      if (!parse_order_item (rp_json_array_get_element (array, i), &item, error))
        {
          g_prefix_error (error, "%s item %u: ", list_name, i);
          return FALSE;
        }
      g_ptr_array_add (items, item);
    }

  return TRUE;
}

static gboolean
parse_order_summary (RpJsonNode  *object,
                     gint64       now_usec,
                     RpOrder    **out,
                     GError     **error)
{
  g_autoptr(RpOrder) order = rp_order_new ();
  gint64 days, hours, minutes;

  if (!get_id (object, "order_id", TRUE, &order->order_id, error) ||
      !get_word (object, "order_status", TRUE, &order->raw_status, error) ||
      !get_word (object, "issue_status", FALSE, &order->issue_status, error) ||
      !get_word (object, "logistics_status", FALSE, &order->logistics_status, error) ||
      !get_pacific_time (object, "gmt_create", &order->created_at, error) ||
      !get_pacific_time (object, "gmt_pay_time", &order->paid_at, error) ||
      !get_pacific_time (object, "gmt_update", &order->modified_at, error) ||
      !get_text_max (object, "buyer_login_id", RP_ALIEXPRESS_MAX_ID_SIZE, &order->buyer_login_id, error) ||
      !get_text_max (object, "buyer_signer_fullname", 1024, &order->buyer_name, error) ||
      !get_money (object, "pay_amount", &order->total, error) ||
      !get_int (object, "left_send_good_day", -3650, 3650, 0, &days, error) ||
      !get_int (object, "left_send_good_hour", -1000000, 1000000, 0, &hours, error) ||
      !get_int (object, "left_send_good_min", -1000000, 1000000, 0, &minutes, error) ||
      !parse_items (object, "product_list", "order_product_dto", order->items, error))
    return FALSE;

  order->status = rp_order_status_from_marketplace (order->raw_status);

  if (order->status == RP_ORDER_STATUS_TO_SHIP && (days != 0 || hours != 0 || minutes != 0))
    order->ship_by = now_usec + (days * G_TIME_SPAN_DAY + hours * G_TIME_SPAN_HOUR +
                                 minutes * G_TIME_SPAN_MINUTE);

  if (order->modified_at == 0)
    order->modified_at = order->created_at;

  *out = g_steal_pointer (&order);
  return TRUE;
}

/**
 * rp_aliexpress_parse_order_list:
 * @page: the page asked for
 * @page_size: the page size asked for
 * @now_usec: when the answer arrived, to turn "time left to ship" into an instant
 *
 * `aliexpress.trade.seller.orderlist.get` (and the same shape of
 * `aliexpress.solution.order.get`): a page of orders without addresses.
 */
RpMarketplacePage *
rp_aliexpress_parse_order_list (GBytes  *body,
                                guint    page_number,
                                guint    page_size,
                                gint64   now_usec,
                                GError **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;
  g_autoptr(RpMarketplacePage) page = rp_marketplace_page_new ();
  RpJsonNode *result;
  RpJsonNode *list;
  gint64 value, total_pages, total_count;

  doc = parse_envelope_for (body, (const char * const[]) {
                            "aliexpress.trade.seller.orderlist.get",
                            "aliexpress.solution.order.get",
                            NULL }, &envelope, error);
  if (doc == NULL)
    return NULL;

  result = result_object (envelope, "result");
  if (!check_business (result, error))
    return NULL;

  /* The request's paging stands in for what the answer leaves out. */
  if (!get_int (result, "current_page", 0, G_MAXINT32, page_number, &value, error))
    return NULL;
  page->page = (guint)value;
  if (!get_int (result, "page_size", 0, G_MAXINT32, page_size, &value, error))
    return NULL;
  page->page_size = (guint)value;
  if (!get_int (result, "total_page", 0, G_MAXINT64, 0, &total_pages, error) ||
      !get_int (result, "total_count", -1, G_MAXINT64, -1, &total_count, error))
    return NULL;

  if (!get_list (result, "target_list", "aeop_order_item_dto", &list, error))
    return NULL;

  for (guint i = 0; list != NULL && i < rp_json_array_get_length (list); i++)
    {
      RpOrder *order = NULL;

      if (!parse_order_summary (rp_json_array_get_element (list, i), now_usec, &order, error))
        {
          g_prefix_error (error, "Order %u of the list: ", i + 1);
          return NULL;
        }
      g_ptr_array_add (page->items, order);
    }

  page_set_totals (page, total_pages, total_count);
  return g_steal_pointer (&page);
}

static char *
normalise_country (const char *country)
{
  if (country == NULL || strlen (country) != 2 ||
      !g_ascii_isalpha (country[0]) || !g_ascii_isalpha (country[1]))
    return NULL;

  return g_ascii_strup (country, 2);
}

static gboolean
parse_address (RpJsonNode  *object,
               RpAddress   *address,
               GError     **error)
{
  g_autofree char *country = NULL;
  g_autofree char *mobile = NULL;
  g_autofree char *phone_country = NULL;
  g_autofree char *phone_area = NULL;
  g_autofree char *phone_number = NULL;

  if (!get_text_max (object, "contact_person", 1024, &address->contact_person, error) ||
      !get_word (object, "country", FALSE, &country, error) ||
      !get_text_max (object, "province", 1024, &address->province, error) ||
      !get_text_max (object, "city", 1024, &address->city, error) ||
      !get_text_max (object, "address", 4096, &address->address, error) ||
      !get_text_max (object, "address2", 4096, &address->address2, error) ||
      !get_text_max (object, "detail_address", 4096, &address->detail_address, error) ||
      !get_text_max (object, "zip", 64, &address->zip, error) ||
      !get_text_max (object, "mobile_no", 64, &mobile, error) ||
      !get_text_max (object, "phone_country", 16, &phone_country, error) ||
      !get_text_max (object, "phone_area", 16, &phone_area, error) ||
      !get_text_max (object, "phone_number", 64, &phone_number, error))
    return FALSE;

  if (country != NULL)
    {
      address->country = normalise_country (country);
      if (address->country == NULL)
        return invalid (error, "country", "is not a two-letter country code");
    }

  if (mobile != NULL)
    address->phone = g_strdup_printf ("%s%s%s", phone_country != NULL ? "+" : "",
                                      phone_country != NULL ? phone_country : "", mobile);
  else if (phone_number != NULL)
    address->phone = g_strjoin (" ",
                                phone_country != NULL ? phone_country : "",
                                phone_area != NULL ? phone_area : "",
                                phone_number, NULL);
  if (address->phone != NULL)
    g_strstrip (address->phone);

  return TRUE;
}

static gboolean
parse_logistic_info (RpJsonNode   *object,
                     RpShipment  **out,
                     GError      **error)
{
  g_autoptr(RpShipment) shipment = rp_shipment_new ();

  /* logistics_type_code is the service key that tracking queries want (CAINIAO_STANDARD);
   * logistics_service_name is often only its display name. */
  if (!get_text_max (object, "logistics_no", RP_ALIEXPRESS_MAX_ID_SIZE, &shipment->tracking_no, error) ||
      !get_word (object, "logistics_type_code", FALSE, &shipment->service_name, error) ||
      (shipment->service_name == NULL &&
       !get_word (object, "logistics_service_name", FALSE, &shipment->service_name, error)) ||
      !get_pacific_time (object, "gmt_send", &shipment->shipped_at, error) ||
      !get_pacific_time (object, "gmt_received", &shipment->received_at, error) ||
      !get_word (object, "receive_status", FALSE, &shipment->receive_status, error))
    return FALSE;

  if (shipment->tracking_no == NULL)
    return invalid (error, "logistics_no", "is missing");

  if (shipment->received_at != 0 || g_strcmp0 (shipment->receive_status, "received") == 0)
    shipment->status = RP_TRACKING_DELIVERED;

  *out = g_steal_pointer (&shipment);
  return TRUE;
}

/**
 * rp_aliexpress_parse_order_detail:
 * @shipments: (out) (optional) (transfer full) (element-type RpShipment): the parcels
 *   declared for the order
 *
 * `aliexpress.trade.new.redefining.findorderbyid` (or the `result.data` of
 * `aliexpress.solution.order.info.get`).
 *
 * Returns: (transfer full): the order with has_detail set
 */
RpOrder *
rp_aliexpress_parse_order_detail (GBytes     *body,
                                  GPtrArray **shipments,
                                  GError    **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;
  g_autoptr(RpOrder) order = rp_order_new ();
  g_autoptr(GPtrArray) parcels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *country = NULL;
  RpJsonNode *object, *target, *buyer_info, *address;
  RpJsonNode *list;
  gint64 state_deadline = 0;

  if (shipments != NULL)
    *shipments = NULL;

  doc = parse_envelope_for (body, (const char * const[]) {
                            "aliexpress.trade.new.redefining.findorderbyid",
                            "aliexpress.solution.order.info.get",
                            NULL }, &envelope, error);
  if (doc == NULL)
    return NULL;

  object = envelope;
  if (!check_business (object, error))
    return NULL;

  target = get_object (object, "target");
  if (target == NULL)
    {
      RpJsonNode *result = get_object (object, "result");

      if (result != NULL && !check_business (result, error))
        return NULL;
      if (result != NULL)
        target = get_object (result, "data") != NULL ? get_object (result, "data") :
                 get_object (result, "target") != NULL ? get_object (result, "target") : result;
      else
        target = object;
    }

  if (!get_id (target, "id", FALSE, &order->order_id, error) ||
      (order->order_id == NULL && !get_id (target, "order_id", TRUE, &order->order_id, error)) ||
      !get_word (target, "order_status", TRUE, &order->raw_status, error) ||
      !get_word (target, "issue_status", FALSE, &order->issue_status, error) ||
      !get_word (target, "logistics_status", FALSE, &order->logistics_status, error) ||
      !get_pacific_time (target, "gmt_create", &order->created_at, error) ||
      !get_pacific_time (target, "gmt_pay_success", &order->paid_at, error) ||
      !get_pacific_time (target, "gmt_modified", &order->modified_at, error) ||
      !get_pacific_time (target, "over_time_left", &state_deadline, error) ||
      !get_text_max (target, "buyerloginid", RP_ALIEXPRESS_MAX_ID_SIZE, &order->buyer_login_id, error) ||
      !get_text_max (target, "buyer_signer_fullname", 1024, &order->buyer_name, error) ||
      !get_money (target, "order_amount", &order->total, error) ||
      !get_text (target, "memo", &order->memo, error))
    return NULL;

  order->status = rp_order_status_from_marketplace (order->raw_status);
  /* over_time_left ends the current state: shipping for an order to ship, the buyer's time
   * to confirm receipt (buyer protection) for a shipped one. */
  if (order->status == RP_ORDER_STATUS_TO_SHIP)
    order->ship_by = state_deadline;
  else if (order->status == RP_ORDER_STATUS_SHIPPED)
    order->accept_by = state_deadline;
  if (order->modified_at == 0)
    order->modified_at = order->created_at;
  if (order->total.currency[0] == '\0' && !get_money (target, "pay_amount", &order->total, error))
    return NULL;

  buyer_info = get_object (target, "buyer_info");
  if (buyer_info != NULL)
    {
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;

      if ((order->buyer_login_id == NULL &&
           !get_text_max (buyer_info, "login_id", RP_ALIEXPRESS_MAX_ID_SIZE, &order->buyer_login_id, error)) ||
          !get_word (buyer_info, "country", FALSE, &country, error) ||
          !get_text_max (buyer_info, "first_name", 1024, &first, error) ||
          !get_text_max (buyer_info, "last_name", 1024, &last, error))
        return NULL;

      if (order->buyer_name == NULL && (first != NULL || last != NULL))
        order->buyer_name = g_strstrip (g_strjoin (" ", first != NULL ? first : "",
                                                   last != NULL ? last : "", NULL));
    }

  address = get_object (target, "receipt_address");
  if (address != NULL && !parse_address (address, &order->address, error))
    {
      g_prefix_error (error, "Delivery address: ");
      return NULL;
    }

  if (country != NULL)
    {
      order->buyer_country = normalise_country (country);
      if (order->buyer_country == NULL)
        {
          invalid (error, "buyer_info.country", "is not a two-letter country code");
          return NULL;
        }
    }
  else
    order->buyer_country = g_strdup (order->address.country);

  if (!parse_items (target, "child_order_list", "global_aeop_tp_child_order_dto", order->items, error))
    return NULL;

  if (!get_list (target, "logistic_info_list", "global_aeop_tp_logistic_info_dto", &list, error))
    return NULL;

  for (guint i = 0; list != NULL && i < rp_json_array_get_length (list); i++)
    {
      RpShipment *shipment = NULL;

      if (!parse_logistic_info (rp_json_array_get_element (list, i), &shipment, error))
        {
          g_prefix_error (error, "Parcel %u: ", i + 1);
          return NULL;
        }
      shipment->order_id = g_strdup (order->order_id);
      shipment->to_country = g_strdup (order->address.country);
      g_ptr_array_add (parcels, shipment);
    }

  order->has_detail = TRUE;

  if (shipments != NULL)
    *shipments = g_steal_pointer (&parcels);

  return g_steal_pointer (&order);
}

static gboolean
parse_relation (RpJsonNode      *object,
                RpConversation **out,
                GError         **error)
{
  g_autoptr(RpConversation) conversation = rp_conversation_new ();
  gint64 read_stat, deal_stat;

  if (!get_id (object, "channel_id", TRUE, &conversation->channel_id, error) ||
      !get_text_max (object, "other_login_id", RP_ALIEXPRESS_MAX_ID_SIZE, &conversation->buyer_login_id, error) ||
      !get_text_max (object, "other_name", 1024, &conversation->buyer_name, error) ||
      !get_uint (object, "unread_count", 1000000, &conversation->unread_count, error) ||
      !get_int (object, "read_stat", 0, 1, 1, &read_stat, error) ||
      !get_int (object, "deal_stat", 0, 1, 0, &deal_stat, error) ||
      !get_uint (object, "rank", 5, &conversation->rank, error) ||
      !get_ms_time (object, "message_time", &conversation->last_message_at, error) ||
      !get_text (object, "last_message_content", &conversation->last_message_text, error) ||
      !get_bool (object, "last_message_is_own", FALSE, &conversation->last_message_is_own, error) ||
      !get_id (object, "order_id", FALSE, &conversation->order_id, error))
    return FALSE;

  conversation->read = read_stat == 1 && conversation->unread_count == 0;
  conversation->processed = deal_stat == 1;

  *out = g_steal_pointer (&conversation);
  return TRUE;
}

/**
 * rp_aliexpress_parse_relation_list:
 *
 * `aliexpress.message.redefining.versiontwo.querymsgrelationlist`: a page of conversations.
 */
RpMarketplacePage *
rp_aliexpress_parse_relation_list (GBytes  *body,
                                   guint    page_number,
                                   guint    page_size,
                                   GError **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;
  g_autoptr(RpMarketplacePage) page = rp_marketplace_page_new ();
  RpJsonNode *result;
  RpJsonNode *list;
  gint64 total_count, total_pages;

  doc = parse_envelope (body,
                        "aliexpress.message.redefining.versiontwo.querymsgrelationlist",
                        &envelope, error);
  if (doc == NULL)
    return NULL;

  result = result_object (envelope, "result");
  if (!check_business (result, error) ||
      !get_list (result, "relation_list", "relation_result", &list, error) ||
      !get_int (result, "total_count", -1, G_MAXINT64, -1, &total_count, error) ||
      !get_int (result, "total_page", 0, G_MAXINT64, 0, &total_pages, error))
    return NULL;

  page->page = page_number;
  page->page_size = page_size;

  for (guint i = 0; list != NULL && i < rp_json_array_get_length (list); i++)
    {
      RpConversation *conversation = NULL;

      if (!parse_relation (rp_json_array_get_element (list, i), &conversation, error))
        {
          g_prefix_error (error, "Conversation %u of the list: ", i + 1);
          return NULL;
        }
      g_ptr_array_add (page->items, conversation);
    }

  page_set_totals (page, total_pages, total_count);
  return g_steal_pointer (&page);
}

static gboolean
parse_message (RpJsonNode  *object,
               const char  *channel_id,
               const char  *buyer_login_id,
               const char  *seller_login_id,
               RpMessage  **out,
               GError     **error)
{
  g_autoptr(RpMessage) message = rp_message_new ();
  g_autofree char *sender_login_id = NULL;
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  RpJsonNode *summary;
  RpJsonNode *files;

  if (!get_id (object, "id", FALSE, &message->message_id, error) ||
      (message->message_id == NULL &&
       !get_id (object, "message_id", TRUE, &message->message_id, error)) ||
      !get_ms_time (object, "gmt_create", &message->sent_at, error) ||
      !get_text (object, "content", &message->content, error) ||
      !get_text_max (object, "sender_name", 1024, &message->sender_name, error) ||
      !get_word (object, "message_type", FALSE, &message->message_type, error) ||
      !get_id (object, "extern_id", FALSE, &message->extern_id, error) ||
      !get_text_max (object, "sender_login_id", RP_ALIEXPRESS_MAX_ID_SIZE, &sender_login_id, error))
    return FALSE;

  summary = get_object (object, "summary");
  if (summary != NULL)
    {
      if (sender_login_id == NULL &&
          !get_text_max (summary, "sender_login_id", RP_ALIEXPRESS_MAX_ID_SIZE, &sender_login_id, error))
        return FALSE;
      if (message->sender_name == NULL &&
          !get_text_max (summary, "sender_name", 1024, &message->sender_name, error))
        return FALSE;
    }

  if (sender_login_id == NULL &&
      !get_id (object, "sender_ali_id", FALSE, &sender_login_id, error))
    return FALSE;

  if (!get_list (object, "file_path_list", "file_path", &files, error))
    return FALSE;
  for (guint i = 0; files != NULL && i < rp_json_array_get_length (files); i++)
    {
      RpJsonNode *file = rp_json_array_get_element (files, i);
      char *path = NULL;

      if (!get_text_max (file, "l_path", 4096, &path, error) ||
          (path == NULL && !get_text_max (file, "m_path", 4096, &path, error)) ||
          (path == NULL && !get_text_max (file, "s_path", 4096, &path, error)))
        return FALSE;
      if (path != NULL)
        g_ptr_array_add (images, path);
    }
  if (images->len > 0)
    {
      g_ptr_array_add (images, NULL);
      message->image_urls = (GStrv)g_ptr_array_free (g_steal_pointer (&images), FALSE);
    }

  /* The platform marks no direction: a message is the seller's own when its sender is
   * the seller, or is not the buyer of this conversation. */
  if (seller_login_id != NULL && sender_login_id != NULL)
    message->is_own = g_strcmp0 (sender_login_id, seller_login_id) == 0;
  if (!message->is_own && buyer_login_id != NULL && sender_login_id != NULL)
    message->is_own = g_strcmp0 (sender_login_id, buyer_login_id) != 0;

  message->sender_login_id = g_steal_pointer (&sender_login_id);
  message->channel_id = g_strdup (channel_id);
  message->outbox_state = RP_OUTBOX_SENT;

  *out = g_steal_pointer (&message);
  return TRUE;
}

/**
 * rp_aliexpress_parse_message_list:
 * @buyer_login_id: (nullable): the buyer of the conversation
 * @seller_login_id: (nullable): the seller's own login id
 *
 * `aliexpress.message.redefining.versiontwo.querymsgdetaillist`: a page of messages.
 */
RpMarketplacePage *
rp_aliexpress_parse_message_list (GBytes      *body,
                                  const char  *channel_id,
                                  const char  *buyer_login_id,
                                  const char  *seller_login_id,
                                  guint        page_number,
                                  guint        page_size,
                                  GError     **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;
  g_autoptr(RpMarketplacePage) page = rp_marketplace_page_new ();
  RpJsonNode *result;
  RpJsonNode *list;
  gint64 total_count, total_pages;

  doc = parse_envelope (body,
                        "aliexpress.message.redefining.versiontwo.querymsgdetaillist",
                        &envelope, error);
  if (doc == NULL)
    return NULL;

  result = result_object (envelope, "result");
  if (!check_business (result, error) ||
      !get_list (result, "message_detail_list", "message_detail", &list, error) ||
      !get_int (result, "total_count", -1, G_MAXINT64, -1, &total_count, error) ||
      !get_int (result, "total_page", 0, G_MAXINT64, 0, &total_pages, error))
    return NULL;

  page->page = page_number;
  page->page_size = page_size;

  for (guint i = 0; list != NULL && i < rp_json_array_get_length (list); i++)
    {
      RpMessage *message = NULL;

      if (!parse_message (rp_json_array_get_element (list, i), channel_id,
                          buyer_login_id, seller_login_id, &message, error))
        {
          g_prefix_error (error, "Message %u of the list: ", i + 1);
          return NULL;
        }
      g_ptr_array_add (page->items, message);
    }

  page_set_totals (page, total_pages, total_count);
  return g_steal_pointer (&page);
}

/**
 * rp_aliexpress_parse_send_message:
 *
 * `…versiontwo.addmsg`.  The id of the new message may be a member of the result
 * (`message_id`, `msg_id`, `id`) or the `data`/`target` value itself.
 *
 * Returns: (transfer full): the server's message id, or "" when the answer confirms the
 *   send without naming the message (the caller then finds it by re-reading)
 */
char *
rp_aliexpress_parse_send_message (GBytes  *body,
                                  GError **error)
{
  static const char * const names[] = { "message_id", "msg_id", "id", "data", "target" };
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;
  RpJsonNode *object, *result;

  doc = parse_envelope (body, "aliexpress.message.redefining.versiontwo.addmsg",
                        &envelope, error);
  if (doc == NULL)
    return NULL;

  object = envelope;
  result = result_object (envelope, "result");
  if (!check_business (object, error) || !check_business (result, error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      RpJsonNode *holders[] = { result, object };

      for (guint j = 0; j < G_N_ELEMENTS (holders); j++)
        {
          RpJsonNode *node = rp_json_object_get_member (holders[j], names[i]);
          char *id = NULL;

          if (node == NULL || !holds_value (node) || node_is_value (node, G_TYPE_BOOLEAN))
            continue;
          if (!get_id (holders[j], names[i], FALSE, &id, error))
            return NULL;
          if (id != NULL)
            return id;
        }
    }

  return g_strdup ("");
}

/**
 * rp_aliexpress_parse_write_result:
 *
 * The answer to a write without a payload (mark read, save a solution, fulfil…): the
 * envelope must be free of errors and no success flag may be false.
 */
gboolean
rp_aliexpress_parse_write_result (GBytes      *body,
                                  const char  *method,
                                  GError     **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;
  RpJsonNode *object, *result;
  RpJsonNode *node;

  doc = parse_envelope (body, method, &envelope, error);
  if (doc == NULL)
    return FALSE;

  object = envelope;
  if (!check_business (object, error))
    return FALSE;

  result = get_object (object, "result");
  if (result != NULL && !check_business (result, error))
    return FALSE;

  /* {"result_object": false} and {"result": false} are refusals without a reason. */
  node = rp_json_object_get_member (object, "result_object");
  if (node == NULL)
    node = rp_json_object_get_member (object, "result");
  if (node != NULL && node_is_value (node, G_TYPE_BOOLEAN) && !node_boolean (node))
    {
      g_set_error (error, RP_MARKETPLACE_ERROR, RP_MARKETPLACE_ERROR_BUSINESS,
                   "AliExpress declined the change without giving a reason");
      return FALSE;
    }

  return TRUE;
}

static RpDisputeStatus
dispute_status_from_marketplace (const char *status)
{
  if (g_strcmp0 (status, "canceled_issue") == 0 || g_strcmp0 (status, "cancel") == 0)
    return RP_DISPUTE_STATUS_CANCELED;
  if (g_strcmp0 (status, "finish") == 0)
    return RP_DISPUTE_STATUS_FINISHED;

  return RP_DISPUTE_STATUS_PROCESSING;
}

static gboolean
parse_issue_summary (RpJsonNode  *object,
                     RpDispute  **out,
                     GError     **error)
{
  g_autoptr(RpDispute) dispute = rp_dispute_new ();

  if (!get_id (object, "issue_id", TRUE, &dispute->issue_id, error) ||
      !get_word (object, "issue_status", FALSE, &dispute->raw_status, error) ||
      !get_id (object, "order_id", FALSE, &dispute->order_id, error) ||
      !get_id (object, "parent_order_id", FALSE, &dispute->parent_order_id, error) ||
      !get_text_max (object, "buyer_login_id", RP_ALIEXPRESS_MAX_ID_SIZE, &dispute->buyer_login_id, error) ||
      !get_pacific_time (object, "gmt_create", &dispute->created_at, error) ||
      !get_pacific_time (object, "gmt_modified", &dispute->modified_at, error) ||
      !get_text_max (object, "reason_english", 4096, &dispute->reason, error) ||
      (dispute->reason == NULL && !get_text_max (object, "reason_chinese", 4096, &dispute->reason, error)))
    return FALSE;

  dispute->status = dispute_status_from_marketplace (dispute->raw_status);
  if (dispute->modified_at == 0)
    dispute->modified_at = dispute->created_at;

  *out = g_steal_pointer (&dispute);
  return TRUE;
}

/**
 * rp_aliexpress_parse_issue_list:
 *
 * `aliexpress.issue.issuelist.get`: a page of disputes without their details.
 */
RpMarketplacePage *
rp_aliexpress_parse_issue_list (GBytes  *body,
                                guint    page_size,
                                GError **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;
  g_autoptr(RpMarketplacePage) page = rp_marketplace_page_new ();
  RpJsonNode *result;
  RpJsonNode *list;
  gint64 value, total_item;

  doc = parse_envelope (body, "aliexpress.issue.issuelist.get", &envelope, error);
  if (doc == NULL)
    return NULL;

  result = result_object (envelope, "result");
  if (!check_business (result, error) ||
      !get_int (result, "current_page", 0, G_MAXINT32, 1, &value, error))
    return NULL;
  page->page = (guint)value;
  if (!get_int (result, "page_size", 0, G_MAXINT32, page_size, &value, error))
    return NULL;
  page->page_size = (guint)value;
  if (!get_int (result, "total_item", -1, G_MAXINT64, -1, &total_item, error) ||
      !get_list (result, "data_list", "issue_api_issue_dto", &list, error))
    return NULL;

  for (guint i = 0; list != NULL && i < rp_json_array_get_length (list); i++)
    {
      RpDispute *dispute = NULL;

      if (!parse_issue_summary (rp_json_array_get_element (list, i), &dispute, error))
        {
          g_prefix_error (error, "Dispute %u of the list: ", i + 1);
          return NULL;
        }
      g_ptr_array_add (page->items, dispute);
    }

  if (total_item >= 0 && page->page_size > 0)
    page_set_totals (page, (total_item + page->page_size - 1) / page->page_size, total_item);
  else
    page_set_totals (page, 0, total_item);

  return g_steal_pointer (&page);
}

static gboolean
parse_solutions (RpJsonNode  *object,
                 const char  *name,
                 GPtrArray   *solutions,
                 GError     **error)
{
  RpJsonNode *list;

  if (!get_list (object, name, "solution_api_dto", &list, error))
    return FALSE;

  for (guint i = 0; list != NULL && i < rp_json_array_get_length (list); i++)
    {
      RpJsonNode *item = rp_json_array_get_element (list, i);
      RpSolution *solution = rp_solution_new ();

      g_ptr_array_add (solutions, solution);
      if (!get_id (item, "id", TRUE, &solution->solution_id, error) ||
          !get_word (item, "solution_type", FALSE, &solution->solution_type, error) ||
          !get_word (item, "solution_owner", FALSE, &solution->owner, error) ||
          !get_word (item, "status", FALSE, &solution->status, error) ||
          !get_bool (item, "is_default", FALSE, &solution->is_default, error) ||
          !get_flat_money (item, "refund_money", &solution->refund, error) ||
          !get_text (item, "content", &solution->content, error) ||
          !get_pacific_time (item, "gmt_create", &solution->created_at, error))
        {
          g_prefix_error (error, "%s item %u: ", name, i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_process (RpJsonNode  *object,
               GPtrArray   *history,
               GError     **error)
{
  RpJsonNode *list;

  if (!get_list (object, "process_dto_list", "api_issue_process_dto", &list, error))
    return FALSE;

  for (guint i = 0; list != NULL && i < rp_json_array_get_length (list); i++)
    {
      RpJsonNode *item = rp_json_array_get_element (list, i);
      RpDisputeEvent *event = rp_dispute_event_new ();
      RpJsonNode *attachments;

      g_ptr_array_add (history, event);
      if (!get_word (item, "action_type", FALSE, &event->action_type, error) ||
          !get_word (item, "submit_member_type", FALSE, &event->actor, error) ||
          !get_text (item, "content", &event->content, error) ||
          !get_pacific_time (item, "gmt_create", &event->at, error) ||
          !get_list (item, "attachments", "api_attachment_dto", &attachments, error))
        {
          g_prefix_error (error, "Dispute history item %u: ", i + 1);
          return FALSE;
        }

      if (attachments != NULL && rp_json_array_get_length (attachments) > 0)
        {
          g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

          for (guint j = 0; j < rp_json_array_get_length (attachments); j++)
            {
              char *path = NULL;

              if (!get_text_max (rp_json_array_get_element (attachments, j), "file_path",
                                 4096, &path, error))
                return FALSE;
              if (path != NULL)
                g_ptr_array_add (paths, path);
            }
          g_ptr_array_add (paths, NULL);
          event->attachments = (GStrv)g_ptr_array_free (g_steal_pointer (&paths), FALSE);
        }
    }

  return TRUE;
}

/**
 * rp_aliexpress_parse_issue_detail:
 *
 * `aliexpress.issue.detail.get`: the dispute with its solutions, history and deadline.
 */
RpDispute *
rp_aliexpress_parse_issue_detail (GBytes  *body,
                                  GError **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;
  g_autoptr(RpDispute) dispute = rp_dispute_new ();
  RpJsonNode *object, *result;

  doc = parse_envelope (body, "aliexpress.issue.detail.get", &envelope, error);
  if (doc == NULL)
    return NULL;

  object = envelope;
  if (!check_business (object, error))
    return NULL;

  result = get_object (object, "result_object");
  if (result == NULL)
    {
      RpJsonNode *wrapper = get_object (object, "result");

      if (wrapper != NULL && !check_business (wrapper, error))
        return NULL;
      if (wrapper != NULL && get_object (wrapper, "result_object") != NULL)
        result = get_object (wrapper, "result_object");
      else if (wrapper != NULL)
        result = wrapper;
      else if (!get_required_object (object, "result_object", &result, error))
        return NULL;
    }

  if (!get_id (result, "id", FALSE, &dispute->issue_id, error) ||
      (dispute->issue_id == NULL && !get_id (result, "issue_id", TRUE, &dispute->issue_id, error)) ||
      !get_id (result, "order_id", FALSE, &dispute->order_id, error) ||
      !get_id (result, "parent_order_id", FALSE, &dispute->parent_order_id, error) ||
      !get_text_max (result, "buyer_login_id", RP_ALIEXPRESS_MAX_ID_SIZE, &dispute->buyer_login_id, error) ||
      !get_word (result, "issue_status", FALSE, &dispute->raw_status, error) ||
      !get_id (result, "issue_reason_id", FALSE, &dispute->reason_id, error) ||
      !get_text_max (result, "issue_reason", 4096, &dispute->reason, error) ||
      !get_word (result, "reverse_detail_status", FALSE, &dispute->detail_status, error) ||
      !get_word (result, "timeout_type", FALSE, &dispute->timeout_type, error) ||
      !get_pacific_time (result, "timeout_trigger_time", &dispute->deadline, error) ||
      !get_pacific_time (result, "gmt_create", &dispute->created_at, error) ||
      !get_pacific_time (result, "gmt_modified", &dispute->modified_at, error) ||
      !get_text_max (result, "product_name", 4096, &dispute->product_name, error) ||
      !get_flat_money (result, "product_price", &dispute->product_price, error) ||
      !get_flat_money (result, "refund_money_max", &dispute->refund_max, error) ||
      !parse_solutions (result, "buyer_solution_list", dispute->buyer_solutions, error) ||
      !parse_solutions (result, "seller_solution_list", dispute->seller_solutions, error) ||
      !parse_solutions (result, "platform_solution_list", dispute->platform_solutions, error) ||
      !parse_process (result, dispute->history, error))
    return NULL;

  dispute->status = dispute_status_from_marketplace (dispute->raw_status);
  if (dispute->modified_at == 0)
    dispute->modified_at = dispute->created_at;
  dispute->has_detail = TRUE;

  return g_steal_pointer (&dispute);
}

/**
 * rp_aliexpress_parse_logistics_services:
 *
 * Returns: (transfer full) (element-type RpLogisticsService): the services the seller
 *   may name when declaring a shipment
 */
GPtrArray *
rp_aliexpress_parse_logistics_services (GBytes  *body,
                                        GError **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_logistics_service_free);
  RpJsonNode *result;
  RpJsonNode *list;

  doc = parse_envelope (body, "aliexpress.logistics.redefining.listlogisticsservice",
                        &envelope, error);
  if (doc == NULL)
    return NULL;

  result = result_object (envelope, "result");
  if (!check_business (envelope, error) || !check_business (result, error) ||
      !get_list (result, "result_list", "aeop_logistics_service_result", &list, error))
    return NULL;

  for (guint i = 0; list != NULL && i < rp_json_array_get_length (list); i++)
    {
      RpJsonNode *item = rp_json_array_get_element (list, i);
      RpLogisticsService *service = rp_logistics_service_new ();

      g_ptr_array_add (services, service);
      if (!get_word (item, "service_name", TRUE, &service->service_name, error) ||
          !get_text_max (item, "display_name", 1024, &service->display_name, error) ||
          !get_text_max (item, "logistics_company", 1024, &service->company, error) ||
          !get_text_max (item, "tracking_no_regex", RP_ALIEXPRESS_MAX_REGEX_READ,
                         &service->tracking_no_regex, error) ||
          !get_uint (item, "min_process_day", 3650, &service->min_process_days, error) ||
          !get_uint (item, "max_process_day", 3650, &service->max_process_days, error) ||
          !get_uint (item, "recommend_order", G_MAXINT32, &service->recommend_order, error))
        {
          g_prefix_error (error, "Logistics service %u: ", i + 1);
          return NULL;
        }

      /* A pattern cut short is another pattern (one that may refuse every number): one
       * longer than any real one is dropped, and numbers of the service go unchecked. */
      if (service->tracking_no_regex != NULL &&
          strlen (service->tracking_no_regex) > RP_TRACKING_PATTERN_MAX_LENGTH)
        {
          g_debug ("Logistics service %s: tracking number pattern of %" G_GSIZE_FORMAT
                   " bytes left out", service->service_name, strlen (service->tracking_no_regex));
          g_clear_pointer (&service->tracking_no_regex, g_free);
        }
    }

  return g_steal_pointer (&services);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const RpTrackingEvent *ea = *(const RpTrackingEvent * const *)a;
  const RpTrackingEvent *eb = *(const RpTrackingEvent * const *)b;

  return (ea->at > eb->at) - (ea->at < eb->at);
}

/**
 * rp_aliexpress_parse_tracking:
 *
 * `aliexpress.logistics.redefining.querytrackingresult` (and the ds variant).
 *
 * Returns: (transfer full) (element-type RpTrackingEvent): the events, oldest first
 */
GPtrArray *
rp_aliexpress_parse_tracking (GBytes  *body,
                              GError **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_tracking_event_free);
  RpJsonNode *result;
  RpJsonNode *list;

  doc = parse_envelope_for (body, (const char * const[]) {
                            "aliexpress.logistics.redefining.querytrackingresult",
                            "aliexpress.logistics.ds.trackinginfo.query",
                            NULL }, &envelope, error);
  if (doc == NULL)
    return NULL;

  result = result_object (envelope, "result");
  if (!check_business (envelope, error) || !check_business (result, error) ||
      !get_list (result, "details", "details", &list, error))
    return NULL;

  for (guint i = 0; list != NULL && i < rp_json_array_get_length (list); i++)
    {
      RpJsonNode *item = rp_json_array_get_element (list, i);
      RpTrackingEvent *event = rp_tracking_event_new ();

      g_ptr_array_add (events, event);
      if (!get_text (item, "event_desc", &event->description, error) ||
          !get_pacific_time (item, "event_date", &event->at, error) ||
          !get_text_max (item, "address", 4096, &event->address, error) ||
          !get_word (item, "action_code", FALSE, &event->action_code, error))
        {
          g_prefix_error (error, "Tracking event %u: ", i + 1);
          return NULL;
        }
    }

  /* Carriers list newest first or oldest first; Rapport keeps oldest first. */
  g_ptr_array_sort (events, compare_events);

  return g_steal_pointer (&events);
}

/**
 * rp_aliexpress_parse_token:
 * @now_usec: when the answer arrived, for the relative `expires_in` fields
 *
 * The answer of `/auth/token/create` and `/auth/token/refresh`.
 */
RpTokenSet *
rp_aliexpress_parse_token (GBytes  *body,
                           gint64   now_usec,
                           GError **error)
{
  g_autoptr(RpJsonDoc) doc = NULL;
  RpJsonNode *envelope = NULL;
  g_autoptr(RpTokenSet) tokens = rp_token_set_new ();
  RpJsonNode *object;
  gint64 expire_time, expires_in, refresh_valid, refresh_expires_in;

  doc = parse_envelope (body, NULL, &envelope, error);
  if (doc == NULL)
    return NULL;

  object = envelope;
  if (!get_word (object, "access_token", TRUE, &tokens->access_token, error) ||
      !get_word (object, "refresh_token", FALSE, &tokens->refresh_token, error) ||
      !get_ms_time (object, "expire_time", &expire_time, error) ||
      !get_int (object, "expires_in", 0, G_MAXINT32, -1, &expires_in, error) ||
      !get_ms_time (object, "refresh_token_valid_time", &refresh_valid, error) ||
      !get_int (object, "refresh_expires_in", 0, G_MAXINT32, -1, &refresh_expires_in, error) ||
      !get_id (object, "user_id", FALSE, &tokens->user_id, error) ||
      !get_id (object, "seller_id", FALSE, &tokens->seller_id, error) ||
      !get_text_max (object, "user_nick", RP_ALIEXPRESS_MAX_ID_SIZE, &tokens->user_nick, error) ||
      !get_text_max (object, "account", 1024, &tokens->account, error) ||
      !get_word (object, "locale", FALSE, &tokens->locale, error))
    return NULL;

  /* expires_in is relative to now and immune to a wrong local clock, so it wins. */
  if (expires_in >= 0)
    tokens->expires_at = now_usec + expires_in * G_USEC_PER_SEC;
  else if (expire_time > 0)
    tokens->expires_at = expire_time;
  else
    {
      invalid (error, "expires_in", "is missing");
      return NULL;
    }

  if (tokens->refresh_token == NULL || refresh_expires_in == 0)
    tokens->refresh_expires_at = 0;            /* "cannot be refreshed" */
  else if (refresh_expires_in > 0)
    tokens->refresh_expires_at = now_usec + refresh_expires_in * G_USEC_PER_SEC;
  else if (refresh_valid > 0)
    tokens->refresh_expires_at = refresh_valid;
  else
    tokens->refresh_expires_at = G_MAXINT64;

  return g_steal_pointer (&tokens);
}
