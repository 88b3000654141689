/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rapportctl"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "rp-account-connector.h"
#include "rp-aliexpress.h"
#include "rp-cli-output.h"
#include "rp-evidence.h"
#include "rp-oauth-listener.h"
#include "rp-oauth.h"
#include "rp-outbox-payload.h"
#include "rp-store-list-model.h"
#include "rp-store.h"
#include "rp-sync-engine.h"

/* rapportctl: the command line over Rapport's core, for scripting, tests and benchmarks.
 * It has a main loop of its own, so the asynchronous parts of the core run as they do in
 * the app; it waits on that loop, never on a faked synchronous call. */

typedef struct
{
  char      *db_path;
  gboolean   json;
  RpStore   *store;
  GMainLoop *loop;
} Ctl;

typedef int (*CommandFunc) (Ctl *ctl, int argc, char **argv);

static void
ctl_clear (Ctl *ctl)
{
  if (ctl->store != NULL)
    rp_store_close (ctl->store);
  g_clear_object (&ctl->store);
  g_clear_pointer (&ctl->loop, g_main_loop_unref);
  g_free (ctl->db_path);
}

static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One clear line on stderr, as scripts expect. */
  g_printerr ("rapportctl: %s\n", message);
  return 1;
}

static char *
default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "rapport", "rapport.db", NULL);
}

static gboolean
open_store (Ctl     *ctl,
            GError **error)
{
  g_autofree char *dir = g_path_get_dirname (ctl->db_path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }

  ctl->store = rp_store_new (ctl->db_path);
  return rp_store_open_sync (ctl->store, error);
}

/* Options: "--name value" pairs and flags after the command; the rest are positional. */
static const char *
take_option (int    *argc,
             char  **argv,
             const char *name)
{
  for (int i = 0; i < *argc; i++)
    {
      if (g_str_equal (argv[i], name) && i + 1 < *argc)
        {
          const char *value = argv[i + 1];

          memmove (&argv[i], &argv[i + 2], (*argc - i - 2) * sizeof (char *));
          *argc -= 2;
          return value;
        }
      if (g_str_has_prefix (argv[i], name) && argv[i][strlen (name)] == '=')
        {
          const char *value = argv[i] + strlen (name) + 1;

          memmove (&argv[i], &argv[i + 1], (*argc - i - 1) * sizeof (char *));
          *argc -= 1;
          return value;
        }
    }
  return NULL;
}

static gboolean
take_flag (int        *argc,
           char      **argv,
           const char *name)
{
  for (int i = 0; i < *argc; i++)
    if (g_str_equal (argv[i], name))
      {
        memmove (&argv[i], &argv[i + 1], (*argc - i - 1) * sizeof (char *));
        *argc -= 1;
        return TRUE;
      }
  return FALSE;
}

/* The words left after the options, as one text (option removal leaves argv's tail stale,
 * so this counts instead of looking for NULL). */
static char *
join_words (int    argc,
            char **argv)
{
  GString *text = g_string_new (NULL);

  for (int i = 0; i < argc; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, argv[i]);
    }
  return g_string_free (text, FALSE);
}

static GPtrArray *
list_accounts (Ctl     *ctl,
               GError **error)
{
  return rp_store_list_accounts_sync (ctl->store, error);
}

static RpStoreAccount *
find_account (Ctl         *ctl,
              const char  *id_text,
              GError     **error)
{
  g_autoptr(GPtrArray) accounts = list_accounts (ctl, error);
  gint64 id = id_text != NULL ? g_ascii_strtoll (id_text, NULL, 10) : 0;

  if (accounts == NULL)
    return NULL;

  for (guint i = 0; i < accounts->len; i++)
    {
      RpStoreAccount *account = g_ptr_array_index (accounts, i);

      if (id == 0 || account->id == id)
        {
          g_ptr_array_set_free_func (accounts, NULL);
          for (guint j = 0; j < accounts->len; j++)
            if (j != i)
              rp_store_account_free (g_ptr_array_index (accounts, j));
          return account;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               id == 0 ? "no account; add one with “rapportctl account add”"
                       : "no account %s", id_text);
  return NULL;
}

/* Engines ------------------------------------------------------------------------------ */

static RpMarketplace *
connect_account (gpointer   data,
                 GError   **error)
{
  return rp_account_connect (data, NULL, error);
}

static RpSyncEngine *
engine_for (Ctl            *ctl,
            RpStoreAccount *account)
{
  RpStoreAccount *copy = rp_store_account_new ();

  copy->id = account->id;
  copy->marketplace = g_strdup (account->marketplace);
  copy->base_url = g_strdup (account->base_url);
  copy->app_key = g_strdup (account->app_key);
  copy->name = g_strdup (account->name);
  copy->seller_id = g_strdup (account->seller_id);

  return rp_sync_engine_new (ctl->store, account->id, connect_account, copy,
                             (GDestroyNotify)rp_store_account_free);
}

typedef struct
{
  Ctl         *ctl;
  gboolean     ok;
  RpSyncStats  stats;
  GError      *error;
} EngineRun;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  EngineRun *run = data;

  run->ok = rp_sync_engine_sync_finish (RP_SYNC_ENGINE (object), result, &run->stats, &run->error);
  g_main_loop_quit (run->ctl->loop);
}

static void
outbox_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  EngineRun *run = data;

  run->ok = rp_sync_engine_send_outbox_finish (RP_SYNC_ENGINE (object), result, &run->stats, &run->error);
  g_main_loop_quit (run->ctl->loop);
}

static const char *
phase_name (RpSyncPhase phase)
{
  switch (phase)
    {
    case RP_SYNC_PHASE_ORDERS: return "orders";
    case RP_SYNC_PHASE_CONVERSATIONS: return "conversations";
    case RP_SYNC_PHASE_DISPUTES: return "disputes";
    case RP_SYNC_PHASE_TRACKING: return "tracking";
    case RP_SYNC_PHASE_OUTBOX: return "outbox";
    case RP_SYNC_PHASE_IDLE:
    default: return "idle";
    }
}

static void
progress_cb (RpSyncEngine *engine,
             GParamSpec   *pspec,
             gpointer      data)
{
  static RpSyncPhase last_phase = RP_SYNC_PHASE_IDLE;
  static gint64 last_print;
  RpSyncPhase phase = rp_sync_engine_get_phase (engine);
  gint64 now = g_get_monotonic_time ();

  /* Progress goes to stderr, a line per phase and at most one a second. */
  if (phase == RP_SYNC_PHASE_IDLE || (phase == last_phase && now - last_print < G_USEC_PER_SEC))
    return;

  last_phase = phase;
  last_print = now;
  if (rp_sync_engine_get_total (engine) > 0)
    g_printerr ("%s: %u/%u\n", phase_name (phase),
                rp_sync_engine_get_done (engine), rp_sync_engine_get_total (engine));
  else
    g_printerr ("%s: %u\n", phase_name (phase), rp_sync_engine_get_done (engine));
}

static int
cmd_sync (Ctl   *ctl,
          int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  const char *account_id = take_option (&argc, argv, "--account");
  gboolean full = take_flag (&argc, argv, "--full");
  gboolean quiet = take_flag (&argc, argv, "--quiet");
  gboolean outbox_only = take_flag (&argc, argv, "--outbox-only");
  int status = 0;

  if (argc > 0)
    return fail ("sync: unexpected “%s”", argv[0]);

  accounts = list_accounts (ctl, &error);
  if (accounts == NULL)
    return fail ("%s", error->message);
  if (accounts->len == 0)
    return fail ("no account; add one with “rapportctl account add”");

  /* Here the sync is the work: the engine's thread, which keeps the calls going, goes
   * first, and the cache's writes queue behind it and catch up while it waits. */
  if (!rp_store_give_way_sync (ctl->store, &error))
    {
      g_debug ("%s", error->message);
      g_clear_error (&error);
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      RpStoreAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(RpSyncEngine) engine = NULL;
      EngineRun run = { ctl };
      gint64 start = g_get_monotonic_time ();

      if (account_id != NULL && account->id != g_ascii_strtoll (account_id, NULL, 10))
        continue;

      engine = engine_for (ctl, account);
      if (!quiet)
        g_signal_connect (engine, "notify::phase", G_CALLBACK (progress_cb), NULL);

      if (outbox_only)
        rp_sync_engine_send_outbox_async (engine, NULL, outbox_done_cb, &run);
      else
        rp_sync_engine_sync_async (engine, full, NULL, sync_done_cb, &run);
      g_main_loop_run (ctl->loop);
      rp_sync_engine_shutdown (engine);

      if (!run.ok)
        {
          status = fail ("account %" G_GINT64_FORMAT ": %s", account->id, run.error->message);
          g_clear_error (&run.error);
          continue;
        }

      if (ctl->json)
        g_print ("{\"account_id\": %" G_GINT64_FORMAT ", \"orders\": %u, \"conversations\": %u, "
                 "\"messages\": %u, \"disputes\": %u, \"shipments\": %u, \"requests\": %u, "
                 "\"sent\": %u, \"failed\": %u, \"seconds\": %.3f}\n",
                 account->id, run.stats.orders, run.stats.conversations, run.stats.messages,
                 run.stats.disputes, run.stats.shipments, run.stats.requests, run.stats.sent,
                 run.stats.failed, (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
      else if (!quiet)
        g_print ("account %" G_GINT64_FORMAT ": %u orders, %u conversations, %u messages, "
                 "%u disputes, %u shipments, %u sent, %u failed (%u requests, %.1f s)\n",
                 account->id, run.stats.orders, run.stats.conversations, run.stats.messages,
                 run.stats.disputes, run.stats.shipments, run.stats.sent, run.stats.failed,
                 run.stats.requests, (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
    }

  return status;
}

/* Listings ----------------------------------------------------------------------------- */

static void
loading_cb (RpStoreListModel *model,
            GParamSpec       *pspec,
            GMainLoop        *loop)
{
  if (!rp_store_list_model_get_loading (model))
    g_main_loop_quit (loop);
}

static GListModel *
load_list (Ctl              *ctl,
           RpStoreListKind   kind,
           const char       *channel_id)
{
  RpStoreListModel *model = rp_store_list_model_new (ctl->store, kind, 0);
  gulong handler;

  if (channel_id != NULL)
    rp_store_list_model_set_channel (model, channel_id);

  handler = g_signal_connect (model, "notify::loading", G_CALLBACK (loading_cb), ctl->loop);
  if (rp_store_list_model_get_loading (model))
    g_main_loop_run (ctl->loop);
  g_signal_handler_disconnect (model, handler);

  return G_LIST_MODEL (model);
}

static int
print_list (Ctl                 *ctl,
            RpStoreListKind      kind,
            const char          *channel_id,
            JsonObject         *(*to_json) (gpointer),
            const char * const  *columns)
{
  g_autoptr(GListModel) model = load_list (ctl, kind, channel_id);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_ptr_array_add (rows, to_json (item));
    }

  rp_cli_print_rows (rows, ctl->json, columns);
  return 0;
}

static int
cmd_orders (Ctl   *ctl,
            int    argc,
            char **argv)
{
  static const char *columns[] = { "order_id", "status", "buyer_name", "country", "total",
                                   "created_at", "confirmation", NULL };

  return print_list (ctl, RP_STORE_LIST_ORDERS, NULL,
                     (JsonObject *(*) (gpointer))rp_cli_order_to_json, columns);
}

static int
cmd_order (Ctl   *ctl,
           int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  const char *account_id = take_option (&argc, argv, "--account");

  if (argc != 1)
    return fail ("order: give one order id");

  accounts = list_accounts (ctl, &error);
  if (accounts == NULL)
    return fail ("%s", error->message);

  for (guint i = 0; i < accounts->len; i++)
    {
      RpStoreAccount *account = g_ptr_array_index (accounts, i);
      g_autoptr(RpOrder) order = NULL;
      g_autoptr(GPtrArray) shipments = NULL;
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *text = NULL;

      if (account_id != NULL && account->id != g_ascii_strtoll (account_id, NULL, 10))
        continue;

      order = rp_store_get_order_sync (ctl->store, account->id, argv[0], &error);
      if (order == NULL)
        {
          if (error != NULL)
            return fail ("%s", error->message);
          continue;
        }

      shipments = rp_store_list_shipments_sync (ctl->store, account->id, argv[0], &error);
      if (shipments == NULL)
        return fail ("%s", error->message);

      /* One order is one object: JSON either way, it does not fit a table. */
      object = rp_cli_order_detail_to_json (order, shipments);
      json_node_set_object (root, object);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return 0;
    }

  return fail ("no order %s in the cache", argv[0]);
}

static int
cmd_conversations (Ctl   *ctl,
                   int    argc,
                   char **argv)
{
  static const char *columns[] = { "channel_id", "buyer_name", "order_id", "unread_count",
                                   "last_message_at", "last_message", NULL };

  return print_list (ctl, RP_STORE_LIST_CONVERSATIONS, NULL,
                     (JsonObject *(*) (gpointer))rp_cli_conversation_to_json, columns);
}

static int
cmd_messages (Ctl   *ctl,
              int    argc,
              char **argv)
{
  static const char *columns[] = { "message_id", "sent_at", "sender_name", "state", "content", NULL };

  if (argc != 1)
    return fail ("messages: give one conversation id (see “rapportctl conversations”)");

  return print_list (ctl, RP_STORE_LIST_MESSAGES, argv[0],
                     (JsonObject *(*) (gpointer))rp_cli_message_to_json, columns);
}

static int
cmd_disputes (Ctl   *ctl,
              int    argc,
              char **argv)
{
  static const char *columns[] = { "issue_id", "order_id", "status", "reason", "deadline", NULL };

  return print_list (ctl, RP_STORE_LIST_DISPUTES, NULL,
                     (JsonObject *(*) (gpointer))rp_cli_dispute_to_json, columns);
}

static int
cmd_shipments (Ctl   *ctl,
               int    argc,
               char **argv)
{
  static const char *columns[] = { "order_id", "tracking_no", "service_name", "status",
                                   "last_event_at", NULL };

  return print_list (ctl, RP_STORE_LIST_SHIPMENTS, NULL,
                     (JsonObject *(*) (gpointer))rp_cli_shipment_to_json, columns);
}

static int
cmd_outbox (Ctl   *ctl,
            int    argc,
            char **argv)
{
  static const char *columns[] = { "id", "kind", "target_id", "state", "attempts", "last_error", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = rp_store_outbox_list_sync (ctl->store, 0, &error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);

  if (items == NULL)
    return fail ("%s", error->message);

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (rows, rp_cli_outbox_to_json (g_ptr_array_index (items, i)));

  rp_cli_print_rows (rows, ctl->json, columns);
  return 0;
}

static int
cmd_search (Ctl   *ctl,
            int    argc,
            char **argv)
{
  static const char *columns[] = { "message_id", "channel_id", "buyer_name", "sent_at", "content", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autofree char *query = NULL;

  if (argc < 1)
    return fail ("search: give the words to look for");

  query = join_words (argc, argv);
  hits = rp_store_search_messages_sync (ctl->store, 0, query, 200, &error);
  if (hits == NULL)
    return fail ("%s", error->message);

  for (guint i = 0; i < hits->len; i++)
    g_ptr_array_add (rows, rp_cli_search_hit_to_json (g_ptr_array_index (hits, i)));

  rp_cli_print_rows (rows, ctl->json, columns);
  return 0;
}

/* Sending ------------------------------------------------------------------------------ */

static int
cmd_send (Ctl   *ctl,
          int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpOrder) order = NULL;
  g_autoptr(RpOutboxPayload) payload = rp_outbox_payload_new ();
  g_autoptr(RpOutboxItem) item = NULL;
  g_autoptr(RpMessage) echo = rp_message_new ();
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  RpStoreAccount *account;
  const char *order_id = take_option (&argc, argv, "--order");
  const char *account_id = take_option (&argc, argv, "--account");
  gboolean queue_only = take_flag (&argc, argv, "--queue-only");
  gint64 id;

  if (order_id == NULL || argc < 1)
    return fail ("send: usage: rapportctl send --order ID TEXT");

  text = join_words (argc, argv);
  if (!g_utf8_validate (text, -1, NULL))
    return fail ("send: the text is not valid UTF-8");
  g_strstrip (text);
  if (*text == '\0')
    return fail ("send: the text is empty");

  account = find_account (ctl, account_id, &error);
  if (account == NULL)
    return fail ("%s", error->message);

  order = rp_store_get_order_sync (ctl->store, account->id, order_id, &error);
  if (order == NULL)
    {
      rp_store_account_free (account);
      return fail ("no order %s in the cache%s%s", order_id,
                   error != NULL ? ": " : "; sync first", error != NULL ? error->message : "");
    }

  /* Order messages live in the channel named after the order. */
  payload->channel_id = g_strdup (order->order_id);
  payload->order_id = g_strdup (order->order_id);
  payload->buyer_login_id = g_strdup (order->buyer_login_id);
  payload->text = g_strdup (text);
  json = rp_outbox_payload_to_json (RP_OUTBOX_KIND_MESSAGE, payload);

  item = rp_outbox_item_new (RP_OUTBOX_KIND_MESSAGE, account->id, payload->channel_id, json);
  echo->account_id = account->id;
  echo->channel_id = g_strdup (payload->channel_id);
  echo->is_own = TRUE;
  echo->content = g_strdup (text);
  echo->sent_at = g_get_real_time ();
  echo->message_type = g_strdup ("order");
  echo->extern_id = g_strdup (order->order_id);

  id = rp_store_outbox_enqueue_sync (ctl->store, item, echo, &error);
  if (id <= 0)
    {
      rp_store_account_free (account);
      return fail ("could not queue the message: %s", error->message);
    }

  if (!queue_only)
    {
      g_autoptr(RpSyncEngine) engine = engine_for (ctl, account);
      EngineRun run = { ctl };

      rp_sync_engine_send_outbox_async (engine, NULL, outbox_done_cb, &run);
      g_main_loop_run (ctl->loop);
      rp_sync_engine_shutdown (engine);

      /* The message is safe in the outbox either way; a later sync sends it. */
      if (!run.ok)
        g_printerr ("rapportctl: queued, not sent yet: %s\n", run.error->message);
      g_clear_error (&run.error);
    }

  if (ctl->json)
    g_print ("{\"outbox_id\": %" G_GINT64_FORMAT "}\n", id);
  else
    g_print ("queued as outbox item %" G_GINT64_FORMAT "\n", id);

  rp_store_account_free (account);
  return 0;
}

/* Evidence ----------------------------------------------------------------------------- */

typedef struct
{
  Ctl        *ctl;
  RpEvidence *evidence;
  char       *pdf_path;
  char       *json_path;
  gboolean    done;
  GError     *error;
} EvidenceRun;

static void
evidence_collected_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      data)
{
  EvidenceRun *run = data;

  run->evidence = rp_evidence_collect_finish (result, &run->error);
  g_main_loop_quit (run->ctl->loop);
}

static void
evidence_exported_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      data)
{
  EvidenceRun *run = data;

  run->done = rp_evidence_export_finish (RP_EVIDENCE (object), result, &run->pdf_path,
                                         &run->json_path, &run->error);
  g_main_loop_quit (run->ctl->loop);
}

static int
cmd_export_evidence (Ctl   *ctl,
                     int    argc,
                     char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autofree char *folder = NULL;
  const char *issue_id = take_option (&argc, argv, "--dispute");
  const char *output = take_option (&argc, argv, "--output");
  const char *account_id = take_option (&argc, argv, "--account");
  const char *order_id = NULL;
  EvidenceRun run = { ctl };
  int status = 0;

  if (issue_id != NULL ? argc != 0 : argc != 1)
    return fail ("export-evidence: usage: rapportctl export-evidence ORDER_ID|--dispute ISSUE_ID "
                 "[--output DIR]");
  if (issue_id == NULL)
    order_id = argv[0];

  folder = output != NULL ? g_canonicalize_filename (output, NULL) : g_get_current_dir ();

  accounts = list_accounts (ctl, &error);
  if (accounts == NULL)
    return fail ("%s", error->message);
  if (accounts->len == 0)
    return fail ("no account; add one with “rapportctl account add”");

  /* The first account whose cache has the order (or the one asked for). */
  for (guint i = 0; i < accounts->len && run.evidence == NULL; i++)
    {
      RpStoreAccount *account = g_ptr_array_index (accounts, i);

      if (account_id != NULL && account->id != g_ascii_strtoll (account_id, NULL, 10))
        continue;

      g_clear_error (&run.error);
      rp_evidence_collect_async (ctl->store, account->id, order_id, issue_id, NULL,
                                 evidence_collected_cb, &run);
      g_main_loop_run (ctl->loop);
      if (run.evidence == NULL &&
          !g_error_matches (run.error, RP_EVIDENCE_ERROR, RP_EVIDENCE_ERROR_NOT_FOUND))
        break;
    }

  if (run.evidence == NULL)
    {
      status = run.error != NULL ? fail ("%s", run.error->message)
                                 : fail ("no account %s", account_id);
      g_clear_error (&run.error);
      return status;
    }

  rp_evidence_export_async (run.evidence, folder, NULL, evidence_exported_cb, &run);
  g_main_loop_run (ctl->loop);

  if (!run.done)
    status = fail ("%s", run.error->message);
  else if (ctl->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *text = NULL;

      json_object_set_string_member (object, "order_id", rp_evidence_get_order_id (run.evidence));
      json_object_set_string_member (object, "pdf", run.pdf_path);
      json_object_set_string_member (object, "json", run.json_path);
      json_object_set_string_member (object, "transcript_sha256",
                                     rp_evidence_get_transcript_sha256 (run.evidence));
      json_object_set_int_member (object, "messages", rp_evidence_get_n_messages (run.evidence));
      json_object_set_int_member (object, "disputes", rp_evidence_get_n_disputes (run.evidence));
      json_node_set_object (root, object);
      text = json_to_string (root, FALSE);
      g_print ("%s\n", text);
    }
  else
    g_print ("%s\n%s\ntranscript SHA-256 %s (%u messages)\n", run.pdf_path, run.json_path,
             rp_evidence_get_transcript_sha256 (run.evidence),
             rp_evidence_get_n_messages (run.evidence));

  g_clear_error (&run.error);
  g_clear_object (&run.evidence);
  g_free (run.pdf_path);
  g_free (run.json_path);
  return status;
}

/* Accounts ----------------------------------------------------------------------------- */

static char *
read_secret (GError **error)
{
  const char *env = g_getenv ("RAPPORT_APP_SECRET");
  struct termios old, quiet;
  char buf[512];
  FILE *tty;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  tty = fopen ("/dev/tty", "r+");
  if (tty == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "no app secret: set RAPPORT_APP_SECRET or run from a terminal");
      return NULL;
    }

  fputs ("App secret: ", tty);
  fflush (tty);
  tcgetattr (fileno (tty), &old);
  quiet = old;
  quiet.c_lflag &= ~ECHO;
  tcsetattr (fileno (tty), TCSAFLUSH, &quiet);
  if (fgets (buf, sizeof buf, tty) == NULL)
    buf[0] = '\0';
  tcsetattr (fileno (tty), TCSAFLUSH, &old);
  fputs ("\n", tty);
  fclose (tty);

  g_strchomp (buf);
  if (buf[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no app secret given");
      return NULL;
    }
  return g_strdup (buf);
}

typedef struct
{
  Ctl            *ctl;
  RpStoreAccount *account;
  char           *secret;
  char           *code;
  gboolean        ok;
  GError         *error;
} AddAccount;

static void
authorized_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  AddAccount *add = data;

  add->ok = rp_aliexpress_authorize_finish (RP_ALIEXPRESS (object), result, &add->error);
  g_main_loop_quit (add->ctl->loop);
}

static void
secret_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  AddAccount *add = data;

  add->ok = rp_credentials_save_app_secret_finish (RP_CREDENTIALS (object), result, &add->error);
  g_main_loop_quit (add->ctl->loop);
}

typedef struct
{
  GMainLoop *loop;
  char      *code;
  GError    *error;
} CodeWait;

static void
code_received_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  CodeWait *wait = data;

  wait->code = rp_oauth_listener_wait_finish (RP_OAUTH_LISTENER (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
authorize_page_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  /* The sandbox approves at once and redirects to the listener, which takes the code;
   * what this request itself answers does not matter. */
  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_printerr ("rapportctl: the authorisation page did not answer: %s\n", error->message);
}

static gboolean
give_up_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* The code comes back to a listener on a loopback port: from the browser the seller signs
 * in with, or, for a marketplace on this machine (the sandbox approves at once), from
 * following the authorisation page here. */
static char *
wait_for_code (AddAccount    *add,
               RpAliexpress  *connector,
               GError       **error)
{
  g_autofree char *state = rp_oauth_new_state ();
  g_autoptr(RpOAuthListener) listener = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *url = NULL;
  CodeWait wait = { add->ctl->loop };
  guint timeout_id;

  listener = rp_oauth_listener_new (state, error);
  if (listener == NULL)
    return NULL;

  url = rp_aliexpress_build_authorize_url (connector, rp_oauth_listener_get_redirect_uri (listener), state);
  g_printerr ("Authorise Rapport for your store at:\n  %s\n", url);

  rp_oauth_listener_wait_async (listener, cancellable, code_received_cb, &wait);

  if (rp_account_is_loopback (add->account->base_url))
    {
      session = soup_session_new_with_options ("timeout", 30, NULL);
      message = soup_message_new ("GET", url);
      soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, cancellable,
                                        authorize_page_cb, NULL);
    }
  else if (!g_app_info_launch_default_for_uri (url, NULL, NULL))
    g_printerr ("Open that address in a browser; this waits for the answer "
                "(or run again with --code CODE).\n");

  timeout_id = g_timeout_add_seconds (10 * 60, give_up_cb, cancellable);
  g_main_loop_run (add->ctl->loop);
  g_source_remove (timeout_id);
  g_cancellable_cancel (cancellable);

  if (wait.code == NULL)
    {
      if (g_error_matches (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&wait.error);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "no answer from the authorisation page within 10 minutes");
        }
      else
        g_propagate_error (error, wait.error);
    }

  return wait.code;
}

static gboolean
authorize_account (AddAccount  *add,
                   GError     **error)
{
  g_autofree char *account_id = g_strdup_printf ("%" G_GINT64_FORMAT, add->account->id);
  gboolean demo = g_str_equal (add->account->marketplace, RP_ACCOUNT_MARKETPLACE_DEMO);
  g_autoptr(RpCredentials) credentials = NULL;
  g_autoptr(RpAliexpress) connector = NULL;
  g_autofree char *code = NULL;

  if (demo)
    {
      /* The demo signs in by itself each time: nothing to keep. */
      g_autoptr(RpMarketplace) marketplace = rp_account_connect (add->account, NULL, error);

      return marketplace != NULL;
    }

  credentials = rp_credentials_new (account_id, add->account->app_key, add->secret, NULL, TRUE);
  rp_credentials_save_app_secret_async (credentials, NULL, secret_saved_cb, add);
  g_main_loop_run (add->ctl->loop);
  if (!add->ok)
    {
      g_propagate_error (error, g_steal_pointer (&add->error));
      return FALSE;
    }

  connector = rp_aliexpress_new (add->account->base_url, credentials, error);
  if (connector == NULL)
    return FALSE;

  /* A pasted code, or the whole address the browser was sent back to. */
  if (add->code != NULL)
    code = rp_oauth_parse_pasted_code (add->code, NULL, error);
  else
    code = wait_for_code (add, connector, error);
  if (code == NULL)
    return FALSE;

  rp_aliexpress_authorize_async (connector, code, NULL, authorized_cb, add);
  g_main_loop_run (add->ctl->loop);
  if (!add->ok)
    {
      g_propagate_error (error, g_steal_pointer (&add->error));
      return FALSE;
    }

  return TRUE;
}

static int
cmd_account (Ctl   *ctl,
             int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;

  if (argc >= 1 && g_str_equal (argv[0], "list"))
    {
      static const char *columns[] = { "account_id", "marketplace", "name", "base_url", NULL };
      g_autoptr(GPtrArray) accounts = list_accounts (ctl, &error);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);

      if (accounts == NULL)
        return fail ("%s", error->message);
      for (guint i = 0; i < accounts->len; i++)
        g_ptr_array_add (rows, rp_cli_account_to_json (g_ptr_array_index (accounts, i)));
      rp_cli_print_rows (rows, ctl->json, columns);
      return 0;
    }

  if (argc >= 1 && g_str_equal (argv[0], "add"))
    {
      g_autoptr(RpStoreAccount) account = rp_store_account_new ();
      AddAccount add = { ctl, account };
      const char *url, *app_key, *name, *code;
      gboolean demo;

      argc--, argv++;
      url = take_option (&argc, argv, "--marketplace");
      app_key = take_option (&argc, argv, "--app-key");
      name = take_option (&argc, argv, "--name");
      code = take_option (&argc, argv, "--code");
      demo = take_flag (&argc, argv, "--demo");
      if (argc > 0)
        return fail ("account add: unexpected “%s”", argv[0]);
      if (url == NULL || (!demo && app_key == NULL))
        return fail ("account add: usage: rapportctl account add --marketplace URL --app-key KEY [--code CODE]");

      if (!demo)
        {
          add.secret = read_secret (&error);
          if (add.secret == NULL)
            return fail ("%s", error->message);
        }

      account->marketplace = g_strdup (demo ? RP_ACCOUNT_MARKETPLACE_DEMO : RP_ACCOUNT_MARKETPLACE_ALIEXPRESS);
      account->base_url = g_strdup (url);
      account->app_key = g_strdup (demo ? "sandbox" : app_key);
      account->name = g_strdup (name != NULL ? name : (demo ? "Demo store" : app_key));
      account->created_at = g_get_real_time ();
      add.code = g_strdup (code);

      account->id = rp_store_add_account_sync (ctl->store, account, &error);
      if (account->id <= 0)
        return fail ("could not add the account: %s", error->message);

      if (!authorize_account (&add, &error))
        {
          /* No half-added account: the row goes again (its secrets were never usable). */
          rp_store_remove_account_sync (ctl->store, account->id, NULL);
          g_free (add.secret);
          g_free (add.code);
          return fail ("could not authorise the account: %s", error->message);
        }

      if (add.secret != NULL)
        memset (add.secret, 0, strlen (add.secret));
      g_free (add.secret);
      g_free (add.code);

      if (ctl->json)
        g_print ("{\"account_id\": %" G_GINT64_FORMAT "}\n", account->id);
      else
        g_print ("added account %" G_GINT64_FORMAT "\n", account->id);
      return 0;
    }

  if (argc >= 2 && g_str_equal (argv[0], "remove"))
    {
      if (!rp_store_remove_account_sync (ctl->store, g_ascii_strtoll (argv[1], NULL, 10), &error))
        return fail ("%s", error->message);
      return 0;
    }

  return fail ("account: use “account add”, “account list” or “account remove ID”");
}

/* Main --------------------------------------------------------------------------------- */

static const struct {
  const char  *name;
  CommandFunc  func;
  const char  *help;
} commands[] = {
  { "account", cmd_account, "account add --marketplace URL --app-key KEY [--code CODE] | account add --demo --marketplace URL | account list | account remove ID" },
  { "sync", cmd_sync, "sync [--full] [--account ID] [--outbox-only]" },
  { "orders", cmd_orders, "orders" },
  { "order", cmd_order, "order ID" },
  { "conversations", cmd_conversations, "conversations" },
  { "messages", cmd_messages, "messages CHANNEL" },
  { "disputes", cmd_disputes, "disputes" },
  { "shipments", cmd_shipments, "shipments" },
  { "send", cmd_send, "send --order ID [--queue-only] TEXT" },
  { "outbox", cmd_outbox, "outbox" },
  { "search", cmd_search, "search QUERY" },
  { "export-evidence", cmd_export_evidence, "export-evidence ORDER_ID|--dispute ISSUE_ID [--output DIR] [--account ID]" },
};

static void
usage (void)
{
  g_print ("Usage: rapportctl [--db PATH] [--json] COMMAND …\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %s\n", commands[i].help);
  g_print ("\nThe app secret comes from RAPPORT_APP_SECRET or a prompt, never from the command line.\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  Ctl ctl = { NULL };
  const char *db;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  argc--, argv++;
  db = take_option (&argc, argv, "--db");
  ctl.json = take_flag (&argc, argv, "--json");

  if (argc < 1 || g_str_equal (argv[0], "--help") || g_str_equal (argv[0], "help"))
    {
      usage ();
      return argc < 1 ? 2 : 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (!g_str_equal (argv[0], commands[i].name))
        continue;

      ctl.db_path = db != NULL ? g_strdup (db) : default_db_path ();
      ctl.loop = g_main_loop_new (NULL, FALSE);
      if (!open_store (&ctl, &error))
        {
          status = fail ("cannot open the cache %s: %s", ctl.db_path, error->message);
          ctl_clear (&ctl);
          return status;
        }

      status = commands[i].func (&ctl, argc - 1, argv + 1);
      ctl_clear (&ctl);
      return status;
    }

  return fail ("unknown command “%s”; see “rapportctl --help”", argv[0]);
}
