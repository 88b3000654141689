/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-evidence"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>

#include "rp-buyer-zone.h"
#include "rp-dispute-reply.h"
#include "rp-evidence.h"
#include "rp-local-time.h"
#include "rp-plain-text.h"

/* The evidence pack is read from the cache only: it shows what the seller's copy holds, and
 * works without a network.  Gathering and rendering run on worker threads (a transcript can
 * have thousands of messages); the object is not changed after gathering, so the threads
 * only read it. */

struct _RpEvidence
{
  GObject     parent_instance;

  gint64      account_id;
  char       *order_id;
  char       *issue_id;        /* the dispute the pack was asked for, or NULL */
  RpOrder    *order;
  GPtrArray  *conversations;   /* of RpConversation */
  GPtrArray  *messages;        /* of RpMessage, canonical order, sent ones only */
  GPtrArray  *shipments;       /* of RpShipment, with events */
  GPtrArray  *disputes;        /* of RpDispute, with solutions and history */
  GTimeZone  *buyer_zone;
  char       *buyer_zone_name;
  GTimeZone  *seller_zone;
  gint64      generated_at;
  char       *digest;
};

G_DEFINE_FINAL_TYPE (RpEvidence, rp_evidence, G_TYPE_OBJECT)

G_DEFINE_QUARK (rp-evidence-error-quark, rp_evidence_error)

static void
rp_evidence_finalize (GObject *object)
{
  RpEvidence *self = (RpEvidence *)object;

  g_free (self->order_id);
  g_free (self->issue_id);
  g_clear_object (&self->order);
  g_clear_pointer (&self->conversations, g_ptr_array_unref);
  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_clear_pointer (&self->shipments, g_ptr_array_unref);
  g_clear_pointer (&self->disputes, g_ptr_array_unref);
  g_clear_pointer (&self->buyer_zone, g_time_zone_unref);
  g_free (self->buyer_zone_name);
  g_clear_pointer (&self->seller_zone, g_time_zone_unref);
  g_free (self->digest);

  G_OBJECT_CLASS (rp_evidence_parent_class)->finalize (object);
}

static void
rp_evidence_class_init (RpEvidenceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_evidence_finalize;
}

static void
rp_evidence_init (RpEvidence *self)
{
  self->conversations = g_ptr_array_new_with_free_func (g_object_unref);
  self->messages = g_ptr_array_new_with_free_func (g_object_unref);
  self->shipments = g_ptr_array_new_with_free_func (g_object_unref);
  self->disputes = g_ptr_array_new_with_free_func (g_object_unref);
  self->seller_zone = g_time_zone_new_local ();
  self->generated_at = g_get_real_time ();
}

/* Times ------------------------------------------------------------------------------- */

/* GLib 2.74 has no g_date_time_new_from_unix_usec(); split seconds and microseconds. */
static GDateTime *
date_time_utc (gint64 utc_usec)
{
  gint64 seconds = utc_usec / G_USEC_PER_SEC;
  gint64 rest = utc_usec % G_USEC_PER_SEC;
  g_autoptr(GDateTime) whole = NULL;

  if (rest < 0)
    {
      seconds -= 1;
      rest += G_USEC_PER_SEC;
    }

  whole = g_date_time_new_from_unix_utc (seconds);
  if (whole == NULL)
    return NULL;
  return g_date_time_add (whole, rest);
}

/* "2026-11-29T11:48:47.123456Z", built from numbers so no locale can change it.  An instant
 * GDateTime cannot hold is written as its raw microseconds, which is still stable. */
static char *
format_utc_exact (gint64 utc_usec)
{
  g_autoptr(GDateTime) dt = date_time_utc (utc_usec);

  if (dt == NULL)
    return g_strdup_printf ("@%" G_GINT64_FORMAT, utc_usec);

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                          g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt),
                          g_date_time_get_microsecond (dt));
}

/* "2026-11-29T12:48:47+01:00" in @zone (UTC: "…Z"), or NULL for no time. */
static char *
format_iso (gint64     utc_usec,
            GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  GTimeSpan offset;
  gint64 minutes;

  if (utc_usec == 0 || (utc = date_time_utc (utc_usec)) == NULL)
    return NULL;

  local = zone != NULL ? g_date_time_to_timezone (utc, zone) : g_date_time_ref (utc);
  if (local == NULL)
    return NULL;

  offset = g_date_time_get_utc_offset (local);
  minutes = (offset < 0 ? -offset : offset) / G_TIME_SPAN_MINUTE;
  if (zone == NULL)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                            g_date_time_get_year (local), g_date_time_get_month (local),
                            g_date_time_get_day_of_month (local), g_date_time_get_hour (local),
                            g_date_time_get_minute (local), g_date_time_get_second (local));

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                          g_date_time_get_year (local), g_date_time_get_month (local),
                          g_date_time_get_day_of_month (local), g_date_time_get_hour (local),
                          g_date_time_get_minute (local), g_date_time_get_second (local),
                          offset < 0 ? '-' : '+', (int)(minutes / 60), (int)(minutes % 60));
}

/* "2026-11-29 11:48:47 UTC" for the document, or a dash. */
static char *
format_utc_display (gint64 utc_usec)
{
  g_autoptr(GDateTime) dt = NULL;

  if (utc_usec == 0 || (dt = date_time_utc (utc_usec)) == NULL)
    return g_strdup ("—");

  return g_strdup_printf ("%04d-%02d-%02d %02d:%02d:%02d UTC",
                          g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt));
}

static char *
format_local_display (gint64     utc_usec,
                      GTimeZone *zone)
{
  char *text = utc_usec != 0 ? rp_local_time_format (utc_usec, zone) : NULL;

  return text != NULL ? text : g_strdup ("—");
}

/* Transcript ------------------------------------------------------------------------- */

static int
compare_messages (gconstpointer a,
                  gconstpointer b)
{
  RpMessage *x = *(RpMessage **)a;
  RpMessage *y = *(RpMessage **)b;
  int c;

  if (x->sent_at != y->sent_at)
    return x->sent_at < y->sent_at ? -1 : 1;
  /* strcmp compares bytes, so no locale's collation can reorder ties. */
  if ((c = strcmp (x->message_id != NULL ? x->message_id : "",
                   y->message_id != NULL ? y->message_id : "")) != 0)
    return c;
  return strcmp (x->channel_id != NULL ? x->channel_id : "",
                 y->channel_id != NULL ? y->channel_id : "");
}

static gboolean
is_transcript_message (RpMessage *message)
{
  /* A local echo has no server id until the marketplace took it: it was never sent. */
  return message->message_id != NULL && *message->message_id != '\0';
}

/* The sent messages of @messages in canonical order (transfer container). */
static GPtrArray *
canonical_messages (GPtrArray *messages)
{
  GPtrArray *sorted = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      RpMessage *message = g_ptr_array_index (messages, i);

      if (is_transcript_message (message))
        g_ptr_array_add (sorted, g_object_ref (message));
    }
  g_ptr_array_sort (sorted, compare_messages);

  return sorted;
}

static void
append_field (GString    *out,
              const char *value)
{
  gsize length = value != NULL ? strlen (value) : 0;

  g_string_append_printf (out, " %" G_GSIZE_FORMAT ":", length);
  if (length > 0)
    g_string_append_len (out, value, length);
}

/**
 * rp_evidence_canonical_transcript:
 * @messages: (element-type RpMessage): the messages, in any order
 *
 * Returns: (transfer full): the text the transcript digest is taken over (see rp-evidence.h)
 */
char *
rp_evidence_canonical_transcript (GPtrArray *messages)
{
  g_autoptr(GPtrArray) sorted = canonical_messages (messages);
  GString *out = g_string_new (RP_EVIDENCE_TRANSCRIPT_FORMAT "\n");

  for (guint i = 0; i < sorted->len; i++)
    {
      RpMessage *message = g_ptr_array_index (sorted, i);
      g_autofree char *time = format_utc_exact (message->sent_at);

      g_string_append (out, time);
      g_string_append (out, message->is_own ? " seller" : " buyer");
      append_field (out, message->channel_id);
      append_field (out, message->message_id);
      append_field (out, message->sender_login_id);
      append_field (out, message->content);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/**
 * rp_evidence_transcript_sha256:
 * @messages: (element-type RpMessage): the messages, in any order
 *
 * Returns: (transfer full): SHA-256 of the canonical transcript, lowercase hex
 */
char *
rp_evidence_transcript_sha256 (GPtrArray *messages)
{
  g_autofree char *text = rp_evidence_canonical_transcript (messages);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* Gathering ---------------------------------------------------------------------------- */

typedef struct
{
  RpStore *store;
  gint64   account_id;
  char    *order_id;
  char    *issue_id;
} Collect;

static void
collect_free (Collect *collect)
{
  g_clear_object (&collect->store);
  g_free (collect->order_id);
  g_free (collect->issue_id);
  g_free (collect);
}

/* The order a dispute is about as orders and conversations know it: disputes name the
 * child order, the order list and the message centre the parent. */
static const char *
order_of (RpDispute *dispute)
{
  if (dispute->parent_order_id != NULL && *dispute->parent_order_id != '\0')
    return dispute->parent_order_id;
  return dispute->order_id;
}

static gboolean
id_in (GPtrArray  *ids,
       const char *id)
{
  guint index;

  return id != NULL && *id != '\0' &&
         g_ptr_array_find_with_equal_func (ids, id, g_str_equal, &index);
}

static void
add_id (GPtrArray  *ids,
        const char *id)
{
  if (id != NULL && *id != '\0' && !id_in (ids, id))
    g_ptr_array_add (ids, g_strdup (id));
}

static int
column_index (GStrv       columns,
              const char *name)
{
  for (int i = 0; columns != NULL && columns[i] != NULL; i++)
    if (g_str_equal (columns[i], name))
      return i;
  return -1;
}

/* The issue ids of every dispute about one of @order_ids.  The store has no query for the
 * disputes of one order; the disputes table is small (one row per dispute ever opened), so
 * reading its rows is cheap enough for an export. */
static GPtrArray *
find_dispute_ids (RpStore    *store,
                  gint64      account_id,
                  GPtrArray  *order_ids,
                  GError    **error)
{
  g_auto(GStrv) columns = NULL;
  g_autoptr(GPtrArray) rows = rp_store_dump_table_sync (store, "disputes", &columns, error);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *account = g_strdup_printf ("%" G_GINT64_FORMAT, account_id);
  int account_col, issue_col, order_col, parent_col;

  if (rows == NULL)
    return NULL;

  account_col = column_index (columns, "account_id");
  issue_col = column_index (columns, "issue_id");
  order_col = column_index (columns, "order_id");
  parent_col = column_index (columns, "parent_order_id");
  if (account_col < 0 || issue_col < 0 || order_col < 0 || parent_col < 0)
    {
      g_set_error (error, RP_STORE_ERROR, RP_STORE_ERROR_CORRUPT,
                   "The disputes table lacks a column this version reads");
      return NULL;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (g_ptr_array_index (row, account_col), account) != 0)
        continue;
      if (id_in (order_ids, g_ptr_array_index (row, order_col)) ||
          id_in (order_ids, g_ptr_array_index (row, parent_col)))
        add_id (found, g_ptr_array_index (row, issue_col));
    }

  return g_steal_pointer (&found);
}

static int
compare_disputes (gconstpointer a,
                  gconstpointer b)
{
  RpDispute *x = *(RpDispute **)a;
  RpDispute *y = *(RpDispute **)b;

  if (x->created_at != y->created_at)
    return x->created_at < y->created_at ? -1 : 1;
  return strcmp (x->issue_id, y->issue_id);
}

static gboolean
collect_disputes (RpEvidence  *self,
                  RpStore     *store,
                  GPtrArray   *order_ids,
                  RpDispute   *asked,
                  GError     **error)
{
  g_autoptr(GPtrArray) issue_ids = find_dispute_ids (store, self->account_id, order_ids, error);

  if (issue_ids == NULL)
    return FALSE;

  if (asked != NULL)
    {
      add_id (issue_ids, asked->issue_id);
      /* Already read in full. */
      g_ptr_array_add (self->disputes, g_object_ref (asked));
    }

  for (guint i = 0; i < issue_ids->len; i++)
    {
      const char *issue_id = g_ptr_array_index (issue_ids, i);
      RpDispute *dispute;

      if (asked != NULL && g_str_equal (issue_id, asked->issue_id))
        continue;

      dispute = rp_store_get_dispute_sync (store, self->account_id, issue_id, error);
      if (dispute == NULL)
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          continue;   /* removed meanwhile */
        }
      g_ptr_array_add (self->disputes, dispute);
    }

  g_ptr_array_sort (self->disputes, compare_disputes);
  return TRUE;
}

static void
choose_buyer_zone (RpEvidence *self)
{
  RpBuyerZone *zones = rp_buyer_zone_get_default ();
  RpOrder *order = self->order;
  const char *country = order->address.country != NULL && *order->address.country != '\0'
                        ? order->address.country : order->buyer_country;

  /* Without tzdata (rp_buyer_zone_get_default() warns) or a country, the buyer's times are
   * in UTC, and the pack still says which zone its buyer times are in. */
  if (zones == NULL || country == NULL)
    {
      self->buyer_zone = g_time_zone_new_utc ();
      self->buyer_zone_name = g_strdup ("UTC");
      return;
    }

  self->buyer_zone_name = g_strdup (rp_buyer_zone_lookup (zones, country, order->address.province,
                                                          order->address.city, NULL));
  self->buyer_zone = rp_buyer_zone_lookup_time_zone (zones, country, order->address.province,
                                                     order->address.city, NULL);
}

static RpEvidence *
collect (Collect       *collect,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(RpEvidence) self = g_object_new (RP_TYPE_EVIDENCE, NULL);
  g_autoptr(RpDispute) asked = NULL;
  g_autoptr(GPtrArray) order_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all_messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) shipments = NULL;
  GError *local_error = NULL;
  const char *order_id = collect->order_id;

  self->account_id = collect->account_id;
  self->issue_id = g_strdup (collect->issue_id);

  if (collect->issue_id != NULL)
    {
      asked = rp_store_get_dispute_sync (collect->store, collect->account_id, collect->issue_id,
                                         &local_error);
      if (asked == NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, local_error);
          else
            g_set_error (error, RP_EVIDENCE_ERROR, RP_EVIDENCE_ERROR_NOT_FOUND,
                         _("There is no dispute %s in the cache; sync first."), collect->issue_id);
          return NULL;
        }
      order_id = order_of (asked);
      if (order_id == NULL)
        {
          g_set_error (error, RP_EVIDENCE_ERROR, RP_EVIDENCE_ERROR_NOT_FOUND,
                       _("The dispute %s names no order."), collect->issue_id);
          return NULL;
        }
    }

  self->order = rp_store_get_order_sync (collect->store, collect->account_id, order_id,
                                         &local_error);
  /* A dispute may name a child order the cache only knows under its own id. */
  if (self->order == NULL && local_error == NULL && asked != NULL && asked->order_id != NULL)
    self->order = rp_store_get_order_sync (collect->store, collect->account_id, asked->order_id,
                                           &local_error);
  if (self->order == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, RP_EVIDENCE_ERROR, RP_EVIDENCE_ERROR_NOT_FOUND,
                     _("There is no order %s in the cache; sync first."), order_id);
      return NULL;
    }

  self->order_id = g_strdup (self->order->order_id);
  add_id (order_ids, self->order->order_id);
  if (asked != NULL)
    {
      add_id (order_ids, asked->order_id);
      add_id (order_ids, asked->parent_order_id);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (!collect_disputes (self, collect->store, order_ids, asked, error))
    return NULL;
  for (guint i = 0; i < self->disputes->len; i++)
    {
      RpDispute *dispute = g_ptr_array_index (self->disputes, i);

      add_id (order_ids, dispute->order_id);
      add_id (order_ids, dispute->parent_order_id);
    }

  /* Order messages live in the channel named after the order (parent or child). */
  for (guint i = 0; i < order_ids->len; i++)
    {
      const char *channel_id = g_ptr_array_index (order_ids, i);
      g_autoptr(RpConversation) conversation = NULL;
      g_autoptr(GPtrArray) messages = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      conversation = rp_store_get_conversation_sync (collect->store, collect->account_id,
                                                     channel_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      messages = rp_store_list_messages_sync (collect->store, collect->account_id, channel_id,
                                              error);
      if (messages == NULL)
        return NULL;

      if (conversation != NULL)
        g_ptr_array_add (self->conversations, g_steal_pointer (&conversation));
      g_ptr_array_extend_and_steal (all_messages, g_steal_pointer (&messages));
    }

  g_ptr_array_unref (self->messages);
  self->messages = canonical_messages (all_messages);
  self->digest = rp_evidence_transcript_sha256 (self->messages);

  shipments = rp_store_list_shipments_sync (collect->store, collect->account_id, self->order_id,
                                            error);
  if (shipments == NULL)
    return NULL;
  g_ptr_array_unref (self->shipments);
  self->shipments = g_steal_pointer (&shipments);

  choose_buyer_zone (self);

  return g_steal_pointer (&self);
}

static void
collect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  RpEvidence *evidence = collect (task_data, cancellable, &error);

  if (evidence == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, evidence, g_object_unref);
}

static gboolean
check_id (const char  *id,
          GError     **error)
{
  /* The id becomes part of a file name. */
  if (id == NULL || *id == '\0' || !g_utf8_validate (id, -1, NULL) || strchr (id, '/') != NULL ||
      g_str_equal (id, ".") || g_str_equal (id, "..") || strlen (id) > 200)
    {
      g_set_error (error, RP_EVIDENCE_ERROR, RP_EVIDENCE_ERROR_INVALID,
                   _("“%s” is not an order or dispute id."), id != NULL ? id : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * rp_evidence_collect_async:
 * @store: an open store
 * @account_id: the account the order belongs to
 * @order_id: (nullable): the order
 * @issue_id: (nullable): or the dispute, whose order is then taken
 *
 * Gathers the evidence for one order from the cache, on a worker thread.
 */
void
rp_evidence_collect_async (RpStore             *store,
                           gint64               account_id,
                           const char          *order_id,
                           const char          *issue_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Collect *data;

  g_return_if_fail (RP_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_evidence_collect_async);
  g_task_set_name (task, "[rp-evidence] collect");

  if ((order_id == NULL) == (issue_id == NULL))
    {
      g_task_return_new_error (task, RP_EVIDENCE_ERROR, RP_EVIDENCE_ERROR_INVALID,
                               "Give an order id or a dispute id");
      return;
    }
  if (!check_id (order_id != NULL ? order_id : issue_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  data = g_new0 (Collect, 1);
  data->store = g_object_ref (store);
  data->account_id = account_id;
  data->order_id = g_strdup (order_id);
  data->issue_id = g_strdup (issue_id);
  g_task_set_task_data (task, data, (GDestroyNotify)collect_free);
  g_task_run_in_thread (task, collect_thread);
}

/**
 * rp_evidence_collect_finish:
 *
 * Returns: (transfer full): the evidence, or %NULL with @error set (RP_EVIDENCE_ERROR_NOT_FOUND
 *   when the cache has no such order or dispute)
 */
RpEvidence *
rp_evidence_collect_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rp_evidence_collect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Accessors ---------------------------------------------------------------------------- */

const char *
rp_evidence_get_order_id (RpEvidence *self)
{
  g_return_val_if_fail (RP_IS_EVIDENCE (self), NULL);
  return self->order_id;
}

/**
 * rp_evidence_get_order:
 *
 * Returns: (transfer none): the order as the cache holds it
 */
RpOrder *
rp_evidence_get_order (RpEvidence *self)
{
  g_return_val_if_fail (RP_IS_EVIDENCE (self), NULL);
  return self->order;
}

guint
rp_evidence_get_n_messages (RpEvidence *self)
{
  g_return_val_if_fail (RP_IS_EVIDENCE (self), 0);
  return self->messages->len;
}

guint
rp_evidence_get_n_disputes (RpEvidence *self)
{
  g_return_val_if_fail (RP_IS_EVIDENCE (self), 0);
  return self->disputes->len;
}

const char *
rp_evidence_get_transcript_sha256 (RpEvidence *self)
{
  g_return_val_if_fail (RP_IS_EVIDENCE (self), NULL);
  return self->digest;
}

void
rp_evidence_set_seller_zone (RpEvidence *self,
                             GTimeZone  *zone)
{
  g_return_if_fail (RP_IS_EVIDENCE (self));
  g_return_if_fail (zone != NULL);

  g_time_zone_unref (self->seller_zone);
  self->seller_zone = g_time_zone_ref (zone);
}

void
rp_evidence_set_generated_at (RpEvidence *self,
                              gint64      utc_usec)
{
  g_return_if_fail (RP_IS_EVIDENCE (self));
  self->generated_at = utc_usec;
}

char *
rp_evidence_build_filename (RpEvidence *self,
                            const char *folder,
                            const char *extension)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (RP_IS_EVIDENCE (self), NULL);
  g_return_val_if_fail (folder != NULL && extension != NULL, NULL);

  name = g_strdup_printf ("evidence-%s.%s", self->order_id, extension);
  return g_build_filename (folder, name, NULL);
}

/* JSON --------------------------------------------------------------------------------- */

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *key,
          gint64       utc_usec,
          GTimeZone   *zone)
{
  g_autofree char *text = format_iso (utc_usec, zone);

  add_string (builder, key, text);
}

static void
add_money (JsonBuilder   *builder,
           const char    *key,
           const RpMoney *money)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "minor_units");
  json_builder_add_int_value (builder, money->cents);
  add_string (builder, "currency", money->currency);
  json_builder_end_object (builder);
}

static void
add_strv (JsonBuilder *builder,
          const char  *key,
          GStrv        values)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static const char *
order_status_name (RpOrderStatus status)
{
  static const char *names[] = { "unknown", "awaiting_payment", "risk_control", "to_ship",
                                 "shipped", "in_cancel", "in_dispute", "finished" };

  return (guint)status < G_N_ELEMENTS (names) ? names[status] : "unknown";
}

static const char *
tracking_status_name (RpTrackingStatus status)
{
  static const char *names[] = { "pending", "info_received", "in_transit", "out_for_delivery",
                                 "delivered", "attempt_failed", "exception", "expired" };

  return (guint)status < G_N_ELEMENTS (names) ? names[status] : "pending";
}

static const char *
dispute_status_name (RpDisputeStatus status)
{
  static const char *names[] = { "processing", "canceled", "finished" };

  return (guint)status < G_N_ELEMENTS (names) ? names[status] : "processing";
}

static void
build_order (RpEvidence  *self,
             JsonBuilder *builder)
{
  RpOrder *order = self->order;
  const RpAddress *a = &order->address;

  json_builder_set_member_name (builder, "order");
  json_builder_begin_object (builder);
  add_string (builder, "order_id", order->order_id);
  add_string (builder, "status", order_status_name (order->status));
  add_string (builder, "marketplace_status", order->raw_status);
  add_string (builder, "issue_status", order->issue_status);
  add_string (builder, "logistics_status", order->logistics_status);
  add_time (builder, "created_at", order->created_at, NULL);
  add_time (builder, "paid_at", order->paid_at, NULL);
  add_time (builder, "modified_at", order->modified_at, NULL);
  add_time (builder, "ship_by", order->ship_by, NULL);
  add_string (builder, "buyer_login_id", order->buyer_login_id);
  add_string (builder, "buyer_name", order->buyer_name);
  add_string (builder, "buyer_country", order->buyer_country);
  add_money (builder, "total", &order->total);
  add_string (builder, "note", order->memo);
  add_string (builder, "confirmation", rp_store_confirmation_to_string (order->confirmation));

  json_builder_set_member_name (builder, "address");
  json_builder_begin_object (builder);
  add_string (builder, "contact_person", a->contact_person);
  add_string (builder, "country", a->country);
  add_string (builder, "province", a->province);
  add_string (builder, "city", a->city);
  add_string (builder, "address", a->address);
  add_string (builder, "address2", a->address2);
  add_string (builder, "detail_address", a->detail_address);
  add_string (builder, "zip", a->zip);
  add_string (builder, "phone", a->phone);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    {
      RpOrderItem *item = g_ptr_array_index (order->items, i);

      json_builder_begin_object (builder);
      add_string (builder, "child_id", item->child_id);
      add_string (builder, "product_id", item->product_id);
      add_string (builder, "title", item->title);
      add_string (builder, "variant", item->variant);
      add_string (builder, "sku", item->sku);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, item->quantity);
      add_money (builder, "unit_price", &item->unit_price);
      add_string (builder, "note", item->memo);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
build_transcript (RpEvidence  *self,
                  JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "conversations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->conversations->len; i++)
    {
      RpConversation *c = g_ptr_array_index (self->conversations, i);

      json_builder_begin_object (builder);
      add_string (builder, "channel_id", c->channel_id);
      add_string (builder, "order_id", c->order_id);
      add_string (builder, "buyer_login_id", c->buyer_login_id);
      add_string (builder, "buyer_name", c->buyer_name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "transcript");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->messages->len; i++)
    {
      RpMessage *m = g_ptr_array_index (self->messages, i);
      g_autofree char *server = format_utc_exact (m->sent_at);

      json_builder_begin_object (builder);
      add_string (builder, "message_id", m->message_id);
      add_string (builder, "channel_id", m->channel_id);
      add_string (builder, "side", m->is_own ? "seller" : "buyer");
      add_string (builder, "sender_login_id", m->sender_login_id);
      add_string (builder, "sender_name", m->sender_name);
      add_string (builder, "server_time_utc", server);
      add_time (builder, "seller_local_time", m->sent_at, self->seller_zone);
      add_time (builder, "buyer_local_time", m->sent_at, self->buyer_zone);
      add_string (builder, "message_type", m->message_type);
      add_string (builder, "text", m->content);
      add_strv (builder, "image_urls", m->image_urls);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_string (builder, "transcript_format", RP_EVIDENCE_TRANSCRIPT_FORMAT);
  add_string (builder, "transcript_sha256", self->digest);
}

static void
build_tracking (RpEvidence  *self,
                JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "tracking");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->shipments->len; i++)
    {
      RpShipment *s = g_ptr_array_index (self->shipments, i);

      json_builder_begin_object (builder);
      add_string (builder, "tracking_no", s->tracking_no);
      add_string (builder, "service_name", s->service_name);
      add_string (builder, "to_country", s->to_country);
      add_string (builder, "status", tracking_status_name (s->status));
      add_string (builder, "receive_status", s->receive_status);
      add_time (builder, "shipped_at", s->shipped_at, NULL);
      add_time (builder, "received_at", s->received_at, NULL);
      json_builder_set_member_name (builder, "events");
      json_builder_begin_array (builder);
      for (guint j = 0; s->events != NULL && j < s->events->len; j++)
        {
          RpTrackingEvent *e = g_ptr_array_index (s->events, j);

          json_builder_begin_object (builder);
          add_time (builder, "at", e->at, NULL);
          add_string (builder, "description", e->description);
          add_string (builder, "address", e->address);
          add_string (builder, "action_code", e->action_code);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
build_solutions (JsonBuilder *builder,
                 const char  *party,
                 GPtrArray   *solutions)
{
  for (guint i = 0; solutions != NULL && i < solutions->len; i++)
    {
      RpSolution *s = g_ptr_array_index (solutions, i);

      json_builder_begin_object (builder);
      add_string (builder, "party", party);
      add_string (builder, "solution_id", s->solution_id);
      add_string (builder, "solution_type", s->solution_type);
      add_string (builder, "owner", s->owner);
      add_string (builder, "status", s->status);
      json_builder_set_member_name (builder, "is_default");
      json_builder_add_boolean_value (builder, s->is_default);
      add_money (builder, "refund", &s->refund);
      add_string (builder, "content", s->content);
      add_time (builder, "created_at", s->created_at, NULL);
      json_builder_end_object (builder);
    }
}

static void
build_disputes (RpEvidence  *self,
                JsonBuilder *builder)
{
  json_builder_set_member_name (builder, "disputes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->disputes->len; i++)
    {
      RpDispute *d = g_ptr_array_index (self->disputes, i);

      json_builder_begin_object (builder);
      add_string (builder, "issue_id", d->issue_id);
      add_string (builder, "order_id", d->order_id);
      add_string (builder, "parent_order_id", d->parent_order_id);
      add_string (builder, "status", dispute_status_name (d->status));
      add_string (builder, "marketplace_status", d->raw_status);
      add_string (builder, "detail_status", d->detail_status);
      add_string (builder, "reason", d->reason);
      add_string (builder, "reason_id", d->reason_id);
      add_string (builder, "timeout_type", d->timeout_type);
      add_time (builder, "deadline", d->deadline, NULL);
      add_time (builder, "created_at", d->created_at, NULL);
      add_time (builder, "modified_at", d->modified_at, NULL);
      add_string (builder, "product_name", d->product_name);
      add_money (builder, "product_price", &d->product_price);
      add_money (builder, "refund_max", &d->refund_max);

      json_builder_set_member_name (builder, "solutions");
      json_builder_begin_array (builder);
      build_solutions (builder, "buyer", d->buyer_solutions);
      build_solutions (builder, "seller", d->seller_solutions);
      build_solutions (builder, "platform", d->platform_solutions);
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "history");
      json_builder_begin_array (builder);
      for (guint j = 0; d->history != NULL && j < d->history->len; j++)
        {
          RpDisputeEvent *e = g_ptr_array_index (d->history, j);

          json_builder_begin_object (builder);
          add_time (builder, "at", e->at, NULL);
          add_string (builder, "actor", e->actor);
          add_string (builder, "action_type", e->action_type);
          add_string (builder, "content", e->content);
          add_strv (builder, "attachments", e->attachments);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * rp_evidence_to_json:
 *
 * Returns: (transfer full): the pack as a pretty-printed JSON document, keys always in the
 *   same order; texts verbatim as the cache holds them
 */
char *
rp_evidence_to_json (RpEvidence *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *seller_zone_name;

  g_return_val_if_fail (RP_IS_EVIDENCE (self), NULL);

  seller_zone_name = g_time_zone_get_identifier (self->seller_zone);

  json_builder_begin_object (builder);
  add_string (builder, "format", RP_EVIDENCE_JSON_FORMAT);
  add_time (builder, "generated_at", self->generated_at, NULL);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_int_value (builder, self->account_id);
  add_string (builder, "order_id", self->order_id);
  add_string (builder, "requested_issue_id", self->issue_id);
  add_string (builder, "seller_time_zone", seller_zone_name);
  add_string (builder, "buyer_time_zone", self->buyer_zone_name);
  build_order (self, builder);
  build_transcript (self, builder);
  build_tracking (self, builder);
  build_disputes (self, builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  return json_generator_to_data (generator, NULL);
}

/* PDF ---------------------------------------------------------------------------------- */

/* A4 in points; the text block leaves room for the footer. */
#define PAGE_WIDTH    595.276
#define PAGE_HEIGHT   841.890
#define MARGIN_X      56.0
#define MARGIN_TOP    56.0
#define TEXT_BOTTOM   (PAGE_HEIGHT - 86.0)
#define FOOTER_TOP    (PAGE_HEIGHT - 66.0)
#define TEXT_WIDTH    (PAGE_WIDTH - 2 * MARGIN_X)

typedef enum
{
  STYLE_TITLE,
  STYLE_HEADING,
  STYLE_SUBHEADING,
  STYLE_BODY,
  STYLE_SMALL,
  STYLE_MONO,
  N_STYLES
} Style;

typedef struct
{
  RpEvidence           *evidence;
  cairo_t              *cr;          /* NULL in the counting pass */
  PangoContext         *context;
  PangoLayout          *layout;
  PangoFontDescription *fonts[N_STYLES];
  double                y;
  guint                 page;        /* 1-based */
  guint                 n_pages;     /* known in the drawing pass */
} Pdf;

static void
set_color (Pdf   *pdf,
           double grey)
{
  if (pdf->cr != NULL)
    cairo_set_source_rgb (pdf->cr, grey, grey, grey);
}

static void
draw_footer (Pdf *pdf)
{
  g_autofree char *digest = g_strdup_printf (_("Transcript SHA-256: %s"), pdf->evidence->digest);
  g_autofree char *page = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  int width, height;

  if (pdf->cr == NULL)
    return;

  layout = pango_layout_new (pdf->context);
  pango_layout_set_width (layout, (int)(TEXT_WIDTH * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_attributes (layout, pango_layout_get_attributes (pdf->layout));

  cairo_set_source_rgb (pdf->cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (pdf->cr, 0.5);
  cairo_move_to (pdf->cr, MARGIN_X, FOOTER_TOP - 6);
  cairo_line_to (pdf->cr, PAGE_WIDTH - MARGIN_X, FOOTER_TOP - 6);
  cairo_stroke (pdf->cr);

  set_color (pdf, 0.3);
  pango_layout_set_font_description (layout, pdf->fonts[STYLE_MONO]);
  pango_layout_set_text (layout, digest, -1);
  cairo_move_to (pdf->cr, MARGIN_X, FOOTER_TOP);
  pango_cairo_show_layout (pdf->cr, layout);
  pango_layout_get_pixel_size (layout, &width, &height);

  /* TRANSLATORS: the page number in the evidence document's footer */
  page = g_strdup_printf (_("Order %s · page %u of %u"), pdf->evidence->order_id, pdf->page,
                          pdf->n_pages);
  pango_layout_set_font_description (layout, pdf->fonts[STYLE_SMALL]);
  pango_layout_set_text (layout, page, -1);
  cairo_move_to (pdf->cr, MARGIN_X, FOOTER_TOP + height + 2);
  pango_cairo_show_layout (pdf->cr, layout);
}

static void
new_page (Pdf *pdf)
{
  if (pdf->page > 0)
    {
      draw_footer (pdf);
      if (pdf->cr != NULL)
        cairo_show_page (pdf->cr);
    }
  pdf->page++;
  pdf->y = MARGIN_TOP;
}

/* Lays @text out in @style and places it line by line, so that a paragraph longer than a
 * page (a 10 kB word, a long message) flows onto the next one. */
static void
emit (Pdf        *pdf,
      Style       style,
      double      indent,
      double      grey,
      const char *text)
{
  PangoLayoutIter *iter;

  pango_layout_set_font_description (pdf->layout, pdf->fonts[style]);
  pango_layout_set_width (pdf->layout, (int)((TEXT_WIDTH - indent) * PANGO_SCALE));
  /* Plain text: set_text never reads markup. */
  pango_layout_set_text (pdf->layout, text, -1);

  iter = pango_layout_get_iter (pdf->layout);
  do
    {
      PangoRectangle logical;
      double height, ascent;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = (double)logical.height / PANGO_SCALE;
      ascent = (double)(pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;

      if (pdf->y + height > TEXT_BOTTOM)
        new_page (pdf);

      if (pdf->cr != NULL)
        {
          set_color (pdf, grey);
          cairo_move_to (pdf->cr, MARGIN_X + indent + (double)logical.x / PANGO_SCALE,
                         pdf->y + ascent);
          pango_cairo_show_layout_line (pdf->cr, pango_layout_iter_get_line_readonly (iter));
        }
      pdf->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
space (Pdf    *pdf,
       double  points)
{
  pdf->y += points;
}

/* Starts a block of about @lines body lines on a new page when too little of this one is
 * left, so a heading never ends a page alone. */
static void
keep (Pdf   *pdf,
      guint  lines)
{
  if (pdf->y + lines * 13.0 > TEXT_BOTTOM)
    new_page (pdf);
}

static void
heading (Pdf        *pdf,
         const char *text)
{
  space (pdf, 14);
  keep (pdf, 4);
  emit (pdf, STYLE_HEADING, 0, 0.1, text);
  space (pdf, 4);
}

static void
field (Pdf        *pdf,
       const char *label,
       const char *value)
{
  g_autofree char *safe = NULL;
  g_autofree char *line = NULL;

  if (value == NULL || *value == '\0')
    return;

  safe = rp_plain_text_for_display (value, 0, NULL, 0);
  /* TRANSLATORS: a label and its value in the evidence document, e.g. "Status: shipped" */
  line = g_strdup_printf (_("%s: %s"), label, safe);
  emit (pdf, STYLE_BODY, 0, 0.1, line);
}

static void
time_field (Pdf        *pdf,
            const char *label,
            gint64      utc_usec)
{
  g_autofree char *utc = NULL;
  g_autofree char *seller = NULL;
  g_autofree char *text = NULL;

  if (utc_usec == 0)
    return;

  utc = format_utc_display (utc_usec);
  seller = format_local_display (utc_usec, pdf->evidence->seller_zone);
  /* TRANSLATORS: a time in UTC, then the same time in the seller's zone */
  text = g_strdup_printf (_("%s (seller: %s)"), utc, seller);
  field (pdf, label, text);
}

static void
render_order (Pdf *pdf)
{
  RpEvidence *self = pdf->evidence;
  RpOrder *order = self->order;
  const RpAddress *a = &order->address;
  g_autofree char *total = rp_dispute_format_money (&order->total);
  g_autofree char *buyer = NULL;
  g_autoptr(GString) address = g_string_new (NULL);
  const char *parts[] = { a->contact_person, a->detail_address, a->address, a->address2, a->city,
                          a->province, a->zip, a->country, a->phone };

  heading (pdf, _("Order"));
  field (pdf, _("Order"), order->order_id);
  field (pdf, _("Status"), order->raw_status != NULL ? order->raw_status
                                                      : order_status_name (order->status));
  field (pdf, _("Dispute status"), order->issue_status);
  field (pdf, _("Logistics status"), order->logistics_status);
  time_field (pdf, _("Placed"), order->created_at);
  time_field (pdf, _("Paid"), order->paid_at);
  time_field (pdf, _("Ship by"), order->ship_by);
  field (pdf, _("Total"), total);

  buyer = g_strdup_printf ("%s (%s, %s)", order->buyer_name != NULL ? order->buyer_name : "—",
                           order->buyer_login_id != NULL ? order->buyer_login_id : "—",
                           order->buyer_country != NULL ? order->buyer_country : "—");
  field (pdf, _("Buyer"), buyer);
  field (pdf, _("Buyer’s time zone"), self->buyer_zone_name);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (address, "%s%s", address->len > 0 ? ", " : "", parts[i]);
  field (pdf, _("Address"), address->str);
  field (pdf, _("Buyer’s note"), order->memo);

  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    {
      RpOrderItem *item = g_ptr_array_index (order->items, i);
      g_autofree char *price = rp_dispute_format_money (&item->unit_price);
      g_autofree char *line = NULL;

      space (pdf, 4);
      line = g_strdup_printf ("%u × %s", item->quantity, item->title != NULL ? item->title : "—");
      field (pdf, _("Item"), line);
      field (pdf, _("Variant"), item->variant);
      field (pdf, _("SKU"), item->sku);
      field (pdf, _("Unit price"), price);
      field (pdf, _("Buyer’s note on the item"), item->memo);
    }
}

static void
render_transcript (Pdf *pdf)
{
  RpEvidence *self = pdf->evidence;
  g_autofree char *intro = NULL;

  heading (pdf, _("Conversation"));
  intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u message, oldest first. Times: the server’s, in UTC; "
                                        "then the seller’s and the buyer’s local time.",
                                        "%u messages, oldest first. Times: the server’s, in UTC; "
                                        "then the seller’s and the buyer’s local time.",
                                        self->messages->len),
                           self->messages->len);
  emit (pdf, STYLE_SMALL, 0, 0.35, intro);

  if (self->messages->len == 0)
    {
      space (pdf, 6);
      emit (pdf, STYLE_BODY, 0, 0.1, _("No messages in the cache for this order."));
    }

  for (guint i = 0; i < self->messages->len; i++)
    {
      RpMessage *m = g_ptr_array_index (self->messages, i);
      g_autofree char *utc = format_utc_display (m->sent_at);
      g_autofree char *seller = format_local_display (m->sent_at, self->seller_zone);
      g_autofree char *buyer = format_local_display (m->sent_at, self->buyer_zone);
      g_autofree char *name = rp_plain_text_for_display (m->sender_name != NULL ? m->sender_name
                                                         : m->sender_login_id != NULL
                                                         ? m->sender_login_id : "", 200, NULL, 0);
      g_autofree char *head = NULL;
      g_autofree char *times = NULL;
      g_autofree char *body = rp_plain_text_for_display (m->content != NULL ? m->content : "",
                                                          0, NULL, 0);

      space (pdf, 8);
      keep (pdf, 3);
      head = g_strdup_printf ("%s — %s", m->is_own ? _("Seller") : _("Buyer"), name);
      emit (pdf, STYLE_SUBHEADING, 0, m->is_own ? 0.1 : 0.0, head);
      /* TRANSLATORS: server time (UTC), the seller's local time, the buyer's local time */
      times = g_strdup_printf (_("%s · seller %s · buyer %s"), utc, seller, buyer);
      emit (pdf, STYLE_SMALL, 0, 0.4, times);
      space (pdf, 2);
      emit (pdf, STYLE_BODY, 12, 0.0, *body != '\0' ? body : "—");
      for (guint j = 0; m->image_urls != NULL && m->image_urls[j] != NULL; j++)
        {
          g_autofree char *url = rp_plain_text_for_display (m->image_urls[j], 0, NULL, 0);
          g_autofree char *line = g_strdup_printf (_("Image: %s"), url);

          emit (pdf, STYLE_SMALL, 12, 0.35, line);
        }
    }
}

static void
render_tracking (Pdf *pdf)
{
  RpEvidence *self = pdf->evidence;

  heading (pdf, _("Tracking"));
  if (self->shipments->len == 0)
    emit (pdf, STYLE_BODY, 0, 0.1, _("No parcel in the cache for this order."));

  for (guint i = 0; i < self->shipments->len; i++)
    {
      RpShipment *s = g_ptr_array_index (self->shipments, i);
      g_autofree char *parcel = g_strdup_printf ("%s — %s (%s)",
                                                 s->tracking_no != NULL ? s->tracking_no : "—",
                                                 s->service_name != NULL ? s->service_name : "—",
                                                 tracking_status_name (s->status));
      g_autofree char *safe = rp_plain_text_for_display (parcel, 0, NULL, 0);

      space (pdf, 6);
      keep (pdf, 3);
      emit (pdf, STYLE_SUBHEADING, 0, 0.1, safe);
      time_field (pdf, _("Shipped"), s->shipped_at);
      time_field (pdf, _("Received"), s->received_at);

      if (s->events == NULL || s->events->len == 0)
        emit (pdf, STYLE_SMALL, 0, 0.35, _("No tracking events yet."));

      for (guint j = 0; s->events != NULL && j < s->events->len; j++)
        {
          RpTrackingEvent *e = g_ptr_array_index (s->events, j);
          g_autofree char *at = format_utc_display (e->at);
          g_autofree char *text = g_strdup_printf ("%s · %s%s%s", at,
                                                   e->description != NULL ? e->description : "",
                                                   e->address != NULL && *e->address != '\0'
                                                   ? " · " : "",
                                                   e->address != NULL ? e->address : "");
          g_autofree char *line = rp_plain_text_for_display (text, 0, NULL, 0);

          emit (pdf, STYLE_BODY, 12, 0.1, line);
        }
    }
}

static void
render_solutions (Pdf        *pdf,
                  const char *party,
                  GPtrArray  *solutions)
{
  for (guint i = 0; solutions != NULL && i < solutions->len; i++)
    {
      RpSolution *s = g_ptr_array_index (solutions, i);
      g_autofree char *refund = rp_dispute_format_money (&s->refund);
      g_autofree char *at = format_utc_display (s->created_at);
      g_autofree char *text = NULL;
      g_autofree char *line = NULL;

      /* TRANSLATORS: a dispute solution: who, when, type, refund, status, e.g.
       * "buyer, 2026-11-02 10:00:00 UTC: refund 12.00 USD (reached_agreement)" */
      text = g_strdup_printf (_("%s, %s: %s %s (%s)"), party, at,
                              s->solution_type != NULL ? s->solution_type : "—", refund,
                              s->status != NULL ? s->status : "—");
      line = rp_plain_text_for_display (text, 0, NULL, 0);
      emit (pdf, STYLE_BODY, 12, 0.1, line);
      if (s->content != NULL && *s->content != '\0')
        {
          g_autofree char *content = rp_plain_text_for_display (s->content, 0, NULL, 0);

          emit (pdf, STYLE_SMALL, 24, 0.25, content);
        }
    }
}

static void
render_disputes (Pdf *pdf)
{
  RpEvidence *self = pdf->evidence;

  heading (pdf, _("Disputes"));
  if (self->disputes->len == 0)
    emit (pdf, STYLE_BODY, 0, 0.1, _("No dispute in the cache for this order."));

  for (guint i = 0; i < self->disputes->len; i++)
    {
      RpDispute *d = g_ptr_array_index (self->disputes, i);
      g_autofree char *title = g_strdup_printf (_("Dispute %s"), d->issue_id);
      g_autofree char *cap = rp_dispute_format_money (&d->refund_max);

      space (pdf, 6);
      keep (pdf, 4);
      emit (pdf, STYLE_SUBHEADING, 0, 0.1, title);
      field (pdf, _("Reason"), d->reason);
      field (pdf, _("Status"), d->raw_status != NULL ? d->raw_status
                                                     : dispute_status_name (d->status));
      field (pdf, _("Detail"), d->detail_status);
      time_field (pdf, _("Opened"), d->created_at);
      time_field (pdf, _("Deadline"), d->deadline);
      field (pdf, _("Product"), d->product_name);
      field (pdf, _("Refund cap"), cap);

      if ((d->buyer_solutions != NULL && d->buyer_solutions->len > 0) ||
          (d->seller_solutions != NULL && d->seller_solutions->len > 0) ||
          (d->platform_solutions != NULL && d->platform_solutions->len > 0))
        {
          space (pdf, 4);
          emit (pdf, STYLE_BODY, 0, 0.1, _("Solutions:"));
          render_solutions (pdf, _("buyer"), d->buyer_solutions);
          render_solutions (pdf, _("seller"), d->seller_solutions);
          render_solutions (pdf, _("platform"), d->platform_solutions);
        }

      if (d->history != NULL && d->history->len > 0)
        {
          space (pdf, 4);
          emit (pdf, STYLE_BODY, 0, 0.1, _("History:"));
        }
      for (guint j = 0; d->history != NULL && j < d->history->len; j++)
        {
          RpDisputeEvent *e = g_ptr_array_index (d->history, j);
          g_autofree char *at = format_utc_display (e->at);
          g_autofree char *text = g_strdup_printf ("%s · %s · %s", at,
                                                   e->actor != NULL ? e->actor : "—",
                                                   e->action_type != NULL ? e->action_type : "—");
          g_autofree char *line = rp_plain_text_for_display (text, 0, NULL, 0);

          emit (pdf, STYLE_BODY, 12, 0.1, line);
          if (e->content != NULL && *e->content != '\0')
            {
              g_autofree char *content = rp_plain_text_for_display (e->content, 0, NULL, 0);

              emit (pdf, STYLE_SMALL, 24, 0.25, content);
            }
          for (guint k = 0; e->attachments != NULL && e->attachments[k] != NULL; k++)
            {
              g_autofree char *file = rp_plain_text_for_display (e->attachments[k], 0, NULL, 0);
              g_autofree char *attachment = g_strdup_printf (_("Attachment: %s"), file);

              emit (pdf, STYLE_SMALL, 24, 0.35, attachment);
            }
        }
    }
}

static void
render_document (Pdf *pdf)
{
  RpEvidence *self = pdf->evidence;
  g_autofree char *title = g_strdup_printf (_("Evidence for order %s"), self->order_id);
  g_autofree char *made = NULL;
  g_autofree char *when = format_utc_display (self->generated_at);
  g_autofree char *verify = NULL;

  new_page (pdf);
  emit (pdf, STYLE_TITLE, 0, 0.0, title);
  space (pdf, 4);
  /* TRANSLATORS: %s is a time in UTC */
  made = g_strdup_printf (_("Made by Rapport on %s from its copy of the marketplace’s records."),
                          when);
  emit (pdf, STYLE_SMALL, 0, 0.35, made);
  if (self->issue_id != NULL)
    {
      g_autofree char *asked = g_strdup_printf (_("Prepared for dispute %s."), self->issue_id);

      emit (pdf, STYLE_SMALL, 0, 0.35, asked);
    }

  render_order (pdf);
  render_transcript (pdf);
  render_tracking (pdf);
  render_disputes (pdf);

  heading (pdf, _("Transcript digest"));
  verify = g_strdup_printf (_("SHA-256 over the %u messages above in the %s form (see the "
                              "JSON file and Rapport’s documentation). Any change to a message "
                              "changes it."),
                            self->messages->len, RP_EVIDENCE_TRANSCRIPT_FORMAT);
  emit (pdf, STYLE_SMALL, 0, 0.35, verify);
  space (pdf, 4);
  emit (pdf, STYLE_MONO, 0, 0.0, self->digest);

  draw_footer (pdf);
}

static cairo_status_t
write_bytes_cb (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
pdf_clear (Pdf *pdf)
{
  for (guint i = 0; i < N_STYLES; i++)
    g_clear_pointer (&pdf->fonts[i], pango_font_description_free);
  g_clear_object (&pdf->layout);
  g_clear_object (&pdf->context);
}

static void
pdf_init (Pdf          *pdf,
          RpEvidence   *evidence,
          PangoFontMap *font_map)
{
  static const char *fonts[N_STYLES] = {
    [STYLE_TITLE] = "Sans Bold 17",
    [STYLE_HEADING] = "Sans Bold 13",
    [STYLE_SUBHEADING] = "Sans Bold 9.5",
    [STYLE_BODY] = "Sans 9.5",
    [STYLE_SMALL] = "Sans 8",
    [STYLE_MONO] = "Monospace 7.5",
  };
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoAttrList *attributes;

  memset (pdf, 0, sizeof *pdf);
  pdf->evidence = evidence;
  pdf->context = pango_font_map_create_context (font_map);
  /* Points are the PDF's unit; unhinted metrics lay out the same in both passes. */
  pango_cairo_context_set_resolution (pdf->context, 72.0);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pdf->context, options);
  cairo_font_options_destroy (options);

  pdf->layout = pango_layout_new (pdf->context);
  pango_layout_set_wrap (pdf->layout, PANGO_WRAP_WORD_CHAR);
  /* A word cut across lines gets no hyphen: the document shows the text as written. */
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (pdf->layout, attributes);
  pango_attr_list_unref (attributes);
  for (guint i = 0; i < N_STYLES; i++)
    pdf->fonts[i] = pango_font_description_from_string (fonts[i]);
}

/**
 * rp_evidence_to_pdf:
 * @out_n_pages: (out) (optional): the number of pages
 *
 * Returns: (transfer full): the PDF document, or %NULL with @error set
 */
GBytes *
rp_evidence_to_pdf (RpEvidence  *self,
                    guint       *out_n_pages,
                    GError     **error)
{
  /* A font map of its own: Pango's default one belongs to the thread that made it. */
  g_autoptr(PangoFontMap) font_map = pango_cairo_font_map_new ();
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *title = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *created = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  guint n_pages;
  Pdf pdf;

  g_return_val_if_fail (RP_IS_EVIDENCE (self), NULL);

  /* Counting pass: the footer says "page N of M". */
  pdf_init (&pdf, self, font_map);
  render_document (&pdf);
  n_pages = pdf.page;
  pdf_clear (&pdf);

  surface = cairo_pdf_surface_create_for_stream (write_bytes_cb, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  title = g_strdup_printf (_("Evidence for order %s"), self->order_id);
  subject = g_strdup_printf ("transcript-sha256 %s", self->digest);
  created = format_iso (self->generated_at, NULL);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Rapport " PACKAGE_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  if (created != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created);

  pdf_init (&pdf, self, font_map);
  pdf.cr = cairo_create (surface);
  pdf.n_pages = n_pages;
  render_document (&pdf);
  /* Both passes lay out with the same context, so they agree; were they ever not to, the
   * footers would be off by the difference, which is no reason to fail an export. */
  if (pdf.page != n_pages)
    g_warning ("The evidence PDF has %u pages, its footers say %u", pdf.page, n_pages);
  n_pages = pdf.page;
  cairo_show_page (pdf.cr);
  status = cairo_status (pdf.cr);
  cairo_destroy (pdf.cr);
  pdf_clear (&pdf);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not make the PDF: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }

  if (out_n_pages != NULL)
    *out_n_pages = n_pages;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* Export ------------------------------------------------------------------------------- */

typedef struct
{
  char *folder;
  char *pdf_path;
  char *json_path;
} Export;

static void
export_free (Export *export)
{
  g_free (export->folder);
  g_free (export->pdf_path);
  g_free (export->json_path);
  g_free (export);
}

static gboolean
write_atomically (const char  *path,
                  const void  *data,
                  gsize        length,
                  GError     **error)
{
  GError *local_error = NULL;

  /* CONSISTENT writes a temporary file beside @path, fsyncs it and renames it over @path. */
  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not write %s: %s"), path, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  return TRUE;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RpEvidence *self = source_object;
  Export *export = task_data;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) pdf = NULL;
  GError *error = NULL;

  if (g_mkdir_with_parents (export->folder, 0755) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create the folder %s: %s"), export->folder,
                               g_strerror (saved));
      return;
    }

  /* Both documents are made before either is written: a failure to render leaves the
   * folder as it was. */
  json = rp_evidence_to_json (self);
  if (g_task_return_error_if_cancelled (task))
    return;
  pdf = rp_evidence_to_pdf (self, NULL, &error);
  if (pdf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  if (!write_atomically (export->json_path, json, strlen (json), &error) ||
      !write_atomically (export->pdf_path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                         &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
rp_evidence_export_async (RpEvidence          *self,
                          const char          *folder,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Export *export;

  g_return_if_fail (RP_IS_EVIDENCE (self));
  g_return_if_fail (folder != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_evidence_export_async);
  g_task_set_name (task, "[rp-evidence] export");

  export = g_new0 (Export, 1);
  export->folder = g_strdup (folder);
  export->pdf_path = rp_evidence_build_filename (self, folder, "pdf");
  export->json_path = rp_evidence_build_filename (self, folder, "json");
  g_task_set_task_data (task, export, (GDestroyNotify)export_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * rp_evidence_export_finish:
 * @out_pdf_path: (out) (optional) (transfer full): where the PDF went
 * @out_json_path: (out) (optional) (transfer full): where the JSON file went
 */
gboolean
rp_evidence_export_finish (RpEvidence    *self,
                           GAsyncResult  *result,
                           char         **out_pdf_path,
                           char         **out_json_path,
                           GError       **error)
{
  Export *export;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rp_evidence_export_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  export = g_task_get_task_data (G_TASK (result));
  if (out_pdf_path != NULL)
    *out_pdf_path = g_strdup (export->pdf_path);
  if (out_json_path != NULL)
    *out_json_path = g_strdup (export->json_path);
  return TRUE;
}
