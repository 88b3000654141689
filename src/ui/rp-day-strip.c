/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-day-strip"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "rp-day-strip.h"

#define OFFICE_BAR_HEIGHT 6
#define BUYER_BAR_HEIGHT  22
#define BAR_GAP           3
#define LABEL_GAP         2
#define NOW_LINE_WIDTH    2

struct _RpDayStrip
{
  GtkWidget      parent_instance;

  RpActivity    *activity;
  GTimeZone     *buyer_zone;
  GTimeZone     *seller_zone;
  RpQuietHours   quiet;
  RpOfficeHours  office;
  gint64         pinned_now;

  gboolean       has_slots;
  RpHourSlot     slots[24];
  gint64         now;
  char          *description;
  guint          timer_id;
};

G_DEFINE_FINAL_TYPE (RpDayStrip, rp_day_strip, GTK_TYPE_WIDGET)

/* Pure parts ------------------------------------------------------------------------ */

static char *
format_clock (gint64     when,
              GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("--:--");
  local = g_date_time_to_timezone (utc, zone);

  return g_date_time_format (local, "%H:%M");
}

char *
rp_day_strip_slot_label (const RpHourSlot *slot,
                         GTimeZone        *zone)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (slot != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  utc = g_date_time_new_from_unix_utc (slot->start / G_USEC_PER_SEC);
  if (utc == NULL)
    return g_strdup ("--");
  local = g_date_time_to_timezone (utc, zone);

  /* India, Iran, Nepal: the buyer's hours start at :30 or :45 of the seller's. */
  if (g_date_time_get_minute (local) != 0)
    return g_date_time_format (local, "%H:%M");

  return g_date_time_format (local, "%H");
}

int
rp_day_strip_now_index (const RpHourSlot slots[24],
                        gint64           now)
{
  g_return_val_if_fail (slots != NULL, -1);

  for (int i = 0; i < 24; i++)
    if (now >= slots[i].start && now < slots[i].start + G_TIME_SPAN_HOUR)
      return i;

  return -1;
}

typedef gboolean (*SlotTest) (const RpHourSlot *slot);

static gboolean
slot_is_likely (const RpHourSlot *slot)
{
  return slot->buyer_likely && !slot->buyer_quiet;
}

static gboolean
slot_is_quiet (const RpHourSlot *slot)
{
  return slot->buyer_quiet;
}

static gboolean
slot_is_office (const RpHourSlot *slot)
{
  return slot->seller_office;
}

typedef struct
{
  int first;
  int n;
} Run;

/* Stretches of consecutive slots that pass @test; one that runs past the seller's midnight
 * into the start of the strip is one stretch, as it is one evening for the buyer. */
static GArray *
find_runs (const RpHourSlot  slots[24],
           SlotTest          test)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (Run));

  for (int i = 0; i < 24;)
    {
      Run run = { i, 0 };

      if (!test (&slots[i]))
        {
          i++;
          continue;
        }
      while (i < 24 && test (&slots[i]))
        {
          run.n++;
          i++;
        }
      g_array_append_val (runs, run);
    }

  if (runs->len > 1)
    {
      Run *head = &g_array_index (runs, Run, 0);
      Run *tail = &g_array_index (runs, Run, runs->len - 1);

      if (head->first == 0 && tail->first + tail->n == 24)
        {
          tail->n += head->n;
          g_array_remove_index (runs, 0);
        }
    }

  return runs;
}

static void
run_bounds (const RpHourSlot  slots[24],
            const Run        *run,
            gint64           *out_start,
            gint64           *out_end)
{
  int last = (run->first + run->n - 1) % 24;

  *out_start = slots[run->first].start;
  *out_end = slots[last].start + G_TIME_SPAN_HOUR;
}

char *
rp_day_strip_describe (const RpHourSlot  slots[24],
                       GTimeZone        *buyer_zone,
                       GTimeZone        *seller_zone,
                       gint64            now)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) likely = NULL;
  g_autoptr(GArray) quiet = NULL;
  g_autoptr(GArray) office = NULL;
  int now_index;

  g_return_val_if_fail (slots != NULL, NULL);
  g_return_val_if_fail (buyer_zone != NULL, NULL);
  g_return_val_if_fail (seller_zone != NULL, NULL);

  likely = find_runs (slots, slot_is_likely);
  quiet = find_runs (slots, slot_is_quiet);
  office = find_runs (slots, slot_is_office);

  if (likely->len == 0)
    g_string_append (text, _("Not likely online at any hour of this day."));
  for (guint i = 0; i < likely->len; i++)
    {
      gint64 start, end;
      g_autofree char *their_start = NULL, *their_end = NULL;
      g_autofree char *your_start = NULL, *your_end = NULL;

      run_bounds (slots, &g_array_index (likely, Run, i), &start, &end);
      their_start = format_clock (start, buyer_zone);
      their_end = format_clock (end, buyer_zone);
      your_start = format_clock (start, seller_zone);
      your_end = format_clock (end, seller_zone);
      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* TRANSLATORS: a stretch of hours when the buyer is likely online, first on the
       * buyer's clock, then on the seller's, e.g. "Likely online 19:00–23:00 their time,
       * that is 02:00–06:00 yours." */
      g_string_append_printf (text, _("Likely online %s–%s their time, that is %s–%s yours."),
                              their_start, their_end, your_start, your_end);
    }

  for (guint i = 0; i < quiet->len; i++)
    {
      gint64 start, end;
      g_autofree char *their_start = NULL, *their_end = NULL;
      g_autofree char *your_start = NULL, *your_end = NULL;

      run_bounds (slots, &g_array_index (quiet, Run, i), &start, &end);
      their_start = format_clock (start, buyer_zone);
      their_end = format_clock (end, buyer_zone);
      your_start = format_clock (start, seller_zone);
      your_end = format_clock (end, seller_zone);
      g_string_append_c (text, ' ');
      /* TRANSLATORS: the buyer's night, when nothing is sent, on both clocks */
      g_string_append_printf (text, _("Their night %s–%s, that is %s–%s yours."),
                              their_start, their_end, your_start, your_end);
    }

  for (guint i = 0; i < office->len; i++)
    {
      gint64 start, end;
      g_autofree char *your_start = NULL, *your_end = NULL;
      g_autofree char *their_start = NULL, *their_end = NULL;

      run_bounds (slots, &g_array_index (office, Run, i), &start, &end);
      your_start = format_clock (start, seller_zone);
      your_end = format_clock (end, seller_zone);
      their_start = format_clock (start, buyer_zone);
      their_end = format_clock (end, buyer_zone);
      g_string_append_c (text, ' ');
      /* TRANSLATORS: the seller's office hours, on the seller's clock and then the buyer's */
      g_string_append_printf (text, _("Your office hours %s–%s, that is %s–%s their time."),
                              your_start, your_end, their_start, their_end);
    }

  now_index = rp_day_strip_now_index (slots, now);
  if (now_index >= 0)
    {
      const RpHourSlot *slot = &slots[now_index];
      g_autofree char *yours = format_clock (now, seller_zone);
      g_autofree char *theirs = format_clock (now, buyer_zone);

      g_string_append_c (text, ' ');
      if (slot->buyer_quiet)
        /* TRANSLATORS: now on the seller's clock, then on the buyer's */
        g_string_append_printf (text, _("Now %s yours, %s theirs: their night."), yours, theirs);
      else if (slot->buyer_likely)
        g_string_append_printf (text, _("Now %s yours, %s theirs: likely online."), yours, theirs);
      else
        g_string_append_printf (text, _("Now %s yours, %s theirs: probably away."), yours, theirs);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The widget ------------------------------------------------------------------------ */

static gint64
current_now (RpDayStrip *self)
{
  return self->pinned_now != 0 ? self->pinned_now : g_get_real_time ();
}

static void
recompute (RpDayStrip *self)
{
  g_autofree char *description = NULL;

  self->now = current_now (self);

  if (self->buyer_zone == NULL)
    {
      self->has_slots = FALSE;
      g_clear_pointer (&self->description, g_free);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  rp_schedule_day_strip (self->activity, self->buyer_zone, &self->quiet, self->seller_zone,
                         &self->office, self->now, self->slots);
  self->has_slots = TRUE;

  description = rp_day_strip_describe (self->slots, self->buyer_zone, self->seller_zone,
                                       self->now);
  if (g_strcmp0 (description, self->description) != 0)
    {
      g_free (self->description);
      self->description = g_steal_pointer (&description);
      /* The drawing says nothing to a screen reader: this says the same in words. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                      -1);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
tick_cb (gpointer data)
{
  recompute (RP_DAY_STRIP (data));

  return G_SOURCE_CONTINUE;
}

static void
rp_day_strip_map (GtkWidget *widget)
{
  RpDayStrip *self = RP_DAY_STRIP (widget);

  GTK_WIDGET_CLASS (rp_day_strip_parent_class)->map (widget);

  recompute (self);
  if (self->timer_id == 0)
    self->timer_id = g_timeout_add_seconds (60, tick_cb, self);
}

static void
rp_day_strip_unmap (GtkWidget *widget)
{
  RpDayStrip *self = RP_DAY_STRIP (widget);

  g_clear_handle_id (&self->timer_id, g_source_remove);

  GTK_WIDGET_CLASS (rp_day_strip_parent_class)->unmap (widget);
}

static int
label_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "0123456789");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);

  return height;
}

static void
rp_day_strip_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 24 * 8;
      *natural = 24 * 18;
    }
  else
    {
      *minimum = *natural = 2 * (label_height (widget) + LABEL_GAP) +
                            OFFICE_BAR_HEIGHT + BAR_GAP + BUYER_BAR_HEIGHT;
    }
}

static gboolean
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *out)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (gtk_style_context_lookup_color (context, name, out))
    return TRUE;
  G_GNUC_END_IGNORE_DEPRECATIONS

  return gdk_rgba_parse (out, fallback);
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            double         alpha)
{
  GdkRGBA c = *color;

  c.alpha *= alpha;

  return c;
}

static void
append_rounded (GtkSnapshot     *snapshot,
                const GdkRGBA   *color,
                float            x,
                float            y,
                float            width,
                float            height,
                float            radius)
{
  GskRoundedRect rect;

  gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x, y, width, height), radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
  gtk_snapshot_pop (snapshot);
}

/* Hour labels every @step slots along @y, on @zone's clock, kept inside the widget. */
static void
draw_labels (RpDayStrip    *self,
             GtkSnapshot   *snapshot,
             GTimeZone     *zone,
             int            step,
             float          cell,
             float          y,
             const GdkRGBA *color)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);

  for (int i = 0; i < 24; i += step)
    {
      g_autofree char *text = rp_day_strip_slot_label (&self->slots[i], zone);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
      int text_width;
      float x;

      pango_layout_get_pixel_size (layout, &text_width, NULL);
      x = CLAMP (i * cell - text_width / 2.0f, 0.0f, (float) MAX (width - text_width, 0));

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
      gtk_snapshot_append_layout (snapshot, layout, color);
      gtk_snapshot_restore (snapshot);
    }
}

static void
rp_day_strip_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  RpDayStrip *self = RP_DAY_STRIP (widget);
  int width = gtk_widget_get_width (widget);
  int line = label_height (widget);
  GdkRGBA fg, accent, office, now_color, label_color;
  g_autoptr(PangoLayout) probe = NULL;
  float cell, office_y, buyer_y, bottom_y;
  int probe_width, step;
  static const int steps[] = { 1, 2, 3, 4, 6, 12 };

  if (!self->has_slots || width <= 0)
    return;

  /* Colours from the style, so that the strip follows the dark style and high contrast. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  lookup_color (widget, "accent_bg_color", "#3584e4", &accent);
  lookup_color (widget, "success_color", "#26a269", &office);
  lookup_color (widget, "destructive_color", "#e01b24", &now_color);
  label_color = with_alpha (&fg, 0.7);

  cell = width / 24.0f;
  office_y = line + LABEL_GAP;
  buyer_y = office_y + OFFICE_BAR_HEIGHT + BAR_GAP;
  bottom_y = buyer_y + BUYER_BAR_HEIGHT + LABEL_GAP;

  /* As many labels as fit without touching. */
  probe = gtk_widget_create_pango_layout (widget, "00:00");
  pango_layout_get_pixel_size (probe, &probe_width, NULL);
  step = 12;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * cell >= probe_width + 8)
      {
        step = steps[i];
        break;
      }

  draw_labels (self, snapshot, self->seller_zone, step, cell, 0, &label_color);

  /* The seller's office hours: a thin bar above. */
  {
    GdkRGBA track = with_alpha (&fg, 0.08);
    GdkRGBA bar = with_alpha (&office, 0.85);

    append_rounded (snapshot, &track, 0, office_y, width, OFFICE_BAR_HEIGHT, OFFICE_BAR_HEIGHT / 2.0f);
    for (int i = 0; i < 24; i++)
      if (self->slots[i].seller_office)
        gtk_snapshot_append_color (snapshot, &bar,
                                   &GRAPHENE_RECT_INIT (i * cell, office_y, ceilf (cell),
                                                        OFFICE_BAR_HEIGHT));
  }

  /* The buyer's day: the night darker, each hour as strong as the buyer is likely on. */
  {
    GskRoundedRect clip;
    GdkRGBA track = with_alpha (&fg, 0.06);
    GdkRGBA night = with_alpha (&fg, 0.16);

    gsk_rounded_rect_init_from_rect (&clip, &GRAPHENE_RECT_INIT (0, buyer_y, width, BUYER_BAR_HEIGHT), 6);
    gtk_snapshot_push_rounded_clip (snapshot, &clip);
    gtk_snapshot_append_color (snapshot, &track, &GRAPHENE_RECT_INIT (0, buyer_y, width, BUYER_BAR_HEIGHT));

    for (int i = 0; i < 24; i++)
      {
        const RpHourSlot *slot = &self->slots[i];
        float x = i * cell;
        double p = CLAMP (slot->buyer_probability, 0.0, 1.0);
        GdkRGBA fill;

        if (slot->buyer_quiet)
          gtk_snapshot_append_color (snapshot, &night,
                                     &GRAPHENE_RECT_INIT (x, buyer_y, ceilf (cell), BUYER_BAR_HEIGHT));

        fill = with_alpha (&accent, slot->buyer_likely && !slot->buyer_quiet ? 0.35 + 0.65 * p
                                                                              : 0.45 * p);
        /* A hairline between hours keeps them countable. */
        gtk_snapshot_append_color (snapshot, &fill,
                                   &GRAPHENE_RECT_INIT (x + 0.5f, buyer_y, MAX (cell - 1.0f, 1.0f),
                                                        BUYER_BAR_HEIGHT));
      }
    gtk_snapshot_pop (snapshot);
  }

  draw_labels (self, snapshot, self->buyer_zone, step, cell, bottom_y, &label_color);

  /* Now. */
  {
    double fraction = (double) (self->now - self->slots[0].start) / (24.0 * G_TIME_SPAN_HOUR);

    if (fraction >= 0 && fraction <= 1)
      {
        float x = CLAMP (fraction * width - NOW_LINE_WIDTH / 2.0f, 0.0f, width - NOW_LINE_WIDTH);

        gtk_snapshot_append_color (snapshot, &now_color,
                                   &GRAPHENE_RECT_INIT (x, office_y - 2, NOW_LINE_WIDTH,
                                                        buyer_y + BUYER_BAR_HEIGHT + 2 - (office_y - 2)));
      }
  }
}

static gboolean
query_tooltip_cb (RpDayStrip *self,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  const RpHourSlot *slot;
  g_autofree char *yours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *text = NULL;
  int index;

  if (!self->has_slots || width <= 0)
    return FALSE;

  index = keyboard ? rp_day_strip_now_index (self->slots, self->now) : x * 24 / width;
  if (index < 0 || index >= 24)
    return FALSE;

  slot = &self->slots[index];
  yours = format_clock (slot->start, self->seller_zone);
  theirs = format_clock (slot->start, self->buyer_zone);
  if (slot->buyer_quiet)
    /* TRANSLATORS: an hour of the day strip: the seller's clock, the buyer's clock */
    text = g_strdup_printf (_("%s yours, %s theirs: their night"), yours, theirs);
  else
    /* TRANSLATORS: an hour of the day strip: the seller's clock, the buyer's clock and how
     * likely the buyer is online then, e.g. "14:00 yours, 07:00 theirs: 35% likely online" */
    text = g_strdup_printf (_("%s yours, %s theirs: %d%% likely online"), yours, theirs,
                            (int) lround (slot->buyer_probability * 100));
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

static void
rp_day_strip_dispose (GObject *object)
{
  RpDayStrip *self = RP_DAY_STRIP (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_object (&self->activity);

  G_OBJECT_CLASS (rp_day_strip_parent_class)->dispose (object);
}

static void
rp_day_strip_finalize (GObject *object)
{
  RpDayStrip *self = RP_DAY_STRIP (object);

  g_clear_pointer (&self->buyer_zone, g_time_zone_unref);
  g_clear_pointer (&self->seller_zone, g_time_zone_unref);
  g_free (self->description);

  G_OBJECT_CLASS (rp_day_strip_parent_class)->finalize (object);
}

static void
rp_day_strip_class_init (RpDayStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_day_strip_dispose;
  object_class->finalize = rp_day_strip_finalize;

  widget_class->map = rp_day_strip_map;
  widget_class->unmap = rp_day_strip_unmap;
  widget_class->measure = rp_day_strip_measure;
  widget_class->snapshot = rp_day_strip_snapshot;

  gtk_widget_class_set_css_name (widget_class, "rp-day-strip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rp_day_strip_init (RpDayStrip *self)
{
  rp_quiet_hours_init_default (&self->quiet);
  self->office.start_minute = RP_OFFICE_HOURS_DEFAULT_START;
  self->office.end_minute = RP_OFFICE_HOURS_DEFAULT_END;
  self->seller_zone = g_time_zone_new_local ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The buyer’s day beside yours"),
                                  -1);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

GtkWidget *
rp_day_strip_new (void)
{
  return g_object_new (RP_TYPE_DAY_STRIP, NULL);
}

void
rp_day_strip_set_buyer (RpDayStrip *self,
                        RpActivity *activity,
                        GTimeZone  *buyer_zone)
{
  g_return_if_fail (RP_IS_DAY_STRIP (self));
  g_return_if_fail (activity == NULL || RP_IS_ACTIVITY (activity));

  g_set_object (&self->activity, activity);
  g_clear_pointer (&self->buyer_zone, g_time_zone_unref);
  if (buyer_zone != NULL)
    self->buyer_zone = g_time_zone_ref (buyer_zone);
  recompute (self);
}

void
rp_day_strip_set_hours (RpDayStrip          *self,
                        const RpQuietHours  *quiet,
                        const RpOfficeHours *office,
                        GTimeZone           *seller_zone)
{
  g_return_if_fail (RP_IS_DAY_STRIP (self));

  if (quiet != NULL)
    self->quiet = *quiet;
  else
    rp_quiet_hours_init_default (&self->quiet);

  if (office != NULL)
    self->office = *office;
  else
    {
      self->office.start_minute = RP_OFFICE_HOURS_DEFAULT_START;
      self->office.end_minute = RP_OFFICE_HOURS_DEFAULT_END;
    }

  g_clear_pointer (&self->seller_zone, g_time_zone_unref);
  self->seller_zone = seller_zone != NULL ? g_time_zone_ref (seller_zone) : g_time_zone_new_local ();
  recompute (self);
}

void
rp_day_strip_set_now (RpDayStrip *self,
                      gint64      now)
{
  g_return_if_fail (RP_IS_DAY_STRIP (self));

  self->pinned_now = now;
  recompute (self);
}

const RpHourSlot *
rp_day_strip_get_slots (RpDayStrip *self)
{
  g_return_val_if_fail (RP_IS_DAY_STRIP (self), NULL);

  return self->has_slots ? self->slots : NULL;
}

const char *
rp_day_strip_get_description (RpDayStrip *self)
{
  g_return_val_if_fail (RP_IS_DAY_STRIP (self), NULL);

  return self->description;
}
