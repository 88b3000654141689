/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-buyer-zone"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "rp-buyer-zone.h"

static RpBuyerZone *
load_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (INSIGHT_TEST_DIR, "zone1970.tab", NULL);
  RpBuyerZone *zones = rp_buyer_zone_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (zones);
  return zones;
}

static void
assert_zone (RpBuyerZone       *zones,
             const char        *country,
             const char        *province,
             const char        *city,
             const char        *expected,
             RpBuyerZoneChoice  expected_choice)
{
  RpBuyerZoneChoice choice = -1;
  const char *zone = rp_buyer_zone_lookup (zones, country, province, city, &choice);

  if (g_strcmp0 (zone, expected) != 0 || choice != expected_choice)
    g_error ("%s / %s / %s: got %s (%d), expected %s (%d)",
             country, province, city, zone, choice, expected, expected_choice);
}

static void
test_single_zone_countries (void)
{
  g_autoptr(RpBuyerZone) zones = load_fixture ();

  assert_zone (zones, "FR", NULL, NULL, "Europe/Paris", RP_BUYER_ZONE_SINGLE);
  assert_zone (zones, "jp", "東京都", "渋谷区", "Asia/Tokyo", RP_BUYER_ZONE_SINGLE);
  /* tzdata files Sweden under Europe/Berlin and the Netherlands under Europe/Brussels;
   * the buyer panel should still say the country's own zone. */
  assert_zone (zones, "SE", NULL, "Malmö", "Europe/Stockholm", RP_BUYER_ZONE_SINGLE);
  assert_zone (zones, "NL", NULL, NULL, "Europe/Amsterdam", RP_BUYER_ZONE_SINGLE);
  assert_zone (zones, "CZ", NULL, NULL, "Europe/Prague", RP_BUYER_ZONE_SINGLE);
  assert_zone (zones, "SA", NULL, NULL, "Asia/Riyadh", RP_BUYER_ZONE_SINGLE);
  assert_zone (zones, "AE", "دبي", NULL, "Asia/Dubai", RP_BUYER_ZONE_SINGLE);
  assert_zone (zones, "UK", NULL, "London", "Europe/London", RP_BUYER_ZONE_SINGLE);
}

static void
test_unknown_country (void)
{
  g_autoptr(RpBuyerZone) zones = load_fixture ();
  g_autoptr(GTimeZone) tz = NULL;
  RpBuyerZoneChoice choice = RP_BUYER_ZONE_SINGLE;

  assert_zone (zones, "XX", "Somewhere", NULL, "UTC", RP_BUYER_ZONE_UNKNOWN);
  assert_zone (zones, NULL, NULL, NULL, "UTC", RP_BUYER_ZONE_UNKNOWN);
  assert_zone (zones, "USA", NULL, NULL, "UTC", RP_BUYER_ZONE_UNKNOWN);
  assert_zone (zones, "\xff\xfe", NULL, NULL, "UTC", RP_BUYER_ZONE_UNKNOWN);

  tz = rp_buyer_zone_lookup_time_zone (zones, "ZZ", NULL, NULL, &choice);
  g_assert_cmpint (choice, ==, RP_BUYER_ZONE_UNKNOWN);
  g_assert_cmpint (g_time_zone_get_offset (tz, 0), ==, 0);
}

static void
test_multi_zone_regions (void)
{
  g_autoptr(RpBuyerZone) zones = load_fixture ();

  /* United States: names, postal codes, cities, case, the longest name winning. */
  assert_zone (zones, "US", "California", "Los Angeles", "America/Los_Angeles", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "US", "CA", NULL, "America/Los_Angeles", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "US", "new york", NULL, "America/New_York", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "US", "ARIZONA", NULL, "America/Phoenix", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "US", "Colorado", NULL, "America/Denver", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "US", "Alaska", NULL, "America/Anchorage", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "US", "Hawaii", NULL, "Pacific/Honolulu", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "US", "West Virginia", NULL, "America/New_York", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "US", "Washington", NULL, "America/Los_Angeles", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "US", NULL, "Houston", "America/Chicago", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "US", "Narnia", "Nowhere", "America/New_York", RP_BUYER_ZONE_DEFAULT);
  assert_zone (zones, "US", NULL, NULL, "America/New_York", RP_BUYER_ZONE_DEFAULT);
  /* A postal code must not match inside a word: "Orlando" is not Oregon. */
  assert_zone (zones, "US", NULL, "Orlando", "America/New_York", RP_BUYER_ZONE_DEFAULT);

  /* Russia: Cyrillic, inflected region names, transliterations. */
  assert_zone (zones, "RU", "Новосибирская область", "Новосибирск", "Asia/Novosibirsk", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "RU", "Свердловская область", NULL, "Asia/Yekaterinburg", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "RU", "Приморский край", "Владивосток", "Asia/Vladivostok", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "RU", "Калининградская область", NULL, "Europe/Kaliningrad", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "RU", "Samarskaya oblast", NULL, "Europe/Samara", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "RU", "Красноярский край", NULL, "Asia/Krasnoyarsk", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "RU", "Иркутская область", NULL, "Asia/Irkutsk", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "RU", "Омская область", NULL, "Asia/Omsk", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "RU", "Томская область", NULL, "Asia/Tomsk", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "RU", "Москва", "Москва", "Europe/Moscow", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "RU", "Тверская область", "Тверь", "Europe/Moscow", RP_BUYER_ZONE_DEFAULT);

  /* Brazil: accents optional, names that contain each other. */
  assert_zone (zones, "BR", "São Paulo", NULL, "America/Sao_Paulo", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", "SAO PAULO", NULL, "America/Sao_Paulo", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", "Pará", NULL, "America/Belem", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", "Paraná", NULL, "America/Sao_Paulo", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", "Paraíba", NULL, "America/Fortaleza", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", "Mato Grosso", NULL, "America/Cuiaba", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", "Mato Grosso do Sul", NULL, "America/Campo_Grande", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", "Acre", "Rio Branco", "America/Rio_Branco", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", "Rondônia", NULL, "America/Porto_Velho", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", "Pernambuco", "Fernando de Noronha", "America/Recife", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", NULL, "Fernando de Noronha", "America/Noronha", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", NULL, NULL, "America/Sao_Paulo", RP_BUYER_ZONE_DEFAULT);

  /* Canada, Australia, Mexico, Chile, Kazakhstan, Indonesia, Spain. */
  assert_zone (zones, "CA", "Québec", "Montréal", "America/Toronto", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "CA", "BC", NULL, "America/Vancouver", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "CA", "Newfoundland and Labrador", NULL, "America/St_Johns", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "CA", "Saskatchewan", NULL, "America/Regina", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "AU", "South Australia", NULL, "Australia/Adelaide", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "AU", "WA", NULL, "Australia/Perth", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "AU", "Queensland", NULL, "Australia/Brisbane", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "AU", NULL, NULL, "Australia/Sydney", RP_BUYER_ZONE_DEFAULT);
  assert_zone (zones, "MX", "Baja California", NULL, "America/Tijuana", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "MX", "Baja California Sur", NULL, "America/Mazatlan", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "MX", "Yucatán", "Mérida", "America/Merida", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "MX", "Jalisco", "Guadalajara", "America/Mexico_City", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "CL", "Magallanes", NULL, "America/Punta_Arenas", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "CL", "Valparaíso", "Isla de Pascua", "Pacific/Easter", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "CL", "Región Metropolitana", "Santiago", "America/Santiago", RP_BUYER_ZONE_DEFAULT);
  assert_zone (zones, "KZ", "Атырауская область", NULL, "Asia/Atyrau", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "KZ", "West Kazakhstan", "Oral", "Asia/Oral", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "ID", "Bali", "Denpasar", "Asia/Makassar", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "ID", "Papua", NULL, "Asia/Jayapura", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "ID", "DKI Jakarta", NULL, "Asia/Jakarta", RP_BUYER_ZONE_DEFAULT);
  assert_zone (zones, "CD", "Haut-Katanga", "Lubumbashi", "Africa/Lubumbashi", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "ES", "Canarias", "Las Palmas de Gran Canaria", "Atlantic/Canary", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "ES", "Cataluña", "Barcelona", "Europe/Madrid", RP_BUYER_ZONE_DEFAULT);
}

/* Every region the demo marketplace generates lands in the zone it simulates. */
static void
test_sandbox_regions (void)
{
  static const struct { const char *country, *province, *city, *zone; } cases[] = {
    { "US", "California", "Los Angeles", "America/Los_Angeles" },
    { "US", "New York", "Brooklyn", "America/New_York" },
    { "US", "Illinois", "Chicago", "America/Chicago" },
    { "US", "Colorado", "Denver", "America/Denver" },
    { "US", "Arizona", "Phoenix", "America/Phoenix" },
    { "US", "Texas", "Houston", "America/Chicago" },
    { "US", "Washington", "Seattle", "America/Los_Angeles" },
    { "US", "Florida", "Miami", "America/New_York" },
    { "BR", "Amazonas", "Manaus", "America/Manaus" },
    { "BR", "Pernambuco", "Recife", "America/Recife" },
    { "BR", "Rio de Janeiro", "Rio de Janeiro", "America/Sao_Paulo" },
    { "MX", "Ciudad de México", "Ciudad de México", "America/Mexico_City" },
    { "MX", "Quintana Roo", "Cancún", "America/Cancun" },
    { "MX", "Sonora", "Hermosillo", "America/Hermosillo" },
    { "CL", "Magallanes", "Punta Arenas", "America/Punta_Arenas" },
    { "RU", "Москва", "Москва", "Europe/Moscow" },
    { "RU", "Калининградская область", "Калининград", "Europe/Kaliningrad" },
    { "UA", "Львівська область", "Львів", "Europe/Kyiv" },
    { "AU", "Victoria", "Melbourne", "Australia/Melbourne" },
    { "AU", "New South Wales", "Sydney", "Australia/Sydney" },
    { "CA", "Ontario", "Toronto", "America/Toronto" },
    { "CA", "Alberta", "Calgary", "America/Edmonton" },
    { "CA", "Nova Scotia", "Halifax", "America/Halifax" },
    { "IN", "Karnataka", "Bengaluru", "Asia/Kolkata" },
    { "ZA", "Western Cape", "Cape Town", "Africa/Johannesburg" },
    { "KR", "부산광역시", "부산", "Asia/Seoul" },
    { "IL", "מחוז חיפה", "חיפה", "Asia/Jerusalem" },
    { "TR", "İstanbul", "Kadıköy", "Europe/Istanbul" },
    { "PL", "małopolskie", "Kraków", "Europe/Warsaw" },
    { "DE", "Bayern", "München", "Europe/Berlin" },
    { "IT", "Lombardia", "Milano", "Europe/Rome" },
    { "GB", "Scotland", "Edinburgh", "Europe/London" },
  };
  g_autoptr(RpBuyerZone) zones = load_fixture ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *zone = rp_buyer_zone_lookup (zones, cases[i].country, cases[i].province,
                                               cases[i].city, NULL);

      g_assert_cmpstr (zone, ==, cases[i].zone);
    }
}

static void
test_normalize (void)
{
  struct { const char *in, *out; } cases[] = {
    { "São Paulo", "sao paulo" },
    { "  Île-de-France ", "ile de france" },
    { "ŁÓDŹ", "łodz" },
    { "Новосибирская  область", "новосибирская область" },
    { "Ёлки", "елки" },
    { "İstanbul", "istanbul" },
    { "서울특별시", "서울특별시" },
    { "Provence-Alpes-Côte d'Azur", "provence alpes cote d azur" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = rp_buyer_zone_normalize_name (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }

  {
    g_autofree char *bad = rp_buyer_zone_normalize_name ("abc\xff");
    g_assert_cmpstr (bad, ==, "");
  }
}

static gint64
utc_usec (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static int
offset_minutes (GTimeZone *tz,
                gint64     when)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return (int)(g_date_time_get_utc_offset (local) / G_TIME_SPAN_MINUTE);
}

static void
test_dst_edges (void)
{
  g_autoptr(RpBuyerZone) zones = load_fixture ();
  g_autoptr(GTimeZone) ny = rp_buyer_zone_lookup_time_zone (zones, "US", "NY", NULL, NULL);
  g_autoptr(GTimeZone) az = rp_buyer_zone_lookup_time_zone (zones, "US", "AZ", NULL, NULL);
  g_autoptr(GTimeZone) syd = rp_buyer_zone_lookup_time_zone (zones, "AU", "NSW", NULL, NULL);
  g_autoptr(GTimeZone) adl = rp_buyer_zone_lookup_time_zone (zones, "AU", "SA", NULL, NULL);
  g_autoptr(GTimeZone) lon = rp_buyer_zone_lookup_time_zone (zones, "GB", NULL, NULL, NULL);
  g_autoptr(GTimeZone) del = rp_buyer_zone_lookup_time_zone (zones, "IN", NULL, NULL, NULL);
  g_autoptr(GTimeZone) scl = rp_buyer_zone_lookup_time_zone (zones, "CL", NULL, NULL, NULL);
  g_autofree char *s1 = NULL;
  g_autofree char *s2 = NULL;
  g_autofree char *s3 = NULL;
  g_autofree char *s4 = NULL;

  /* New York springs forward at 07:00 UTC on 8 March 2026 and falls back at 06:00 UTC
   * on 1 November 2026. */
  g_assert_cmpint (offset_minutes (ny, utc_usec (2026, 3, 8, 6, 59, 59)), ==, -300);
  g_assert_cmpint (offset_minutes (ny, utc_usec (2026, 3, 8, 7, 0, 0)), ==, -240);
  g_assert_cmpint (offset_minutes (ny, utc_usec (2026, 11, 1, 5, 59, 59)), ==, -240);
  g_assert_cmpint (offset_minutes (ny, utc_usec (2026, 11, 1, 6, 0, 0)), ==, -300);
  /* Arizona keeps standard time all year. */
  g_assert_cmpint (offset_minutes (az, utc_usec (2026, 7, 1, 12, 0, 0)), ==, -420);
  g_assert_cmpint (offset_minutes (az, utc_usec (2026, 1, 1, 12, 0, 0)), ==, -420);
  /* The southern hemisphere runs the other way round. */
  g_assert_cmpint (offset_minutes (syd, utc_usec (2026, 4, 4, 15, 59, 59)), ==, 660);
  g_assert_cmpint (offset_minutes (syd, utc_usec (2026, 4, 4, 16, 0, 0)), ==, 600);
  g_assert_cmpint (offset_minutes (lon, utc_usec (2026, 3, 29, 0, 59, 59)), ==, 0);
  g_assert_cmpint (offset_minutes (lon, utc_usec (2026, 3, 29, 1, 0, 0)), ==, 60);

  s1 = rp_buyer_zone_format_offset (ny, utc_usec (2026, 7, 1, 0, 0, 0));
  s2 = rp_buyer_zone_format_offset (del, utc_usec (2026, 7, 1, 0, 0, 0));
  s3 = rp_buyer_zone_format_offset (adl, utc_usec (2026, 1, 15, 0, 0, 0));
  s4 = rp_buyer_zone_format_offset (lon, utc_usec (2026, 1, 15, 0, 0, 0));
  g_assert_cmpstr (s1, ==, "UTC−4");
  g_assert_cmpstr (s2, ==, "UTC+5:30");
  g_assert_cmpstr (s3, ==, "UTC+10:30");
  g_assert_cmpstr (s4, ==, "UTC");
  /* Chile: summer time in January. */
  g_assert_cmpint (offset_minutes (scl, utc_usec (2026, 1, 15, 12, 0, 0)), ==, -180);
  g_assert_cmpint (offset_minutes (scl, utc_usec (2026, 7, 15, 12, 0, 0)), ==, -240);
}

static void
test_list_zones (void)
{
  g_autoptr(RpBuyerZone) zones = load_fixture ();
  g_autoptr(GPtrArray) us = rp_buyer_zone_list_zones (zones, "us");
  g_autoptr(GPtrArray) xx = rp_buyer_zone_list_zones (zones, "XX");

  g_assert_cmpuint (us->len, >, 20);
  g_assert_cmpstr (g_ptr_array_index (us, 0), ==, "America/New_York");
  g_assert_cmpuint (xx->len, ==, 0);
}

static void
expect_parse_error (const char *contents,
                    gssize      length,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "bad-zone1970.tab", NULL);
  g_autoptr(RpBuyerZone) zones = NULL;

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  zones = rp_buyer_zone_new_from_file (path, &error);
  g_assert_null (zones);
  g_assert_error (error, G_IO_ERROR, code);
  g_unlink (path);
}

static void
test_bad_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpBuyerZone) missing = NULL;

  expect_parse_error ("# only comments\n", -1, G_IO_ERROR_INVALID_DATA);
  expect_parse_error ("FR +4852+00220 Europe/Paris\n", -1, G_IO_ERROR_INVALID_DATA);
  expect_parse_error ("France\t+4852+00220\tEurope/Paris\n", -1, G_IO_ERROR_INVALID_DATA);
  expect_parse_error ("FR\t+4852+00220\tEurope/Paris \xff\n", -1, G_IO_ERROR_INVALID_DATA);
  expect_parse_error ("FR\t+4852\0\tEurope/Paris\n", 24, G_IO_ERROR_INVALID_DATA);

  missing = rp_buyer_zone_new_from_file ("/nonexistent/zone1970.tab", &error);
  g_assert_null (missing);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_system_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RpBuyerZone) zones = NULL;

  if (!g_file_test (RP_BUYER_ZONE_TAB_PATH, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("tzdata is not installed");
      return;
    }

  zones = rp_buyer_zone_new_from_file (NULL, &error);
  g_assert_no_error (error);
  assert_zone (zones, "RU", "Новосибирская область", NULL, "Asia/Novosibirsk", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "BR", NULL, NULL, "America/Sao_Paulo", RP_BUYER_ZONE_DEFAULT);
  assert_zone (zones, "NZ", NULL, NULL, "Pacific/Auckland", RP_BUYER_ZONE_DEFAULT);
  assert_zone (zones, "PT", "Madeira", "Funchal", "Atlantic/Madeira", RP_BUYER_ZONE_REGION);
  assert_zone (zones, "FJ", NULL, NULL, "Pacific/Fiji", RP_BUYER_ZONE_SINGLE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rapport/insight/zone/single", test_single_zone_countries);
  g_test_add_func ("/rapport/insight/zone/unknown", test_unknown_country);
  g_test_add_func ("/rapport/insight/zone/regions", test_multi_zone_regions);
  g_test_add_func ("/rapport/insight/zone/sandbox-regions", test_sandbox_regions);
  g_test_add_func ("/rapport/insight/zone/normalize", test_normalize);
  g_test_add_func ("/rapport/insight/zone/dst-edges", test_dst_edges);
  g_test_add_func ("/rapport/insight/zone/list", test_list_zones);
  g_test_add_func ("/rapport/insight/zone/bad-files", test_bad_files);
  g_test_add_func ("/rapport/insight/zone/system-table", test_system_table);

  return g_test_run ();
}
