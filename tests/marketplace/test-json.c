/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-json"

#include "config.h"

#include <string.h>

#include "rp-json.h"

/* The reader every answer of the marketplace goes through: what it accepts, how it decodes,
 * and that anything else is a clear error rather than a crash or a wrong value. */

static RpJsonDoc *
parse_len (const char  *text,
           gsize        length,
           GError     **error)
{
  return rp_json_doc_parse (text, length, 64, error);
}

static RpJsonDoc *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  RpJsonDoc *doc = parse_len (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static void
assert_fails (const char  *text,
              gsize        length,
              RpJsonError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpJsonDoc) doc = parse_len (text, length, &error);

  g_assert_null (doc);
  g_assert_error (error, RP_JSON_ERROR, (gint)code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, "line "));
}

static void
assert_syntax_error (const char *text)
{
  assert_fails (text, strlen (text), RP_JSON_ERROR_SYNTAX);
}

static void
test_values (void)
{
  g_autoptr(RpJsonDoc) doc = parse_ok (" {\"a\": [1, -2, 1.5, -0.25e2, true, false, null, \"x\"],\n"
                                       "  \"b\": {}, \"c\": [], \"d\": \"\"}\t");
  RpJsonNode *root = rp_json_doc_get_root (doc);
  RpJsonNode *a;

  g_assert_cmpint (root->type, ==, RP_JSON_OBJECT);
  g_assert_cmpuint (rp_json_object_get_size (root), ==, 4);

  a = rp_json_object_get_member (root, "a");
  g_assert_nonnull (a);
  g_assert_cmpuint (rp_json_array_get_length (a), ==, 8);
  g_assert_cmpint (rp_json_array_get_element (a, 0)->type, ==, RP_JSON_INTEGER);
  g_assert_cmpint (rp_json_array_get_element (a, 0)->v.integer, ==, 1);
  g_assert_cmpint (rp_json_array_get_element (a, 1)->v.integer, ==, -2);
  g_assert_cmpint (rp_json_array_get_element (a, 2)->type, ==, RP_JSON_DOUBLE);
  g_assert_cmpfloat (rp_json_array_get_element (a, 2)->v.number, ==, 1.5);
  g_assert_cmpfloat (rp_json_array_get_element (a, 3)->v.number, ==, -25.0);
  g_assert_cmpint (rp_json_array_get_element (a, 4)->type, ==, RP_JSON_BOOLEAN);
  g_assert_true (rp_json_array_get_element (a, 4)->v.boolean);
  g_assert_false (rp_json_array_get_element (a, 5)->v.boolean);
  g_assert_cmpint (rp_json_array_get_element (a, 6)->type, ==, RP_JSON_NULL);
  g_assert_cmpstr (rp_json_array_get_element (a, 7)->v.string, ==, "x");

  g_assert_cmpuint (rp_json_object_get_member (root, "b")->length, ==, 0);
  g_assert_cmpuint (rp_json_object_get_member (root, "c")->length, ==, 0);
  g_assert_cmpstr (rp_json_object_get_member (root, "d")->v.string, ==, "");
  g_assert_null (rp_json_object_get_member (root, "e"));
}

/* Integers as the protocol sends them (ids of 16 digits), the extremes of gint64, and an
 * integer beyond them read as a number that the readers refuse as an id. */
static void
test_numbers (void)
{
  g_autoptr(RpJsonDoc) doc = parse_ok ("[8190000000000001, 9223372036854775807, -9223372036854775808,"
                                       " 9223372036854775808, 81900000000000000000000000000000000001,"
                                       " 0, -0, 1E3]");
  RpJsonNode *root = rp_json_doc_get_root (doc);

  g_assert_cmpint (rp_json_array_get_element (root, 0)->v.integer, ==, G_GINT64_CONSTANT (8190000000000001));
  g_assert_cmpint (rp_json_array_get_element (root, 1)->v.integer, ==, G_MAXINT64);
  g_assert_cmpint (rp_json_array_get_element (root, 2)->v.integer, ==, G_MININT64);
  g_assert_cmpint (rp_json_array_get_element (root, 3)->type, ==, RP_JSON_DOUBLE);
  g_assert_cmpint (rp_json_array_get_element (root, 4)->type, ==, RP_JSON_DOUBLE);
  g_assert_cmpfloat (rp_json_array_get_element (root, 4)->v.number, >, 8e37);
  g_assert_cmpint (rp_json_array_get_element (root, 5)->v.integer, ==, 0);
  g_assert_cmpint (rp_json_array_get_element (root, 6)->v.integer, ==, 0);
  g_assert_cmpint (rp_json_array_get_element (root, 7)->type, ==, RP_JSON_DOUBLE);
  g_assert_cmpfloat (rp_json_array_get_element (root, 7)->v.number, ==, 1000.0);

  assert_syntax_error ("[01]");
  assert_syntax_error ("[1.]");
  assert_syntax_error ("[.5]");
  assert_syntax_error ("[1e]");
  assert_syntax_error ("[-]");
  assert_syntax_error ("[+1]");
  assert_syntax_error ("[NaN]");
  assert_syntax_error ("[Infinity]");
  assert_syntax_error ("[0x10]");
}

static void
test_escapes (void)
{
  g_autoptr(RpJsonDoc) doc = parse_ok ("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u4e2d\","
                                       " \"\\ud83d\\ude00\", \"caf\xc3\xa9\"]");
  RpJsonNode *root = rp_json_doc_get_root (doc);

  g_assert_cmpstr (rp_json_array_get_element (root, 0)->v.string, ==, "a\"b\\c/d\b\f\n\r\t");
  g_assert_cmpuint (rp_json_array_get_element (root, 0)->length, ==, 12);
  g_assert_cmpstr (rp_json_array_get_element (root, 1)->v.string, ==, "\xc3\xa9\xe4\xb8\xad");
  /* A surrogate pair is one character outside the BMP. */
  g_assert_cmpstr (rp_json_array_get_element (root, 2)->v.string, ==, "\xf0\x9f\x98\x80");
  g_assert_cmpstr (rp_json_array_get_element (root, 3)->v.string, ==, "caf\xc3\xa9");

  assert_syntax_error ("[\"\\x41\"]");
  assert_syntax_error ("[\"\\u12\"]");
  assert_syntax_error ("[\"\\u12g4\"]");
  assert_syntax_error ("[\"\\\"]");
  assert_syntax_error ("[\"\\");
}

/* A surrogate without its other half decodes to bytes that are not UTF-8, so that the
 * reader of the field sees the text is wrong and says which field it was. */
static void
test_lone_surrogates (void)
{
  g_autoptr(RpJsonDoc) doc = parse_ok ("[\"WAIT\\udc00\", \"x\\ud800\", \"\\ud800\\u0041\","
                                       " \"\\ud800\\ud800\"]");
  RpJsonNode *root = rp_json_doc_get_root (doc);

  for (guint i = 0; i < rp_json_array_get_length (root); i++)
    g_assert_false (g_utf8_validate (rp_json_array_get_element (root, i)->v.string, -1, NULL));

  g_assert_true (g_str_has_prefix (rp_json_array_get_element (root, 0)->v.string, "WAIT"));
  /* The escape after a lone high surrogate is still read on its own. */
  g_assert_true (g_str_has_suffix (rp_json_array_get_element (root, 2)->v.string, "A"));
}

/* A \u0000 ends the text where it stands (readers take C strings); a raw NUL byte is
 * refused with the input, which must be UTF-8 without NULs. */
static void
test_nul (void)
{
  g_autoptr(RpJsonDoc) doc = parse_ok ("[\"ab\\u0000cd\"]");
  RpJsonNode *root = rp_json_doc_get_root (doc);

  g_assert_cmpstr (rp_json_array_get_element (root, 0)->v.string, ==, "ab");

  assert_fails ("[\"ab\0cd\"]", 9, RP_JSON_ERROR_NOT_UTF8);
}

static void
test_invalid_utf8 (void)
{
  assert_fails ("[\"\xff\"]", 5, RP_JSON_ERROR_NOT_UTF8);
  assert_fails ("[\"\xc0\xaf\"]", 6, RP_JSON_ERROR_NOT_UTF8);          /* overlong */
  assert_fails ("[\"\xed\xa0\x80\"]", 7, RP_JSON_ERROR_NOT_UTF8);      /* a surrogate, raw */
  assert_fails ("[\"\xe4\xb8\"]", 6, RP_JSON_ERROR_NOT_UTF8);          /* cut short */
}

static void
test_truncated (void)
{
  const char *whole = "{\"a\":[1,{\"b\":\"text\\u00e9\"},true,null,-1.5e3]}";
  gsize length = strlen (whole);
  g_autoptr(RpJsonDoc) doc = parse_ok (whole);

  /* Every proper prefix is an error, never a document. */
  for (gsize cut = 0; cut < length; cut++)
    assert_fails (whole, cut, RP_JSON_ERROR_SYNTAX);
}

static void
test_structure (void)
{
  assert_syntax_error ("");
  assert_syntax_error ("   ");
  assert_syntax_error ("[1,]");
  assert_syntax_error ("{\"a\":1,}");
  assert_syntax_error ("{\"a\" 1}");
  assert_syntax_error ("{a:1}");
  assert_syntax_error ("{\"a\":1 \"b\":2}");
  assert_syntax_error ("[1 2]");
  assert_syntax_error ("{\"a\":1}}");
  assert_syntax_error ("{\"a\":1} x");
  assert_syntax_error ("[tru]");
  assert_syntax_error ("[nul]");
  assert_syntax_error ("['a']");
  assert_syntax_error ("\xef\xbb\xbf{}");   /* a byte order mark is not JSON */
  assert_syntax_error ("{} // comment");
}

/* When a name comes twice the last one counts; the size counts names once. */
static void
test_duplicates (void)
{
  g_autoptr(RpJsonDoc) doc = parse_ok ("{\"a\":1,\"b\":2,\"a\":\"three\"}");
  RpJsonNode *root = rp_json_doc_get_root (doc);
  g_autoptr(RpJsonDoc) single = parse_ok ("{\"list\":[1],\"list\":[1,2]}");
  const char *name = NULL;
  RpJsonNode *only;

  g_assert_cmpstr (rp_json_object_get_member (root, "a")->v.string, ==, "three");
  g_assert_cmpint (rp_json_object_get_member (root, "b")->v.integer, ==, 2);
  g_assert_cmpuint (rp_json_object_get_size (root), ==, 2);
  g_assert_null (rp_json_object_get_only_member (root, NULL));

  only = rp_json_object_get_only_member (rp_json_doc_get_root (single), &name);
  g_assert_nonnull (only);
  g_assert_cmpstr (name, ==, "list");
  g_assert_cmpuint (rp_json_array_get_length (only), ==, 2);
}

static void
test_depth (void)
{
  g_autoptr(GString) ok = g_string_new (NULL);
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) cut = g_string_new (NULL);
  g_autoptr(RpJsonDoc) doc = NULL;

  for (guint i = 0; i < 64; i++)
    g_string_append (ok, i % 2 == 0 ? "[" : "{\"k\":");
  g_string_append_c (ok, '1');
  for (guint i = 64; i > 0; i--)
    g_string_append (ok, (i - 1) % 2 == 0 ? "]" : "}");
  doc = parse_ok (ok->str);
  g_assert_nonnull (doc);

  for (guint i = 0; i < 65; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 65; i++)
    g_string_append_c (deep, ']');
  assert_fails (deep->str, deep->len, RP_JSON_ERROR_TOO_DEEP);

  /* Absurd nesting, never closed: refused at the limit, not by running out of stack. */
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (cut, '[');
  assert_fails (cut->str, cut->len, RP_JSON_ERROR_TOO_DEEP);
}

/* A string of megabytes, and many values: the document's memory grows as needed. */
static void
test_large (void)
{
  g_autoptr(GString) text = g_string_new ("{\"big\":\"");
  g_autoptr(GString) many = g_string_new ("[");
  g_autoptr(RpJsonDoc) doc = NULL;
  g_autoptr(RpJsonDoc) list = NULL;
  RpJsonNode *big;

  for (guint i = 0; i < 4 * 1024 * 1024; i++)
    g_string_append_c (text, (char)('a' + i % 26));
  g_string_append (text, "\\n\",\"after\":1}");
  doc = parse_ok (text->str);
  big = rp_json_object_get_member (rp_json_doc_get_root (doc), "big");
  g_assert_cmpuint (big->length, ==, 4 * 1024 * 1024 + 1);
  g_assert_cmpuint (strlen (big->v.string), ==, big->length);
  g_assert_cmpint (big->v.string[big->length - 1], ==, '\n');
  g_assert_cmpint (rp_json_object_get_member (rp_json_doc_get_root (doc), "after")->v.integer, ==, 1);

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (many, "%s{\"i\":%u,\"s\":\"v%u\"}", i > 0 ? "," : "", i, i);
  g_string_append_c (many, ']');
  list = parse_ok (many->str);
  g_assert_cmpuint (rp_json_array_get_length (rp_json_doc_get_root (list)), ==, 100000);
  for (guint i = 0; i < 100000; i += 9999)
    {
      RpJsonNode *item = rp_json_array_get_element (rp_json_doc_get_root (list), i);
      g_autofree char *expected = g_strdup_printf ("v%u", i);

      g_assert_cmpint (rp_json_object_get_member (item, "i")->v.integer, ==, i);
      g_assert_cmpstr (rp_json_object_get_member (item, "s")->v.string, ==, expected);
    }
}

/* Raw control characters in strings pass (servers send them); the readers of ids and
 * statuses refuse them. */
static void
test_raw_control (void)
{
  g_autoptr(RpJsonDoc) doc = parse_ok ("[\"line\none\ttab\"]");

  g_assert_cmpstr (rp_json_array_get_element (rp_json_doc_get_root (doc), 0)->v.string, ==,
                   "line\none\ttab");
}

/* The error says where: line and column, counted in characters. */
static void
test_error_position (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "{\n  \"\xc3\xa9\": x}";
  g_autoptr(RpJsonDoc) doc = parse_len (text, strlen (text), &error);

  g_assert_null (doc);
  g_assert_error (error, RP_JSON_ERROR, RP_JSON_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "line 2, column 8:"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/marketplace/json/values", test_values);
  g_test_add_func ("/rapport/marketplace/json/numbers", test_numbers);
  g_test_add_func ("/rapport/marketplace/json/escapes", test_escapes);
  g_test_add_func ("/rapport/marketplace/json/lone-surrogates", test_lone_surrogates);
  g_test_add_func ("/rapport/marketplace/json/nul", test_nul);
  g_test_add_func ("/rapport/marketplace/json/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/rapport/marketplace/json/truncated", test_truncated);
  g_test_add_func ("/rapport/marketplace/json/structure", test_structure);
  g_test_add_func ("/rapport/marketplace/json/duplicates", test_duplicates);
  g_test_add_func ("/rapport/marketplace/json/depth", test_depth);
  g_test_add_func ("/rapport/marketplace/json/large", test_large);
  g_test_add_func ("/rapport/marketplace/json/raw-control", test_raw_control);
  g_test_add_func ("/rapport/marketplace/json/error-position", test_error_position);

  return g_test_run ();
}
