/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest URL taken as a link; anything longer stays text. */
#define RP_LINK_MAX_LENGTH 4096

/* An http or https address that may be opened once the seller has seen where it goes. */
typedef struct
{
  gsize     start;          /* byte offset in the text it was found in */
  gsize     end;            /* byte offset just past it */
  char     *text;           /* as written in the text */
  char     *url;            /* what would be opened (host in ASCII, spaces escaped) */
  char     *host;           /* the real host, lower case, ASCII (punycode for an IDN) */
  char     *display_host;   /* the host in Unicode when it differs from @host, else NULL */
  gboolean  has_userinfo;   /* "user@" before the host: it can make another host look real */
} RpLink;

void       rp_link_free    (RpLink     *link);

/* @url as a link when it is an absolute http or https URL with a real host (a DNS name
 * with a dot, or an IP address); NULL for every other scheme, a look-alike, an empty or
 * malformed host, invalid UTF-8 or more than RP_LINK_MAX_LENGTH bytes. */
RpLink    *rp_link_parse   (const char *url);

/* The http and https links in plain @text, in order, with byte offsets into @text
 * (GPtrArray of RpLink, transfer full; never NULL).  Nothing of @text is interpreted:
 * markup is text, so a link ends at a quote or an angle bracket; control, bidi and
 * format characters end a link; closing punctuation after it is not part of it. */
GPtrArray *rp_links_find   (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RpLink, rp_link_free)

G_END_DECLS
