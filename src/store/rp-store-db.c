/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

#include "rp-store-private.h"
#include "rp-store-rows.h"
#include "rp-store-resources.h"

/* The worker-thread half of the store: the sqlite3 handle, its statement cache, the
 * migrations and one function per job kind.  Nothing here may be called from another
 * thread than the store's worker. */

#define MIGRATIONS_PATH "/io/github/rapportdesk/Rapport/store/migrations/"
#define NEVER G_MAXINT64

/* Outbox states that still have to go out, as SQL. */
#define PENDING_STATES "('queued', 'sending', 'failed-retryable', 'scheduled')"

/* Messages are indexed for search this many at a time (index_pending_messages()). */
#define INDEX_BATCH 2048

struct _RpStoreDb
{
  char       *path;
  sqlite3    *db;
  GHashTable *statements;        /* SQL text -> sqlite3_stmt */
  guint       pending_messages;  /* messages written and not yet indexed, as far as known */
  gboolean    maybe_pending;     /* the index may be behind (another writer, a rename) */
};

typedef gboolean (*JobFunc) (RpStoreDb   *self,
                             RpStoreJob  *job,
                             GError     **error);

typedef enum
{
  TXN_NONE,
  TXN_READ,       /* a consistent snapshot across several statements */
  TXN_WRITE,      /* BEGIN IMMEDIATE: takes the write lock up front, no upgrade deadlocks */
} TxnKind;

typedef struct
{
  const char *name;
  TxnKind     txn;
  JobFunc     func;
  gboolean    without_db;   /* runs whether the database is open or not */
} JobClass;

/* Errors */

static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  int          rc,
                  const char  *what)
{
  int code = RP_STORE_ERROR_FAILED;
  int primary = rc & 0xff;

  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    code = RP_STORE_ERROR_CORRUPT;
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    code = RP_STORE_ERROR_BUSY;
  else if (primary == SQLITE_CONSTRAINT)
    code = RP_STORE_ERROR_INVALID;

  g_set_error (error, RP_STORE_ERROR, code, "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
}

/* Statements */

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

/* Returns a cached statement, reset and with its bindings cleared. */
static sqlite3_stmt *
prepare (RpStoreDb   *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "Could not prepare a query");
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

static gboolean
exec (RpStoreDb   *self,
      const char  *sql,
      GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, RP_STORE_ERROR,
                   (rc & 0xff) == SQLITE_BUSY ? RP_STORE_ERROR_BUSY : RP_STORE_ERROR_FAILED,
                   "%s", message != NULL ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/* Steps a statement that returns no rows (or whose rows are not wanted). */
static gboolean
step_done (RpStoreDb     *self,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* After a `while (sqlite3_step () == SQLITE_ROW)` loop: resets and reports a failure. */
static gboolean
check_done (RpStoreDb     *self,
            sqlite3_stmt  *stmt,
            int            rc,
            const char    *what,
            GError       **error)
{
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* Steps once: TRUE with *out_row set when there is a row. */
static gboolean
step_row (RpStoreDb     *self,
          sqlite3_stmt  *stmt,
          gboolean      *out_row,
          const char    *what,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *out_row = TRUE;
      return TRUE;
    }

  *out_row = FALSE;
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, what);
      return FALSE;
    }

  return TRUE;
}

/* Binding with input checks: every text that reaches the database is valid UTF-8 and not
 * absurdly long.  The first problem is kept and reported with the field's name. */

typedef struct
{
  sqlite3_stmt *stmt;
  const char   *what;       /* "order 1234" */
  GError       *error;
} Binder;

static void
bind_text (Binder     *b,
           int         index,
           const char *field,
           const char *value)
{
  if (b->error != NULL)
    return;

  if (value == NULL)
    {
      sqlite3_bind_null (b->stmt, index);
      return;
    }

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (&b->error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                   "%s: the field %s is not valid UTF-8", b->what, field);
      return;
    }

  if (strlen (value) > RP_STORE_MAX_FIELD_LENGTH)
    {
      g_set_error (&b->error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                   "%s: the field %s is longer than %d bytes", b->what, field,
                   RP_STORE_MAX_FIELD_LENGTH);
      return;
    }

  sqlite3_bind_text (b->stmt, index, value, -1, SQLITE_STATIC);
}

static void
bind_int (Binder *b,
          int     index,
          gint64  value)
{
  if (b->error == NULL)
    sqlite3_bind_int64 (b->stmt, index, value);
}

static void
bind_money (Binder        *b,
            int            index,
            const char    *field,
            const RpMoney *money)
{
  /* The code may fill the array to the brim without a terminator. */
  char currency[sizeof money->currency] = { 0 };

  memcpy (currency, money->currency, sizeof currency - 1);
  bind_int (b, index, money->cents);
  bind_text (b, index + 1, field, currency);
  /* bind_text() bound the stack copy statically: make SQLite keep its own. */
  if (b->error == NULL)
    sqlite3_bind_text (b->stmt, index + 1, currency, -1, SQLITE_TRANSIENT);
}

static gboolean
binder_finish (Binder  *b,
               GError **error)
{
  if (b->error != NULL)
    {
      sqlite3_reset (b->stmt);
      g_propagate_error (error, b->error);
      b->error = NULL;
      return FALSE;
    }

  return TRUE;
}

static gboolean
require_id (const char  *value,
            const char  *what,
            guint        index,
            GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                   "%s #%u has no id", what, index + 1);
      return FALSE;
    }

  return TRUE;
}

/* URLs and paths cannot contain a newline, so a list of them is kept newline-joined. */
static char *
join_strv (GStrv strv)
{
  if (strv == NULL || strv[0] == NULL)
    return NULL;

  return g_strjoinv ("\n", strv);
}

static gint64
now_usec (void)
{
  return g_get_real_time ();
}

/* Lifetime */

RpStoreDb *
rp_store_db_new (const char *path)
{
  RpStoreDb *self = g_new0 (RpStoreDb, 1);

  self->path = g_strdup (path);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);

  return self;
}

static void
close_db (RpStoreDb *self)
{
  int rc;

  if (self->db == NULL)
    return;

  g_hash_table_remove_all (self->statements);

  /* Lets SQLite refresh its statistics where it thinks that pays; cheap when nothing to do. */
  sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);

  rc = sqlite3_close (self->db);
  if (rc != SQLITE_OK)
    g_warning ("Closing %s: %s", self->path, sqlite3_errstr (rc));
  self->db = NULL;
}

void
rp_store_db_free (RpStoreDb *self)
{
  if (self == NULL)
    return;

  close_db (self);
  g_hash_table_unref (self->statements);
  g_free (self->path);
  g_free (self);
}

/* Opening */

/* SQLite creates the file with the process umask; buyer names, addresses and messages are
 * private, so the file is made 0600 first (and tightened if it already existed).  The WAL
 * and shm files inherit the database file's mode. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the folder %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not open %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fchmod (fd, 0600) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not make %s private: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);

  return TRUE;
}

static gboolean
query_int (RpStoreDb   *self,
           const char  *sql,
           gint64      *out_value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, rc, sql);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *out_value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return TRUE;
}

static gboolean
query_text (RpStoreDb   *self,
            const char  *sql,
            char       **out_value,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, self->db, rc, sql);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *out_value = rp_store_col_text (stmt, 0);
  sqlite3_finalize (stmt);

  return TRUE;
}

static gboolean
migrate (RpStoreDb  *self,
         gint64      from_version,
         GError    **error)
{
  for (gint64 version = from_version + 1; version <= RP_STORE_SCHEMA_VERSION; version++)
    {
      g_autofree char *pattern = g_strdup_printf ("%04" G_GINT64_FORMAT "-", version);
      g_autofree char *resource = NULL;
      g_autofree char *set_version = NULL;
      g_auto(GStrv) names = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;

      names = g_resource_enumerate_children (rp_store_resources_get_resource (),
                                             MIGRATIONS_PATH, 0, error);
      if (names == NULL)
        return FALSE;

      for (guint i = 0; names[i] != NULL && resource == NULL; i++)
        if (g_str_has_prefix (names[i], pattern))
          resource = g_strconcat (MIGRATIONS_PATH, names[i], NULL);

      if (resource == NULL)
        {
          g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_FAILED,
                       "The migration to schema version %" G_GINT64_FORMAT " is missing",
                       version);
          return FALSE;
        }

      bytes = g_resource_lookup_data (rp_store_resources_get_resource (), resource, 0, error);
      if (bytes == NULL)
        return FALSE;

      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version);

      /* Each step is all or nothing: a crash mid-migration leaves the old version. */
      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!exec (self, sql, error) || !exec (self, set_version, error))
        {
          g_prefix_error (error, "Migrating the local cache to version %" G_GINT64_FORMAT ": ",
                          version);
          exec (self, "ROLLBACK", NULL);
          return FALSE;
        }

      if (!exec (self, "COMMIT", error))
        {
          exec (self, "ROLLBACK", NULL);
          return FALSE;
        }

      g_debug ("Migrated %s to schema version %" G_GINT64_FORMAT, self->path, version);
    }

  return TRUE;
}

/* A send that was in flight when the process died may or may not have reached the
 * marketplace: it goes back to failed-retryable, flagged so the engine re-reads the
 * conversation before sending again (DESIGN §4: exactly once without idempotency keys). */
static gboolean
recover_outbox (RpStoreDb  *self,
                GError    **error)
{
  if (!exec (self,
             "UPDATE outbox SET state = 'failed-retryable', ambiguous = 1, "
             "  last_error = coalesce (last_error, 'Interrupted while sending') "
             "WHERE state = 'sending'",
             error))
    return FALSE;

  if (sqlite3_changes (self->db) > 0)
    g_message ("%d outbox item(s) were interrupted while sending; they will be checked "
               "before they are sent again", sqlite3_changes (self->db));

  return TRUE;
}

static gboolean
open_db (RpStoreDb   *self,
         RpStoreJob  *job,
         GError     **error)
{
  g_autofree char *journal_mode = NULL;
  gint64 version = 0;
  int rc;

  if (self->db != NULL)
    return TRUE;

  if (!create_private_file (self->path, error))
    return FALSE;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "Could not open the local cache");
      goto fail;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  /* Another process (rapportctl) may hold the write lock for a moment. */
  sqlite3_busy_timeout (self->db, 5000);

  /* Read the version before anything writes to the file: a newer database is left as is. */
  if (!query_int (self, "PRAGMA user_version", &version, error))
    goto fail;

  if (version > RP_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_TOO_NEW,
                   "The local cache %s was written by a newer version of Rapport "
                   "(schema %" G_GINT64_FORMAT ", this version knows up to %d); "
                   "it was left untouched",
                   self->path, version, RP_STORE_SCHEMA_VERSION);
      goto fail;
    }

  if (!query_text (self, "PRAGMA journal_mode = WAL", &journal_mode, error))
    goto fail;

  if (g_strcmp0 (journal_mode, "wal") != 0)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_FAILED,
                   "The local cache %s cannot use write-ahead logging (journal mode %s)",
                   self->path, journal_mode);
      goto fail;
    }

  /* NORMAL is durable across application crashes in WAL mode; only a power loss can lose
   * the last transactions, never corrupt the file.  The statement journals of the sync's
   * many-row upserts stay in memory rather than in temporary files. */
  if (!exec (self,
             "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;",
             error))
    goto fail;
  /* A full sync writes the file over several times: with SQLite's default, a checkpoint every
   * 1,000 pages (4 MB), each ending in an fsync, the worker copied the same hot pages (the
   * indexes, the full-text index) back into the file again and again and waited for the disk
   * while the sync's next writes queued behind it; at 100,000 orders a tenth of the sync's
   * time.  The write-ahead log may now grow to about 40 MB before a checkpoint. */
  if (!exec (self, "PRAGMA wal_autocheckpoint = 10000;", error))
    goto fail;

  if (!migrate (self, version, error) || !recover_outbox (self, error))
    goto fail;

  /* A process killed mid-sync may have left messages to index. */
  self->maybe_pending = TRUE;

  return TRUE;

fail:
  g_hash_table_remove_all (self->statements);
  sqlite3_close (self->db);
  self->db = NULL;
  return FALSE;
}

static gboolean
close_job (RpStoreDb   *self,
           RpStoreJob  *job,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!rp_store_db_index_pending (self, &local_error))
    g_warning ("Could not index the last messages for search: %s", local_error->message);

  close_db (self);
  return TRUE;
}

/* Accounts */

static gboolean
add_account (RpStoreDb   *self,
             RpStoreJob  *job,
             GError     **error)
{
  const RpStoreAccount *account = job->account;
  sqlite3_stmt *stmt;
  Binder b = { 0 };

  if (account->marketplace == NULL || account->base_url == NULL || account->app_key == NULL)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                   "An account needs a marketplace, a base URL and an app key");
      return FALSE;
    }

  stmt = prepare (self,
                  "INSERT INTO accounts (marketplace, base_url, app_key, name, seller_id, "
                  "                      created_at) "
                  "VALUES (?1, ?2, ?3, coalesce (?4, ''), ?5, ?6)",
                  error);
  if (stmt == NULL)
    return FALSE;

  b.stmt = stmt;
  b.what = "account";
  bind_text (&b, 1, "marketplace", account->marketplace);
  bind_text (&b, 2, "base_url", account->base_url);
  bind_text (&b, 3, "app_key", account->app_key);
  bind_text (&b, 4, "name", account->name);
  bind_text (&b, 5, "seller_id", account->seller_id);
  bind_int (&b, 6, account->created_at != 0 ? account->created_at : now_usec ());
  if (!binder_finish (&b, error) || !step_done (self, stmt, "Adding an account", error))
    return FALSE;

  job->result_int = sqlite3_last_insert_rowid (self->db);
  job->changes = RP_STORE_CHANGE_ACCOUNTS;
  job->changed_account = job->result_int;

  return TRUE;
}

static gboolean
list_accounts (RpStoreDb   *self,
               RpStoreJob  *job,
               GError     **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self,
                  "SELECT id, marketplace, base_url, app_key, name, seller_id, created_at "
                  "FROM accounts ORDER BY id",
                  error);
  if (stmt == NULL)
    return FALSE;

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_store_account_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RpStoreAccount *account = rp_store_account_new ();

      account->id = rp_store_col_int (stmt, 0);
      account->marketplace = rp_store_col_text (stmt, 1);
      account->base_url = rp_store_col_text (stmt, 2);
      account->app_key = rp_store_col_text (stmt, 3);
      account->name = rp_store_col_text (stmt, 4);
      account->seller_id = rp_store_col_text (stmt, 5);
      account->created_at = rp_store_col_int (stmt, 6);
      g_ptr_array_add (accounts, account);
    }

  if (!check_done (self, stmt, rc, "Listing accounts", error))
    return FALSE;

  job->result = g_steal_pointer (&accounts);
  job->result_free = (GDestroyNotify)g_ptr_array_unref;

  return TRUE;
}

static gboolean
remove_account (RpStoreDb   *self,
                RpStoreJob  *job,
                GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM accounts WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->account_id);
  if (!step_done (self, stmt, "Removing an account", error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_FOUND,
                   "There is no account %" G_GINT64_FORMAT, job->account_id);
      return FALSE;
    }

  job->changes = ~0u;
  job->changed_account = job->account_id;

  return TRUE;
}

/* Upserts.  The rules that keep what a later, thinner page does not carry:
 * - text the incoming object leaves NULL keeps the stored value (coalesce);
 * - times left 0 keep the stored time;
 * - detail-only fields (address, country, solutions, history) change only when the
 *   incoming object comes from a detail call (has_detail);
 * - child lists (items, tracking events) are replaced only when the incoming object has some
 *   or is a detail;
 * - local state (order_state, outbox, local echoes) is never touched. */

/* "col = …" clauses of an upsert: a detail-only column changes only with a detail object;
 * a time the incoming object leaves at 0 keeps the stored one. */
#define DETAIL_ONLY(col) \
  "  " col " = CASE WHEN excluded.has_detail THEN excluded." col " ELSE " col " END, "
#define KEEP_IF_ZERO(col) \
  "  " col " = CASE excluded." col " WHEN 0 THEN " col " ELSE excluded." col " END, "

static const char upsert_order_sql[] =
  "INSERT INTO orders (account_id, order_id, raw_status, status, issue_status, "
  "  logistics_status, created_at, paid_at, modified_at, ship_by, buyer_login_id, buyer_name, "
  "  buyer_country, total_cents, total_currency, memo, addr_contact_person, addr_country, "
  "  addr_province, addr_city, addr_address, addr_address2, addr_detail_address, addr_zip, "
  "  addr_phone, has_detail, accept_by) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
  "        ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27) "
  "ON CONFLICT (account_id, order_id) DO UPDATE SET "
  "  raw_status = coalesce (excluded.raw_status, raw_status), "
  "  status = CASE WHEN excluded.raw_status IS NULL THEN status ELSE excluded.status END, "
  "  issue_status = coalesce (excluded.issue_status, issue_status), "
  "  logistics_status = coalesce (excluded.logistics_status, logistics_status), "
  KEEP_IF_ZERO ("created_at")
  KEEP_IF_ZERO ("paid_at")
  KEEP_IF_ZERO ("modified_at")
  KEEP_IF_ZERO ("ship_by")
  KEEP_IF_ZERO ("accept_by")
  "  buyer_login_id = coalesce (excluded.buyer_login_id, buyer_login_id), "
  "  buyer_name = coalesce (excluded.buyer_name, buyer_name), "
  "  buyer_country = CASE WHEN excluded.has_detail THEN excluded.buyer_country "
  "                  ELSE coalesce (excluded.buyer_country, buyer_country) END, "
  "  total_cents = CASE WHEN excluded.total_currency = '' THEN total_cents "
  "                ELSE excluded.total_cents END, "
  "  total_currency = CASE WHEN excluded.total_currency = '' THEN total_currency "
  "                   ELSE excluded.total_currency END, "
  "  memo = coalesce (excluded.memo, memo), "
  DETAIL_ONLY ("addr_contact_person")
  DETAIL_ONLY ("addr_country")
  DETAIL_ONLY ("addr_province")
  DETAIL_ONLY ("addr_city")
  DETAIL_ONLY ("addr_address")
  DETAIL_ONLY ("addr_address2")
  DETAIL_ONLY ("addr_detail_address")
  DETAIL_ONLY ("addr_zip")
  DETAIL_ONLY ("addr_phone")
  "  has_detail = max (has_detail, excluded.has_detail) "
  "RETURNING id";

/* The product names of an order, one a line, so that the orders list shows and searches
 * them without reading the items of 100,000 orders.  Breaks inside a title become spaces;
 * whole titles are kept while they fit, the first one cut at a character if it alone does
 * not. */
#define ITEMS_SUMMARY_MAX 500

static char *
items_summary (RpOrder *order)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < order->items->len; i++)
    {
      const RpOrderItem *item = g_ptr_array_index (order->items, i);
      g_autoptr(GString) title = NULL;

      if (item->title == NULL || !g_utf8_validate (item->title, -1, NULL))
        continue;

      title = g_string_new (NULL);
      for (const char *p = item->title; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
            g_string_append_c (title, ' ');
          else
            g_string_append_unichar (title, c);
        }
      g_strstrip (title->str);
      title->len = strlen (title->str);
      if (title->len == 0)
        continue;

      if (out->len == 0 && title->len > ITEMS_SUMMARY_MAX)
        {
          const char *end = title->str + ITEMS_SUMMARY_MAX;

          end = g_utf8_find_prev_char (title->str, end + 1);
          g_string_append_len (out, title->str, end - title->str);
          break;
        }
      if (out->len > 0 && out->len + 1 + title->len > ITEMS_SUMMARY_MAX)
        break;

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_len (out, title->str, title->len);
    }

  return g_string_free (out, FALSE);
}

static gboolean
upsert_order_items (RpStoreDb   *self,
                    gint64       account_id,
                    gint64       order_row,
                    RpOrder     *order,
                    const char  *what,
                    GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self, "DELETE FROM order_items WHERE order_row = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_row);
  if (!step_done (self, stmt, what, error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO order_items (account_id, order_row, position, child_id, "
                  "  product_id, title, variant, sku, quantity, unit_price_cents, "
                  "  unit_price_currency, image_url, memo) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                  error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < order->items->len; i++)
    {
      const RpOrderItem *item = g_ptr_array_index (order->items, i);
      Binder b = { stmt, what, NULL };

      bind_int (&b, 1, account_id);
      bind_int (&b, 2, order_row);
      bind_int (&b, 3, i);
      bind_text (&b, 4, "item child_id", item->child_id);
      bind_text (&b, 5, "item product_id", item->product_id);
      bind_text (&b, 6, "item title", item->title);
      bind_text (&b, 7, "item variant", item->variant);
      bind_text (&b, 8, "item sku", item->sku);
      bind_int (&b, 9, item->quantity);
      bind_money (&b, 10, "item unit_price", &item->unit_price);
      bind_text (&b, 12, "item image_url", item->image_url);
      bind_text (&b, 13, "item memo", item->memo);
      if (!binder_finish (&b, error) || !step_done (self, stmt, what, error))
        return FALSE;
    }

  stmt = prepare (self, "UPDATE orders SET items_summary = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  {
    g_autofree char *summary = items_summary (order);

    sqlite3_bind_int64 (stmt, 1, order_row);
    sqlite3_bind_text (stmt, 2, summary, -1, SQLITE_TRANSIENT);
    if (!step_done (self, stmt, what, error))
      return FALSE;
  }

  return TRUE;
}

static gboolean
upsert_orders (RpStoreDb   *self,
               RpStoreJob  *job,
               GError     **error)
{
  for (guint i = 0; i < job->objects->len; i++)
    {
      RpOrder *order = g_ptr_array_index (job->objects, i);
      g_autofree char *what = NULL;
      sqlite3_stmt *stmt;
      gint64 order_row;
      gboolean row;
      Binder b;

      if (!RP_IS_ORDER (order))
        {
          g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                       "Item #%u of the page is not an RpOrder", i + 1);
          return FALSE;
        }

      if (!require_id (order->order_id, "Order", i, error))
        return FALSE;

      stmt = prepare (self, upsert_order_sql, error);
      if (stmt == NULL)
        return FALSE;

      what = g_strdup_printf ("Order %.64s", g_utf8_validate (order->order_id, -1, NULL)
                                             ? order->order_id : "(invalid)");
      b = (Binder) { stmt, what, NULL };
      bind_int (&b, 1, job->account_id);
      bind_text (&b, 2, "order_id", order->order_id);
      bind_text (&b, 3, "raw_status", order->raw_status);
      bind_int (&b, 4, order->status);
      bind_text (&b, 5, "issue_status", order->issue_status);
      bind_text (&b, 6, "logistics_status", order->logistics_status);
      bind_int (&b, 7, order->created_at);
      bind_int (&b, 8, order->paid_at);
      bind_int (&b, 9, order->modified_at);
      bind_int (&b, 10, order->ship_by);
      bind_text (&b, 11, "buyer_login_id", order->buyer_login_id);
      bind_text (&b, 12, "buyer_name", order->buyer_name);
      bind_text (&b, 13, "buyer_country", order->buyer_country);
      bind_money (&b, 14, "total", &order->total);
      bind_text (&b, 16, "memo", order->memo);
      bind_text (&b, 17, "contact_person", order->address.contact_person);
      bind_text (&b, 18, "country", order->address.country);
      bind_text (&b, 19, "province", order->address.province);
      bind_text (&b, 20, "city", order->address.city);
      bind_text (&b, 21, "address", order->address.address);
      bind_text (&b, 22, "address2", order->address.address2);
      bind_text (&b, 23, "detail_address", order->address.detail_address);
      bind_text (&b, 24, "zip", order->address.zip);
      bind_text (&b, 25, "phone", order->address.phone);
      bind_int (&b, 26, order->has_detail ? 1 : 0);
      bind_int (&b, 27, order->accept_by);
      if (!binder_finish (&b, error))
        return FALSE;

      if (!step_row (self, stmt, &row, what, error))
        return FALSE;
      g_assert (row);
      order_row = rp_store_col_int (stmt, 0);
      if (!step_done (self, stmt, what, error))
        return FALSE;

      if ((order->has_detail || order->items->len > 0) &&
          !upsert_order_items (self, job->account_id, order_row, order, what, error))
        return FALSE;
    }

  job->changes = RP_STORE_CHANGE_ORDERS;
  job->changed_account = job->account_id;

  return TRUE;
}

/* A change the seller made locally (read, processed, rank) that is still in the outbox wins
 * over what the server says, or the pull would undo the local echo until the send. */
static const char upsert_conversation_sql[] =
  "INSERT INTO conversations (account_id, channel_id, buyer_login_id, buyer_name, order_id, "
  "  unread_count, read, processed, rank, last_message_at, last_message_text, "
  "  last_message_is_own) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
  "ON CONFLICT (account_id, channel_id) DO UPDATE SET "
  "  buyer_login_id = coalesce (excluded.buyer_login_id, buyer_login_id), "
  "  buyer_name = coalesce (excluded.buyer_name, buyer_name), "
  "  order_id = coalesce (excluded.order_id, order_id), "
  "  unread_count = CASE WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.account_id = ?1 "
  "      AND o.target_id = ?2 AND o.kind = 'mark-read' AND o.state IN " PENDING_STATES ") "
  "    THEN 0 ELSE excluded.unread_count END, "
  "  read = CASE WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.account_id = ?1 "
  "      AND o.target_id = ?2 AND o.kind = 'mark-read' AND o.state IN " PENDING_STATES ") "
  "    THEN 1 ELSE excluded.read END, "
  "  processed = CASE WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.account_id = ?1 "
  "      AND o.target_id = ?2 AND o.kind = 'mark-processed' AND o.state IN " PENDING_STATES ") "
  "    THEN processed ELSE excluded.processed END, "
  "  rank = CASE WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.account_id = ?1 "
  "      AND o.target_id = ?2 AND o.kind = 'set-rank' AND o.state IN " PENDING_STATES ") "
  "    THEN rank ELSE excluded.rank END, "
  "  last_message_text = CASE WHEN excluded.last_message_at >= last_message_at "
  "    THEN coalesce (excluded.last_message_text, last_message_text) ELSE last_message_text END, "
  "  last_message_is_own = CASE WHEN excluded.last_message_at >= last_message_at "
  "    THEN excluded.last_message_is_own ELSE last_message_is_own END, "
  "  last_message_at = max (last_message_at, excluded.last_message_at)";

static gboolean write_messages (RpStoreDb   *self,
                                gint64       account_id,
                                GPtrArray   *objects,
                                guint        start,
                                GError     **error);

/* A page of conversations may carry their messages after them (the sync's pages do): all
 * in one transaction, the conversations first, so that a conversation never shows without
 * its messages, and the conversations_fts_insert trigger finds no message of theirs to note
 * for indexing again. */
static gboolean
upsert_conversations (RpStoreDb   *self,
                      RpStoreJob  *job,
                      GError     **error)
{
  guint i;

  for (i = 0; i < job->objects->len; i++)
    {
      RpConversation *conversation = g_ptr_array_index (job->objects, i);
      sqlite3_stmt *stmt;
      Binder b;

      /* The page's messages follow its conversations (see write_messages). */
      if (RP_IS_MESSAGE (conversation))
        break;

      if (!RP_IS_CONVERSATION (conversation))
        {
          g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                       "Item #%u of the page is not an RpConversation", i + 1);
          return FALSE;
        }

      if (!require_id (conversation->channel_id, "Conversation", i, error))
        return FALSE;

      stmt = prepare (self, upsert_conversation_sql, error);
      if (stmt == NULL)
        return FALSE;

      b = (Binder) { stmt, "Conversation", NULL };
      bind_int (&b, 1, job->account_id);
      bind_text (&b, 2, "channel_id", conversation->channel_id);
      bind_text (&b, 3, "buyer_login_id", conversation->buyer_login_id);
      bind_text (&b, 4, "buyer_name", conversation->buyer_name);
      bind_text (&b, 5, "order_id", conversation->order_id);
      bind_int (&b, 6, conversation->unread_count);
      bind_int (&b, 7, conversation->read ? 1 : 0);
      bind_int (&b, 8, conversation->processed ? 1 : 0);
      bind_int (&b, 9, conversation->rank);
      bind_int (&b, 10, conversation->last_message_at);
      bind_text (&b, 11, "last_message_text", conversation->last_message_text);
      bind_int (&b, 12, conversation->last_message_is_own ? 1 : 0);
      if (!binder_finish (&b, error) || !step_done (self, stmt, "Conversation", error))
        return FALSE;
    }

  job->changes = RP_STORE_CHANGE_CONVERSATIONS;
  job->changed_account = job->account_id;
  /* A buyer's new name re-indexes the conversation's messages. */
  self->maybe_pending = TRUE;

  if (i < job->objects->len)
    {
      if (!write_messages (self, job->account_id, job->objects, i, error))
        return FALSE;
      job->changes |= RP_STORE_CHANGE_MESSAGES;
    }

  return TRUE;
}

static const char upsert_message_sql[] =
  "INSERT INTO messages (account_id, message_id, channel_id, sender_login_id, sender_name, "
  "  is_own, content, sent_at, message_type, extern_id, image_urls) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce (?7, ''), ?8, ?9, ?10, ?11) "
  "ON CONFLICT (account_id, message_id) DO UPDATE SET "
  "  channel_id = excluded.channel_id, "
  "  sender_login_id = coalesce (excluded.sender_login_id, sender_login_id), "
  "  sender_name = coalesce (excluded.sender_name, sender_name), "
  "  is_own = excluded.is_own, "
  "  content = CASE WHEN ?7 IS NULL THEN content ELSE excluded.content END, "
  KEEP_IF_ZERO ("sent_at")
  "  message_type = coalesce (excluded.message_type, message_type), "
  "  extern_id = coalesce (excluded.extern_id, extern_id), "
  "  image_urls = coalesce (excluded.image_urls, image_urls)";

/* The same upsert for many rows in one statement, for messages that carry their content
 * (a message without it keeps the cached text, which needs upsert_message_sql's ?7): a
 * statement per message paid its triggers' and indexes' set-up once a message.  Rows go
 * MESSAGE_BATCH at a time (then 32, 16 … 1 for the rest, so that few statements are
 * cached). */
#define MESSAGE_BATCH   64
#define MESSAGE_PARAMS  11

static char *
upsert_messages_batch_sql (guint rows)
{
  GString *sql = g_string_new ("INSERT INTO messages (account_id, message_id, channel_id, "
                               "  sender_login_id, sender_name, is_own, content, sent_at, "
                               "  message_type, extern_id, image_urls) VALUES ");

  for (guint r = 0; r < rows; r++)
    g_string_append (sql, r == 0 ? "(?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?)");

  g_string_append (sql,
                   " ON CONFLICT (account_id, message_id) DO UPDATE SET "
                   "  channel_id = excluded.channel_id, "
                   "  sender_login_id = coalesce (excluded.sender_login_id, sender_login_id), "
                   "  sender_name = coalesce (excluded.sender_name, sender_name), "
                   "  is_own = excluded.is_own, "
                   "  content = excluded.content, "
                   KEEP_IF_ZERO ("sent_at")
                   "  message_type = coalesce (excluded.message_type, message_type), "
                   "  extern_id = coalesce (excluded.extern_id, extern_id), "
                   "  image_urls = coalesce (excluded.image_urls, image_urls)");

  return g_string_free (sql, FALSE);
}

/* Binds one message at parameter @base + 1 …; the joined image URLs it binds are kept in
 * @keep until the statement has run (the texts are bound without a copy). */
static void
bind_message (Binder    *b,
              int        base,
              gint64     account_id,
              RpMessage *message,
              GPtrArray *keep)
{
  char *image_urls = join_strv (message->image_urls);

  if (image_urls != NULL)
    g_ptr_array_add (keep, image_urls);

  bind_int (b, base + 1, account_id);
  bind_text (b, base + 2, "message_id", message->message_id);
  bind_text (b, base + 3, "channel_id", message->channel_id);
  bind_text (b, base + 4, "sender_login_id", message->sender_login_id);
  bind_text (b, base + 5, "sender_name", message->sender_name);
  bind_int (b, base + 6, message->is_own ? 1 : 0);
  bind_text (b, base + 7, "content", message->content);
  bind_int (b, base + 8, message->sent_at);
  bind_text (b, base + 9, "message_type", message->message_type);
  bind_text (b, base + 10, "extern_id", message->extern_id);
  bind_text (b, base + 11, "image_urls", image_urls);
}

/* Writes @objects[@first .. @first + @n - 1], all with content, in as few statements as
 * MESSAGE_BATCH allows. */
static gboolean
write_message_rows (RpStoreDb   *self,
                    gint64       account_id,
                    GPtrArray   *objects,
                    guint        first,
                    guint        n,
                    GError     **error)
{
  while (n > 0)
    {
      g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;
      guint rows = MESSAGE_BATCH;
      Binder b;

      while (rows > n)
        rows /= 2;

      sql = upsert_messages_batch_sql (rows);
      stmt = prepare (self, sql, error);
      if (stmt == NULL)
        return FALSE;

      b = (Binder) { stmt, "Message", NULL };
      for (guint r = 0; r < rows; r++)
        bind_message (&b, r * MESSAGE_PARAMS, account_id,
                      g_ptr_array_index (objects, first + r), keep);
      if (!binder_finish (&b, error) || !step_done (self, stmt, "Message", error))
        return FALSE;

      self->pending_messages += rows;
      first += rows;
      n -= rows;
    }

  return TRUE;
}

/* The messages in @objects from @start on, in their order. */
static gboolean
write_messages (RpStoreDb   *self,
                gint64       account_id,
                GPtrArray   *objects,
                guint        start,
                GError     **error)
{
  guint run_start = start;

  for (guint i = start; i < objects->len; i++)
    {
      RpMessage *message = g_ptr_array_index (objects, i);

      if (!RP_IS_MESSAGE (message))
        {
          g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                       "Item #%u of the page is not an RpMessage", i + 1);
          return FALSE;
        }

      /* Messages without a server id are local echoes: they only come in through the
       * outbox, which links them to their item. */
      if (!require_id (message->message_id, "Message", i, error) ||
          !require_id (message->channel_id, "Message channel", i, error))
        return FALSE;
    }

  for (guint i = start; i <= objects->len; i++)
    {
      RpMessage *message = i < objects->len ? g_ptr_array_index (objects, i) : NULL;
      g_autoptr(GPtrArray) keep = NULL;
      sqlite3_stmt *stmt;
      Binder b;

      if (message != NULL && message->content != NULL)
        continue;

      /* The messages with content before this one, together; then this one alone. */
      if (!write_message_rows (self, account_id, objects, run_start, i - run_start, error))
        return FALSE;
      run_start = i + 1;

      if (message == NULL)
        break;

      stmt = prepare (self, upsert_message_sql, error);
      if (stmt == NULL)
        return FALSE;

      keep = g_ptr_array_new_with_free_func (g_free);
      b = (Binder) { stmt, "Message", NULL };
      bind_message (&b, 0, account_id, message, keep);
      if (!binder_finish (&b, error) || !step_done (self, stmt, "Message", error))
        return FALSE;
      self->pending_messages++;
    }

  return TRUE;
}

static gboolean
upsert_messages (RpStoreDb   *self,
                 RpStoreJob  *job,
                 GError     **error)
{
  if (!write_messages (self, job->account_id, job->objects, 0, error))
    return FALSE;

  job->changes = RP_STORE_CHANGE_MESSAGES;
  job->changed_account = job->account_id;

  return TRUE;
}

static const char upsert_dispute_sql[] =
  "INSERT INTO disputes (account_id, issue_id, order_id, parent_order_id, buyer_login_id, "
  "  status, raw_status, reason, reason_id, detail_status, timeout_type, deadline, created_at, "
  "  modified_at, product_name, product_price_cents, product_price_currency, refund_max_cents, "
  "  refund_max_currency, has_detail) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
  "        ?19, ?20) "
  "ON CONFLICT (account_id, issue_id) DO UPDATE SET "
  "  order_id = coalesce (excluded.order_id, order_id), "
  "  parent_order_id = coalesce (excluded.parent_order_id, parent_order_id), "
  "  buyer_login_id = coalesce (excluded.buyer_login_id, buyer_login_id), "
  "  status = CASE WHEN excluded.raw_status IS NULL THEN status ELSE excluded.status END, "
  "  raw_status = coalesce (excluded.raw_status, raw_status), "
  "  reason = coalesce (excluded.reason, reason), "
  "  reason_id = coalesce (excluded.reason_id, reason_id), "
  DETAIL_ONLY ("detail_status")
  DETAIL_ONLY ("timeout_type")
  "  deadline = CASE WHEN excluded.has_detail OR excluded.deadline <> 0 "
  "    THEN excluded.deadline ELSE deadline END, "
  KEEP_IF_ZERO ("created_at")
  KEEP_IF_ZERO ("modified_at")
  "  product_name = coalesce (excluded.product_name, product_name), "
  DETAIL_ONLY ("product_price_cents")
  DETAIL_ONLY ("product_price_currency")
  DETAIL_ONLY ("refund_max_cents")
  DETAIL_ONLY ("refund_max_currency")
  "  has_detail = max (has_detail, excluded.has_detail) "
  "RETURNING id";

static gboolean
insert_solutions (RpStoreDb   *self,
                  gint64       account_id,
                  gint64       dispute_row,
                  const char  *party,
                  GPtrArray   *solutions,
                  GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO dispute_solutions (account_id, dispute_row, party, position, "
                  "  solution_id, solution_type, owner, status, is_default, refund_cents, "
                  "  refund_currency, content, created_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                  error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < solutions->len; i++)
    {
      const RpSolution *solution = g_ptr_array_index (solutions, i);
      Binder b = { stmt, "Dispute solution", NULL };

      bind_int (&b, 1, account_id);
      bind_int (&b, 2, dispute_row);
      bind_text (&b, 3, "party", party);
      bind_int (&b, 4, i);
      bind_text (&b, 5, "solution_id", solution->solution_id);
      bind_text (&b, 6, "solution_type", solution->solution_type);
      bind_text (&b, 7, "owner", solution->owner);
      bind_text (&b, 8, "status", solution->status);
      bind_int (&b, 9, solution->is_default ? 1 : 0);
      bind_money (&b, 10, "refund", &solution->refund);
      bind_text (&b, 12, "content", solution->content);
      bind_int (&b, 13, solution->created_at);
      if (!binder_finish (&b, error) || !step_done (self, stmt, "Dispute solution", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
replace_dispute_details (RpStoreDb   *self,
                         gint64       account_id,
                         gint64       dispute_row,
                         RpDispute   *dispute,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self, "DELETE FROM dispute_solutions WHERE dispute_row = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dispute_row);
  if (!step_done (self, stmt, "Dispute solutions", error))
    return FALSE;

  stmt = prepare (self, "DELETE FROM dispute_events WHERE dispute_row = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dispute_row);
  if (!step_done (self, stmt, "Dispute history", error))
    return FALSE;

  if (!insert_solutions (self, account_id, dispute_row, "buyer", dispute->buyer_solutions, error) ||
      !insert_solutions (self, account_id, dispute_row, "seller", dispute->seller_solutions,
                         error) ||
      !insert_solutions (self, account_id, dispute_row, "platform", dispute->platform_solutions,
                         error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO dispute_events (account_id, dispute_row, position, action_type, "
                  "  actor, content, at, attachments) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < dispute->history->len; i++)
    {
      const RpDisputeEvent *event = g_ptr_array_index (dispute->history, i);
      g_autofree char *attachments = join_strv (event->attachments);
      Binder b = { stmt, "Dispute event", NULL };

      bind_int (&b, 1, account_id);
      bind_int (&b, 2, dispute_row);
      bind_int (&b, 3, i);
      bind_text (&b, 4, "action_type", event->action_type);
      bind_text (&b, 5, "actor", event->actor);
      bind_text (&b, 6, "content", event->content);
      bind_int (&b, 7, event->at);
      bind_text (&b, 8, "attachments", attachments);
      if (!binder_finish (&b, error) || !step_done (self, stmt, "Dispute event", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
upsert_disputes (RpStoreDb   *self,
                 RpStoreJob  *job,
                 GError     **error)
{
  for (guint i = 0; i < job->objects->len; i++)
    {
      RpDispute *dispute = g_ptr_array_index (job->objects, i);
      sqlite3_stmt *stmt;
      gint64 dispute_row;
      gboolean row;
      Binder b;

      if (!RP_IS_DISPUTE (dispute))
        {
          g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                       "Item #%u of the page is not an RpDispute", i + 1);
          return FALSE;
        }

      if (!require_id (dispute->issue_id, "Dispute", i, error))
        return FALSE;

      stmt = prepare (self, upsert_dispute_sql, error);
      if (stmt == NULL)
        return FALSE;

      b = (Binder) { stmt, "Dispute", NULL };
      bind_int (&b, 1, job->account_id);
      bind_text (&b, 2, "issue_id", dispute->issue_id);
      bind_text (&b, 3, "order_id", dispute->order_id);
      bind_text (&b, 4, "parent_order_id", dispute->parent_order_id);
      bind_text (&b, 5, "buyer_login_id", dispute->buyer_login_id);
      bind_int (&b, 6, dispute->status);
      bind_text (&b, 7, "raw_status", dispute->raw_status);
      bind_text (&b, 8, "reason", dispute->reason);
      bind_text (&b, 9, "reason_id", dispute->reason_id);
      bind_text (&b, 10, "detail_status", dispute->detail_status);
      bind_text (&b, 11, "timeout_type", dispute->timeout_type);
      bind_int (&b, 12, dispute->deadline);
      bind_int (&b, 13, dispute->created_at);
      bind_int (&b, 14, dispute->modified_at);
      bind_text (&b, 15, "product_name", dispute->product_name);
      bind_money (&b, 16, "product_price", &dispute->product_price);
      bind_money (&b, 18, "refund_max", &dispute->refund_max);
      bind_int (&b, 20, dispute->has_detail ? 1 : 0);
      if (!binder_finish (&b, error))
        return FALSE;

      if (!step_row (self, stmt, &row, "Dispute", error))
        return FALSE;
      g_assert (row);
      dispute_row = rp_store_col_int (stmt, 0);
      if (!step_done (self, stmt, "Dispute", error))
        return FALSE;

      if (dispute->has_detail &&
          !replace_dispute_details (self, job->account_id, dispute_row, dispute, error))
        return FALSE;
    }

  job->changes = RP_STORE_CHANGE_DISPUTES;
  job->changed_account = job->account_id;

  return TRUE;
}

static const char upsert_shipment_sql[] =
  "INSERT INTO shipments (account_id, order_id, tracking_no, service_name, to_country, "
  "  shipped_at, received_at, receive_status, status, last_event_at, last_polled_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
  "ON CONFLICT (account_id, order_id, tracking_no) DO UPDATE SET "
  "  service_name = coalesce (excluded.service_name, service_name), "
  "  to_country = coalesce (excluded.to_country, to_country), "
  KEEP_IF_ZERO ("shipped_at")
  KEEP_IF_ZERO ("received_at")
  "  receive_status = coalesce (excluded.receive_status, receive_status), "
  "  status = excluded.status, "
  "  last_event_at = max (last_event_at, excluded.last_event_at), "
  "  last_polled_at = max (last_polled_at, excluded.last_polled_at) "
  "RETURNING id";

static gboolean
replace_tracking_events (RpStoreDb   *self,
                         gint64       account_id,
                         gint64       shipment_row,
                         RpShipment  *shipment,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self, "DELETE FROM tracking_events WHERE shipment_row = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, shipment_row);
  if (!step_done (self, stmt, "Tracking events", error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO tracking_events (account_id, shipment_row, position, at, "
                  "  description, address, action_code) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < shipment->events->len; i++)
    {
      const RpTrackingEvent *event = g_ptr_array_index (shipment->events, i);
      Binder b = { stmt, "Tracking event", NULL };

      bind_int (&b, 1, account_id);
      bind_int (&b, 2, shipment_row);
      bind_int (&b, 3, i);
      bind_int (&b, 4, event->at);
      bind_text (&b, 5, "description", event->description);
      bind_text (&b, 6, "address", event->address);
      bind_text (&b, 7, "action_code", event->action_code);
      if (!binder_finish (&b, error) || !step_done (self, stmt, "Tracking event", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
upsert_shipments (RpStoreDb   *self,
                  RpStoreJob  *job,
                  GError     **error)
{
  for (guint i = 0; i < job->objects->len; i++)
    {
      RpShipment *shipment = g_ptr_array_index (job->objects, i);
      sqlite3_stmt *stmt;
      gint64 shipment_row;
      gboolean row;
      Binder b;

      if (!RP_IS_SHIPMENT (shipment))
        {
          g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                       "Item #%u of the page is not an RpShipment", i + 1);
          return FALSE;
        }

      if (!require_id (shipment->order_id, "Shipment order", i, error) ||
          !require_id (shipment->tracking_no, "Shipment tracking number", i, error))
        return FALSE;

      stmt = prepare (self, upsert_shipment_sql, error);
      if (stmt == NULL)
        return FALSE;

      b = (Binder) { stmt, "Shipment", NULL };
      bind_int (&b, 1, job->account_id);
      bind_text (&b, 2, "order_id", shipment->order_id);
      bind_text (&b, 3, "tracking_no", shipment->tracking_no);
      bind_text (&b, 4, "service_name", shipment->service_name);
      bind_text (&b, 5, "to_country", shipment->to_country);
      bind_int (&b, 6, shipment->shipped_at);
      bind_int (&b, 7, shipment->received_at);
      bind_text (&b, 8, "receive_status", shipment->receive_status);
      bind_int (&b, 9, shipment->status);
      bind_int (&b, 10, shipment->last_event_at);
      bind_int (&b, 11, shipment->last_polled_at);
      if (!binder_finish (&b, error))
        return FALSE;

      if (!step_row (self, stmt, &row, "Shipment", error))
        return FALSE;
      g_assert (row);
      shipment_row = rp_store_col_int (stmt, 0);
      if (!step_done (self, stmt, "Shipment", error))
        return FALSE;

      if (shipment->events->len > 0 &&
          !replace_tracking_events (self, job->account_id, shipment_row, shipment, error))
        return FALSE;
    }

  job->changes = RP_STORE_CHANGE_SHIPMENTS;
  job->changed_account = job->account_id;

  return TRUE;
}

#define OUTBOX_COLUMNS \
  "id, account_id, kind, target_id, payload, state, attempts, last_error, ambiguous, " \
  "created_at, not_before, sent_at, remote_id, keeps_quiet_hours"

static RpOutboxItem *
read_outbox_item (sqlite3_stmt *stmt)
{
  RpOutboxKind kind = RP_OUTBOX_KIND_MESSAGE;
  RpOutboxState state = RP_OUTBOX_FAILED_PERMANENT;
  RpOutboxItem *item;

  /* An unknown kind or state can only come from a newer writer; it is shown, not sent. */
  if (!rp_outbox_kind_from_string ((const char *)sqlite3_column_text (stmt, 2), &kind))
    g_warning ("Outbox item %" G_GINT64_FORMAT " has an unknown kind", rp_store_col_int (stmt, 0));

  item = rp_outbox_item_new (kind, rp_store_col_int (stmt, 1),
                             (const char *)sqlite3_column_text (stmt, 3),
                             (const char *)sqlite3_column_text (stmt, 4));
  item->id = rp_store_col_int (stmt, 0);
  rp_outbox_state_from_string ((const char *)sqlite3_column_text (stmt, 5), &state);
  item->state = state;
  item->attempts = rp_store_col_int (stmt, 6);
  item->last_error = rp_store_col_text (stmt, 7);
  item->ambiguous = rp_store_col_int (stmt, 8) != 0;
  item->created_at = rp_store_col_int (stmt, 9);
  item->not_before = rp_store_col_int (stmt, 10);
  item->sent_at = rp_store_col_int (stmt, 11);
  item->remote_id = rp_store_col_text (stmt, 12);
  item->keeps_quiet_hours = rp_store_col_int (stmt, 13) != 0;

  return item;
}

/* Single reads */

static gboolean
get_order (RpStoreDb   *self,
           RpStoreJob  *job,
           GError     **error)
{
  g_autoptr(RpOrder) order = NULL;
  sqlite3_stmt *stmt;
  gint64 order_row;
  gboolean row;
  int rc;

  stmt = prepare (self,
                  "SELECT " RP_STORE_ORDER_COLUMNS " FROM orders o "
                  "WHERE o.account_id = ?1 AND o.order_id = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->account_id);
  sqlite3_bind_text (stmt, 2, job->str1, -1, SQLITE_STATIC);
  if (!step_row (self, stmt, &row, "Reading an order", error))
    return FALSE;
  if (!row)
    return TRUE;

  order = rp_store_read_order (stmt);
  order_row = rp_store_col_int (stmt, 0);
  sqlite3_reset (stmt);

  stmt = prepare (self,
                  "SELECT child_id, product_id, title, variant, sku, quantity, "
                  "  unit_price_cents, unit_price_currency, image_url, memo "
                  "FROM order_items WHERE order_row = ?1 ORDER BY position",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, order_row);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RpOrderItem *item = rp_order_item_new ();

      item->child_id = rp_store_col_text (stmt, 0);
      item->product_id = rp_store_col_text (stmt, 1);
      item->title = rp_store_col_text (stmt, 2);
      item->variant = rp_store_col_text (stmt, 3);
      item->sku = rp_store_col_text (stmt, 4);
      item->quantity = rp_store_col_int (stmt, 5);
      rp_store_col_money (stmt, 6, &item->unit_price);
      item->image_url = rp_store_col_text (stmt, 8);
      item->memo = rp_store_col_text (stmt, 9);
      g_ptr_array_add (order->items, item);
    }

  if (!check_done (self, stmt, rc, "Reading order items", error))
    return FALSE;

  job->result = g_steal_pointer (&order);
  job->result_free = g_object_unref;

  return TRUE;
}

static gboolean
get_conversation (RpStoreDb   *self,
                  RpStoreJob  *job,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean row;

  stmt = prepare (self,
                  "SELECT " RP_STORE_CONVERSATION_COLUMNS " FROM conversations c "
                  "WHERE c.account_id = ?1 AND c.channel_id = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->account_id);
  sqlite3_bind_text (stmt, 2, job->str1, -1, SQLITE_STATIC);
  if (!step_row (self, stmt, &row, "Reading a conversation", error))
    return FALSE;

  if (row)
    {
      job->result = rp_store_read_conversation (stmt);
      job->result_free = g_object_unref;
      sqlite3_reset (stmt);
    }

  return TRUE;
}

static GPtrArray *
dispute_party (RpDispute  *dispute,
               const char *party)
{
  if (g_strcmp0 (party, "buyer") == 0)
    return dispute->buyer_solutions;
  if (g_strcmp0 (party, "seller") == 0)
    return dispute->seller_solutions;
  return dispute->platform_solutions;
}

static gboolean
get_dispute (RpStoreDb   *self,
             RpStoreJob  *job,
             GError     **error)
{
  g_autoptr(RpDispute) dispute = NULL;
  sqlite3_stmt *stmt;
  gint64 dispute_row;
  gboolean row;
  int rc;

  stmt = prepare (self,
                  "SELECT " RP_STORE_DISPUTE_COLUMNS " FROM disputes d "
                  "WHERE d.account_id = ?1 AND d.issue_id = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->account_id);
  sqlite3_bind_text (stmt, 2, job->str1, -1, SQLITE_STATIC);
  if (!step_row (self, stmt, &row, "Reading a dispute", error))
    return FALSE;
  if (!row)
    return TRUE;

  dispute = rp_store_read_dispute (stmt);
  dispute_row = rp_store_col_int (stmt, 0);
  sqlite3_reset (stmt);

  stmt = prepare (self,
                  "SELECT party, solution_id, solution_type, owner, status, is_default, "
                  "  refund_cents, refund_currency, content, created_at "
                  "FROM dispute_solutions WHERE dispute_row = ?1 ORDER BY party, position",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, dispute_row);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RpSolution *solution = rp_solution_new ();

      solution->solution_id = rp_store_col_text (stmt, 1);
      solution->solution_type = rp_store_col_text (stmt, 2);
      solution->owner = rp_store_col_text (stmt, 3);
      solution->status = rp_store_col_text (stmt, 4);
      solution->is_default = rp_store_col_int (stmt, 5) != 0;
      rp_store_col_money (stmt, 6, &solution->refund);
      solution->content = rp_store_col_text (stmt, 8);
      solution->created_at = rp_store_col_int (stmt, 9);
      g_ptr_array_add (dispute_party (dispute, (const char *)sqlite3_column_text (stmt, 0)),
                       solution);
    }

  if (!check_done (self, stmt, rc, "Reading dispute solutions", error))
    return FALSE;

  stmt = prepare (self,
                  "SELECT action_type, actor, content, at, attachments "
                  "FROM dispute_events WHERE dispute_row = ?1 ORDER BY position",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, dispute_row);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RpDisputeEvent *event = rp_dispute_event_new ();

      event->action_type = rp_store_col_text (stmt, 0);
      event->actor = rp_store_col_text (stmt, 1);
      event->content = rp_store_col_text (stmt, 2);
      event->at = rp_store_col_int (stmt, 3);
      event->attachments = rp_store_col_strv (stmt, 4);
      g_ptr_array_add (dispute->history, event);
    }

  if (!check_done (self, stmt, rc, "Reading dispute history", error))
    return FALSE;

  job->result = g_steal_pointer (&dispute);
  job->result_free = g_object_unref;

  return TRUE;
}

static gboolean
list_messages (RpStoreDb   *self,
               RpStoreJob  *job,
               GError     **error)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self,
                  "SELECT " RP_STORE_MESSAGE_COLUMNS " FROM " RP_STORE_MESSAGE_FROM " "
                  "WHERE m.account_id = ?1 AND m.channel_id = ?2 ORDER BY m.sent_at, m.id",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->account_id);
  sqlite3_bind_text (stmt, 2, job->str1, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, rp_store_read_message (stmt));

  if (!check_done (self, stmt, rc, "Listing messages", error))
    return FALSE;

  job->result = g_steal_pointer (&messages);
  job->result_free = (GDestroyNotify)g_ptr_array_unref;

  return TRUE;
}

/* Steps @stmt to its end: each row's shipment into @shipments, its row id into @rows. */
static gboolean
read_shipment_rows (RpStoreDb     *self,
                    sqlite3_stmt  *stmt,
                    GPtrArray     *shipments,
                    GArray        *rows,
                    GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row = rp_store_col_int (stmt, 0);

      g_ptr_array_add (shipments, rp_store_read_shipment (stmt));
      g_array_append_val (rows, row);
    }

  return check_done (self, stmt, rc, "Listing shipments", error);
}

static gboolean
list_shipments (RpStoreDb   *self,
                RpStoreJob  *job,
                GError     **error)
{
  g_autoptr(GPtrArray) shipments = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (job->kind == RP_STORE_JOB_LIST_OPEN_SHIPMENTS)
    {
      /* Parcels still to track: not delivered, or delivered without a timeline yet, and
       * not asked about since @time_arg. */
      stmt = prepare (self,
                      "SELECT " RP_STORE_SHIPMENT_COLUMNS " FROM shipments s "
                      "WHERE s.account_id = ?1 AND s.last_polled_at < ?2 "
                      "AND (s.status != ?3 OR NOT EXISTS "
                      "     (SELECT 1 FROM tracking_events e WHERE e.shipment_row = s.id)) "
                      "ORDER BY s.last_polled_at, s.id",
                      error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, job->account_id);
      sqlite3_bind_int64 (stmt, 2, job->time_arg);
      sqlite3_bind_int64 (stmt, 3, RP_TRACKING_DELIVERED);
      if (!read_shipment_rows (self, stmt, shipments, rows, error))
        return FALSE;
    }
  else
    {
      /* The parcels of the orders in job->strv, order by order. */
      stmt = prepare (self,
                      "SELECT " RP_STORE_SHIPMENT_COLUMNS " FROM shipments s "
                      /* The unary + keeps the planner on the (account, order) key: left
                       * to itself it walks shipments_by_shipped for the ORDER BY, which
                       * reads every parcel of the account for each order (30 ms at 60,000). */
                      "WHERE s.account_id = ?1 AND s.order_id = ?2 ORDER BY +s.shipped_at, +s.id",
                      error);
      if (stmt == NULL)
        return FALSE;

      for (guint i = 0; job->strv[i] != NULL; i++)
        {
          sqlite3_reset (stmt);
          sqlite3_bind_int64 (stmt, 1, job->account_id);
          sqlite3_bind_text (stmt, 2, job->strv[i], -1, SQLITE_STATIC);
          if (!read_shipment_rows (self, stmt, shipments, rows, error))
            return FALSE;
        }
    }

  stmt = prepare (self,
                  "SELECT at, description, address, action_code FROM tracking_events "
                  "WHERE shipment_row = ?1 ORDER BY position",
                  error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < shipments->len; i++)
    {
      RpShipment *shipment = g_ptr_array_index (shipments, i);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, g_array_index (rows, gint64, i));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          RpTrackingEvent *event = rp_tracking_event_new ();

          event->at = rp_store_col_int (stmt, 0);
          event->description = rp_store_col_text (stmt, 1);
          event->address = rp_store_col_text (stmt, 2);
          event->action_code = rp_store_col_text (stmt, 3);
          g_ptr_array_add (shipment->events, event);
        }

      if (!check_done (self, stmt, rc, "Reading tracking events", error))
        return FALSE;
    }

  job->result = g_steal_pointer (&shipments);
  job->result_free = (GDestroyNotify)g_ptr_array_unref;

  return TRUE;
}

static const char *
table_for_change (RpStoreChange kind)
{
  switch (kind)
    {
    case RP_STORE_CHANGE_ACCOUNTS: return "accounts";
    case RP_STORE_CHANGE_ORDERS: return "orders";
    case RP_STORE_CHANGE_CONVERSATIONS: return "conversations";
    case RP_STORE_CHANGE_MESSAGES: return "messages";
    case RP_STORE_CHANGE_DISPUTES: return "disputes";
    case RP_STORE_CHANGE_SHIPMENTS: return "shipments";
    case RP_STORE_CHANGE_OUTBOX: return "outbox";
    case RP_STORE_CHANGE_ORDER_STATE: return "order_state";
    case RP_STORE_CHANGE_CURSORS: return "sync_cursors";
    default: return NULL;
    }
}

static gboolean
count_rows (RpStoreDb   *self,
            RpStoreJob  *job,
            GError     **error)
{
  const char *table = table_for_change (job->int_arg);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean row;

  if (table == NULL)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                   "Cannot count rows of kind %" G_GINT64_FORMAT, job->int_arg);
      return FALSE;
    }

  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE ?1 = 0 OR %s = ?1", table,
                         job->int_arg == RP_STORE_CHANGE_ACCOUNTS ? "id" : "account_id");
  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->account_id);
  if (!step_row (self, stmt, &row, "Counting rows", error))
    return FALSE;

  job->result_int = rp_store_col_int (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
dump_table (RpStoreDb   *self,
            RpStoreJob  *job,
            GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) order_by = g_string_new (NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean row;
  int n_columns;
  int rc;

  /* Only a real table of the schema, by its exact name: the name is never trusted into SQL
   * before this check. */
  stmt = prepare (self,
                  "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1 "
                  "  AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'messages_fts%'",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, job->str1, -1, SQLITE_STATIC);
  if (!step_row (self, stmt, &row, "Looking up a table", error))
    return FALSE;
  if (rp_store_col_int (stmt, 0) != 1)
    {
      sqlite3_reset (stmt);
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_FOUND,
                   "There is no table “%s”", job->str1);
      return FALSE;
    }
  sqlite3_reset (stmt);

  stmt = prepare (self,
                  "SELECT name FROM pragma_table_info (?1) WHERE pk > 0 ORDER BY pk",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, job->str1, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (order_by, "%s\"%s\"", order_by->len > 0 ? ", " : "",
                            (const char *)sqlite3_column_text (stmt, 0));
  if (!check_done (self, stmt, rc, "Reading a table's key", error))
    return FALSE;

  sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY %s", job->str1,
                         order_by->len > 0 ? order_by->str : "rowid");
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, "Dumping a table");
      return FALSE;
    }

  n_columns = sqlite3_column_count (stmt);
  for (int i = 0; i < n_columns; i++)
    g_ptr_array_add (columns, g_strdup (sqlite3_column_name (stmt, i)));
  g_ptr_array_add (columns, NULL);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      /* Not a GStrv: a NULL value in the middle of a row must not end it. */
      GPtrArray *values = g_ptr_array_new_full (n_columns, g_free);

      for (int i = 0; i < n_columns; i++)
        g_ptr_array_add (values, rp_store_col_text (stmt, i));
      g_ptr_array_add (rows, values);
    }

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, "Dumping a table");
      return FALSE;
    }

  job->result = g_steal_pointer (&rows);
  job->result_free = (GDestroyNotify)g_ptr_array_unref;
  job->result_strv = (GStrv)g_ptr_array_free (g_steal_pointer (&columns), FALSE);

  return TRUE;
}

/* Local state and cursors */

static gboolean
set_order_state (RpStoreDb   *self,
                 RpStoreJob  *job,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  Binder b;

  if (job->str3 == NULL)
    stmt = prepare (self,
                    "DELETE FROM order_state WHERE account_id = ?1 AND order_id = ?2 "
                    "  AND key = ?3",
                    error);
  else
    stmt = prepare (self,
                    "INSERT INTO order_state (account_id, order_id, key, value, updated_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5) "
                    "ON CONFLICT (account_id, order_id, key) DO UPDATE SET "
                    "  value = excluded.value, updated_at = excluded.updated_at",
                    error);
  if (stmt == NULL)
    return FALSE;

  b = (Binder) { stmt, "Order state", NULL };
  bind_int (&b, 1, job->account_id);
  bind_text (&b, 2, "order_id", job->str1);
  bind_text (&b, 3, "key", job->str2);
  if (job->str3 != NULL)
    {
      bind_text (&b, 4, "value", job->str3);
      bind_int (&b, 5, now_usec ());
    }
  if (!binder_finish (&b, error) || !step_done (self, stmt, "Order state", error))
    return FALSE;

  job->changes = RP_STORE_CHANGE_ORDER_STATE | RP_STORE_CHANGE_ORDERS;
  job->changed_account = job->account_id;

  return TRUE;
}

static gboolean
get_single_text (RpStoreDb   *self,
                 RpStoreJob  *job,
                 const char  *sql,
                 GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  gboolean row;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->account_id);
  sqlite3_bind_text (stmt, 2, job->str1, -1, SQLITE_STATIC);
  if (job->str2 != NULL)
    sqlite3_bind_text (stmt, 3, job->str2, -1, SQLITE_STATIC);
  if (!step_row (self, stmt, &row, "Reading local state", error))
    return FALSE;

  if (row)
    {
      job->result = rp_store_col_text (stmt, 0);
      job->result_free = g_free;
      sqlite3_reset (stmt);
    }

  return TRUE;
}

static gboolean
get_order_state (RpStoreDb   *self,
                 RpStoreJob  *job,
                 GError     **error)
{
  return get_single_text (self, job,
                          "SELECT value FROM order_state "
                          "WHERE account_id = ?1 AND order_id = ?2 AND key = ?3",
                          error);
}

static gboolean
set_cursor (RpStoreDb   *self,
            RpStoreJob  *job,
            GError     **error)
{
  sqlite3_stmt *stmt;
  Binder b;

  if (job->str2 == NULL)
    stmt = prepare (self, "DELETE FROM sync_cursors WHERE account_id = ?1 AND resource = ?2",
                    error);
  else
    stmt = prepare (self,
                    "INSERT INTO sync_cursors (account_id, resource, value, updated_at) "
                    "VALUES (?1, ?2, ?3, ?4) "
                    "ON CONFLICT (account_id, resource) DO UPDATE SET "
                    "  value = excluded.value, updated_at = excluded.updated_at",
                    error);
  if (stmt == NULL)
    return FALSE;

  b = (Binder) { stmt, "Sync cursor", NULL };
  bind_int (&b, 1, job->account_id);
  bind_text (&b, 2, "resource", job->str1);
  if (job->str2 != NULL)
    {
      bind_text (&b, 3, "value", job->str2);
      bind_int (&b, 4, now_usec ());
    }
  if (!binder_finish (&b, error) || !step_done (self, stmt, "Sync cursor", error))
    return FALSE;

  job->changes = RP_STORE_CHANGE_CURSORS;
  job->changed_account = job->account_id;

  return TRUE;
}

static gboolean
get_cursor (RpStoreDb   *self,
            RpStoreJob  *job,
            GError     **error)
{
  return get_single_text (self, job,
                          "SELECT value FROM sync_cursors WHERE account_id = ?1 AND resource = ?2",
                          error);
}

/* Notices */

static gboolean
notices_list (RpStoreDb   *self,
              RpStoreJob  *job,
              GError     **error)
{
  g_autoptr(GHashTable) notices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self, "SELECT key, fired_at FROM notices WHERE account_id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->account_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *key = rp_store_col_text (stmt, 0);

      if (key != NULL)
        {
          gint64 at = rp_store_col_int (stmt, 1);

          g_hash_table_insert (notices, key, g_memdup2 (&at, sizeof at));
        }
    }
  if (!check_done (self, stmt, rc, "Listing notices", error))
    return FALSE;

  job->result = g_steal_pointer (&notices);
  job->result_free = (GDestroyNotify)g_hash_table_unref;

  return TRUE;
}

static gboolean
notice_add (RpStoreDb   *self,
            RpStoreJob  *job,
            GError     **error)
{
  sqlite3_stmt *stmt;
  Binder b;

  stmt = prepare (self,
                  "INSERT OR IGNORE INTO notices (account_id, key, fired_at) VALUES (?1, ?2, ?3)",
                  error);
  if (stmt == NULL)
    return FALSE;

  b = (Binder) { stmt, "Notice", NULL };
  bind_int (&b, 1, job->account_id);
  bind_text (&b, 2, "key", job->str1);
  bind_int (&b, 3, job->time_arg);

  return binder_finish (&b, error) && step_done (self, stmt, "Notice", error);
}

static gboolean
notices_prune (RpStoreDb   *self,
               RpStoreJob  *job,
               GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM notices WHERE fired_at < ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->time_arg);
  if (!step_done (self, stmt, "Pruning notices", error))
    return FALSE;
  job->result_int = sqlite3_changes (self->db);

  return TRUE;
}

/* Search */

/**
 * rp_store_build_fts_query:
 * @user_text: what the seller typed
 *
 * Turns user input into an FTS5 query that can only mean "these words": every
 * whitespace-separated token becomes a quoted string (inner quotes doubled) and the last one
 * a prefix match.  Operators (AND, OR, NOT, NEAR), column filters (x:), `*`, `^`, `-`,
 * parentheses and quotes in the input are plain text.  Tokens without a letter or digit are
 * dropped (they would match nothing).
 *
 * Returns: (transfer full) (nullable): the query, or NULL when nothing is left to search
 */
char *
rp_store_build_fts_query (const char *user_text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) spaced = g_string_new (NULL);
  g_autofree char *valid = NULL;
  g_auto(GStrv) tokens = NULL;
  guint n_terms = 0;
  const char *p;

  if (user_text == NULL)
    return NULL;

  valid = g_utf8_make_valid (user_text, MIN (strlen (user_text), 1024));

  /* Split on any Unicode space (an ideographic space, a no-break space), not only ASCII. */
  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F)
        g_string_append_c (spaced, ' ');
      else
        g_string_append_unichar (spaced, c);
    }
  tokens = g_strsplit (spaced->str, " ", -1);

  for (guint i = 0; tokens[i] != NULL && n_terms < 32; i++)
    {
      gboolean has_word = FALSE;

      for (p = tokens[i]; *p != '\0' && !has_word; p = g_utf8_next_char (p))
        has_word = g_unichar_isalnum (g_utf8_get_char (p));

      if (!has_word)
        continue;

      if (query->len > 0)
        g_string_append_c (query, ' ');
      g_string_append_c (query, '"');
      for (p = tokens[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append_c (query, '"');
      n_terms++;
    }

  if (n_terms == 0)
    return NULL;

  g_string_append_c (query, '*');

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* highlight() wraps matches in \1 … \2 (characters the FTS copy never contains); this strips
 * them and returns the byte ranges of the matches in the stripped text. */
static char *
parse_highlight (const char  *marked,
                 GArray     **out_ranges)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (RpStoreRange));
  GString *text = g_string_new (NULL);
  RpStoreRange range = { 0, 0 };

  for (const char *p = marked != NULL ? marked : ""; *p != '\0'; p++)
    {
      if (*p == '\001')
        range.start = text->len;
      else if (*p == '\002')
        {
          range.end = text->len;
          g_array_append_val (ranges, range);
        }
      else
        g_string_append_c (text, *p);
    }

  *out_ranges = ranges;

  return g_string_free (text, FALSE);
}

static gboolean
search_messages (RpStoreDb   *self,
                 RpStoreJob  *job,
                 GError     **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) index_error = NULL;
  g_autofree char *query = rp_store_build_fts_query (job->str1);
  sqlite3_stmt *stmt;
  int rc;

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify)rp_store_search_hit_free);
  job->result_free = (GDestroyNotify)g_ptr_array_unref;

  /* Messages written a moment ago, here or by another process, are found too.  When the
   * index cannot be brought up to date (another process holds the cache's write lock for
   * long), the search still answers from the index as it is. */
  self->maybe_pending = TRUE;
  if (!rp_store_db_index_pending (self, &index_error))
    g_warning ("Searching without the latest messages: %s", index_error->message);

  if (query == NULL)
    {
      job->result = g_steal_pointer (&hits);
      return TRUE;
    }

  /* Newest stored first: FTS5 walks rowids backwards and stops at the limit, so the cost
   * does not grow with the number of matches (ranking all of them by bm25 would). */
  stmt = prepare (self,
                  "SELECT " RP_STORE_MESSAGE_COLUMNS ", "
                  "  highlight (messages_fts, 0, char (1), char (2)), "
                  "  highlight (messages_fts, 1, char (1), char (2)) "
                  "FROM messages_fts f JOIN messages m ON m.id = f.rowid "
                  "  LEFT JOIN outbox ob ON ob.id = m.outbox_id "
                  "WHERE messages_fts MATCH ?1 AND (?2 = 0 OR m.account_id = ?2) "
                  "ORDER BY f.rowid DESC LIMIT ?3",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, job->account_id);
  sqlite3_bind_int64 (stmt, 3, job->int_arg > 0 ? job->int_arg : 50);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RpStoreSearchHit *hit = g_new0 (RpStoreSearchHit, 1);
      g_autofree char *content = NULL;

      hit->message = rp_store_read_message (stmt);
      content = parse_highlight ((const char *)sqlite3_column_text (stmt, RP_STORE_MESSAGE_N_COLUMNS),
                                 &hit->content_ranges);
      hit->buyer_name =
        parse_highlight ((const char *)sqlite3_column_text (stmt, RP_STORE_MESSAGE_N_COLUMNS + 1),
                         &hit->buyer_name_ranges);
      g_ptr_array_add (hits, hit);
    }

  if (!check_done (self, stmt, rc, "Searching messages", error))
    return FALSE;

  job->result = g_steal_pointer (&hits);

  return TRUE;
}

/* Outbox */

static gboolean
outbox_enqueue (RpStoreDb   *self,
                RpStoreJob  *job,
                GError     **error)
{
  RpOutboxItem *item = RP_OUTBOX_ITEM (job->object);
  RpMessage *echo = job->object2 != NULL ? RP_MESSAGE (job->object2) : NULL;
  const char *kind = rp_outbox_kind_to_string (item->kind);
  gint64 created_at = item->created_at != 0 ? item->created_at : now_usec ();
  gboolean scheduled = item->state == RP_OUTBOX_SCHEDULED;
  sqlite3_stmt *stmt;
  gint64 id;
  Binder b;

  if (kind == NULL)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                   "Unknown outbox item kind %d", item->kind);
      return FALSE;
    }

  if (item->target_id == NULL || *item->target_id == '\0' || item->payload == NULL)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                   "An outbox item needs a target and a payload");
      return FALSE;
    }

  stmt = prepare (self,
                  "INSERT INTO outbox (account_id, kind, target_id, payload, state, created_at, "
                  "  not_before, keeps_quiet_hours) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  error);
  if (stmt == NULL)
    return FALSE;

  b = (Binder) { stmt, "Outbox item", NULL };
  bind_int (&b, 1, item->account_id);
  bind_text (&b, 2, "kind", kind);
  bind_text (&b, 3, "target_id", item->target_id);
  bind_text (&b, 4, "payload", item->payload);
  bind_text (&b, 5, "state", scheduled ? "scheduled" : "queued");
  bind_int (&b, 6, created_at);
  bind_int (&b, 7, item->not_before);
  bind_int (&b, 8, scheduled ? 1 : 0);
  if (!binder_finish (&b, error) || !step_done (self, stmt, "Queueing an outbox item", error))
    return FALSE;

  id = sqlite3_last_insert_rowid (self->db);
  job->changes = RP_STORE_CHANGE_OUTBOX;
  job->changed_account = item->account_id;

  if (echo != NULL)
    {
      const char *channel_id = echo->channel_id != NULL ? echo->channel_id : item->target_id;
      gint64 sent_at = echo->sent_at != 0 ? echo->sent_at : created_at;
      g_autofree char *image_urls = join_strv (echo->image_urls);

      stmt = prepare (self,
                      "INSERT INTO messages (account_id, message_id, channel_id, "
                      "  sender_login_id, sender_name, is_own, content, sent_at, message_type, "
                      "  extern_id, image_urls, outbox_id) "
                      "VALUES (?1, NULL, ?2, ?3, ?4, 1, coalesce (?5, ''), ?6, ?7, ?8, ?9, ?10)",
                      error);
      if (stmt == NULL)
        return FALSE;

      b = (Binder) { stmt, "Local echo", NULL };
      bind_int (&b, 1, item->account_id);
      bind_text (&b, 2, "channel_id", channel_id);
      bind_text (&b, 3, "sender_login_id", echo->sender_login_id);
      bind_text (&b, 4, "sender_name", echo->sender_name);
      bind_text (&b, 5, "content", echo->content);
      bind_int (&b, 6, sent_at);
      bind_text (&b, 7, "message_type", echo->message_type);
      bind_text (&b, 8, "extern_id", echo->extern_id);
      bind_text (&b, 9, "image_urls", image_urls);
      bind_int (&b, 10, id);
      if (!binder_finish (&b, error) || !step_done (self, stmt, "Local echo", error))
        return FALSE;

      stmt = prepare (self,
                      "UPDATE conversations SET last_message_at = ?3, "
                      "  last_message_text = coalesce (?4, ''), last_message_is_own = 1 "
                      "WHERE account_id = ?1 AND channel_id = ?2 AND last_message_at <= ?3",
                      error);
      if (stmt == NULL)
        return FALSE;

      b = (Binder) { stmt, "Local echo", NULL };
      bind_int (&b, 1, item->account_id);
      bind_text (&b, 2, "channel_id", channel_id);
      bind_int (&b, 3, sent_at);
      bind_text (&b, 4, "content", echo->content);
      if (!binder_finish (&b, error) || !step_done (self, stmt, "Local echo", error))
        return FALSE;

      job->changes |= RP_STORE_CHANGE_MESSAGES | RP_STORE_CHANGE_CONVERSATIONS;
    }

  /* The local echo of flag changes; the value of a rank lives in the opaque payload, so the
   * caller shows that one itself until the pull confirms it. */
  if (item->kind == RP_OUTBOX_KIND_MARK_READ || item->kind == RP_OUTBOX_KIND_MARK_PROCESSED)
    {
      stmt = prepare (self,
                      item->kind == RP_OUTBOX_KIND_MARK_READ
                      ? "UPDATE conversations SET read = 1, unread_count = 0 "
                        "WHERE account_id = ?1 AND channel_id = ?2"
                      /* Marked processed or not processed again: the payload's "flag". */
                      : "UPDATE conversations SET processed = CASE WHEN json_valid (?3) "
                        "  THEN coalesce (json_extract (?3, '$.flag'), 1) ELSE 1 END "
                        "WHERE account_id = ?1 AND channel_id = ?2",
                      error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, item->account_id);
      sqlite3_bind_text (stmt, 2, item->target_id, -1, SQLITE_STATIC);
      if (item->kind == RP_OUTBOX_KIND_MARK_PROCESSED)
        sqlite3_bind_text (stmt, 3, item->payload, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, "Local echo", error))
        return FALSE;

      job->changes |= RP_STORE_CHANGE_CONVERSATIONS;
    }

  job->result_int = id;

  return TRUE;
}

static gboolean
outbox_claim (RpStoreDb   *self,
              RpStoreJob  *job,
              GError     **error)
{
  g_autoptr(RpOutboxItem) item = NULL;
  sqlite3_stmt *stmt;
  gboolean row;

  /* Oldest first, and never past an older pending item of the same target: messages of a
   * conversation go out in the order they were written. */
  stmt = prepare (self,
                  "SELECT " OUTBOX_COLUMNS " FROM outbox o "
                  "WHERE o.state IN ('queued', 'failed-retryable', 'scheduled') "
                  "  AND o.not_before <= ?1 AND (?2 = 0 OR o.account_id = ?2) "
                  "  AND NOT EXISTS (SELECT 1 FROM outbox p "
                  "                  WHERE p.account_id = o.account_id "
                  "                    AND p.target_id = o.target_id AND p.id < o.id "
                  "                    AND p.state IN " PENDING_STATES ") "
                  "ORDER BY o.id LIMIT 1",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->time_arg);
  sqlite3_bind_int64 (stmt, 2, job->account_id);
  if (!step_row (self, stmt, &row, "Claiming an outbox item", error))
    return FALSE;
  if (!row)
    return TRUE;

  item = read_outbox_item (stmt);
  sqlite3_reset (stmt);

  stmt = prepare (self,
                  "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, item->id);
  if (!step_done (self, stmt, "Claiming an outbox item", error))
    return FALSE;

  item->state = RP_OUTBOX_SENDING;
  item->attempts++;

  job->changes = RP_STORE_CHANGE_OUTBOX | RP_STORE_CHANGE_MESSAGES;
  job->changed_account = item->account_id;
  job->result = g_steal_pointer (&item);
  job->result_free = g_object_unref;

  return TRUE;
}

/* Which transitions the state machine of DESIGN §5 allows.  SENDING is entered only through
 * a claim; SENT is final. */
static gboolean
transition_allowed (RpOutboxState from,
                    RpOutboxState to)
{
  switch (to)
    {
    case RP_OUTBOX_SENT:
      /* After an ambiguous failure the engine may find the message on the server. */
      return from == RP_OUTBOX_SENDING || from == RP_OUTBOX_FAILED_RETRYABLE;

    case RP_OUTBOX_FAILED_RETRYABLE:
      return from == RP_OUTBOX_SENDING || from == RP_OUTBOX_FAILED_RETRYABLE;

    case RP_OUTBOX_FAILED_PERMANENT:
      return from != RP_OUTBOX_SENT;

    case RP_OUTBOX_QUEUED:
    case RP_OUTBOX_SCHEDULED:
      return from != RP_OUTBOX_SENT;

    case RP_OUTBOX_SENDING:
    default:
      return FALSE;
    }
}

/* The guard rp_store_outbox_reschedule_sync() puts in a set-state job's str3 (rp-store.c
 * and rp-store-db.c agree on it). */
#define RP_STORE_OUTBOX_ONLY_WAITING "only-waiting"

static gboolean
outbox_set_state (RpStoreDb   *self,
                  RpStoreJob  *job,
                  GError     **error)
{
  g_autoptr(RpOutboxItem) item = NULL;
  RpOutboxState to = job->int_arg;
  sqlite3_stmt *stmt;
  gboolean row;
  Binder b;

  stmt = prepare (self, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->id);
  if (!step_row (self, stmt, &row, "Reading an outbox item", error))
    return FALSE;
  if (!row)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_FOUND,
                   "There is no outbox item %" G_GINT64_FORMAT, job->id);
      return FALSE;
    }

  item = read_outbox_item (stmt);
  sqlite3_reset (stmt);

  if (rp_outbox_state_to_string (to) == NULL || !transition_allowed (item->state, to))
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                   "Outbox item %" G_GINT64_FORMAT " cannot go from %s to %s", job->id,
                   rp_outbox_state_to_string (item->state),
                   rp_outbox_state_to_string (to) ?: "an unknown state");
      return FALSE;
    }

  /* rp_store_outbox_reschedule_sync(): only an item that is still waiting moves. */
  if (g_strcmp0 (job->str3, RP_STORE_OUTBOX_ONLY_WAITING) == 0 &&
      item->state != RP_OUTBOX_QUEUED && item->state != RP_OUTBOX_SCHEDULED)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                   "Outbox item %" G_GINT64_FORMAT " is %s, no longer waiting to be sent",
                   job->id, rp_outbox_state_to_string (item->state));
      return FALSE;
    }

  stmt = prepare (self,
                  "UPDATE outbox SET state = ?2, "
                  "  remote_id = CASE WHEN ?2 = 'sent' THEN ?3 ELSE remote_id END, "
                  "  sent_at = CASE WHEN ?2 = 'sent' THEN ?4 ELSE sent_at END, "
                  "  last_error = CASE WHEN ?2 = 'sent' THEN NULL "
                  "                    ELSE coalesce (?5, last_error) END, "
                  "  not_before = CASE WHEN ?2 IN ('failed-retryable', 'scheduled') THEN ?6 "
                  "                    WHEN ?2 = 'queued' THEN 0 ELSE not_before END, "
                  "  ambiguous = CASE WHEN ?2 IN ('sent', 'queued') THEN 0 ELSE ambiguous END, "
                  "  keeps_quiet_hours = CASE WHEN ?2 = 'scheduled' THEN 1 "
                  "                           WHEN ?2 = 'queued' THEN 0 "
                  "                           ELSE keeps_quiet_hours END "
                  "WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;

  b = (Binder) { stmt, "Outbox item", NULL };
  bind_int (&b, 1, job->id);
  bind_text (&b, 2, "state", rp_outbox_state_to_string (to));
  bind_text (&b, 3, "remote_id", job->str1);
  bind_int (&b, 4, now_usec ());
  bind_text (&b, 5, "error", job->str2);
  bind_int (&b, 6, job->time_arg);
  if (!binder_finish (&b, error) || !step_done (self, stmt, "Updating an outbox item", error))
    return FALSE;

  job->changes = RP_STORE_CHANGE_OUTBOX | RP_STORE_CHANGE_MESSAGES;
  job->changed_account = item->account_id;

  if (to == RP_OUTBOX_SENT && job->str1 != NULL)
    {
      /* The echo becomes the server's message and stays linked to its item, so the engine
       * can tell which server messages an outbox item already accounts for.  If a pull
       * brought that message in first, the server row takes the link and the echo goes: it
       * is never shown twice. */
      stmt = prepare (self,
                      "UPDATE messages SET outbox_id = ?1 "
                      "WHERE account_id = ?2 AND message_id = ?3 AND outbox_id IS NULL",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, job->id);
      sqlite3_bind_int64 (stmt, 2, item->account_id);
      sqlite3_bind_text (stmt, 3, job->str1, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, "Updating the local echo", error))
        return FALSE;

      stmt = prepare (self,
                      "DELETE FROM messages WHERE outbox_id = ?1 AND message_id IS NULL "
                      "  AND EXISTS (SELECT 1 FROM messages s "
                      "              WHERE s.account_id = ?2 AND s.message_id = ?3)",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, job->id);
      sqlite3_bind_int64 (stmt, 2, item->account_id);
      sqlite3_bind_text (stmt, 3, job->str1, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, "Updating the local echo", error))
        return FALSE;

      stmt = prepare (self,
                      "UPDATE messages SET message_id = ?2 "
                      "WHERE outbox_id = ?1 AND message_id IS NULL",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, job->id);
      sqlite3_bind_text (stmt, 2, job->str1, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, "Updating the local echo", error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
outbox_discard (RpStoreDb   *self,
                RpStoreJob  *job,
                GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 account_id;
  gboolean row;

  stmt = prepare (self, "SELECT account_id, state FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->id);
  if (!step_row (self, stmt, &row, "Reading an outbox item", error))
    return FALSE;
  if (!row)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_FOUND,
                   "There is no outbox item %" G_GINT64_FORMAT, job->id);
      return FALSE;
    }

  account_id = rp_store_col_int (stmt, 0);
  if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 1), "sending") == 0 ||
      g_strcmp0 ((const char *)sqlite3_column_text (stmt, 1), "sent") == 0)
    {
      sqlite3_reset (stmt);
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_INVALID,
                   "Outbox item %" G_GINT64_FORMAT " is being sent or was sent", job->id);
      return FALSE;
    }
  sqlite3_reset (stmt);

  stmt = prepare (self, "DELETE FROM messages WHERE outbox_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->id);
  if (!step_done (self, stmt, "Discarding an outbox item", error))
    return FALSE;

  stmt = prepare (self, "DELETE FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->id);
  if (!step_done (self, stmt, "Discarding an outbox item", error))
    return FALSE;

  job->changes = RP_STORE_CHANGE_OUTBOX | RP_STORE_CHANGE_MESSAGES;
  job->changed_account = account_id;

  return TRUE;
}

static gboolean
outbox_list (RpStoreDb   *self,
             RpStoreJob  *job,
             GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare (self,
                  "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE ?1 = 0 OR account_id = ?1 "
                  "ORDER BY id",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, job->account_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, read_outbox_item (stmt));

  if (!check_done (self, stmt, rc, "Listing the outbox", error))
    return FALSE;

  job->result = g_steal_pointer (&items);
  job->result_free = (GDestroyNotify)g_ptr_array_unref;

  return TRUE;
}

static gboolean
integrity_check (RpStoreDb   *self,
                 RpStoreJob  *job,
                 GError     **error)
{
  g_autofree char *result = NULL;
  gint64 fk_problems = 0;

  if (!query_text (self, "PRAGMA integrity_check", &result, error))
    return FALSE;

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_CORRUPT,
                   "The local cache is damaged: %s", result);
      return FALSE;
    }

  if (!query_int (self, "SELECT count(*) FROM pragma_foreign_key_check", &fk_problems, error))
    return FALSE;

  if (fk_problems > 0)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_CORRUPT,
                   "The local cache has %" G_GINT64_FORMAT " rows without their parent",
                   fk_problems);
      return FALSE;
    }

  return TRUE;
}

/* List-model pages.  A keyset query (WHERE (key, id) after the last row seen) costs the same
 * for the thousandth page as for the first, where OFFSET would rescan everything before. */

RpStoreListQuery *
rp_store_list_query_copy (const RpStoreListQuery *query)
{
  RpStoreListQuery *copy = g_memdup2 (query, sizeof *query);

  copy->country = g_strdup (query->country);
  copy->text = g_strdup (query->text);
  copy->channel_id = g_strdup (query->channel_id);

  return copy;
}

void
rp_store_list_query_free (RpStoreListQuery *query)
{
  if (query == NULL)
    return;

  g_free (query->country);
  g_free (query->text);
  g_free (query->channel_id);
  g_free (query);
}

void
rp_store_list_chunk_free (RpStoreListChunk *chunk)
{
  if (chunk == NULL)
    return;

  g_clear_pointer (&chunk->rows, g_ptr_array_unref);
  g_free (chunk);
}

/* LIKE with the user's text taken literally: %, _ and the escape character are escaped. */
static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');

  return g_string_free (pattern, FALSE);
}

typedef struct
{
  const char *columns;
  const char *from;
  const char *alias;
  const char *key;
  gboolean    descending;
  const char *status_column;
  const char *country_column;
  const char *text_columns[4];
} ListShape;

#define LAST_KEY_EXPR(col) "(CASE WHEN " col " = 0 THEN 9223372036854775807 ELSE " col " END)"

static ListShape
list_shape (const RpStoreListQuery *query)
{
  switch (query->kind)
    {
    case RP_STORE_LIST_ORDERS:
      {
        ListShape shape = { RP_STORE_ORDER_COLUMNS, "orders o", "o", "o.created_at", TRUE,
                            "o.status", "o.buyer_country",
                            { "o.order_id", "o.buyer_name", "o.buyer_login_id",
                              "o.items_summary" } };

        if (query->sort == RP_STORE_LIST_SORT_MODIFIED_DESC)
          shape.key = "o.modified_at";
        else if (query->sort == RP_STORE_LIST_SORT_SHIP_BY_ASC)
          {
            /* Same expression as the orders_by_ship_by index. */
            shape.key = "(CASE WHEN ship_by = 0 THEN 9223372036854775807 ELSE ship_by END)";
            shape.descending = FALSE;
          }
        return shape;
      }

    case RP_STORE_LIST_CONVERSATIONS:
      return (ListShape) { RP_STORE_CONVERSATION_COLUMNS, "conversations c", "c", "c.last_message_at",
                           TRUE, NULL, NULL,
                           { "c.buyer_name", "c.buyer_login_id", "c.order_id" } };

    case RP_STORE_LIST_MESSAGES:
      return (ListShape) { RP_STORE_MESSAGE_COLUMNS, RP_STORE_MESSAGE_FROM, "m", "m.sent_at", FALSE,
                           NULL, NULL,
                           { "m.content", NULL, NULL } };

    case RP_STORE_LIST_DISPUTES:
      return (ListShape) { RP_STORE_DISPUTE_COLUMNS, "disputes d", "d", LAST_KEY_EXPR ("d.deadline"),
                           FALSE, "d.status", NULL,
                           { "d.issue_id", "d.order_id", "d.buyer_login_id" } };

    case RP_STORE_LIST_SHIPMENTS:
    default:
      return (ListShape) { RP_STORE_SHIPMENT_COLUMNS, "shipments s", "s", "s.shipped_at", TRUE,
                           "s.status", "s.to_country",
                           { "s.tracking_no", "s.order_id", NULL } };
    }
}

/* Parameters: ?1 account, ?2 status, ?3 country, ?4 text pattern, ?5 channel, ?6 ?7 the last
 * (key, id) seen, ?8 limit.  Only the clauses in use appear, so each filter combination is
 * its own cached statement with a plan that fits it. */
static char *
build_list_sql (const RpStoreListQuery *query)
{
  ListShape shape = list_shape (query);
  GString *sql = g_string_new (NULL);
  const char *op = shape.descending ? "<" : ">";
  const char *dir = shape.descending ? "DESC" : "ASC";

  g_string_append_printf (sql, "SELECT %s, %s FROM %s WHERE 1", shape.columns, shape.key,
                          shape.from);

  if (query->account_id != 0)
    g_string_append_printf (sql, " AND %s.account_id = ?1", shape.alias);
  if (query->status >= 0 && shape.status_column != NULL)
    g_string_append_printf (sql, " AND %s = ?2", shape.status_column);
  if (query->country != NULL && shape.country_column != NULL)
    g_string_append_printf (sql, " AND %s = ?3", shape.country_column);
  if (query->text != NULL && *query->text != '\0')
    {
      g_string_append (sql, " AND (0");
      for (guint i = 0; i < G_N_ELEMENTS (shape.text_columns); i++)
        if (shape.text_columns[i] != NULL)
          g_string_append_printf (sql, " OR %s LIKE ?4 ESCAPE '\\'", shape.text_columns[i]);
      g_string_append (sql, ")");
    }
  if (query->kind == RP_STORE_LIST_MESSAGES)
    g_string_append (sql, " AND m.channel_id = ?5");
  if (query->has_after)
    g_string_append_printf (sql, " AND (%s, %s.id) %s (?6, ?7)", shape.key, shape.alias, op);

  g_string_append_printf (sql, " ORDER BY %s %s, %s.id %s LIMIT ?8", shape.key, dir,
                          shape.alias, dir);

  return g_string_free (sql, FALSE);
}

static gboolean
list_chunk (RpStoreDb   *self,
            RpStoreJob  *job,
            GError     **error)
{
  const RpStoreListQuery *query = job->query;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (rp_store_list_row_unref);
  g_autoptr(GByteArray) buffer = g_byte_array_sized_new (1024);
  g_autofree char *sql = build_list_sql (query);
  g_autofree char *pattern = NULL;
  RpStoreListChunk *chunk;
  sqlite3_stmt *stmt;
  int key_column = 0;
  gint64 last_key = 0;
  gint64 last_id = 0;
  int rc;

  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, query->account_id);
  sqlite3_bind_int64 (stmt, 2, query->status);
  if (query->country != NULL)
    sqlite3_bind_text (stmt, 3, query->country, -1, SQLITE_STATIC);
  if (query->text != NULL)
    {
      pattern = like_pattern (query->text);
      sqlite3_bind_text (stmt, 4, pattern, -1, SQLITE_STATIC);
    }
  if (query->channel_id != NULL)
    sqlite3_bind_text (stmt, 5, query->channel_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, query->after_key);
  sqlite3_bind_int64 (stmt, 7, query->after_id);
  sqlite3_bind_int64 (stmt, 8, query->limit > 0 ? query->limit : 1000);

  key_column = sqlite3_column_count (stmt) - 1;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer item;

      switch (query->kind)
        {
        case RP_STORE_LIST_ORDERS:
          item = rp_store_read_order (stmt);
          break;
        case RP_STORE_LIST_CONVERSATIONS:
          item = rp_store_read_conversation (stmt);
          break;
        case RP_STORE_LIST_MESSAGES:
          item = rp_store_read_message (stmt);
          break;
        case RP_STORE_LIST_DISPUTES:
          item = rp_store_read_dispute (stmt);
          break;
        case RP_STORE_LIST_SHIPMENTS:
        default:
          item = rp_store_read_shipment (stmt);
          break;
        }

      /* Packed here and the object dropped at once: the main thread only appends the
       * rows, and a page of 5,000 objects is never alive at the same time. */
      g_ptr_array_add (rows, rp_store_list_row_pack (query->kind, item, buffer));
      g_object_unref (item);
      last_id = rp_store_col_int (stmt, 0);
      last_key = rp_store_col_int (stmt, key_column);
    }

  if (!check_done (self, stmt, rc, "Loading a list", error))
    return FALSE;

  chunk = g_new0 (RpStoreListChunk, 1);
  chunk->has_last = rows->len > 0;
  chunk->last_key = last_key;
  chunk->last_id = last_id;
  chunk->rows = g_steal_pointer (&rows);

  job->result = chunk;
  job->result_free = (GDestroyNotify)rp_store_list_chunk_free;

  return TRUE;
}

/* Priority */

/* A nice value this much higher for the worker thread (see rp_store_give_way_sync()). */
#define GIVE_WAY_NICE_INCREMENT 10

static gboolean
give_way (RpStoreDb   *self,
          RpStoreJob  *job,
          GError     **error)
{
#ifdef __linux__
  /* On Linux a nice value given for a thread id applies to that thread alone. */
  id_t tid = (id_t)syscall (SYS_gettid);
  int value;

  errno = 0;
  value = getpriority (PRIO_PROCESS, tid);
  if (errno == 0 && setpriority (PRIO_PROCESS, tid, MIN (value + GIVE_WAY_NICE_INCREMENT, 19)) == 0)
    return TRUE;

  g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_FAILED,
               "Could not lower the priority of the cache's thread: %s", g_strerror (errno));
  return FALSE;
#else
  return TRUE;
#endif
}

/* Dispatch */

static const JobClass job_classes[RP_STORE_N_JOBS] = {
  [RP_STORE_JOB_OPEN] = { "open", TXN_NONE, open_db, TRUE },
  [RP_STORE_JOB_CLOSE] = { "close", TXN_NONE, close_job, TRUE },
  [RP_STORE_JOB_ADD_ACCOUNT] = { "add-account", TXN_WRITE, add_account },
  [RP_STORE_JOB_LIST_ACCOUNTS] = { "list-accounts", TXN_NONE, list_accounts },
  [RP_STORE_JOB_REMOVE_ACCOUNT] = { "remove-account", TXN_WRITE, remove_account },
  [RP_STORE_JOB_UPSERT_ORDERS] = { "upsert-orders", TXN_WRITE, upsert_orders },
  [RP_STORE_JOB_UPSERT_CONVERSATIONS] = { "upsert-conversations", TXN_WRITE, upsert_conversations },
  [RP_STORE_JOB_UPSERT_MESSAGES] = { "upsert-messages", TXN_WRITE, upsert_messages },
  [RP_STORE_JOB_UPSERT_DISPUTES] = { "upsert-disputes", TXN_WRITE, upsert_disputes },
  [RP_STORE_JOB_UPSERT_SHIPMENTS] = { "upsert-shipments", TXN_WRITE, upsert_shipments },
  [RP_STORE_JOB_GET_ORDER] = { "get-order", TXN_READ, get_order },
  [RP_STORE_JOB_GET_CONVERSATION] = { "get-conversation", TXN_NONE, get_conversation },
  [RP_STORE_JOB_GET_DISPUTE] = { "get-dispute", TXN_READ, get_dispute },
  [RP_STORE_JOB_LIST_MESSAGES] = { "list-messages", TXN_NONE, list_messages },
  [RP_STORE_JOB_LIST_SHIPMENTS] = { "list-shipments", TXN_READ, list_shipments },
  [RP_STORE_JOB_LIST_OPEN_SHIPMENTS] = { "list-open-shipments", TXN_READ, list_shipments },
  [RP_STORE_JOB_COUNT] = { "count", TXN_NONE, count_rows },
  [RP_STORE_JOB_DUMP_TABLE] = { "dump-table", TXN_READ, dump_table },
  [RP_STORE_JOB_SET_ORDER_STATE] = { "set-order-state", TXN_WRITE, set_order_state },
  [RP_STORE_JOB_GET_ORDER_STATE] = { "get-order-state", TXN_NONE, get_order_state },
  [RP_STORE_JOB_SET_CURSOR] = { "set-cursor", TXN_WRITE, set_cursor },
  [RP_STORE_JOB_GET_CURSOR] = { "get-cursor", TXN_NONE, get_cursor },
  [RP_STORE_JOB_NOTICES_LIST] = { "notices-list", TXN_NONE, notices_list },
  [RP_STORE_JOB_NOTICE_ADD] = { "notice-add", TXN_WRITE, notice_add },
  [RP_STORE_JOB_NOTICES_PRUNE] = { "notices-prune", TXN_WRITE, notices_prune },
  [RP_STORE_JOB_SEARCH_MESSAGES] = { "search-messages", TXN_NONE, search_messages },
  [RP_STORE_JOB_OUTBOX_ENQUEUE] = { "outbox-enqueue", TXN_WRITE, outbox_enqueue },
  [RP_STORE_JOB_OUTBOX_CLAIM] = { "outbox-claim", TXN_WRITE, outbox_claim },
  [RP_STORE_JOB_OUTBOX_SET_STATE] = { "outbox-set-state", TXN_WRITE, outbox_set_state },
  [RP_STORE_JOB_OUTBOX_DISCARD] = { "outbox-discard", TXN_WRITE, outbox_discard },
  [RP_STORE_JOB_OUTBOX_LIST] = { "outbox-list", TXN_NONE, outbox_list },
  [RP_STORE_JOB_INTEGRITY_CHECK] = { "integrity-check", TXN_NONE, integrity_check },
  [RP_STORE_JOB_LIST_CHUNK] = { "list-chunk", TXN_NONE, list_chunk },
  [RP_STORE_JOB_GIVE_WAY] = { "give-way", TXN_NONE, give_way, TRUE },
};

/* Indexes the messages the triggers noted (migration 0004), in one statement, so that FTS5
 * writes one index segment for all of them.  Runs inside a write transaction. */
static gboolean
index_pending_messages (RpStoreDb  *self,
                        GError    **error)
{
  sqlite3_stmt *stmt;

  /* The FTS copy must not contain the two marker characters highlight() brackets matches
   * with, so they become spaces: same byte length, so offsets still fit the real content.
   * A message without its conversation yet is indexed under its sender's name. */
  stmt = prepare (self,
                  "INSERT OR REPLACE INTO messages_fts (rowid, content, buyer_name) "
                  "SELECT m.id, "
                  "       replace (replace (m.content, char (1), ' '), char (2), ' '), "
                  "       replace (replace (coalesce ((SELECT c.buyer_name FROM conversations c "
                  "                                    WHERE c.account_id = m.account_id "
                  "                                      AND c.channel_id = m.channel_id), "
                  "                                   CASE WHEN m.is_own THEN NULL "
                  "                                        ELSE m.sender_name END, "
                  "                                   ''), "
                  "                         char (1), ' '), char (2), ' ') "
                  "FROM messages_fts_pending p JOIN messages m ON m.id = p.id",
                  error);
  if (stmt == NULL || !step_done (self, stmt, "Indexing messages", error))
    return FALSE;

  stmt = prepare (self, "DELETE FROM messages_fts_pending", error);
  if (stmt == NULL || !step_done (self, stmt, "Indexing messages", error))
    return FALSE;

  self->pending_messages = 0;
  self->maybe_pending = FALSE;

  return TRUE;
}

/* Brings the search index up to date with the cache, in a transaction of its own: when the
 * worker has been idle a moment, before a search, and before closing. */
gboolean
rp_store_db_index_pending (RpStoreDb  *self,
                          GError    **error)
{
  gint64 pending = 0;

  if (self->db == NULL)
    return TRUE;

  if (self->pending_messages == 0 && !self->maybe_pending)
    return TRUE;

  if (!query_int (self, "SELECT EXISTS (SELECT 1 FROM messages_fts_pending)", &pending, error))
    return FALSE;

  if (pending)
    {
      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!index_pending_messages (self, error) || !exec (self, "COMMIT", error))
        {
          if (!sqlite3_get_autocommit (self->db))
            exec (self, "ROLLBACK", NULL);
          self->maybe_pending = TRUE;
          return FALSE;
        }
    }

  self->pending_messages = 0;
  self->maybe_pending = FALSE;

  return TRUE;
}

/* Commits the job's transaction.  A full sync writes messages by the hundred thousand:
 * indexing them a page at a time left one small index segment per page, which FTS5 then
 * kept merging.  They wait until there are INDEX_BATCH of them (or for
 * rp_store_db_index_pending()). */
static gboolean
commit (RpStoreDb  *self,
        gboolean    wrote,
        GError    **error)
{
  if (wrote && self->pending_messages >= INDEX_BATCH && !index_pending_messages (self, error))
    return FALSE;

  return exec (self, "COMMIT", error);
}

gboolean
rp_store_db_run (RpStoreDb   *self,
                 RpStoreJob  *job,
                 GError     **error)
{
  const JobClass *klass;
  gboolean ok;

  g_return_val_if_fail ((guint)job->kind < RP_STORE_N_JOBS, FALSE);

  klass = &job_classes[job->kind];
  g_assert (klass->func != NULL);

  if (self->db == NULL && !klass->without_db)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_NOT_OPEN,
                   "The local cache %s is not open", self->path);
      return FALSE;
    }

  if (klass->txn == TXN_NONE)
    return klass->func (self, job, error);

  if (!exec (self, klass->txn == TXN_WRITE ? "BEGIN IMMEDIATE" : "BEGIN", error))
    return FALSE;

  ok = klass->func (self, job, error);

  if (!ok && error != NULL && *error == NULL)
    g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_FAILED, "The %s job failed", klass->name);

  /* A failed job leaves nothing behind: no half page, no item without its echo. */
  if (ok && !commit (self, klass->txn == TXN_WRITE, error))
    ok = FALSE;

  if (!ok)
    {
      if (!sqlite3_get_autocommit (self->db))
        exec (self, "ROLLBACK", NULL);

      /* A statement that stopped mid-way holds no lock once reset. */
      job->changes = 0;
      /* A rollback after indexing leaves those messages noted again. */
      if (klass->txn == TXN_WRITE)
        self->maybe_pending = TRUE;
      g_debug ("Job %s failed and was rolled back", klass->name);
    }

  return ok;
}
