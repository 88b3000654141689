/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rp-enums.h"

G_BEGIN_DECLS

/* What an outbox item asks the marketplace to do.  The values are never persisted as
 * numbers (the store keeps the nick), so the list may be reordered freely. */
typedef enum
{
  RP_OUTBOX_KIND_MESSAGE,
  RP_OUTBOX_KIND_CONFIRMATION,
  RP_OUTBOX_KIND_FULFILL,
  RP_OUTBOX_KIND_SOLUTION_SAVE,
  RP_OUTBOX_KIND_SOLUTION_AGREE,
  RP_OUTBOX_KIND_MARK_READ,
  RP_OUTBOX_KIND_MARK_PROCESSED,
  RP_OUTBOX_KIND_SET_RANK,
  RP_OUTBOX_KIND_EXTEND_ACCEPT,
} RpOutboxKind;

#define RP_TYPE_OUTBOX_ITEM (rp_outbox_item_get_type ())

G_DECLARE_FINAL_TYPE (RpOutboxItem, rp_outbox_item, RP, OUTBOX_ITEM, GObject)

/* One write to the marketplace, committed locally before it is sent (DESIGN §5). */
struct _RpOutboxItem
{
  GObject        parent_instance;

  gint64         id;            /* 0 until stored */
  gint64         account_id;
  RpOutboxKind   kind;
  char          *target_id;     /* channel, order or issue id: items of one target go in order */
  char          *payload;       /* opaque text (JSON) made by whoever enqueued it */
  RpOutboxState  state;
  guint          attempts;
  char          *last_error;
  gint64         created_at;    /* UTC µs */
  gint64         not_before;    /* UTC µs; 0 = at once */
  gint64         sent_at;
  char          *remote_id;     /* the marketplace's id for what was created, if any */
  gboolean       ambiguous;     /* a send was interrupted: re-read before resending */
  gboolean       keeps_quiet_hours;  /* scheduled: its retries wait out the buyer's night too */
};

RpOutboxItem *rp_outbox_item_new             (RpOutboxKind   kind,
                                              gint64         account_id,
                                              const char    *target_id,
                                              const char    *payload);
const char   *rp_outbox_kind_to_string       (RpOutboxKind   kind);
gboolean      rp_outbox_kind_from_string     (const char    *text,
                                              RpOutboxKind  *out_kind);
const char   *rp_outbox_state_to_string      (RpOutboxState  state);
gboolean      rp_outbox_state_from_string    (const char    *text,
                                              RpOutboxState *out_state);
gboolean      rp_outbox_state_is_pending     (RpOutboxState  state);

G_END_DECLS
