/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-store-switcher"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-store-switcher.h"

/* At the foot of the sidebar: whether the lists show all stores or one.  Shown only when
 * there is more than one store; the choice is kept across restarts. */

struct _RpStoreSwitcher
{
  GtkWidget      parent_instance;

  GtkDropDown   *dropdown;
  GtkStringList *names;
  GArray        *ids;           /* gint64 per dropdown item; 0 = all stores */
  RpContext     *context;
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (RpStoreSwitcher, rp_store_switcher, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
select_shown (RpStoreSwitcher *self)
{
  gint64 shown = rp_context_get_shown_account (self->context);

  self->updating = TRUE;
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == shown)
      gtk_drop_down_set_selected (self->dropdown, i);
  self->updating = FALSE;
}

static void
rebuild (RpStoreSwitcher *self)
{
  GPtrArray *accounts = self->context != NULL ? rp_context_get_accounts (self->context) : NULL;
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  gint64 all = 0;

  if (accounts == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  g_array_set_size (self->ids, 0);
  g_array_append_val (self->ids, all);
  g_ptr_array_add (strings, (gpointer)_("All Stores"));
  for (guint i = 0; i < accounts->len; i++)
    {
      RpStoreAccount *account = g_ptr_array_index (accounts, i);

      g_array_append_val (self->ids, account->id);
      g_ptr_array_add (strings, account->name != NULL && *account->name != '\0'
                                ? account->name : (char *)_("Unnamed store"));
    }
  g_ptr_array_add (strings, NULL);

  self->updating = TRUE;
  gtk_string_list_splice (self->names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->names)),
                          (const char * const *)strings->pdata);
  self->updating = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self), accounts->len > 1);
  select_shown (self);
}

static void
selected_cb (RpStoreSwitcher *self)
{
  guint selected = gtk_drop_down_get_selected (self->dropdown);

  if (self->updating || self->context == NULL || selected >= self->ids->len)
    return;

  /* The context keeps the choice for the next start. */
  rp_context_set_shown_account (self->context, g_array_index (self->ids, gint64, selected));
}

/**
 * rp_store_switcher_set_context:
 */
void
rp_store_switcher_set_context (RpStoreSwitcher *self,
                               RpContext       *context)
{
  g_return_if_fail (RP_IS_STORE_SWITCHER (self));

  if (self->context == context)
    return;

  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_set_object (&self->context, context);

  if (context != NULL)
    {
      g_signal_connect_object (context, "notify::accounts", G_CALLBACK (rebuild), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::shown-account", G_CALLBACK (select_shown), self,
                               G_CONNECT_SWAPPED);
      rebuild (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
rp_store_switcher_dispose (GObject *object)
{
  RpStoreSwitcher *self = (RpStoreSwitcher *)object;

  g_clear_object (&self->context);
  g_clear_pointer ((GtkWidget **)&self->dropdown, gtk_widget_unparent);

  G_OBJECT_CLASS (rp_store_switcher_parent_class)->dispose (object);
}

static void
rp_store_switcher_finalize (GObject *object)
{
  RpStoreSwitcher *self = (RpStoreSwitcher *)object;

  g_clear_pointer (&self->ids, g_array_unref);

  G_OBJECT_CLASS (rp_store_switcher_parent_class)->finalize (object);
}

static void
rp_store_switcher_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RpStoreSwitcher *self = RP_STORE_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_store_switcher_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RpStoreSwitcher *self = RP_STORE_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      rp_store_switcher_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_store_switcher_class_init (RpStoreSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_store_switcher_dispose;
  object_class->finalize = rp_store_switcher_finalize;
  object_class->get_property = rp_store_switcher_get_property;
  object_class->set_property = rp_store_switcher_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, RP_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "storeswitcher");
}

static void
rp_store_switcher_init (RpStoreSwitcher *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->names = gtk_string_list_new (NULL);
  self->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->names), NULL));
  gtk_widget_set_margin_start (GTK_WIDGET (self->dropdown), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->dropdown), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->dropdown), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->dropdown), 6);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->dropdown), _("Stores Shown"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stores Shown"), -1);
  gtk_widget_set_parent (GTK_WIDGET (self->dropdown), GTK_WIDGET (self));
  g_signal_connect_swapped (self->dropdown, "notify::selected", G_CALLBACK (selected_cb), self);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rp_store_switcher_get_dropdown:
 *
 * Returns: (transfer none): the drop-down, for tests
 */
GtkDropDown *
rp_store_switcher_get_dropdown (RpStoreSwitcher *self)
{
  g_return_val_if_fail (RP_IS_STORE_SWITCHER (self), NULL);

  return self->dropdown;
}
