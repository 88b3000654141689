/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-orders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-country.h"
#include "rp-order-batch-dialog.h"
#include "rp-order-detail.h"
#include "rp-order-format.h"
#include "rp-orders-page.h"
#include "rp-buyer-panel.h"
#include "rp-slot-list-model.h"
#include "rp-store-list-model.h"

/* The Orders page: a column view over every cached order (filters and the search run in
 * SQL in the list model; a click on a column header sorts what is loaded), and the detail
 * of the selected order beside it.  A narrow window shows one of the two. */

#define COUNTDOWN_INTERVAL_S 60

/* New rows at the top of the list shown at a time (more than fill the window). */
#define ROWS_PER_STEP 25

/* The buyer column beside the order number, in a wide window and alone in a 360 px one. */
#define BUYER_WIDTH        100
#define NARROW_BUYER_WIDTH 180

typedef enum
{
  COLUMN_ORDER,
  COLUMN_BUYER,
  COLUMN_ITEMS,
  COLUMN_TOTAL,
  COLUMN_STATUS,
  COLUMN_CONFIRMATION,
  COLUMN_SHIP_BY,
  N_COLUMNS
} Column;

/* The status filter, in the order of the drop-down. */
static const struct
{
  const char *label;
  int         status;
} status_filters[] = {
  { N_("All Statuses"), -1 },
  { N_("Awaiting Payment"), RP_ORDER_STATUS_AWAITING_PAYMENT },
  { N_("To Ship"), RP_ORDER_STATUS_TO_SHIP },
  { N_("Shipped"), RP_ORDER_STATUS_SHIPPED },
  { N_("In Dispute"), RP_ORDER_STATUS_IN_DISPUTE },
  { N_("Finished"), RP_ORDER_STATUS_FINISHED },
};

struct _RpOrdersPage
{
  GtkWidget          parent_instance;

  RpContext         *context;
  RpStore           *store;
  RpStoreListModel  *model;
  GtkSortListModel  *sort_model;
  RpSlotListModel   *slots;            /* the sorted orders as rows that keep their widgets */
  GtkMultiSelection *selection;
  GHashTable        *selected_keys;    /* "account:order" of the selected rows, kept across reloads */
  GPtrArray         *country_codes;   /* parallel to the country drop-down; [0] is NULL */
  GHashTable        *countdown_labels; /* bound ship-by cells, refreshed every minute */
  guint              countdown_source;
  gboolean           keeping_keys;     /* the selection follows the rows, not the seller */
  gint64             selected_account;
  char              *selected_order;

  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  AdwLeaflet        *leaflet;
  GtkWidget         *list_pane;
  GtkWidget         *detail_pane;
  GtkSearchEntry    *search_entry;
  GtkDropDown       *status_dropdown;
  GtkDropDown       *country_dropdown;
  GtkStack          *list_stack;
  GtkColumnView     *column_view;
  GtkRevealer       *back_revealer;
  RpOrderDetail     *detail;
  AdwFlap           *buyer_flap;
  RpBuyerPanel      *buyer_panel;
  AdwStatusPage     *batch_page;
  GtkButton         *batch_button;
};

G_DEFINE_FINAL_TYPE (RpOrdersPage, rp_orders_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
filters_active (RpOrdersPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  return (text != NULL && *text != '\0') ||
         gtk_drop_down_get_selected (self->status_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->country_dropdown) > 0;
}

static void
update_view (RpOrdersPage *self)
{
  guint n;

  if (self->model == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  /* While the first page loads the list stays up (empty for a moment) rather than
   * flashing the empty state. */
  if (n == 0 && !rp_store_list_model_get_loading (self->model) && !filters_active (self))
    {
      adw_status_page_set_description (self->empty_page,
                                       rp_context_get_n_accounts (self->context) > 0
                                       ? _("No orders are in the cache yet. They appear here after the next sync.")
                                       : _("Your store’s orders will appear here, with their confirmation state and the time left to ship. Connect a store or try the demo marketplace to start."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "orders");
  gtk_stack_set_visible_child_name (self->list_stack,
                                    n == 0 && !rp_store_list_model_get_loading (self->model)
                                    ? "no-results" : "list");
}

/* Cells ------------------------------------------------------------------------------ */

/* Ellipsized cells keep their whole text within reach.  The text is asked for when the
 * tooltip shows: setting a tooltip at each bind costs a pointer query to the X server per
 * cell, many times per keystroke of a search. */
static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "tooltip");

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Cells are inscriptions, not labels: their size does not follow their text, so a search
 * that gives the ~200 rows GTK keeps new orders changes what they draw without measuring
 * some 1,400 labels again (60 ms of the main loop at each key with labels).  The text
 * is also their accessible label. */
static void
set_cell_text (GtkInscription *cell,
               const char     *text)
{
  gtk_inscription_set_text (cell, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_yalign (GTK_INSCRIPTION (label), 0.5f);
  /* The first product gives way; how many others follow stays in sight. */
  if (column == COLUMN_ITEMS)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *more = gtk_label_new (NULL);

      gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 0.0f);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_single_line_mode (GTK_LABEL (more), TRUE);
      gtk_widget_add_css_class (more, "dim-label");
      gtk_widget_add_css_class (more, "numeric");
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), more);
      gtk_widget_set_has_tooltip (box, TRUE);
      g_signal_connect (box, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
      gtk_list_item_set_child (list_item, box);
      return;
    }

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), column == COLUMN_TOTAL ? 1.0f : 0.0f);
  /* Order numbers are read and typed digit by digit: never cut, the column is wide enough. */
  if (column == COLUMN_ORDER)
    gtk_inscription_set_min_chars (GTK_INSCRIPTION (label), 18);
  else
    gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (column == COLUMN_TOTAL || column == COLUMN_SHIP_BY || column == COLUMN_ORDER)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_BUYER)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
    }
  gtk_list_item_set_child (list_item, label);
}

static void
set_countdown (GtkInscription *label,
               RpOrder        *order,
               gint64          now)
{
  g_autofree char *left = NULL;
  gboolean open = order->status == RP_ORDER_STATUS_TO_SHIP;

  /* The countdown only means something while the order waits to be shipped. */
  left = open ? rp_order_format_time_left (order->ship_by, now) : g_strdup ("");
  set_cell_text (label, left);

  if (open && order->ship_by > 0 && order->ship_by - now < G_TIME_SPAN_DAY)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  RpOrdersPage *self = g_object_get_data (G_OBJECT (factory), "page");
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  RpOrder *order = rp_list_slot_get_item (gtk_list_item_get_item (list_item));
  g_autofree char *text = NULL;
  GtkInscription *label;

  if (column == COLUMN_ITEMS)
    {
      GtkWidget *first = gtk_widget_get_first_child (child);
      g_autofree char *all = NULL;
      g_autofree char *more = NULL;
      guint n_others = 0;

      text = rp_order_format_items (order->items_summary, &n_others, &all);
      more = rp_order_format_items_more (n_others);
      set_cell_text (GTK_INSCRIPTION (first), text);
      gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (first)), more);
      /* Every name is a hover away. */
      g_object_set_data_full (G_OBJECT (child), "tooltip", g_steal_pointer (&all), g_free);
      return;
    }

  label = GTK_INSCRIPTION (child);

  gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");

  switch (column)
    {
    case COLUMN_ORDER:
      text = rp_order_format_plain (order->order_id);
      if (rp_order_has_buyer_note (order))
        {
          /* Translators: an order number whose buyer left a note */
          g_autofree char *marked = g_strdup_printf (_("%s ✎"), text);

          g_free (text);
          text = g_steal_pointer (&marked);
        }
      break;

    case COLUMN_BUYER:
      text = rp_order_format_buyer (order);
      break;

    case COLUMN_TOTAL:
      text = rp_order_format_money (&order->total);
      break;

    case COLUMN_STATUS:
      text = g_strdup (rp_order_format_status (order->status));
      break;

    case COLUMN_CONFIRMATION:
      /* "Not confirmed" only matters while the order waits to be shipped. */
      if (order->confirmation == RP_CONFIRMATION_NONE && order->status != RP_ORDER_STATUS_TO_SHIP)
        text = g_strdup ("");
      else
        text = g_strdup (rp_order_format_confirmation (order->confirmation));
      if (order->confirmation == RP_CONFIRMATION_NEEDS_REVIEW)
        gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
      else if (order->confirmation == RP_CONFIRMATION_READY_TO_SHIP)
        gtk_widget_add_css_class (GTK_WIDGET (label), "success");
      else if (order->confirmation == RP_CONFIRMATION_NONE)
        gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
      break;

    case COLUMN_SHIP_BY:
      g_object_set_data_full (G_OBJECT (label), "order", g_object_ref (order), g_object_unref);
      g_hash_table_add (self->countdown_labels, label);
      set_countdown (label, order, g_get_real_time ());
      return;

    case COLUMN_ITEMS:   /* a box, bound above */
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  set_cell_text (label, text);
  if (column == COLUMN_BUYER)
    g_object_set_data_full (G_OBJECT (label), "tooltip", g_steal_pointer (&text), g_free);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  RpOrdersPage *self = g_object_get_data (G_OBJECT (factory), "page");
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  if (column == COLUMN_SHIP_BY)
    {
      g_hash_table_remove (self->countdown_labels, label);
      g_object_set_data (G_OBJECT (label), "order", NULL);
    }
}

static gboolean
countdown_tick_cb (gpointer user_data)
{
  RpOrdersPage *self = user_data;
  gint64 now = g_get_real_time ();
  GHashTableIter iter;
  gpointer label;

  g_hash_table_iter_init (&iter, self->countdown_labels);
  while (g_hash_table_iter_next (&iter, &label, NULL))
    {
      RpOrder *order = g_object_get_data (G_OBJECT (label), "order");

      if (order != NULL)
        set_countdown (GTK_INSCRIPTION (label), order, now);
    }

  return G_SOURCE_CONTINUE;
}

/* Sorting ----------------------------------------------------------------------------- */

static int
compare_int64 (gint64 a,
               gint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
compare_orders (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  RpOrder *oa = (RpOrder *)a;
  RpOrder *ob = (RpOrder *)b;
  int result = 0;

  switch ((Column)GPOINTER_TO_INT (user_data))
    {
    case COLUMN_ORDER:
      /* Order numbers are digits of one length on one marketplace; shorter first keeps
       * mixed lengths in numeric order. */
      result = compare_int64 (strlen (oa->order_id), strlen (ob->order_id));
      if (result == 0)
        result = g_strcmp0 (oa->order_id, ob->order_id);
      break;

    case COLUMN_BUYER:
      result = g_utf8_collate (oa->buyer_name != NULL ? oa->buyer_name : "",
                               ob->buyer_name != NULL ? ob->buyer_name : "");
      break;

    case COLUMN_ITEMS:
      /* Byte order: product names are long, and 100,000 of them sort at a click. */
      result = g_strcmp0 (oa->items_summary != NULL ? oa->items_summary : "",
                          ob->items_summary != NULL ? ob->items_summary : "");
      break;

    case COLUMN_TOTAL:
      result = g_strcmp0 (oa->total.currency, ob->total.currency);
      if (result == 0)
        result = compare_int64 (oa->total.cents, ob->total.cents);
      break;

    case COLUMN_STATUS:
      result = compare_int64 (oa->status, ob->status);
      break;

    case COLUMN_CONFIRMATION:
      result = compare_int64 (oa->confirmation, ob->confirmation);
      break;

    case COLUMN_SHIP_BY:
      /* Orders without a deadline go last. */
      result = compare_int64 (oa->ship_by == 0 ? G_MAXINT64 : oa->ship_by,
                              ob->ship_by == 0 ? G_MAXINT64 : ob->ship_by);
      break;

    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  return result < 0 ? GTK_ORDERING_SMALLER : result > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
add_columns (RpOrdersPage *self)
{
  static const struct
  {
    Column      column;
    const char *title;
    gboolean    expand;
    int         width;
  } columns[] = {
    { COLUMN_ORDER, N_("Order"), FALSE, 160 },
    { COLUMN_BUYER, N_("Buyer"), TRUE, BUYER_WIDTH },
    { COLUMN_ITEMS, N_("Items"), TRUE, 130 },
    { COLUMN_TOTAL, N_("Total"), FALSE, 90 },
    { COLUMN_STATUS, N_("Status"), FALSE, 80 },
    { COLUMN_CONFIRMATION, N_("Confirmation"), FALSE, 110 },
    { COLUMN_SHIP_BY, N_("Ship By"), FALSE, 70 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      gpointer data = GINT_TO_POINTER (columns[i].column);
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;

      g_object_set_data (G_OBJECT (factory), "page", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), data);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), data);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), data);

      column = gtk_column_view_column_new (_(columns[i].title), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_orders, data, NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_fixed_width (column, columns[i].width);
      gtk_column_view_append_column (self->column_view, column);
    }
}

/* Selection ---------------------------------------------------------------------------- */

static char *
order_key (RpOrder *order)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", order->account_id, order->order_id);
}

static gboolean
can_be_confirmed (RpOrder *order)
{
  return order->status == RP_ORDER_STATUS_TO_SHIP && order->confirmation == RP_CONFIRMATION_NONE;
}

/* The selected orders that wait for a confirmation, in list order (transfer container). */
static GPtrArray *
selected_to_confirm (RpOrdersPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GPtrArray *orders = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return orders;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      RpOrder *order = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

      if (can_be_confirmed (order))
        g_ptr_array_add (orders, order);
      else
        g_object_unref (order);
    }

  return orders;
}

static void
show_single (RpOrdersPage *self,
             RpOrder      *order)
{
  gtk_widget_set_visible (GTK_WIDGET (self->batch_page), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->detail), TRUE);

  if (order->account_id == self->selected_account &&
      g_strcmp0 (order->order_id, self->selected_order) == 0)
    return;

  self->selected_account = order->account_id;
  g_free (self->selected_order);
  self->selected_order = g_strdup (order->order_id);
  rp_order_detail_set_order (self->detail, order->account_id, order->order_id);
  rp_buyer_panel_set_buyer (self->buyer_panel, order->account_id, order->buyer_login_id,
                            order->address.country != NULL ? order->address.country
                                                           : order->buyer_country,
                            order->address.province, order->address.city);
}

static void
show_batch (RpOrdersPage *self,
            guint         n_selected)
{
  g_autoptr(GPtrArray) to_confirm = selected_to_confirm (self);
  g_autofree char *title = NULL;
  g_autofree char *label = NULL;
  const char *description;

  title = g_strdup_printf (ngettext ("%u Order Selected", "%u Orders Selected", n_selected), n_selected);
  adw_status_page_set_title (self->batch_page, title);

  if (to_confirm->len > 0)
    {
      description = _("Each buyer gets the confirmation of their own order, in their language.");
      label = g_strdup_printf (ngettext ("_Confirm %u Order…", "_Confirm %u Orders…", to_confirm->len),
                               to_confirm->len);
    }
  else
    description = _("None of them waits for a confirmation: orders are confirmed while they wait to be shipped.");

  adw_status_page_set_description (self->batch_page, description);
  if (label != NULL)
    gtk_button_set_label (self->batch_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->batch_button), to_confirm->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.confirm-selected", to_confirm->len > 0);

  gtk_widget_set_visible (GTK_WIDGET (self->detail), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->batch_page), TRUE);
}

static void
selection_changed_cb (RpOrdersPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;
  guint64 n;

  if (self->selection == NULL || self->keeping_keys)
    return;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  n = gtk_bitset_get_size (selected);

  /* A reload drops the rows without a selection-changed and items_changed_cb puts the
   * selection back; an empty selection here is the seller's own: the detail stays. */
  g_hash_table_remove_all (self->selected_keys);
  if (n == 0)
    return;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

      g_hash_table_add (self->selected_keys, order_key (order));
    }

  if (n == 1)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (G_LIST_MODEL (self->sort_model),
                                                        gtk_bitset_get_minimum (selected));

      show_single (self, order);
    }
  else
    show_batch (self, (guint)n);
}

static void
reselect (RpOrdersPage *self)
{
  GListModel *model = G_LIST_MODEL (self->sort_model);
  g_autoptr(GtkBitset) current = NULL;
  g_autoptr(GtkBitset) wanted = NULL;
  guint n = g_list_model_get_n_items (model);

  if (g_hash_table_size (self->selected_keys) == 0)
    return;

  current = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (!gtk_bitset_is_empty (current))
    return;

  /* Runs after every reload of up to 100,000 rows: no allocation per row. */
  wanted = gtk_bitset_new_empty ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (model, i);
      char key[256];

      g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT ":%s", order->account_id, order->order_id);
      if (g_hash_table_contains (self->selected_keys, key))
        gtk_bitset_add (wanted, i);
    }

  if (!gtk_bitset_is_empty (wanted))
    {
      rp_slot_list_model_show (self->slots, gtk_bitset_get_maximum (wanted) + 1);
      gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), wanted, wanted);
    }
}

static gboolean
is_selected_key (RpOrdersPage *self,
                 guint         position)
{
  g_autoptr(RpOrder) order = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);
  char key[256];

  g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT ":%s", order->account_id, order->order_id);

  return g_hash_table_contains (self->selected_keys, key);
}

/* The rows a change replaced keep their slots, and the selection model keeps a slot's
 * selection: select there what the seller selected (by order), and nothing else.  This is
 * not the seller's doing, so the orders they selected stay as they were. */
static void
slots_changed_cb (RpOrdersPage *self,
                  guint         position,
                  guint         removed,
                  guint         added)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (self->selection);
  guint kept = MIN (removed, added);
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GtkBitset) wanted = NULL;
  g_autoptr(GtkBitset) mask = NULL;

  if (kept == 0)
    return;

  selected = gtk_selection_model_get_selection_in_range (selection, position, kept);
  if (gtk_bitset_is_empty (selected) && g_hash_table_size (self->selected_keys) == 0)
    return;

  wanted = gtk_bitset_new_empty ();
  if (g_hash_table_size (self->selected_keys) > 0)
    for (guint i = position; i < position + kept; i++)
      if (is_selected_key (self, i))
        gtk_bitset_add (wanted, i);

  if (gtk_bitset_equals (selected, wanted))
    return;

  mask = gtk_bitset_new_range (position, kept);
  self->keeping_keys = TRUE;
  gtk_selection_model_set_selection (selection, wanted, mask);
  self->keeping_keys = FALSE;
}

static void
items_changed_cb (RpOrdersPage *self)
{
  reselect (self);
  update_view (self);
}

static void
confirm_selected_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  RpOrdersPage *self = RP_ORDERS_PAGE (widget);
  g_autoptr(GPtrArray) orders = selected_to_confirm (self);
  GtkWindow *dialog;

  if (orders->len == 0 || self->context == NULL || rp_context_get_store (self->context) == NULL)
    return;

  dialog = GTK_WINDOW (rp_order_batch_dialog_new (self->context, orders));
  gtk_window_set_transient_for (dialog, GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (dialog);
}

static void
row_activated_cb (RpOrdersPage *self,
                  guint         position)
{
  if (self->slots != NULL)
    rp_slot_list_model_show (self->slots, position + 1);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  selection_changed_cb (self);
  adw_leaflet_set_visible_child (self->leaflet, self->detail_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->detail));
}

static void
back_clicked_cb (RpOrdersPage *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
folded_changed_cb (RpOrdersPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  gtk_revealer_set_reveal_child (self->back_revealer, folded);

  /* 360 px hold the order number and the buyer; the rest is in the detail. */
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      gboolean visible = !folded || i == COLUMN_ORDER || i == COLUMN_BUYER;

      gtk_column_view_column_set_visible (column, visible);
      /* GTK 4.8 gives the width a hidden column leaves to no one: the buyer takes it. */
      if (i == COLUMN_BUYER)
        gtk_column_view_column_set_fixed_width (column, folded ? NARROW_BUYER_WIDTH : BUYER_WIDTH);
    }

  /* A narrow window shows the list alone: one tap opens the order. */
  gtk_column_view_set_single_click_activate (self->column_view, folded);
}

/* Filters ------------------------------------------------------------------------------ */

static void
search_changed_cb (RpOrdersPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (self->model != NULL)
    rp_store_list_model_set_text (self->model, *stripped != '\0' ? stripped : NULL);
}

static void
filter_changed_cb (RpOrdersPage *self)
{
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint country = gtk_drop_down_get_selected (self->country_dropdown);

  if (self->model == NULL)
    return;

  rp_store_list_model_set_status (self->model,
                                  status < G_N_ELEMENTS (status_filters)
                                  ? status_filters[status].status : -1);
  rp_store_list_model_set_country (self->model,
                                   country < self->country_codes->len
                                   ? g_ptr_array_index (self->country_codes, country) : NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GHashTable *names = user_data;

  return g_utf8_collate (g_hash_table_lookup (names, *(const char * const *)a),
                         g_hash_table_lookup (names, *(const char * const *)b));
}

static void
fill_filters (RpOrdersPage *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) countries = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GtkExpression) expression = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  const RpCountry *all;
  guint n_countries = 0;

  for (guint i = 0; i < G_N_ELEMENTS (status_filters); i++)
    gtk_string_list_append (statuses, _(status_filters[i].label));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  /* The countries we have notes for, by name in the seller's language. */
  all = rp_country_get_all (&n_countries);
  for (guint i = 0; i < n_countries; i++)
    {
      g_ptr_array_add (codes, (gpointer)all[i].code);
      g_hash_table_insert (names, (gpointer)all[i].code, rp_country_get_name (all[i].code));
    }
  g_ptr_array_sort_with_data (codes, compare_names, names);

  self->country_codes = g_ptr_array_new ();
  g_ptr_array_add (self->country_codes, NULL);
  gtk_string_list_append (countries, _("All Countries"));
  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);
      g_autofree char *flag = rp_country_get_flag (code);
      g_autofree char *label = g_strdup_printf ("%s %s", flag, (char *)g_hash_table_lookup (names, code));

      g_ptr_array_add (self->country_codes, (gpointer)code);
      gtk_string_list_append (countries, label);
    }

  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->country_dropdown, expression);
  gtk_drop_down_set_model (self->country_dropdown, G_LIST_MODEL (countries));
}

/* The store ------------------------------------------------------------------------------ */

static void
clear_model (RpOrdersPage *self)
{
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->sort_model != NULL)
    g_signal_handlers_disconnect_by_data (self->sort_model, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->slots != NULL)
    g_signal_handlers_disconnect_by_data (self->slots, self);

  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
}

static void
store_changed_cb (RpOrdersPage *self)
{
  RpStore *store = self->context != NULL ? rp_context_get_store (self->context) : NULL;

  if (store == self->store && self->model != NULL)
    return;

  clear_model (self);
  rp_order_detail_set_order (self->detail, 0, NULL);
  rp_buyer_panel_set_buyer (self->buyer_panel, 0, NULL, NULL, NULL, NULL);

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      self->model = rp_store_list_model_new (store, RP_STORE_LIST_ORDERS, 0);
      if (self->context != NULL)
        rp_context_follow_shown_account (self->context, self->model);
      self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->model)),
                                                  g_object_ref (gtk_column_view_get_sorter (self->column_view)));
      /* A search's first page takes the rows of the last one: the column view binds the
       * widgets it has again instead of making new ones. */
      self->slots = rp_slot_list_model_new (G_LIST_MODEL (self->sort_model));
      /* A row here is seven cells: a screenful at a time, not 200 rows in one block. */
      rp_slot_list_model_set_pace (self->slots, ROWS_PER_STEP);
      /* Several orders may be selected to confirm them at once. */
      self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->slots)));
      g_signal_connect_swapped (self->slots, "items-changed", G_CALLBACK (slots_changed_cb), self);

      g_signal_connect_swapped (self->sort_model, "items-changed", G_CALLBACK (items_changed_cb), self);
      g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (update_view), self);
      g_signal_connect_swapped (self->selection, "selection-changed",
                                G_CALLBACK (selection_changed_cb), self);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

      search_changed_cb (self);
      filter_changed_cb (self);
    }

  update_view (self);
}

static void
rp_orders_page_dispose (GObject *object)
{
  RpOrdersPage *self = (RpOrdersPage *)object;

  g_clear_handle_id (&self->countdown_source, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  clear_model (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_ORDERS_PAGE);
  g_clear_object (&self->context);
  g_clear_pointer (&self->country_codes, g_ptr_array_unref);
  g_clear_pointer (&self->countdown_labels, g_hash_table_unref);
  g_clear_pointer (&self->selected_keys, g_hash_table_unref);
  g_clear_pointer (&self->selected_order, g_free);

  G_OBJECT_CLASS (rp_orders_page_parent_class)->dispose (object);
}

static void
rp_orders_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RpOrdersPage *self = RP_ORDERS_PAGE (object);

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
rp_orders_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RpOrdersPage *self = RP_ORDERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      rp_orders_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_orders_page_class_init (RpOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_orders_page_dispose;
  object_class->get_property = rp_orders_page_get_property;
  object_class->set_property = rp_orders_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RP_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RP_TYPE_ORDER_DETAIL);
  g_type_ensure (RP_TYPE_BUYER_PANEL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, country_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, back_revealer);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, detail);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, buyer_flap);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, buyer_panel);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, batch_page);
  gtk_widget_class_bind_template_child (widget_class, RpOrdersPage, batch_button);
  gtk_widget_class_install_action (widget_class, "orders.confirm-selected", NULL,
                                   confirm_selected_action);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
rp_orders_page_init (RpOrdersPage *self)
{
  self->countdown_labels = g_hash_table_new (NULL, NULL);
  self->selected_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The detail's Buyer button shows the buyer panel beside it ("buyer.show"). */
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GPropertyAction) show = g_property_action_new ("show", self->buyer_flap, "reveal-flap");

    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (show));
    gtk_widget_insert_action_group (GTK_WIDGET (self), "buyer", G_ACTION_GROUP (group));
  }

  fill_filters (self);
  add_columns (self);

  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (folded_changed_cb), self);
  folded_changed_cb (self);

  self->countdown_source = g_timeout_add_seconds (COUNTDOWN_INTERVAL_S, countdown_tick_cb, self);
  update_view (self);
}

/**
 * rp_orders_page_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
RpContext *
rp_orders_page_get_context (RpOrdersPage *self)
{
  g_return_val_if_fail (RP_IS_ORDERS_PAGE (self), NULL);

  return self->context;
}

void
rp_orders_page_set_context (RpOrdersPage *self,
                            RpContext    *context)
{
  g_return_if_fail (RP_IS_ORDERS_PAGE (self));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);

  g_set_object (&self->context, context);
  rp_order_detail_set_context (self->detail, context);
  rp_buyer_panel_set_context (self->buyer_panel, context);

  if (context != NULL)
    {
      g_signal_connect_object (context, "notify::store", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::n-accounts", G_CALLBACK (update_view), self,
                               G_CONNECT_SWAPPED);
    }

  store_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

/**
 * rp_orders_page_get_model:
 *
 * The list the column view shows, after sorting (for tests and the window).
 *
 * Returns: (transfer none) (nullable): the sorted orders, or %NULL before the cache opens
 */
GListModel *
rp_orders_page_get_model (RpOrdersPage *self)
{
  g_return_val_if_fail (RP_IS_ORDERS_PAGE (self), NULL);

  return self->sort_model != NULL ? G_LIST_MODEL (self->sort_model) : NULL;
}

/**
 * rp_orders_page_select_order:
 *
 * Selects an order of the list and shows it (the window uses it to open an order from
 * elsewhere).  Returns %FALSE when the order is not in the list as filtered.
 */
gboolean
rp_orders_page_select_order (RpOrdersPage *self,
                             gint64        account_id,
                             const char   *order_id)
{
  GListModel *model;

  g_return_val_if_fail (RP_IS_ORDERS_PAGE (self), FALSE);
  g_return_val_if_fail (order_id != NULL, FALSE);

  if (self->sort_model == NULL)
    return FALSE;

  model = G_LIST_MODEL (self->sort_model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RpOrder) order = g_list_model_get_item (model, i);

      if ((account_id == 0 || order->account_id == account_id) &&
          g_strcmp0 (order->order_id, order_id) == 0)
        {
          row_activated_cb (self, i);
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * rp_orders_page_get_detail:
 *
 * Returns: (transfer none): the order detail beside the list
 */
RpOrderDetail *
rp_orders_page_get_detail (RpOrdersPage *self)
{
  g_return_val_if_fail (RP_IS_ORDERS_PAGE (self), NULL);

  return self->detail;
}
