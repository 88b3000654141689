/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
# include <sys/prctl.h>
#endif

#include "rp-demo.h"

#define LISTENING_PREFIX "rapport-sandbox listening on "
#define START_TIMEOUT_SECONDS 60

struct _RpDemo
{
  GObject       parent_instance;

  char         *state_dir;
  GStrv         extra_args;
  GSubprocess  *process;
  char         *base_url;
};

G_DEFINE_FINAL_TYPE (RpDemo, rp_demo, G_TYPE_OBJECT)

/**
 * rp_demo_find_sandbox:
 *
 * Where rapport-sandbox is: $RAPPORT_SANDBOX, then beside this program in a build tree,
 * then the installed one, then $PATH.
 *
 * Returns: (transfer full) (nullable): its path
 */
char *
rp_demo_find_sandbox (void)
{
  const char *env = g_getenv ("RAPPORT_SANDBOX");
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *installed = g_build_filename (BINDIR, "rapport-sandbox", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      /* The build tree: _build/src/rapport and _build/src/sandbox/rapport-sandbox,
       * or _build/src/cli/rapportctl. */
      const char *candidates[] = { "sandbox/rapport-sandbox", "../sandbox/rapport-sandbox",
                                   "../src/sandbox/rapport-sandbox", "rapport-sandbox" };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
            return g_canonicalize_filename (path, NULL);
        }
    }

  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);

  return g_find_program_in_path ("rapport-sandbox");
}

static void
child_setup (gpointer data)
{
#ifdef __linux__
  /* The sandbox ends with Rapport, even when Rapport is killed. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

typedef struct
{
  GDataInputStream *stdout_stream;
  GSource          *timeout;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_object (&data->stdout_stream);
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_source_unref (data->timeout);
    }
  g_free (data);
}

static gboolean
start_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  RpDemo *self = g_task_get_source_object (task);

  rp_demo_stop (self);
  return G_SOURCE_REMOVE;
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RpDemo *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (line == NULL)
    {
      if (error == NULL)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("The demo marketplace stopped before it was ready"));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      rp_demo_stop (self);
      return;
    }

  if (!g_str_has_prefix (line, LISTENING_PREFIX))
    {
      StartData *data = g_task_get_task_data (task);
      GCancellable *cancellable = g_task_get_cancellable (task);

      /* Anything before the announcement is not ours to judge; keep reading.  (The
       * cancellable is read first: argument order is unspecified in C.) */
      g_data_input_stream_read_line_async (data->stdout_stream, G_PRIORITY_DEFAULT,
                                           cancellable, read_line_cb, g_steal_pointer (&task));
      return;
    }

  self->base_url = g_strstrip (g_strdup (line + strlen (LISTENING_PREFIX)));
  g_debug ("Demo marketplace at %s", self->base_url);
  g_task_return_boolean (task, TRUE);
}

void
rp_demo_start_async (RpDemo              *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *sandbox = NULL;
  StartData *data;

  g_return_if_fail (RP_IS_DEMO (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rp_demo_start_async);

  if (self->process != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  sandbox = rp_demo_find_sandbox ();
  if (sandbox == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The demo marketplace (rapport-sandbox) is not installed"));
      return;
    }

  if (g_mkdir_with_parents (self->state_dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not create the demo’s folder %s: %s"),
                               self->state_dir, g_strerror (saved));
      return;
    }

  g_ptr_array_add (argv, g_steal_pointer (&sandbox));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1:0"));
  g_ptr_array_add (argv, g_strdup ("--state-dir"));
  g_ptr_array_add (argv, g_strdup (self->state_dir));
  for (guint i = 0; self->extra_args != NULL && self->extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (self->extra_args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  if (self->process == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (StartData, 1);
  data->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  data->timeout = g_timeout_source_new_seconds (START_TIMEOUT_SECONDS);
  g_source_set_callback (data->timeout, start_timeout_cb, task, NULL);
  g_source_attach (data->timeout, g_main_context_get_thread_default ());
  g_task_set_task_data (task, data, (GDestroyNotify)start_data_free);

  g_data_input_stream_read_line_async (data->stdout_stream, G_PRIORITY_DEFAULT, cancellable,
                                       read_line_cb, g_steal_pointer (&task));
}

gboolean
rp_demo_start_finish (RpDemo        *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rp_demo_get_base_url:
 *
 * Returns: (nullable): the marketplace's address once started, like http://127.0.0.1:PORT
 */
const char *
rp_demo_get_base_url (RpDemo *self)
{
  g_return_val_if_fail (RP_IS_DEMO (self), NULL);

  return self->base_url;
}

void
rp_demo_stop (RpDemo *self)
{
  g_return_if_fail (RP_IS_DEMO (self));

  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_clear_object (&self->process);
    }
  g_clear_pointer (&self->base_url, g_free);
}

static void
rp_demo_dispose (GObject *object)
{
  rp_demo_stop (RP_DEMO (object));

  G_OBJECT_CLASS (rp_demo_parent_class)->dispose (object);
}

static void
rp_demo_finalize (GObject *object)
{
  RpDemo *self = (RpDemo *)object;

  g_free (self->state_dir);
  g_strfreev (self->extra_args);

  G_OBJECT_CLASS (rp_demo_parent_class)->finalize (object);
}

static void
rp_demo_class_init (RpDemoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_demo_dispose;
  object_class->finalize = rp_demo_finalize;
}

static void
rp_demo_init (RpDemo *self)
{
}

RpDemo *
rp_demo_new (const char          *state_dir,
             const char * const  *extra_args)
{
  RpDemo *self;

  g_return_val_if_fail (state_dir != NULL, NULL);

  self = g_object_new (RP_TYPE_DEMO, NULL);
  self->state_dir = g_strdup (state_dir);
  self->extra_args = g_strdupv ((char **)extra_args);

  return self;
}
