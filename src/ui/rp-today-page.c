/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-today-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rp-account-dialog.h"
#include "rp-memory.h"
#include "rp-store-today.h"
#include "rp-today-collect.h"
#include "rp-today-item.h"
#include "rp-today-page.h"
#include "rp-today-row.h"

/* A burst of sync writes becomes one recount, and a long sync at most one every 2 s. */
#define REFRESH_DELAY_MS 400
#define REFRESH_MIN_INTERVAL_MS 2000
/* Today's first reading while another page is shown: after that page's first frame. */
#define FIRST_REFRESH_HIDDEN_MS 1000
/* Urgency and "time left" move with the clock even when nothing is written. */
#define TICK_SECONDS (5 * 60)

/* The kinds in the order the counts are shown; a filter button each. */
static const RpTaskKind kinds[] = {
  RP_TASK_DISPUTE_DEADLINE,
  RP_TASK_REVIEW_REPLY,
  RP_TASK_CONFIRM_ORDER,
  RP_TASK_READY_TO_SHIP,
  RP_TASK_PARCEL_PROBLEM,
  RP_TASK_UNANSWERED_MESSAGE,
  RP_TASK_BUYER_ONLINE,
};

#define N_KINDS G_N_ELEMENTS (kinds)

/* Each list row is an RpTodayRow bound to its item. */
#define ROW_FACTORY \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
  "<interface><template class=\"GtkListItem\"><property name=\"child\">" \
  "<object class=\"RpTodayRow\"><binding name=\"item\">" \
  "<lookup name=\"item\">GtkListItem</lookup></binding></object>" \
  "</property></template></interface>"

struct _RpTodayPage
{
  GtkWidget          parent_instance;

  RpContext         *context;
  RpStore           *store;

  GListStore        *tasks;
  GtkCustomFilter   *filter;
  GtkFilterListModel *filtered;
  GCancellable      *cancellable;
  guint              refresh_source;
  gint64             last_refresh;     /* monotonic µs */
  guint              tick_source;
  gboolean           refreshing;     /* collecting, or copying what was collected */
  gboolean           dirty;
  GPtrArray         *collected;      /* the last collection's items, made on its thread */
  GPtrArray         *copies;         /* their copies made here, so far */
  gint64             collected_accounts;
  guint              copy_source;
  gboolean           loaded;
  gint64             n_accounts;
  int                kind_filter;      /* -1: all */
  char              *search;           /* casefolded, NULL: none */
  guint              counts[N_KINDS];

  GtkToggleButton   *all_button;
  GtkToggleButton   *kind_buttons[N_KINDS];

  GtkStack          *stack;
  GtkStack          *list_stack;
  GtkSearchEntry    *search_entry;
  GtkBox            *kinds_box;
  GtkListView       *list_view;
  GtkWidget         *demo_button;
  GtkWidget         *connect_button;
};

G_DEFINE_FINAL_TYPE (RpTodayPage, rp_today_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TASK_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_refresh  (RpTodayPage *self);
static void update_onboarding (RpTodayPage *self);

static const char *
kind_label (RpTaskKind kind)
{
  switch (kind)
    {
    case RP_TASK_CONFIRM_ORDER:
      return C_("task kind", "To confirm");
    case RP_TASK_REVIEW_REPLY:
      return C_("task kind", "Replies to review");
    case RP_TASK_READY_TO_SHIP:
      return C_("task kind", "To ship");
    case RP_TASK_DISPUTE_DEADLINE:
      return C_("task kind", "Disputes");
    case RP_TASK_PARCEL_PROBLEM:
      return C_("task kind", "Parcels");
    case RP_TASK_BUYER_ONLINE:
      return C_("task kind", "Buyers online");
    case RP_TASK_UNANSWERED_MESSAGE:
    default:
      return C_("task kind", "Messages");
    }
}

static int
kind_index (RpTaskKind kind)
{
  for (guint i = 0; i < N_KINDS; i++)
    if (kinds[i] == kind)
      return (int)i;

  return -1;
}

/* Worker ------------------------------------------------------------------------------- */

typedef struct
{
  RpStore   *store;
  gint64     account_id;     /* the store shown, 0: all */
  gint64     now;
} CollectData;

typedef struct
{
  GPtrArray *items;
  gint64     n_accounts;
} CollectResult;

static void
collect_data_free (CollectData *data)
{
  g_clear_object (&data->store);
  g_free (data);
}

static void
collect_result_free (CollectResult *result)
{
  g_clear_pointer (&result->items, g_ptr_array_unref);
  g_free (result);
}

static void
collect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CollectData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStoreTodayRows) rows = NULL;
  CollectResult *result;
  gint64 started = g_get_monotonic_time ();
  gint64 n_accounts;

  n_accounts = rp_store_count_sync (data->store, 0, RP_STORE_CHANGE_ACCOUNTS, &error);
  if (n_accounts < 0 || error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Only the rows the rules start from, in SQL; the rest is read per task. */
  rows = rp_store_get_today_rows_sync (data->store, data->account_id,
                                       data->now - RP_TODAY_UNANSWERED_AFTER, cancellable, &error);
  if (rows == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = g_new0 (CollectResult, 1);
  result->n_accounts = n_accounts;
  result->items = rp_today_collect_sync (data->store, rows->orders, rows->disputes,
                                         rows->conversations, data->now,
                                         RP_TODAY_UNANSWERED_AFTER, cancellable, &error);
  if (result->items == NULL)
    {
      collect_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("%u tasks from %u orders, %u disputes and %u conversations in %" G_GINT64_FORMAT " ms",
           result->items->len, rows->orders->len, rows->disputes->len, rows->conversations->len,
           (g_get_monotonic_time () - started) / 1000);
  g_task_return_pointer (task, result, (GDestroyNotify)collect_result_free);
}

/* View --------------------------------------------------------------------------------- */

static void
update_counts (RpTodayPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tasks));
  g_autofree char *all = NULL;

  memset (self->counts, 0, sizeof self->counts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpTodayItem) item = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);
      int k = kind_index (rp_today_item_get_kind (item));

      if (k >= 0)
        self->counts[k]++;
    }

  /* Translators: a filter button, %u the number of tasks. */
  all = g_strdup_printf (_("All %u"), n);
  gtk_button_set_label (GTK_BUTTON (self->all_button), all);

  for (guint k = 0; k < N_KINDS; k++)
    {
      g_autofree char *label = NULL;
      GtkWidget *child = GTK_WIDGET (self->kind_buttons[k]);

      /* Translators: a filter button: a kind of task and how many there are, e.g. "Parcels 3". */
      label = g_strdup_printf (C_("task count", "%s %u"), kind_label (kinds[k]), self->counts[k]);
      gtk_button_set_label (GTK_BUTTON (self->kind_buttons[k]), label);

      /* A kind with nothing to do leaves the bar, unless it is the one shown. */
      gtk_widget_set_visible (child, self->counts[k] > 0 || self->kind_filter == (int)kinds[k]);
    }
}

static void
update_view (RpTodayPage *self)
{
  const char *page;

  if (!self->loaded)
    page = "opening";
  else if (self->n_accounts == 0)
    page = "onboarding";
  else
    page = "tasks";

  gtk_stack_set_visible_child_name (self->stack, page);
  update_onboarding (self);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->tasks)) == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "done");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  RpTodayPage *self = user_data;
  const RpTask *task = rp_today_item_get_task (item);
  g_autofree char *text = NULL;
  g_autofree char *folded = NULL;

  if (self->kind_filter >= 0 && (int)task->kind != self->kind_filter)
    return FALSE;

  if (self->search == NULL)
    return TRUE;

  text = g_strconcat (task->title ? task->title : "", "\n", task->why ? task->why : "", "\n",
                      task->entity_id ? task->entity_id : "", NULL);
  folded = g_utf8_casefold (text, -1);

  return strstr (folded, self->search) != NULL;
}

static void
search_changed_cb (RpTodayPage    *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search, g_free);
  if (*stripped != '\0')
    self->search = g_utf8_casefold (stripped, -1);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

static void list_activate_cb (RpTodayPage *self,
                              guint        position,
                              GtkListView *list_view);

/* Enter in the search opens the first task found, as search does across GNOME. */
static void
search_activate_cb (RpTodayPage    *self,
                    GtkSearchEntry *entry)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    list_activate_cb (self, 0, self->list_view);
}

static void
kind_toggled_cb (GtkToggleButton *button,
                 RpTodayPage     *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  self->kind_filter = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "rp-kind"));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_counts (self);
  update_view (self);
}

static void
list_activate_cb (RpTodayPage *self,
                  guint        position,
                  GtkListView *list_view)
{
  g_autoptr(RpTodayItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (item == NULL)
    return;

  /* Who can show the entity itself listens; the page where the task is done shows. */
  g_signal_emit (self, signals[TASK_ACTIVATED], 0, rp_today_item_get_page (item),
                 rp_today_item_get_account_id (item), rp_today_item_get_task (item)->entity_id);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s",
                              rp_today_item_get_page (item));
}

/* First run ---------------------------------------------------------------------------- */

/* The application re-opens the context on the demo marketplace (the cache it has open is
 * the seller's own); without that action there is nothing this button could do. */
static GActionGroup *
demo_action_group (RpTodayPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "open-demo"))
    return G_ACTION_GROUP (app);

  return NULL;
}

static void
update_onboarding (RpTodayPage *self)
{
  gtk_widget_set_visible (self->demo_button, demo_action_group (self) != NULL);
}

static void
demo_clicked_cb (RpTodayPage *self)
{
  GActionGroup *app = demo_action_group (self);

  if (app != NULL)
    g_action_group_activate_action (app, "open-demo", NULL);
}

static void
account_added_cb (RpTodayPage     *self,
                  gint64           account_id,
                  RpAccountDialog *dialog)
{
  schedule_refresh (self);
}

static void
connect_clicked_cb (RpTodayPage *self)
{
  RpAccountDialog *dialog;
  GtkRoot *root;

  if (self->store == NULL)
    return;

  dialog = rp_account_dialog_new (self->store);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "account-added", G_CALLBACK (account_added_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Refresh ------------------------------------------------------------------------------ */

/* Copying the list.  The collecting thread makes each task amid the rows it reads and
 * drops: tens of thousands of small blocks that live on, scattered among the holes of
 * what it freed, so that the allocator can give none of those pages back (some 25 MiB at
 * 100,000 orders).  So the list shown is a copy made here, a slice per idle, and the
 * thread's own items are freed on a worker: everything that thread allocated is free
 * again, and rp_memory_release_later() returns it. */

#define COPY_SLICE_USEC 3000

static void
free_items_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_ptr_array_set_size (task_data, 0);
  rp_memory_release_later ();
}

static void
free_items_later (GPtrArray *items)
{
  g_autoptr(GTask) task = NULL;

  if (items == NULL)
    return;

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (task, items, (GDestroyNotify)g_ptr_array_unref);
  g_task_run_in_thread (task, free_items_thread);
}

static void
stop_copy (RpTodayPage *self)
{
  g_clear_handle_id (&self->copy_source, g_source_remove);
  free_items_later (g_steal_pointer (&self->collected));
  g_clear_pointer (&self->copies, g_ptr_array_unref);
}

static gboolean
copy_cb (gpointer user_data)
{
  RpTodayPage *self = user_data;
  gint64 deadline = g_get_monotonic_time () + COPY_SLICE_USEC;
  guint removed;

  while (self->copies->len < self->collected->len)
    {
      RpTodayItem *item = g_ptr_array_index (self->collected, self->copies->len);

      g_ptr_array_add (self->copies, rp_today_item_copy (item));
      if (self->copies->len % 64 == 0 && g_get_monotonic_time () >= deadline)
        return G_SOURCE_CONTINUE;
    }

  self->copy_source = 0;

  /* Done tasks are simply not in the new list. */
  removed = g_list_model_get_n_items (G_LIST_MODEL (self->tasks));
  g_list_store_splice (self->tasks, 0, removed, self->copies->pdata, self->copies->len);
  g_clear_pointer (&self->copies, g_ptr_array_unref);
  free_items_later (g_steal_pointer (&self->collected));

  self->n_accounts = self->collected_accounts;
  self->loaded = TRUE;
  self->refreshing = FALSE;

  update_counts (self);
  update_view (self);

  if (self->dirty && self->store != NULL)
    schedule_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
collect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RpTodayPage) self = user_data;
  g_autoptr(GError) error = NULL;
  CollectResult *collected;

  collected = g_task_propagate_pointer (G_TASK (result), &error);

  if (collected == NULL)
    {
      self->refreshing = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, RP_STORE_ERROR, RP_STORE_ERROR_CLOSED))
        g_warning ("Could not build the Today list: %s", error->message);
      if (self->dirty && self->store != NULL)
        schedule_refresh (self);
      return;
    }

  {
    gint64 shown = self->context != NULL ? rp_context_get_shown_account (self->context) : 0;

    /* Parcels are read for every store: the ones of a store not shown go here. */
    for (guint i = collected->items->len; shown != 0 && i > 0; i--)
      if (rp_today_item_get_account_id (g_ptr_array_index (collected->items, i - 1)) != shown)
        g_ptr_array_remove_index (collected->items, i - 1);
  }

  /* The items are copied here before they are shown (see copy_cb). */
  self->collected = g_steal_pointer (&collected->items);
  self->collected_accounts = collected->n_accounts;
  self->copies = g_ptr_array_new_full (self->collected->len, g_object_unref);
  collect_result_free (collected);
  self->copy_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, copy_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->copy_source),
                            "[rp-today-page] copy");
}

static gboolean
refresh_cb (gpointer user_data)
{
  RpTodayPage *self = user_data;
  g_autoptr(GTask) task = NULL;
  CollectData *data;

  self->refresh_source = 0;

  if (self->store == NULL)
    return G_SOURCE_REMOVE;

  /* One at a time; a change during a run asks for another. */
  if (self->refreshing)
    {
      self->dirty = TRUE;
      return G_SOURCE_REMOVE;
    }

  self->dirty = FALSE;
  self->refreshing = TRUE;
  self->last_refresh = g_get_monotonic_time ();

  data = g_new0 (CollectData, 1);
  data->store = g_object_ref (self->store);
  data->account_id = self->context != NULL ? rp_context_get_shown_account (self->context) : 0;
  data->now = g_get_real_time ();

  task = g_task_new (NULL, self->cancellable, collect_cb, g_object_ref (self));
  g_task_set_source_tag (task, refresh_cb);
  g_task_set_task_data (task, data, (GDestroyNotify)collect_data_free);
  g_task_run_in_thread (task, collect_thread);

  return G_SOURCE_REMOVE;
}

/* Whether the window shows Today (or Today stands alone, as in a test). */
static gboolean
page_shown (RpTodayPage *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (GTK_IS_STACK (parent))
    return gtk_stack_get_visible_child (GTK_STACK (parent)) == GTK_WIDGET (self);

  return TRUE;
}

static void
schedule_refresh (RpTodayPage *self)
{
  gint64 since = (g_get_monotonic_time () - self->last_refresh) / 1000;
  guint delay = REFRESH_DELAY_MS;

  if (self->refresh_source != 0)
    return;

  /* The first list shows as soon as the rows are read; when another page is shown, its
   * first rows come first (two processors, and Today reads every store's tasks). */
  if (!self->loaded)
    delay = page_shown (self) ? 20 : FIRST_REFRESH_HIDDEN_MS;
  else if (self->last_refresh > 0 && since < REFRESH_MIN_INTERVAL_MS)
    delay = MAX (delay, (guint)(REFRESH_MIN_INTERVAL_MS - since));

  self->refresh_source = g_timeout_add (delay, refresh_cb, self);
}

static gboolean
tick_cb (gpointer user_data)
{
  schedule_refresh (user_data);

  return G_SOURCE_CONTINUE;
}

static void
store_changed_cb (RpTodayPage *self,
                  guint        changes,
                  gint64       account_id,
                  RpStore     *store)
{
  if (changes & ~RP_STORE_CHANGE_CURSORS)
    schedule_refresh (self);
}

/* Another store shown: its tasks, at once. */
static void
shown_account_cb (RpTodayPage *self)
{
  if (self->store == NULL)
    return;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->last_refresh = 0;
  schedule_refresh (self);
}

static void
drop_store (RpTodayPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  stop_copy (self);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);

  self->refreshing = FALSE;
  self->dirty = FALSE;
  self->loaded = FALSE;
}

static void
store_notify_cb (RpTodayPage *self)
{
  RpStore *store = self->context != NULL ? rp_context_get_store (self->context) : NULL;

  if (store == self->store)
    return;

  drop_store (self);
  g_list_store_remove_all (self->tasks);

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      self->cancellable = g_cancellable_new ();
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      schedule_refresh (self);
    }

  update_counts (self);
  update_view (self);
}

/* GObject ------------------------------------------------------------------------------ */

static void
rp_today_page_dispose (GObject *object)
{
  RpTodayPage *self = (RpTodayPage *)object;

  drop_store (self);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_TODAY_PAGE);
  g_clear_object (&self->context);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->tasks);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (rp_today_page_parent_class)->dispose (object);
}

static void
rp_today_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RpTodayPage *self = RP_TODAY_PAGE (object);

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
rp_today_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RpTodayPage *self = RP_TODAY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      rp_today_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_today_page_map (GtkWidget *widget)
{
  RpTodayPage *self = RP_TODAY_PAGE (widget);

  GTK_WIDGET_CLASS (rp_today_page_parent_class)->map (widget);

  /* Shown before its first reading, which waited for another page: read now. */
  if (!self->loaded && self->refresh_source != 0)
    {
      g_clear_handle_id (&self->refresh_source, g_source_remove);
      schedule_refresh (self);
    }
}

static void
rp_today_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (rp_today_page_parent_class)->root (widget);

  update_onboarding (RP_TODAY_PAGE (widget));
}

static void
rp_today_page_class_init (RpTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_today_page_dispose;
  object_class->get_property = rp_today_page_get_property;
  object_class->set_property = rp_today_page_set_property;
  widget_class->root = rp_today_page_root;
  widget_class->map = rp_today_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RP_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RpTodayPage::task-activated:
   * @page: the window page where the task is done ("orders", "disputes", "shipments", "inbox")
   * @account_id: the account of the entity
   * @entity_id: the order id (orders, shipments), issue id (disputes), channel id (an
   *   unanswered message) or buyer login id (a buyer online) the task is about
   *
   * Emitted when the seller opens a task, just before `win.show-page` shows @page.
   */
  signals[TASK_ACTIVATED] =
    g_signal_new ("task-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpTodayPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RpTodayPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RpTodayPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RpTodayPage, kinds_box);
  gtk_widget_class_bind_template_child (widget_class, RpTodayPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, RpTodayPage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, RpTodayPage, connect_button);
  gtk_widget_class_bind_template_callback (widget_class, demo_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);

  g_type_ensure (RP_TYPE_TODAY_ROW);
}

static GtkToggleButton *
add_kind_button (RpTodayPage     *self,
                 int              kind,
                 GtkToggleButton *group)
{
  GtkWidget *button = gtk_toggle_button_new ();

  g_object_set_data (G_OBJECT (button), "rp-kind", GINT_TO_POINTER (kind));
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
  g_signal_connect (button, "toggled", G_CALLBACK (kind_toggled_cb), self);
  gtk_box_append (self->kinds_box, button);

  return GTK_TOGGLE_BUTTON (button);
}

static void
rp_today_page_init (RpTodayPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->kind_filter = -1;
  self->tasks = g_list_store_new (RP_TYPE_TODAY_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->tasks)),
                                              GTK_FILTER (g_object_ref (self->filter)));

  self->all_button = add_kind_button (self, -1, NULL);
  for (guint k = 0; k < N_KINDS; k++)
    self->kind_buttons[k] = add_kind_button (self, kinds[k], self->all_button);
  gtk_toggle_button_set_active (self->all_button, TRUE);

  bytes = g_bytes_new_static (ROW_FACTORY, strlen (ROW_FACTORY));
  factory = gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);
  gtk_list_view_set_factory (self->list_view, factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  self->tick_source = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);

  update_counts (self);
  update_view (self);
}

/**
 * rp_today_page_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
RpContext *
rp_today_page_get_context (RpTodayPage *self)
{
  g_return_val_if_fail (RP_IS_TODAY_PAGE (self), NULL);

  return self->context;
}

void
rp_today_page_set_context (RpTodayPage *self,
                           RpContext   *context)
{
  g_return_if_fail (RP_IS_TODAY_PAGE (self));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "notify::store", G_CALLBACK (store_notify_cb), self,
                             G_CONNECT_SWAPPED);
  if (context != NULL)
    g_signal_connect_object (context, "notify::shown-account", G_CALLBACK (shown_account_cb),
                             self, G_CONNECT_SWAPPED);

  store_notify_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

/**
 * rp_today_page_get_tasks:
 *
 * Every task, most urgent first, whatever the filter shows: for a count beside the
 * page's name, and for tests.
 *
 * Returns: (transfer none): a list model of RpTodayItem
 */
GListModel *
rp_today_page_get_tasks (RpTodayPage *self)
{
  g_return_val_if_fail (RP_IS_TODAY_PAGE (self), NULL);

  return G_LIST_MODEL (self->tasks);
}
