/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-inbox-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-conversation-row.h"
#include "rp-conversation-view.h"
#include "rp-inbox-page.h"
#include "rp-buyer-panel.h"
#include "rp-mask-list-model.h"
#include "rp-message-hit-row.h"
#include "rp-message-hit.h"
#include "rp-slot-list-model.h"
#include "rp-store-list-model.h"

/* Enough results to find a message; the search is over every message. */
#define SEARCH_LIMIT 200

/* New rows at the top of the list shown at a time (more than fill the window). */
#define ROWS_PER_STEP 20

/* Rows off screen given their new conversation per frame, after a change. */
#define DEFERRED_PER_FRAME 24

/* The filter drop-down's rows, in its order. */
typedef enum
{
  FILTER_ALL,
  FILTER_UNREAD,
  FILTER_UNANSWERED,
  FILTER_LABELLED,
  FILTER_NOT_PROCESSED,
  FILTER_DISPUTED,
} Filter;

/* What a conversation is, for the filters: read once per row. */
enum
{
  FLAG_UNREAD        = 1 << 0,
  FLAG_UNANSWERED    = 1 << 1,
  FLAG_LABELLED      = 1 << 2,
  FLAG_NOT_PROCESSED = 1 << 3,
  FLAG_DISPUTED      = 1 << 4,
};

/* The flags each filter asks for, in the order of Filter. */
static const guint filter_masks[] = {
  0, FLAG_UNREAD, FLAG_UNANSWERED, FLAG_LABELLED, FLAG_NOT_PROCESSED, FLAG_DISPUTED,
};

struct _RpInboxPage
{
  GtkWidget           parent_instance;

  RpContext          *context;
  RpStore            *store;
  RpStoreListModel   *conversations;
  /* Open disputes, and the orders and buyers they concern (keys made by dispute_key()). */
  RpStoreListModel   *disputes;
  GHashTable         *disputed;
  RpMaskListModel    *filtered;
  RpSlotListModel    *slots;           /* the filtered rows, which keep their widgets */
  GPtrArray          *deferred_rows;   /* rows off screen whose new conversation waits */
  guint               deferred_tick;
  GtkSingleSelection *selection;
  GListStore         *results;
  GCancellable       *search_cancellable;
  /* The conversation open in the view, by its key: the list is rebuilt on each change. */
  gint64              open_account_id;
  char               *open_channel_id;
  guint               open_row;         /* its row in the whole list; G_MAXUINT: not known */
  gboolean            restoring;

  GtkStack           *page_stack;
  AdwStatusPage      *empty_page;
  AdwLeaflet         *leaflet;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkDropDown        *filter_dropdown;
  GtkListView        *conversation_list;
  GtkListView        *result_list;
  RpConversationView *conversation_view;  /* made after the list's first frame */
  AdwFlap            *buyer_flap;
  RpBuyerPanel       *buyer_panel;        /* made with the conversation view */
  gulong              after_paint_id;
  guint               detail_source;
};

G_DEFINE_FINAL_TYPE (RpInboxPage, rp_inbox_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_state (RpInboxPage *self)
{
  gboolean has_rows = self->conversations != NULL &&
                      g_list_model_get_n_items (G_LIST_MODEL (self->conversations)) > 0;
  gboolean loading = self->conversations != NULL &&
                     rp_store_list_model_get_loading (self->conversations);

  if (self->store == NULL)
    adw_status_page_set_description (self->empty_page,
                                     _("Order messages and the message centre will appear here, newest first, with each buyer’s local time. No store is connected yet."));
  else
    adw_status_page_set_description (self->empty_page,
                                     _("Buyers’ messages appear here after the next sync. Add a store in Preferences if none is connected."));

  gtk_stack_set_visible_child_name (self->page_stack,
                                    has_rows || (loading && self->store != NULL) ? "inbox" : "empty");

  /* The list stays frozen only while hidden behind "no matches". */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0 || !has_rows)
    rp_slot_list_model_set_frozen (self->slots, FALSE);

  /* Not while searching: the results have their own page. */
  if (self->search_cancellable == NULL)
    gtk_stack_set_visible_child_name (self->list_stack,
                                      g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0 || !has_rows
                                      ? "conversations" : "no-matches");
}

static char *
dispute_key (gint64      account_id,
             const char *kind,
             const char *id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%s/%s", account_id, kind, id);
}

static gboolean
is_disputed (RpInboxPage    *self,
             RpConversation *c)
{
  g_autofree char *order = NULL;
  g_autofree char *buyer = NULL;

  if (g_hash_table_size (self->disputed) == 0)
    return FALSE;

  if (c->order_id != NULL)
    {
      order = dispute_key (c->account_id, "order", c->order_id);
      if (g_hash_table_contains (self->disputed, order))
        return TRUE;
    }

  /* A general conversation with a buyer who has an open dispute about some order. */
  if (c->buyer_login_id != NULL)
    {
      buyer = dispute_key (c->account_id, "buyer", c->buyer_login_id);
      if (g_hash_table_contains (self->disputed, buyer))
        return TRUE;
    }

  return FALSE;
}

static guint
conversation_flags (gpointer item,
                    gpointer user_data)
{
  RpInboxPage *self = user_data;
  RpConversation *c = item;
  guint flags = 0;

  if (c->unread_count > 0 || !c->read)
    flags |= FLAG_UNREAD;
  /* The buyer had the last word. */
  if (!c->last_message_is_own && c->last_message_at > 0)
    flags |= FLAG_UNANSWERED;
  if (c->rank > 0)
    flags |= FLAG_LABELLED;
  if (!c->processed)
    flags |= FLAG_NOT_PROCESSED;
  if (is_disputed (self, c))
    flags |= FLAG_DISPUTED;

  return flags;
}

static void
filter_changed_cb (RpInboxPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  if (self->filtered == NULL)
    return;

  /* A filter without conversations hides the list behind "no matches": the list keeps
   * its rows and their widgets meanwhile (unmaking and remaking 200 rows blocked the main
   * loop for some 60 ms), and catches up with the next filter that has some. */
  rp_slot_list_model_set_frozen (self->slots, TRUE);
  rp_mask_list_model_set_mask (self->filtered,
                               selected < G_N_ELEMENTS (filter_masks) ? filter_masks[selected] : 0);
  update_state (self);
}

static void
disputes_changed_cb (RpInboxPage *self)
{
  GListModel *model = G_LIST_MODEL (self->disputes);
  g_autoptr(GHashTable) before = NULL;
  gboolean same;
  GHashTableIter iter;
  gpointer key;
  guint n;

  /* Once a reload is complete, not for each of its chunks. */
  if (rp_store_list_model_get_loading (self->disputes))
    return;

  before = g_steal_pointer (&self->disputed);
  self->disputed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RpDispute) d = g_list_model_get_item (model, i);

      if (d->status != RP_DISPUTE_STATUS_PROCESSING)
        continue;
      if (d->order_id != NULL)
        g_hash_table_add (self->disputed, dispute_key (d->account_id, "order", d->order_id));
      if (d->parent_order_id != NULL)
        g_hash_table_add (self->disputed, dispute_key (d->account_id, "order", d->parent_order_id));
      if (d->buyer_login_id != NULL)
        g_hash_table_add (self->disputed, dispute_key (d->account_id, "buyer", d->buyer_login_id));
    }

  /* Each conversation's flags are read again only when the disputes are others. */
  same = g_hash_table_size (before) == g_hash_table_size (self->disputed);
  g_hash_table_iter_init (&iter, before);
  while (same && g_hash_table_iter_next (&iter, &key, NULL))
    same = g_hash_table_contains (self->disputed, key);
  if (!same)
    {
      rp_mask_list_model_update (self->filtered);
      update_state (self);
    }
}

/* The conversation view and the buyer panel are made after the list's first frame, or
 * when first needed: with their composer, menus and panels they were a third of the work
 * of that first frame, for an empty state until a conversation is chosen. */
static void
ensure_detail (RpInboxPage *self)
{
  if (self->conversation_view != NULL)
    return;

  g_clear_handle_id (&self->detail_source, g_source_remove);
  self->conversation_view = g_object_new (RP_TYPE_CONVERSATION_VIEW,
                                          "hexpand", TRUE,
                                          "width-request", 360,
                                          NULL);
  adw_flap_set_content (self->buyer_flap, GTK_WIDGET (self->conversation_view));
  self->buyer_panel = g_object_new (RP_TYPE_BUYER_PANEL, "width-request", 320, NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->buyer_panel), "background");
  adw_flap_set_flap (self->buyer_flap, GTK_WIDGET (self->buyer_panel));

  rp_conversation_view_set_show_back (self->conversation_view, adw_leaflet_get_folded (self->leaflet));
  rp_conversation_view_set_context (self->conversation_view, self->context);
  rp_buyer_panel_set_context (self->buyer_panel, self->context);
}

static gboolean
detail_cb (gpointer data)
{
  RpInboxPage *self = data;

  self->detail_source = 0;
  ensure_detail (self);

  return G_SOURCE_REMOVE;
}

static void
after_first_paint_cb (GdkFrameClock *clock,
                      RpInboxPage   *self)
{
  g_clear_signal_handler (&self->after_paint_id, clock);
  /* Not in this frame's dispatch: a main loop turn of its own. */
  if (self->conversation_view == NULL && self->detail_source == 0)
    self->detail_source = g_idle_add (detail_cb, self);
}

static void
rp_inbox_page_map (GtkWidget *widget)
{
  RpInboxPage *self = RP_INBOX_PAGE (widget);
  GdkFrameClock *clock;

  GTK_WIDGET_CLASS (rp_inbox_page_parent_class)->map (widget);

  clock = gtk_widget_get_frame_clock (widget);
  if (self->conversation_view == NULL && self->after_paint_id == 0 && clock != NULL)
    self->after_paint_id = g_signal_connect (clock, "after-paint",
                                             G_CALLBACK (after_first_paint_cb), self);
}

static void
rp_inbox_page_unmap (GtkWidget *widget)
{
  RpInboxPage *self = RP_INBOX_PAGE (widget);

  if (self->after_paint_id != 0)
    g_clear_signal_handler (&self->after_paint_id, gtk_widget_get_frame_clock (widget));

  GTK_WIDGET_CLASS (rp_inbox_page_parent_class)->unmap (widget);
}

static void
open_conversation (RpInboxPage    *self,
                   RpConversation *conversation)
{
  g_free (self->open_channel_id);
  self->open_channel_id = conversation != NULL ? g_strdup (conversation->channel_id) : NULL;
  self->open_account_id = conversation != NULL ? conversation->account_id : 0;
  /* Callers that know where it is say so after. */
  self->open_row = G_MAXUINT;

  /* Nothing to close in views not made yet. */
  if (conversation == NULL && self->conversation_view == NULL)
    return;

  ensure_detail (self);
  rp_conversation_view_set_conversation (self->conversation_view, conversation);
  rp_buyer_panel_set_buyer (self->buyer_panel, conversation != NULL ? conversation->account_id : 0,
                            conversation != NULL ? conversation->buyer_login_id : NULL,
                            NULL, NULL, NULL);
  if (conversation != NULL)
    adw_leaflet_set_visible_child_name (self->leaflet, "conversation");
}

static gboolean
is_open (RpInboxPage    *self,
         RpConversation *c)
{
  return c != NULL && c->account_id == self->open_account_id &&
         g_strcmp0 (c->channel_id, self->open_channel_id) == 0;
}

/* The whole list changed: the open conversation's row moves with the rows before it. */
static void
all_changed_cb (RpInboxPage *self,
                guint        position,
                guint        removed,
                guint        added)
{
  if (self->open_row == G_MAXUINT || self->open_row < position)
    return;

  if (self->open_row >= position + removed)
    self->open_row = self->open_row + added - removed;
  else if (removed != added)
    self->open_row = G_MAXUINT;
  /* Replaced in place (new counts, a new last message): still there, find_open() checks. */
}

/* Where the open conversation is in the filtered list.  A filter changes every row shown:
 * reading rows until the open one comes made the objects of up to 40,000 rows (some
 * 20 ms); its row in the whole list, followed as that changes, finds it at once. */
static guint
find_open (RpInboxPage *self)
{
  GListModel *model = G_LIST_MODEL (self->filtered);
  GListModel *all;
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint n;

  if (self->open_channel_id == NULL || self->conversations == NULL)
    return GTK_INVALID_LIST_POSITION;
  all = G_LIST_MODEL (self->conversations);

  /* Most changes leave the open conversation where it was selected: look there first. */
  if (selected != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(RpConversation) c = g_list_model_get_item (model, selected);

      if (is_open (self, c))
        {
          self->open_row = rp_mask_list_model_get_model_row (self->filtered, selected);
          return selected;
        }
    }

  if (self->open_row != G_MAXUINT)
    {
      g_autoptr(RpConversation) c = g_list_model_get_item (all, self->open_row);

      if (!is_open (self, c))
        self->open_row = G_MAXUINT;
    }

  n = g_list_model_get_n_items (all);
  for (guint i = 0; i < n && self->open_row == G_MAXUINT; i++)
    {
      g_autoptr(RpConversation) c = g_list_model_get_item (all, i);

      if (is_open (self, c))
        self->open_row = i;
    }

  if (self->open_row == G_MAXUINT)
    return GTK_INVALID_LIST_POSITION;

  return rp_mask_list_model_find_model_row (self->filtered, self->open_row);
}

static void
selection_changed_cb (RpInboxPage *self)
{
  RpListSlot *slot;

  if (self->restoring)
    return;

  slot = gtk_single_selection_get_selected_item (self->selection);
  if (slot != NULL)
    {
      open_conversation (self, rp_list_slot_get_item (slot));
      self->open_row = rp_mask_list_model_get_model_row (self->filtered,
                                                         gtk_single_selection_get_selected (self->selection));
    }
}

static void
conversation_activate_cb (RpInboxPage *self,
                          guint        position)
{
  rp_inbox_page_open (self, position);
}

static void
conversations_changed_cb (RpInboxPage *self,
                          guint        position,
                          guint        removed,
                          guint        added,
                          GListModel  *model)
{
  guint found;

  /* Conversations again after a filter without any: the list catches up first. */
  if (g_list_model_get_n_items (model) > 0)
    rp_slot_list_model_set_frozen (self->slots, FALSE);
  found = find_open (self);

  /* A reload replaces every row: put the selection back on the open conversation and hand
   * the view the fresh row (new counts, new last message). */
  if (found != GTK_INVALID_LIST_POSITION)
    rp_slot_list_model_show (self->slots, found + 1);
  self->restoring = TRUE;
  gtk_single_selection_set_selected (self->selection, found);
  self->restoring = FALSE;

  if (found != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(RpConversation) c = g_list_model_get_item (model, found);

      ensure_detail (self);
      rp_conversation_view_set_conversation (self->conversation_view, c);

      /* A buyer wrote into the conversation the seller has in front of them. */
      if (gtk_widget_get_mapped (GTK_WIDGET (self->conversation_view)) &&
          c->unread_count > 0)
        rp_conversation_view_mark_read (self->conversation_view);
    }

  update_state (self);
}

static void
loading_changed_cb (RpInboxPage *self)
{
  update_state (self);
}

/* Search */

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RpInboxPage) self = user_data;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  hits = rp_store_search_messages_finish (RP_STORE (object), result, &error);
  if (hits == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Search failed: %s", error->message);
      return;
    }

  /* The hits move into the objects that the list shows. */
  g_ptr_array_set_free_func (hits, NULL);
  for (guint i = 0; i < hits->len; i++)
    g_ptr_array_add (items, rp_message_hit_new (g_ptr_array_index (hits, i)));

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->list_stack, items->len > 0 ? "results" : "no-results");
}

static void
search_changed_cb (RpInboxPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (*stripped == '\0' || self->store == NULL)
    {
      g_list_store_remove_all (self->results);
      update_state (self);
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  rp_store_search_messages_async (self->store, 0, stripped, SEARCH_LIMIT,
                                  self->search_cancellable, search_done_cb, g_object_ref (self));
}

static void
stop_search_cb (RpInboxPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

typedef struct
{
  RpStore *store;
  gint64   account_id;
  char    *channel_id;
  char    *message_id;
} Lookup;

static void
lookup_free (gpointer data)
{
  Lookup *lookup = data;

  g_clear_object (&lookup->store);
  g_free (lookup->channel_id);
  g_free (lookup->message_id);
  g_free (lookup);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Lookup *lookup = task_data;
  g_autoptr(GError) error = NULL;
  RpConversation *conversation;

  /* One row by key; the store's synchronous read waits for its own thread. */
  conversation = rp_store_get_conversation_sync (lookup->store, lookup->account_id,
                                                 lookup->channel_id, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, conversation, g_object_unref);
}

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RpInboxPage *self = RP_INBOX_PAGE (object);
  Lookup *lookup = g_task_get_task_data (G_TASK (result));
  g_autoptr(RpConversation) conversation = NULL;
  g_autoptr(GError) error = NULL;

  conversation = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->store == NULL)
    return;  /* the page went away meanwhile */
  if (conversation == NULL)
    {
      if (error != NULL)
        g_warning ("Could not open the conversation: %s", error->message);
      return;
    }

  self->restoring = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->restoring = FALSE;
  open_conversation (self, conversation);
  rp_conversation_view_reveal_message (self->conversation_view, lookup->message_id);
}

static void
result_activate_cb (RpInboxPage *self,
                    guint        position)
{
  rp_inbox_page_open_result (self, position);
}

void
rp_inbox_page_open_result (RpInboxPage *self,
                           guint        position)
{
  g_autoptr(RpMessageHit) item = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  g_autoptr(GTask) task = NULL;
  RpStoreSearchHit *hit;
  Lookup *lookup;

  g_return_if_fail (RP_IS_INBOX_PAGE (self));

  if (item == NULL || self->store == NULL)
    return;

  hit = rp_message_hit_get_hit (item);
  lookup = g_new0 (Lookup, 1);
  lookup->store = g_object_ref (self->store);
  lookup->account_id = hit->message->account_id;
  lookup->channel_id = g_strdup (hit->message->channel_id);
  lookup->message_id = g_strdup (hit->message->message_id);

  task = g_task_new (self, self->search_cancellable, lookup_done_cb, NULL);
  g_task_set_source_tag (task, rp_inbox_page_open_result);
  g_task_set_task_data (task, lookup, lookup_free);
  g_task_run_in_thread (task, lookup_thread);
}

/* List factories */

/* Rows off screen */

/* GTK 4.8 keeps the widgets of some 200 rows, most of them off screen (unmapped), and
 * binds and measures all of them again when a filter changes what they show: some 45 ms
 * of the main loop, nearly all for rows no one sees.  A row off screen keeps what it
 * shows a few frames longer and takes its new conversation later, DEFERRED_PER_FRAME
 * rows a frame; the rows on screen change at once.
 *
 * What is drawn is never stale: a row can only be drawn mapped, and a row waiting takes
 * its conversation when it is mapped (scrolled to, or shown as rows above it shrink),
 * within the frame's layout, before anything is painted.  The list's items and its
 * selection are the model's from the start: only the widgets of rows no one sees wait,
 * and a click, a key or an activation acts on the model's row. */

static guint
show_deferred (RpInboxPage *self,
               guint        n)
{
  guint done = 0;
  guint i;

  for (i = 0; i < self->deferred_rows->len && done < n; i++)
    if (rp_conversation_row_show_deferred (g_ptr_array_index (self->deferred_rows, i)))
      done++;
  g_ptr_array_remove_range (self->deferred_rows, 0, i);

  return self->deferred_rows->len;
}

static gboolean
deferred_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  RpInboxPage *self = user_data;

  if (show_deferred (self, DEFERRED_PER_FRAME) > 0)
    return G_SOURCE_CONTINUE;

  self->deferred_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
row_mapped_cb (RpConversationRow *row)
{
  /* Before it is drawn. */
  rp_conversation_row_show_deferred (row);
}

static void
setup_conversation_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *row = rp_conversation_row_new ();

  g_signal_connect (row, "map", G_CALLBACK (row_mapped_cb), NULL);
  gtk_list_item_set_child (item, row);
}

static void
bind_conversation_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  RpInboxPage *self = user_data;
  RpConversationRow *row = RP_CONVERSATION_ROW (gtk_list_item_get_child (item));
  RpConversation *conversation = rp_list_slot_get_item (gtk_list_item_get_item (item));

  /* A row keeps what it shows while unbound (there is no "unbind"): bound again to the
   * same conversation, as GTK 4.8 binds a row whenever its position changes, it has
   * nothing to do.  A row made now is shown as it comes (it shows nothing yet). */
  if (conversation == rp_conversation_row_get_conversation (row) ||
      rp_conversation_row_get_conversation (row) == NULL ||
      gtk_widget_get_mapped (GTK_WIDGET (row)) ||
      !gtk_widget_get_mapped (GTK_WIDGET (self->conversation_list)))
    {
      rp_conversation_row_set_conversation (row, conversation);
      return;
    }

  if (!rp_conversation_row_has_deferred (row))
    g_ptr_array_add (self->deferred_rows, g_object_ref (row));
  rp_conversation_row_defer_conversation (row, conversation);
  if (self->deferred_tick == 0)
    self->deferred_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->conversation_list),
                                                        deferred_tick_cb, self, NULL);
}

static void
setup_hit_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, rp_message_hit_row_new ());
}

static void
bind_hit_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  rp_message_hit_row_set_hit (RP_MESSAGE_HIT_ROW (gtk_list_item_get_child (item)),
                              gtk_list_item_get_item (item));
}

static void
unbind_hit_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  rp_message_hit_row_set_hit (RP_MESSAGE_HIT_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Navigation */

static void
leaflet_folded_cb (RpInboxPage *self)
{
  if (self->conversation_view != NULL)
    rp_conversation_view_set_show_back (self->conversation_view, adw_leaflet_get_folded (self->leaflet));
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  RpInboxPage *self = RP_INBOX_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

/* The cache */

static void
set_store (RpInboxPage *self,
           RpStore     *store)
{
  if (self->store == store)
    return;

  open_conversation (self, NULL);
  if (self->conversations != NULL)
    g_signal_handlers_disconnect_by_data (self->conversations, self);
  if (self->disputes != NULL)
    g_signal_handlers_disconnect_by_data (self->disputes, self);
  rp_mask_list_model_set_model (self->filtered, NULL);
  g_clear_object (&self->conversations);
  g_clear_object (&self->disputes);
  g_hash_table_remove_all (self->disputed);
  g_set_object (&self->store, store);

  if (store != NULL)
    {
      self->conversations = rp_store_list_model_new (store, RP_STORE_LIST_CONVERSATIONS, 0);
      if (self->context != NULL)
        rp_context_follow_shown_account (self->context, self->conversations);
      g_signal_connect_object (self->conversations, "notify::loading",
                               G_CALLBACK (loading_changed_cb), self, G_CONNECT_SWAPPED);
      /* Before the filtered list follows, whose change looks for the open conversation. */
      g_signal_connect_object (self->conversations, "items-changed",
                               G_CALLBACK (all_changed_cb), self, G_CONNECT_SWAPPED);
      rp_mask_list_model_set_model (self->filtered, G_LIST_MODEL (self->conversations));

      /* A few percent of orders: small enough to hold, and it follows the store itself. */
      self->disputes = rp_store_list_model_new (store, RP_STORE_LIST_DISPUTES, 0);
      rp_store_list_model_set_status (self->disputes, RP_DISPUTE_STATUS_PROCESSING);
      if (self->context != NULL)
        rp_context_follow_shown_account (self->context, self->disputes);
      g_signal_connect_object (self->disputes, "items-changed",
                               G_CALLBACK (disputes_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->disputes, "notify::loading",
                               G_CALLBACK (disputes_changed_cb), self, G_CONNECT_SWAPPED);
    }

  search_changed_cb (self);
  update_state (self);
}

static void
store_changed_cb (RpInboxPage *self)
{
  set_store (self, rp_context_get_store (self->context));
}

static void
rp_inbox_page_dispose (GObject *object)
{
  RpInboxPage *self = (RpInboxPage *)object;

  g_cancellable_cancel (self->search_cancellable);
  if (self->conversations != NULL)
    g_signal_handlers_disconnect_by_data (self->conversations, self);
  if (self->disputes != NULL)
    g_signal_handlers_disconnect_by_data (self->disputes, self);
  if (self->deferred_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->conversation_list), self->deferred_tick);
  self->deferred_tick = 0;
  g_clear_handle_id (&self->detail_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_INBOX_PAGE);
  /* Unbound template children are not unparented by the template. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  /* They were the flap's. */
  self->conversation_view = NULL;
  self->buyer_panel = NULL;
  g_clear_pointer (&self->deferred_rows, g_ptr_array_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  g_clear_object (&self->filtered);
  g_clear_object (&self->conversations);
  g_clear_object (&self->disputes);
  g_clear_pointer (&self->disputed, g_hash_table_unref);
  g_clear_object (&self->results);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->open_channel_id, g_free);

  G_OBJECT_CLASS (rp_inbox_page_parent_class)->dispose (object);
}

static void
rp_inbox_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RpInboxPage *self = RP_INBOX_PAGE (object);

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
rp_inbox_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RpInboxPage *self = RP_INBOX_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      rp_inbox_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_inbox_page_class_init (RpInboxPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_inbox_page_dispose;
  widget_class->map = rp_inbox_page_map;
  widget_class->unmap = rp_inbox_page_unmap;
  object_class->get_property = rp_inbox_page_get_property;
  object_class->set_property = rp_inbox_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RP_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RP_TYPE_CONVERSATION_VIEW);
  g_type_ensure (RP_TYPE_BUYER_PANEL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-inbox-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpInboxPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, RpInboxPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RpInboxPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RpInboxPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RpInboxPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RpInboxPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RpInboxPage, conversation_list);
  gtk_widget_class_bind_template_child (widget_class, RpInboxPage, result_list);
  gtk_widget_class_bind_template_child (widget_class, RpInboxPage, buyer_flap);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, conversation_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activate_cb);

  gtk_widget_class_install_action (widget_class, "inbox.show-list", NULL, show_list_action);
}

static void
rp_inbox_page_init (RpInboxPage *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->open_row = G_MAXUINT;

  /* The conversation's Buyer button shows the panel beside it ("buyer.show"). */
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GPropertyAction) show = g_property_action_new ("show", self->buyer_flap, "reveal-flap");

    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (show));
    gtk_widget_insert_action_group (GTK_WIDGET (self), "buyer", G_ACTION_GROUP (group));
  }

  self->disputed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Filtering here rather than in SQL: the flags are in every loaded row already.  Each
   * row's flags are read once, as it comes, so a filter picks 40,000 rows in well under a
   * millisecond (a GtkFilterListModel read every row again, tens of milliseconds, and in
   * steps it first removed every row, so the list made all its row widgets again).  The
   * rows of the last filter keep their slots and the list binds its widgets again. */
  self->filtered = rp_mask_list_model_new (conversation_flags, self);
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (conversations_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  self->slots = rp_slot_list_model_new (G_LIST_MODEL (self->filtered));
  /* A row is an avatar and five labels: a screenful at a time, not 200 rows in one block. */
  rp_slot_list_model_set_pace (self->slots, ROWS_PER_STEP);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->slots)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  self->deferred_rows = g_ptr_array_new_with_free_func (g_object_unref);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_conversation_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_conversation_cb), self);
  gtk_list_view_set_factory (self->conversation_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->conversation_list, GTK_SELECTION_MODEL (self->selection));

  self->results = g_list_store_new (RP_TYPE_MESSAGE_HIT);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_hit_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_hit_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_hit_cb), NULL);
  gtk_list_view_set_factory (self->result_list, factory);
  g_object_unref (factory);
  {
    g_autoptr(GtkSingleSelection) results = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));

    gtk_single_selection_set_autoselect (results, FALSE);
    gtk_single_selection_set_can_unselect (results, TRUE);
    gtk_list_view_set_model (self->result_list, GTK_SELECTION_MODEL (results));
  }

  update_state (self);
}

/**
 * rp_inbox_page_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
RpContext *
rp_inbox_page_get_context (RpInboxPage *self)
{
  g_return_val_if_fail (RP_IS_INBOX_PAGE (self), NULL);

  return self->context;
}

void
rp_inbox_page_set_context (RpInboxPage *self,
                           RpContext   *context)
{
  g_return_if_fail (RP_IS_INBOX_PAGE (self));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, store_changed_cb, self);
  g_set_object (&self->context, context);
  if (self->conversation_view != NULL)
    {
      rp_conversation_view_set_context (self->conversation_view, context);
      rp_buyer_panel_set_context (self->buyer_panel, context);
    }

  if (context != NULL)
    g_signal_connect_object (context, "notify::store", G_CALLBACK (store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  set_store (self, context != NULL ? rp_context_get_store (context) : NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

/**
 * rp_inbox_page_get_conversations:
 *
 * Returns: (transfer none) (nullable): the conversations
 */
GListModel *
rp_inbox_page_get_conversations (RpInboxPage *self)
{
  g_return_val_if_fail (RP_IS_INBOX_PAGE (self), NULL);

  return self->conversations != NULL ? G_LIST_MODEL (self->conversations) : NULL;
}

/**
 * rp_inbox_page_get_shown_conversations:
 *
 * Returns: (transfer none): the conversations after the filter
 */
GListModel *
rp_inbox_page_get_shown_conversations (RpInboxPage *self)
{
  g_return_val_if_fail (RP_IS_INBOX_PAGE (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

/**
 * rp_inbox_page_get_search_results:
 *
 * Returns: (transfer none): the search results
 */
GListModel *
rp_inbox_page_get_search_results (RpInboxPage *self)
{
  g_return_val_if_fail (RP_IS_INBOX_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}

/**
 * rp_inbox_page_get_conversation_view:
 *
 * Returns: (transfer none): the conversation view
 */
GtkWidget *
rp_inbox_page_get_conversation_view (RpInboxPage *self)
{
  g_return_val_if_fail (RP_IS_INBOX_PAGE (self), NULL);

  ensure_detail (self);
  return GTK_WIDGET (self->conversation_view);
}

void
rp_inbox_page_open (RpInboxPage *self,
                    guint        position)
{
  g_return_if_fail (RP_IS_INBOX_PAGE (self));

  if (self->conversations == NULL)
    return;

  rp_slot_list_model_show (self->slots, position + 1);

  /* Selecting opens; opening the selected one again still brings the view forward. */
  if (gtk_single_selection_get_selected (self->selection) == position)
    {
      g_autoptr(RpConversation) c = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

      open_conversation (self, c);
      self->open_row = rp_mask_list_model_get_model_row (self->filtered, position);
    }
  else
    gtk_single_selection_set_selected (self->selection, position);
}
