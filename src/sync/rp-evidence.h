/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rp-order.h"
#include "rp-store.h"

G_BEGIN_DECLS

/* An evidence pack for one order: what the cache knows of the order, the full transcript of
 * its conversation, the parcel's tracking timeline and the history of its disputes, written
 * as a JSON file and a PDF, with a SHA-256 digest over the transcript so that a later change
 * to any message shows.
 *
 * The digest (RP_EVIDENCE_TRANSCRIPT_FORMAT) is taken over this UTF-8 text:
 *
 *   rapport-transcript-v1 LF
 *   then one line per message, in server-time order (ties: message id, then channel id,
 *   compared bytewise):
 *   TIME SP SIDE SP LEN:CHANNEL SP LEN:MESSAGE_ID SP LEN:SENDER SP LEN:TEXT LF
 *
 * TIME is the server timestamp in UTC, "YYYY-MM-DDTHH:MM:SS.ffffffZ" (always six digits);
 * SIDE is "seller" or "buyer"; each other field is its length in bytes (decimal, no leading
 * zeros) followed by a colon and the bytes themselves, verbatim (the sender is the sender's
 * login id, empty when unknown).  Length prefixes make the text unambiguous whatever a message
 * holds (newlines, spaces, colons).  Nothing in it depends on the locale, the time zone or a
 * display name, so the same messages give the same digest on any machine.  Messages the
 * marketplace has not accepted yet (local echoes without a message id) are not part of the
 * transcript: they were never sent. */

#define RP_EVIDENCE_TRANSCRIPT_FORMAT "rapport-transcript-v1"
#define RP_EVIDENCE_JSON_FORMAT       "rapport-evidence-v1"

#define RP_EVIDENCE_ERROR (rp_evidence_error_quark ())

typedef enum
{
  RP_EVIDENCE_ERROR_NOT_FOUND,   /* no such order or dispute in the cache */
  RP_EVIDENCE_ERROR_INVALID,     /* bad arguments: no id, an id with a path separator */
} RpEvidenceError;

#define RP_TYPE_EVIDENCE (rp_evidence_get_type ())

G_DECLARE_FINAL_TYPE (RpEvidence, rp_evidence, RP, EVIDENCE, GObject)

GQuark      rp_evidence_error_quark   (void);

/* Gathers everything for @order_id, or for the order @issue_id names (give exactly one), on
 * a worker thread, from the cache only (no network). */
void        rp_evidence_collect_async  (RpStore             *store,
                                        gint64               account_id,
                                        const char          *order_id,
                                        const char          *issue_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
RpEvidence *rp_evidence_collect_finish (GAsyncResult        *result,
                                        GError             **error);

const char *rp_evidence_get_order_id          (RpEvidence *self);
RpOrder    *rp_evidence_get_order             (RpEvidence *self);
guint       rp_evidence_get_n_messages        (RpEvidence *self);
guint       rp_evidence_get_n_disputes        (RpEvidence *self);
/* Lowercase hex, 64 characters. */
const char *rp_evidence_get_transcript_sha256 (RpEvidence *self);

/* The zone the seller's local times are given in (default: this machine's), and the moment
 * the pack says it was made (default: when it was gathered). */
void        rp_evidence_set_seller_zone       (RpEvidence *self,
                                               GTimeZone  *zone);
void        rp_evidence_set_generated_at      (RpEvidence *self,
                                               gint64      utc_usec);

/* The JSON document, pretty-printed, keys in a fixed order (transfer full). */
char       *rp_evidence_to_json               (RpEvidence  *self);
/* The PDF document (transfer full); @out_n_pages may be NULL. */
GBytes     *rp_evidence_to_pdf                (RpEvidence  *self,
                                               guint       *out_n_pages,
                                               GError     **error);

/* "evidence-ORDER.json" and "evidence-ORDER.pdf" (transfer full). */
char       *rp_evidence_build_filename        (RpEvidence  *self,
                                               const char  *folder,
                                               const char  *extension);

/* Renders both documents on a worker thread, then writes each one atomically into @folder
 * (created when missing): a temporary file beside it, flushed to disk, renamed over the
 * name.  A crash leaves the old file or the new one, never half of one. */
void        rp_evidence_export_async          (RpEvidence          *self,
                                               const char          *folder,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    rp_evidence_export_finish         (RpEvidence          *self,
                                               GAsyncResult        *result,
                                               char               **out_pdf_path,
                                               char               **out_json_path,
                                               GError             **error);

/* The canonical transcript text described above for @messages (a GPtrArray of RpMessage,
 * in any order; local echoes are left out), and its SHA-256 in lowercase hex (transfer
 * full). */
char       *rp_evidence_canonical_transcript  (GPtrArray  *messages);
char       *rp_evidence_transcript_sha256     (GPtrArray  *messages);

G_END_DECLS
