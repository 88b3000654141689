/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-links"

#include "config.h"

#include <string.h>

#include "rp-links.h"
#include "rp-plain-text.h"

static RpLink *
only_link (GPtrArray  *links,
           const char *text)
{
  RpLink *link;

  g_assert_cmpuint (links->len, ==, 1);
  link = g_ptr_array_index (links, 0);
  /* The offsets point at exactly what the link says was written. */
  g_assert_cmpuint (link->end - link->start, ==, strlen (link->text));
  g_assert_cmpint (strncmp (text + link->start, link->text, link->end - link->start), ==, 0);

  return link;
}

static void
test_plain (void)
{
  const char *text = "Photos here: https://example.com/p/1?x=2#top please";
  g_autoptr(GPtrArray) links = rp_links_find (text);
  RpLink *link = only_link (links, text);

  g_assert_cmpstr (link->text, ==, "https://example.com/p/1?x=2#top");
  g_assert_cmpstr (link->url, ==, "https://example.com/p/1?x=2#top");
  g_assert_cmpstr (link->host, ==, "example.com");
  g_assert_null (link->display_host);
  g_assert_false (link->has_userinfo);
  g_assert_cmpuint (link->start, ==, 13);
}

static void
test_several_and_case (void)
{
  const char *text = "HTTP://Shop.Example.ORG/a and http://127.0.0.1:8080/x, https://[::1]/y";
  g_autoptr(GPtrArray) links = rp_links_find (text);

  g_assert_cmpuint (links->len, ==, 3);
  g_assert_cmpstr (((RpLink *) links->pdata[0])->host, ==, "shop.example.org");
  g_assert_cmpstr (((RpLink *) links->pdata[1])->host, ==, "127.0.0.1");
  g_assert_cmpstr (((RpLink *) links->pdata[1])->text, ==, "http://127.0.0.1:8080/x");
  g_assert_cmpstr (((RpLink *) links->pdata[2])->host, ==, "::1");
}

static void
test_trailing_punctuation (void)
{
  struct { const char *text; const char *link; } cases[] = {
    { "See https://example.com/a.", "https://example.com/a" },
    { "See https://example.com/a!?", "https://example.com/a" },
    { "(see https://example.com/a)", "https://example.com/a" },
    { "https://en.example.org/wiki/Foo_(bar)", "https://en.example.org/wiki/Foo_(bar)" },
    { "[https://example.com/x]", "https://example.com/x" },
    { "'https://example.com/q'", "https://example.com/q" },
    { "请看https://example.com/商品，谢谢", "https://example.com/商品" },
    { "link: https://example.com/a。", "https://example.com/a" },
    { "«https://example.com/a»", "https://example.com/a" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) links = rp_links_find (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (only_link (links, cases[i].text)->text, ==, cases[i].link);
    }
}

static void
test_markup_is_text (void)
{
  const char *text = "<a href=\"https://evil.example/\">https://good.example/</a>";
  g_autoptr(GPtrArray) links = rp_links_find (text);

  /* Nothing hides one address behind another: each is a link to what it says. */
  g_assert_cmpuint (links->len, ==, 2);
  g_assert_cmpstr (((RpLink *) links->pdata[0])->text, ==, "https://evil.example/");
  g_assert_cmpstr (((RpLink *) links->pdata[0])->host, ==, "evil.example");
  g_assert_cmpstr (((RpLink *) links->pdata[1])->text, ==, "https://good.example/");
  g_assert_cmpstr (((RpLink *) links->pdata[1])->host, ==, "good.example");

  {
    g_autoptr(GPtrArray) more = rp_links_find ("<b>https://example.com/</b>&amp;https://x.example/&lt;");

    g_assert_cmpuint (more->len, ==, 2);
    g_assert_cmpstr (((RpLink *) more->pdata[0])->text, ==, "https://example.com/");
    /* "&lt;" is text here, and a URL may hold '&' and ';': only the ';' is trimmed. */
    g_assert_cmpstr (((RpLink *) more->pdata[1])->host, ==, "x.example");
  }
}

static void
test_other_schemes (void)
{
  const char *texts[] = {
    "javascript:alert(document.cookie)",
    "JavaScript://example.com/%0Aalert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "ftp://example.com/file",
    "hxxps://example.com/",
    "httpѕ://example.com/",        /* Cyrillic dze for the s */
    "ｈｔｔｐｓ://example.com/",    /* full-width letters */
    "xhttps://example.com/",
    "view-source:https://example.com/",
    "https:example.com",
    "https:///example.com",
    "https://",
    "https://.",
    "https://intranet/",
    "https://exa mple.com/",
    "https://a..b/",
    "http://example.com/%zz",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) links = rp_links_find (texts[i]);

      g_test_message ("%s", texts[i]);
      g_assert_cmpuint (links->len, ==, 0);
    }

  g_assert_null (rp_link_parse ("javascript:alert(1)"));
  g_assert_null (rp_link_parse ("data:image/png;base64,AAAA"));
  g_assert_null (rp_link_parse ("file:///tmp/x.png"));
  g_assert_null (rp_link_parse (" https://example.com/"));
  g_assert_null (rp_link_parse ("https://example.com/\x01"));
  g_assert_null (rp_link_parse ("https://exa\xff.com/"));
  g_assert_null (rp_link_parse (NULL));
}

static void
test_bidi_inside (void)
{
  /* "https://example.com/gpj.exe" made to read as if it ended in ".jpg". */
  const char *raw = "https://example.com/\u202Egpj.exe";
  g_autoptr(GPtrArray) links = rp_links_find (raw);
  g_autofree char *shown = rp_plain_text_for_display (raw, 0, NULL, 0);
  g_autoptr(GPtrArray) shown_links = rp_links_find (shown);

  g_assert_cmpstr (only_link (links, raw)->text, ==, "https://example.com/");
  g_assert_cmpstr (only_link (shown_links, shown)->text, ==, "https://example.com/");

  /* An override inside the host leaves a name without a dot: no link at all. */
  {
    g_autoptr(GPtrArray) host = rp_links_find ("https://ex\u202Eample.com");
    g_autoptr(GPtrArray) zw = rp_links_find ("https://ba\u200Bnk.com");
    g_autoptr(GPtrArray) isolate = rp_links_find ("https://\u2067bank.com\u2069/");

    g_assert_cmpuint (host->len, ==, 0);
    g_assert_cmpuint (zw->len, ==, 0);
    g_assert_cmpuint (isolate->len, ==, 0);
  }

  g_assert_null (rp_link_parse ("https://example.com/\u202Egpj.exe"));
  g_assert_null (rp_link_parse ("https://example.com/\u200Bx"));
}

static void
test_idn (void)
{
  const char *text = "Магазин: https://пример.рф/товар/1 ok";
  g_autoptr(GPtrArray) links = rp_links_find (text);
  RpLink *link = only_link (links, text);
  g_autoptr(RpLink) lookalike = rp_link_parse ("https://аpple.com/");  /* Cyrillic а */

  g_assert_cmpstr (link->text, ==, "https://пример.рф/товар/1");
  g_assert_cmpstr (link->host, ==, "xn--e1afmkfd.xn--p1ai");
  g_assert_cmpstr (link->display_host, ==, "пример.рф");
  g_assert_true (g_str_has_prefix (link->url, "https://xn--e1afmkfd.xn--p1ai/"));

  /* The ASCII form gives the look-alike away. */
  g_assert_nonnull (lookalike);
  g_assert_cmpstr (lookalike->host, ==, "xn--pple-43d.com");
  g_assert_cmpstr (lookalike->display_host, ==, "аpple.com");
}

static void
test_userinfo (void)
{
  const char *text = "Pay at https://bank.com@evil.example/login now";
  g_autoptr(GPtrArray) links = rp_links_find (text);
  RpLink *link = only_link (links, text);
  g_autoptr(RpLink) encoded = rp_link_parse ("https://exa%6Dple.com/");
  g_autoptr(RpLink) port = rp_link_parse ("https://bank.com:443@evil.example:8443/");

  g_assert_cmpstr (link->text, ==, "https://bank.com@evil.example/login");
  g_assert_cmpstr (link->host, ==, "evil.example");
  g_assert_true (link->has_userinfo);

  g_assert_nonnull (port);
  g_assert_cmpstr (port->host, ==, "evil.example");
  g_assert_true (port->has_userinfo);

  /* An escaped host is shown as the host it really is. */
  g_assert_nonnull (encoded);
  g_assert_cmpstr (encoded->host, ==, "example.com");
}

static void
test_limits (void)
{
  g_autoptr(GString) text = g_string_new ("https://example.com/");
  g_autoptr(GPtrArray) none = rp_links_find (NULL);
  g_autoptr(GPtrArray) invalid = rp_links_find ("https://example.com/ \xff");
  g_autoptr(GPtrArray) too_long = NULL;
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GPtrArray) many_links = NULL;

  g_assert_cmpuint (none->len, ==, 0);
  /* Only text that was made safe first is searched. */
  g_assert_cmpuint (invalid->len, ==, 0);

  while (text->len <= RP_LINK_MAX_LENGTH)
    g_string_append (text, "aaaaaaaaaa");
  too_long = rp_links_find (text->str);
  g_assert_cmpuint (too_long->len, ==, 0);

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (many, "https://h%u.example/ ", i);
  many_links = rp_links_find (many->str);
  g_assert_cmpuint (many_links->len, ==, 2000);
  g_assert_cmpstr (((RpLink *) many_links->pdata[1999])->host, ==, "h1999.example");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/links/plain", test_plain);
  g_test_add_func ("/rapport/links/several-and-case", test_several_and_case);
  g_test_add_func ("/rapport/links/trailing-punctuation", test_trailing_punctuation);
  g_test_add_func ("/rapport/links/markup-is-text", test_markup_is_text);
  g_test_add_func ("/rapport/links/other-schemes", test_other_schemes);
  g_test_add_func ("/rapport/links/bidi-inside", test_bidi_inside);
  g_test_add_func ("/rapport/links/idn", test_idn);
  g_test_add_func ("/rapport/links/userinfo", test_userinfo);
  g_test_add_func ("/rapport/links/limits", test_limits);

  return g_test_run ();
}
