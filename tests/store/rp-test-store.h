/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rp-store.h"

G_BEGIN_DECLS

/* A cache of its own in a temporary folder, with two store accounts (whose rows a query
 * must keep apart), for the tests of the store's readers. */
typedef struct
{
  char    *dir;
  RpStore *store;
  gint64   account;
  gint64   other;
} RpTestStore;

void rp_test_store_setup    (RpTestStore   *f,
                             gconstpointer  data);
void rp_test_store_teardown (RpTestStore   *f,
                             gconstpointer  data);

G_END_DECLS
