/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-tray"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-tray.h"

/* The tray icon speaks the StatusNotifierItem protocol directly over GDBus: it exports the
 * item and its menu on the application's own connection, and registers the item with the
 * watcher whenever one appears on the bus.  Without a watcher nothing is exported, so a
 * desktop without a tray sees no trace of it. */

#define WATCHER_NAME  "org.kde.StatusNotifierWatcher"
#define WATCHER_PATH  "/StatusNotifierWatcher"
#define ITEM_IFACE    "org.kde.StatusNotifierItem"
#define MENU_IFACE    "com.canonical.dbusmenu"

enum {
  MENU_ROOT,
  MENU_OPEN,
  MENU_SYNC,
  MENU_SEPARATOR,
  MENU_QUIT,
  N_MENU_ITEMS
};

static const char item_xml[] =
  "<node>"
  "  <interface name='org.kde.StatusNotifierItem'>"
  "    <property name='Category' type='s' access='read'/>"
  "    <property name='Id' type='s' access='read'/>"
  "    <property name='Title' type='s' access='read'/>"
  "    <property name='Status' type='s' access='read'/>"
  "    <property name='WindowId' type='i' access='read'/>"
  "    <property name='IconName' type='s' access='read'/>"
  "    <property name='AttentionIconName' type='s' access='read'/>"
  "    <property name='ToolTip' type='(sa(iiay)ss)' access='read'/>"
  "    <property name='ItemIsMenu' type='b' access='read'/>"
  "    <property name='Menu' type='o' access='read'/>"
  "    <method name='Activate'><arg name='x' type='i' direction='in'/>"
  "      <arg name='y' type='i' direction='in'/></method>"
  "    <method name='SecondaryActivate'><arg name='x' type='i' direction='in'/>"
  "      <arg name='y' type='i' direction='in'/></method>"
  "    <method name='ContextMenu'><arg name='x' type='i' direction='in'/>"
  "      <arg name='y' type='i' direction='in'/></method>"
  "    <method name='Scroll'><arg name='delta' type='i' direction='in'/>"
  "      <arg name='orientation' type='s' direction='in'/></method>"
  "    <signal name='NewTitle'/>"
  "    <signal name='NewIcon'/>"
  "    <signal name='NewAttentionIcon'/>"
  "    <signal name='NewToolTip'/>"
  "    <signal name='NewStatus'><arg name='status' type='s'/></signal>"
  "  </interface>"
  "</node>";

static const char menu_xml[] =
  "<node>"
  "  <interface name='com.canonical.dbusmenu'>"
  "    <property name='Version' type='u' access='read'/>"
  "    <property name='TextDirection' type='s' access='read'/>"
  "    <property name='Status' type='s' access='read'/>"
  "    <property name='IconThemePath' type='as' access='read'/>"
  "    <method name='GetLayout'>"
  "      <arg name='parentId' type='i' direction='in'/>"
  "      <arg name='recursionDepth' type='i' direction='in'/>"
  "      <arg name='propertyNames' type='as' direction='in'/>"
  "      <arg name='revision' type='u' direction='out'/>"
  "      <arg name='layout' type='(ia{sv}av)' direction='out'/>"
  "    </method>"
  "    <method name='GetGroupProperties'>"
  "      <arg name='ids' type='ai' direction='in'/>"
  "      <arg name='propertyNames' type='as' direction='in'/>"
  "      <arg name='properties' type='a(ia{sv})' direction='out'/>"
  "    </method>"
  "    <method name='GetProperty'>"
  "      <arg name='id' type='i' direction='in'/>"
  "      <arg name='name' type='s' direction='in'/>"
  "      <arg name='value' type='v' direction='out'/>"
  "    </method>"
  "    <method name='Event'>"
  "      <arg name='id' type='i' direction='in'/>"
  "      <arg name='eventId' type='s' direction='in'/>"
  "      <arg name='data' type='v' direction='in'/>"
  "      <arg name='timestamp' type='u' direction='in'/>"
  "    </method>"
  "    <method name='EventGroup'>"
  "      <arg name='events' type='a(isvu)' direction='in'/>"
  "      <arg name='idErrors' type='ai' direction='out'/>"
  "    </method>"
  "    <method name='AboutToShow'>"
  "      <arg name='id' type='i' direction='in'/>"
  "      <arg name='needUpdate' type='b' direction='out'/>"
  "    </method>"
  "    <method name='AboutToShowGroup'>"
  "      <arg name='ids' type='ai' direction='in'/>"
  "      <arg name='updatesNeeded' type='ai' direction='out'/>"
  "      <arg name='idErrors' type='ai' direction='out'/>"
  "    </method>"
  "    <signal name='ItemsPropertiesUpdated'>"
  "      <arg name='updatedProps' type='a(ia{sv})'/>"
  "      <arg name='removedProps' type='a(ias)'/>"
  "    </signal>"
  "    <signal name='LayoutUpdated'>"
  "      <arg name='revision' type='u'/>"
  "      <arg name='parent' type='i'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

struct _RpTray
{
  GObject          parent_instance;

  GApplication    *application;
  RpNotifier      *notifier;
  GDBusConnection *connection;
  GCancellable    *cancellable;

  guint            watch_id;
  guint            item_id;
  guint            menu_id;
  gboolean         registered;
};

G_DEFINE_FINAL_TYPE (RpTray, rp_tray, G_TYPE_OBJECT)

static GDBusNodeInfo *item_info;
static GDBusNodeInfo *menu_info;

static const char *
status (RpTray *self)
{
  return rp_notifier_get_urgent_count (self->notifier) > 0 ? "NeedsAttention" : "Active";
}

static char *
tooltip_text (RpTray *self)
{
  guint unread = rp_notifier_get_unread_count (self->notifier);
  guint urgent = rp_notifier_get_urgent_count (self->notifier);
  g_autofree char *waiting = NULL;
  g_autofree char *due = NULL;

  if (unread == 0 && urgent == 0)
    return g_strdup (_("Nothing waits for you"));

  waiting = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u buyer waits for a reply",
                                          "%u buyers wait for a reply", unread), unread);
  due = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u dispute due within 24 hours",
                                      "%u disputes due within 24 hours", urgent), urgent);
  if (urgent == 0)
    return g_steal_pointer (&waiting);
  if (unread == 0)
    return g_steal_pointer (&due);

  return g_strdup_printf ("%s\n%s", waiting, due);
}

static GVariant *
item_get_property (GDBusConnection  *connection,
                   const char       *sender,
                   const char       *object_path,
                   const char       *interface_name,
                   const char       *property_name,
                   GError          **error,
                   gpointer          user_data)
{
  RpTray *self = user_data;

  if (g_str_equal (property_name, "Category"))
    return g_variant_new_string ("Communications");
  if (g_str_equal (property_name, "Id"))
    return g_variant_new_string (APP_ID);
  if (g_str_equal (property_name, "Title"))
    return g_variant_new_string (_("Rapport"));
  if (g_str_equal (property_name, "Status"))
    return g_variant_new_string (status (self));
  if (g_str_equal (property_name, "WindowId"))
    return g_variant_new_int32 (0);
  if (g_str_equal (property_name, "IconName"))
    return g_variant_new_string (APP_ID "-symbolic");
  if (g_str_equal (property_name, "AttentionIconName"))
    return g_variant_new_string (APP_ID "-symbolic");
  if (g_str_equal (property_name, "ItemIsMenu"))
    return g_variant_new_boolean (FALSE);
  if (g_str_equal (property_name, "Menu"))
    return g_variant_new_object_path (RP_TRAY_MENU_PATH);
  if (g_str_equal (property_name, "ToolTip"))
    {
      g_autofree char *text = tooltip_text (self);

      return g_variant_new ("(s@a(iiay)ss)", APP_ID "-symbolic",
                            g_variant_new_array (G_VARIANT_TYPE ("(iiay)"), NULL, 0),
                            _("Rapport"), text);
    }

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY,
               "No property %s", property_name);
  return NULL;
}

typedef struct
{
  RpTray *self;
  int     item;
} MenuClick;

/* The reply goes out first: Quit would otherwise close the connection under the call. */
static gboolean
run_menu_item_cb (gpointer data)
{
  MenuClick *click = data;
  GApplication *app = click->self->application;

  switch (click->item)
    {
    case MENU_OPEN:
      g_application_activate (app);
      break;

    case MENU_SYNC:
      g_action_group_activate_action (G_ACTION_GROUP (app), "sync", NULL);
      break;

    case MENU_QUIT:
      g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
      break;

    default:
      break;
    }

  g_object_unref (click->self);
  g_free (click);

  return G_SOURCE_REMOVE;
}

static void
run_menu_item (RpTray *self,
               int     item)
{
  MenuClick *click = g_new0 (MenuClick, 1);

  click->self = g_object_ref (self);
  click->item = item;
  g_idle_add (run_menu_item_cb, click);
}

static void
item_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  RpTray *self = user_data;

  /* A click on the icon opens the window; the menu is the host's to show, and scrolling
   * means nothing here, but both are part of the protocol and must be answered. */
  if (g_str_equal (method_name, "Activate") || g_str_equal (method_name, "SecondaryActivate"))
    run_menu_item (self, MENU_OPEN);

  g_dbus_method_invocation_return_value (invocation, NULL);
}

static GVariant *
menu_item_properties (int item)
{
  GVariantBuilder props;

  g_variant_builder_init (&props, G_VARIANT_TYPE_VARDICT);
  switch (item)
    {
    case MENU_ROOT:
      g_variant_builder_add (&props, "{sv}", "children-display", g_variant_new_string ("submenu"));
      break;

    case MENU_OPEN:
      g_variant_builder_add (&props, "{sv}", "label", g_variant_new_string (_("Open Rapport")));
      break;

    case MENU_SYNC:
      g_variant_builder_add (&props, "{sv}", "label", g_variant_new_string (_("Sync Now")));
      break;

    case MENU_SEPARATOR:
      g_variant_builder_add (&props, "{sv}", "type", g_variant_new_string ("separator"));
      break;

    case MENU_QUIT:
      g_variant_builder_add (&props, "{sv}", "label", g_variant_new_string (_("Quit")));
      break;

    default:
      g_assert_not_reached ();
    }

  return g_variant_builder_end (&props);
}

static GVariant *
menu_layout (int item,
             int depth)
{
  GVariantBuilder children;

  g_variant_builder_init (&children, G_VARIANT_TYPE ("av"));
  if (item == MENU_ROOT && depth != 0)
    {
      for (int i = MENU_OPEN; i < N_MENU_ITEMS; i++)
        g_variant_builder_add (&children, "v", menu_layout (i, depth - 1));
    }

  return g_variant_new ("(i@a{sv}av)", item, menu_item_properties (item), &children);
}

static void
menu_method_call (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  RpTray *self = user_data;

  if (g_str_equal (method_name, "GetLayout"))
    {
      int parent, depth;

      g_variant_get (parameters, "(ii^a&s)", &parent, &depth, NULL);
      if (parent < 0 || parent >= N_MENU_ITEMS)
        {
          g_dbus_method_invocation_return_dbus_error (invocation, "com.canonical.dbusmenu.Error",
                                                      "No such menu item");
          return;
        }
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(u@(ia{sv}av))", 1,
                                                            menu_layout (parent, depth)));
    }
  else if (g_str_equal (method_name, "GetGroupProperties"))
    {
      g_autoptr(GVariantIter) ids = NULL;
      GVariantBuilder result;
      int id;

      g_variant_get (parameters, "(ai^a&s)", &ids, NULL);
      g_variant_builder_init (&result, G_VARIANT_TYPE ("a(ia{sv})"));
      while (g_variant_iter_next (ids, "i", &id))
        {
          if (id >= 0 && id < N_MENU_ITEMS)
            g_variant_builder_add (&result, "(i@a{sv})", id, menu_item_properties (id));
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a(ia{sv}))", &result));
    }
  else if (g_str_equal (method_name, "GetProperty"))
    {
      g_autoptr(GVariant) props = NULL;
      g_autoptr(GVariant) value = NULL;
      const char *name;
      int id;

      g_variant_get (parameters, "(i&s)", &id, &name);
      if (id >= 0 && id < N_MENU_ITEMS)
        {
          props = g_variant_ref_sink (menu_item_properties (id));
          value = g_variant_lookup_value (props, name, NULL);
        }
      if (value == NULL)
        g_dbus_method_invocation_return_dbus_error (invocation, "com.canonical.dbusmenu.Error",
                                                    "No such property");
      else
        g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", value));
    }
  else if (g_str_equal (method_name, "Event"))
    {
      const char *event;
      int id;

      g_variant_get (parameters, "(i&svu)", &id, &event, NULL, NULL);
      if (g_str_equal (event, "clicked"))
        run_menu_item (self, id);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "EventGroup"))
    {
      g_autoptr(GVariantIter) events = NULL;
      GVariantBuilder errors;
      const char *event;
      int id;

      g_variant_get (parameters, "(a(isvu))", &events);
      g_variant_builder_init (&errors, G_VARIANT_TYPE ("ai"));
      while (g_variant_iter_next (events, "(i&svu)", &id, &event, NULL, NULL))
        {
          if (id < 0 || id >= N_MENU_ITEMS)
            g_variant_builder_add (&errors, "i", id);
          else if (g_str_equal (event, "clicked"))
            run_menu_item (self, id);
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ai)", &errors));
    }
  else if (g_str_equal (method_name, "AboutToShow"))
    {
      /* The menu never changes while it is open. */
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", FALSE));
    }
  else if (g_str_equal (method_name, "AboutToShowGroup"))
    {
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(@ai@ai)",
                                                            g_variant_new_array (G_VARIANT_TYPE_INT32, NULL, 0),
                                                            g_variant_new_array (G_VARIANT_TYPE_INT32, NULL, 0)));
    }
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "No method %s", method_name);
    }
}

static GVariant *
menu_get_property (GDBusConnection  *connection,
                   const char       *sender,
                   const char       *object_path,
                   const char       *interface_name,
                   const char       *property_name,
                   GError          **error,
                   gpointer          user_data)
{
  if (g_str_equal (property_name, "Version"))
    return g_variant_new_uint32 (3);
  /* The direction GTK takes for the locale, from GTK's own translation of this string. */
  if (g_str_equal (property_name, "TextDirection"))
    return g_variant_new_string (g_str_equal (g_dgettext ("gtk40", "default:LTR"), "default:RTL")
                                 ? "rtl" : "ltr");
  if (g_str_equal (property_name, "Status"))
    return g_variant_new_string ("normal");
  if (g_str_equal (property_name, "IconThemePath"))
    return g_variant_new_strv (NULL, 0);

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY,
               "No property %s", property_name);
  return NULL;
}

static const GDBusInterfaceVTable item_vtable = { item_method_call, item_get_property, NULL, { 0 } };
static const GDBusInterfaceVTable menu_vtable = { menu_method_call, menu_get_property, NULL, { 0 } };

static void
unexport (RpTray *self)
{
  if (self->item_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->item_id);
  if (self->menu_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->menu_id);
  self->item_id = 0;
  self->menu_id = 0;
  self->registered = FALSE;
}

static void
registered_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RpTray) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("The tray did not take the icon: %s", error->message);
          unexport (self);
        }
      return;
    }

  self->registered = TRUE;
  g_debug ("Registered with the StatusNotifierWatcher");
}

static void
watcher_appeared_cb (GDBusConnection *connection,
                     const char      *name,
                     const char      *owner,
                     gpointer         user_data)
{
  RpTray *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->item_id == 0)
    {
      self->item_id = g_dbus_connection_register_object (connection, RP_TRAY_ITEM_PATH,
                                                         item_info->interfaces[0], &item_vtable,
                                                         self, NULL, &error);
      if (self->item_id == 0)
        {
          g_warning ("Could not show a tray icon: %s", error->message);
          return;
        }
      self->menu_id = g_dbus_connection_register_object (connection, RP_TRAY_MENU_PATH,
                                                         menu_info->interfaces[0], &menu_vtable,
                                                         self, NULL, &error);
      if (self->menu_id == 0)
        {
          g_warning ("Could not show a tray menu: %s", error->message);
          unexport (self);
          return;
        }
    }

  /* The watcher finds the item at the well-known path under our unique name. */
  g_dbus_connection_call (connection, WATCHER_NAME, WATCHER_PATH, WATCHER_NAME,
                          "RegisterStatusNotifierItem",
                          g_variant_new ("(s)", g_dbus_connection_get_unique_name (connection)),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          registered_cb, g_object_ref (self));
}

static void
watcher_vanished_cb (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  unexport (RP_TRAY (user_data));
}

static void
counts_changed_cb (RpTray *self)
{
  if (self->item_id == 0)
    return;

  g_dbus_connection_emit_signal (self->connection, NULL, RP_TRAY_ITEM_PATH, ITEM_IFACE,
                                 "NewToolTip", NULL, NULL);
  g_dbus_connection_emit_signal (self->connection, NULL, RP_TRAY_ITEM_PATH, ITEM_IFACE,
                                 "NewStatus", g_variant_new ("(s)", status (self)), NULL);
}

static void
rp_tray_dispose (GObject *object)
{
  RpTray *self = (RpTray *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);
  if (self->connection != NULL)
    unexport (self);
  if (self->notifier != NULL)
    g_signal_handlers_disconnect_by_data (self->notifier, self);
  g_clear_object (&self->notifier);
  g_clear_object (&self->connection);
  g_clear_object (&self->application);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rp_tray_parent_class)->dispose (object);
}

static void
rp_tray_class_init (RpTrayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_tray_dispose;

  item_info = g_dbus_node_info_new_for_xml (item_xml, NULL);
  menu_info = g_dbus_node_info_new_for_xml (menu_xml, NULL);
  g_assert (item_info != NULL && menu_info != NULL);
}

static void
rp_tray_init (RpTray *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * rp_tray_new:
 *
 * Returns: (transfer full) (nullable): the tray item, or %NULL when @application has no
 *   D-Bus connection
 */
RpTray *
rp_tray_new (GApplication *application,
             RpNotifier   *notifier)
{
  GDBusConnection *connection;
  RpTray *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (RP_IS_NOTIFIER (notifier), NULL);

  connection = g_application_get_dbus_connection (application);
  if (connection == NULL)
    return NULL;

  self = g_object_new (RP_TYPE_TRAY, NULL);
  self->application = g_object_ref (application);
  self->notifier = g_object_ref (notifier);
  self->connection = g_object_ref (connection);

  g_signal_connect_swapped (notifier, "notify::unread-count", G_CALLBACK (counts_changed_cb), self);
  g_signal_connect_swapped (notifier, "notify::urgent-count", G_CALLBACK (counts_changed_cb), self);
  self->watch_id = g_bus_watch_name_on_connection (connection, WATCHER_NAME,
                                                   G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                   watcher_appeared_cb, watcher_vanished_cb,
                                                   self, NULL);

  return self;
}

gboolean
rp_tray_get_registered (RpTray *self)
{
  g_return_val_if_fail (RP_IS_TRAY (self), FALSE);

  return self->registered;
}
