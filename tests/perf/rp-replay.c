/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The floor for the sync benchmark: replays the requests a sync made (from the sandbox's
 * access log) against the same sandbox, over the same number of parallel connections (16,
 * the sync engine's DETAIL_CONCURRENCY), reading every answer to its end and parsing
 * nothing.  What a sync costs beyond this is
 * Rapport's own work: parsing, validation, the cache.
 *
 * Usage: rp-replay BASE_URL ACCESS_LOG [CONCURRENCY]
 * Prints: requests seconds bytes */

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  SoupSession *session;
  GPtrArray   *requests;   /* "METHOD\tPATH?QUERY\tBODY" lines */
  char        *base_url;
  guint        next;
  guint        in_flight;
  guint64      bytes;
  guint        failed;
  guint        concurrency;
  GMainLoop   *loop;
} Replay;

static void start_next (Replay *replay);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Replay *replay = data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    replay->failed++;
  else
    replay->bytes += g_bytes_get_size (bytes);

  replay->in_flight--;
  start_next (replay);
  if (replay->in_flight == 0 && replay->next >= replay->requests->len)
    g_main_loop_quit (replay->loop);
}

static void
start_next (Replay *replay)
{
  while (replay->next < replay->requests->len && replay->in_flight < replay->concurrency)
    {
      const char *line = g_ptr_array_index (replay->requests, replay->next++);
      g_auto(GStrv) parts = g_strsplit (line, "\t", 3);
      g_autofree char *url = NULL;
      g_autoptr(SoupMessage) message = NULL;

      if (g_strv_length (parts) < 2)
        continue;

      url = g_strconcat (replay->base_url, parts[1], NULL);
      message = soup_message_new (parts[0], url);
      if (message == NULL)
        continue;
      if (parts[2] != NULL && *parts[2] != '\0')
        {
          g_autoptr(GBytes) body = g_bytes_new (parts[2], strlen (parts[2]));

          soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);
        }

      /* They are reads: a kept-alive connection the server closed meanwhile is retried,
       * as the connector retries reads, instead of waiting out the timeout. */
      soup_message_add_flags (message, SOUP_MESSAGE_IDEMPOTENT);
      replay->in_flight++;
      soup_session_send_and_read_async (replay->session, message, G_PRIORITY_DEFAULT, NULL,
                                        read_cb, replay);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  Replay replay = { 0 };
  gint64 start;

  if (argc < 3)
    {
      g_printerr ("usage: rp-replay BASE_URL ACCESS_LOG [CONCURRENCY]\n");
      return 2;
    }

  if (!g_file_get_contents (argv[2], &contents, NULL, &error))
    {
      g_printerr ("rp-replay: %s\n", error->message);
      return 1;
    }

  replay.base_url = argv[1];
  replay.concurrency = argc > 3 ? (guint)CLAMP (g_ascii_strtoull (argv[3], NULL, 10), 1, 64) : 16;
  replay.requests = g_ptr_array_new ();
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0' && !g_str_has_prefix (lines[i], "GET\t/sandbox") &&
        !g_str_has_prefix (lines[i], "POST\t/sandbox") && strstr (lines[i], "/oauth/") == NULL &&
        strstr (lines[i], "/auth/token") == NULL)
      g_ptr_array_add (replay.requests, lines[i]);

  replay.session = soup_session_new_with_options ("max-conns", 2 * replay.concurrency,
                                                  "max-conns-per-host", replay.concurrency,
                                                  "timeout", 30, NULL);
  replay.loop = g_main_loop_new (NULL, FALSE);

  start = g_get_monotonic_time ();
  start_next (&replay);
  if (replay.in_flight > 0)
    g_main_loop_run (replay.loop);

  g_print ("%u %.3f %" G_GUINT64_FORMAT " %u\n", replay.requests->len,
           (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC, replay.bytes, replay.failed);

  g_ptr_array_unref (replay.requests);
  g_main_loop_unref (replay.loop);
  g_object_unref (replay.session);
  return 0;
}
