/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-shipments-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-buyer-zone.h"
#include "rp-shipment-detail.h"
#include "rp-shipment-row.h"
#include "rp-shipments-page.h"
#include "rp-store-list-model.h"
#include "rp-today.h"
#include "rp-tracking-entry.h"

/* Timelines read at once: enough to keep the store's thread busy, few enough that a
 * sync's writes are not queued behind a whole account's parcels. */
#define MAX_READS 4
/* A burst of parcels read back to back refilters the problem list once. */
#define REFILTER_DELAY_MS 150

struct _RpShipmentsPage
{
  GtkWidget           parent_instance;

  RpContext          *context;
  GCancellable       *cancellable;
  guint               generation;    /* of the list: reads for an older one are ignored */

  /* The rules' settings; the buyer's zone tells where weekends are. */
  GSettings          *settings;
  RpTrackingThresholds thresholds;
  gboolean            skip_weekends;
  gboolean            zones_warned;  /* that weekends are counted in UTC, once a page */

  RpStoreListModel   *shipments;
  GListStore         *entries_model;  /* of RpTrackingEntry, row for row of shipments */
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;
  GtkCustomFilter    *filter;
  GtkCustomSorter    *sorter;

  /* key → RpTrackingEntry: outlives the list's reloads */
  GHashTable         *entries;
  /* entries whose timeline is not read (or changed since), and those shown in rows:
   * only shown ones are read, unless the problem filter needs them all */
  GHashTable         *unread;
  GHashTable         *bound;
  /* entries waiting for their timeline to be read, and how many reads are under way */
  GQueue              to_read;
  guint               n_reading;
  guint               refilter_source;
  gboolean            problems_only;

  GtkStack           *stack;
  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *problems_button;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *none_page;
  GtkLabel           *summary_label;
  GtkSpinner         *spinner;
  RpShipmentDetail   *detail;
};

G_DEFINE_FINAL_TYPE (RpShipmentsPage, rp_shipments_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void read_next (RpShipmentsPage *self);

typedef struct
{
  RpShipmentsPage *self;
  RpTrackingEntry *entry;
  guint            generation;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->entry);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadData, read_data_free)

static void
update_summary (RpShipmentsPage *self)
{
  guint shown = self->filter_model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) : 0;
  guint total = self->shipments != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->shipments)) : 0;
  gboolean busy = rp_shipments_page_get_busy (self);
  g_autofree char *text = NULL;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->problems_only)
    text = g_strdup_printf (ngettext ("%u parcel with a problem", "%u parcels with a problem", shown),
                            shown);
  else
    text = g_strdup_printf (ngettext ("%u parcel", "%u parcels", total), total);
  gtk_label_set_text (self->summary_label, text);

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);

  if (shown > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  gtk_stack_set_visible_child_name (self->list_stack, "none");
  if (search != NULL && *search != '\0')
    {
      adw_status_page_set_icon_name (self->none_page, "edit-find-symbolic");
      adw_status_page_set_title (self->none_page, _("No Matching Parcels"));
      adw_status_page_set_description (self->none_page,
                                       _("Search for a whole or partial tracking or order number."));
    }
  else if (self->problems_only)
    {
      adw_status_page_set_icon_name (self->none_page, busy ? "content-loading-symbolic" : "emblem-ok-symbolic");
      adw_status_page_set_title (self->none_page,
                                 busy ? _("Checking Parcels") : _("No Parcel Problems"));
      adw_status_page_set_description (self->none_page,
                                       busy ? _("The tracking of each parcel is being read.")
                                            : _("No parcel is stalled, unscanned or held in customs. Turn off the filter to see every parcel."));
    }
  else
    {
      adw_status_page_set_icon_name (self->none_page, "package-x-generic-symbolic");
      adw_status_page_set_title (self->none_page, _("No Parcels Yet"));
      adw_status_page_set_description (self->none_page,
                                       _("Parcels appear here once orders are shipped and synced."));
    }
}

static gboolean
refilter_cb (gpointer user_data)
{
  RpShipmentsPage *self = user_data;

  self->refilter_source = 0;
  if (self->problems_only)
    {
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
      gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
    }
  update_summary (self);

  return G_SOURCE_REMOVE;
}

static void
queue_refilter (RpShipmentsPage *self)
{
  if (self->refilter_source == 0)
    self->refilter_source = g_timeout_add (REFILTER_DELAY_MS, refilter_cb, self);
}

static void
assess (RpShipmentsPage *self,
        RpTrackingEntry *entry,
        RpShipment      *detail)
{
  g_autoptr(GTimeZone) zone = NULL;

  /* Weekends are the buyer's: only then is the zone table read. */
  if (self->skip_weekends && detail->to_country != NULL)
    {
      RpBuyerZone *zones = rp_buyer_zone_get_default ();

      if (zones != NULL)
        zone = rp_buyer_zone_lookup_time_zone (zones, detail->to_country, NULL, NULL, NULL);
      else if (!self->zones_warned)
        {
          /* rp_buyer_zone_get_default() has said why; this is what it costs here. */
          self->zones_warned = TRUE;
          g_warning ("No buyer zones, weekends are counted in UTC");
        }
    }

  rp_tracking_entry_set_detail (entry, detail, g_get_real_time (), &self->thresholds,
                                self->skip_weekends, zone);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ReadData) data = user_data;
  RpShipmentsPage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shipments = NULL;
  RpShipment *summary = rp_tracking_entry_get_shipment (data->entry);

  shipments = rp_store_list_shipments_finish (RP_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || data->generation != self->generation)
    return;

  self->n_reading--;

  if (shipments == NULL)
    {
      if (!g_error_matches (error, RP_STORE_ERROR, RP_STORE_ERROR_CLOSED))
        g_warning ("Could not read the tracking of order %s: %s", summary->order_id, error->message);
    }
  else
    {
      for (guint i = 0; i < shipments->len; i++)
        {
          RpShipment *shipment = g_ptr_array_index (shipments, i);

          if (g_strcmp0 (shipment->tracking_no, summary->tracking_no) == 0)
            {
              assess (self, data->entry, shipment);
              break;
            }
        }
    }

  queue_refilter (self);
  read_next (self);
}

static void
read_next (RpShipmentsPage *self)
{
  RpStore *store = self->context != NULL ? rp_context_get_store (self->context) : NULL;

  while (store != NULL && self->n_reading < MAX_READS && !g_queue_is_empty (&self->to_read))
    {
      g_autoptr(RpTrackingEntry) entry = g_queue_pop_head (&self->to_read);
      RpShipment *shipment = rp_tracking_entry_get_shipment (entry);
      ReadData *data = g_new0 (ReadData, 1);

      data->self = g_object_ref (self);
      data->entry = g_object_ref (entry);
      data->generation = self->generation;
      self->n_reading++;
      rp_store_list_shipments_async (store, shipment->account_id, shipment->order_id,
                                     self->cancellable, read_cb, data);
    }

  update_summary (self);
}

static void
queue_read (RpShipmentsPage *self,
            RpTrackingEntry *entry)
{
  g_hash_table_remove (self->unread, entry);
  if (g_queue_find (&self->to_read, entry) != NULL)
    return;

  g_queue_push_tail (&self->to_read, g_object_ref (entry));
  read_next (self);
}

/* The list's light rows to the page's entries: the same parcel maps to the same entry
 * across reloads, read again only when the sync changed it. */
static RpTrackingEntry *
map_entry (RpShipmentsPage *self,
           RpShipment      *shipment)
{
  g_autofree char *key = rp_tracking_entry_key (shipment);
  RpTrackingEntry *entry = g_hash_table_lookup (self->entries, key);

  gboolean needs_read;

  if (entry == NULL)
    {
      entry = rp_tracking_entry_new (shipment);
      g_hash_table_insert (self->entries, g_steal_pointer (&key), entry);
      needs_read = TRUE;
    }
  else
    needs_read = rp_tracking_entry_update_summary (entry, shipment);

  /* Every row is mapped at each reload (the selection looks for its item among them),
   * so reading waits until a row shows the parcel or the filter asks. */
  if (needs_read)
    {
      if (self->problems_only || g_hash_table_contains (self->bound, entry))
        queue_read (self, entry);
      else
        g_hash_table_add (self->unread, entry);
    }

  return g_object_ref (entry);
}

/* The entries follow the list's rows change for change.  Not a GtkMapListModel: GTK 4.8's
 * moves an entry it has made onto the first row of a range that is replaced (the entry of
 * the row after the range), so one entry stood at two places — GTK warned "Duplicate item"
 * and the parcel in that row was shown, filtered and judged as another. */
static void
rows_changed_cb (RpShipmentsPage *self,
                 guint            position,
                 guint            removed,
                 guint            added,
                 GListModel      *rows)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_full (added, g_object_unref);

  for (guint i = 0; i < added; i++)
    {
      g_autoptr(RpShipment) shipment = g_list_model_get_item (rows, position + i);

      g_ptr_array_add (entries, map_entry (self, shipment));
    }

  g_list_store_splice (self->entries_model, position, removed, entries->pdata, added);
}

static gboolean
filter_entry (gpointer item,
              gpointer user_data)
{
  RpShipmentsPage *self = user_data;

  if (!self->problems_only)
    return TRUE;

  return rp_tracking_entry_get_problem (item) != RP_PARCEL_PROBLEM_NONE;
}

static guint
urgency (RpTrackingEntry *entry)
{
  const RpTrackingAssessment *a = rp_tracking_entry_get_assessment (entry);

  return a != NULL ? rp_today_urgency_parcel (a) : 0;
}

/* All parcels: newest shipped first, as the store lists them.  Problems: the most
 * pressing first (the Today scale), then the longest without news. */
static int
sort_entry (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  RpShipmentsPage *self = user_data;
  RpTrackingEntry *x = (RpTrackingEntry *)a;
  RpTrackingEntry *y = (RpTrackingEntry *)b;
  const RpTrackingAssessment *ax, *ay;
  guint ux, uy;

  if (!self->problems_only)
    return GTK_ORDERING_EQUAL;

  ux = urgency (x);
  uy = urgency (y);
  if (ux != uy)
    return ux > uy ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  ax = rp_tracking_entry_get_assessment (x);
  ay = rp_tracking_entry_get_assessment (y);
  if (ax != NULL && ay != NULL && ax->days_since_event != ay->days_since_event)
    return ax->days_since_event > ay->days_since_event ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;

  return GTK_ORDERING_EQUAL;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, g_object_new (RP_TYPE_SHIPMENT_ROW, NULL));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  RpShipmentsPage *self = user_data;
  RpTrackingEntry *entry = gtk_list_item_get_item (list_item);

  g_hash_table_add (self->bound, entry);
  if (g_hash_table_contains (self->unread, entry))
    queue_read (self, entry);
  rp_shipment_row_set_entry (RP_SHIPMENT_ROW (gtk_list_item_get_child (list_item)), entry);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  RpShipmentsPage *self = user_data;

  g_hash_table_remove (self->bound, gtk_list_item_get_item (list_item));
  rp_shipment_row_set_entry (RP_SHIPMENT_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
read_all_unread (RpShipmentsPage *self)
{
  g_autoptr(GPtrArray) unread = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer entry;

  /* Collected first: queueing takes them out of the table. */
  g_hash_table_iter_init (&iter, self->unread);
  while (g_hash_table_iter_next (&iter, &entry, NULL))
    g_ptr_array_add (unread, entry);

  for (guint i = 0; i < unread->len; i++)
    queue_read (self, g_ptr_array_index (unread, i));
}

static void
selection_changed_cb (RpShipmentsPage *self)
{
  RpTrackingEntry *entry = gtk_single_selection_get_selected_item (self->selection);

  /* A reload keeps the parcel shown: the selection follows the same entry. */
  if (entry != NULL)
    {
      if (g_hash_table_contains (self->unread, entry))
        queue_read (self, entry);
      rp_shipment_detail_set_entry (self->detail, entry);
    }
}

static void
list_activate_cb (RpShipmentsPage *self,
                  guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child_name (self->leaflet, "detail");

  /* Side by side the keyboard stays in the list, on the parcel shown. */
  if (!adw_leaflet_get_folded (self->leaflet) && gtk_widget_get_mapped (GTK_WIDGET (self->list_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
detail_back_cb (RpShipmentsPage *self)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
search_changed_cb (RpShipmentsPage *self)
{
  if (self->shipments != NULL)
    rp_store_list_model_set_text (self->shipments,
                                  gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_summary (self);
}

static void
problems_toggled_cb (RpShipmentsPage *self)
{
  gboolean active = gtk_toggle_button_get_active (self->problems_button);

  if (active == self->problems_only)
    return;

  /* Without the filter nothing asks for every row, so only the parcels on screen are
   * read; the filter reads them all (the spinner shows it). */
  self->problems_only = active;
  if (active)
    read_all_unread (self);
  gtk_filter_list_model_set_filter (self->filter_model, active ? GTK_FILTER (self->filter) : NULL);
  gtk_sort_list_model_set_sorter (self->sort_model, active ? GTK_SORTER (self->sorter) : NULL);
  update_summary (self);
}

static void
read_settings (RpShipmentsPage *self)
{
  g_autoptr(GVariant) no_scan = NULL;
  g_autoptr(GVariant) stalled = NULL;
  const guint32 *no_scan_days;
  const guint32 *stalled_days;
  gsize n_no_scan = 0, n_stalled = 0;

  if (self->settings == NULL)
    {
      self->thresholds = *rp_tracking_thresholds_default ();
      self->skip_weekends = FALSE;
      return;
    }

  no_scan = g_settings_get_value (self->settings, "parcel-no-scan-days");
  stalled = g_settings_get_value (self->settings, "parcel-stalled-days");
  no_scan_days = g_variant_get_fixed_array (no_scan, &n_no_scan, sizeof (guint32));
  stalled_days = g_variant_get_fixed_array (stalled, &n_stalled, sizeof (guint32));

  if (!rp_parcel_problem_thresholds (no_scan_days, n_no_scan, stalled_days, n_stalled,
                                     g_settings_get_uint (self->settings, "parcel-protection-days"),
                                     &self->thresholds))
    g_warning ("Parcel thresholds in the settings are not increasing day counts; using the defaults");
  self->skip_weekends = g_settings_get_boolean (self->settings, "parcel-skip-weekends");
}

static void
settings_changed_cb (RpShipmentsPage *self,
                     const char      *key)
{
  GHashTableIter iter;
  gpointer value;

  if (!g_str_has_prefix (key, "parcel-"))
    return;

  read_settings (self);

  /* The same timelines, judged again: nothing to read from the store. */
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (rp_tracking_entry_get_loaded (value))
      assess (self, value, rp_tracking_entry_get_shipment (value));

  if (self->problems_only)
    {
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
      gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
    }
  update_summary (self);
}

static void
drop_model (RpShipmentsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  g_queue_clear_full (&self->to_read, g_object_unref);
  self->n_reading = 0;
  g_hash_table_remove_all (self->unread);
  g_hash_table_remove_all (self->entries);

  if (self->shipments != NULL)
    g_signal_handlers_disconnect_by_data (self->shipments, self);
  g_clear_object (&self->shipments);
  g_list_store_remove_all (self->entries_model);
}

static void
store_changed_cb (RpShipmentsPage *self)
{
  RpStore *store = self->context != NULL ? rp_context_get_store (self->context) : NULL;

  drop_model (self);

  if (store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_summary (self);
      return;
    }

  self->shipments = rp_store_list_model_new (store, RP_STORE_LIST_SHIPMENTS, 0);
  rp_context_follow_shown_account (self->context, self->shipments);
  rp_store_list_model_set_text (self->shipments,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_signal_connect_swapped (self->shipments, "notify::loading", G_CALLBACK (update_summary), self);
  g_signal_connect_swapped (self->shipments, "items-changed", G_CALLBACK (rows_changed_cb), self);
  rows_changed_cb (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (self->shipments)),
                   G_LIST_MODEL (self->shipments));
  gtk_stack_set_visible_child_name (self->stack, "content");
  update_summary (self);
}

static void
rp_shipments_page_dispose (GObject *object)
{
  RpShipmentsPage *self = (RpShipmentsPage *)object;

  g_clear_handle_id (&self->refilter_source, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  drop_model (self);
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_SHIPMENTS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->sorter);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->entries_model);
  g_clear_object (&self->filter);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->unread, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_hash_table_unref);

  G_OBJECT_CLASS (rp_shipments_page_parent_class)->dispose (object);
}

static void
rp_shipments_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RpShipmentsPage *self = RP_SHIPMENTS_PAGE (object);

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
rp_shipments_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RpShipmentsPage *self = RP_SHIPMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      rp_shipments_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_shipments_page_class_init (RpShipmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_shipments_page_dispose;
  object_class->get_property = rp_shipments_page_get_property;
  object_class->set_property = rp_shipments_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RP_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RP_TYPE_SHIPMENT_DETAIL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-shipments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpShipmentsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentsPage, problems_button);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentsPage, none_page);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, RpShipmentsPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, problems_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_back_cb);
}

static void
rp_shipments_page_init (RpShipmentsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->unread = g_hash_table_new (NULL, NULL);
  self->bound = g_hash_table_new (NULL, NULL);
  self->thresholds = *rp_tracking_thresholds_default ();
  g_queue_init (&self->to_read);

  self->entries_model = g_list_store_new (RP_TYPE_TRACKING_ENTRY);
  self->filter = gtk_custom_filter_new (filter_entry, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->entries_model)), NULL);
  self->sorter = gtk_custom_sorter_new (sort_entry, self, NULL);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)), NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (update_summary), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_object_bind_property (self->leaflet, "folded", self->detail, "show-back", G_BINDING_SYNC_CREATE);

  update_summary (self);
}

/**
 * rp_shipments_page_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
RpContext *
rp_shipments_page_get_context (RpShipmentsPage *self)
{
  g_return_val_if_fail (RP_IS_SHIPMENTS_PAGE (self), NULL);

  return self->context;
}

void
rp_shipments_page_set_context (RpShipmentsPage *self,
                               RpContext       *context)
{
  g_return_if_fail (RP_IS_SHIPMENTS_PAGE (self));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "notify::store", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  if (context != NULL && rp_context_get_settings (context) != NULL)
    {
      self->settings = g_object_ref (rp_context_get_settings (context));
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  read_settings (self);

  rp_shipment_detail_set_context (self->detail, context);
  store_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

/**
 * rp_shipments_page_get_model:
 *
 * Returns: (transfer none): the parcels shown, of RpTrackingEntry
 */
GListModel *
rp_shipments_page_get_model (RpShipmentsPage *self)
{
  g_return_val_if_fail (RP_IS_SHIPMENTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->selection);
}

/**
 * rp_shipments_page_get_detail:
 *
 * Returns: (transfer none): the detail pane
 */
RpShipmentDetail *
rp_shipments_page_get_detail (RpShipmentsPage *self)
{
  g_return_val_if_fail (RP_IS_SHIPMENTS_PAGE (self), NULL);

  return self->detail;
}

gboolean
rp_shipments_page_get_busy (RpShipmentsPage *self)
{
  g_return_val_if_fail (RP_IS_SHIPMENTS_PAGE (self), FALSE);

  return self->n_reading > 0 || !g_queue_is_empty (&self->to_read) ||
         (self->shipments != NULL && rp_store_list_model_get_loading (self->shipments));
}

void
rp_shipments_page_show_parcel (RpShipmentsPage *self,
                               guint            position)
{
  g_return_if_fail (RP_IS_SHIPMENTS_PAGE (self));

  list_activate_cb (self, position);
}
