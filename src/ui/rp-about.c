/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-about"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rp-about.h"

/* The About window shows the metainfo's data.  libadwaita 1.4 reads it by itself
 * (adw_about_window_new_from_appdata); 1.2 cannot, so this reads the few fields it shows. */

typedef struct
{
  GString  *text;
  GString  *release_notes;
  char     *name;
  char     *summary;
  char     *developer;
  char     *homepage;
  char     *bugtracker;
  char     *version;
  guint     in_release_description : 1;
  guint     release_done : 1;
  char     *url_type;
} Metainfo;

static void
metainfo_clear (Metainfo *info)
{
  g_string_free (info->text, TRUE);
  g_string_free (info->release_notes, TRUE);
  g_free (info->name);
  g_free (info->summary);
  g_free (info->developer);
  g_free (info->homepage);
  g_free (info->bugtracker);
  g_free (info->version);
  g_free (info->url_type);
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Metainfo *info = user_data;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);

  g_string_truncate (info->text, 0);

  if (g_str_equal (element, "url"))
    {
      g_clear_pointer (&info->url_type, g_free);
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "type"))
          info->url_type = g_strdup (values[i]);
    }
  else if (g_str_equal (element, "release") && !info->release_done && info->version == NULL)
    {
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "version"))
          info->version = g_strdup (values[i]);
    }
  else if (g_str_equal (element, "description") && stack->next != NULL &&
           g_str_equal (stack->next->data, "release") && !info->release_done)
    info->in_release_description = TRUE;
  else if (info->in_release_description &&
           (g_str_equal (element, "p") || g_str_equal (element, "ul") || g_str_equal (element, "li")))
    g_string_append_printf (info->release_notes, "<%s>", element);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  Metainfo *info = user_data;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);
  const char *parent = stack->next != NULL ? stack->next->data : "";
  g_autofree char *text = g_strstrip (g_strdup (info->text->str));

  if (info->in_release_description)
    {
      if (g_str_equal (element, "description"))
        {
          info->in_release_description = FALSE;
          info->release_done = TRUE;
        }
      else if (g_str_equal (element, "p") || g_str_equal (element, "li") || g_str_equal (element, "ul"))
        {
          g_autofree char *escaped = g_markup_escape_text (text, -1);

          if (!g_str_equal (element, "ul"))
            g_string_append (info->release_notes, escaped);
          g_string_append_printf (info->release_notes, "</%s>", element);
        }
    }
  else if (g_str_equal (parent, "component"))
    {
      if (g_str_equal (element, "name") && info->name == NULL)
        info->name = g_steal_pointer (&text);
      else if (g_str_equal (element, "summary") && info->summary == NULL)
        info->summary = g_steal_pointer (&text);
      else if (g_str_equal (element, "developer_name") && info->developer == NULL)
        info->developer = g_steal_pointer (&text);
      else if (g_str_equal (element, "url") && g_strcmp0 (info->url_type, "homepage") == 0)
        info->homepage = g_steal_pointer (&text);
      else if (g_str_equal (element, "url") && g_strcmp0 (info->url_type, "bugtracker") == 0)
        info->bugtracker = g_steal_pointer (&text);
    }
  else if (g_str_equal (parent, "developer") && g_str_equal (element, "name") && info->developer == NULL)
    info->developer = g_steal_pointer (&text);

  g_string_truncate (info->text, 0);
}

static void
text (GMarkupParseContext  *context,
      const char           *str,
      gsize                 len,
      gpointer              user_data,
      GError              **error)
{
  Metainfo *info = user_data;

  /* Collapse the metainfo's indentation into single spaces. */
  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_isspace (str[i]))
        {
          if (info->text->len > 0 && info->text->str[info->text->len - 1] != ' ')
            g_string_append_c (info->text, ' ');
        }
      else
        g_string_append_c (info->text, str[i]);
    }
}

GtkWindow *
rp_about_window_new (GtkWindow *parent)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  static const char *developers[] = { "The Rapport developers", NULL };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Metainfo info = { g_string_new (NULL), g_string_new (NULL) };
  GtkWidget *about;

  bytes = g_resources_lookup_data (RESOURCE_PREFIX "/metainfo.xml", 0, &error);
  if (bytes != NULL)
    {
      context = g_markup_parse_context_new (&parser, 0, &info, NULL);
      if (!g_markup_parse_context_parse (context, g_bytes_get_data (bytes, NULL),
                                         g_bytes_get_size (bytes), &error))
        g_warning ("Could not read the bundled metainfo: %s", error->message);
    }
  else
    g_warning ("No bundled metainfo: %s", error->message);

  about = adw_about_window_new ();
  g_object_set (about,
                "transient-for", parent,
                "modal", TRUE,
                "application-icon", APP_ID,
                "application-name", info.name != NULL ? info.name : _("Rapport"),
                "version", PACKAGE_VERSION,
                "comments", info.summary,
                "developer-name", info.developer,
                "developers", developers,
                "website", info.homepage,
                "issue-url", info.bugtracker,
                "license-type", GTK_LICENSE_GPL_3_0,
                "release-notes", info.release_notes->str,
                "release-notes-version", info.version,
                /* Translators: put your names here, one per line */
                "translator-credits", _("translator-credits"),
                NULL);

  metainfo_clear (&info);

  return GTK_WINDOW (about);
}
