/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-composer.h"
#include "rp-disputes-page.h"
#include "rp-inbox-page.h"
#include "rp-orders-page.h"
#include "rp-shipments-page.h"
#include "rp-store-list-model.h"
#include "rp-today-page.h"
#include "rp-tracking-entry.h"
#include "rp-store-switcher.h"
#include "rp-sync-indicator.h"
#include "rp-window.h"

struct _RpWindow
{
  AdwApplicationWindow  parent_instance;

  RpContext            *context;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkStack             *stack;
  AdwWindowTitle       *content_title;
  RpSyncIndicator      *sync_indicator;
  RpStoreSwitcher      *store_switcher;
  RpTodayPage          *today_page;
  RpInboxPage          *inbox_page;
  RpOrdersPage         *orders_page;
  RpDisputesPage       *disputes_page;
  RpShipmentsPage      *shipments_page;

  /* An entity asked for (win.show-entity) while its page was still reading its list. */
  char                 *pending_page;
  gint64                pending_account;
  char                 *pending_entity;
  RpStoreListModel     *pending_model;
};

G_DEFINE_FINAL_TYPE (RpWindow, rp_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* AdwLeaflet is what libadwaita 1.2 offers for an adaptive sidebar; newer libadwaita
 * deprecates it in favour of AdwNavigationSplitView, which 1.2 lacks. */
static void
leaflet_show_content (RpWindow *self)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
leaflet_show_sidebar (RpWindow *self)
{
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  adw_leaflet_set_visible_child_name (self->leaflet, "sidebar");
G_GNUC_END_IGNORE_DEPRECATIONS
}

static gboolean
leaflet_is_folded (RpWindow *self)
{
  gboolean folded;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  folded = adw_leaflet_get_folded (self->leaflet);
G_GNUC_END_IGNORE_DEPRECATIONS

  return folded;
}

static GtkWidget *
create_sidebar_row (GtkStackPage *page)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *image;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  image = gtk_image_new_from_icon_name (gtk_stack_page_get_icon_name (page));
  label = gtk_label_new (gtk_stack_page_get_title (page));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, gtk_stack_page_get_name (page));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_stack_page_get_title (page),
                                  -1);

  return row;
}

static void
populate_sidebar (RpWindow *self)
{
  g_autoptr(GListModel) pages = G_LIST_MODEL (gtk_stack_get_pages (self->stack));
  guint n = g_list_model_get_n_items (pages);

  /* The rows are made from the stack's pages so that titles and icons live in one place. */
  for (guint i = 0; i < n; i++)
    {
      GtkStackPage *page = g_list_model_get_item (pages, i);

      gtk_list_box_append (self->sidebar_list, create_sidebar_row (page));
      g_object_unref (page);
    }
}

static GtkListBoxRow *
find_sidebar_row (RpWindow   *self,
                  const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (gtk_widget_get_name (child), name) == 0)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

static void
sidebar_row_activated_cb (RpWindow      *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  rp_window_set_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
  leaflet_show_content (self);
}

/* A page gets the context, and so reads its lists, when it is first shown: with 100,000
 * orders cached, every page loading its whole list at startup held the shown page's first
 * rows behind the others' on the store's one thread, and memory held every list.  Today is
 * the exception (see rp_window_constructed). */
static void
give_context (RpWindow  *self,
              GtkWidget *page)
{
  g_autoptr(RpContext) current = NULL;

  if (self->context == NULL || page == NULL ||
      g_object_class_find_property (G_OBJECT_GET_CLASS (page), "context") == NULL)
    return;

  g_object_get (page, "context", &current, NULL);
  if (current != self->context)
    g_object_set (page, "context", self->context, NULL);
}

static void clear_pending_entity (RpWindow *self);

static void
stack_page_changed_cb (RpWindow   *self,
                       GParamSpec *pspec,
                       GtkStack   *stack)
{
  const char *name = gtk_stack_get_visible_child_name (stack);
  GtkWidget *child = gtk_stack_get_visible_child (stack);
  GtkListBoxRow *row;

  if (name == NULL || child == NULL)
    return;

  give_context (self, child);
  if (g_strcmp0 (name, self->pending_page) != 0)
    clear_pending_entity (self);

  adw_window_title_set_title (self->content_title,
                              gtk_stack_page_get_title (gtk_stack_get_page (stack, child)));

  row = find_sidebar_row (self, name);
  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);

  if (self->context != NULL)
    g_settings_set_string (rp_context_get_settings (self->context), "last-page", name);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
leaflet_folded_cb (RpWindow   *self,
                   GParamSpec *pspec,
                   AdwLeaflet *leaflet)
{
  /* Folded, the sidebar is a page of its own and a selected row would look stuck. */
  if (leaflet_is_folded (self))
    gtk_list_box_set_selection_mode (self->sidebar_list, GTK_SELECTION_NONE);
  else
    {
      GtkListBoxRow *row;

      gtk_list_box_set_selection_mode (self->sidebar_list, GTK_SELECTION_SINGLE);
      row = find_sidebar_row (self, rp_window_get_page (self));
      if (row != NULL)
        gtk_list_box_select_row (self->sidebar_list, row);
    }
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  RpWindow *self = RP_WINDOW (widget);

  rp_window_set_page (self, g_variant_get_string (param, NULL));
  leaflet_show_content (self);
}

/* "win.show-entity" ("page", account id, entity id): how a page opens an order, a dispute,
 * a parcel or a conversation shown on another page, without knowing the window. */
static void
show_entity_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  const char *page = NULL;
  const char *entity_id = NULL;
  gint64 account_id = 0;

  g_variant_get (param, "(&sx&s)", &page, &account_id, &entity_id);
  if (g_strv_contains ((const char * const[]) { "orders", "disputes", "shipments", "inbox", NULL }, page))
    rp_window_show_entity (RP_WINDOW (widget), page, account_id, entity_id[0] != '\0' ? entity_id : NULL);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  leaflet_show_sidebar (RP_WINDOW (widget));
}

static GtkWidget *
find_search_entry (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_search_entry (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RpWindow *self = RP_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  GtkWidget *entry;

  /* Ctrl+F goes to the search of the visible page, when it has one. */
  if (page == NULL || (entry = find_search_entry (page)) == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  leaflet_show_content (self);
  gtk_widget_grab_focus (entry);
}

/* Where a model holds the object whose @field string equals @id. */
static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child : find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A conversation opened from elsewhere (a task, a dispute, an order) is opened to answer:
 * the keyboard goes to the composer once the page shows. */
static gboolean
focus_composer_cb (gpointer user_data)
{
  g_autoptr(RpWindow) self = user_data;
  GtkWidget *view = rp_inbox_page_get_conversation_view (self->inbox_page);
  GtkWidget *composer = view != NULL ? find_descendant (view, RP_TYPE_COMPOSER) : NULL;
  GtkWidget *text = composer != NULL ? find_descendant (composer, GTK_TYPE_TEXT_VIEW) : NULL;

  if (text != NULL && gtk_widget_get_mapped (text))
    gtk_widget_grab_focus (text);

  return G_SOURCE_REMOVE;
}

static gboolean
find_position (GListModel *model,
               gboolean  (*matches) (gpointer item, gint64 account_id, const char *id),
               gint64      account_id,
               const char *id,
               guint      *out_position)
{
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (matches (item, account_id, id))
        {
          *out_position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
parcel_matches (gpointer    item,
                gint64      account_id,
                const char *order_id)
{
  RpShipment *shipment = rp_tracking_entry_get_shipment (RP_TRACKING_ENTRY (item));

  return shipment != NULL && shipment->account_id == account_id &&
         g_strcmp0 (shipment->order_id, order_id) == 0;
}

static gboolean
conversation_matches (gpointer    item,
                      gint64      account_id,
                      const char *id)
{
  RpConversation *conversation = RP_CONVERSATION (item);

  /* An unanswered message names its channel; a buyer online names the buyer. */
  return conversation->account_id == account_id &&
         (g_strcmp0 (conversation->channel_id, id) == 0 ||
          g_strcmp0 (conversation->buyer_login_id, id) == 0);
}

static RpStoreListModel *
find_store_model (GListModel *model)
{
  /* Through the wrappers the pages put between the cache's model and their view. */
  while (model != NULL && !RP_IS_STORE_LIST_MODEL (model))
    {
      if (GTK_IS_SINGLE_SELECTION (model))
        model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model));
      else if (GTK_IS_MULTI_SELECTION (model))
        model = gtk_multi_selection_get_model (GTK_MULTI_SELECTION (model));
      else if (GTK_IS_NO_SELECTION (model))
        model = gtk_no_selection_get_model (GTK_NO_SELECTION (model));
      else if (GTK_IS_SORT_LIST_MODEL (model))
        model = gtk_sort_list_model_get_model (GTK_SORT_LIST_MODEL (model));
      else if (GTK_IS_FILTER_LIST_MODEL (model))
        model = gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (model));
      else if (GTK_IS_MAP_LIST_MODEL (model))
        model = gtk_map_list_model_get_model (GTK_MAP_LIST_MODEL (model));
      else
        return NULL;
    }

  return model != NULL ? RP_STORE_LIST_MODEL (model) : NULL;
}

/* The cache's list a page shows, or NULL. */
static RpStoreListModel *
page_list (RpWindow   *self,
           const char *page)
{
  GListModel *model = NULL;

  if (g_strcmp0 (page, "orders") == 0)
    model = rp_orders_page_get_model (self->orders_page);
  else if (g_strcmp0 (page, "disputes") == 0)
    model = rp_disputes_page_get_model (self->disputes_page);
  else if (g_strcmp0 (page, "shipments") == 0)
    model = rp_shipments_page_get_model (self->shipments_page);
  else if (g_strcmp0 (page, "inbox") == 0)
    model = rp_inbox_page_get_conversations (self->inbox_page);

  return find_store_model (model);
}

/* Opens the entity on its page, which is shown; FALSE when the page does not list it. */
static gboolean
select_entity (RpWindow   *self,
               const char *page,
               gint64      account_id,
               const char *entity_id)
{
  guint position;

  if (g_strcmp0 (page, "orders") == 0)
    return rp_orders_page_select_order (self->orders_page, account_id, entity_id);
  else if (g_strcmp0 (page, "disputes") == 0)
    return rp_disputes_page_select (self->disputes_page, account_id, entity_id);
  else if (g_strcmp0 (page, "shipments") == 0)
    {
      if (!find_position (rp_shipments_page_get_model (self->shipments_page), parcel_matches,
                          account_id, entity_id, &position))
        return FALSE;
      rp_shipments_page_show_parcel (self->shipments_page, position);
      return TRUE;
    }
  else if (g_strcmp0 (page, "inbox") == 0)
    {
      if (!find_position (rp_inbox_page_get_shown_conversations (self->inbox_page),
                          conversation_matches, account_id, entity_id, &position))
        return FALSE;
      rp_inbox_page_open (self->inbox_page, position);
      g_timeout_add_full (G_PRIORITY_DEFAULT, 300, focus_composer_cb, g_object_ref (self),
                          NULL);
      return TRUE;
    }

  return FALSE;
}

static void
clear_pending_entity (RpWindow *self)
{
  if (self->pending_model != NULL)
    g_signal_handlers_disconnect_by_data (self->pending_model, self);
  g_clear_object (&self->pending_model);
  g_clear_pointer (&self->pending_page, g_free);
  g_clear_pointer (&self->pending_entity, g_free);
  self->pending_account = 0;
}

static void
pending_loading_cb (RpWindow *self)
{
  g_autofree char *page = NULL;
  g_autofree char *entity_id = NULL;
  gint64 account_id;

  if (self->pending_model == NULL || rp_store_list_model_get_loading (self->pending_model))
    return;

  page = g_steal_pointer (&self->pending_page);
  entity_id = g_steal_pointer (&self->pending_entity);
  account_id = self->pending_account;
  clear_pending_entity (self);

  if (g_strcmp0 (rp_window_get_page (self), page) == 0)
    select_entity (self, page, account_id, entity_id);
}

/**
 * rp_window_show_entity:
 * @page: "orders", "disputes", "shipments" or "inbox"
 * @entity_id: the order id (orders, shipments), issue id (disputes), channel id or buyer
 *   login id (inbox)
 *
 * Shows @page with that very order, dispute, parcel or conversation open; the page alone
 * when it is not listed (yet).  A page shown for the first time reads its list then: the
 * entity opens once the list is in.
 */
void
rp_window_show_entity (RpWindow   *self,
                       const char *page,
                       gint64      account_id,
                       const char *entity_id)
{
  RpStoreListModel *list;

  g_return_if_fail (RP_IS_WINDOW (self));

  clear_pending_entity (self);
  rp_window_set_page (self, page);
  leaflet_show_content (self);

  if (entity_id == NULL || select_entity (self, page, account_id, entity_id))
    return;

  list = page_list (self, page);
  if (list != NULL && rp_store_list_model_get_loading (list))
    {
      self->pending_page = g_strdup (page);
      self->pending_account = account_id;
      self->pending_entity = g_strdup (entity_id);
      self->pending_model = g_object_ref (list);
      g_signal_connect_object (list, "notify::loading", G_CALLBACK (pending_loading_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

/* A task on Today opens the very thing it is about. */
static void
task_activated_cb (RpWindow    *self,
                   const char  *page,
                   gint64       account_id,
                   const char  *entity_id,
                   RpTodayPage *today)
{
  rp_window_show_entity (self, page, account_id, entity_id);
}

static void
sync_failed_cb (RpWindow   *self,
                gint64      account_id,
                const char *message,
                RpContext  *context)
{
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  /* Translators: %s is the reason, as the marketplace or the network gave it */
  title = g_strdup_printf (_("Sync failed: %s"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Retry"));
  adw_toast_set_action_name (toast, "app.sync");
  adw_toast_set_timeout (toast, 10);
  rp_window_add_toast (self, g_steal_pointer (&toast));
}

static void
save_window_state (RpWindow *self)
{
  GSettings *settings;
  int width, height;

  if (self->context == NULL)
    return;

  settings = rp_context_get_settings (self->context);
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (settings);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  g_settings_apply (settings);
}

static gboolean
rp_window_close_request (GtkWindow *window)
{
  save_window_state (RP_WINDOW (window));

  return GTK_WINDOW_CLASS (rp_window_parent_class)->close_request (window);
}

static void
rp_window_constructed (GObject *object)
{
  RpWindow *self = (RpWindow *)object;
  g_autofree char *last_page = NULL;
  GSettings *settings;

  G_OBJECT_CLASS (rp_window_parent_class)->constructed (object);

  g_assert (RP_IS_CONTEXT (self->context));

  settings = rp_context_get_settings (self->context);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  last_page = g_settings_get_string (settings, "last-page");
  rp_window_set_page (self, last_page);
  stack_page_changed_cb (self, NULL, self->stack);

  if (g_strcmp0 (PROFILE, "") != 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  rp_sync_indicator_set_context (self->sync_indicator, self->context);
  rp_store_switcher_set_context (self->store_switcher, self->context);

  /* The shown page has the context already (stack_page_changed_cb), the others get it when
   * first shown; Today gets it at once, whatever is shown, since its list and counts must be
   * complete from the start (it reads only the rows its rules need). */
  give_context (self, GTK_WIDGET (self->today_page));
  g_signal_connect_object (self->context, "sync-failed", G_CALLBACK (sync_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->today_page, "task-activated", G_CALLBACK (task_activated_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
rp_window_dispose (GObject *object)
{
  RpWindow *self = (RpWindow *)object;

  clear_pending_entity (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rp_window_parent_class)->dispose (object);
}

static void
rp_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RpWindow *self = RP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_PAGE:
      g_value_set_string (value, rp_window_get_page (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  RpWindow *self = RP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_PAGE:
      rp_window_set_page (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_window_class_init (RpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  static const char * const pages[] = { "today", "inbox", "orders", "disputes", "shipments" };

  g_type_ensure (RP_TYPE_SYNC_INDICATOR);
  g_type_ensure (RP_TYPE_STORE_SWITCHER);
  g_type_ensure (RP_TYPE_TODAY_PAGE);
  g_type_ensure (RP_TYPE_INBOX_PAGE);
  g_type_ensure (RP_TYPE_ORDERS_PAGE);
  g_type_ensure (RP_TYPE_DISPUTES_PAGE);
  g_type_ensure (RP_TYPE_SHIPMENTS_PAGE);

  object_class->constructed = rp_window_constructed;
  object_class->dispose = rp_window_dispose;
  object_class->get_property = rp_window_get_property;
  object_class->set_property = rp_window_set_property;

  window_class->close_request = rp_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RP_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL,
                         "today",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, store_switcher);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, today_page);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, inbox_page);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, orders_page);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, disputes_page);
  gtk_widget_class_bind_template_child (widget_class, RpWindow, shipments_page);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.show-entity", "(sxs)", show_entity_action);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);

  /* Ctrl+1 … Ctrl+5 follow the sidebar's order. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.show-page", "s", pages[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.focus-search", NULL);
}

static void
rp_window_init (RpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  populate_sidebar (self);
}

/**
 * rp_window_new:
 *
 * Returns: (transfer full): a new main window
 */
RpWindow *
rp_window_new (GtkApplication *application,
               RpContext      *context)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (RP_IS_CONTEXT (context), NULL);

  return g_object_new (RP_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

/**
 * rp_window_get_context:
 *
 * Returns: (transfer none): the context
 */
RpContext *
rp_window_get_context (RpWindow *self)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), NULL);

  return self->context;
}

const char *
rp_window_get_page (RpWindow *self)
{
  g_return_val_if_fail (RP_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
rp_window_set_page (RpWindow   *self,
                    const char *page)
{
  g_return_if_fail (RP_IS_WINDOW (self));

  /* An unknown name (an old setting, a typo in an action target) shows Today. */
  if (page == NULL || gtk_stack_get_child_by_name (self->stack, page) == NULL)
    page = "today";

  gtk_stack_set_visible_child_name (self->stack, page);
}

void
rp_window_add_toast (RpWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (RP_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
