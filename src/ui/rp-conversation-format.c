/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-conversation-format"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "rp-conversation-format.h"
#include "rp-local-time.h"

static GDateTime *
to_local (gint64     utc_usec,
          GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_usec / G_USEC_PER_SEC);

  if (utc == NULL)
    return NULL;

  return g_date_time_to_timezone (utc, zone);
}

/* g_date_time_format() pads %e with a space; a label should not start with one. */
static char *
format_trimmed (GDateTime  *dt,
                const char *format)
{
  g_autofree char *text = g_date_time_format (dt, format);

  return g_strdup (g_strstrip (text != NULL ? text : (char *) ""));
}

gboolean
rp_conversation_same_day (gint64     a,
                          gint64     b,
                          GTimeZone *zone)
{
  return rp_local_time_start_of_day (a, zone) == rp_local_time_start_of_day (b, zone);
}

char *
rp_conversation_format_clock (gint64     utc_usec,
                              GTimeZone *zone)
{
  g_autoptr(GDateTime) dt = to_local (utc_usec, zone);

  if (dt == NULL)
    return g_strdup ("");

  return g_date_time_format (dt, "%H:%M");
}

char *
rp_conversation_format_when (gint64     utc_usec,
                             gint64     now,
                             GTimeZone *zone)
{
  g_autoptr(GDateTime) dt = to_local (utc_usec, zone);
  g_autoptr(GDateTime) now_dt = to_local (now, zone);
  gint64 today = rp_local_time_start_of_day (now, zone);

  if (dt == NULL || now_dt == NULL || utc_usec <= 0)
    return g_strdup ("");

  if (utc_usec >= today)
    return g_date_time_format (dt, "%H:%M");
  if (utc_usec >= today - 6 * G_TIME_SPAN_DAY)
    return format_trimmed (dt, "%a");
  if (g_date_time_get_year (dt) == g_date_time_get_year (now_dt))
    /* TRANSLATORS: a date in the conversation list, see strftime(3) */
    return format_trimmed (dt, _("%e %b"));

  /* TRANSLATORS: a date of another year in the conversation list, see strftime(3) */
  return format_trimmed (dt, _("%e %b %Y"));
}

char *
rp_conversation_format_day (gint64     utc_usec,
                            gint64     now,
                            GTimeZone *zone)
{
  g_autoptr(GDateTime) dt = to_local (utc_usec, zone);
  gint64 today = rp_local_time_start_of_day (now, zone);
  gint64 day = rp_local_time_start_of_day (utc_usec, zone);

  if (dt == NULL)
    return g_strdup ("");

  if (day == today)
    return g_strdup (_("Today"));
  if (rp_local_time_next_day (day, zone) == today)
    return g_strdup (_("Yesterday"));

  /* TRANSLATORS: a day separator in a conversation, see strftime(3) */
  return format_trimmed (dt, _("%A, %e %B %Y"));
}

void
rp_conversation_format_load_style (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/rp-conversation-view.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  loaded = TRUE;
}
