/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RP_CONDUCT_ERROR (rp_conduct_error_quark ())

typedef enum
{
  RP_CONDUCT_ERROR_INVALID_TEXT,
} RpConductError;

typedef enum
{
  RP_CONDUCT_CONFIRM_RECEIPT,     /* asking the buyer to confirm receipt */
  RP_CONDUCT_CLOSE_DISPUTE,       /* asking to close, cancel or withdraw a dispute */
  RP_CONDUCT_FEEDBACK,            /* asking to change a rating, or good feedback for something */
  RP_CONDUCT_OFF_PLATFORM,        /* e-mail, phone, messengers, outside links */
  RP_CONDUCT_OUTSIDE_PAYMENT,     /* money outside the platform */
} RpConductKind;

typedef struct
{
  RpConductKind  kind;
  gsize          start;           /* byte offsets of the matched span in the text */
  gsize          end;
  glong          start_char;      /* the same in characters, for GtkTextBuffer */
  glong          end_char;
  const char    *explanation;     /* translated, static */
} RpConductFinding;

GQuark      rp_conduct_error_quark      (void);
/* The findings in text order (GArray of RpConductFinding); NULL + error if not UTF-8. */
GArray     *rp_conduct_check            (const char    *text,
                                         GError       **error);
/* Why the platform forbids a kind of text, translated. */
const char *rp_conduct_explain          (RpConductKind  kind);
/* Whether links to a host are fine: the platform or a tracking site. */
gboolean    rp_conduct_is_tracking_host (const char    *host);

G_END_DECLS
