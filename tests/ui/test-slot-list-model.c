/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-slot-list-model"

#include "config.h"

#include <gtk/gtk.h>

#include "rp-mask-list-model.h"
#include "rp-slot-list-model.h"
#include "rp-test-ui.h"

/* The slots follow their list row for row; a change that replaces rows keeps the slots of
 * the rows it replaces, with the new items in them; and a list view over them binds its
 * widgets again instead of making new ones. */

static GListStore *
make_store (guint n,
            guint first)
{
  GListStore *store = g_list_store_new (GTK_TYPE_STRING_OBJECT);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);
      g_autoptr(GtkStringObject) item = gtk_string_object_new (text);

      g_list_store_append (store, item);
    }

  return store;
}

static const char *
slot_text (GListModel *model,
           guint       position)
{
  g_autoptr(RpListSlot) slot = g_list_model_get_item (model, position);

  g_assert_nonnull (slot);
  return gtk_string_object_get_string (rp_list_slot_get_item (slot));
}

typedef struct
{
  guint    position;
  guint    removed;
  guint    added;
  guint    count;
  GString *log;   /* every change since the last reset, "position,removed,added;" */
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->count++;
  if (change->log != NULL)
    g_string_append_printf (change->log, "%u,%u,%u;", position, removed, added);
}

/* The changes announced since the last call are @expected. */
static void
assert_changes (Change     *change,
                const char *expected)
{
  g_assert_cmpstr (change->log->str, ==, expected);
  g_string_truncate (change->log, 0);
  change->count = 0;
}

static void
test_rows (void)
{
  g_autoptr(GListStore) store = make_store (10, 0);
  g_autoptr(RpSlotListModel) slots = rp_slot_list_model_new (G_LIST_MODEL (store));
  GListModel *model = G_LIST_MODEL (slots);
  g_autoptr(RpListSlot) first = NULL;
  g_autoptr(RpListSlot) again = NULL;
  g_autoptr(RpListSlot) third = NULL;
  g_autoptr(GListStore) fresh = make_store (3, 100);
  g_autoptr(GString) log = g_string_new (NULL);
  Change change = { .log = log };
  gpointer items[3];

  g_assert_true (rp_slot_list_model_get_model (slots) == G_LIST_MODEL (store));
  g_assert_true (g_list_model_get_item_type (model) == RP_TYPE_LIST_SLOT);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  g_assert_null (g_list_model_get_item (model, 10));
  g_assert_cmpstr (slot_text (model, 7), ==, "7");

  /* One slot per row, the same each time it is asked for. */
  first = g_list_model_get_item (model, 0);
  again = g_list_model_get_item (model, 0);
  g_assert_true (first == again);
  third = g_list_model_get_item (model, 2);

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &change);

  /* Ten rows give way to three: the first three keep their slots with the new items.  The
   * rows after them go, and the slots someone holds (rows 0 and 2) are announced as
   * changed in place; row 1's slot, which no one held, is let go. */
  for (guint i = 0; i < 3; i++)
    items[i] = g_list_model_get_item (G_LIST_MODEL (fresh), i);
  g_list_store_splice (store, 0, 10, items, 3);
  for (guint i = 0; i < 3; i++)
    g_object_unref (items[i]);
  assert_changes (&change, "3,7,0;0,1,1;2,1,1;");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (gtk_string_object_get_string (rp_list_slot_get_item (first)), ==, "100");
  g_assert_cmpstr (gtk_string_object_get_string (rp_list_slot_get_item (third)), ==, "102");
  g_clear_object (&again);
  again = g_list_model_get_item (model, 0);
  g_assert_true (first == again);
  g_assert_cmpstr (slot_text (model, 1), ==, "101");

  /* Rows added before a slot move it along. */
  {
    g_autoptr(GtkStringObject) head = gtk_string_object_new ("head");
    g_autoptr(RpListSlot) moved = NULL;

    g_list_store_insert (store, 0, head);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
    g_assert_cmpstr (slot_text (model, 0), ==, "head");
    moved = g_list_model_get_item (model, 1);
    g_assert_true (moved == first);
    g_assert_cmpstr (slot_text (model, 3), ==, "102");
  }

  /* A row removed takes its slot: the next row moves up with its own. */
  g_list_store_remove (store, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpstr (slot_text (model, 1), ==, "101");
  g_clear_object (&again);
  again = g_list_model_get_item (model, 2);
  g_assert_true (again == third);

  /* Frozen, the list keeps its rows; thawed, it catches up at once, slots kept. */
  {
    g_autoptr(GListStore) later = make_store (2, 500);
    g_autoptr(RpListSlot) top = g_list_model_get_item (model, 0);
    g_autoptr(RpListSlot) kept = NULL;
    gpointer two[2];

    rp_slot_list_model_set_frozen (slots, TRUE);
    g_assert_true (rp_slot_list_model_get_frozen (slots));
    change.count = 0;
    g_list_store_remove_all (store);
    for (guint i = 0; i < 2; i++)
      two[i] = g_list_model_get_item (G_LIST_MODEL (later), i);
    g_list_store_splice (store, 0, 0, two, 2);
    for (guint i = 0; i < 2; i++)
      g_object_unref (two[i]);
    g_assert_cmpuint (change.count, ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
    g_assert_cmpstr (slot_text (model, 1), ==, "101");

    g_string_truncate (log, 0);
    rp_slot_list_model_set_frozen (slots, FALSE);
    /* The last row goes; the first, held, takes its new item in place. */
    assert_changes (&change, "2,1,0;0,1,1;");
    kept = g_list_model_get_item (model, 0);
    g_assert_true (kept == top);
    g_assert_cmpstr (slot_text (model, 0), ==, "500");
    g_assert_cmpstr (slot_text (model, 1), ==, "501");
  }

  g_list_store_remove_all (store);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  /* A slot given out keeps its last item. */
  g_assert_cmpstr (gtk_string_object_get_string (rp_list_slot_get_item (third)), ==, "102");
}

/* Slots no one holds are let go as more are made; those held stay. */
static void
test_pruned (void)
{
  g_autoptr(GListStore) store = make_store (3000, 0);
  g_autoptr(RpSlotListModel) slots = rp_slot_list_model_new (G_LIST_MODEL (store));
  GListModel *model = G_LIST_MODEL (slots);
  g_autoptr(RpListSlot) held = g_list_model_get_item (model, 0);
  GWeakRef dropped;

  {
    g_autoptr(RpListSlot) first = g_list_model_get_item (model, 1);

    g_weak_ref_init (&dropped, first);
  }
  /* Asked for again, not yet pruned: the same slot. */
  {
    g_autoptr(RpListSlot) again = g_list_model_get_item (model, 1);
    g_autoptr(GObject) still = g_weak_ref_get (&dropped);

    g_assert_true ((gpointer) again == (gpointer) still);
  }

  for (guint i = 2; i < 3000; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", i);

      g_assert_cmpstr (slot_text (model, i), ==, expected);
    }

  g_assert_null (g_weak_ref_get (&dropped));
  g_weak_ref_clear (&dropped);
  {
    g_autoptr(RpListSlot) again = g_list_model_get_item (model, 0);

    g_assert_true (again == held);
  }
  g_assert_cmpstr (slot_text (model, 1), ==, "1");
}

static gboolean
all_shown (gpointer data)
{
  GListModel *slots = data;

  return g_list_model_get_n_items (slots) ==
         g_list_model_get_n_items (rp_slot_list_model_get_model (RP_SLOT_LIST_MODEL (slots)));
}

static void
test_paced (void)
{
  g_autoptr(GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr(GListStore) many = make_store (300, 0);
  g_autoptr(GListStore) fresh = make_store (50, 1000);
  g_autoptr(RpSlotListModel) slots = rp_slot_list_model_new (G_LIST_MODEL (store));
  GListModel *model = G_LIST_MODEL (slots);
  g_autoptr(RpListSlot) first = NULL;
  g_autoptr(RpListSlot) again = NULL;
  Change change = { 0 };
  gpointer items[300];
  gint64 deadline;

  rp_slot_list_model_set_pace (slots, 10);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &change);

  /* 300 new rows: ten at first, the rest step by step, all of them in the end. */
  for (guint i = 0; i < 300; i++)
    items[i] = g_list_model_get_item (G_LIST_MODEL (many), i);
  g_list_store_splice (store, 0, 0, items, 300);
  for (guint i = 0; i < 300; i++)
    g_object_unref (items[i]);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.added, ==, 10);
  g_assert_null (g_list_model_get_item (model, 10));
  g_assert_cmpstr (slot_text (model, 9), ==, "9");

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!all_shown (slots) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 300);
  /* Ten at a time up to the rows a view makes widgets for at the top, then the rest. */
  g_assert_cmpuint (change.count, >, 10);
  g_assert_cmpuint (change.count, <, 30);
  g_assert_cmpstr (slot_text (model, 299), ==, "299");

  /* A new first page keeps the slots of the rows it replaces, shown at once. */
  first = g_list_model_get_item (model, 0);
  for (guint i = 0; i < 50; i++)
    items[i] = g_list_model_get_item (G_LIST_MODEL (fresh), i);
  g_list_store_splice (store, 0, 300, items, 50);
  for (guint i = 0; i < 50; i++)
    g_object_unref (items[i]);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 50);
  again = g_list_model_get_item (model, 0);
  g_assert_true (again == first);
  g_assert_cmpstr (slot_text (model, 49), ==, "1049");

  /* Emptied, then filled again: paced; a row wanted now is there at once. */
  g_list_store_remove_all (store);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  for (guint i = 0; i < 300; i++)
    items[i] = g_list_model_get_item (G_LIST_MODEL (many), i);
  g_list_store_splice (store, 0, 0, items, 300);
  for (guint i = 0; i < 300; i++)
    g_object_unref (items[i]);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  rp_slot_list_model_show (slots, 120);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 120);
  g_assert_cmpstr (slot_text (model, 119), ==, "119");

  /* Rows added inside the shown ones are shown with them. */
  {
    g_autoptr(GtkStringObject) inserted = gtk_string_object_new ("inserted");

    g_list_store_insert (store, 5, inserted);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 121);
    g_assert_cmpstr (slot_text (model, 5), ==, "inserted");
    g_assert_cmpstr (slot_text (model, 120), ==, "119");
  }

  /* No pace: everything at once. */
  rp_slot_list_model_set_pace (slots, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 301);
}

static void
test_from_end (void)
{
  g_autoptr(GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr(GListStore) first = make_store (200, 0);
  g_autoptr(GListStore) newer = make_store (300, 1000);
  g_autoptr(RpSlotListModel) slots = rp_slot_list_model_new (G_LIST_MODEL (store));
  GListModel *model = G_LIST_MODEL (slots);
  Change change = { 0 };
  gpointer items[300];
  gint64 deadline;

  rp_slot_list_model_set_from_end (slots, TRUE);
  rp_slot_list_model_set_pace (slots, 10);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &change);

  /* The newest rows first. */
  for (guint i = 0; i < 200; i++)
    items[i] = g_list_model_get_item (G_LIST_MODEL (first), i);
  g_list_store_splice (store, 0, 0, items, 200);
  for (guint i = 0; i < 200; i++)
    g_object_unref (items[i]);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  g_assert_cmpstr (slot_text (model, 0), ==, "190");
  g_assert_cmpstr (slot_text (model, 9), ==, "199");

  /* Newer rows below slide the list down to them. */
  for (guint i = 0; i < 300; i++)
    items[i] = g_list_model_get_item (G_LIST_MODEL (newer), i);
  g_list_store_splice (store, 200, 0, items, 300);
  for (guint i = 0; i < 300; i++)
    g_object_unref (items[i]);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  g_assert_cmpstr (slot_text (model, 9), ==, "1299");
  g_assert_cmpstr (slot_text (model, 0), ==, "1290");

  /* One more below, with the pace still going: shown as it came. */
  {
    g_autoptr(GtkStringObject) last = gtk_string_object_new ("last");

    change.count = 0;
    g_list_store_append (store, last);
    g_assert_cmpuint (change.count, ==, 1);
    g_assert_cmpuint (change.position, ==, 10);
    g_assert_cmpuint (change.removed, ==, 0);
    g_assert_cmpuint (change.added, ==, 1);
    g_assert_cmpstr (slot_text (model, 10), ==, "last");
  }

  /* Older rows come above, the rows shown move down. */
  change.count = 0;
  while (g_list_model_get_n_items (model) == 11)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpstr (slot_text (model, g_list_model_get_n_items (model) - 1), ==, "last");

  /* A row wanted now is there at once, at the position given. */
  g_assert_cmpuint (rp_slot_list_model_show_row (slots, 5), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 496);
  g_assert_cmpstr (slot_text (model, 0), ==, "5");

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!all_shown (slots) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (slot_text (model, 0), ==, "0");
  g_assert_cmpuint (rp_slot_list_model_show_row (slots, 5), ==, 5);

  /* Every row someone holds announced again in place, neighbours together. */
  {
    g_autoptr(GString) log = g_string_new (NULL);
    g_autoptr(RpListSlot) a = g_list_model_get_item (model, 3);
    g_autoptr(RpListSlot) b = g_list_model_get_item (model, 4);
    g_autoptr(RpListSlot) c = g_list_model_get_item (model, 400);

    change.log = log;
    rp_slot_list_model_rebind (slots);
    assert_changes (&change, "3,2,2;400,1,1;");
    change.log = NULL;
  }
}

/* Flags of "0".."n": bit 0 for even numbers, bit 1 for multiples of three. */
static guint n_flag_reads;

static guint
number_flags (gpointer item,
              gpointer user_data)
{
  guint n = (guint) g_ascii_strtoull (gtk_string_object_get_string (item), NULL, 10);

  n_flag_reads++;
  return (n % 2 == 0 ? 1 : 0) | (n % 3 == 0 ? 2 : 0);
}

static const char *
item_text (GListModel *model,
           guint       position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return gtk_string_object_get_string (item);
}

static void
test_mask (void)
{
  g_autoptr(GListStore) store = make_store (12, 0);
  g_autoptr(RpMaskListModel) masked = rp_mask_list_model_new (number_flags, NULL);
  GListModel *model = G_LIST_MODEL (masked);
  Change change = { 0 };

  /* Without a mask, every row is shown and the flags are read later. */
  rp_mask_list_model_set_model (masked, G_LIST_MODEL (store));
  g_assert_true (rp_mask_list_model_get_model (masked) == G_LIST_MODEL (store));
  g_assert_cmpuint (n_flag_reads, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 12);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &change);

  /* A mask picks from the flags, read once: those not read yet are read now. */
  rp_mask_list_model_set_mask (masked, 1 | 2);
  g_assert_cmpuint (rp_mask_list_model_get_mask (masked), ==, 3);
  g_assert_cmpuint (n_flag_reads, ==, 12);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpstr (item_text (model, 0), ==, "0");
  g_assert_cmpstr (item_text (model, 1), ==, "6");
  g_assert_null (g_list_model_get_item (model, 2));
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.removed, ==, 12);
  g_assert_cmpuint (change.added, ==, 2);
  /* Rows of the list and of the model, both ways, without reading a row. */
  g_assert_cmpuint (rp_mask_list_model_get_model_row (masked, 0), ==, 0);
  g_assert_cmpuint (rp_mask_list_model_get_model_row (masked, 1), ==, 6);
  g_assert_cmpuint (rp_mask_list_model_get_model_row (masked, 2), ==, G_MAXUINT);
  g_assert_cmpuint (rp_mask_list_model_find_model_row (masked, 6), ==, 1);
  g_assert_cmpuint (rp_mask_list_model_find_model_row (masked, 0), ==, 0);
  g_assert_cmpuint (rp_mask_list_model_find_model_row (masked, 3), ==, G_MAXUINT);
  g_assert_cmpuint (rp_mask_list_model_find_model_row (masked, 12), ==, G_MAXUINT);
  g_assert_cmpuint (n_flag_reads, ==, 12);

  rp_mask_list_model_set_mask (masked, 1);
  g_assert_cmpuint (n_flag_reads, ==, 12);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
  g_assert_cmpstr (item_text (model, 5), ==, "10");

  /* Rows removed and added in the model: only the new rows are read, and the change is
   * announced where the shown rows are. */
  {
    g_autoptr(GtkStringObject) twelve = gtk_string_object_new ("12");
    g_autoptr(GtkStringObject) thirteen = gtk_string_object_new ("13");
    gpointer items[] = { twelve, thirteen };

    change.count = 0;
    /* "3" "4" "5" give way to "12" "13": "4" goes, "12" comes. */
    g_list_store_splice (store, 3, 3, items, 2);
    g_assert_cmpuint (n_flag_reads, ==, 14);
    g_assert_cmpuint (change.count, ==, 1);
    g_assert_cmpuint (change.position, ==, 2);
    g_assert_cmpuint (change.removed, ==, 1);
    g_assert_cmpuint (change.added, ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
    g_assert_cmpstr (item_text (model, 1), ==, "2");
    g_assert_cmpstr (item_text (model, 2), ==, "12");
    g_assert_cmpstr (item_text (model, 3), ==, "6");
    g_assert_cmpstr (item_text (model, 5), ==, "10");
  }

  /* A row that does not match changes nothing shown. */
  change.count = 0;
  g_list_store_remove (store, 1);
  g_assert_cmpuint (change.count, ==, 0);
  g_assert_cmpstr (item_text (model, 1), ==, "2");

  /* No mask: every row. */
  rp_mask_list_model_set_mask (masked, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_list_model_get_n_items (G_LIST_MODEL (store)));
  g_assert_cmpuint (rp_mask_list_model_find_model_row (masked, 3), ==, 3);
  g_assert_cmpuint (rp_mask_list_model_get_model_row (masked, 3), ==, 3);
  g_assert_cmpstr (item_text (model, 1), ==, "2");

  /* Flags read again on demand: without a mask, when the main loop is idle. */
  rp_mask_list_model_update (masked);
  g_assert_cmpuint (n_flag_reads, ==, 14);
  rp_test_ui_iterate (50);
  g_assert_cmpuint (n_flag_reads, ==, 14 + g_list_model_get_n_items (G_LIST_MODEL (store)));

  /* Rows that come without a mask are read later too. */
  {
    g_autoptr(GtkStringObject) more = gtk_string_object_new ("24");
    guint before = n_flag_reads;

    g_list_store_append (store, more);
    g_assert_cmpuint (n_flag_reads, ==, before);
    rp_mask_list_model_set_mask (masked, 1 | 2);
    g_assert_cmpuint (n_flag_reads, ==, before + 1);
    g_assert_cmpstr (item_text (model, g_list_model_get_n_items (model) - 1), ==, "24");
    rp_mask_list_model_set_mask (masked, 0);
  }

  rp_mask_list_model_set_model (masked, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
}

static guint n_setup;
static guint n_bind;

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  n_setup++;
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item)
{
  RpListSlot *slot = gtk_list_item_get_item (item);

  n_bind++;
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (rp_list_slot_get_item (slot)));
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_widgets_kept (void)
{
  g_autoptr(GListStore) store = make_store (500, 0);
  g_autoptr(GListStore) fresh = make_store (300, 1000);
  RpSlotListModel *slots = rp_slot_list_model_new (G_LIST_MODEL (store));
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view;
  GtkWidget *label;
  gpointer items[300];
  guint setups;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (slots))),
                            factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 400);
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_wait_for_mapped (window);
  rp_test_ui_iterate (200);

  g_assert_cmpuint (n_setup, >, 0);
  g_assert_nonnull (find_label (view, "0"));
  setups = n_setup;
  n_bind = 0;

  /* A search's first page replaces every row: the rows shown are bound again to the new
   * items, and no widget is made for them. */
  for (guint i = 0; i < 300; i++)
    items[i] = g_list_model_get_item (G_LIST_MODEL (fresh), i);
  g_list_store_splice (store, 0, 500, items, 300);
  for (guint i = 0; i < 300; i++)
    g_object_unref (items[i]);
  rp_test_ui_iterate (200);

  g_assert_cmpuint (n_setup, ==, setups);
  g_assert_cmpuint (n_bind, >, 0);
  label = find_label (view, "1000");
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_null (find_label (view, "0"));

  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_iterate (50);
}

/* Counts the rows asked of the list below the slots. */
static guint n_mapped;

static gpointer
count_map (gpointer item,
           gpointer user_data)
{
  n_mapped++;
  return item;
}

static GHashTable *bound;   /* the texts bound since the last reset */

static void
bind_recording_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  const char *text = gtk_string_object_get_string (rp_list_slot_get_item (gtk_list_item_get_item (item)));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
  g_hash_table_add (bound, g_strdup (text));
}

/* A change over every row of a long list (a filter) asks only for the rows that have
 * widgets, and binds again only those whose item is another. */
static void
test_bound_when_changed (void)
{
  g_autoptr(GListStore) store = make_store (20000, 0);
  g_autoptr(GListStore) fresh = make_store (20000, 100000);
  GtkMapListModel *map = gtk_map_list_model_new (g_object_ref (G_LIST_MODEL (store)), count_map, NULL, NULL);
  RpSlotListModel *slots = rp_slot_list_model_new (G_LIST_MODEL (map));
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view;
  g_autofree gpointer *items = g_new (gpointer, 20000);
  guint mapped_before;

  bound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_recording_cb), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (slots))),
                            factory);
  g_object_unref (map);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 400);
  gtk_window_present (GTK_WINDOW (window));
  rp_test_ui_wait_for_mapped (window);
  rp_test_ui_iterate (200);
  g_assert_nonnull (find_label (view, "0"));
  g_assert_true (g_hash_table_contains (bound, "150"));

  /* Every row replaced; the first five by the same items. */
  for (guint i = 0; i < 20000; i++)
    items[i] = i < 5 ? g_list_model_get_item (G_LIST_MODEL (store), i)
                     : g_list_model_get_item (G_LIST_MODEL (fresh), i);
  g_hash_table_remove_all (bound);
  mapped_before = n_mapped;
  g_list_store_splice (store, 0, 20000, items, 20000);
  for (guint i = 0; i < 20000; i++)
    g_object_unref (items[i]);
  rp_test_ui_iterate (200);

  /* The rows with widgets (GTK 4.8 keeps some 200), not 20,000. */
  g_assert_cmpuint (n_mapped - mapped_before, <, 1000);
  /* The rows whose item is the same keep their widgets as they were. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);

      g_assert_false (g_hash_table_contains (bound, text));
      g_assert_nonnull (find_label (view, text));
    }
  /* The others show their new items. */
  g_assert_true (g_hash_table_contains (bound, "100005"));
  g_assert_true (g_hash_table_contains (bound, "100150"));
  g_assert_nonnull (find_label (view, "100005"));
  g_assert_null (find_label (view, "5"));
  g_assert_null (find_label (view, "150"));

  gtk_window_destroy (GTK_WINDOW (window));
  rp_test_ui_iterate (50);
  g_clear_pointer (&bound, g_hash_table_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();

  g_test_add_func ("/rapport/ui/slot-list-model/rows", test_rows);
  g_test_add_func ("/rapport/ui/slot-list-model/pruned", test_pruned);
  g_test_add_func ("/rapport/ui/slot-list-model/paced", test_paced);
  g_test_add_func ("/rapport/ui/slot-list-model/from-end", test_from_end);
  g_test_add_func ("/rapport/ui/slot-list-model/widgets-kept", test_widgets_kept);
  g_test_add_func ("/rapport/ui/slot-list-model/bound-when-changed", test_bound_when_changed);
  g_test_add_func ("/rapport/ui/mask-list-model/rows", test_mask);

  return g_test_run ();
}
