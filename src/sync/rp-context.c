/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-context"

#include "config.h"

#include "rp-context.h"

/* The one object that owns what the views need: settings now, the store, the connectors
 * and the sync engine as they arrive.  It is handed to widgets as a property, so that
 * nothing reaches for a global. */
struct _RpContext
{
  GObject    parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (RpContext, rp_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rp_context_dispose (GObject *object)
{
  RpContext *self = (RpContext *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rp_context_parent_class)->dispose (object);
}

static void
rp_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RpContext *self = RP_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  RpContext *self = RP_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_context_class_init (RpContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rp_context_dispose;
  object_class->get_property = rp_context_get_property;
  object_class->set_property = rp_context_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rp_context_init (RpContext *self)
{
}

/**
 * rp_context_new:
 * @settings: the application's settings
 *
 * Returns: (transfer full): a new context
 */
RpContext *
rp_context_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (RP_TYPE_CONTEXT, "settings", settings, NULL);
}

/**
 * rp_context_get_settings:
 *
 * Returns: (transfer none): the settings
 */
GSettings *
rp_context_get_settings (RpContext *self)
{
  g_return_val_if_fail (RP_IS_CONTEXT (self), NULL);

  return self->settings;
}
