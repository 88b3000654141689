/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RP_SB_JSON_MAX_DEPTH 32

/* A streaming JSON writer.  The sandbox writes whole worlds (hundreds of
 * thousands of objects) for /sandbox/export; building a node tree first
 * would cost several times the memory of the world itself. */
typedef struct
{
  GString  *out;
  gboolean  simplify;
  guint     depth;
  gboolean  need_comma[RP_SB_JSON_MAX_DEPTH];
  gboolean  wrapped[RP_SB_JSON_MAX_DEPTH];
} RpSbJson;

void   rp_sb_json_init         (RpSbJson   *json,
                                gboolean    simplify);
char  *rp_sb_json_finish       (RpSbJson   *json);
void   rp_sb_json_clear        (RpSbJson   *json);
void   rp_sb_json_begin_object (RpSbJson   *json,
                                const char *name);
void   rp_sb_json_end_object   (RpSbJson   *json);
void   rp_sb_json_begin_array  (RpSbJson   *json,
                                const char *name);
void   rp_sb_json_end_array    (RpSbJson   *json);
void   rp_sb_json_begin_list   (RpSbJson   *json,
                                const char *name,
                                const char *item_name);
void   rp_sb_json_end_list     (RpSbJson   *json);
void   rp_sb_json_string       (RpSbJson   *json,
                                const char *name,
                                const char *value);
void   rp_sb_json_int          (RpSbJson   *json,
                                const char *name,
                                gint64      value);
void   rp_sb_json_bool         (RpSbJson   *json,
                                const char *name,
                                gboolean    value);
void   rp_sb_json_null         (RpSbJson   *json,
                                const char *name);
void   rp_sb_json_money        (RpSbJson   *json,
                                const char *name,
                                gint64      cents,
                                const char *currency);
void   rp_sb_json_append_escaped (GString    *out,
                                  const char *text);

G_END_DECLS
