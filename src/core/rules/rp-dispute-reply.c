/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-dispute-reply"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rp-country.h"
#include "rp-dispute-reply.h"
#include "rp-template.h"

G_DEFINE_QUARK (rp-dispute-reply-error-quark, rp_dispute_reply_error)

/* Issue ids are marketplace numbers; anything longer is not one. */
#define MAX_ISSUE_ID 64

/* Ten billion in major units: far beyond any order, well inside gint64 cents. */
#define MAX_AMOUNT_CENTS G_GINT64_CONSTANT (1000000000000)

char *
rp_dispute_answered_format (const char *issue_id,
                            gint64      at)
{
  g_return_val_if_fail (issue_id != NULL && *issue_id != '\0', NULL);

  return g_strdup_printf ("%s %" G_GINT64_FORMAT, issue_id, at);
}

gboolean
rp_dispute_answered_parse (const char  *value,
                           char       **out_issue_id,
                           gint64      *out_at,
                           GError     **error)
{
  const char *space;
  g_autofree char *issue_id = NULL;
  gint64 at;

  if (value == NULL || !g_utf8_validate (value, -1, NULL) ||
      (space = strchr (value, ' ')) == NULL || space == value ||
      space - value > MAX_ISSUE_ID)
    {
      g_set_error_literal (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_INVALID,
                           "Not a dispute answer record");
      return FALSE;
    }

  issue_id = g_strndup (value, space - value);
  if (strchr (issue_id, ' ') != NULL ||
      !g_ascii_string_to_signed (space + 1, 10, 0, G_MAXINT64, &at, NULL))
    {
      g_set_error_literal (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_INVALID,
                           "Not a dispute answer record");
      return FALSE;
    }

  if (out_issue_id != NULL)
    *out_issue_id = g_steal_pointer (&issue_id);
  if (out_at != NULL)
    *out_at = at;
  return TRUE;
}

/**
 * rp_dispute_is_answered:
 * @value: (nullable): the order's %RP_DISPUTE_ORDER_STATE_ANSWERED value
 * @out_at: (out) (optional): when it was answered
 *
 * A record for another issue of the same order (a new dispute) does not count.
 */
gboolean
rp_dispute_is_answered (RpDispute  *dispute,
                        const char *value,
                        gint64     *out_at)
{
  g_autofree char *issue_id = NULL;
  gint64 at = 0;

  g_return_val_if_fail (RP_IS_DISPUTE (dispute), FALSE);

  if (value == NULL || !rp_dispute_answered_parse (value, &issue_id, &at, NULL))
    return FALSE;
  if (g_strcmp0 (issue_id, dispute->issue_id) != 0)
    return FALSE;

  if (out_at != NULL)
    *out_at = at;
  return TRUE;
}

char *
rp_dispute_format_money (const RpMoney *money)
{
  gint64 cents;
  const char *sign = "";

  g_return_val_if_fail (money != NULL, NULL);

  cents = money->cents;
  if (cents < 0)
    {
      sign = "-";
      cents = cents == G_MININT64 ? G_MAXINT64 : -cents;
    }

  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d %s", sign, cents / 100,
                          (int)(cents % 100), money->currency[0] != '\0' ? money->currency : "USD");
}

gboolean
rp_dispute_parse_amount (const char  *text,
                         gint64      *out_cents,
                         GError     **error)
{
  g_autofree char *copy = NULL;
  const char *p;
  gint64 whole = 0;
  gint64 fraction = 0;
  guint n_digits = 0;
  guint n_fraction = 0;

  g_return_val_if_fail (out_cents != NULL, FALSE);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    goto invalid;

  copy = g_strstrip (g_strdup (text));
  for (p = copy; g_ascii_isdigit (*p); p++)
    {
      if (++n_digits > 10)
        goto invalid;
      whole = whole * 10 + (*p - '0');
    }

  if (*p == '.' || *p == ',')
    {
      for (p++; g_ascii_isdigit (*p); p++)
        {
          if (++n_fraction > 2)
            goto invalid;
          fraction = fraction * 10 + (*p - '0');
        }
      if (n_fraction == 1)
        fraction *= 10;
    }

  if (*p != '\0' || (n_digits == 0 && n_fraction == 0))
    goto invalid;

  *out_cents = whole * 100 + fraction;
  return TRUE;

invalid:
  g_set_error (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_INVALID,
               _("“%s” is not an amount; write it like 12.50"),
               text != NULL && g_utf8_validate (text, -1, NULL) ? text : "?");
  return FALSE;
}

gboolean
rp_dispute_check_refund (const RpMoney  *amount,
                         const RpMoney  *cap,
                         GError        **error)
{
  g_return_val_if_fail (amount != NULL && cap != NULL, FALSE);

  if (amount->cents <= 0)
    {
      g_set_error_literal (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_NOT_POSITIVE,
                           _("The refund must be more than zero."));
      return FALSE;
    }

  if (amount->cents > MAX_AMOUNT_CENTS)
    {
      g_set_error_literal (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_INVALID,
                           _("The refund is too large."));
      return FALSE;
    }

  if (cap->currency[0] != '\0' && amount->currency[0] != '\0' &&
      g_ascii_strcasecmp (cap->currency, amount->currency) != 0)
    {
      g_set_error (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_CURRENCY,
                   _("The refund must be in %s, the currency of the dispute."), cap->currency);
      return FALSE;
    }

  if (amount->cents > cap->cents)
    {
      g_autofree char *max = rp_dispute_format_money (cap);

      g_set_error (error, RP_DISPUTE_REPLY_ERROR, RP_DISPUTE_REPLY_ERROR_OVER_CAP,
                   _("The refund can be at most %s."), max);
      return FALSE;
    }

  return TRUE;
}

/**
 * rp_dispute_language_name:
 *
 * Each language by its own name, so that the seller recognises the one the buyer reads
 * whatever language Rapport itself shows.
 *
 * Returns: (transfer none): the name, or @language when it is not a template language
 */
const char *
rp_dispute_language_name (const char *language)
{
  static const struct { const char *code; const char *name; } names[] = {
    { "ar", "العربية" }, { "de", "Deutsch" }, { "en", "English" }, { "es", "Español" },
    { "fr", "Français" }, { "he", "עברית" }, { "it", "Italiano" }, { "ja", "日本語" },
    { "ko", "한국어" }, { "nl", "Nederlands" }, { "pl", "Polski" }, { "pt", "Português" },
    { "ru", "Русский" }, { "tr", "Türkçe" },
  };

  for (guint i = 0; language != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (language, names[i].code))
      return names[i].name;
  return language;
}

char *
rp_dispute_buyer_language (const char *country)
{
  const RpCountry *entry = country != NULL ? rp_country_lookup (country) : NULL;
  const char *languages;
  gsize len;

  if (entry == NULL || entry->languages == NULL || *entry->languages == '\0')
    return g_strdup ("en");

  /* "pt-BR,en": the main language, without its region. */
  languages = entry->languages;
  len = strcspn (languages, ",-_");
  return g_ascii_strdown (languages, len);
}

char *
rp_dispute_playbook_render (RpDispute   *dispute,
                            RpOrder     *order,
                            RpShipment  *shipment,
                            const char  *language,
                            GError     **error)
{
  g_autoptr(GHashTable) values = rp_template_values_new ();
  RpTemplateKind kind;
  const char *tmpl;

  g_return_val_if_fail (RP_IS_DISPUTE (dispute), NULL);
  g_return_val_if_fail (RP_IS_ORDER (order), NULL);
  g_return_val_if_fail (shipment == NULL || RP_IS_SHIPMENT (shipment), NULL);

  kind = rp_template_kind_for_dispute (dispute->reason);
  tmpl = rp_template_lookup (kind, language != NULL ? language : "en");

  rp_template_values_add_order (values, order, 0, 0, NULL);
  if (shipment != NULL)
    rp_template_values_add_shipment (values, shipment, g_get_real_time ());

  return rp_template_render (tmpl, values, error);
}
