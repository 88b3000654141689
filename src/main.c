/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rapport"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rp-application.h"

#if !GLIB_CHECK_VERSION (2, 76, 0) && defined (__linux__)
#include <unistd.h>

/* Before GLib 2.76, GSlice keeps the blocks of the GObjects freed in per-thread caches and
 * slabs it seldom hands back: Today and the lists make and drop hundreds of thousands of
 * objects on worker threads, and some 20 MiB of slabs stayed after them at 100,000 orders.
 * GLib 2.76 made GSlice plain malloc for that reason; G_SLICE=always-malloc does the same
 * here.  GSlice reads it as GLib starts, before main(): so the first start sets it and
 * executes Rapport again, once (a value the user set, for debugging, is kept). */
static void
use_malloc_for_slices (char *argv[])
{
  if (g_getenv ("G_SLICE") != NULL || glib_check_version (2, 76, 0) == NULL)
    return;

  g_setenv ("G_SLICE", "always-malloc", TRUE);
  execv ("/proc/self/exe", argv);
  /* Cannot: run with GSlice's caches. */
}
#endif

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RpApplication) app = NULL;

#if !GLIB_CHECK_VERSION (2, 76, 0) && defined (__linux__)
  use_malloc_for_slices (argv);
#endif

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Rapport"));

  app = rp_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
