/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-conversation-format"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

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

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_warning ("Could not open the link: %s", error->message);
}

static void
open_link_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  const char *url = g_object_get_data (G_OBJECT (dialog), "rp-url");
  g_autoptr(GdkAppLaunchContext) context = NULL;

  if (g_strcmp0 (response, "open") != 0 || url == NULL)
    return;

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (dialog)));
  g_app_info_launch_default_for_uri_async (url, G_APP_LAUNCH_CONTEXT (context), NULL,
                                           launched_cb, NULL);
}

GtkWidget *
rp_conversation_confirm_open_link (GtkWidget    *from,
                                   const RpLink *link)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (GTK_IS_WIDGET (from), NULL);
  g_return_val_if_fail (link != NULL, NULL);

  /* Every piece that came from the buyer is escaped; only our own tags are markup. */
  if (link->display_host != NULL)
    {
      g_autofree char *shown = g_markup_escape_text (link->display_host, -1);
      g_autofree char *ascii = g_markup_escape_text (link->host, -1);

      /* TRANSLATORS: a host name written in another script, then its ASCII form, which
       * gives away a name made of look-alike letters */
      host = g_strdup_printf (_("%s (%s)"), shown, ascii);
    }
  else
    host = g_markup_escape_text (link->host, -1);

  /* TRANSLATORS: %s is the host name a buyer's link really opens, in bold */
  g_string_append_printf (body, _("This link opens <b>%s</b>."), host);
  if (link->has_userinfo)
    {
      g_string_append (body, " ");
      /* TRANSLATORS: a link such as https://bank.com@evil.example/ looks like bank.com */
      g_string_append (body, _("The text before “@” in it is not the site."));
    }
  url = g_markup_escape_text (link->url, -1);
  g_string_append_printf (body, "\n\n<small>%s</small>\n\n", url);
  g_string_append (body, _("Open links only from buyers you trust, and never sign in through one."));

  root = gtk_widget_get_root (from);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Open Link?"), NULL);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), TRUE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open Link"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "rp-url", g_strdup (link->url), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (open_link_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}
