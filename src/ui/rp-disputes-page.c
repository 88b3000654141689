/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-disputes-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-dispute-clock.h"
#include "rp-dispute-detail.h"
#include "rp-dispute-row.h"
#include "rp-disputes-page.h"
#include "rp-buyer-panel.h"
#include "rp-store-list-model.h"

/* The disputes page: open disputes by time left (the store sorts them by deadline), the
 * finished ones behind a toggle, and the selected one's detail beside the list, or in
 * its place when the window is narrow. */

/* The countdowns show minutes and the badges change at 48, 24 and 6 hours: one clock for
 * the page moves every row and the detail on, every half minute while it is shown. */
#define CLOCK_INTERVAL_S 30

struct _RpDisputesPage
{
  GtkWidget           parent_instance;

  RpContext          *context;
  RpStore            *store;
  RpStoreListModel   *model;
  GtkSingleSelection *selection;

  /* The dispute in the detail: list reloads replace the objects, so it is kept by id. */
  gint64              account_id;
  char               *issue_id;
  gboolean            reselecting;
  guint               clock_source;
  gint64              now_override;   /* UTC µs, or 0 for the real time */
  /* What the buyer asks for, read with the details of the disputes shown: "account/issue"
   * to Wanted.  The list's light disputes carry no solutions. */
  GHashTable         *wanted;
  GCancellable       *cancellable;

  GtkStack           *main_stack;
  AdwStatusPage      *empty_page;
  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *finished_toggle;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkSpinner         *spinner;
  AdwStatusPage      *list_empty;
  GtkLabel           *count_label;
  GtkWidget          *detail_bar;
  RpDisputeDetail    *detail;
  AdwFlap            *buyer_flap;
  RpBuyerPanel       *buyer_panel;
};

G_DEFINE_FINAL_TYPE (RpDisputesPage, rp_disputes_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  gint64     modified_at;   /* of the dispute read, to know when to read it again */
  RpDispute *dispute;       /* with its details; NULL while being read */
} Wanted;

static void
wanted_free (Wanted *wanted)
{
  g_clear_object (&wanted->dispute);
  g_free (wanted);
}

typedef struct
{
  RpDisputesPage *self;
  char           *key;
  gint64          modified_at;
} WantedRead;

static void
wanted_read_free (WantedRead *read)
{
  g_object_unref (read->self);
  g_free (read->key);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WantedRead, wanted_read_free)

static char *
wanted_key (gint64      account_id,
            const char *issue_id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%s", account_id, issue_id);
}

static gint64
page_now (RpDisputesPage *self)
{
  return self->now_override != 0 ? self->now_override : g_get_real_time ();
}

/* The list's footer: how many, and how many must be answered within a day. */
static void
update_count (RpDisputesPage *self)
{
  GListModel *model = G_LIST_MODEL (self->model);
  guint n = g_list_model_get_n_items (model);
  guint urgent = 0;
  gint64 now = page_now (self);
  g_autofree char *count = NULL;

  /* Sorted by deadline: the urgent ones are at the top, stop at the first that is not. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpDispute) d = g_list_model_get_item (model, i);
      RpDisputeUrgency urgency;

      if (d->status != RP_DISPUTE_STATUS_PROCESSING)
        continue;
      urgency = rp_dispute_clock_urgency (d->deadline, now);
      if (urgency == RP_DISPUTE_URGENCY_NONE || urgency == RP_DISPUTE_URGENCY_48H)
        break;
      urgent++;
    }

  if (gtk_toggle_button_get_active (self->finished_toggle))
    count = g_strdup_printf (g_dngettext (NULL, "%u dispute", "%u disputes", n), n);
  else
    count = g_strdup_printf (g_dngettext (NULL, "%u open dispute", "%u open disputes", n), n);

  if (urgent > 0)
    {
      /* Translators: the first %s is "N open disputes"; then how many are due soon or
       * overdue. */
      g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "%s, %u due within a day or overdue",
                                                            "%s, %u due within a day or overdue",
                                                            urgent),
                                               count, urgent);

      gtk_label_set_text (self->count_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "dim-label");
    }
  else
    {
      gtk_label_set_text (self->count_label, count);
      gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "dim-label");
    }
}

static gboolean
clock_tick_cb (gpointer user_data)
{
  RpDisputesPage *self = user_data;
  gint64 now = page_now (self);

  /* The rows the list view made (it recycles a few, however long the list): each sits
   * in a list item widget of the view. */
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);

      if (RP_IS_DISPUTE_ROW (row))
        rp_dispute_row_update_clock (RP_DISPUTE_ROW (row), now);
    }
  rp_dispute_detail_update_clock (self->detail, now);
  if (self->model != NULL)
    update_count (self);
  return G_SOURCE_CONTINUE;
}

static void
update_list_stack (RpDisputesPage *self)
{
  gboolean loading;
  guint n;

  if (self->model == NULL)
    return;

  loading = rp_store_list_model_get_loading (self->model);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  gtk_spinner_set_spinning (self->spinner, loading && n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), n > 0);
  if (n > 0)
    {
      update_count (self);
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }
  if (loading)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "loading");
      return;
    }

  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    {
      adw_status_page_set_icon_name (self->list_empty, "edit-find-symbolic");
      adw_status_page_set_title (self->list_empty, _("No Matching Disputes"));
      adw_status_page_set_description (self->list_empty,
                                       _("Search by order number, dispute number or the buyer’s login."));
    }
  else if (gtk_toggle_button_get_active (self->finished_toggle))
    {
      adw_status_page_set_icon_name (self->list_empty, "document-open-recent-symbolic");
      adw_status_page_set_title (self->list_empty, _("No Finished Disputes"));
      adw_status_page_set_description (self->list_empty,
                                       _("Disputes closed or cancelled are listed here."));
    }
  else
    {
      adw_status_page_set_icon_name (self->list_empty, "emblem-ok-symbolic");
      adw_status_page_set_title (self->list_empty, _("No Open Disputes"));
      adw_status_page_set_description (self->list_empty,
                                       _("When a buyer opens a dispute it appears here, with the time left to answer."));
    }
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
select_current (RpDisputesPage *self)
{
  GListModel *model = G_LIST_MODEL (self->model);
  guint n = g_list_model_get_n_items (model);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; self->issue_id != NULL && i < n; i++)
    {
      g_autoptr(RpDispute) d = g_list_model_get_item (model, i);

      if (d->account_id == self->account_id && g_strcmp0 (d->issue_id, self->issue_id) == 0)
        {
          position = i;
          break;
        }
    }

  /* Beside the list, the first dispute is worth showing at once; folded, the list is
   * what the seller sees first. */
  if (self->issue_id == NULL && n > 0 && !adw_leaflet_get_folded (self->leaflet))
    position = 0;

  if (position == gtk_single_selection_get_selected (self->selection))
    return;

  self->reselecting = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->reselecting = FALSE;

  if (self->issue_id == NULL && position != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(RpDispute) d = g_list_model_get_item (model, position);

      self->account_id = d->account_id;
      self->issue_id = g_strdup (d->issue_id);
      rp_dispute_detail_show (self->detail, d->account_id, d->issue_id);
      rp_buyer_panel_set_buyer (self->buyer_panel, d->account_id, d->buyer_login_id,
                                NULL, NULL, NULL);
    }
}

static void
model_items_changed_cb (RpDisputesPage *self,
                        guint           position,
                        guint           removed,
                        guint           added,
                        GListModel     *model)
{
  update_list_stack (self);
  select_current (self);
}

static void
model_loading_cb (RpDisputesPage *self)
{
  update_list_stack (self);
}

static void
selection_changed_cb (RpDisputesPage *self)
{
  g_autoptr(RpDispute) d = NULL;

  if (self->reselecting)
    return;

  d = gtk_single_selection_get_selected_item (self->selection);
  if (d == NULL)
    return;
  g_object_ref (d);

  if (d->account_id != self->account_id || g_strcmp0 (d->issue_id, self->issue_id) != 0)
    {
      self->account_id = d->account_id;
      g_free (self->issue_id);
      self->issue_id = g_strdup (d->issue_id);
      rp_dispute_detail_show (self->detail, d->account_id, d->issue_id);
      rp_buyer_panel_set_buyer (self->buyer_panel, d->account_id, d->buyer_login_id,
                                NULL, NULL, NULL);
    }
}

static void
list_activate_cb (RpDisputesPage *self,
                  guint           position)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

static void
row_clicked_cb (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                RpDisputesPage  *self)
{
  /* Folded, a click on a row opens it (the list view itself opens on double-click). */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

/* The detail shows a dispute read anew, or shown again, on the real clock: bring it to
 * the page's. */
static void
detail_loaded_cb (RpDisputesPage *self)
{
  if (self->now_override != 0)
    rp_dispute_detail_update_clock (self->detail, self->now_override);
}

static void
back_clicked_cb (RpDisputesPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
leaflet_folded_cb (RpDisputesPage *self)
{
  gtk_widget_set_visible (self->detail_bar, adw_leaflet_get_folded (self->leaflet));
}

static void
search_changed_cb (RpDisputesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->model != NULL)
    rp_store_list_model_set_text (self->model, *text != '\0' ? text : NULL);
}

static void
finished_toggled_cb (RpDisputesPage *self)
{
  gboolean finished = gtk_toggle_button_get_active (self->finished_toggle);

  /* Finished shows every closed state: the store's status filter takes one value, so the
   * toggle shows all disputes, open ones still first by deadline. */
  if (self->model != NULL)
    rp_store_list_model_set_status (self->model, finished ? -1 : RP_DISPUTE_STATUS_PROCESSING);
}

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               RpDisputesPage           *self)
{
  GtkWidget *row = rp_dispute_row_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect_object (click, "released", G_CALLBACK (row_clicked_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (item, row);
}

static void
wanted_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WantedRead) read = user_data;
  RpDisputesPage *self = read->self;
  g_autoptr(RpDispute) dispute = NULL;
  g_autoptr(GError) error = NULL;
  Wanted *wanted;

  dispute = rp_store_get_dispute_finish (RP_STORE (object), result, &error);
  if (self->wanted == NULL)
    return;
  wanted = g_hash_table_lookup (self->wanted, read->key);
  /* Gone, or the dispute changed since and is being read again. */
  if (wanted == NULL || wanted->modified_at != read->modified_at)
    return;
  if (dispute == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The solutions of dispute %s: %s", read->key, error->message);
      g_hash_table_remove (self->wanted, read->key);
      return;
    }
  wanted->dispute = g_steal_pointer (&dispute);

  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);
      RpDispute *d;

      if (!RP_IS_DISPUTE_ROW (row) || (d = rp_dispute_row_get_item (RP_DISPUTE_ROW (row))) == NULL ||
          d->account_id != wanted->dispute->account_id ||
          g_strcmp0 (d->issue_id, wanted->dispute->issue_id) != 0)
        continue;
      rp_dispute_row_show_wanted (RP_DISPUTE_ROW (row), rp_dispute_row_wanted (wanted->dispute));
    }
}

/* What the buyer asks for, from the dispute's details, read once per modification and only
 * for the rows the list makes. */
static void
show_wanted (RpDisputesPage *self,
             RpDisputeRow   *row,
             RpDispute      *d)
{
  g_autofree char *key = NULL;
  WantedRead *read;
  Wanted *wanted;

  if (d == NULL || self->store == NULL || d->issue_id == NULL ||
      (d->buyer_solutions != NULL && d->buyer_solutions->len > 0))
    return;

  key = wanted_key (d->account_id, d->issue_id);
  wanted = g_hash_table_lookup (self->wanted, key);
  if (wanted != NULL && wanted->modified_at == d->modified_at)
    {
      if (wanted->dispute != NULL)
        rp_dispute_row_show_wanted (row, rp_dispute_row_wanted (wanted->dispute));
      return;
    }

  wanted = g_new0 (Wanted, 1);
  wanted->modified_at = d->modified_at;
  g_hash_table_replace (self->wanted, g_strdup (key), wanted);

  read = g_new0 (WantedRead, 1);
  read->self = g_object_ref (self);
  read->key = g_steal_pointer (&key);
  read->modified_at = d->modified_at;
  rp_store_get_dispute_async (self->store, d->account_id, d->issue_id, self->cancellable,
                              wanted_read_cb, read);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              RpDisputesPage           *self)
{
  RpDisputeRow *row = RP_DISPUTE_ROW (gtk_list_item_get_child (item));

  rp_dispute_row_set_item (row, gtk_list_item_get_item (item));
  rp_dispute_row_update_clock (row, page_now (self));
  show_wanted (self, row, gtk_list_item_get_item (item));
}

static void
unbind_item_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                RpDisputesPage           *self)
{
  rp_dispute_row_set_item (RP_DISPUTE_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
set_store (RpDisputesPage *self,
           RpStore        *store)
{
  if (self->store == store)
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_set_object (&self->store, store);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->wanted != NULL)
    g_hash_table_remove_all (self->wanted);

  if (store == NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return;
    }

  /* Every account's disputes: the seller answers all of them against the same clock. */
  self->model = rp_store_list_model_new (store, RP_STORE_LIST_DISPUTES, 0);
  if (self->context != NULL)
    rp_context_follow_shown_account (self->context, self->model);
  finished_toggled_cb (self);
  search_changed_cb (self);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed",
                           G_CALLBACK (model_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading",
                           G_CALLBACK (model_loading_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  gtk_stack_set_visible_child_name (self->main_stack, "content");
  update_list_stack (self);
  select_current (self);
}

static void
context_store_cb (RpDisputesPage *self)
{
  set_store (self, self->context != NULL ? rp_context_get_store (self->context) : NULL);
}

static void
rp_disputes_page_map (GtkWidget *widget)
{
  RpDisputesPage *self = RP_DISPUTES_PAGE (widget);

  GTK_WIDGET_CLASS (rp_disputes_page_parent_class)->map (widget);
  /* Time moves disputes into "due within a day" without any change in the cache. */
  if (self->clock_source == 0)
    self->clock_source = g_timeout_add_seconds (CLOCK_INTERVAL_S, clock_tick_cb, self);
  clock_tick_cb (self);
}

static void
rp_disputes_page_unmap (GtkWidget *widget)
{
  RpDisputesPage *self = RP_DISPUTES_PAGE (widget);

  g_clear_handle_id (&self->clock_source, g_source_remove);
  GTK_WIDGET_CLASS (rp_disputes_page_parent_class)->unmap (widget);
}

static void
rp_disputes_page_dispose (GObject *object)
{
  RpDisputesPage *self = (RpDisputesPage *)object;

  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  set_store (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_DISPUTES_PAGE);
  g_clear_object (&self->context);
  g_clear_pointer (&self->issue_id, g_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->wanted, g_hash_table_unref);

  G_OBJECT_CLASS (rp_disputes_page_parent_class)->dispose (object);
}

static void
rp_disputes_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RpDisputesPage *self = RP_DISPUTES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_disputes_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RpDisputesPage *self = RP_DISPUTES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      rp_disputes_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_disputes_page_class_init (RpDisputesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_disputes_page_dispose;
  object_class->get_property = rp_disputes_page_get_property;
  object_class->set_property = rp_disputes_page_set_property;
  widget_class->map = rp_disputes_page_map;
  widget_class->unmap = rp_disputes_page_unmap;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RP_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RP_TYPE_DISPUTE_DETAIL);
  g_type_ensure (RP_TYPE_BUYER_PANEL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-disputes-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, finished_toggle);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, list_empty);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, detail_bar);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, detail);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, buyer_flap);
  gtk_widget_class_bind_template_child (widget_class, RpDisputesPage, buyer_panel);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, finished_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
rp_disputes_page_init (RpDisputesPage *self)
{
  GtkListItemFactory *factory;

  self->wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)wanted_free);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The detail's Buyer button shows the buyer panel beside it ("buyer.show"). */
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GPropertyAction) show = g_property_action_new ("show", self->buyer_flap, "reveal-flap");

    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (show));
    gtk_widget_insert_action_group (GTK_WIDGET (self), "buyer", G_ACTION_GROUP (group));
  }

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_item_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  gtk_stack_set_visible_child_name (self->main_stack, "empty");
  leaflet_folded_cb (self);
  g_signal_connect_object (self->detail, "notify::loaded", G_CALLBACK (detail_loaded_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail, "map", G_CALLBACK (detail_loaded_cb), self,
                           G_CONNECT_SWAPPED);
}

/**
 * rp_disputes_page_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
RpContext *
rp_disputes_page_get_context (RpDisputesPage *self)
{
  g_return_val_if_fail (RP_IS_DISPUTES_PAGE (self), NULL);

  return self->context;
}

void
rp_disputes_page_set_context (RpDisputesPage *self,
                              RpContext      *context)
{
  g_return_if_fail (RP_IS_DISPUTES_PAGE (self));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);

  rp_dispute_detail_set_context (self->detail, context);
  rp_buyer_panel_set_context (self->buyer_panel, context);
  if (context != NULL)
    g_signal_connect_object (context, "notify::store", G_CALLBACK (context_store_cb), self,
                             G_CONNECT_SWAPPED);
  context_store_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

/**
 * rp_disputes_page_get_model:
 *
 * Returns: (transfer none) (nullable): the disputes listed
 */
GListModel *
rp_disputes_page_get_model (RpDisputesPage *self)
{
  g_return_val_if_fail (RP_IS_DISPUTES_PAGE (self), NULL);

  return self->model != NULL ? G_LIST_MODEL (self->model) : NULL;
}

/**
 * rp_disputes_page_get_detail:
 *
 * Returns: (transfer none): the detail view
 */
RpDisputeDetail *
rp_disputes_page_get_detail (RpDisputesPage *self)
{
  g_return_val_if_fail (RP_IS_DISPUTES_PAGE (self), NULL);

  return self->detail;
}

gboolean
rp_disputes_page_select (RpDisputesPage *self,
                         gint64          account_id,
                         const char     *issue_id)
{
  GListModel *model;

  g_return_val_if_fail (RP_IS_DISPUTES_PAGE (self), FALSE);
  g_return_val_if_fail (issue_id != NULL, FALSE);

  if (self->model == NULL)
    return FALSE;

  model = G_LIST_MODEL (self->model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpDispute) d = g_list_model_get_item (model, i);

      if (d->account_id == account_id && g_strcmp0 (d->issue_id, issue_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          if (adw_leaflet_get_folded (self->leaflet))
            adw_leaflet_set_visible_child_name (self->leaflet, "detail");
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * rp_disputes_page_set_now:
 * @now: UTC µs, or 0 for the real time
 *
 * Pins the clock the page measures deadlines against.  The demo marketplace keeps its
 * own simulated time, which runs ahead of the real one once it is moved on; its
 * deadlines only make sense against it.
 */
void
rp_disputes_page_set_now (RpDisputesPage *self,
                          gint64          now)
{
  g_return_if_fail (RP_IS_DISPUTES_PAGE (self));

  self->now_override = MAX (now, 0);
  clock_tick_cb (self);
}
