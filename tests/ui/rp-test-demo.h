/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rp-context.h"

G_BEGIN_DECLS

/* Before g_test_init(): a home of its own for the test program @name (not
 * G_TEST_OPTION_ISOLATE_DIRS: the icon theme lives in XDG_DATA_DIRS), the computer's clock
 * in Asia/Shanghai, and the build's rapport-sandbox unless RAPPORT_SANDBOX names one. */
void      rp_test_demo_prepare      (const char  *name);

/* Iterates the main context until @done (data) is true, for at most @seconds. */
gboolean  rp_test_wait_until        (gboolean   (*done) (gpointer),
                                     gpointer     data,
                                     guint        seconds);

/* A context on the demo marketplace (a rapport-sandbox of its own, RAPPORT_SANDBOX),
 * opened; the first sync may still run. */
RpContext *rp_test_demo_open        (GSettings   *settings);

/* Whether @context (an RpContext) has finished a sync and runs none now: opening
 * returns before the first sync starts. */
gboolean  rp_test_demo_synced       (gpointer     context);

/* The demo's one store: its id, and the sandbox's address. */
gint64    rp_test_demo_account      (RpContext   *context,
                                     char       **base_url);

/* A call to the sandbox's control endpoints (`/sandbox/export`, `/sandbox/clock?…`):
 * asserts a 200 and returns the JSON body, or NULL when the body is empty. */
JsonNode *rp_test_sandbox_request   (const char  *base_url,
                                     const char  *method,
                                     const char  *path);

G_END_DECLS
