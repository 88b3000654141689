/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The replacement shown for a character that must not act: U+FFFD. */
#define RP_PLAIN_TEXT_REPLACEMENT 0xFFFD

/* Buyer text made safe to show as plain text: invalid UTF-8, control characters (except
 * newline and tab) and the bidi embedding, override and isolate controls become U+FFFD, so
 * that they are visible and cannot reorder or hide what surrounds them.  At most
 * @max_chars characters are kept (0: no limit); an ellipsis marks a cut.  @offsets (may be
 * NULL) holds @n_offsets byte offsets into @text that are moved to the same places in the
 * result (an offset beyond the cut moves to its end). */
char     *rp_plain_text_for_display (const char *text,
                                     gsize       max_chars,
                                     guint      *offsets,
                                     gsize       n_offsets);

/* Whether @c is replaced by rp_plain_text_for_display(). */
gboolean  rp_plain_text_is_unsafe   (gunichar    c);

/* @text on one line, every run of white space (newlines too) folded to one space, for
 * previews; made safe as above (transfer full). */
char     *rp_plain_text_preview     (const char *text,
                                     gsize       max_chars);

G_END_DECLS
