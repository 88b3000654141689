/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-evidence-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-evidence-dialog.h"
#include "rp-evidence.h"

/* The evidence export as the seller sees it: a folder chooser (the portal's in a sandbox),
 * a progress dialog that can be cancelled, and a result that shows the digest, since the
 * seller may want to write it down or send it beside the files.  The work itself is
 * RpEvidence's, on worker threads; nothing here blocks the main loop. */

#define PULSE_MS 120

typedef struct
{
  GtkWindow        *parent;
  RpStore          *store;
  gint64            account_id;
  char             *order_id;
  char             *issue_id;        /* the dispute it is for, or NULL */
  char             *folder;
  GCancellable     *cancellable;
  AdwMessageDialog *progress;      /* weak: destroyed by a response or when done */
  GtkProgressBar   *bar;
  guint             pulse_id;
  RpEvidence       *evidence;
} Export;

static void
export_clear (Export *export)
{
  g_clear_handle_id (&export->pulse_id, g_source_remove);
  if (export->progress != NULL)
    g_object_remove_weak_pointer (G_OBJECT (export->progress), (gpointer *)&export->progress);
  g_clear_object (&export->parent);
  g_clear_object (&export->store);
  g_free (export->order_id);
  g_free (export->issue_id);
  g_free (export->folder);
  g_clear_object (&export->cancellable);
  g_clear_object (&export->evidence);
}

static Export *
export_ref (Export *export)
{
  return g_rc_box_acquire (export);
}

static void
export_unref (Export *export)
{
  g_rc_box_release_full (export, (GDestroyNotify)export_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Export, export_unref)

static GtkWindow *
window_of (GtkWidget *widget)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Results ------------------------------------------------------------------------------ */

static void
show_error (GtkWindow  *parent,
            const char *heading,
            const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, NULL);

  gtk_widget_set_name (dialog, "evidence-error");
  /* The message may quote an id or a path: plain text, never markup. */
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GtkWindow *parent;
  char      *folder;
  char      *pdf_path;
} Opened;

static void
opened_free (gpointer data,
             GClosure *closure)
{
  Opened *opened = data;

  g_clear_object (&opened->parent);
  g_free (opened->folder);
  g_free (opened->pdf_path);
  g_free (opened);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
folder_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_file_launcher_open_containing_folder_finish (GTK_FILE_LAUNCHER (object), result,
                                                        &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    g_warning ("Could not open the folder: %s", error->message);
}
#endif

static void
result_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Opened           *opened)
{
  if (!g_str_equal (response, "open"))
    return;

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GFile) file = g_file_new_for_path (opened->pdf_path);
    g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

    /* Shows the folder with the PDF selected, through the portal in a sandbox. */
    gtk_file_launcher_open_containing_folder (launcher, opened->parent, NULL, folder_opened_cb,
                                              NULL);
  }
#else
  {
    g_autofree char *uri = g_filename_to_uri (opened->folder, NULL, NULL);

    if (uri != NULL)
      gtk_show_uri (opened->parent, uri, GDK_CURRENT_TIME);
  }
#endif
}

static void
show_result (Export     *export,
             const char *pdf_path)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *caption;
  GtkWidget *digest;
  Opened *opened;
  guint n = rp_evidence_get_n_messages (export->evidence);

  dialog = adw_message_dialog_new (export->parent, _("Evidence Exported"), NULL);
  gtk_widget_set_name (dialog, "evidence-result");
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The order, %u message, the tracking and the disputes "
                                       "are in %s as a PDF and a JSON file.",
                                       "The order, %u messages, the tracking and the disputes "
                                       "are in %s as a PDF and a JSON file.", n),
                          n, export->folder);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);

  /* The digest, selectable so that it can be copied into a reply to the platform. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  caption = gtk_label_new (_("Transcript SHA-256"));
  gtk_widget_add_css_class (caption, "caption-heading");
  gtk_box_append (GTK_BOX (box), caption);
  digest = gtk_label_new (rp_evidence_get_transcript_sha256 (export->evidence));
  gtk_widget_set_name (digest, "evidence-digest");
  gtk_label_set_selectable (GTK_LABEL (digest), TRUE);
  gtk_label_set_wrap (GTK_LABEL (digest), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (digest), PANGO_WRAP_CHAR);
  /* Two even lines of 32 rather than a ragged break. */
  gtk_label_set_max_width_chars (GTK_LABEL (digest), 32);
  gtk_label_set_justify (GTK_LABEL (digest), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (digest, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (digest), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Transcript SHA-256"), -1);
  gtk_box_append (GTK_BOX (box), digest);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "open", _("_Open Folder"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");

  opened = g_new0 (Opened, 1);
  opened->parent = export->parent != NULL ? g_object_ref (export->parent) : NULL;
  opened->folder = g_strdup (export->folder);
  opened->pdf_path = g_strdup (pdf_path);
  g_signal_connect_data (dialog, "response", G_CALLBACK (result_response_cb), opened,
                         opened_free, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Progress ----------------------------------------------------------------------------- */

static void
end_progress (Export *export)
{
  g_clear_handle_id (&export->pulse_id, g_source_remove);
  if (export->progress != NULL)
    gtk_window_destroy (GTK_WINDOW (export->progress));
}

static void
fail (Export *export,
      GError *error)
{
  end_progress (export);
  /* The seller cancelled: nothing to say. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_error (export->parent, _("Could Not Export Evidence"), error->message);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_path = NULL;

  if (!rp_evidence_export_finish (RP_EVIDENCE (object), result, &pdf_path, NULL, &error))
    {
      fail (export, error);
      return;
    }

  end_progress (export);
  show_result (export, pdf_path);
}

static void
collected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Export) export = user_data;
  g_autoptr(GError) error = NULL;

  export->evidence = rp_evidence_collect_finish (result, &error);
  if (export->evidence == NULL)
    {
      fail (export, error);
      return;
    }

  if (export->bar != NULL && export->progress != NULL)
    gtk_progress_bar_set_text (export->bar, _("Writing the PDF and the JSON file…"));
  rp_evidence_export_async (export->evidence, export->folder, export->cancellable, exported_cb,
                            export_ref (export));
}

static gboolean
pulse_cb (gpointer user_data)
{
  Export *export = user_data;

  if (export->progress != NULL)
    gtk_progress_bar_pulse (export->bar);
  return G_SOURCE_CONTINUE;
}

static void
unref_closure_data (gpointer  data,
                    GClosure *closure)
{
  g_object_unref (data);
}

static void
progress_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      GCancellable     *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static GtkWindow *
export_to_folder (GtkWidget  *from,
                  RpStore    *store,
                  gint64      account_id,
                  const char *order_id,
                  const char *issue_id,
                  const char *folder)
{
  g_autoptr(Export) export = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *bar;

  export = g_rc_box_new0 (Export);
  export->parent = window_of (from) != NULL ? g_object_ref (window_of (from)) : NULL;
  export->store = g_object_ref (store);
  export->account_id = account_id;
  export->order_id = g_strdup (order_id);
  export->issue_id = g_strdup (issue_id);
  export->folder = g_strdup (folder);
  export->cancellable = g_cancellable_new ();

  dialog = adw_message_dialog_new (export->parent, _("Exporting Evidence…"), NULL);
  gtk_widget_set_name (dialog, "evidence-progress");
  body = g_strdup_printf (_("Order %s"), order_id);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  bar = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (bar), _("Reading the order and its conversation…"));
  gtk_progress_bar_set_pulse_step (GTK_PROGRESS_BAR (bar), 0.1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), bar);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* The cancellable outlives the dialog: the export holds it too. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (progress_response_cb),
                         g_object_ref (export->cancellable), unref_closure_data, 0);

  export->progress = ADW_MESSAGE_DIALOG (dialog);
  export->bar = GTK_PROGRESS_BAR (bar);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&export->progress);
  export->pulse_id = g_timeout_add (PULSE_MS, pulse_cb, export);
  gtk_window_present (GTK_WINDOW (dialog));

  /* For a dispute, the pack says which one it was made for. */
  rp_evidence_collect_async (store, account_id, issue_id != NULL ? NULL : order_id, issue_id,
                             export->cancellable, collected_cb, export_ref (export));

  return GTK_WINDOW (dialog);
}

/**
 * rp_evidence_dialog_export_to_folder:
 *
 * Returns: (transfer none): the progress dialog, gone once the export ends
 */
GtkWindow *
rp_evidence_dialog_export_to_folder (GtkWidget  *from,
                                     RpStore    *store,
                                     gint64      account_id,
                                     const char *order_id,
                                     const char *folder)
{
  g_return_val_if_fail (from == NULL || GTK_IS_WIDGET (from), NULL);
  g_return_val_if_fail (RP_IS_STORE (store), NULL);
  g_return_val_if_fail (order_id != NULL && folder != NULL, NULL);

  return export_to_folder (from, store, account_id, order_id, NULL, folder);
}

/* Choosing the folder ------------------------------------------------------------------ */

typedef struct
{
  GtkWidget *from;
  RpStore   *store;
  gint64     account_id;
  char      *order_id;
  char      *issue_id;
} Choice;

static void
choice_free (Choice *choice)
{
  g_clear_object (&choice->from);
  g_clear_object (&choice->store);
  g_free (choice->order_id);
  g_free (choice->issue_id);
  g_free (choice);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Choice, choice_free)

static void
folder_chosen (Choice *choice,
               GFile  *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      show_error (window_of (choice->from), _("Could Not Export Evidence"),
                  _("Choose a folder on this computer."));
      return;
    }

  export_to_folder (choice->from, choice->store, choice->account_id, choice->order_id,
                    choice->issue_id, path);
}

static GFile *
initial_folder (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  return g_file_new_for_path (documents != NULL ? documents : g_get_home_dir ());
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
folder_dialog_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Choice) choice = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  file = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (object), result, &error);
  if (file == NULL)
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) &&
          !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
        show_error (window_of (choice->from), _("Could Not Export Evidence"), error->message);
      return;
    }

  folder_chosen (choice, file);
}

static void
choose_folder (Choice *choice)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GFile) folder = initial_folder ();

  gtk_file_dialog_set_title (dialog, _("Export Evidence To"));
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_initial_folder (dialog, folder);
  gtk_file_dialog_select_folder (dialog, window_of (choice->from), NULL, folder_dialog_cb, choice);
}
#else
static void
chooser_response_cb (GtkNativeDialog *native,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(Choice) choice = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        folder_chosen (choice, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
choose_folder (Choice *choice)
{
  GtkFileChooserNative *native;
  g_autoptr(GFile) folder = initial_folder ();

  native = gtk_file_chooser_native_new (_("Export Evidence To"), window_of (choice->from),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Export"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
  /* The reference is dropped in the response handler. */
  g_signal_connect (native, "response", G_CALLBACK (chooser_response_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
#endif

/* The views that offer the export all sit below a page with a "context" property. */
static RpContext *
find_context (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (w), "context");
      RpContext *context = NULL;

      if (pspec == NULL || (pspec->flags & G_PARAM_READABLE) == 0 ||
          !g_type_is_a (pspec->value_type, RP_TYPE_CONTEXT))
        continue;

      g_object_get (w, "context", &context, NULL);
      if (context != NULL)
        return context;
    }

  return NULL;
}

static void
run (GtkWidget  *from,
     RpContext  *context,
     gint64      account_id,
     const char *order_id,
     const char *issue_id)
{
  g_autoptr(RpContext) found = NULL;
  Choice *choice;
  RpStore *store;

  if (context == NULL)
    context = found = find_context (from);
  store = context != NULL ? rp_context_get_store (context) : NULL;
  if (store == NULL)
    {
      show_error (window_of (from), _("Could Not Export Evidence"),
                  _("The local copy of the store is not open yet. Try again in a moment."));
      return;
    }

  choice = g_new0 (Choice, 1);
  choice->from = g_object_ref (from);
  choice->store = g_object_ref (store);
  choice->account_id = account_id;
  choice->order_id = g_strdup (order_id);
  choice->issue_id = g_strdup (issue_id);
  choose_folder (choice);
}

void
rp_evidence_dialog_run (GtkWidget  *from,
                        RpContext  *context,
                        gint64      account_id,
                        const char *order_id)
{
  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));
  g_return_if_fail (order_id != NULL);

  run (from, context, account_id, order_id, NULL);
}

void
rp_evidence_dialog_run_for_dispute (GtkWidget  *from,
                                    RpContext  *context,
                                    gint64      account_id,
                                    const char *order_id,
                                    const char *issue_id)
{
  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));
  g_return_if_fail (order_id != NULL && issue_id != NULL);

  run (from, context, account_id, order_id, issue_id);
}
