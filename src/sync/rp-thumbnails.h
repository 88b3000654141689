/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RP_THUMBNAILS_ERROR (rp_thumbnails_error_quark ())

typedef enum
{
  RP_THUMBNAILS_ERROR_NOT_ALLOWED,  /* not an http or https address with a real host */
  RP_THUMBNAILS_ERROR_OFFLINE,      /* not cached, and no attempt is made while offline */
  RP_THUMBNAILS_ERROR_HTTP,         /* the server answered with an error status */
  RP_THUMBNAILS_ERROR_TOO_LARGE,    /* the body or the picture exceeds the limits */
  RP_THUMBNAILS_ERROR_NOT_IMAGE,    /* the body is no image the decoder knows */
} RpThumbnailsError;

/* The longest side of a thumbnail, in pixels. */
#define RP_THUMBNAILS_SIZE 240
/* The largest body fetched, by default. */
#define RP_THUMBNAILS_DEFAULT_MAX_BYTES (5 * 1024 * 1024)
/* How many thumbnails stay in memory. */
#define RP_THUMBNAILS_MEMORY_ITEMS 100

#define RP_TYPE_THUMBNAILS (rp_thumbnails_get_type ())

G_DECLARE_FINAL_TYPE (RpThumbnails, rp_thumbnails, RP, THUMBNAILS, GObject)

GQuark        rp_thumbnails_error_quark     (void);

/* Thumbnails of images that buyers attached, fetched over http(s) with a size cap, scaled
 * to RP_THUMBNAILS_SIZE and kept as PNG in memory (the last RP_THUMBNAILS_MEMORY_ITEMS)
 * and on disk under @cache_dir, one file per URL named by its SHA-256 (NULL:
 * $XDG_CACHE_HOME/rapport/thumbnails). */
RpThumbnails *rp_thumbnails_new             (const char          *cache_dir);
/* One per process, for the widgets that show them. */
RpThumbnails *rp_thumbnails_get_default     (void);

void          rp_thumbnails_set_offline     (RpThumbnails        *self,
                                             gboolean             offline);
gboolean      rp_thumbnails_get_offline     (RpThumbnails        *self);
void          rp_thumbnails_set_max_bytes   (RpThumbnails        *self,
                                             gsize                max_bytes);
const char   *rp_thumbnails_get_cache_dir   (RpThumbnails        *self);
/* The file a thumbnail of @url is kept in (transfer full). */
char         *rp_thumbnails_get_cache_path  (RpThumbnails        *self,
                                             const char          *url);

/* The thumbnail of @url as PNG bytes: from memory, from disk, or fetched and decoded off
 * the main thread.  Loads of one URL at the same time share one fetch. */
void          rp_thumbnails_load_async      (RpThumbnails        *self,
                                             const char          *url,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GBytes       *rp_thumbnails_load_finish     (RpThumbnails        *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* The thumbnail of @url if it is in memory now (transfer full), else NULL. */
GBytes       *rp_thumbnails_lookup          (RpThumbnails        *self,
                                             const char          *url);

G_END_DECLS
