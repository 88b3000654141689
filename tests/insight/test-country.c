/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-country"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rp-country.h"

/* The countries the demo marketplace sells to: each needs full notes. */
static const char * const required[] = {
  "US", "GB", "FR", "DE", "ES", "IT", "NL", "PL", "BR", "MX", "CL", "RU", "UA",
  "KR", "JP", "IL", "SA", "AE", "TR", "AU", "CA", "IN", "ZA", "SE", "CZ",
};

static void
test_required_countries (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const RpCountry *c = rp_country_lookup (required[i]);
      guint weekend_days = 0;

      g_assert_nonnull (c);
      g_assert_cmpstr (c->code, ==, required[i]);
      g_assert_cmpuint (strlen (c->languages), >=, 2);
      g_assert_true (c->greeting[0] != '\0' && g_utf8_validate (c->greeting, -1, NULL));
      g_assert_true (c->formal_greeting[0] != '\0');
      g_assert_cmpuint (c->n_holidays, >=, 2);
      for (guint h = 0; h < c->n_holidays; h++)
        {
          g_assert_cmpuint (c->holidays[h].months, !=, 0);
          g_assert_cmpuint (c->holidays[h].months >> 12, ==, 0);
          g_assert_cmpuint (c->holidays[h].slow_days, >, 0);
          g_assert_cmpstr (rp_country_holiday_get_name (&c->holidays[h]), !=, "");
        }
      g_assert_cmpuint (strlen (rp_country_get_customs (c)), >, 20);
      g_assert_cmpuint (strlen (rp_country_get_etiquette (c)), >, 20);
      g_assert_cmpuint (strlen (rp_country_get_taboos (c)), >, 5);
      g_assert_nonnull (rp_country_directness_to_string (c->directness));
      g_assert_cmpuint (c->lunch_start, <, c->lunch_end);
      g_assert_cmpuint (c->lunch_end, <=, c->evening_start);
      g_assert_cmpuint (c->evening_start, <, c->evening_end);
      g_assert_cmpuint (c->evening_end, <=, 24);
      for (GDateWeekday d = G_DATE_MONDAY; d <= G_DATE_SUNDAY; d++)
        weekend_days += rp_country_is_weekend (c, d);
      g_assert_cmpuint (weekend_days, ==, 2);
    }
}

static void
test_table_sorted (void)
{
  guint n = 0;
  const RpCountry *all = rp_country_get_all (&n);

  g_assert_cmpuint (n, >=, G_N_ELEMENTS (required));
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (all[i - 1].code, all[i].code), <, 0);
}

static void
test_weekends_and_holidays (void)
{
  g_autoptr(GPtrArray) jp_may = NULL;
  g_autoptr(GPtrArray) us_nov = NULL;
  g_autoptr(GPtrArray) de_jul = NULL;

  g_assert_true (rp_country_is_weekend (rp_country_lookup ("IL"), G_DATE_FRIDAY));
  g_assert_true (rp_country_is_weekend (rp_country_lookup ("IL"), G_DATE_SATURDAY));
  g_assert_false (rp_country_is_weekend (rp_country_lookup ("IL"), G_DATE_SUNDAY));
  g_assert_true (rp_country_is_weekend (rp_country_lookup ("SA"), G_DATE_FRIDAY));
  g_assert_false (rp_country_is_weekend (rp_country_lookup ("SA"), G_DATE_SUNDAY));
  /* The Emirates moved to a Saturday–Sunday weekend in 2022. */
  g_assert_true (rp_country_is_weekend (rp_country_lookup ("AE"), G_DATE_SUNDAY));
  g_assert_false (rp_country_is_weekend (rp_country_lookup ("AE"), G_DATE_FRIDAY));
  g_assert_false (rp_country_is_weekend (rp_country_lookup ("us"), G_DATE_FRIDAY));

  jp_may = rp_country_holidays_in_month (rp_country_lookup ("JP"), 5);
  g_assert_cmpuint (jp_may->len, ==, 1);
  g_assert_cmpstr (((RpHoliday *)jp_may->pdata[0])->name, ==, "Golden Week");
  us_nov = rp_country_holidays_in_month (rp_country_lookup ("US"), 11);
  g_assert_cmpuint (us_nov->len, ==, 1);
  g_assert_nonnull (strstr (((RpHoliday *)us_nov->pdata[0])->name, "Thanksgiving"));
  de_jul = rp_country_holidays_in_month (rp_country_lookup ("DE"), 7);
  g_assert_cmpuint (de_jul->len, ==, 0);

  /* The notes that matter most for each market. */
  g_assert_nonnull (strstr (rp_country_lookup ("BR")->customs, "CPF"));
  g_assert_nonnull (strstr (rp_country_lookup ("KR")->customs, "Customs Clearance Code"));
  g_assert_nonnull (strstr (rp_country_lookup ("ES")->customs, "Canary"));
  g_assert_nonnull (strstr (rp_country_lookup ("IL")->taboos, "Shabbat"));
  g_assert_cmpint (rp_country_lookup ("JP")->directness, ==, RP_DIRECTNESS_INDIRECT);
  g_assert_cmpint (rp_country_lookup ("NL")->directness, ==, RP_DIRECTNESS_DIRECT);
  g_assert_cmpint (rp_country_lookup ("ES")->evening_start, >=, 21);
}

static void
test_lookup_edges (void)
{
  const RpCountry *generic = rp_country_get_generic ();

  g_assert_true (rp_country_lookup ("uk") == rp_country_lookup ("GB"));
  g_assert_null (rp_country_lookup ("XX"));
  g_assert_null (rp_country_lookup (NULL));
  g_assert_null (rp_country_lookup ("GBR"));
  g_assert_null (rp_country_lookup ("\xc3\xa9"));
  g_assert_nonnull (generic);
  g_assert_cmpuint (generic->evening_start, ==, 19);
  g_assert_cmpuint (generic->evening_end, ==, 23);
}

static void
test_flags (void)
{
  g_autofree char *fr = rp_country_get_flag ("FR");
  g_autofree char *gb = rp_country_get_flag ("uk");
  g_autofree char *bad = rp_country_get_flag ("1A");
  g_autofree char *none = rp_country_get_flag (NULL);

  g_assert_cmpstr (fr, ==, "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7");
  g_assert_cmpstr (gb, ==, "\xf0\x9f\x87\xac\xf0\x9f\x87\xa7");
  g_assert_cmpstr (bad, ==, "");
  g_assert_cmpstr (none, ==, "");
}

static void
test_names (void)
{
  g_autofree char *kr = rp_country_get_name ("KR");
  g_autofree char *tr = rp_country_get_name ("tr");
  g_autofree char *xx = rp_country_get_name ("XX");
  g_autoptr(GHashTable) system_names = NULL;

  /* The tests run untranslated: the English iso-codes names come back. */
  g_assert_cmpstr (kr, ==, "South Korea");
  g_assert_cmpstr (tr, ==, "Türkiye");
  g_assert_cmpstr (xx, ==, "XX");

  system_names = rp_country_load_iso_names (NULL, NULL);
  if (system_names == NULL)
    {
      g_test_message ("iso-codes XML not installed; skipping the system list");
      return;
    }

  {
    g_autofree char *fj = rp_country_get_name ("FJ");
    g_assert_cmpstr (fj, ==, "Fiji");
  }

  /* Our names must be iso-codes msgids, or they would never be translated. */
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const char *ours = rp_country_lookup (required[i])->iso_name;

      g_assert_cmpstr (g_hash_table_lookup (system_names, required[i]), ==, ours);
    }
}

static void
test_iso_reader (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (INSIGHT_TEST_DIR, "iso_3166-1-sample.xml", NULL);
  g_autofree char *bad_path = g_build_filename (g_get_tmp_dir (), "bad-iso.xml", NULL);
  g_autoptr(GHashTable) names = rp_country_load_iso_names (path, &error);
  g_autoptr(GHashTable) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (names), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (names, "FJ"), ==, "Fiji");
  g_assert_cmpstr (g_hash_table_lookup (names, "BO"), ==, "Bolivia");
  g_assert_cmpstr (g_hash_table_lookup (names, "CI"), ==, "Côte d'Ivoire");

  g_assert_true (g_file_set_contents (bad_path, "<iso_3166_entries><iso_3166_entry name=\"x\"", -1, NULL));
  bad = rp_country_load_iso_names (bad_path, &error);
  g_assert_null (bad);
  g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE);
  g_clear_error (&error);
  g_unlink (bad_path);

  g_assert_null (rp_country_load_iso_names ("/nonexistent/iso.xml", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/insight/country/required", test_required_countries);
  g_test_add_func ("/rapport/insight/country/sorted", test_table_sorted);
  g_test_add_func ("/rapport/insight/country/weekends-holidays", test_weekends_and_holidays);
  g_test_add_func ("/rapport/insight/country/lookup-edges", test_lookup_edges);
  g_test_add_func ("/rapport/insight/country/flags", test_flags);
  g_test_add_func ("/rapport/insight/country/names", test_names);
  g_test_add_func ("/rapport/insight/country/iso-reader", test_iso_reader);

  return g_test_run ();
}
