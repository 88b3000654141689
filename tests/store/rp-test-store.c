/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-test-store"

#include "config.h"

#include <glib/gstdio.h>

#include "rp-test-store.h"

static gint64
add_account (RpStore    *store,
             const char *name,
             const char *seller_id)
{
  g_autoptr(RpStoreAccount) account = rp_store_account_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  account->marketplace = g_strdup ("aliexpress");
  account->base_url = g_strdup ("http://127.0.0.1:1");
  account->app_key = g_strdup ("sandbox");
  account->name = g_strdup (name);
  account->seller_id = g_strdup (seller_id);

  id = rp_store_add_account_sync (store, account, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

void
rp_test_store_setup (RpTestStore   *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("rapport-store-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "rapport.db", NULL);
  f->store = rp_store_new (path);
  g_assert_true (rp_store_open_sync (f->store, &error));
  g_assert_no_error (error);

  f->account = add_account (f->store, "Shop A", "2000001");
  f->other = add_account (f->store, "Shop B", "2000002");
}

void
rp_test_store_teardown (RpTestStore   *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "rapport.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  rp_store_close (f->store);
  g_assert_finalize_object (f->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

RpShipment *
rp_test_store_make_parcel (const char       *order_id,
                           RpTrackingStatus  status,
                           gint64            polled_at,
                           guint             n_events)
{
  RpShipment *parcel = rp_shipment_new ();

  parcel->order_id = g_strdup (order_id);
  parcel->tracking_no = g_strdup_printf ("LP%s", order_id);
  parcel->to_country = g_strdup ("FR");
  parcel->shipped_at = RP_TEST_STORE_T0;
  parcel->status = status;
  parcel->last_polled_at = polled_at;
  for (guint i = 0; i < n_events; i++)
    {
      RpTrackingEvent *event = rp_tracking_event_new ();

      event->at = RP_TEST_STORE_T0 + i * G_TIME_SPAN_HOUR;
      event->description = g_strdup_printf ("Event %u", i);
      g_ptr_array_add (parcel->events, event);
    }
  parcel->last_event_at = n_events > 0 ? RP_TEST_STORE_T0 + (n_events - 1) * G_TIME_SPAN_HOUR : 0;

  return parcel;
}

gint64
rp_test_thread_id (const char *name)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  if (tasks == NULL)
    return -1;

  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL) &&
          g_strcmp0 (g_strchomp (comm), name) == 0)
        return g_ascii_strtoll (tid, NULL, 10);
    }

  return -1;
}
