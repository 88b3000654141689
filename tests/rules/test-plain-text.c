/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-plain-text"

#include "config.h"

#include <string.h>

#include "rp-plain-text.h"

static void
test_markup_is_text (void)
{
  g_autofree char *out = rp_plain_text_for_display ("<b>hi</b> &amp; <a href=\"x\">y</a>", 0, NULL, 0);

  /* Markup is not ours to interpret: every character stays as written. */
  g_assert_cmpstr (out, ==, "<b>hi</b> &amp; <a href=\"x\">y</a>");
}

static void
test_bidi_and_controls (void)
{
  g_autofree char *out = rp_plain_text_for_display ("a\u202Etxt.exe\u202C b\u2067c\u2069\x01\x1b[31m\x7f\xc2\x85" "d\ne\tf",
                                                    0, NULL, 0);

  g_assert_cmpstr (out, ==, "a\uFFFDtxt.exe\uFFFD b\uFFFDc\uFFFD\uFFFD\uFFFD[31m\uFFFD\uFFFDd\ne\tf");
  g_assert_true (rp_plain_text_is_unsafe (0x202E));
  g_assert_true (rp_plain_text_is_unsafe (0x2066));
  g_assert_false (rp_plain_text_is_unsafe ('\n'));
  g_assert_false (rp_plain_text_is_unsafe (0x05D0));  /* Hebrew letters are text */
  g_assert_false (rp_plain_text_is_unsafe (0x200F));  /* RLM only marks, never overrides */
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *out = rp_plain_text_for_display ("ok\xff\xfe!", 0, NULL, 0);

  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_cmpstr (out, ==, "ok\uFFFD\uFFFD!");
}

static void
test_offsets_follow (void)
{
  /* "\x01" (1 byte) becomes 3 bytes: a match after it must move by 2. */
  const char *text = "\x01" "find me";
  guint offsets[] = { 1, 5, 8, 100 };
  g_autofree char *out = rp_plain_text_for_display (text, 0, offsets, G_N_ELEMENTS (offsets));

  g_assert_cmpstr (out, ==, "\uFFFD" "find me");
  g_assert_cmpuint (offsets[0], ==, 3);
  g_assert_cmpuint (offsets[1], ==, 7);
  g_assert_cmpuint (offsets[2], ==, 10);
  g_assert_cmpuint (offsets[3], ==, 10);
  g_assert_cmpstr (out + offsets[0], ==, "find me");
}

static void
test_cut (void)
{
  guint offsets[] = { 2, 6 };
  g_autofree char *out = rp_plain_text_for_display ("äbcdef", 3, offsets, 2);

  g_assert_cmpstr (out, ==, "äbc…");
  g_assert_cmpuint (offsets[0], ==, 2);
  g_assert_cmpuint (offsets[1], ==, strlen ("äbc"));
}

static void
test_preview (void)
{
  g_autofree char *a = rp_plain_text_preview ("  Hello,\n\n  where is\tmy parcel?  ", 0);
  g_autofree char *b = rp_plain_text_preview ("Hello world", 5);
  g_autofree char *c = rp_plain_text_preview ("x\u202Ey", 0);
  g_autofree char *d = rp_plain_text_preview (NULL, 0);

  g_assert_cmpstr (a, ==, "Hello, where is my parcel?");
  g_assert_cmpstr (b, ==, "Hello…");
  g_assert_cmpstr (c, ==, "x\uFFFDy");
  g_assert_cmpstr (d, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/rules/plain-text/markup-is-text", test_markup_is_text);
  g_test_add_func ("/rapport/rules/plain-text/bidi-and-controls", test_bidi_and_controls);
  g_test_add_func ("/rapport/rules/plain-text/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/rapport/rules/plain-text/offsets-follow", test_offsets_follow);
  g_test_add_func ("/rapport/rules/plain-text/cut", test_cut);
  g_test_add_func ("/rapport/rules/plain-text/preview", test_preview);

  return g_test_run ();
}
