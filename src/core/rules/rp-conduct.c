/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-conduct"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-conduct.h"

G_DEFINE_QUARK (rp-conduct-error-quark, rp_conduct_error)

/* Up to three words between two keywords, within one sentence. */
#define GAP "(?:[^\\w.!?\\n]+[\\w'’-]+){0,3}?[^\\w.!?\\n]+"

/* Something the buyer would get for feedback. */
#define REWARD "(?:coupon|discount|refund|gift|bonus|free|compensat\\w*|cash\\s*back|money" \
               "|voucher|reward|rebate" \
               "|remboursement|réduction|cadeau|bon\\s+d'achat|cupón|cupon|descuento|reembolso" \
               "|regalo|desconto|presente|brinde" \
               "|Rabatt|Gutschein|Geschenk|Erstattung|скидк\\w*|купон\\w*|подар\\w*|бонус\\w*" \
               "|компенсац\\w*|возврат\\w*)"
#define GOOD_FEEDBACK "(?:positive|good|5|five|nice|great|positi\\w+|bon(?:ne)?|buen[oa]|boa|bom" \
                      "|gute?n?|хорош\\w*|положительн\\w*|пят\\w*)" \
                      "[\\s-]*(?:stars?\\s+|étoiles?\\s+|estrelas?\\s+|estrellas?\\s+|Sterne?\\s+" \
                      "|звезд\\w*\\s+)?" \
                      "(?:feedback|review|rating|stars?|evaluation|avis|évaluation|note" \
                      "|valoraci[oó]n|calificaci[oó]n|opini[oó]n|reseña" \
                      "|avalia[cç][aã]o|Bewertung|Rezension|Sterne|отзыв\\w*|оценк\\w*)"

typedef enum
{
  MATCH_PLAIN,
  MATCH_URL,            /* allowed when the host is a tracking site or the platform */
  MATCH_PHONE,          /* allowed unless it has the digits of a phone number */
} MatchType;

typedef struct
{
  RpConductKind  kind;
  MatchType      type;
  const char    *pattern;
} Rule;

static const Rule rules[] = {
  /* Confirm receipt; "confirm the delivery address" is fine. */
  { RP_CONDUCT_CONFIRM_RECEIPT, MATCH_PLAIN,
    "\\bconfirm\\w*" GAP
    "(?:receipt|order\\s+received|(?<!for\\s)(?<!of\\s)delivery(?!\\s+(?:address|details"
    "|information|info|date|time|option|method))"
    "|(?:that\\s+)?(?:you\\s+)?(?:have\\s+)?received\\s+(?:the\\s+|your\\s+|this\\s+)?(?:item"
    "|parcel|package|goods|order|product)s?)\\b" },
  { RP_CONDUCT_CONFIRM_RECEIPT, MATCH_PLAIN,
    "\\bconfirm\\w*" GAP "(?:la\\s+)?(?:réception|reception|recepci[oó]n|recebimento"
    "|(?<!de\\s)entrega(?!\\s+(?:direcci|endere))|(?<!de\\s)livraison(?!\\s+(?:adresse"
    "|d'adresse)))"
    "|\\bconfirm\\w*\\s+(?:avoir\\s+reçu|que\\s+(?:vous\\s+avez|ha|has|usted\\s+ha"
    "|voc[eê]\\s+)\\s*(?:reçu|recibido|recebeu))" },
  { RP_CONDUCT_CONFIRM_RECEIPT, MATCH_PLAIN,
    "\\b(?:Empfang|Erhalt|Zustellung|Lieferung)\\w*" GAP "bestätig\\w*|\\bbestätig\\w*" GAP
    "(?:den\\s+|die\\s+)?(?:Empfang|Erhalt|Zustellung)\\w*" },
  { RP_CONDUCT_CONFIRM_RECEIPT, MATCH_PLAIN,
    "\\bподтверд\\w*" GAP "(?:получени\\w*"
    "|(?<!адрес\\s)(?<!адреса\\s)(?<!срок\\s)(?<!способ\\s)(?<!время\\s)(?<!дату\\s)доставк\\w*"
    "|что\\s+(?:вы\\s+)?получили)" },

  /* Close or cancel a dispute. */
  { RP_CONDUCT_CLOSE_DISPUTE, MATCH_PLAIN,
    "\\b(?:close|cancel|withdraw|remove|drop|retract)\\w*" GAP
    "(?:dispute|claim|complaint|refund\\s+request)s?\\b" },
  { RP_CONDUCT_CLOSE_DISPUTE, MATCH_PLAIN,
    "\\b(?:annul|ferm|clôtur|clotur|retir|abandonn|cancel|cerr|anul|fech|encerr)\\w*" GAP
    "(?:litige|réclamation|reclamation|disputa|reclamaci[oó]n|reclamo|reclama[cç][aã]o)s?\\b" },
  { RP_CONDUCT_CLOSE_DISPUTE, MATCH_PLAIN,
    "\\b(?:Streitfall|Reklamation|Disput|Beschwerde)\\w*" GAP
    "(?:schließ|schliess|zurückzieh|zurückgezogen|zurueckzieh|storn|abbrech|beend)\\w*"
    "|\\b(?:schließ|schliess|storn|beend)\\w*" GAP
    "(?:Streitfall|Reklamation|Disput|Beschwerde)\\w*" },
  { RP_CONDUCT_CLOSE_DISPUTE, MATCH_PLAIN,
    "\\b(?:закр|отмен|отозв|отзов)\\w*" GAP "(?:спор|диспут|претензи)\\w*" },

  /* Ratings. */
  { RP_CONDUCT_FEEDBACK, MATCH_PLAIN,
    "\\b(?:change|remove|delete|modify|edit|revise|withdraw)\\w*" GAP
    "(?:rating|feedback|review|stars?|evaluation)s?\\b" },
  { RP_CONDUCT_FEEDBACK, MATCH_PLAIN,
    "\\b(?:modifi\\w*|chang\\w*|supprim\\w*|retir\\w*|cambi\\w*|modific\\w*|elimin\\w*|borr(?:ar"
    "|e|en)|quit(?:ar|en)|alter(?:ar|e|em)|mud(?:ar|e|em)|remov\\w*|apag(?:ar|ue)|exclu(?:ir|a"
    "|am))\\b" GAP
    "(?:avis|évaluation|evaluation|valoraci[oó]n|calificaci[oó]n|opini[oó]n|reseña"
    "|avalia[cç][aã]o|feedback|coment[aá]rio)s?\\b" },
  { RP_CONDUCT_FEEDBACK, MATCH_PLAIN,
    "\\b(?:Bewertung|Feedback|Rezension)\\w*" GAP
    "(?:änder|aender|lösch|loesch|entfern|zurückzieh|anpass)\\w*"
    "|\\b(?:änder|lösch|entfern)\\w*" GAP "(?:Bewertung|Feedback|Rezension)\\w*" },
  { RP_CONDUCT_FEEDBACK, MATCH_PLAIN,
    "\\b(?:измен|удал|исправ|поменя|убер|убра)\\w*" GAP "(?:отзыв|оценк|рейтинг)\\w*" },
  { RP_CONDUCT_FEEDBACK, MATCH_PLAIN,
    "\\b" GOOD_FEEDBACK "\\b[^.!?\\n]{0,80}?\\b" REWARD "|\\b" REWARD "\\b[^.!?\\n]{0,80}?\\b"
    GOOD_FEEDBACK "\\b" },

  /* Off the platform. */
  { RP_CONDUCT_OFF_PLATFORM, MATCH_PLAIN,
    "[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+" },
  { RP_CONDUCT_OFF_PLATFORM, MATCH_PLAIN,
    "\\b(?:whats\\s*app|wechat|we\\s+chat|weixin|telegram|skype|viber|line\\s+id|facebook"
    "|instagram|vk\\.com"
    "|ватсап|вотсап|телеграм\\w*|вайбер\\w*|скайп\\w*)\\b|微信|\\bwa\\.me/|\\bt\\.me/" },
  { RP_CONDUCT_OFF_PLATFORM, MATCH_PLAIN,
    "\\boutside\\s+(?:of\\s+)?(?:the\\s+)?(?:platform|aliexpress|ali\\s*express)"
    "|\\bhors\\s+(?:de\\s+)?(?:la\\s+)?plate-?forme"
    "|\\bfuera\\s+de\\s+(?:la\\s+)?plataforma|\\bfora\\s+da\\s+plataforma"
    "|\\baußerhalb\\s+(?:der\\s+)?Plattform|\\bвне\\s+платформ\\w*" },
  { RP_CONDUCT_OFF_PLATFORM, MATCH_URL,
    "(?:https?://|\\bwww\\.)[^\\s<>\"'{}|\\\\^`]+"
    "|(?<![@\\w.-])[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)*\\.(?:com|net|org|shop|store|online|site"
    "|io|co|me|info|biz|ru|cn|de|fr|es|br|pt|uk|pl|it|nl|tr|kr|jp)\\b(?:/[^\\s<>\"']*)?" },
  { RP_CONDUCT_OFF_PLATFORM, MATCH_PHONE,
    "\\+\\s?\\d[\\d\\s().-]{6,22}\\d" },
  { RP_CONDUCT_OFF_PLATFORM, MATCH_PHONE,
    "\\b(?:phone|tel|call|mobile|cell|whatsapp|телефон|тел|téléphone|portable|teléfono|telefone"
    "|celular|móvil|telefon|handy)\\w*"
    "[^\\d\\n]{0,12}(\\d[\\d\\s().-]{5,22}\\d)" },

  /* Money outside the platform. */
  { RP_CONDUCT_OUTSIDE_PAYMENT, MATCH_PLAIN,
    "\\b(?:pay\\s*pal|western\\s+union|money\\s*gram|venmo|zelle|cash\\s*app|transferwise"
    "|payoneer|alipay|bank\\s+transfer|wire\\s+transfer"
    "|iban|bitcoin|crypto\\w*|usdt)\\b|支付宝" },
  { RP_CONDUCT_OUTSIDE_PAYMENT, MATCH_PLAIN,
    "\\b(?:refund|pay|send|transfer)\\w*\\s+you\\s+(?:back\\s+)?(?:the\\s+money\\s+|money\\s+"
    "|it\\s+|the\\s+difference\\s+)?(?:directly|personally|privately)\\b" },
  { RP_CONDUCT_OUTSIDE_PAYMENT, MATCH_PLAIN,
    "\\bvirement(?:\\s+bancaire)?\\b|\\brembours\\w*\\s+(?:vous\\s+)?directement"
    "|\\btransferencia\\s+bancaria|\\breembols\\w*\\s+directamente"
    "|\\btransfer[êe]ncia\\s+banc[aá]ria|\\bpix\\b|\\breembols\\w*\\s+diretamente|Überweisung"
    "|Ueberweisung|\\bdirekt\\s+(?:zurück)?(?:erstatt|überweis|zahl)\\w*"
    "|\\bна\\s+(?:вашу\\s+|твою\\s+)?(?:банковскую\\s+)?карт[уы]\\b"
    "|\\bперевед\\w*\\s+(?:вам\\s+)?деньги" },
};

/* Tracking sites and the platform itself: a link there keeps the buyer informed and
 * on the platform.  Matched as the host or a subdomain of it. */
static const char * const allowed_hosts[] = {
  "aliexpress.com", "aliexpress.ru", "aliexpress.us", "cainiao.com", "17track.net",
  "aftership.com", "parcelsapp.com", "track24.net", "track24.ru", "trackingmore.com",
  "usps.com", "ups.com", "fedex.com", "dhl.com", "dhl.de", "royalmail.com",
  "parcelforce.com", "laposte.fr", "colissimo.fr", "correos.es", "ctt.pt",
  "correios.com.br", "pochta.ru", "cdek.ru", "deutschepost.de", "postnl.nl",
  "pocztapolska24.pl", "poczta-polska.pl", "inpost.pl", "poste.it", "posteitaliane.it",
  "canadapost.ca", "canadapost-postescanada.ca", "auspost.com.au", "japanpost.jp",
  "epost.go.kr", "ptt.gov.tr", "israelpost.co.il", "emiratespost.ae", "4px.com",
  "yunexpress.com", "yanwen.com", "sf-express.com", "ems.com.cn", "bpost.be",
  "post.ch", "posti.fi", "postnord.se", "postnord.dk", "gls-group.eu", "dpd.com",
};

typedef struct
{
  GRegex *regex[G_N_ELEMENTS (rules)];
} Compiled;

static const Compiled *
get_compiled (void)
{
  static Compiled *compiled;

  if (g_once_init_enter (&compiled))
    {
      Compiled *c = g_new0 (Compiled, 1);

      for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
        {
          g_autoptr(GError) error = NULL;

          c->regex[i] = g_regex_new (rules[i].pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &error);
          if (c->regex[i] == NULL)
            g_error ("conduct rule %u: %s", i, error->message);
        }

      g_once_init_leave (&compiled, c);
    }

  return compiled;
}

/**
 * rp_conduct_explain:
 *
 * Returns: (transfer none): why the platform forbids text of @kind, translated.
 */
const char *
rp_conduct_explain (RpConductKind kind)
{
  switch (kind)
    {
    case RP_CONDUCT_CONFIRM_RECEIPT:
      return _("The platform forbids asking the buyer to confirm receipt. "
               "The buyer confirms once the parcel has arrived.");
    case RP_CONDUCT_CLOSE_DISPUTE:
      return _("The platform forbids asking the buyer to close or cancel a dispute. "
               "Offer a solution in the dispute instead.");
    case RP_CONDUCT_FEEDBACK:
      return _("The platform forbids asking the buyer to change a rating, "
               "or offering anything for good feedback.");
    case RP_CONDUCT_OFF_PLATFORM:
      return _("The platform forbids taking the conversation elsewhere: no e-mail addresses, "
               "phone numbers, messengers or links other than tracking.");
    case RP_CONDUCT_OUTSIDE_PAYMENT:
      return _("The platform forbids paying or refunding the buyer outside the platform.");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * rp_conduct_is_tracking_host:
 * @host: a host name, any case
 *
 * Returns: %TRUE when links to @host are fine in a message: the platform or a tracking
 *   site (or a subdomain of one).
 */
gboolean
rp_conduct_is_tracking_host (const char *host)
{
  g_autofree char *lower = NULL;
  gsize len;

  if (host == NULL || *host == '\0')
    return FALSE;

  lower = g_ascii_strdown (host, -1);
  len = strlen (lower);
  if (len > 0 && lower[len - 1] == '.')
    lower[--len] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (allowed_hosts); i++)
    {
      gsize n = strlen (allowed_hosts[i]);

      if (len == n && strcmp (lower, allowed_hosts[i]) == 0)
        return TRUE;
      if (len > n && lower[len - n - 1] == '.' && strcmp (lower + len - n, allowed_hosts[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
url_host (const char *url,
          gsize       len)
{
  const char *p = url;
  const char *end = url + len;
  const char *host_end;
  const char *at;

  if (len > 7 && g_ascii_strncasecmp (p, "http://", 7) == 0)
    p += 7;
  else if (len > 8 && g_ascii_strncasecmp (p, "https://", 8) == 0)
    p += 8;

  host_end = p;
  while (host_end < end && strchr ("/?#:", *host_end) == NULL)
    host_end++;

  /* user@host: the host is what follows the last @. */
  at = g_strrstr_len (p, host_end - p, "@");
  if (at != NULL)
    p = at + 1;

  return g_strndup (p, host_end - p);
}

static guint
count_digits (const char *s,
              gsize       len)
{
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    if (g_ascii_isdigit (s[i]))
      n++;

  return n;
}

static gboolean
overlaps_same_kind (GArray        *findings,
                    RpConductKind  kind,
                    gsize          start,
                    gsize          end)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const RpConductFinding *f = &g_array_index (findings, RpConductFinding, i);

      if (f->kind == kind && start < f->end && f->start < end)
        return TRUE;
    }

  return FALSE;
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const RpConductFinding *fa = a;
  const RpConductFinding *fb = b;

  if (fa->start != fb->start)
    return fa->start < fb->start ? -1 : 1;
  if (fa->kind != fb->kind)
    return fa->kind < fb->kind ? -1 : 1;
  return 0;
}

/**
 * rp_conduct_check:
 * @text: the message about to be sent
 *
 * Looks for what the platform forbids in messages to buyers (English, with the usual
 * phrasings in French, Spanish, Portuguese, German and Russian).  It warns; the seller
 * decides.
 *
 * Returns: (transfer full) (element-type RpConductFinding): the findings in text order,
 *   empty when there are none; %NULL with @error when @text is not valid UTF-8.
 */
GArray *
rp_conduct_check (const char  *text,
                  GError     **error)
{
  const Compiled *compiled = get_compiled ();
  g_autoptr(GArray) findings = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, RP_CONDUCT_ERROR, RP_CONDUCT_ERROR_INVALID_TEXT,
                           _("The message is not valid UTF-8 text."));
      return NULL;
    }

  findings = g_array_new (FALSE, TRUE, sizeof (RpConductFinding));

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      g_regex_match (compiled->regex[i], text, 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          RpConductFinding f = { 0 };
          int start, end;
          int group = g_match_info_get_match_count (match) > 1 ? 1 : 0;

          if (!g_match_info_fetch_pos (match, group, &start, &end) || start < 0)
            g_match_info_fetch_pos (match, 0, &start, &end);

          if (rules[i].type == MATCH_URL)
            {
              g_autofree char *host = NULL;

              /* Sentence punctuation after a link is not part of it. */
              while (end > start && strchr (".,;:!?)]»\"'", text[end - 1]) != NULL)
                end--;
              host = url_host (text + start, end - start);
              if (rp_conduct_is_tracking_host (host))
                continue;
            }
          else if (rules[i].type == MATCH_PHONE)
            {
              guint digits = count_digits (text + start, end - start);

              /* Order numbers (16 digits) and dates are not phone numbers. */
              if (digits < 7 || digits > 15)
                continue;
            }

          if (overlaps_same_kind (findings, rules[i].kind, start, end))
            continue;

          f.kind = rules[i].kind;
          f.start = start;
          f.end = end;
          f.start_char = g_utf8_pointer_to_offset (text, text + start);
          f.end_char = g_utf8_pointer_to_offset (text, text + end);
          f.explanation = rp_conduct_explain (f.kind);
          g_array_append_val (findings, f);
        }
    }

  g_array_sort (findings, compare_findings);

  return g_steal_pointer (&findings);
}
