/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-links"

#include "config.h"

#include <string.h>

#include "rp-links.h"
#include "rp-plain-text.h"

void
rp_link_free (RpLink *link)
{
  if (link == NULL)
    return;

  g_free (link->text);
  g_free (link->url);
  g_free (link->host);
  g_free (link->display_host);
  g_free (link);
}

static gboolean
is_ip_literal (const char *host)
{
  /* GUri hands IPv6 literals back without their brackets. */
  if (strchr (host, ':') != NULL)
    {
      for (const char *p = host; *p != '\0'; p++)
        if (!g_ascii_isxdigit (*p) && *p != ':' && *p != '.')
          return FALSE;
      return TRUE;
    }

  for (const char *p = host; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '.')
      return FALSE;

  return g_hostname_is_ip_address (host);
}

static gboolean
is_dns_name (const char *host)
{
  gsize len = strlen (host);
  gboolean dot = FALSE;

  /* After GUri's IDN conversion a real name is ASCII letters, digits, '-' and dots, with
   * no empty label.  A single label ("intranet") is no place a buyer should send a seller,
   * and requiring a dot keeps "https://ex" cut short by a control character from linking. */
  if (len == 0 || len > 253 || host[0] == '.' || host[0] == '-')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = host[i];

      if (c == '.')
        {
          if (i + 1 == len && dot)
            break;  /* a trailing root dot */
          if (i + 1 == len || host[i + 1] == '.')
            return FALSE;
          dot = TRUE;
        }
      else if (!g_ascii_isalnum (c) && c != '-' && c != '_')
        return FALSE;
    }

  return dot;
}

RpLink *
rp_link_parse (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(RpLink) link = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || strlen (url) > RP_LINK_MAX_LENGTH || !g_utf8_validate (url, -1, NULL))
    return NULL;

  /* The scheme must be spelled out in ASCII: "httpѕ" with a Cyrillic letter is no http. */
  if (g_ascii_strncasecmp (url, "http://", 7) != 0 && g_ascii_strncasecmp (url, "https://", 8) != 0)
    return NULL;

  for (const char *p = url; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (rp_plain_text_is_unsafe (c) || g_unichar_isspace (c) ||
          g_unichar_type (c) == G_UNICODE_FORMAT || c == RP_PLAIN_TEXT_REPLACEMENT)
        return NULL;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 &&
                         g_ascii_strcasecmp (scheme, "https") != 0))
    return NULL;
  if (host == NULL || (!is_ip_literal (host) && !is_dns_name (host)))
    return NULL;

  link = g_new0 (RpLink, 1);
  link->end = strlen (url);
  link->text = g_strdup (url);
  link->url = g_uri_to_string (uri);
  link->host = g_ascii_strdown (host, -1);
  link->has_userinfo = g_uri_get_userinfo (uri) != NULL;

  if (g_hostname_is_ascii_encoded (link->host))
    {
      g_autofree char *unicode = g_hostname_to_unicode (link->host);

      if (unicode != NULL && g_strcmp0 (unicode, link->host) != 0)
        link->display_host = g_steal_pointer (&unicode);
    }

  return g_steal_pointer (&link);
}

static gboolean
is_url_char (gunichar c)
{
  if (c < 0x80)
    {
      /* RFC 3986 leaves these out of URLs; in buyer text they are quoting or markup. */
      if (c <= 0x20 || c == 0x7F || strchr ("\"<>\\^`{|}", (int) c) != NULL)
        return FALSE;
      return TRUE;
    }

  /* Beyond ASCII only letters, marks and digits (an IDN, a path in the buyer's script):
   * CJK punctuation, spaces, format characters (zero-width, bidi marks) and U+FFFD end a
   * link, as do controls. */
  if (rp_plain_text_is_unsafe (c) || c == RP_PLAIN_TEXT_REPLACEMENT)
    return FALSE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
may_start_after (const char *text,
                 const char *at)
{
  gunichar prev;

  if (at == text)
    return TRUE;

  /* "xhttps://" or "view-source:https://" is not an http link; a CJK letter right before
   * one is ordinary writing without spaces. */
  prev = g_utf8_get_char (g_utf8_prev_char (at));
  if (prev < 0x80 && (g_ascii_isalnum ((char) prev) || strchr ("+-.:/@_%&=~", (int) prev) != NULL))
    return FALSE;

  return TRUE;
}

static gsize
trim_end (const char *start,
          gsize       len)
{
  /* Punctuation that ends a sentence or closes a bracket the link did not open. */
  while (len > 0)
    {
      char last = start[len - 1];

      if (strchr (".,;:!?'*", last) != NULL)
        {
          len--;
          continue;
        }

      if (last == ')' || last == ']')
        {
          char open = last == ')' ? '(' : '[';
          int depth = 0;

          for (gsize i = 0; i < len; i++)
            {
              if (start[i] == open)
                depth++;
              else if (start[i] == last)
                depth--;
            }
          if (depth < 0)
            {
              len--;
              continue;
            }
        }

      break;
    }

  return len;
}

GPtrArray *
rp_links_find (const char *text)
{
  GPtrArray *links = g_ptr_array_new_with_free_func ((GDestroyNotify) rp_link_free);
  const char *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return links;

  p = text;
  while ((p = strpbrk (p, "hH")) != NULL)
    {
      gsize scheme_len;
      const char *end;
      gsize len;
      g_autofree char *candidate = NULL;
      RpLink *link;

      if (g_ascii_strncasecmp (p, "https://", 8) == 0)
        scheme_len = 8;
      else if (g_ascii_strncasecmp (p, "http://", 7) == 0)
        scheme_len = 7;
      else
        {
          p++;
          continue;
        }

      end = p + scheme_len;
      while (*end != '\0' && is_url_char (g_utf8_get_char (end)))
        end = g_utf8_next_char (end);

      /* Past the scheme only: a link may still follow inside what was rejected. */
      if (!may_start_after (text, p))
        {
          p += scheme_len;
          continue;
        }

      len = trim_end (p, end - p);
      if (len <= scheme_len || len > RP_LINK_MAX_LENGTH)
        {
          p += scheme_len;
          continue;
        }

      candidate = g_strndup (p, len);
      link = rp_link_parse (candidate);
      if (link != NULL)
        {
          link->start = p - text;
          link->end = link->start + len;
          g_ptr_array_add (links, link);
          p += len;
        }
      else
        p += scheme_len;
    }

  return links;
}
