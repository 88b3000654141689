/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "rp-store.h"
#include "rp-store-list-model.h"

G_BEGIN_DECLS

/* Everything below runs on the store's worker thread, the only thread that touches the
 * sqlite3 handle.  The GObject side (rp-store.c) builds jobs and completes them. */

typedef enum
{
  RP_STORE_JOB_OPEN,
  RP_STORE_JOB_CLOSE,
  RP_STORE_JOB_ADD_ACCOUNT,
  RP_STORE_JOB_LIST_ACCOUNTS,
  RP_STORE_JOB_REMOVE_ACCOUNT,
  RP_STORE_JOB_UPSERT_ORDERS,
  RP_STORE_JOB_UPSERT_CONVERSATIONS,
  RP_STORE_JOB_UPSERT_MESSAGES,
  RP_STORE_JOB_UPSERT_DISPUTES,
  RP_STORE_JOB_UPSERT_SHIPMENTS,
  RP_STORE_JOB_GET_ORDER,
  RP_STORE_JOB_GET_CONVERSATION,
  RP_STORE_JOB_GET_DISPUTE,
  RP_STORE_JOB_LIST_MESSAGES,
  RP_STORE_JOB_LIST_SHIPMENTS,
  RP_STORE_JOB_LIST_OPEN_SHIPMENTS,
  RP_STORE_JOB_COUNT,
  RP_STORE_JOB_DUMP_TABLE,
  RP_STORE_JOB_SET_ORDER_STATE,
  RP_STORE_JOB_GET_ORDER_STATE,
  RP_STORE_JOB_SET_CURSOR,
  RP_STORE_JOB_GET_CURSOR,
  RP_STORE_JOB_NOTICES_LIST,
  RP_STORE_JOB_NOTICE_ADD,
  RP_STORE_JOB_NOTICES_PRUNE,
  RP_STORE_JOB_SEARCH_MESSAGES,
  RP_STORE_JOB_OUTBOX_ENQUEUE,
  RP_STORE_JOB_OUTBOX_CLAIM,
  RP_STORE_JOB_OUTBOX_SET_STATE,
  RP_STORE_JOB_OUTBOX_DISCARD,
  RP_STORE_JOB_OUTBOX_LIST,
  RP_STORE_JOB_INTEGRITY_CHECK,
  RP_STORE_JOB_LIST_CHUNK,
  RP_STORE_JOB_GIVE_WAY,
  RP_STORE_N_JOBS
} RpStoreJobKind;

/* One page of a list model: a keyset query continues after (after_key, after_id). */
typedef struct
{
  RpStoreListKind  kind;
  gint64           account_id;
  RpStoreListSort  sort;
  int              status;          /* -1: any */
  char            *country;         /* NULL: any */
  char            *text;            /* NULL: no text filter */
  char            *channel_id;      /* messages only */
  gboolean         has_after;
  gint64           after_key;
  gint64           after_id;
  guint            limit;
} RpStoreListQuery;

typedef struct
{
  GPtrArray *rows;      /* packed (rp_store_list_row_pack()), in the query's order */
  gboolean   has_last;
  gint64     last_key;
  gint64     last_id;
} RpStoreListChunk;

/* A list's row packed from its light object (rp-store-list-model.c), on the store's worker
 * as the row is read, so that the object lives only that long; @buffer is scratch space. */
gpointer          rp_store_list_row_pack   (RpStoreListKind          kind,
                                            gpointer                 object,
                                            GByteArray              *buffer);
void              rp_store_list_row_unref  (gpointer                 row);

RpStoreListQuery *rp_store_list_query_copy (const RpStoreListQuery *query);
void              rp_store_list_query_free (RpStoreListQuery       *query);
void              rp_store_list_chunk_free (RpStoreListChunk       *chunk);

typedef struct _RpStoreJob RpStoreJob;

struct _RpStoreJob
{
  RpStoreJobKind  kind;

  /* Input: which fields mean what depends on kind (see rp-store-db.c). */
  gint64          account_id;
  gint64          id;
  gint64          int_arg;
  gint64          time_arg;
  char           *str1;
  char           *str2;
  char           *str3;
  char           *str4;
  GStrv           strv;
  GPtrArray      *objects;
  GObject        *object;
  GObject        *object2;
  RpStoreAccount *account;
  RpStoreListQuery *query;
  GCancellable   *cancellable;

  /* Output */
  gpointer        result;
  GDestroyNotify  result_free;
  gint64          result_int;
  GStrv           result_strv;
  GError         *error;
  guint           changes;           /* RpStoreChange bits committed by this job */
  gint64          changed_account;   /* 0 when several or unknown */

  /* Completion: either an async task (returned on its context) or a waiting caller. */
  GTask          *task;
  GMutex          mutex;
  GCond           cond;
  gboolean        done;
};

RpStoreJob *rp_store_job_new  (RpStoreJobKind  kind);
void        rp_store_job_free (RpStoreJob     *job);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpStoreJob, rp_store_job_free)

typedef struct _RpStoreDb RpStoreDb;

RpStoreDb  *rp_store_db_new  (const char  *path);
void        rp_store_db_free (RpStoreDb   *db);
/* Runs one job on the worker thread; fills job->result / job->changes or sets @error. */
gboolean    rp_store_db_run  (RpStoreDb   *db,
                              RpStoreJob  *job,
                              GError     **error);

/* Messages are indexed for search in batches: after enough of them, and when the worker
 * has been idle a moment (rp-store.c), before a search and before closing. */
gboolean    rp_store_db_index_pending (RpStoreDb   *db,
                                       GError     **error);

/* Used by RpStoreListModel to run its page queries on the worker thread. */
void        rp_store_submit_job (RpStore             *self,
                                 RpStoreJob          *job,
                                 GObject             *source_object,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data,
                                 gpointer             source_tag);
RpStoreJob *rp_store_finish_job (GObject             *source_object,
                                 GAsyncResult        *result,
                                 gpointer             source_tag,
                                 GError             **error);

G_END_DECLS
