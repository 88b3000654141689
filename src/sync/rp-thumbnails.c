/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-thumbnails"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <libsoup/soup.h>

#include "rp-links.h"
#include "rp-thumbnails.h"

/* A picture is decoded before it is scaled: a small file may claim a huge canvas. */
#define MAX_PIXELS (40 * 1000 * 1000)
#define READ_CHUNK 65536
#define TIMEOUT_SECONDS 30

struct _RpThumbnails
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *cache_dir;
  gsize         max_bytes;
  gboolean      offline;
  GCancellable *cancellable;   /* every fetch; cancelled when this goes away */
  GHashTable   *pending;       /* URL → Fetch */
  GHashTable   *memory;        /* URL → GList link in lru */
  GQueue        lru;           /* of Entry, most recently used first */
};

G_DEFINE_FINAL_TYPE (RpThumbnails, rp_thumbnails, G_TYPE_OBJECT)
G_DEFINE_QUARK (rp-thumbnails-error-quark, rp_thumbnails_error)

typedef struct
{
  char   *url;
  GBytes *bytes;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->url);
  g_bytes_unref (entry->bytes);
  g_free (entry);
}

/* One fetch of a URL, with everyone waiting for it. */
typedef struct
{
  RpThumbnails *self;
  char         *url;
  char         *path;
  GPtrArray    *tasks;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->self);
  g_free (fetch->url);
  g_free (fetch->path);
  g_ptr_array_unref (fetch->tasks);
  g_clear_object (&fetch->message);
  g_clear_object (&fetch->stream);
  g_clear_pointer (&fetch->body, g_byte_array_unref);
  g_free (fetch);
}

static void
remember (RpThumbnails *self,
          const char   *url,
          GBytes       *bytes)
{
  GList *link = g_hash_table_lookup (self->memory, url);
  Entry *entry;

  if (link != NULL)
    {
      g_queue_unlink (&self->lru, link);
      g_queue_push_head_link (&self->lru, link);
      return;
    }

  entry = g_new0 (Entry, 1);
  entry->url = g_strdup (url);
  entry->bytes = g_bytes_ref (bytes);
  g_queue_push_head (&self->lru, entry);
  g_hash_table_insert (self->memory, entry->url, self->lru.head);

  while (self->lru.length > RP_THUMBNAILS_MEMORY_ITEMS)
    {
      Entry *old = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->memory, old->url);
      entry_free (old);
    }
}

static void
fetch_finish (Fetch  *fetch,
              GBytes *bytes,
              GError *error)
{
  RpThumbnails *self = fetch->self;

  g_hash_table_steal (self->pending, fetch->url);
  if (bytes != NULL)
    remember (self, fetch->url, bytes);

  for (guint i = 0; i < fetch->tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (fetch->tasks, i);

      if (bytes != NULL)
        g_task_return_pointer (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }

  fetch_free (fetch);
}

/* Decoding, off the main thread */

typedef struct
{
  gboolean too_large;
} SizeCheck;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  SizeCheck       *check)
{
  double scale;

  if (width <= 0 || height <= 0 || (gint64) width * height > MAX_PIXELS)
    {
      check->too_large = TRUE;
      /* Asks for the least the decoder can make; the result is thrown away. */
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }

  scale = MIN (1.0, (double) RP_THUMBNAILS_SIZE / MAX (width, height));
  if (scale < 1.0)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)),
                                MAX (1, (int) (height * scale + 0.5)));
}

/* The formats buyers' photos come in, told by their first bytes: gdk-pixbuf's own guess
 * would reach for every loader installed (XPM, TGA, ICO, …) on what a stranger sent. */
static const char *
image_type (GBytes *data)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (data, &len);

  if (len >= 8 && memcmp (p, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
    return "jpeg";
  if (len >= 6 && (memcmp (p, "GIF87a", 6) == 0 || memcmp (p, "GIF89a", 6) == 0))
    return "gif";
  if (len >= 12 && memcmp (p, "RIFF", 4) == 0 && memcmp (p + 8, "WEBP", 4) == 0)
    return "webp";

  return NULL;
}

/* The canvas a PNG or GIF header declares, checked before a decoder allocates it; other
 * formats are checked when the decoder reports their size. */
static gboolean
declares_too_many_pixels (GBytes     *data,
                          const char *type)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (data, &len);
  guint64 width = 0, height = 0;

  if (g_str_equal (type, "png") && len >= 24 && memcmp (p + 12, "IHDR", 4) == 0)
    {
      width = ((guint64) p[16] << 24) | (p[17] << 16) | (p[18] << 8) | p[19];
      height = ((guint64) p[20] << 24) | (p[21] << 16) | (p[22] << 8) | p[23];
    }
  else if (g_str_equal (type, "gif") && len >= 10)
    {
      width = p[6] | (p[7] << 8);
      height = p[8] | (p[9] << 8);
    }
  else
    return FALSE;

  return width * height > MAX_PIXELS;
}

static GBytes *
make_thumbnail (GBytes  *data,
                GError **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *type = image_type (data);
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autofree char *png = NULL;
  SizeCheck check = { FALSE };
  GdkPixbuf *pixbuf;
  gsize png_len = 0;
  int width, height;

  if (type == NULL)
    {
      g_set_error_literal (error, RP_THUMBNAILS_ERROR, RP_THUMBNAILS_ERROR_NOT_IMAGE,
                           "Not a PNG, JPEG, GIF or WebP image");
      return NULL;
    }

  if (declares_too_many_pixels (data, type))
    {
      g_set_error_literal (error, RP_THUMBNAILS_ERROR, RP_THUMBNAILS_ERROR_TOO_LARGE,
                           "The picture is too large");
      return NULL;
    }

  loader = gdk_pixbuf_loader_new_with_type (type, &local_error);
  if (loader == NULL)
    {
      g_set_error (error, RP_THUMBNAILS_ERROR, RP_THUMBNAILS_ERROR_NOT_IMAGE,
                   "Cannot read %s images here: %s", type, local_error->message);
      return NULL;
    }

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &check);

  if (!gdk_pixbuf_loader_write_bytes (loader, data, &local_error) ||
      !gdk_pixbuf_loader_close (loader, &local_error))
    {
      /* Closing after a failed write releases the decoder; its second error says nothing new. */
      gdk_pixbuf_loader_close (loader, NULL);
      if (check.too_large)
        g_set_error_literal (error, RP_THUMBNAILS_ERROR, RP_THUMBNAILS_ERROR_TOO_LARGE,
                             "The picture is too large");
      else
        g_set_error (error, RP_THUMBNAILS_ERROR, RP_THUMBNAILS_ERROR_NOT_IMAGE,
                     "Not an image: %s", local_error->message);
      return NULL;
    }

  if (check.too_large)
    {
      g_set_error_literal (error, RP_THUMBNAILS_ERROR, RP_THUMBNAILS_ERROR_TOO_LARGE,
                           "The picture is too large");
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, RP_THUMBNAILS_ERROR, RP_THUMBNAILS_ERROR_NOT_IMAGE,
                           "Not an image");
      return NULL;
    }

  /* A camera's photo stands the way the camera was held. */
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  width = gdk_pixbuf_get_width (oriented);
  height = gdk_pixbuf_get_height (oriented);

  /* Some decoders ignore the size asked for. */
  if (MAX (width, height) > RP_THUMBNAILS_SIZE)
    {
      double scale = (double) RP_THUMBNAILS_SIZE / MAX (width, height);
      GdkPixbuf *scaled = gdk_pixbuf_scale_simple (oriented, MAX (1, (int) (width * scale + 0.5)),
                                                   MAX (1, (int) (height * scale + 0.5)),
                                                   GDK_INTERP_BILINEAR);

      g_object_unref (oriented);
      oriented = scaled;
    }

  if (!gdk_pixbuf_save_to_buffer (oriented, &png, &png_len, "png", error, NULL))
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&png), png_len);
}

typedef struct
{
  GBytes *data;
  char   *path;
  char   *dir;
} Decode;

static void
decode_free (Decode *decode)
{
  g_clear_pointer (&decode->data, g_bytes_unref);
  g_free (decode->path);
  g_free (decode->dir);
  g_free (decode);
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Decode *decode = task_data;
  g_autoptr(GError) error = NULL;
  GBytes *thumbnail;

  thumbnail = make_thumbnail (decode->data, &error);
  if (thumbnail == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The disk copy is a convenience: failing to write it costs a fetch later, nothing more. */
  if (g_mkdir_with_parents (decode->dir, 0700) != 0 ||
      !g_file_set_contents_full (decode->path, g_bytes_get_data (thumbnail, NULL),
                                 g_bytes_get_size (thumbnail), G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &error))
    g_debug ("Could not keep the thumbnail in %s: %s", decode->path,
             error != NULL ? error->message : g_strerror (errno));

  g_task_return_pointer (task, thumbnail, (GDestroyNotify) g_bytes_unref);
}

static void
decoded_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), &error);

  fetch_finish (fetch, bytes, error);
}

/* Fetching */

static void read_next (Fetch *fetch);

static void
fail (Fetch             *fetch,
      RpThumbnailsError  code,
      const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (RP_THUMBNAILS_ERROR, code, message);

  if (fetch->stream != NULL)
    g_input_stream_close_async (fetch->stream, G_PRIORITY_LOW, NULL, NULL, NULL);
  fetch_finish (fetch, NULL, error);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  g_autoptr(GTask) task = NULL;
  Decode *decode;

  if (chunk == NULL)
    {
      fetch_finish (fetch, NULL, error);
      return;
    }

  if (g_bytes_get_size (chunk) > 0)
    {
      /* Stop reading as soon as the body is over the cap, whatever the server declared. */
      if (fetch->body->len + g_bytes_get_size (chunk) > fetch->self->max_bytes)
        {
          fail (fetch, RP_THUMBNAILS_ERROR_TOO_LARGE, "The image is larger than allowed");
          return;
        }
      g_byte_array_append (fetch->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      read_next (fetch);
      return;
    }

  g_input_stream_close_async (fetch->stream, G_PRIORITY_LOW, NULL, NULL, NULL);

  decode = g_new0 (Decode, 1);
  decode->data = g_byte_array_free_to_bytes (g_steal_pointer (&fetch->body));
  decode->path = g_strdup (fetch->path);
  decode->dir = g_strdup (fetch->self->cache_dir);
  task = g_task_new (fetch->self, NULL, decoded_cb, fetch);
  g_task_set_source_tag (task, read_cb);
  g_task_set_task_data (task, decode, (GDestroyNotify) decode_free);
  g_task_run_in_thread (task, decode_thread);
}

static void
read_next (Fetch *fetch)
{
  g_input_stream_read_bytes_async (fetch->stream, READ_CHUNK, G_PRIORITY_LOW,
                                   fetch->self->cancellable, read_cb, fetch);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;

  fetch->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (fetch->stream == NULL)
    {
      fetch_finish (fetch, NULL, error);
      return;
    }

  status = soup_message_get_status (fetch->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *text = g_strdup_printf ("The server answered %u", status);

      fail (fetch, RP_THUMBNAILS_ERROR_HTTP, text);
      return;
    }

  headers = soup_message_get_response_headers (fetch->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) fetch->self->max_bytes)
    {
      fail (fetch, RP_THUMBNAILS_ERROR_TOO_LARGE, "The image is larger than allowed");
      return;
    }

  fetch->body = g_byte_array_new ();
  read_next (fetch);
}

static void
disk_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  char *contents = NULL;
  gsize len = 0;

  if (g_file_get_contents (path, &contents, &len, NULL))
    g_task_return_pointer (task, g_bytes_new_take (contents, len), (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
disk_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fetch *fetch = user_data;
  RpThumbnails *self = fetch->self;
  g_autoptr(GBytes) cached = g_task_propagate_pointer (G_TASK (result), NULL);

  if (cached != NULL)
    {
      fetch_finish (fetch, cached, NULL);
      return;
    }

  if (self->offline)
    {
      fail (fetch, RP_THUMBNAILS_ERROR_OFFLINE, "Offline");
      return;
    }

  fetch->message = soup_message_new (SOUP_METHOD_GET, fetch->url);
  if (fetch->message == NULL)
    {
      fail (fetch, RP_THUMBNAILS_ERROR_NOT_ALLOWED, "Not an address that can be fetched");
      return;
    }

  soup_session_send_async (self->session, fetch->message, G_PRIORITY_LOW, self->cancellable,
                           sent_cb, fetch);
}

/* GObject */

static void
rp_thumbnails_dispose (GObject *object)
{
  RpThumbnails *self = (RpThumbnails *)object;

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (rp_thumbnails_parent_class)->dispose (object);
}

static void
rp_thumbnails_finalize (GObject *object)
{
  RpThumbnails *self = (RpThumbnails *)object;

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->memory, g_hash_table_unref);
  g_queue_clear_full (&self->lru, (GDestroyNotify) entry_free);
  g_free (self->cache_dir);

  G_OBJECT_CLASS (rp_thumbnails_parent_class)->finalize (object);
}

static void
rp_thumbnails_class_init (RpThumbnailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_thumbnails_dispose;
  object_class->finalize = rp_thumbnails_finalize;
}

static void
rp_thumbnails_init (RpThumbnails *self)
{
  g_autofree char *agent = g_strdup_printf ("Rapport/%s ", PACKAGE_VERSION);

  /* The trailing space makes libsoup append its own name and version. */
  self->session = soup_session_new_with_options ("timeout", TIMEOUT_SECONDS,
                                                 "user-agent", agent,
                                                 "max-conns-per-host", 4,
                                                 NULL);
  self->max_bytes = RP_THUMBNAILS_DEFAULT_MAX_BYTES;
  self->cancellable = g_cancellable_new ();
  self->pending = g_hash_table_new (g_str_hash, g_str_equal);
  self->memory = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->lru);
}

RpThumbnails *
rp_thumbnails_new (const char *cache_dir)
{
  RpThumbnails *self = g_object_new (RP_TYPE_THUMBNAILS, NULL);

  self->cache_dir = cache_dir != NULL
                    ? g_strdup (cache_dir)
                    : g_build_filename (g_get_user_cache_dir (), "rapport", "thumbnails", NULL);

  return self;
}

/**
 * rp_thumbnails_get_default:
 *
 * Returns: (transfer none): the process's thumbnails
 */
RpThumbnails *
rp_thumbnails_get_default (void)
{
  static RpThumbnails *instance;

  if (instance == NULL)
    instance = rp_thumbnails_new (NULL);

  return instance;
}

void
rp_thumbnails_set_offline (RpThumbnails *self,
                           gboolean      offline)
{
  g_return_if_fail (RP_IS_THUMBNAILS (self));

  self->offline = !!offline;
}

gboolean
rp_thumbnails_get_offline (RpThumbnails *self)
{
  g_return_val_if_fail (RP_IS_THUMBNAILS (self), FALSE);

  return self->offline;
}

void
rp_thumbnails_set_max_bytes (RpThumbnails *self,
                             gsize         max_bytes)
{
  g_return_if_fail (RP_IS_THUMBNAILS (self));

  self->max_bytes = max_bytes;
}

const char *
rp_thumbnails_get_cache_dir (RpThumbnails *self)
{
  g_return_val_if_fail (RP_IS_THUMBNAILS (self), NULL);

  return self->cache_dir;
}

char *
rp_thumbnails_get_cache_path (RpThumbnails *self,
                              const char   *url)
{
  g_autofree char *digest = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (RP_IS_THUMBNAILS (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  name = g_strconcat (digest, ".png", NULL);

  return g_build_filename (self->cache_dir, name, NULL);
}

GBytes *
rp_thumbnails_lookup (RpThumbnails *self,
                      const char   *url)
{
  GList *link;

  g_return_val_if_fail (RP_IS_THUMBNAILS (self), NULL);

  if (url == NULL || (link = g_hash_table_lookup (self->memory, url)) == NULL)
    return NULL;

  g_queue_unlink (&self->lru, link);
  g_queue_push_head_link (&self->lru, link);

  return g_bytes_ref (((Entry *) link->data)->bytes);
}

void
rp_thumbnails_load_async (RpThumbnails        *self,
                          const char          *url,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) disk = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(RpLink) link = NULL;
  Fetch *fetch;

  g_return_if_fail (RP_IS_THUMBNAILS (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_thumbnails_load_async);

  if ((bytes = rp_thumbnails_lookup (self, url)) != NULL)
    {
      g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
      return;
    }

  /* Only what a seller could open as a link: never file:, data: or a local name. */
  link = rp_link_parse (url);
  if (link == NULL)
    {
      g_task_return_new_error (task, RP_THUMBNAILS_ERROR, RP_THUMBNAILS_ERROR_NOT_ALLOWED,
                               "Only http and https images are loaded");
      return;
    }

  fetch = g_hash_table_lookup (self->pending, url);
  if (fetch != NULL)
    {
      g_ptr_array_add (fetch->tasks, g_steal_pointer (&task));
      return;
    }

  fetch = g_new0 (Fetch, 1);
  fetch->self = g_object_ref (self);
  fetch->url = g_strdup (url);
  fetch->path = rp_thumbnails_get_cache_path (self, url);
  fetch->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (fetch->tasks, g_steal_pointer (&task));
  g_hash_table_insert (self->pending, fetch->url, fetch);

  disk = g_task_new (self, NULL, disk_done_cb, fetch);
  g_task_set_source_tag (disk, rp_thumbnails_load_async);
  g_task_set_task_data (disk, g_strdup (fetch->path), g_free);
  g_task_run_in_thread (disk, disk_thread);
}

/**
 * rp_thumbnails_load_finish:
 *
 * Returns: (transfer full): the thumbnail as PNG
 */
GBytes *
rp_thumbnails_load_finish (RpThumbnails  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (RP_IS_THUMBNAILS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
