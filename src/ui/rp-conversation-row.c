/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-conversation-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-conversation-format.h"
#include "rp-conversation-row.h"
#include "rp-plain-text.h"

#define PREVIEW_CHARS 160

struct _RpConversationRow
{
  GtkWidget       parent_instance;

  RpConversation *conversation;
  RpConversation *deferred;   /* to be shown by rp_conversation_row_show_deferred() */

  AdwAvatar      *avatar;
  GtkLabel       *name_label;
  GtkLabel       *time_label;
  GtkLabel       *context_label;
  GtkLabel       *preview_label;
  GtkLabel       *unread_label;
};

G_DEFINE_FINAL_TYPE (RpConversationRow, rp_conversation_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONVERSATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The local time zone, looked up at most once a second: g_time_zone_new_local() reads the
 * environment and the zone file each time, a tenth of binding a row.  Main thread only. */
static GTimeZone *
local_zone (void)
{
  static GTimeZone *zone;
  static gint64 looked_up_at;
  gint64 now = g_get_monotonic_time ();

  if (zone == NULL || now - looked_up_at > G_USEC_PER_SEC)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      zone = g_time_zone_new_local ();
      looked_up_at = now;
    }

  return zone;
}

static void
update (RpConversationRow *self)
{
  RpConversation *c = self->conversation;
  GTimeZone *local = local_zone ();
  g_autofree char *name = NULL;
  g_autofree char *preview = NULL;
  g_autofree char *when = NULL;
  g_autofree char *context = NULL;
  g_autofree char *accessible = NULL;
  gboolean unread;

  if (c == NULL)
    return;

  name = rp_plain_text_preview (c->buyer_name != NULL && *c->buyer_name != '\0'
                                ? c->buyer_name : c->buyer_login_id, 80);
  preview = rp_plain_text_preview (c->last_message_text, PREVIEW_CHARS);
  when = rp_conversation_format_when (c->last_message_at, g_get_real_time (), local);
  unread = c->unread_count > 0 || !c->read;

  if (c->last_message_is_own)
    {
      /* TRANSLATORS: the seller's own last message in the conversation list */
      g_autofree char *mine = g_strdup_printf (_("You: %s"), preview);

      g_free (preview);
      preview = g_steal_pointer (&mine);
    }

  if (c->order_id != NULL)
    context = g_strdup_printf (_("Order %s"), c->order_id);
  else
    context = g_strdup (_("General conversation"));
  if (c->rank > 0)
    {
      /* TRANSLATORS: the marketplace's colour label of a conversation, 1 to 5 */
      g_autofree char *label = g_strdup_printf (_("Label %u"), c->rank);
      g_autofree char *both = g_strdup_printf ("%s · %s", context, label);

      g_free (context);
      context = g_steal_pointer (&both);
    }

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->time_label, when);
  gtk_label_set_text (self->context_label, context);
  gtk_label_set_text (self->preview_label, preview);

  if (unread)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "heading");
      gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_label), "heading");
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "dim-label");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->unread_label), c->unread_count > 0);
  if (c->unread_count > 0)
    {
      g_autofree char *count = c->unread_count > 99 ? g_strdup ("99+")
                                                    : g_strdup_printf ("%u", c->unread_count);

      gtk_label_set_text (self->unread_label, count);
    }

  /* One sentence for screen readers rather than five separate labels. */
  if (c->unread_count > 0)
    accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%s, %s, %u unread message: %s",
                                               "%s, %s, %u unread messages: %s",
                                               c->unread_count),
                                  name, when, c->unread_count, preview);
  else
    accessible = g_strdup_printf (_("%s, %s: %s"), name, when, preview);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  /* GTK 4.8 names a list item by nothing of its content: name the row the list made. */
  if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (self))),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                    -1);
}

static void
rp_conversation_row_dispose (GObject *object)
{
  RpConversationRow *self = (RpConversationRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_CONVERSATION_ROW);
  /* The template's top box has no id, so the template does not unparent it. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->conversation);
  g_clear_object (&self->deferred);

  G_OBJECT_CLASS (rp_conversation_row_parent_class)->dispose (object);
}

static void
rp_conversation_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RpConversationRow *self = RP_CONVERSATION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_conversation_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RpConversationRow *self = RP_CONVERSATION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      rp_conversation_row_set_conversation (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_conversation_row_class_init (RpConversationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_conversation_row_dispose;
  object_class->get_property = rp_conversation_row_get_property;
  object_class->set_property = rp_conversation_row_set_property;

  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL,
                         RP_TYPE_CONVERSATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-conversation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RpConversationRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, RpConversationRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, RpConversationRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, RpConversationRow, context_label);
  gtk_widget_class_bind_template_child (widget_class, RpConversationRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, RpConversationRow, unread_label);
}

static void
rp_conversation_row_init (RpConversationRow *self)
{
  rp_conversation_format_load_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rp_conversation_row_new (void)
{
  return g_object_new (RP_TYPE_CONVERSATION_ROW, NULL);
}

/**
 * rp_conversation_row_get_conversation:
 *
 * Returns: (transfer none) (nullable): the conversation shown
 */
RpConversation *
rp_conversation_row_get_conversation (RpConversationRow *self)
{
  g_return_val_if_fail (RP_IS_CONVERSATION_ROW (self), NULL);

  return self->conversation;
}

void
rp_conversation_row_set_conversation (RpConversationRow *self,
                                      RpConversation    *conversation)
{
  g_return_if_fail (RP_IS_CONVERSATION_ROW (self));
  g_return_if_fail (conversation == NULL || RP_IS_CONVERSATION (conversation));

  g_clear_object (&self->deferred);
  /* The same object is the same content (a list makes a new one for a changed row). */
  if (g_set_object (&self->conversation, conversation))
    {
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
    }
}

/**
 * rp_conversation_row_defer_conversation:
 * @conversation: (nullable): the conversation to show later, or %NULL to show none later
 *
 * Keeps what the row shows until rp_conversation_row_show_deferred(): for a row off
 * screen, whose new content can wait for a later frame.
 */
void
rp_conversation_row_defer_conversation (RpConversationRow *self,
                                        RpConversation    *conversation)
{
  g_return_if_fail (RP_IS_CONVERSATION_ROW (self));
  g_return_if_fail (conversation == NULL || RP_IS_CONVERSATION (conversation));

  if (conversation == self->conversation)
    g_clear_object (&self->deferred);
  else
    g_set_object (&self->deferred, conversation);
}

/**
 * rp_conversation_row_show_deferred:
 *
 * Shows the conversation deferred, if any.
 *
 * Returns: whether the row had one to show
 */
gboolean
rp_conversation_row_show_deferred (RpConversationRow *self)
{
  g_autoptr(RpConversation) deferred = NULL;

  g_return_val_if_fail (RP_IS_CONVERSATION_ROW (self), FALSE);

  if (self->deferred == NULL)
    return FALSE;

  deferred = g_steal_pointer (&self->deferred);
  rp_conversation_row_set_conversation (self, deferred);
  return TRUE;
}

gboolean
rp_conversation_row_has_deferred (RpConversationRow *self)
{
  g_return_val_if_fail (RP_IS_CONVERSATION_ROW (self), FALSE);

  return self->deferred != NULL;
}
