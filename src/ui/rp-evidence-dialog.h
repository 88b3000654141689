/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rp-context.h"

G_BEGIN_DECLS

/* "Export Evidence…" for one order, shared by the order, dispute and conversation views:
 * asks for a folder, writes the PDF and the JSON file there with progress, then shows the
 * transcript digest with an action to open the folder.  @context may be NULL: the nearest
 * ancestor of @from with a "context" property provides it. */
void       rp_evidence_dialog_run              (GtkWidget  *from,
                                                RpContext  *context,
                                                gint64      account_id,
                                                const char *order_id);
/* The same for a dispute: the pack is @order_id's and says it was made for @issue_id. */
void       rp_evidence_dialog_run_for_dispute  (GtkWidget  *from,
                                                RpContext  *context,
                                                gint64      account_id,
                                                const char *order_id,
                                                const char *issue_id);

/* The same without asking: exports into @folder.  Returns the progress dialog (transfer
 * none); the result dialog that follows is named "evidence-result". */
GtkWindow *rp_evidence_dialog_export_to_folder (GtkWidget  *from,
                                                RpStore    *store,
                                                gint64      account_id,
                                                const char *order_id,
                                                const char *folder);

G_END_DECLS
