/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "store-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "rp-store.h"
#include "rp-store-list-model.h"

/* The cache under load: 100,000 orders written the way the sync engine writes them (pages of
 * 50, one transaction each), the order list model over all of them, and full-text search
 * over 400,000 messages.  Prints one "BENCH name value unit goal=… ok|FAIL" line per figure
 * and exits non-zero when a goal is missed.  Deterministic: a fixed seed drives the data. */

#define N_ORDERS 100000
#define ORDER_PAGE 50
#define N_CONVERSATIONS 4000
#define MESSAGES_PER_CONVERSATION 100
#define MESSAGE_PAGE 500
#define N_QUERIES 300
#define T0 G_GINT64_CONSTANT (1764000000000000)
#define SECOND G_GINT64_CONSTANT (1000000)

static const char * const words[] = {
  "the", "and", "you", "order", "please", "thank", "shirt", "dress", "size", "color",
  "blue", "red", "black", "white", "green", "small", "large", "medium", "package", "tracking",
  "number", "delivery", "shipping", "arrived", "received", "refund", "return", "quality",
  "broken", "damaged", "wrong", "missing", "address", "change", "confirm", "when", "where",
  "how", "long", "days", "week", "still", "waiting", "customs", "seller", "buyer", "photo",
  "video", "picture", "fabric", "cotton", "linen", "wool", "silk", "leather", "shoes", "boots",
  "jacket", "coat", "pants", "jeans", "skirt", "hat", "scarf", "gloves", "socks", "bag",
  "wallet", "watch", "ring", "necklace", "bracelet", "earrings", "phone", "case", "cable",
  "charger", "battery", "screen", "protector", "headphones", "speaker", "lamp", "light",
  "kitchen", "knife", "pan", "pot", "cup", "mug", "plate", "bowl", "spoon", "fork", "towel",
  "blanket", "pillow", "curtain", "carpet", "garden", "tool", "drill", "screw", "nail",
  "hammer", "paint", "brush", "toy", "doll", "puzzle", "game", "book", "pen", "pencil",
  "notebook", "sticker", "gift", "birthday", "christmas", "wedding", "party", "holiday",
  "bonjour", "merci", "gracias", "hola", "obrigado", "danke", "spasibo", "привет", "спасибо",
  "посылка", "доставка", "größe", "qualität", "pedido", "envío", "tamaño", "entrega",
  "commande", "livraison", "taille", "qualité", "李明", "谢谢", "快递", "尺码", "颜色",
};

static const char * const names[] = {
  "Émile", "Zoë", "Olga", "Ivan", "María", "José", "Ana", "Lucas", "Chloé", "Hans", "Jürgen",
  "Aylin", "Mehmet", "Fatima", "Yuki", "Min-jun", "Wei", "Priya", "Tomás", "Sofía", "Noah",
  "Emma", "Liam", "Olivia", "Léa", "Mateo", "Valentina", "Dmitri", "Natalia", "Pierre",
};

static const char * const surnames[] = {
  "Durand", "Martin", "Petrov", "Ivanova", "García", "Silva", "Müller", "Schmidt", "Yılmaz",
  "Kaya", "Sato", "Kim", "Wang", "Sharma", "Fernández", "López", "Smith", "Brown", "Dubois",
  "Rossi", "Novak", "Kowalski", "Nielsen", "Jensen", "Costa", "Santos", "Horvat", "Popescu",
};

typedef struct
{
  gboolean all_ok;
} Report;

static void
bench (Report     *report,
       const char *name,
       double      value,
       const char *unit,
       double      goal)
{
  gboolean ok = value < goal;

  g_print ("BENCH %s %.3f %s goal=<%g %s\n", name, value, unit, goal, ok ? "ok" : "FAIL");
  report->all_ok &= ok;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  guint index;

  g_array_sort (values, compare_doubles);
  index = MIN (values->len - 1, (guint)(p * values->len));

  return g_array_index (values, double, index);
}

/* Zipf-like: common words are much more frequent, as in real chat. */
static const char *
pick_word (GRand *rand)
{
  double r = g_rand_double (rand);
  guint index = (guint)(G_N_ELEMENTS (words) * r * r * r);

  return words[MIN (index, G_N_ELEMENTS (words) - 1)];
}

static char *
make_text (GRand *rand)
{
  GString *text = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 4, 30);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (text, g_rand_int_range (rand, 0, 12) == 0 ? ',' : ' ');
      g_string_append (text, pick_word (rand));
    }
  if (g_rand_boolean (rand))
    g_string_append_printf (text, " #%u", g_rand_int_range (rand, 1000, 99999));
  g_string_append_c (text, '?');

  return g_string_free (text, FALSE);
}

static char *
make_name (GRand *rand)
{
  return g_strdup_printf ("%s %s",
                          names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))],
                          surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))]);
}

static RpOrder *
make_order (GRand  *rand,
            gint64  account_id,
            guint   n)
{
  RpOrder *order = rp_order_new ();
  RpOrderItem *item = rp_order_item_new ();

  order->account_id = account_id;
  order->order_id = g_strdup_printf ("81%014u", n);
  order->raw_status = g_strdup (n % 4 == 0 ? "WAIT_SELLER_SEND_GOODS" : "FINISH");
  order->status = rp_order_status_from_marketplace (order->raw_status);
  order->created_at = T0 + (gint64)n * 37 * SECOND;
  order->modified_at = order->created_at + g_rand_int_range (rand, 1, 86400) * SECOND;
  order->ship_by = n % 4 == 0 ? order->created_at + 5 * 86400 * SECOND : 0;
  order->buyer_login_id = g_strdup_printf ("b%u", g_rand_int_range (rand, 0, 30000));
  order->buyer_name = make_name (rand);
  order->buyer_country = g_strdup (n % 3 == 0 ? "FR" : "ES");
  order->total.cents = g_rand_int_range (rand, 100, 50000);
  memcpy (order->total.currency, "USD", 3);
  item->child_id = g_strdup_printf ("82%014u", n);
  item->title = g_strdup ("Linen shirt");
  item->variant = g_strdup ("Color: Blue; Size: L");
  item->quantity = 1;
  item->unit_price = order->total;
  g_ptr_array_add (order->items, item);

  return order;
}

static void
loading_cb (GObject    *model,
            GParamSpec *pspec,
            gpointer    user_data)
{
  if (!rp_store_list_model_get_loading (RP_STORE_LIST_MODEL (model)))
    g_main_loop_quit (user_data);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20251124);
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GArray) page_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) query_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) queries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(RpStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  Report report = { TRUE };
  guint total_hits = 0;
  gint64 account_id;
  gint64 started;
  double seconds;

  dir = g_dir_make_tmp ("rp-store-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.db", NULL);

  store = rp_store_new (path);
  if (!rp_store_open_sync (store, &error))
    g_error ("%s", error->message);

  account->marketplace = g_strdup ("aliexpress");
  account->base_url = g_strdup ("http://127.0.0.1:1");
  account->app_key = g_strdup ("bench");
  account_id = rp_store_add_account_sync (store, account, &error);
  g_assert_no_error (error);

  /* 100,000 orders, 50 to a page as the order list API returns them. */
  started = g_get_monotonic_time ();
  for (guint start = 0; start < N_ORDERS; start += ORDER_PAGE)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
      gint64 page_started;
      double ms;

      for (guint n = start; n < start + ORDER_PAGE; n++)
        g_ptr_array_add (page, make_order (rand, account_id, n));

      page_started = g_get_monotonic_time ();
      if (!rp_store_upsert_orders_sync (store, account_id, page, &error))
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - page_started) / 1000.0;
      g_array_append_val (page_times, ms);
    }
  seconds = (g_get_monotonic_time () - started) / 1e6;
  bench (&report, "orders_insert_100k", seconds, "s", 60);
  bench (&report, "orders_page50_p95", percentile (page_times, 0.95), "ms", 50);

  /* The order list over all of them. */
  {
    g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    g_autoptr(RpStoreListModel) model = NULL;

    started = g_get_monotonic_time ();
    model = rp_store_list_model_new (store, RP_STORE_LIST_ORDERS, account_id);
    g_signal_connect (model, "notify::loading", G_CALLBACK (loading_cb), loop);
    if (rp_store_list_model_get_loading (model))
      g_main_loop_run (loop);
    seconds = (g_get_monotonic_time () - started) / 1e6;
    if (g_list_model_get_n_items (G_LIST_MODEL (model)) != N_ORDERS)
      g_error ("The list model has %u orders", g_list_model_get_n_items (G_LIST_MODEL (model)));
    bench (&report, "orders_list_model_load_100k", seconds * 1000, "ms", 2000);
  }

  /* 400,000 messages in 4,000 conversations. */
  started = g_get_monotonic_time ();
  for (guint c = 0; c < N_CONVERSATIONS; c++)
    {
      g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
      RpConversation *conversation = rp_conversation_new ();

      conversation->channel_id = g_strdup_printf ("81%014u", c);
      conversation->buyer_login_id = g_strdup_printf ("b%u", c);
      conversation->buyer_name = make_name (rand);
      conversation->last_message_at = T0 + c * SECOND;
      g_ptr_array_add (conversations, conversation);
      if (!rp_store_upsert_conversations_sync (store, account_id, conversations, &error))
        g_error ("%s", error->message);

      for (guint m = 0; m < MESSAGES_PER_CONVERSATION; m++)
        {
          RpMessage *message = rp_message_new ();

          message->channel_id = g_strdup (conversation->channel_id);
          message->message_id = g_strdup_printf ("m%u-%u", c, m);
          message->is_own = m % 2 == 1;
          message->sender_name = g_strdup (message->is_own ? "Store" : conversation->buyer_name);
          message->content = make_text (rand);
          message->sent_at = T0 + ((gint64)c * MESSAGES_PER_CONVERSATION + m) * SECOND;
          g_ptr_array_add (messages, message);
        }

      if (!rp_store_upsert_messages_sync (store, account_id, messages, &error))
        g_error ("%s", error->message);
    }
  seconds = (g_get_monotonic_time () - started) / 1e6;
  bench (&report, "messages_insert_400k", seconds, "s", 300);

  /* What people type: common and rare words, prefixes while typing, two words, names,
   * and a little hostile syntax. */
  for (guint i = 0; i < N_QUERIES; i++)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      switch (i % 6)
        {
        case 0:
          g_ptr_array_add (queries, g_strdup (word));
          break;
        case 1:
          /* The first one or two letters, as typed. */
          g_ptr_array_add (queries, g_utf8_substring (word, 0, MIN (1 + (i / 6) % 2,
                                                                    g_utf8_strlen (word, -1))));
          break;
        case 2:
          g_ptr_array_add (queries, g_strdup_printf ("%s %s", pick_word (rand), word));
          break;
        case 3:
          g_ptr_array_add (queries,
                           g_strdup (surnames[g_rand_int_range (rand, 0,
                                                                G_N_ELEMENTS (surnames))]));
          break;
        case 4:
          g_ptr_array_add (queries, g_strdup_printf ("%s AND NEAR(\"%s*", word, pick_word (rand)));
          break;
        default:
          g_ptr_array_add (queries, g_strdup_printf ("%u", g_rand_int_range (rand, 1000, 99999)));
          break;
        }
    }

  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr(GPtrArray) hits = NULL;
      double ms;

      started = g_get_monotonic_time ();
      hits = rp_store_search_messages_sync (store, i % 2 == 0 ? 0 : account_id,
                                            queries->pdata[i], 50, &error);
      ms = (g_get_monotonic_time () - started) / 1000.0;
      if (hits == NULL)
        g_error ("Searching “%s”: %s", (char *)queries->pdata[i], error->message);
      total_hits += hits->len;
      g_array_append_val (query_times, ms);
    }

  g_print ("# %u queries, %u hits in all\n", queries->len, total_hits);
  bench (&report, "fts_p50", percentile (query_times, 0.50), "ms", 50);
  bench (&report, "fts_p95", percentile (query_times, 0.95), "ms", 50);
  bench (&report, "fts_max", percentile (query_times, 1.0), "ms", 250);

  if (!rp_store_check_integrity_sync (store, &error))
    g_error ("%s", error->message);

  rp_store_close (store);
  g_clear_object (&store);
  remove_tree (dir);

  return report.all_ok ? 0 : 1;
}
