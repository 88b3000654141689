/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-thumbnails"

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libsoup/soup.h>

#include "rp-thumbnails.h"

/* The thumbnail loader against a SoupServer on 127.0.0.1: a PNG made here, a body over the
 * cap (declared and not declared), a body that is no image, a 404, a canvas too large to
 * decode; the memory and disk caches; no attempt while offline. */

typedef struct
{
  SoupServer *server;
  char       *base;
  GBytes     *png;
  GBytes     *huge_canvas;
  guint       requests;
  char       *dir;
} Fixture;

static GBytes *
make_png (int width,
          int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &data, &len, "png", &error, NULL));
  g_assert_no_error (error);

  return g_bytes_new_take (data, len);
}

static GBytes *
make_huge_canvas_png (void)
{
  /* A tiny file whose header claims 60000 × 60000 pixels (the image data is garbage). */
  static const guint8 header[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0xea, 0x60, 0, 0, 0xea, 0x60, 8, 2, 0, 0, 0,
  };
  GByteArray *array = g_byte_array_new ();
  guint32 crc = 0;

  g_byte_array_append (array, header, sizeof header);
  /* The CRC of the chunk (type + data). */
  {
    guint32 table[256];

    for (guint32 n = 0; n < 256; n++)
      {
        guint32 c = n;

        for (int k = 0; k < 8; k++)
          c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
      }
    crc = 0xffffffffu;
    for (guint i = 12; i < sizeof header; i++)
      crc = table[(crc ^ header[i]) & 0xff] ^ (crc >> 8);
    crc ^= 0xffffffffu;
  }
  {
    guint8 be[4] = { crc >> 24, crc >> 16, crc >> 8, crc };

    g_byte_array_append (array, be, 4);
  }
  for (guint i = 0; i < 64; i++)
    g_byte_array_append (array, (const guint8 *) "\0\0\0\0", 4);

  return g_byte_array_free_to_bytes (array);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  Fixture *f = data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  f->requests++;

  if (g_str_equal (path, "/photo.png"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (f->png, NULL), g_bytes_get_size (f->png));
    }
  else if (g_str_equal (path, "/big.png"))
    {
      gsize len = 6 * 1024 * 1024;
      char *body = g_malloc0 (len);

      memcpy (body, g_bytes_get_data (f->png, NULL), g_bytes_get_size (f->png));
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "image/png", SOUP_MEMORY_TAKE, body, len);
    }
  else if (g_str_equal (path, "/chunked.png"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (message);

      /* No length declared: the cap must hold while reading. */
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, "image/png", NULL);
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      for (guint i = 0; i < 7; i++)
        soup_message_body_append_take (body, g_malloc0 (1024 * 1024), 1024 * 1024);
      soup_message_body_complete (body);
    }
  else if (g_str_equal (path, "/page.html"))
    {
      const char *html = "<html><body><script>alert(1)</script></body></html>";

      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "image/png", SOUP_MEMORY_STATIC, html, strlen (html));
    }
  else if (g_str_equal (path, "/canvas.png"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (f->huge_canvas, NULL),
                                        g_bytes_get_size (f->huge_canvas));
    }
  else
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  f->png = make_png (600, 400);
  f->huge_canvas = make_huge_canvas_png ();
  f->dir = g_build_filename (g_get_user_cache_dir (), "thumbs", NULL);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->png, g_bytes_unref);
  g_clear_pointer (&f->huge_canvas, g_bytes_unref);
  g_free (f->base);
  g_free (f->dir);
}

typedef struct
{
  gboolean  done;
  GBytes   *bytes;
  GError   *error;
} Result;

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  Result *r = data;

  r->bytes = rp_thumbnails_load_finish (RP_THUMBNAILS (object), result, &r->error);
  r->done = TRUE;
}

static GBytes *
load (RpThumbnails *thumbnails,
      const char   *url,
      GError      **error)
{
  Result r = { FALSE, NULL, NULL };
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  rp_thumbnails_load_async (thumbnails, url, NULL, loaded_cb, &r);
  while (!r.done && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (r.done);

  if (r.error != NULL)
    g_propagate_error (error, r.error);

  return r.bytes;
}

static char *
url_for (Fixture    *f,
         const char *path)
{
  /* The base ends in "/". */
  return g_strconcat (f->base, path + 1, NULL);
}

static void
test_loads_and_caches (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RpThumbnails) thumbnails = rp_thumbnails_new (f->dir);
  g_autoptr(RpThumbnails) again = NULL;
  g_autofree char *url = url_for (f, "/photo.png");
  g_autofree char *path = rp_thumbnails_get_cache_path (thumbnails, url);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) from_disk = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  bytes = load (thumbnails, url, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (f->requests, ==, 1);

  /* Scaled to fit, the proportions kept. */
  {
    /* Said to be PNG: the isolated test directories have no MIME database to guess with. */
    g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png", &error);

    g_assert_no_error (error);
    g_assert_true (gdk_pixbuf_loader_write_bytes (loader, bytes, &error));
    g_assert_true (gdk_pixbuf_loader_close (loader, &error));
    g_assert_no_error (error);
    pixbuf = g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
  }
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, RP_THUMBNAILS_SIZE);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 160);

  /* On disk, named by the SHA-256 of the URL. */
  g_assert_true (g_str_has_prefix (path, f->dir));
  g_assert_nonnull (strstr (path, digest));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* In memory: no second request. */
  second = load (thumbnails, url, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, second));
  g_assert_cmpuint (f->requests, ==, 1);

  /* A new loader, offline, still has the disk copy. */
  again = rp_thumbnails_new (f->dir);
  rp_thumbnails_set_offline (again, TRUE);
  g_assert_null (rp_thumbnails_lookup (again, url));
  from_disk = load (again, url, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, from_disk));
  g_assert_cmpuint (f->requests, ==, 1);
}

static void
test_failures (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RpThumbnails) thumbnails = rp_thumbnails_new (f->dir);
  struct { const char *path; int code; } cases[] = {
    { "/big.png", RP_THUMBNAILS_ERROR_TOO_LARGE },
    { "/chunked.png", RP_THUMBNAILS_ERROR_TOO_LARGE },
    { "/page.html", RP_THUMBNAILS_ERROR_NOT_IMAGE },
    { "/missing.png", RP_THUMBNAILS_ERROR_HTTP },
    { "/canvas.png", RP_THUMBNAILS_ERROR_TOO_LARGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = url_for (f, cases[i].path);
      g_autofree char *path = rp_thumbnails_get_cache_path (thumbnails, url);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = load (thumbnails, url, &error);

      g_test_message ("%s: %s", cases[i].path, error != NULL ? error->message : "(loaded)");
      g_assert_null (bytes);
      g_assert_error (error, RP_THUMBNAILS_ERROR, cases[i].code);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_assert_null (rp_thumbnails_lookup (thumbnails, url));
    }
}

static void
test_schemes (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RpThumbnails) thumbnails = rp_thumbnails_new (f->dir);
  g_autofree char *png = g_build_filename (f->dir, "local.png", NULL);
  g_autofree char *file_url = g_strconcat ("file://", png, NULL);
  const char *urls[] = {
    file_url,
    "data:image/png;base64,iVBORw0KGgo=",
    "javascript:alert(1)",
    "ftp://127.0.0.1/x.png",
    "https://intranet/x.png",
    "",
  };

  g_assert_true (g_mkdir_with_parents (f->dir, 0700) == 0);
  g_assert_true (g_file_set_contents (png, g_bytes_get_data (f->png, NULL), g_bytes_get_size (f->png), NULL));

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = load (thumbnails, urls[i], &error);

      g_assert_null (bytes);
      g_assert_error (error, RP_THUMBNAILS_ERROR, RP_THUMBNAILS_ERROR_NOT_ALLOWED);
    }
  g_assert_cmpuint (f->requests, ==, 0);
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RpThumbnails) thumbnails = rp_thumbnails_new (f->dir);
  g_autofree char *url = url_for (f, "/photo.png?offline");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  rp_thumbnails_set_offline (thumbnails, TRUE);
  bytes = load (thumbnails, url, &error);
  g_assert_null (bytes);
  g_assert_error (error, RP_THUMBNAILS_ERROR, RP_THUMBNAILS_ERROR_OFFLINE);
  g_assert_cmpuint (f->requests, ==, 0);

  g_clear_error (&error);
  rp_thumbnails_set_offline (thumbnails, FALSE);
  bytes = load (thumbnails, url, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (f->requests, ==, 1);
}

static void
test_shared_and_lru (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RpThumbnails) thumbnails = rp_thumbnails_new (f->dir);
  g_autofree char *url = url_for (f, "/photo.png?shared");
  Result a = { FALSE, NULL, NULL }, b = { FALSE, NULL, NULL };
  g_autofree char *first = NULL;

  /* Two loads at once: one request. */
  rp_thumbnails_load_async (thumbnails, url, NULL, loaded_cb, &a);
  rp_thumbnails_load_async (thumbnails, url, NULL, loaded_cb, &b);
  while (!a.done || !b.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (a.error);
  g_assert_no_error (b.error);
  g_assert_true (g_bytes_equal (a.bytes, b.bytes));
  g_assert_cmpuint (f->requests, ==, 1);
  g_bytes_unref (a.bytes);
  g_bytes_unref (b.bytes);

  /* The memory keeps the most recent hundred. */
  first = url_for (f, "/photo.png?n=0");
  for (guint i = 0; i <= RP_THUMBNAILS_MEMORY_ITEMS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/photo.png?n=%u", i);
      g_autofree char *u = url_for (f, path);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = load (thumbnails, u, &error);

      g_assert_no_error (error);
    }
  g_assert_null (rp_thumbnails_lookup (thumbnails, first));
  {
    g_autofree char *last = g_strdup_printf ("/photo.png?n=%u", RP_THUMBNAILS_MEMORY_ITEMS);
    g_autofree char *u = url_for (f, last);
    g_autoptr(GBytes) bytes = rp_thumbnails_lookup (thumbnails, u);

    g_assert_nonnull (bytes);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/rapport/sync/thumbnails/loads-and-caches", Fixture, NULL,
              fixture_setup, test_loads_and_caches, fixture_teardown);
  g_test_add ("/rapport/sync/thumbnails/failures", Fixture, NULL,
              fixture_setup, test_failures, fixture_teardown);
  g_test_add ("/rapport/sync/thumbnails/schemes", Fixture, NULL,
              fixture_setup, test_schemes, fixture_teardown);
  g_test_add ("/rapport/sync/thumbnails/offline", Fixture, NULL,
              fixture_setup, test_offline, fixture_teardown);
  g_test_add ("/rapport/sync/thumbnails/shared-and-lru", Fixture, NULL,
              fixture_setup, test_shared_and_lru, fixture_teardown);

  return g_test_run ();
}
