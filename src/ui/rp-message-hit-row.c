/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-message-hit-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rp-conversation-format.h"
#include "rp-message-hit-row.h"
#include "rp-plain-text.h"

#define SNIPPET_CONTEXT_CHARS 24

struct _RpMessageHitRow
{
  GtkWidget     parent_instance;

  RpMessageHit *hit;

  GtkLabel     *name_label;
  GtkLabel     *time_label;
  GtkLabel     *snippet_label;
};

G_DEFINE_FINAL_TYPE (RpMessageHitRow, rp_message_hit_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
rp_message_hit_row_highlight (GtkLabel *label,
                              GArray   *ranges)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  /* Attributes over plain text: the text itself is never parsed as markup. */
  for (guint i = 0; ranges != NULL && i < ranges->len; i++)
    {
      const RpStoreRange *r = &g_array_index (ranges, RpStoreRange, i);
      PangoAttribute *attr;

      attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
      attr->start_index = r->start;
      attr->end_index = r->end;
      pango_attr_list_insert (attrs, attr);

      /* A yellow wash reads on light and dark backgrounds alike. */
      attr = pango_attr_background_new (0xf6f6, 0xd3d3, 0x2d2d);
      attr->start_index = r->start;
      attr->end_index = r->end;
      pango_attr_list_insert (attrs, attr);

      attr = pango_attr_background_alpha_new (0x6000);
      attr->start_index = r->start;
      attr->end_index = r->end;
      pango_attr_list_insert (attrs, attr);
    }

  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

static void
update (RpMessageHitRow *self)
{
  RpStoreSearchHit *hit;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GArray) name_ranges = NULL;
  g_autoptr(GArray) text_ranges = NULL;
  g_autofree char *name = NULL;
  g_autofree char *snippet = NULL;
  g_autofree char *when = NULL;

  if (self->hit == NULL)
    return;

  hit = rp_message_hit_get_hit (self->hit);
  name = rp_message_hit_snippet (hit->buyer_name != NULL ? hit->buyer_name : "",
                                 hit->buyer_name_ranges, 80, &name_ranges);
  snippet = rp_message_hit_snippet (hit->message->content, hit->content_ranges,
                                    SNIPPET_CONTEXT_CHARS, &text_ranges);
  if (hit->message->is_own)
    {
      /* TRANSLATORS: a search result the seller wrote */
      g_autofree char *mine = g_strdup_printf (_("You: %s"), snippet);
      gsize shift = strlen (mine) - strlen (snippet);

      for (guint i = 0; i < text_ranges->len; i++)
        {
          g_array_index (text_ranges, RpStoreRange, i).start += shift;
          g_array_index (text_ranges, RpStoreRange, i).end += shift;
        }
      g_free (snippet);
      snippet = g_steal_pointer (&mine);
    }
  when = rp_conversation_format_when (hit->message->sent_at, g_get_real_time (), local);

  gtk_label_set_text (self->name_label, name);
  rp_message_hit_row_highlight (self->name_label, name_ranges);
  gtk_label_set_text (self->snippet_label, snippet);
  rp_message_hit_row_highlight (self->snippet_label, text_ranges);
  gtk_label_set_text (self->time_label, when);

  /* GTK 4.8 names a list item by nothing of its content: name the row the list made. */
  {
    g_autofree char *accessible = g_strdup_printf (_("%s, %s: %s"), name, when, snippet);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    accessible, -1);
    if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (self))),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  }
}

static void
rp_message_hit_row_dispose (GObject *object)
{
  RpMessageHitRow *self = (RpMessageHitRow *)object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->hit);

  G_OBJECT_CLASS (rp_message_hit_row_parent_class)->dispose (object);
}

static void
rp_message_hit_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RpMessageHitRow *self = RP_MESSAGE_HIT_ROW (object);

  switch (prop_id)
    {
    case PROP_HIT:
      g_value_set_object (value, self->hit);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_message_hit_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RpMessageHitRow *self = RP_MESSAGE_HIT_ROW (object);

  switch (prop_id)
    {
    case PROP_HIT:
      rp_message_hit_row_set_hit (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_message_hit_row_class_init (RpMessageHitRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_message_hit_row_dispose;
  object_class->get_property = rp_message_hit_row_get_property;
  object_class->set_property = rp_message_hit_row_set_property;

  properties[PROP_HIT] =
    g_param_spec_object ("hit", NULL, NULL,
                         RP_TYPE_MESSAGE_HIT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rp_message_hit_row_init (RpMessageHitRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  self->name_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->name_label, 0);
  gtk_label_set_ellipsize (self->name_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->name_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "heading");

  self->time_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "numeric");

  self->snippet_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->snippet_label, 0);
  gtk_label_set_ellipsize (self->snippet_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (self->snippet_label, TRUE);

  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->name_label));
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->time_label));
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->snippet_label));
  gtk_widget_set_parent (box, GTK_WIDGET (self));
}

GtkWidget *
rp_message_hit_row_new (void)
{
  return g_object_new (RP_TYPE_MESSAGE_HIT_ROW, NULL);
}

/**
 * rp_message_hit_row_get_hit:
 *
 * Returns: (transfer none) (nullable): the result shown
 */
RpMessageHit *
rp_message_hit_row_get_hit (RpMessageHitRow *self)
{
  g_return_val_if_fail (RP_IS_MESSAGE_HIT_ROW (self), NULL);

  return self->hit;
}

void
rp_message_hit_row_set_hit (RpMessageHitRow *self,
                            RpMessageHit    *hit)
{
  g_return_if_fail (RP_IS_MESSAGE_HIT_ROW (self));
  g_return_if_fail (hit == NULL || RP_IS_MESSAGE_HIT (hit));

  if (g_set_object (&self->hit, hit))
    {
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIT]);
    }
}

/**
 * rp_message_hit_row_get_snippet_label:
 *
 * Returns: (transfer none): the label with the matching text
 */
GtkLabel *
rp_message_hit_row_get_snippet_label (RpMessageHitRow *self)
{
  g_return_val_if_fail (RP_IS_MESSAGE_HIT_ROW (self), NULL);

  return self->snippet_label;
}
