/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-message-bubble"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-conversation-format.h"
#include "rp-links.h"
#include "rp-message-bubble.h"
#include "rp-plain-text.h"
#include "rp-thumbnails.h"

/* Long enough for any real message; a hostile megabyte would stall the layout. */
#define MAX_SHOWN_CHARS 20000
/* More attachments than a message of the marketplace holds are not fetched. */
#define MAX_IMAGES 9

/* Around the day and the bubble, and between them. */
#define MARGIN_X 12
#define MARGIN_Y 3
#define SPACING  6

struct _RpMessageBubble
{
  GtkWidget  parent_instance;

  RpMessage *message;
  GTimeZone *buyer_zone;
  GPtrArray *links;      /* of RpLink, into the text shown */
  GStrv      image_urls; /* the attachments the images box shows */
  GPtrArray *images;     /* of Image, in the order of image_urls */
  GCancellable *images_cancellable;

  GtkLabel  *day_label;
  GtkBox    *bubble;
  GtkLabel  *text_label;
  GtkBox    *images_box;
  GtkLabel  *time_label;
  GtkLabel  *state_label;
  GtkButton *retry_button;

  gboolean   own;        /* the seller's: the bubble sits at the end of the line */
};

G_DEFINE_FINAL_TYPE (RpMessageBubble, rp_message_bubble, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
state_text (RpOutboxState state)
{
  switch (state)
    {
    case RP_OUTBOX_QUEUED:
      return _("Queued");
    case RP_OUTBOX_SENDING:
      return _("Sending…");
    case RP_OUTBOX_SENT:
      return _("Sent");
    case RP_OUTBOX_FAILED_RETRYABLE:
      return _("Not sent yet, will retry");
    case RP_OUTBOX_FAILED_PERMANENT:
      return _("Not sent");
    case RP_OUTBOX_SCHEDULED:
      return _("Scheduled");
    default:
      return NULL;
    }
}

/* Markup made only of our own <a> tags around escaped pieces of the shown text; a link
 * names its index, so nothing the buyer wrote reaches an attribute as an address. */
static char *
links_markup (const char *text,
              GPtrArray  *links)
{
  GString *markup = g_string_new (NULL);
  gsize pos = 0;

  for (guint i = 0; i < links->len; i++)
    {
      RpLink *link = g_ptr_array_index (links, i);
      g_autofree char *before = g_markup_escape_text (text + pos, link->start - pos);
      g_autofree char *shown = g_markup_escape_text (text + link->start, link->end - link->start);
      g_autofree char *title = g_markup_escape_text (link->url, -1);

      g_string_append (markup, before);
      g_string_append_printf (markup, "<a href=\"%u\" title=\"%s\">%s</a>", i, title, shown);
      pos = link->end;
    }

  {
    g_autofree char *rest = g_markup_escape_text (text + pos, -1);

    g_string_append (markup, rest);
  }

  return g_string_free (markup, FALSE);
}

static gboolean
activate_link_cb (RpMessageBubble *self,
                  const char      *uri,
                  GtkLabel        *label)
{
  guint64 index;

  /* Never the label's own handling: that would open the "address" without asking. */
  if (g_ascii_string_to_unsigned (uri, 10, 0, G_MAXUINT, &index, NULL))
    rp_message_bubble_activate_link (self, (guint) index);

  return TRUE;
}

/* Attachments */

typedef struct
{
  RpMessageBubble         *self;      /* unowned: the images go when the bubble does */
  char                    *url;
  RpLink                  *link;      /* NULL when it may not be fetched at all */
  GtkWidget               *widget;    /* the button with the picture, or the chip */
  RpMessageBubbleImageState state;
} Image;

static void
image_free (Image *image)
{
  g_free (image->url);
  g_clear_pointer (&image->link, rp_link_free);
  g_free (image);
}

static void
image_clicked_cb (GtkButton *button,
                  Image     *image)
{
  if (image->link != NULL)
    rp_conversation_confirm_open_link (GTK_WIDGET (image->self), image->link);
}

static void
show_chip (Image      *image,
           const char *title)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon = gtk_image_new_from_icon_name ("image-missing-symbolic");
  GtkWidget *heading = gtk_label_new (title);
  g_autofree char *shown = rp_plain_text_preview (image->url, 300);
  GtkWidget *address = gtk_label_new (NULL);

  /* The address is the buyer's text: plain, never markup, never a link. */
  gtk_label_set_use_markup (GTK_LABEL (address), FALSE);
  gtk_label_set_text (GTK_LABEL (address), shown);
  gtk_label_set_ellipsize (GTK_LABEL (address), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (address), 40);
  gtk_label_set_xalign (GTK_LABEL (address), 0);
  gtk_label_set_selectable (GTK_LABEL (address), TRUE);
  gtk_widget_add_css_class (address, "caption");
  gtk_widget_add_css_class (address, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "caption-heading");
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (texts), heading);
  gtk_box_append (GTK_BOX (texts), address);
  gtk_box_append (GTK_BOX (chip), icon);
  gtk_box_append (GTK_BOX (chip), texts);
  gtk_widget_add_css_class (chip, "rp-image-chip");
  gtk_widget_set_halign (chip, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chip), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  if (image->widget != NULL)
    {
      gtk_box_insert_child_after (image->self->images_box, chip, image->widget);
      gtk_box_remove (image->self->images_box, image->widget);
    }
  else
    gtk_box_append (image->self->images_box, chip);

  image->widget = chip;
  image->state = RP_MESSAGE_BUBBLE_IMAGE_FAILED;
}

static gboolean
show_thumbnail (Image   *image,
                GBytes  *png)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *picture;
  int width, height;

  texture = gdk_texture_new_from_bytes (png, &error);
  if (texture == NULL)
    {
      g_debug ("Thumbnail of %s: %s", image->url, error->message);
      return FALSE;
    }

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, MIN (width, RP_THUMBNAILS_SIZE), MIN (height, RP_THUMBNAILS_SIZE));
  gtk_button_set_child (GTK_BUTTON (image->widget), picture);
  image->state = RP_MESSAGE_BUBBLE_IMAGE_SHOWN;

  return TRUE;
}

static void
thumbnail_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Image *image = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = rp_thumbnails_load_finish (RP_THUMBNAILS (object), result, &error);

  /* Cancelled: the bubble shows another message now, and @image is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (png != NULL && show_thumbnail (image, png))
    return;

  if (g_error_matches (error, RP_THUMBNAILS_ERROR, RP_THUMBNAILS_ERROR_OFFLINE))
    show_chip (image, _("Image not loaded while offline"));
  else
    show_chip (image, _("Image could not be loaded"));
}

static void
add_image (RpMessageBubble *self,
           const char      *url)
{
  Image *image = g_new0 (Image, 1);
  g_autoptr(GBytes) cached = NULL;
  GtkWidget *button;
  GtkWidget *waiting;

  image->self = self;
  image->url = g_strdup (url);
  image->link = rp_link_parse (url);
  g_ptr_array_add (self->images, image);

  /* Only http and https are fetched, and only what could be opened as a link. */
  if (image->link == NULL)
    {
      show_chip (image, _("Image could not be loaded"));
      return;
    }

  button = gtk_button_new ();
  waiting = gtk_label_new (_("Loading image…"));
  gtk_widget_add_css_class (waiting, "dim-label");
  gtk_widget_add_css_class (waiting, "caption");
  gtk_button_set_child (GTK_BUTTON (button), waiting);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "rp-thumbnail");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, image->link->url);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Image from the buyer; opens after you confirm"), -1);
  g_signal_connect (button, "clicked", G_CALLBACK (image_clicked_cb), image);
  gtk_box_append (self->images_box, button);
  image->widget = button;
  image->state = RP_MESSAGE_BUBBLE_IMAGE_LOADING;

  /* Already in memory (the row was scrolled past and back): no flicker, no wait. */
  cached = rp_thumbnails_lookup (rp_thumbnails_get_default (), url);
  if (cached != NULL && show_thumbnail (image, cached))
    return;

  rp_thumbnails_load_async (rp_thumbnails_get_default (), url, self->images_cancellable,
                            thumbnail_loaded_cb, image);
}

static void
update_images (RpMessageBubble *self,
               GStrv            urls)
{
  guint n = urls != NULL ? g_strv_length (urls) : 0;

  /* A reload brings a new object with the same attachments: keep what is shown. */
  if ((self->image_urls == NULL && n == 0) ||
      (self->image_urls != NULL && urls != NULL &&
       g_strv_equal ((const char * const *) self->image_urls, (const char * const *) urls)))
    return;

  g_cancellable_cancel (self->images_cancellable);
  g_clear_object (&self->images_cancellable);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->images_box))) != NULL;)
    gtk_box_remove (self->images_box, child);
  g_ptr_array_set_size (self->images, 0);
  g_clear_pointer (&self->image_urls, g_strfreev);

  gtk_widget_set_visible (GTK_WIDGET (self->images_box), n > 0);
  if (n == 0)
    return;

  self->image_urls = g_strdupv (urls);
  self->images_cancellable = g_cancellable_new ();
  for (guint i = 0; i < MIN (n, MAX_IMAGES); i++)
    add_image (self, urls[i]);
}

static void
update (RpMessageBubble *self)
{
  RpMessage *m = self->message;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *text = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *time_text = NULL;
  gboolean echo;
  gboolean failed;

  if (m == NULL)
    {
      g_clear_pointer (&self->links, g_ptr_array_unref);
      update_images (self, NULL);
      gtk_label_set_use_markup (self->text_label, FALSE);
      gtk_label_set_text (self->text_label, "");
      gtk_label_set_text (self->time_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->state_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->retry_button), FALSE);
      return;
    }

  /* Buyer text is plain text: set with gtk_label_set_text() on a label without markup,
   * after control and bidi-override characters were made visible and inert. */
  text = rp_plain_text_for_display (m->content, MAX_SHOWN_CHARS, NULL, 0);
  g_clear_pointer (&self->links, g_ptr_array_unref);
  self->links = rp_links_find (text);
  if (self->links->len > 0)
    {
      g_autofree char *markup = links_markup (text, self->links);

      gtk_label_set_markup (self->text_label, markup);
    }
  else
    {
      gtk_label_set_use_markup (self->text_label, FALSE);
      gtk_label_set_text (self->text_label, text);
    }

  update_images (self, m->image_urls);

  clock = rp_conversation_format_clock (m->sent_at, local);
  if (self->buyer_zone != NULL && !m->is_own && m->sent_at > 0)
    {
      g_autofree char *theirs = rp_conversation_format_clock (m->sent_at, self->buyer_zone);

      if (g_strcmp0 (theirs, clock) != 0)
        /* TRANSLATORS: a message time, then the buyer's own local time at that moment */
        time_text = g_strdup_printf (_("%s · %s for the buyer"), clock, theirs);
    }
  gtk_label_set_text (self->time_label, time_text != NULL ? time_text : clock);

  if (self->own != m->is_own)
    {
      self->own = m->is_own;
      gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
  if (m->is_own)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->bubble), "rp-bubble-own");
      gtk_widget_remove_css_class (GTK_WIDGET (self->bubble), "rp-bubble-buyer");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->bubble), "rp-bubble-buyer");
      gtk_widget_remove_css_class (GTK_WIDGET (self->bubble), "rp-bubble-own");
    }

  /* Only a local echo of an outbox item has a sending state worth showing. */
  echo = m->is_own && m->outbox_id > 0;
  failed = echo && (m->outbox_state == RP_OUTBOX_FAILED_RETRYABLE ||
                    m->outbox_state == RP_OUTBOX_FAILED_PERMANENT);
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), echo && state_text (m->outbox_state) != NULL);
  if (echo)
    gtk_label_set_text (self->state_label, state_text (m->outbox_state));
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");

  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), failed);

  /* GTK 4.8 names a list item by nothing of its content: name the row the list made. */
  {
    g_autofree char *accessible = NULL;

    if (m->is_own)
      /* TRANSLATORS: a screen reader's name for a message: the time, then the text */
      accessible = g_strdup_printf (_("You, %s: %s"), clock, text);
    else
      /* TRANSLATORS: a screen reader's name for a message: the time, then the text */
      accessible = g_strdup_printf (_("Buyer, %s: %s"), clock, text);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    accessible, -1);
    if (gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (self))),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  }
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->retry_button),
                                          g_variant_new_int64 (echo ? m->outbox_id : 0));
}

static void
rp_message_bubble_dispose (GObject *object)
{
  RpMessageBubble *self = (RpMessageBubble *)object;

  g_cancellable_cancel (self->images_cancellable);
  g_clear_object (&self->images_cancellable);
  g_clear_pointer (&self->images, g_ptr_array_unref);
  g_clear_pointer (&self->image_urls, g_strfreev);

  gtk_widget_dispose_template (GTK_WIDGET (self), RP_TYPE_MESSAGE_BUBBLE);
  g_clear_object (&self->message);
  g_clear_pointer (&self->buyer_zone, g_time_zone_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);

  G_OBJECT_CLASS (rp_message_bubble_parent_class)->dispose (object);
}

/* Layout.  The bubble is as wide as its text up to the row's width, at the start of the
 * row for the buyer and at its end for the seller.  The bubble is sized here rather than
 * aligned with halign: GTK asks an aligned widget whose height depends on its width for
 * its width at the height it got, which for wrapped text is a search over a dozen widths,
 * each a new layout of the text, for every bubble at every layout of the list. */

static int
bubble_width (RpMessageBubble *self,
              int              width)
{
  int min, nat;

  gtk_widget_measure (GTK_WIDGET (self->bubble), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min, &nat, NULL, NULL);
  return MAX (min, MIN (nat, width));
}

static GtkSizeRequestMode
rp_message_bubble_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
rp_message_bubble_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  RpMessageBubble *self = RP_MESSAGE_BUBBLE (widget);
  GtkWidget *day = GTK_WIDGET (self->day_label);
  GtkWidget *bubble = GTK_WIDGET (self->bubble);
  gboolean has_day = gtk_widget_get_visible (day);
  int day_min = 0, day_nat = 0;
  int min, nat;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (bubble, orientation, -1, &min, &nat, NULL, NULL);
      if (has_day)
        gtk_widget_measure (day, orientation, -1, &day_min, &day_nat, NULL, NULL);
      *minimum = MAX (min, day_min) + 2 * MARGIN_X;
      *natural = MAX (nat, day_nat) + 2 * MARGIN_X;
    }
  else
    {
      int inner = for_size < 0 ? -1 : MAX (for_size - 2 * MARGIN_X, 0);

      /* Without a width, the height at the bubble's natural width, which any wider row
       * gives it too. */
      gtk_widget_measure (bubble, orientation, bubble_width (self, inner < 0 ? G_MAXINT : inner),
                          &min, &nat, NULL, NULL);
      if (has_day)
        {
          gtk_widget_measure (day, orientation, inner, &day_min, &day_nat, NULL, NULL);
          min += day_min + SPACING;
          nat += day_nat + SPACING;
        }
      *minimum = min + 2 * MARGIN_Y;
      *natural = nat + 2 * MARGIN_Y;
    }
}

static void
rp_message_bubble_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  RpMessageBubble *self = RP_MESSAGE_BUBBLE (widget);
  GtkWidget *day = GTK_WIDGET (self->day_label);
  int inner = MAX (width - 2 * MARGIN_X, 0);
  int y = MARGIN_Y;
  int w, h, x;
  gboolean at_end;

  if (gtk_widget_get_visible (day))
    {
      gtk_widget_measure (day, GTK_ORIENTATION_VERTICAL, inner, &h, NULL, NULL, NULL);
      gtk_widget_size_allocate (day, &(GtkAllocation) { MARGIN_X, y, inner, h }, -1);
      y += h + SPACING;
    }

  w = bubble_width (self, inner);
  gtk_widget_measure (GTK_WIDGET (self->bubble), GTK_ORIENTATION_VERTICAL, w, &h, NULL, NULL, NULL);
  at_end = self->own != (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL);
  x = at_end ? MARGIN_X + inner - w : MARGIN_X;
  gtk_widget_size_allocate (GTK_WIDGET (self->bubble), &(GtkAllocation) { x, y, w, h }, -1);
}

static void
rp_message_bubble_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RpMessageBubble *self = RP_MESSAGE_BUBBLE (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_message_bubble_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RpMessageBubble *self = RP_MESSAGE_BUBBLE (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      rp_message_bubble_set_message (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rp_message_bubble_class_init (RpMessageBubbleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rp_message_bubble_dispose;
  object_class->get_property = rp_message_bubble_get_property;
  object_class->set_property = rp_message_bubble_set_property;

  properties[PROP_MESSAGE] =
    g_param_spec_object ("message", NULL, NULL,
                         RP_TYPE_MESSAGE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->get_request_mode = rp_message_bubble_get_request_mode;
  widget_class->measure = rp_message_bubble_measure;
  widget_class->size_allocate = rp_message_bubble_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/rp-message-bubble.ui");
  gtk_widget_class_bind_template_child (widget_class, RpMessageBubble, day_label);
  gtk_widget_class_bind_template_child (widget_class, RpMessageBubble, bubble);
  gtk_widget_class_bind_template_child (widget_class, RpMessageBubble, text_label);
  gtk_widget_class_bind_template_child (widget_class, RpMessageBubble, images_box);
  gtk_widget_class_bind_template_child (widget_class, RpMessageBubble, time_label);
  gtk_widget_class_bind_template_child (widget_class, RpMessageBubble, state_label);
  gtk_widget_class_bind_template_child (widget_class, RpMessageBubble, retry_button);
}

static void
rp_message_bubble_init (RpMessageBubble *self)
{
  rp_conversation_format_load_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->images = g_ptr_array_new_with_free_func ((GDestroyNotify) image_free);
  g_signal_connect_object (self->text_label, "activate-link", G_CALLBACK (activate_link_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
rp_message_bubble_new (void)
{
  return g_object_new (RP_TYPE_MESSAGE_BUBBLE, NULL);
}

/**
 * rp_message_bubble_get_message:
 *
 * Returns: (transfer none) (nullable): the message shown
 */
RpMessage *
rp_message_bubble_get_message (RpMessageBubble *self)
{
  g_return_val_if_fail (RP_IS_MESSAGE_BUBBLE (self), NULL);

  return self->message;
}

void
rp_message_bubble_set_message (RpMessageBubble *self,
                               RpMessage       *message)
{
  g_return_if_fail (RP_IS_MESSAGE_BUBBLE (self));
  g_return_if_fail (message == NULL || RP_IS_MESSAGE (message));

  /* The store hands out a new object per reload, so update even for the same pointer. */
  g_set_object (&self->message, message);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

void
rp_message_bubble_set_day (RpMessageBubble *self,
                           const char      *day)
{
  g_return_if_fail (RP_IS_MESSAGE_BUBBLE (self));

  gtk_label_set_text (self->day_label, day != NULL ? day : "");
  gtk_widget_set_visible (GTK_WIDGET (self->day_label), day != NULL);
}

void
rp_message_bubble_set_buyer_zone (RpMessageBubble *self,
                                  GTimeZone       *zone)
{
  g_return_if_fail (RP_IS_MESSAGE_BUBBLE (self));

  if (self->buyer_zone == zone)
    return;

  g_clear_pointer (&self->buyer_zone, g_time_zone_unref);
  if (zone != NULL)
    self->buyer_zone = g_time_zone_ref (zone);
  update (self);
}

const char *
rp_message_bubble_get_shown_text (RpMessageBubble *self)
{
  g_return_val_if_fail (RP_IS_MESSAGE_BUBBLE (self), NULL);

  return gtk_label_get_text (self->text_label);
}

/**
 * rp_message_bubble_get_text_label:
 *
 * Returns: (transfer none): the label of the message text
 */
GtkLabel *
rp_message_bubble_get_text_label (RpMessageBubble *self)
{
  g_return_val_if_fail (RP_IS_MESSAGE_BUBBLE (self), NULL);

  return self->text_label;
}

const char *
rp_message_bubble_get_state_text (RpMessageBubble *self)
{
  g_return_val_if_fail (RP_IS_MESSAGE_BUBBLE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->state_label)))
    return NULL;

  return gtk_label_get_text (self->state_label);
}

gboolean
rp_message_bubble_get_can_retry (RpMessageBubble *self)
{
  g_return_val_if_fail (RP_IS_MESSAGE_BUBBLE (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->retry_button));
}

guint
rp_message_bubble_get_n_links (RpMessageBubble *self)
{
  g_return_val_if_fail (RP_IS_MESSAGE_BUBBLE (self), 0);

  return self->links != NULL ? self->links->len : 0;
}

/**
 * rp_message_bubble_get_link:
 *
 * Returns: (transfer none) (nullable): the link at @index of the text shown
 */
const RpLink *
rp_message_bubble_get_link (RpMessageBubble *self,
                            guint            index)
{
  g_return_val_if_fail (RP_IS_MESSAGE_BUBBLE (self), NULL);

  if (self->links == NULL || index >= self->links->len)
    return NULL;

  return g_ptr_array_index (self->links, index);
}

/**
 * rp_message_bubble_activate_link:
 *
 * Returns: (transfer none) (nullable): the dialog asking whether to open it
 */
GtkWidget *
rp_message_bubble_activate_link (RpMessageBubble *self,
                                 guint            index)
{
  const RpLink *link;

  g_return_val_if_fail (RP_IS_MESSAGE_BUBBLE (self), NULL);

  link = rp_message_bubble_get_link (self, index);
  if (link == NULL)
    return NULL;

  return rp_conversation_confirm_open_link (GTK_WIDGET (self), link);
}

guint
rp_message_bubble_get_n_images (RpMessageBubble *self)
{
  g_return_val_if_fail (RP_IS_MESSAGE_BUBBLE (self), 0);

  return self->images->len;
}

RpMessageBubbleImageState
rp_message_bubble_get_image_state (RpMessageBubble *self,
                                   guint            index)
{
  g_return_val_if_fail (RP_IS_MESSAGE_BUBBLE (self), RP_MESSAGE_BUBBLE_IMAGE_FAILED);
  g_return_val_if_fail (index < self->images->len, RP_MESSAGE_BUBBLE_IMAGE_FAILED);

  return ((Image *) g_ptr_array_index (self->images, index))->state;
}

/**
 * rp_message_bubble_get_image_widget:
 *
 * Returns: (transfer none): the thumbnail's button, or the chip that stands in for it
 */
GtkWidget *
rp_message_bubble_get_image_widget (RpMessageBubble *self,
                                    guint            index)
{
  g_return_val_if_fail (RP_IS_MESSAGE_BUBBLE (self), NULL);
  g_return_val_if_fail (index < self->images->len, NULL);

  return ((Image *) g_ptr_array_index (self->images, index))->widget;
}
