/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-confirmation"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-confirmation.h"
#include "rp-message.h"

/**
 * rp_confirmation_deadline:
 * @sent_at: when the confirmation went out, UTC µs
 * @window: the objection window; 0 or less means the default (24 h)
 *
 * Returns: the end of the objection window, UTC µs.
 */
gint64
rp_confirmation_deadline (gint64    sent_at,
                          GTimeSpan window)
{
  if (window <= 0)
    window = RP_CONFIRMATION_DEFAULT_WINDOW;

  return sent_at + window;
}

/**
 * rp_confirmation_window_from_hours:
 * @hours: the window the seller chose
 *
 * Returns: @hours as a time span, kept within 1 hour and 7 days.
 */
GTimeSpan
rp_confirmation_window_from_hours (guint hours)
{
  return (GTimeSpan)CLAMP (hours, RP_CONFIRMATION_MIN_WINDOW_HOURS,
                           RP_CONFIRMATION_MAX_WINDOW_HOURS) * G_TIME_SPAN_HOUR;
}

/* The words for a number of hours after "within" in each language of the built-in
 * confirmations.  The forms follow the CLDR plural categories of each language, and the
 * case its sentence needs: the genitive after Russian "в течение" and Polish "w ciągu". */
static char *
format_hours (guint       n,
              const char *language)
{
  guint n10 = n % 10;
  guint n100 = n % 100;

  if (g_str_equal (language, "ar"))
    {
      /* One and two are said by the noun alone; 3–10 take the plural, 11–99 the
       * singular accusative, and above a hundred the remainder decides. */
      if (n == 1)
        return g_strdup ("ساعة واحدة");
      if (n == 2)
        return g_strdup ("ساعتين");
      if (n100 >= 3 && n100 <= 10)
        return g_strdup_printf ("%u ساعات", n);
      return g_strdup_printf ("%u ساعة", n);
    }
  if (g_str_equal (language, "he"))
    {
      if (n == 1)
        return g_strdup ("שעה אחת");
      if (n == 2)
        return g_strdup ("שעתיים");
      return g_strdup_printf ("%u שעות", n);
    }
  if (g_str_equal (language, "ru"))
    return g_strdup_printf (n10 == 1 && n100 != 11 ? "%u часа" : "%u часов", n);
  if (g_str_equal (language, "pl"))
    return g_strdup_printf (n == 1 ? "%u godziny" : "%u godzin", n);
  if (g_str_equal (language, "de"))
    return g_strdup_printf (n == 1 ? "%u Stunde" : "%u Stunden", n);
  if (g_str_equal (language, "es") || g_str_equal (language, "pt"))
    return g_strdup_printf (n == 1 ? "%u hora" : "%u horas", n);
  if (g_str_equal (language, "fr"))
    return g_strdup_printf (n == 1 ? "%u heure" : "%u heures", n);
  if (g_str_equal (language, "it"))
    return g_strdup_printf (n == 1 ? "%u ora" : "%u ore", n);
  if (g_str_equal (language, "nl"))
    return g_strdup_printf ("%u uur", n);
  if (g_str_equal (language, "tr"))
    return g_strdup_printf ("%u saat", n);
  if (g_str_equal (language, "ja"))
    return g_strdup_printf ("%u時間", n);
  if (g_str_equal (language, "ko"))
    return g_strdup_printf ("%u시간", n);

  return g_strdup_printf (n == 1 ? "%u hour" : "%u hours", n);
}

/**
 * rp_confirmation_format_window:
 * @window: the objection window
 * @language: (nullable): the language of the confirmation, "pt" or "pt_BR.UTF-8"
 *
 * Returns: (transfer full) (nullable): the window in whole hours with its unit, in
 *   @language, ready to follow "within"; %NULL when @window is shorter than an hour.
 */
char *
rp_confirmation_format_window (GTimeSpan   window,
                               const char *language)
{
  g_autofree char *code = NULL;
  gint64 hours;

  /* Rounded down: the buyer must never think there is more time than there is. */
  hours = window / G_TIME_SPAN_HOUR;
  if (hours < 1)
    return NULL;

  if (language != NULL)
    code = g_ascii_strdown (language, strcspn (language, "_-.@"));
  /* Hebrew's old code, as rp_template_lookup() takes it. */
  if (g_strcmp0 (code, "iw") == 0)
    {
      g_free (code);
      code = g_strdup ("he");
    }

  return format_hours ((guint)MIN (hours, G_MAXUINT), code != NULL ? code : "en");
}

/**
 * rp_confirmation_advance:
 * @state: the state the order is in now
 * @sent_at: when the confirmation was sent, UTC µs; 0 when it was not
 * @deadline: the end of the objection window; 0 means @sent_at + 24 h
 * @buyer_message_times: (array length=n_buyer_messages): server times of the buyer's
 *   messages on the order (any order, any age: the ones before @sent_at are ignored)
 * @reviewed_at: when the seller last marked the buyer's reply reviewed; 0 when never.
 *   A reply newer than that needs a new review.
 * @now: UTC µs
 *
 * Computes the confirmation state (DESIGN §6): none → sent → needs review (the buyer
 * answered) | ready to ship (the window closed quietly, or the seller reviewed every
 * reply) → shipped.  Shipped is final; marking shipped is the caller's transition.
 *
 * Returns: the new state.
 */
RpConfirmationState
rp_confirmation_advance (RpConfirmationState  state,
                         gint64               sent_at,
                         gint64               deadline,
                         const gint64        *buyer_message_times,
                         gsize                n_buyer_messages,
                         gint64               reviewed_at,
                         gint64               now)
{
  gboolean any_reply = FALSE;
  gboolean unreviewed_reply = FALSE;

  g_return_val_if_fail (n_buyer_messages == 0 || buyer_message_times != NULL, state);

  if (state == RP_CONFIRMATION_SHIPPED)
    return state;

  if (sent_at <= 0)
    {
      /* Nothing was sent: there is no window to close and nothing to review. */
      if (state == RP_CONFIRMATION_NONE || deadline <= 0)
        return state;

      /* A stored deadline without a send time (older rows): assume the default window. */
      sent_at = deadline - RP_CONFIRMATION_DEFAULT_WINDOW;
    }

  if (deadline <= 0)
    deadline = rp_confirmation_deadline (sent_at, RP_CONFIRMATION_DEFAULT_WINDOW);

  for (gsize i = 0; i < n_buyer_messages; i++)
    {
      gint64 t = buyer_message_times[i];

      /* Not compared with @now: server clocks run a little ahead of ours, and a real
       * reply must never be lost to skew. */
      if (t < sent_at)
        continue;

      any_reply = TRUE;
      if (t > reviewed_at)
        unreviewed_reply = TRUE;
    }

  if (unreviewed_reply)
    return RP_CONFIRMATION_NEEDS_REVIEW;

  /* The seller read the objection and settled it with the buyer: no need to wait out
   * the rest of the window. */
  if (any_reply)
    return RP_CONFIRMATION_READY_TO_SHIP;

  if (now >= deadline || state == RP_CONFIRMATION_READY_TO_SHIP)
    return RP_CONFIRMATION_READY_TO_SHIP;

  return RP_CONFIRMATION_SENT;
}

/**
 * rp_confirmation_advance_messages:
 * @messages: (element-type RpMessage): the order's messages; the seller's own are skipped
 *
 * rp_confirmation_advance() over the messages of an order's channel.
 */
RpConfirmationState
rp_confirmation_advance_messages (RpConfirmationState  state,
                                  gint64               sent_at,
                                  gint64               deadline,
                                  GPtrArray           *messages,
                                  gint64               reviewed_at,
                                  gint64               now)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (messages != NULL)
    {
      for (guint i = 0; i < messages->len; i++)
        {
          RpMessage *message = g_ptr_array_index (messages, i);

          g_return_val_if_fail (RP_IS_MESSAGE (message), state);

          if (message->is_own || message->sent_at <= 0)
            continue;
          g_array_append_val (times, message->sent_at);
        }
    }

  return rp_confirmation_advance (state, sent_at, deadline,
                                  (const gint64 *)(gpointer)times->data, times->len,
                                  reviewed_at, now);
}

/**
 * rp_confirmation_override_reason_is_valid:
 *
 * Returns: %TRUE when @override_reason is valid UTF-8 with at least one character
 *   that is not white space.
 */
gboolean
rp_confirmation_override_reason_is_valid (const char *override_reason)
{
  if (override_reason == NULL || !g_utf8_validate (override_reason, -1, NULL))
    return FALSE;

  for (const char *p = override_reason; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* U+200B and U+FEFF are not "space" to GLib but look empty all the same. */
      if (!g_unichar_isspace (c) && c != 0x200B && c != 0xFEFF)
        return TRUE;
    }

  return FALSE;
}

/**
 * rp_confirmation_can_ship:
 * @order: the order
 * @state: its confirmation state, as rp_confirmation_advance() computed it
 * @override_reason: (nullable): why the seller ships anyway; recorded by the caller
 * @reason_out: (out) (optional) (transfer full): when shipping is refused, a sentence
 *   saying why, for the seller
 *
 * The note gate (DESIGN §1): an order whose buyer left a note may only be marked shipped
 * once the note was confirmed with the buyer — the confirmation was sent and its window
 * closed, or the buyer's reply was reviewed — or with an explicit, non-blank reason.
 *
 * Returns: %TRUE when the order may be marked shipped.
 */
gboolean
rp_confirmation_can_ship (RpOrder              *order,
                          RpConfirmationState   state,
                          const char           *override_reason,
                          char                **reason_out)
{
  const char *why;

  g_return_val_if_fail (RP_IS_ORDER (order), FALSE);

  if (reason_out != NULL)
    *reason_out = NULL;

  if (state == RP_CONFIRMATION_SHIPPED || state == RP_CONFIRMATION_READY_TO_SHIP)
    return TRUE;

  if (!rp_order_has_buyer_note (order))
    return TRUE;

  if (rp_confirmation_override_reason_is_valid (override_reason))
    return TRUE;

  if (override_reason != NULL)
    why = _("To ship without confirming the buyer’s note, write down why.");
  else if (state == RP_CONFIRMATION_NEEDS_REVIEW)
    why = _("The buyer answered the confirmation. Review the reply before shipping.");
  else if (state == RP_CONFIRMATION_SENT)
    why = _("The buyer can still object to the confirmation. Wait until the window closes.");
  else
    why = _("The buyer left a note. Confirm the order with the buyer before shipping.");

  if (reason_out != NULL)
    *reason_out = g_strdup (why);

  return FALSE;
}
