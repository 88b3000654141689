/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-order-format"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-country.h"
#include "rp-order-format.h"

const char *
rp_order_format_status (RpOrderStatus status)
{
  switch (status)
    {
    case RP_ORDER_STATUS_AWAITING_PAYMENT:
      return _("Awaiting payment");
    case RP_ORDER_STATUS_RISK_CONTROL:
      return _("Under review");
    case RP_ORDER_STATUS_TO_SHIP:
      return _("To ship");
    case RP_ORDER_STATUS_SHIPPED:
      return _("Shipped");
    case RP_ORDER_STATUS_IN_CANCEL:
      return _("Cancellation asked");
    case RP_ORDER_STATUS_IN_DISPUTE:
      return _("In dispute");
    case RP_ORDER_STATUS_FINISHED:
      return _("Finished");
    case RP_ORDER_STATUS_UNKNOWN:
    default:
      return _("Unknown");
    }
}

const char *
rp_order_format_confirmation (RpConfirmationState state)
{
  switch (state)
    {
    case RP_CONFIRMATION_SENT:
      return _("Waiting for buyer");
    case RP_CONFIRMATION_NEEDS_REVIEW:
      return _("Buyer replied");
    case RP_CONFIRMATION_READY_TO_SHIP:
      return _("Ready to ship");
    case RP_CONFIRMATION_SHIPPED:
      return _("Shipped");
    case RP_CONFIRMATION_NONE:
    default:
      return _("Not confirmed");
    }
}

/* Minor units are cents for every currency the marketplace settles in. */
char *
rp_order_format_money (const RpMoney *money)
{
  gint64 cents = money->cents;
  const char *sign = cents < 0 ? "−" : "";
  guint64 magnitude = cents < 0 ? (guint64)(-(cents + 1)) + 1 : (guint64)cents;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u %s", sign, magnitude / 100,
                          (guint)(magnitude % 100),
                          money->currency[0] != '\0' ? money->currency : "");
}

/* A countdown for a list cell: coarse on purpose, a minute changes nothing to a seller
 * with days left. */
char *
rp_order_format_time_left (gint64 deadline,
                           gint64 now)
{
  gint64 left;
  gint64 days, hours, minutes;

  if (deadline <= 0)
    return g_strdup ("");

  left = deadline - now;
  if (left <= 0)
    return g_strdup (_("Overdue"));

  days = left / G_TIME_SPAN_DAY;
  hours = (left % G_TIME_SPAN_DAY) / G_TIME_SPAN_HOUR;
  minutes = (left % G_TIME_SPAN_HOUR) / G_TIME_SPAN_MINUTE;

  if (days > 0)
    /* Translators: time left, days and hours, e.g. "3 d 4 h" */
    return g_strdup_printf (_("%d d %d h"), (int)days, (int)hours);
  if (hours > 0)
    /* Translators: time left, hours and minutes, e.g. "5 h 12 min" */
    return g_strdup_printf (_("%d h %d min"), (int)hours, (int)minutes);
  /* Translators: time left in minutes */
  return g_strdup_printf (_("%d min"), (int)MAX (minutes, 1));
}

/* In the seller's own zone. */
char *
rp_order_format_local_time (gint64 utc_usec)
{
  g_autoptr(GDateTime) dt = NULL;

  if (utc_usec <= 0)
    return g_strdup ("");

  dt = g_date_time_new_from_unix_local (utc_usec / G_USEC_PER_SEC);
  if (dt == NULL)
    return g_strdup ("");

  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

static gboolean
is_unsafe (gunichar c)
{
  if (c == '\n' || c == '\t')
    return FALSE;

  /* Controls, and the bidi embeddings, overrides and isolates that could reorder what
   * surrounds them. */
  return g_unichar_iscntrl (c) ||
         (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

/* Buyer text for a plain-text GtkLabel: invalid bytes and characters that could act are
 * shown as U+FFFD instead. */
char *
rp_order_format_plain (const char *text)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (text));
  p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar)-1 || c == (gunichar)-2)
        {
          g_string_append_unichar (out, 0xFFFD);
          p++;
          continue;
        }

      g_string_append_unichar (out, is_unsafe (c) ? 0xFFFD : c);
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}

/* "🇫🇷 Name": the flag first so that names line up after it. */
char *
rp_order_format_buyer (RpOrder *order)
{
  g_autofree char *flag = rp_country_get_flag (order->buyer_country);
  g_autofree char *name = rp_order_format_plain (order->buyer_name != NULL ? order->buyer_name
                                                                             : order->buyer_login_id);

  if (flag[0] == '\0')
    return g_steal_pointer (&name);

  return g_strconcat (flag, " ", name, NULL);
}

/**
 * rp_order_format_items:
 * @items_summary: (nullable): the order's product names, one a line (RpOrder:items_summary)
 * @n_others: (out) (optional): how many products follow the first
 * @all_out: (out) (optional) (transfer full): every name, one a line, for a tooltip
 *
 * Returns: (transfer full): the first product, plain text; "" without products
 */
char *
rp_order_format_items (const char  *items_summary,
                       guint       *n_others,
                       char       **all_out)
{
  g_autofree char *plain = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (n_others != NULL)
    *n_others = 0;
  if (all_out != NULL)
    *all_out = NULL;

  if (items_summary == NULL || *items_summary == '\0')
    return g_strdup ("");

  plain = rp_order_format_plain (items_summary);
  lines = g_strsplit (plain, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_ptr_array_add (names, lines[i]);

  if (names->len == 0)
    return g_strdup ("");

  if (n_others != NULL)
    *n_others = names->len - 1;

  if (all_out != NULL)
    {
      g_ptr_array_add (names, NULL);
      *all_out = g_strjoinv ("\n", (char **)names->pdata);
      g_ptr_array_remove_index (names, names->len - 1);
    }

  return g_strdup (g_ptr_array_index (names, 0));
}

/**
 * rp_order_format_items_more:
 *
 * Returns: (transfer full): "+2 more" after the first product; "" when there is none
 */
char *
rp_order_format_items_more (guint n_others)
{
  if (n_others == 0)
    return g_strdup ("");

  /* Translators: after the first product of an order, how many others it has */
  return g_strdup_printf (ngettext ("+%u more", "+%u more", n_others), n_others);
}
