/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The three axes of a buyer's writing style.  Each has a score in [-1, 1]: negative
 * leans to the first label, positive to the second. */
typedef enum
{
  RP_STYLE_AXIS_LENGTH,     /* concise … verbose */
  RP_STYLE_AXIS_REGISTER,   /* casual … formal */
  RP_STYLE_AXIS_MOOD,       /* calm … upset */
  RP_STYLE_N_AXES
} RpStyleAxis;

typedef enum
{
  RP_STYLE_CONCISE,
  RP_STYLE_VERBOSE,
} RpStyleLength;

typedef enum
{
  RP_STYLE_CASUAL,
  RP_STYLE_FORMAL,
} RpStyleRegister;

typedef enum
{
  RP_STYLE_CALM,
  RP_STYLE_UPSET,
} RpStyleMood;

/* What the reading is made of, averaged per message where it says so. */
typedef struct
{
  guint  n_messages;            /* messages read (invalid UTF-8 ones are skipped) */
  guint  n_rejected;            /* messages skipped as invalid UTF-8 */
  double words_per_message;     /* CJK text counts two characters as a word */
  double chars_per_message;
  double exclamations_per_message;
  double questions_per_message;
  double caps_ratio;            /* words of 4+ letters written in capitals / all words */
  double emoji_per_message;     /* emoji and emoticons such as :) */
  double politeness;            /* please, thank you and their kin, per message */
  double formal_markers;        /* formal address, openers, closers, honorifics */
  double casual_markers;        /* slang, informal address, "hey", laughter */
  double anger_markers;         /* complaints, insults and anger words */
  double urgency_markers;       /* "now", "immediately", "refund", "police" … */
  double positive_markers;      /* "love it", "great", "thanks a lot" … */
} RpStyleFeatures;

/* Longer messages than this are read up to here; a buyer's style shows well before. */
#define RP_STYLE_MAX_MESSAGE_BYTES (64 * 1024)

#define RP_TYPE_STYLE (rp_style_get_type ())
G_DECLARE_FINAL_TYPE (RpStyle, rp_style, RP, STYLE, GObject)

/* Reads a buyer's messages (a NULL-terminated array of their texts, oldest first; text
 * is never interpreted as markup).  Never NULL; no messages read as concise, casual, calm
 * with scores of 0. */
RpStyle               *rp_style_new_from_messages (const char * const *messages);

const RpStyleFeatures *rp_style_get_features      (RpStyle            *self);
double                 rp_style_get_score         (RpStyle            *self,
                                                   RpStyleAxis         axis);
RpStyleLength          rp_style_get_length        (RpStyle            *self);
RpStyleRegister        rp_style_get_register      (RpStyle            *self);
RpStyleMood            rp_style_get_mood          (RpStyle            *self);

/* "Concise, formal, upset", translated (transfer full). */
char                  *rp_style_get_summary       (RpStyle            *self);

/* How to answer this buyer: translated sentences, most important first (transfer full). */
GStrv                  rp_style_get_advice        (RpStyle            *self);

/* Label names as in the labelled test set: "concise", "formal", "upset"…  Untranslated. */
const char            *rp_style_axis_label        (RpStyleAxis         axis,
                                                   int                 value);

G_END_DECLS
