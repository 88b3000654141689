/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-buyer-zone"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "rp-buyer-zone.h"

/* A region name, normalised (see rp_buyer_zone_normalize_name), and the zone it means.
 * A key ending in '*' is a stem: it matches at the start of a word, which is how the
 * inflected Russian and Ukrainian names ("Новосибирская область") are recognised.
 * Other keys match whole words; keys of three characters or less (postal codes such as
 * "CA", "NSW") only match the whole field, never a word inside a city name. */
typedef struct
{
  const char *country;
  const char *key;
  const char *zone;
} RegionRule;

/* The zone to take when a country has several and the address says nothing useful:
 * the most populous one, or the country's own name for a zone tzdata shares. */
typedef struct
{
  const char *country;
  const char *zone;
} CountryDefault;

static const CountryDefault country_defaults[] = {
  { "AE", "Asia/Dubai" }, { "AR", "America/Argentina/Buenos_Aires" },
  { "AU", "Australia/Sydney" }, { "BR", "America/Sao_Paulo" }, { "CA", "America/Toronto" },
  { "CD", "Africa/Kinshasa" }, { "CL", "America/Santiago" }, { "CZ", "Europe/Prague" },
  { "DE", "Europe/Berlin" }, { "DK", "Europe/Copenhagen" }, { "EC", "America/Guayaquil" },
  { "ES", "Europe/Madrid" }, { "FR", "Europe/Paris" }, { "GB", "Europe/London" },
  { "ID", "Asia/Jakarta" }, { "IL", "Asia/Jerusalem" }, { "IN", "Asia/Kolkata" },
  { "IT", "Europe/Rome" }, { "JP", "Asia/Tokyo" }, { "KR", "Asia/Seoul" },
  { "KZ", "Asia/Almaty" }, { "MN", "Asia/Ulaanbaatar" }, { "MX", "America/Mexico_City" },
  { "MY", "Asia/Kuala_Lumpur" }, { "NL", "Europe/Amsterdam" }, { "NO", "Europe/Oslo" },
  { "NZ", "Pacific/Auckland" }, { "PL", "Europe/Warsaw" }, { "PT", "Europe/Lisbon" },
  { "RU", "Europe/Moscow" }, { "SA", "Asia/Riyadh" }, { "SE", "Europe/Stockholm" },
  { "TR", "Europe/Istanbul" }, { "UA", "Europe/Kyiv" }, { "US", "America/New_York" },
  { "UZ", "Asia/Tashkent" }, { "ZA", "Africa/Johannesburg" },
};

#define NY "America/New_York"
#define CHI "America/Chicago"
#define DEN "America/Denver"
#define LA "America/Los_Angeles"

static const RegionRule region_rules[] = {
  /* United States: states, postal codes and the largest cities. */
  { "US", "connecticut", NY }, { "US", "ct", NY }, { "US", "delaware", NY }, { "US", "de", NY },
  { "US", "district of columbia", NY }, { "US", "dc", NY }, { "US", "florida", NY },
  { "US", "fl", NY }, { "US", "georgia", NY }, { "US", "ga", NY }, { "US", "maine", NY },
  { "US", "me", NY }, { "US", "maryland", NY }, { "US", "md", NY },
  { "US", "massachusetts", NY }, { "US", "ma", NY }, { "US", "new hampshire", NY },
  { "US", "nh", NY }, { "US", "new jersey", NY }, { "US", "nj", NY }, { "US", "new york", NY },
  { "US", "ny", NY }, { "US", "north carolina", NY }, { "US", "nc", NY }, { "US", "ohio", NY },
  { "US", "oh", NY }, { "US", "pennsylvania", NY }, { "US", "pa", NY },
  { "US", "rhode island", NY }, { "US", "ri", NY }, { "US", "south carolina", NY },
  { "US", "sc", NY }, { "US", "vermont", NY }, { "US", "vt", NY }, { "US", "virginia", NY },
  { "US", "va", NY }, { "US", "west virginia", NY }, { "US", "wv", NY },
  { "US", "kentucky", NY }, { "US", "ky", NY },
  { "US", "michigan", "America/Detroit" }, { "US", "mi", "America/Detroit" },
  { "US", "indiana", "America/Indiana/Indianapolis" },
  { "US", "in", "America/Indiana/Indianapolis" },
  { "US", "alabama", CHI }, { "US", "al", CHI }, { "US", "arkansas", CHI }, { "US", "ar", CHI },
  { "US", "illinois", CHI }, { "US", "il", CHI }, { "US", "iowa", CHI }, { "US", "ia", CHI },
  { "US", "kansas", CHI }, { "US", "ks", CHI }, { "US", "louisiana", CHI }, { "US", "la", CHI },
  { "US", "minnesota", CHI }, { "US", "mn", CHI }, { "US", "mississippi", CHI },
  { "US", "ms", CHI }, { "US", "missouri", CHI }, { "US", "mo", CHI }, { "US", "nebraska", CHI },
  { "US", "ne", CHI }, { "US", "north dakota", CHI }, { "US", "nd", CHI },
  { "US", "oklahoma", CHI }, { "US", "ok", CHI }, { "US", "south dakota", CHI },
  { "US", "sd", CHI }, { "US", "tennessee", CHI }, { "US", "tn", CHI }, { "US", "texas", CHI },
  { "US", "tx", CHI }, { "US", "wisconsin", CHI }, { "US", "wi", CHI },
  { "US", "colorado", DEN }, { "US", "co", DEN }, { "US", "montana", DEN }, { "US", "mt", DEN },
  { "US", "new mexico", DEN }, { "US", "nm", DEN }, { "US", "utah", DEN }, { "US", "ut", DEN },
  { "US", "wyoming", DEN }, { "US", "wy", DEN },
  { "US", "idaho", "America/Boise" }, { "US", "id", "America/Boise" },
  { "US", "arizona", "America/Phoenix" }, { "US", "az", "America/Phoenix" },
  { "US", "california", LA }, { "US", "ca", LA }, { "US", "nevada", LA }, { "US", "nv", LA },
  { "US", "oregon", LA }, { "US", "or", LA }, { "US", "washington", LA }, { "US", "wa", LA },
  { "US", "alaska", "America/Anchorage" }, { "US", "ak", "America/Anchorage" },
  { "US", "hawaii", "Pacific/Honolulu" }, { "US", "hi", "Pacific/Honolulu" },
  { "US", "los angeles", LA }, { "US", "san francisco", LA }, { "US", "san diego", LA },
  { "US", "seattle", LA }, { "US", "las vegas", LA }, { "US", "portland", LA },
  { "US", "chicago", CHI }, { "US", "houston", CHI }, { "US", "dallas", CHI },
  { "US", "san antonio", CHI }, { "US", "austin", CHI }, { "US", "denver", DEN },
  { "US", "phoenix", "America/Phoenix" }, { "US", "tucson", "America/Phoenix" },
  { "US", "brooklyn", NY }, { "US", "miami", NY }, { "US", "boston", NY },
  { "US", "philadelphia", NY }, { "US", "atlanta", NY }, { "US", "detroit", "America/Detroit" },
  { "US", "honolulu", "Pacific/Honolulu" }, { "US", "anchorage", "America/Anchorage" },

  /* Canada. */
  { "CA", "ontario", "America/Toronto" }, { "CA", "on", "America/Toronto" },
  { "CA", "quebec", "America/Toronto" }, { "CA", "qc", "America/Toronto" },
  { "CA", "british columbia", "America/Vancouver" }, { "CA", "bc", "America/Vancouver" },
  { "CA", "colombie britannique", "America/Vancouver" },
  { "CA", "alberta", "America/Edmonton" }, { "CA", "ab", "America/Edmonton" },
  { "CA", "manitoba", "America/Winnipeg" }, { "CA", "mb", "America/Winnipeg" },
  { "CA", "saskatchewan", "America/Regina" }, { "CA", "sk", "America/Regina" },
  { "CA", "nova scotia", "America/Halifax" }, { "CA", "ns", "America/Halifax" },
  { "CA", "nouvelle ecosse", "America/Halifax" },
  { "CA", "new brunswick", "America/Moncton" }, { "CA", "nb", "America/Moncton" },
  { "CA", "nouveau brunswick", "America/Moncton" },
  { "CA", "prince edward island", "America/Halifax" }, { "CA", "pe", "America/Halifax" },
  { "CA", "newfoundland", "America/St_Johns" }, { "CA", "nl", "America/St_Johns" },
  { "CA", "yukon", "America/Whitehorse" }, { "CA", "yt", "America/Whitehorse" },
  { "CA", "northwest territories", "America/Edmonton" }, { "CA", "nt", "America/Edmonton" },
  { "CA", "nunavut", "America/Iqaluit" }, { "CA", "nu", "America/Iqaluit" },
  { "CA", "toronto", "America/Toronto" }, { "CA", "montreal", "America/Toronto" },
  { "CA", "ottawa", "America/Toronto" }, { "CA", "vancouver", "America/Vancouver" },
  { "CA", "calgary", "America/Edmonton" }, { "CA", "edmonton", "America/Edmonton" },
  { "CA", "winnipeg", "America/Winnipeg" }, { "CA", "halifax", "America/Halifax" },

  /* Australia. */
  { "AU", "new south wales", "Australia/Sydney" }, { "AU", "nsw", "Australia/Sydney" },
  { "AU", "australian capital territory", "Australia/Sydney" },
  { "AU", "act", "Australia/Sydney" }, { "AU", "canberra", "Australia/Sydney" },
  { "AU", "victoria", "Australia/Melbourne" }, { "AU", "vic", "Australia/Melbourne" },
  { "AU", "queensland", "Australia/Brisbane" }, { "AU", "qld", "Australia/Brisbane" },
  { "AU", "south australia", "Australia/Adelaide" }, { "AU", "sa", "Australia/Adelaide" },
  { "AU", "western australia", "Australia/Perth" }, { "AU", "wa", "Australia/Perth" },
  { "AU", "tasmania", "Australia/Hobart" }, { "AU", "tas", "Australia/Hobart" },
  { "AU", "northern territory", "Australia/Darwin" }, { "AU", "nt", "Australia/Darwin" },
  { "AU", "sydney", "Australia/Sydney" }, { "AU", "melbourne", "Australia/Melbourne" },
  { "AU", "brisbane", "Australia/Brisbane" }, { "AU", "gold coast", "Australia/Brisbane" },
  { "AU", "adelaide", "Australia/Adelaide" }, { "AU", "perth", "Australia/Perth" },
  { "AU", "hobart", "Australia/Hobart" }, { "AU", "darwin", "Australia/Darwin" },
  { "AU", "lord howe", "Australia/Lord_Howe" },

  /* Mexico. */
  { "MX", "baja california", "America/Tijuana" }, { "MX", "tijuana", "America/Tijuana" },
  { "MX", "mexicali", "America/Tijuana" }, { "MX", "bc", "America/Tijuana" },
  { "MX", "baja california sur", "America/Mazatlan" }, { "MX", "bcs", "America/Mazatlan" },
  { "MX", "sinaloa", "America/Mazatlan" }, { "MX", "nayarit", "America/Mazatlan" },
  { "MX", "sonora", "America/Hermosillo" }, { "MX", "hermosillo", "America/Hermosillo" },
  { "MX", "chihuahua", "America/Chihuahua" },
  { "MX", "ciudad juarez", "America/Ciudad_Juarez" },
  { "MX", "quintana roo", "America/Cancun" }, { "MX", "cancun", "America/Cancun" },
  { "MX", "yucatan", "America/Merida" }, { "MX", "campeche", "America/Merida" },
  { "MX", "merida", "America/Merida" },
  { "MX", "nuevo leon", "America/Monterrey" }, { "MX", "monterrey", "America/Monterrey" },
  { "MX", "coahuila", "America/Monterrey" }, { "MX", "tamaulipas", "America/Monterrey" },
  { "MX", "durango", "America/Monterrey" },
  { "MX", "ciudad de mexico", "America/Mexico_City" },
  { "MX", "cdmx", "America/Mexico_City" }, { "MX", "jalisco", "America/Mexico_City" },

  /* Brazil. */
  { "BR", "sao paulo", "America/Sao_Paulo" }, { "BR", "sp", "America/Sao_Paulo" },
  { "BR", "rio de janeiro", "America/Sao_Paulo" }, { "BR", "rj", "America/Sao_Paulo" },
  { "BR", "minas gerais", "America/Sao_Paulo" }, { "BR", "parana", "America/Sao_Paulo" },
  { "BR", "santa catarina", "America/Sao_Paulo" },
  { "BR", "rio grande do sul", "America/Sao_Paulo" },
  { "BR", "distrito federal", "America/Sao_Paulo" }, { "BR", "brasilia", "America/Sao_Paulo" },
  { "BR", "goias", "America/Sao_Paulo" }, { "BR", "espirito santo", "America/Sao_Paulo" },
  { "BR", "amazonas", "America/Manaus" }, { "BR", "am", "America/Manaus" },
  { "BR", "manaus", "America/Manaus" },
  { "BR", "roraima", "America/Boa_Vista" }, { "BR", "rr", "America/Boa_Vista" },
  { "BR", "pernambuco", "America/Recife" }, { "BR", "pe", "America/Recife" },
  { "BR", "recife", "America/Recife" }, { "BR", "paraiba", "America/Fortaleza" },
  { "BR", "pb", "America/Fortaleza" },
  { "BR", "ceara", "America/Fortaleza" }, { "BR", "ce", "America/Fortaleza" },
  { "BR", "fortaleza", "America/Fortaleza" }, { "BR", "maranhao", "America/Fortaleza" },
  { "BR", "ma", "America/Fortaleza" }, { "BR", "piaui", "America/Fortaleza" },
  { "BR", "pi", "America/Fortaleza" }, { "BR", "rio grande do norte", "America/Fortaleza" },
  { "BR", "rn", "America/Fortaleza" },
  { "BR", "alagoas", "America/Maceio" }, { "BR", "al", "America/Maceio" },
  { "BR", "sergipe", "America/Maceio" }, { "BR", "se", "America/Maceio" },
  { "BR", "bahia", "America/Bahia" }, { "BR", "ba", "America/Bahia" },
  { "BR", "salvador", "America/Bahia" },
  { "BR", "para", "America/Belem" }, { "BR", "pa", "America/Belem" },
  { "BR", "belem", "America/Belem" }, { "BR", "amapa", "America/Belem" },
  { "BR", "ap", "America/Belem" },
  { "BR", "tocantins", "America/Araguaina" }, { "BR", "to", "America/Araguaina" },
  { "BR", "mato grosso", "America/Cuiaba" }, { "BR", "mt", "America/Cuiaba" },
  { "BR", "cuiaba", "America/Cuiaba" },
  { "BR", "mato grosso do sul", "America/Campo_Grande" },
  { "BR", "ms", "America/Campo_Grande" },
  { "BR", "rondonia", "America/Porto_Velho" }, { "BR", "ro", "America/Porto_Velho" },
  { "BR", "porto velho", "America/Porto_Velho" },
  { "BR", "acre", "America/Rio_Branco" }, { "BR", "ac", "America/Rio_Branco" },
  { "BR", "rio branco", "America/Rio_Branco" },
  { "BR", "fernando de noronha", "America/Noronha" },

  /* Russia: Latin transliterations and Cyrillic stems. */
  { "RU", "kaliningrad*", "Europe/Kaliningrad" }, { "RU", "калининград*", "Europe/Kaliningrad" },
  { "RU", "moscow", "Europe/Moscow" }, { "RU", "moskv*", "Europe/Moscow" },
  { "RU", "москв*", "Europe/Moscow" }, { "RU", "московск*", "Europe/Moscow" },
  { "RU", "санкт петербург", "Europe/Moscow" }, { "RU", "petersburg", "Europe/Moscow" },
  { "RU", "samar*", "Europe/Samara" }, { "RU", "самар*", "Europe/Samara" },
  { "RU", "udmurt*", "Europe/Samara" }, { "RU", "удмурт*", "Europe/Samara" },
  { "RU", "izhevsk", "Europe/Samara" }, { "RU", "ижевск", "Europe/Samara" },
  { "RU", "ulyanovsk*", "Europe/Ulyanovsk" }, { "RU", "ульяновск*", "Europe/Ulyanovsk" },
  { "RU", "saratov*", "Europe/Saratov" }, { "RU", "саратов*", "Europe/Saratov" },
  { "RU", "astrakhan*", "Europe/Astrakhan" }, { "RU", "астрахан*", "Europe/Astrakhan" },
  { "RU", "yekaterinburg", "Asia/Yekaterinburg" }, { "RU", "ekaterinburg", "Asia/Yekaterinburg" },
  { "RU", "екатеринбург", "Asia/Yekaterinburg" }, { "RU", "sverdlovsk*", "Asia/Yekaterinburg" },
  { "RU", "свердловск*", "Asia/Yekaterinburg" }, { "RU", "chelyabinsk*", "Asia/Yekaterinburg" },
  { "RU", "челябинск*", "Asia/Yekaterinburg" }, { "RU", "tyumen*", "Asia/Yekaterinburg" },
  { "RU", "тюмен*", "Asia/Yekaterinburg" }, { "RU", "perm*", "Asia/Yekaterinburg" },
  { "RU", "перм*", "Asia/Yekaterinburg" }, { "RU", "orenburg*", "Asia/Yekaterinburg" },
  { "RU", "оренбург*", "Asia/Yekaterinburg" }, { "RU", "bashkor*", "Asia/Yekaterinburg" },
  { "RU", "башкор*", "Asia/Yekaterinburg" }, { "RU", "ufa", "Asia/Yekaterinburg" },
  { "RU", "уфа", "Asia/Yekaterinburg" }, { "RU", "kurgan*", "Asia/Yekaterinburg" },
  { "RU", "курган*", "Asia/Yekaterinburg" }, { "RU", "khanty*", "Asia/Yekaterinburg" },
  { "RU", "ханты*", "Asia/Yekaterinburg" }, { "RU", "ямал*", "Asia/Yekaterinburg" },
  { "RU", "omsk*", "Asia/Omsk" }, { "RU", "омск*", "Asia/Omsk" },
  { "RU", "novosibirsk*", "Asia/Novosibirsk" }, { "RU", "новосибирск*", "Asia/Novosibirsk" },
  { "RU", "altai*", "Asia/Barnaul" }, { "RU", "алтай*", "Asia/Barnaul" },
  { "RU", "barnaul", "Asia/Barnaul" }, { "RU", "барнаул", "Asia/Barnaul" },
  { "RU", "tomsk*", "Asia/Tomsk" }, { "RU", "томск*", "Asia/Tomsk" },
  { "RU", "kemerov*", "Asia/Novokuznetsk" }, { "RU", "кемеров*", "Asia/Novokuznetsk" },
  { "RU", "кузбасс", "Asia/Novokuznetsk" }, { "RU", "новокузнецк", "Asia/Novokuznetsk" },
  { "RU", "krasnoyarsk*", "Asia/Krasnoyarsk" }, { "RU", "красноярск*", "Asia/Krasnoyarsk" },
  { "RU", "хакас*", "Asia/Krasnoyarsk" }, { "RU", "тыва", "Asia/Krasnoyarsk" },
  { "RU", "irkutsk*", "Asia/Irkutsk" }, { "RU", "иркутск*", "Asia/Irkutsk" },
  { "RU", "buryat*", "Asia/Irkutsk" }, { "RU", "бурят*", "Asia/Irkutsk" },
  { "RU", "улан удэ", "Asia/Irkutsk" }, { "RU", "ulan ude", "Asia/Irkutsk" },
  { "RU", "zabaykal*", "Asia/Chita" }, { "RU", "забайкальск*", "Asia/Chita" },
  { "RU", "chita", "Asia/Chita" }, { "RU", "чита", "Asia/Chita" },
  { "RU", "yakut*", "Asia/Yakutsk" }, { "RU", "якут*", "Asia/Yakutsk" },
  { "RU", "sakha", "Asia/Yakutsk" }, { "RU", "саха", "Asia/Yakutsk" },
  { "RU", "amur*", "Asia/Yakutsk" }, { "RU", "амурск*", "Asia/Yakutsk" },
  { "RU", "благовещенск", "Asia/Yakutsk" },
  { "RU", "vladivostok", "Asia/Vladivostok" }, { "RU", "владивосток", "Asia/Vladivostok" },
  { "RU", "primor*", "Asia/Vladivostok" }, { "RU", "примор*", "Asia/Vladivostok" },
  { "RU", "khabarovsk*", "Asia/Vladivostok" }, { "RU", "хабаровск*", "Asia/Vladivostok" },
  { "RU", "еврейск*", "Asia/Vladivostok" },
  { "RU", "magadan*", "Asia/Magadan" }, { "RU", "магадан*", "Asia/Magadan" },
  { "RU", "sakhalin*", "Asia/Sakhalin" }, { "RU", "сахалин*", "Asia/Sakhalin" },
  { "RU", "kamchat*", "Asia/Kamchatka" }, { "RU", "камчат*", "Asia/Kamchatka" },
  { "RU", "chukot*", "Asia/Anadyr" }, { "RU", "чукот*", "Asia/Anadyr" },

  /* Kazakhstan. */
  { "KZ", "qyzylorda", "Asia/Qyzylorda" }, { "KZ", "kyzylorda", "Asia/Qyzylorda" },
  { "KZ", "кызылорд*", "Asia/Qyzylorda" }, { "KZ", "qostanay", "Asia/Qostanay" },
  { "KZ", "kostanay", "Asia/Qostanay" }, { "KZ", "костанай*", "Asia/Qostanay" },
  { "KZ", "aqtobe", "Asia/Aqtobe" }, { "KZ", "aktobe", "Asia/Aqtobe" },
  { "KZ", "актобе*", "Asia/Aqtobe" }, { "KZ", "aqtau", "Asia/Aqtau" },
  { "KZ", "aktau", "Asia/Aqtau" }, { "KZ", "mangystau", "Asia/Aqtau" },
  { "KZ", "мангистау*", "Asia/Aqtau" }, { "KZ", "актау", "Asia/Aqtau" },
  { "KZ", "atyrau", "Asia/Atyrau" }, { "KZ", "атырау*", "Asia/Atyrau" },
  { "KZ", "oral", "Asia/Oral" }, { "KZ", "uralsk", "Asia/Oral" }, { "KZ", "уральск", "Asia/Oral" },
  { "KZ", "west kazakhstan", "Asia/Oral" }, { "KZ", "западно казахстанск*", "Asia/Oral" },
  { "KZ", "almaty", "Asia/Almaty" }, { "KZ", "алматы", "Asia/Almaty" },
  { "KZ", "astana", "Asia/Almaty" }, { "KZ", "астана", "Asia/Almaty" },

  /* Indonesia. */
  { "ID", "kalimantan barat", "Asia/Pontianak" }, { "ID", "west kalimantan", "Asia/Pontianak" },
  { "ID", "kalimantan tengah", "Asia/Pontianak" },
  { "ID", "central kalimantan", "Asia/Pontianak" }, { "ID", "pontianak", "Asia/Pontianak" },
  { "ID", "bali", "Asia/Makassar" }, { "ID", "denpasar", "Asia/Makassar" },
  { "ID", "sulawesi", "Asia/Makassar" }, { "ID", "makassar", "Asia/Makassar" },
  { "ID", "kalimantan selatan", "Asia/Makassar" },
  { "ID", "kalimantan timur", "Asia/Makassar" }, { "ID", "kalimantan utara", "Asia/Makassar" },
  { "ID", "south kalimantan", "Asia/Makassar" }, { "ID", "east kalimantan", "Asia/Makassar" },
  { "ID", "nusa tenggara", "Asia/Makassar" }, { "ID", "papua", "Asia/Jayapura" },
  { "ID", "maluku", "Asia/Jayapura" }, { "ID", "jayapura", "Asia/Jayapura" },

  /* Chile. */
  { "CL", "magallanes", "America/Punta_Arenas" }, { "CL", "punta arenas", "America/Punta_Arenas" },
  { "CL", "antartica chilena", "America/Punta_Arenas" },
  { "CL", "isla de pascua", "Pacific/Easter" }, { "CL", "easter island", "Pacific/Easter" },
  { "CL", "rapa nui", "Pacific/Easter" }, { "CL", "hanga roa", "Pacific/Easter" },
  { "CL", "aysen", "America/Coyhaique" }, { "CL", "coyhaique", "America/Coyhaique" },

  /* Argentina: one offset today, several zones for history. */
  { "AR", "buenos aires", "America/Argentina/Buenos_Aires" },
  { "AR", "cordoba", "America/Argentina/Cordoba" }, { "AR", "santa fe", "America/Argentina/Cordoba" },
  { "AR", "salta", "America/Argentina/Salta" }, { "AR", "jujuy", "America/Argentina/Jujuy" },
  { "AR", "tucuman", "America/Argentina/Tucuman" },
  { "AR", "catamarca", "America/Argentina/Catamarca" },
  { "AR", "la rioja", "America/Argentina/La_Rioja" },
  { "AR", "san juan", "America/Argentina/San_Juan" },
  { "AR", "mendoza", "America/Argentina/Mendoza" },
  { "AR", "san luis", "America/Argentina/San_Luis" },
  { "AR", "santa cruz", "America/Argentina/Rio_Gallegos" },
  { "AR", "tierra del fuego", "America/Argentina/Ushuaia" },
  { "AR", "ushuaia", "America/Argentina/Ushuaia" },

  /* DR Congo. */
  { "CD", "katanga", "Africa/Lubumbashi" }, { "CD", "haut katanga", "Africa/Lubumbashi" },
  { "CD", "lubumbashi", "Africa/Lubumbashi" }, { "CD", "kasai", "Africa/Lubumbashi" },
  { "CD", "kivu", "Africa/Lubumbashi" }, { "CD", "nord kivu", "Africa/Lubumbashi" },
  { "CD", "sud kivu", "Africa/Lubumbashi" }, { "CD", "goma", "Africa/Lubumbashi" },
  { "CD", "bukavu", "Africa/Lubumbashi" }, { "CD", "maniema", "Africa/Lubumbashi" },
  { "CD", "tshopo", "Africa/Lubumbashi" }, { "CD", "ituri", "Africa/Lubumbashi" },
  { "CD", "kinshasa", "Africa/Kinshasa" },

  /* Countries with islands on another clock. */
  { "ES", "canarias", "Atlantic/Canary" }, { "ES", "canary islands", "Atlantic/Canary" },
  { "ES", "islas canarias", "Atlantic/Canary" }, { "ES", "las palmas*", "Atlantic/Canary" },
  { "ES", "santa cruz de tenerife", "Atlantic/Canary" }, { "ES", "tenerife", "Atlantic/Canary" },
  { "ES", "gran canaria", "Atlantic/Canary" }, { "ES", "ceuta", "Africa/Ceuta" },
  { "ES", "melilla", "Africa/Ceuta" },
  { "PT", "madeira", "Atlantic/Madeira" }, { "PT", "funchal", "Atlantic/Madeira" },
  { "PT", "acores", "Atlantic/Azores" }, { "PT", "azores", "Atlantic/Azores" },
  { "PT", "ponta delgada", "Atlantic/Azores" },
  { "EC", "galapagos", "Pacific/Galapagos" },
  { "NZ", "chatham*", "Pacific/Chatham" },
  { "UA", "crimea", "Europe/Simferopol" }, { "UA", "крим", "Europe/Simferopol" },
  { "UA", "simferopol", "Europe/Simferopol" }, { "UA", "сімферопол*", "Europe/Simferopol" },
  { "UA", "sevastopol", "Europe/Simferopol" }, { "UA", "севастопол*", "Europe/Simferopol" },
  { "MN", "hovd", "Asia/Hovd" }, { "MN", "khovd", "Asia/Hovd" }, { "MN", "uvs", "Asia/Hovd" },
  { "MN", "bayan olgii", "Asia/Hovd" },
  { "UZ", "samarkand", "Asia/Samarkand" }, { "UZ", "bukhara", "Asia/Samarkand" },
  { "MY", "sabah", "Asia/Kuching" }, { "MY", "sarawak", "Asia/Kuching" },
  { "MY", "kuching", "Asia/Kuching" }, { "MY", "kota kinabalu", "Asia/Kuching" },
};

typedef struct
{
  char *zone;
  char *comment;
} TabZone;

struct _RpBuyerZone
{
  GObject     parent_instance;

  GHashTable *by_country;   /* "US" → GPtrArray of TabZone*, file order */
  GHashTable *rule_keys;    /* RegionRule* → normalised key */
  GHashTable *loadable;     /* zone name → GINT_TO_POINTER (1 + loadable) */
  GMutex      lock;         /* for loadable: lookups may come from worker threads */
};

G_DEFINE_FINAL_TYPE (RpBuyerZone, rp_buyer_zone, G_TYPE_OBJECT)

static void
tab_zone_free (gpointer data)
{
  TabZone *tz = data;

  g_free (tz->zone);
  g_free (tz->comment);
  g_free (tz);
}

static void
rp_buyer_zone_finalize (GObject *object)
{
  RpBuyerZone *self = (RpBuyerZone *)object;

  g_clear_pointer (&self->by_country, g_hash_table_unref);
  g_clear_pointer (&self->rule_keys, g_hash_table_unref);
  g_clear_pointer (&self->loadable, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rp_buyer_zone_parent_class)->finalize (object);
}

static void
rp_buyer_zone_class_init (RpBuyerZoneClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rp_buyer_zone_finalize;
}

static void
rp_buyer_zone_init (RpBuyerZone *self)
{
  self->by_country = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)g_ptr_array_unref);
  self->rule_keys = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->loadable = g_hash_table_new (g_str_hash, g_str_equal);
  g_mutex_init (&self->lock);
}

char *
rp_buyer_zone_normalize_name (const char *name)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *recomposed = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GString) stripped = NULL;
  GString *out;
  gboolean pending_space = FALSE;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return g_strdup ("");

  /* Decompose to drop accents (é → e, й → и, ą → a), then recompose so that Hangul
   * syllables and the like come back whole. */
  decomposed = g_utf8_normalize (name, -1, G_NORMALIZE_NFKD);
  stripped = g_string_new (NULL);
  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      g_string_append_unichar (stripped, c);
    }
  recomposed = g_utf8_normalize (stripped->str, -1, G_NORMALIZE_NFKC);
  folded = g_utf8_casefold (recomposed, -1);

  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* 'ı' and 'ß' survive casefolding in forms that addresses rarely use. */
      if (c == 0x0131)
        c = 'i';
      if (g_unichar_isalnum (c) || g_unichar_type (c) == G_UNICODE_SPACING_MARK)
        {
          if (pending_space && out->len > 0)
            g_string_append_c (out, ' ');
          pending_space = FALSE;
          g_string_append_unichar (out, c);
        }
      else
        pending_space = TRUE;
    }

  return g_string_free (out, FALSE);
}

static gboolean
parse_tab (RpBuyerZone  *self,
           const char   *contents,
           gsize         length,
           const char   *path,
           GError      **error)
{
  g_auto(GStrv) lines = NULL;
  guint n_zones = 0;

  if (!g_utf8_validate (contents, length, NULL) || memchr (contents, '\0', length) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not valid UTF-8 text", path);
      return FALSE;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_auto(GStrv) codes = NULL;
      char *line = g_strchomp (lines[i]);

      if (line[0] == '#' || line[0] == '\0')
        continue;

      fields = g_strsplit (line, "\t", 5);
      if (g_strv_length (fields) < 3 || fields[2][0] == '\0' ||
          strchr (fields[2], ' ') != NULL || strlen (fields[2]) > 64)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s, line %u: expected country codes, coordinates and a zone "
                       "separated by tabs", path, i + 1);
          return FALSE;
        }

      codes = g_strsplit (fields[0], ",", -1);
      for (guint c = 0; codes[c] != NULL; c++)
        {
          const char *code = codes[c];
          GPtrArray *zones;
          TabZone *tz;

          if (strlen (code) != 2 || !g_ascii_isupper (code[0]) || !g_ascii_isupper (code[1]))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s, line %u: “%s” is not an ISO 3166 country code",
                           path, i + 1, code);
              return FALSE;
            }

          zones = g_hash_table_lookup (self->by_country, code);
          if (zones == NULL)
            {
              zones = g_ptr_array_new_with_free_func (tab_zone_free);
              g_hash_table_insert (self->by_country, g_strdup (code), zones);
            }

          tz = g_new0 (TabZone, 1);
          tz->zone = g_strdup (fields[2]);
          tz->comment = g_strdup (fields[3] != NULL ? fields[3] : "");
          g_ptr_array_add (zones, tz);
          n_zones++;
        }
    }

  if (n_zones == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s lists no time zones", path);
      return FALSE;
    }

  return TRUE;
}

RpBuyerZone *
rp_buyer_zone_new_from_file (const char  *path,
                             GError     **error)
{
  g_autoptr(RpBuyerZone) self = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (path == NULL)
    path = RP_BUYER_ZONE_TAB_PATH;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  /* The real file is 18 kB; anything far larger is not zone1970.tab. */
  if (length > 4 * 1024 * 1024)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is too large to be a time zone table", path);
      return NULL;
    }

  self = g_object_new (RP_TYPE_BUYER_ZONE, NULL);
  if (!parse_tab (self, contents, length, path, error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (region_rules); i++)
    {
      const char *key = region_rules[i].key;
      gsize len = strlen (key);
      g_autofree char *plain = NULL;

      /* Normalise the keys the same way as addresses, keeping the stem marker. */
      plain = g_strndup (key, key[len - 1] == '*' ? len - 1 : len);
      g_hash_table_insert (self->rule_keys, (gpointer)&region_rules[i],
                           rp_buyer_zone_normalize_name (plain));
    }

  return g_steal_pointer (&self);
}

RpBuyerZone *
rp_buyer_zone_get_default (void)
{
  static RpBuyerZone *zones;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GError) error = NULL;

      zones = rp_buyer_zone_new_from_file (NULL, &error);
      if (zones == NULL)
        g_warning ("No buyer time zones: %s", error->message);
      g_once_init_leave (&once, 1);
    }

  return zones;
}

static gboolean
zone_is_listed (GPtrArray  *zones,
                const char *zone)
{
  for (guint i = 0; i < zones->len; i++)
    {
      const TabZone *tz = g_ptr_array_index (zones, i);

      if (g_str_equal (tz->zone, zone))
        return TRUE;
    }

  return FALSE;
}

/* GTimeZone reads the tzfile on every call; a buyer list asks about the same few zones
 * thousands of times.  Keys are the static strings of our tables. */
static gboolean
zone_is_loadable (RpBuyerZone *self,
                  const char  *zone)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  gpointer cached = g_hash_table_lookup (self->loadable, zone);

  if (cached == NULL)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);

      cached = GINT_TO_POINTER (tz != NULL ? 2 : 1);
      g_hash_table_insert (self->loadable, (gpointer)zone, cached);
    }

  return GPOINTER_TO_INT (cached) == 2;
}

/* Where @key occurs in @text (both normalised) as a word, or as the start of a word for
 * a stem; the whole field for a short code. */
static gboolean
key_matches (const char *text,
             const char *key,
             gboolean    stem)
{
  gsize key_len = strlen (key);

  if (key_len == 0)
    return FALSE;

  if (g_utf8_strlen (key, -1) <= 3 && !stem)
    return g_str_equal (text, key);

  for (const char *p = strstr (text, key); p != NULL; p = strstr (p + 1, key))
    {
      gboolean starts = (p == text || p[-1] == ' ');
      gboolean ends = (p[key_len] == '\0' || p[key_len] == ' ');

      if (starts && (stem || ends))
        return TRUE;
    }

  return FALSE;
}

static const char *
match_region (RpBuyerZone *self,
              const char  *country,
              const char  *text)
{
  const RegionRule *best = NULL;
  gsize best_len = 0;

  if (text == NULL || text[0] == '\0')
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (region_rules); i++)
    {
      const RegionRule *rule = &region_rules[i];
      const char *key;
      gsize raw_len = strlen (rule->key);
      gsize len;

      if (!g_str_equal (rule->country, country))
        continue;

      key = g_hash_table_lookup (self->rule_keys, rule);
      len = strlen (key);
      /* The longest key wins: "west virginia" over "virginia", "mato grosso do sul"
       * over "mato grosso". */
      if (len > best_len && key_matches (text, key, rule->key[raw_len - 1] == '*'))
        {
          best = rule;
          best_len = len;
        }
    }

  return best != NULL ? best->zone : NULL;
}

static const char *
default_zone (RpBuyerZone *self,
              GPtrArray   *zones,
              const char  *country)
{
  for (guint i = 0; i < G_N_ELEMENTS (country_defaults); i++)
    {
      if (g_str_equal (country_defaults[i].country, country) &&
          zone_is_loadable (self, country_defaults[i].zone))
        return country_defaults[i].zone;
    }

  return ((const TabZone *)g_ptr_array_index (zones, 0))->zone;
}

const char *
rp_buyer_zone_lookup (RpBuyerZone       *self,
                      const char        *country,
                      const char        *province,
                      const char        *city,
                      RpBuyerZoneChoice *out_choice)
{
  RpBuyerZoneChoice choice = RP_BUYER_ZONE_UNKNOWN;
  const char *result = "UTC";
  char code[3] = { 0 };
  GPtrArray *zones = NULL;

  g_return_val_if_fail (RP_IS_BUYER_ZONE (self), "UTC");

  if (country != NULL && strlen (country) == 2 &&
      g_ascii_isalpha (country[0]) && g_ascii_isalpha (country[1]))
    {
      code[0] = g_ascii_toupper (country[0]);
      code[1] = g_ascii_toupper (country[1]);
      /* The marketplace writes the United Kingdom as "UK". */
      if (g_str_equal (code, "UK"))
        memcpy (code, "GB", 2);
      zones = g_hash_table_lookup (self->by_country, code);
    }

  if (zones != NULL)
    {
      const char *picked = NULL;
      gboolean several = zones->len > 1;

      for (guint pass = 0; pass < 2 && picked == NULL; pass++)
        {
          g_autofree char *text = rp_buyer_zone_normalize_name (pass == 0 ? province : city);

          picked = match_region (self, code, text);
          /* Our table may name a zone this tzdata lacks, or one for an older split. */
          if (picked != NULL && !zone_is_listed (zones, picked) && !zone_is_loadable (self, picked))
            picked = NULL;
        }

      if (picked != NULL && several)
        {
          result = picked;
          choice = RP_BUYER_ZONE_REGION;
        }
      else if (picked != NULL)
        {
          /* One zone in tzdata, but an island on another clock, say; the table knows. */
          result = picked;
          choice = RP_BUYER_ZONE_SINGLE;
        }
      else
        {
          result = default_zone (self, zones, code);
          choice = several ? RP_BUYER_ZONE_DEFAULT : RP_BUYER_ZONE_SINGLE;
        }
    }

  if (out_choice != NULL)
    *out_choice = choice;

  return result;
}

GTimeZone *
rp_buyer_zone_lookup_time_zone (RpBuyerZone       *self,
                                const char        *country,
                                const char        *province,
                                const char        *city,
                                RpBuyerZoneChoice *out_choice)
{
  RpBuyerZoneChoice choice = RP_BUYER_ZONE_UNKNOWN;
  const char *id = rp_buyer_zone_lookup (self, country, province, city, &choice);
  GTimeZone *tz = g_time_zone_new_identifier (id);

  if (tz == NULL)
    {
      /* tzdata listed a zone it cannot load: say so rather than guess an offset. */
      tz = g_time_zone_new_utc ();
      choice = RP_BUYER_ZONE_UNKNOWN;
    }

  if (out_choice != NULL)
    *out_choice = choice;

  return tz;
}

GPtrArray *
rp_buyer_zone_list_zones (RpBuyerZone *self,
                          const char  *country)
{
  GPtrArray *result = g_ptr_array_new ();
  GPtrArray *zones;
  g_autofree char *code = NULL;

  g_return_val_if_fail (RP_IS_BUYER_ZONE (self), result);

  if (country == NULL)
    return result;

  code = g_ascii_strup (country, -1);
  zones = g_hash_table_lookup (self->by_country, code);
  for (guint i = 0; zones != NULL && i < zones->len; i++)
    g_ptr_array_add (result, ((TabZone *)g_ptr_array_index (zones, i))->zone);

  return result;
}

char *
rp_buyer_zone_format_offset (GTimeZone *zone,
                             gint64     now)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  GTimeSpan offset;
  gint64 minutes;
  const char *sign;

  g_return_val_if_fail (zone != NULL, NULL);

  if (utc == NULL)
    return g_strdup ("UTC");

  local = g_date_time_to_timezone (utc, zone);
  offset = g_date_time_get_utc_offset (local);
  minutes = offset / G_TIME_SPAN_MINUTE;

  if (minutes == 0)
    return g_strdup ("UTC");

  sign = minutes < 0 ? "−" : "+";
  minutes = ABS (minutes);
  if (minutes % 60 == 0)
    return g_strdup_printf ("UTC%s%" G_GINT64_FORMAT, sign, minutes / 60);

  return g_strdup_printf ("UTC%s%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                          sign, minutes / 60, minutes % 60);
}
