/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-shipments-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-shipments-page.h"

struct _RpShipmentsPage
{
  GtkWidget  parent_instance;

  RpContext *context;

  AdwStatusPage *empty_page;
};

G_DEFINE_FINAL_TYPE (RpShipmentsPage, rp_shipments_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rp_shipments_page_dispose (GObject *object)
{
  RpShipmentsPage *self = (RpShipmentsPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_SHIPMENTS_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (rp_shipments_page_parent_class)->dispose (object);
}

static void
rp_shipments_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RpShipmentsPage *self = RP_SHIPMENTS_PAGE (object);

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
rp_shipments_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RpShipmentsPage *self = RP_SHIPMENTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      rp_shipments_page_set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_shipments_page_class_init (RpShipmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_shipments_page_dispose;
  object_class->get_property = rp_shipments_page_get_property;
  object_class->set_property = rp_shipments_page_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RP_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-shipments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RpShipmentsPage, empty_page);
}

static void
rp_shipments_page_init (RpShipmentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rp_shipments_page_get_context:
 *
 * Returns: (transfer none) (nullable): the context
 */
RpContext *
rp_shipments_page_get_context (RpShipmentsPage *self)
{
  g_return_val_if_fail (RP_IS_SHIPMENTS_PAGE (self), NULL);

  return self->context;
}

void
rp_shipments_page_set_context (RpShipmentsPage *self,
                            RpContext    *context)
{
  g_return_if_fail (RP_IS_SHIPMENTS_PAGE (self));
  g_return_if_fail (context == NULL || RP_IS_CONTEXT (context));

  if (g_set_object (&self->context, context))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}
