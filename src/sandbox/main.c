/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-sandbox"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>

#include "rp-sandbox-server.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RpSandboxServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  RpSandboxOptions options;
  g_autofree char *listen = NULL;
  g_autofree char *fault_modes = NULL;
  gint64 seed = 1, orders = 300, buyers = -1, latency = 0, slow = 3000, ttl = 86400, start = 0;
  double speed = 1.0, fault_rate = 0.0;
  char *state_dir = NULL, *access_log = NULL, *app_key = NULL, *app_secret = NULL;
  guint port;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Loopback address to bind (default 127.0.0.1:8765; port 0 picks one)", "HOST:PORT" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "World seed (default 1)", "N" },
    { "orders", 0, 0, G_OPTION_ARG_INT64, &orders, "Number of orders in the generated world (default 300)", "N" },
    { "buyers", 0, 0, G_OPTION_ARG_INT64, &buyers, "Number of buyers (default half the orders)", "N" },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, "Simulated seconds per real second (default 1)", "X" },
    { "start-time", 0, 0, G_OPTION_ARG_INT64, &start, "Simulated start time in Unix seconds (default now)", "SECONDS" },
    { "fault-rate", 0, 0, G_OPTION_ARG_DOUBLE, &fault_rate, "Share of API requests that fail (0-1, default 0)", "F" },
    { "fault-modes", 0, 0, G_OPTION_ARG_STRING, &fault_modes, "Faults to inject: http_500,reset,truncated,slow,throttle,ambiguous (default all)", "LIST" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT64, &latency, "Delay added to every API answer", "N" },
    { "slow-ms", 0, 0, G_OPTION_ARG_INT64, &slow, "Extra delay of a slow-answer fault (default 3000)", "N" },
    { "token-ttl", 0, 0, G_OPTION_ARG_INT64, &ttl, "Access token lifetime in seconds (default 86400)", "SECONDS" },
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &state_dir, "Keep the world in DIR across restarts", "DIR" },
    { "access-log", 0, 0, G_OPTION_ARG_FILENAME, &access_log, "Append one line per request to FILE", "FILE" },
    { "app-key", 0, 0, G_OPTION_ARG_STRING, &app_key, "App key (default sandbox)", "KEY" },
    { "app-secret", 0, 0, G_OPTION_ARG_STRING, &app_secret, "App secret (default sandbox-secret)", "SECRET" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— a local AliExpress Open Platform for Rapport");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rapport-sandbox: %s\n", error->message);
      return EXIT_FAILURE;
    }

  rp_sandbox_options_init (&options);
  if (orders < 0 || orders > 5000000 || buyers > 5000000 || latency < 0 || slow < 0 || ttl < 1 ||
      speed < 0 || fault_rate < 0 || fault_rate > 1)
    {
      g_printerr ("rapport-sandbox: an option is out of range (see --help)\n");
      return EXIT_FAILURE;
    }
  options.seed = (guint64)seed;
  options.n_orders = (guint)orders;
  options.n_buyers = buyers < 0 ? MAX (1, (guint)orders / 2) : (guint)buyers;
  options.start_time = start;
  options.speed = speed;
  options.fault_rate = fault_rate;
  options.latency_ms = (guint)latency;
  options.slow_ms = (guint)slow;
  options.token_ttl = ttl;
  options.state_dir = state_dir;
  options.access_log = access_log;
  if (app_key != NULL)
    {
      g_free (options.app_key);
      options.app_key = app_key;
    }
  if (app_secret != NULL)
    {
      g_free (options.app_secret);
      options.app_secret = app_secret;
    }
  if (!rp_sandbox_parse_fault_modes (fault_modes, &options.fault_modes, &error))
    {
      g_printerr ("rapport-sandbox: %s\n", error->message);
      rp_sandbox_options_clear (&options);
      return EXIT_FAILURE;
    }

  server = rp_sandbox_server_new (&options, &error);
  rp_sandbox_options_clear (&options);
  if (server == NULL)
    {
      g_printerr ("rapport-sandbox: %s\n", error->message);
      return EXIT_FAILURE;
    }

  port = rp_sandbox_server_listen (server, listen != NULL ? listen : "127.0.0.1:8765", &error);
  if (port == 0)
    {
      g_printerr ("rapport-sandbox: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Clients read this exact first line to find the port. */
  printf ("rapport-sandbox listening on http://127.0.0.1:%u\n", port);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  if (!rp_sandbox_server_save (server, &error))
    {
      g_printerr ("rapport-sandbox: could not save the world: %s\n", error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}
