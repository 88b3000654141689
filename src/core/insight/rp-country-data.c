/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rp-country"

#include "config.h"

#include <glib/gi18n.h>

#include "rp-country-private.h"

/* Notes a seller can act on: what holds parcels at the border, what slows the post, how
 * to write.  Holiday months are the usual ones; movable feasts are given for the years
 * around now (Islamic holidays move about eleven days earlier each year). */

#define WEEKEND_SAT_SUN ((1u << G_DATE_SATURDAY) | (1u << G_DATE_SUNDAY))
#define WEEKEND_FRI_SAT ((1u << G_DATE_FRIDAY) | (1u << G_DATE_SATURDAY))
#define HOLIDAYS(...) ((const RpHoliday[]) { __VA_ARGS__ }), \
  G_N_ELEMENTS (((const RpHoliday[]) { __VA_ARGS__ }))

static const char eu_ioss[] =
  N_("Parcels up to €150 travel under IOSS with the VAT paid at checkout; without an IOSS "
     "number the buyer pays VAT and a handling fee before delivery.");

const RpCountry rp_country_table[] = {
  { "AE", "United Arab Emirates", "ar,en", "مرحبا", "عزيزي العميل،", WEEKEND_SAT_SUN,
    13, 14, 20, 24, RP_DIRECTNESS_INDIRECT, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("Ramadan (evenings busy, days slow)"), RP_MONTH (2) | RP_MONTH (3), 30 },
              { N_("Eid al-Fitr"), RP_MONTH (3) | RP_MONTH (4), 4 },
              { N_("Eid al-Adha"), RP_MONTH (5) | RP_MONTH (6), 4 },
              { N_("National Day"), RP_MONTH (12), 2 }),
    N_("Duty (5%) and VAT apply above AED 1,000; e-cigarettes, drones and some cosmetics "
       "need approval.  English is widely read."),
    N_("Courteous and formal; greet before business.  During Ramadan buyers are online late "
       "at night."),
    N_("No alcohol, pork or suggestive images; no remarks on religion or the rulers.") },
  { "AU", "Australia", "en", "Hi", "Dear customer,", WEEKEND_SAT_SUN,
    12, 13, 19, 23, RP_DIRECTNESS_DIRECT, RP_FORMALITY_CASUAL,
    HOLIDAYS ({ N_("Christmas and summer holidays"), RP_MONTH (12) | RP_MONTH (1), 10 },
              { N_("Easter"), RP_MONTH (3) | RP_MONTH (4), 4 }),
    N_("GST (10%) is charged at checkout on imports up to A$1,000.  Biosecurity is strict: "
       "wood, seeds, plant material, soil and many foods are seized."),
    N_("Casual and friendly, first names are normal; plain words, no hard sell."),
    N_("Pomposity and over-promising; do not mistake them for British or American.") },
  { "BR", "Brazil", "pt", "Olá", "Prezado(a) cliente,", WEEKEND_SAT_SUN,
    12, 14, 19, 24, RP_DIRECTNESS_INDIRECT, RP_FORMALITY_NEUTRAL,
    HOLIDAYS ({ N_("Carnival"), RP_MONTH (2) | RP_MONTH (3), 7 },
              { N_("Black Friday"), RP_MONTH (11), 7 },
              { N_("Christmas and New Year"), RP_MONTH (12) | RP_MONTH (1), 10 }),
    N_("Every parcel needs the buyer's CPF.  Receita Federal inspects strictly and parcels "
       "often wait weeks in customs; import tax and the state ICMS are charged before "
       "delivery.  Declare values honestly."),
    N_("Warm and personal; a friendly tone and an emoji are welcome.  Refusals are soft, "
       "so read between the lines."),
    N_("The 👌 gesture is offensive; do not write in Spanish.") },
  { "CA", "Canada", "en,fr", "Hello / Bonjour", "Dear customer, / Madame, Monsieur,",
    WEEKEND_SAT_SUN, 12, 13, 19, 23, RP_DIRECTNESS_BALANCED, RP_FORMALITY_NEUTRAL,
    HOLIDAYS ({ N_("Christmas and New Year"), RP_MONTH (12) | RP_MONTH (1), 7 },
              { N_("Thanksgiving"), RP_MONTH (10), 2 }),
    N_("Parcels from China owe GST/HST and duty above CA$20; the carrier collects them with "
       "a handling fee on delivery."),
    N_("Polite and friendly.  Buyers in Quebec expect French."),
    N_("Treating Canadians as Americans; English-only replies to a French message.") },
  { "CL", "Chile", "es", "Hola", "Estimado(a) cliente:", WEEKEND_SAT_SUN,
    13, 15, 20, 24, RP_DIRECTNESS_INDIRECT, RP_FORMALITY_NEUTRAL,
    HOLIDAYS ({ N_("Fiestas Patrias"), RP_MONTH (9), 5 },
              { N_("Christmas and New Year"), RP_MONTH (12) | RP_MONTH (1), 7 },
              { N_("Summer holidays"), RP_MONTH (2), 10 }),
    N_("VAT (19%) is charged on low-value imports; customs may ask for the buyer's RUT."),
    N_("Polite, rather formal at first, and indirect about problems."),
    N_("Comparisons with neighbouring countries.") },
  { "CZ", "Czechia", "cs", "Dobrý den", "Vážený zákazníku,", WEEKEND_SAT_SUN,
    12, 13, 19, 23, RP_DIRECTNESS_DIRECT, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("Christmas"), RP_MONTH (12), 7 },
              { N_("Easter"), RP_MONTH (3) | RP_MONTH (4), 3 }),
    eu_ioss,
    N_("Formal address (vy) and titles; reserved, factual, and direct when something is "
       "wrong."),
    N_("Calling the country Czechoslovakia or Eastern Europe.") },
  { "DE", "Germany", "de", "Hallo", "Sehr geehrte Damen und Herren,", WEEKEND_SAT_SUN,
    12, 13, 19, 23, RP_DIRECTNESS_DIRECT, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("Christmas"), RP_MONTH (12), 7 },
              { N_("Easter"), RP_MONTH (3) | RP_MONTH (4), 4 },
              { N_("Whitsun"), RP_MONTH (5) | RP_MONTH (6), 2 }),
    N_("Parcels up to €150 travel under IOSS with the VAT paid at checkout; without it the "
       "Zoll holds the parcel until the buyer pays VAT, often at the customs office."),
    N_("Direct, factual and precise: exact dates, tracking numbers, no vague promises.  "
       "Use Sie unless the buyer writes du."),
    N_("Exaggeration, missed promised dates, unasked-for familiarity.") },
  { "ES", "Spain", "es", "Hola", "Estimado(a) cliente:", WEEKEND_SAT_SUN,
    14, 16, 21, 24, RP_DIRECTNESS_BALANCED, RP_FORMALITY_NEUTRAL,
    HOLIDAYS ({ N_("Christmas to Epiphany"), RP_MONTH (12) | RP_MONTH (1), 10 },
              { N_("Holy Week"), RP_MONTH (3) | RP_MONTH (4), 5 },
              { N_("August holidays"), RP_MONTH (8), 14 }),
    N_("Parcels up to €150 travel under IOSS.  The Canary Islands, Ceuta and Melilla are "
       "outside the EU VAT area: every parcel there goes through customs (DUA) with a fee."),
    N_("Warm and personal; many buyers use tú, answer in kind.  Days run late: lunch after "
       "14:00, evenings past 23:00."),
    N_("Treating Spanish and Latin American Spanish as the same; Catalan politics.") },
  { "FR", "France", "fr", "Bonjour", "Madame, Monsieur,", WEEKEND_SAT_SUN,
    12, 14, 19, 23, RP_DIRECTNESS_BALANCED, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("May bank holidays"), RP_MONTH (5), 3 },
              { N_("Summer holidays"), RP_MONTH (8), 10 },
              { N_("Christmas"), RP_MONTH (12), 5 }),
    eu_ioss,
    N_("Always open with “Bonjour” and use vous; careful, correct French is noticed."),
    N_("Tutoiement with a stranger; a message without a greeting; English-only replies.") },
  { "GB", "United Kingdom", "en", "Hello", "Dear customer,", WEEKEND_SAT_SUN,
    12, 13, 19, 23, RP_DIRECTNESS_INDIRECT, RP_FORMALITY_NEUTRAL,
    HOLIDAYS ({ N_("Christmas and Boxing Day"), RP_MONTH (12), 5 },
              { N_("Easter bank holidays"), RP_MONTH (3) | RP_MONTH (4), 3 },
              { N_("Black Friday"), RP_MONTH (11), 4 }),
    N_("VAT (20%) is charged at checkout on goods up to £135; above that VAT, duty and a "
       "carrier fee are collected before delivery."),
    N_("Polite understatement: “a bit disappointed” can mean very unhappy.  Please and "
       "thank you matter."),
    N_("Over-familiarity and pushy selling.") },
  { "IL", "Israel", "he", "שלום", "לקוח יקר,", WEEKEND_FRI_SAT,
    12, 13, 20, 24, RP_DIRECTNESS_DIRECT, RP_FORMALITY_CASUAL,
    HOLIDAYS ({ N_("Passover"), RP_MONTH (3) | RP_MONTH (4), 8 },
              { N_("Rosh Hashanah to Sukkot"), RP_MONTH (9) | RP_MONTH (10), 14 }),
    N_("VAT is charged above the personal import limit; Israel Post is slow, and wireless "
       "devices may need a Ministry of Communications approval."),
    N_("Very direct and informal, first names; bluntness is not anger.  Answer fast and "
       "concretely."),
    N_("Automated messages on Shabbat (Friday evening to Saturday evening) or Yom Kippur.") },
  { "IN", "India", "hi,en", "Namaste", "Dear Sir/Madam,", WEEKEND_SAT_SUN,
    13, 14, 20, 24, RP_DIRECTNESS_INDIRECT, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("Holi"), RP_MONTH (3), 2 },
              { N_("Dussehra"), RP_MONTH (9) | RP_MONTH (10), 2 },
              { N_("Diwali"), RP_MONTH (10) | RP_MONTH (11), 7 }),
    N_("Import duty with IGST is high and collected on delivery; the courier may ask for "
       "KYC (PAN or Aadhaar)."),
    N_("Polite and formal (Sir, Madam); a “yes” may be courtesy, so confirm details "
       "explicitly."),
    N_("Beef or leather as a gift; jokes about religion or caste.") },
  { "IT", "Italy", "it", "Buongiorno", "Gentile cliente,", WEEKEND_SAT_SUN,
    13, 14, 20, 24, RP_DIRECTNESS_BALANCED, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("Christmas to Epiphany"), RP_MONTH (12) | RP_MONTH (1), 10 },
              { N_("Easter"), RP_MONTH (3) | RP_MONTH (4), 3 },
              { N_("Ferragosto"), RP_MONTH (8), 14 }),
    N_("Parcels up to €150 travel under IOSS; otherwise customs may ask for the codice "
       "fiscale and the buyer pays VAT and fees."),
    N_("Courteous and warm; use Lei until the buyer is informal."),
    N_("Mafia clichés; criticising the food.") },
  { "JP", "Japan", "ja", "こんにちは", "お客様", WEEKEND_SAT_SUN,
    12, 13, 20, 24, RP_DIRECTNESS_INDIRECT, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("New Year"), RP_MONTH (12) | RP_MONTH (1), 6 },
              { N_("Golden Week"), RP_MONTH (4) | RP_MONTH (5), 7 },
              { N_("Obon"), RP_MONTH (8), 5 }),
    N_("Japan Post clears customs and collects consumption tax where due; declarations "
       "must match the contents."),
    N_("Very polite (keigo) and indirect; apologise sincerely for any delay and avoid a "
       "blunt no."),
    N_("The numbers 4 and 9; a casual tone; a missed promised date.") },
  { "KR", "South Korea", "ko", "안녕하세요", "고객님께,", WEEKEND_SAT_SUN,
    12, 13, 20, 24, RP_DIRECTNESS_INDIRECT, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("Seollal (Lunar New Year)"), RP_MONTH (1) | RP_MONTH (2), 5 },
              { N_("Chuseok"), RP_MONTH (9) | RP_MONTH (10), 5 }),
    N_("Every import needs the buyer's Personal Customs Clearance Code (개인통관고유부호); "
       "duty-free up to US$150."),
    N_("Polite speech (-요, -니다); fast answers are expected, with precise dates."),
    N_("Names in red ink; the number 4.") },
  { "MX", "Mexico", "es", "Hola", "Estimado(a) cliente:", WEEKEND_SAT_SUN,
    14, 16, 20, 24, RP_DIRECTNESS_INDIRECT, RP_FORMALITY_NEUTRAL,
    HOLIDAYS ({ N_("Holy Week"), RP_MONTH (3) | RP_MONTH (4), 5 },
              { N_("Day of the Dead"), RP_MONTH (11), 3 },
              { N_("Guadalupe to Epiphany"), RP_MONTH (12) | RP_MONTH (1), 10 }),
    N_("Customs (SAT) charges duties that the courier collects; Correos de México is slow, "
       "so include a phone number."),
    N_("Polite and warm, usted at first; a “sí” can mean maybe."),
    N_("Confusing Mexico with Spain or other countries; pressure.") },
  { "NL", "Netherlands", "nl", "Hallo", "Geachte klant,", WEEKEND_SAT_SUN,
    12, 13, 19, 23, RP_DIRECTNESS_DIRECT, RP_FORMALITY_CASUAL,
    HOLIDAYS ({ N_("King's Day"), RP_MONTH (4), 1 },
              { N_("Sinterklaas"), RP_MONTH (11) | RP_MONTH (12), 5 },
              { N_("Christmas"), RP_MONTH (12), 4 }),
    N_("Parcels up to €150 travel under IOSS; PostNL charges VAT and a handling fee "
       "otherwise."),
    N_("Very direct and plain; honesty over politeness, get to the point."),
    N_("Flowery language and overselling.") },
  { "PL", "Poland", "pl", "Dzień dobry", "Szanowni Państwo,", WEEKEND_SAT_SUN,
    12, 13, 19, 23, RP_DIRECTNESS_BALANCED, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("Easter"), RP_MONTH (3) | RP_MONTH (4), 3 },
              { N_("May holidays"), RP_MONTH (5), 4 },
              { N_("All Saints' Day"), RP_MONTH (11), 2 },
              { N_("Christmas"), RP_MONTH (12), 5 }),
    eu_ioss,
    N_("Formal: Pan/Pani until invited otherwise; titles matter."),
    N_("Historical jokes; calling Poland Eastern Europe.") },
  { "RU", "Russian Federation", "ru", "Здравствуйте", "Уважаемый покупатель,",
    WEEKEND_SAT_SUN, 13, 14, 19, 24, RP_DIRECTNESS_DIRECT, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("New Year holidays"), RP_MONTH (1), 10 },
              { N_("May holidays"), RP_MONTH (5), 7 }),
    /* xgettext:no-c-format */
    N_("Duty-free up to €200 per parcel, 15% above; customs may ask for passport data and "
       "the INN.  Payments and carriers are limited."),
    N_("Formal Вы (written with a capital in letters); plain and direct about problems."),
    N_("Politics and the war; congratulating a birthday early.") },
  { "SA", "Saudi Arabia", "ar", "السلام عليكم", "عزيزي العميل،", WEEKEND_FRI_SAT,
    13, 14, 21, 24, RP_DIRECTNESS_INDIRECT, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("Ramadan (evenings busy, days slow)"), RP_MONTH (2) | RP_MONTH (3), 30 },
              { N_("Eid al-Fitr"), RP_MONTH (3) | RP_MONTH (4), 7 },
              { N_("Eid al-Adha and Hajj"), RP_MONTH (5) | RP_MONTH (6), 10 },
              { N_("National Day"), RP_MONTH (9), 2 }),
    N_("SPL needs the buyer's National Address; conformity (SABER) rules apply to many "
       "goods and customs seize prohibited items."),
    N_("Formal and respectful; greet with “As-salamu alaykum”.  Online late in the evening."),
    N_("Alcohol, pork, suggestive images, religion; messages during Friday prayers.") },
  { "SE", "Sweden", "sv", "Hej", "Hej,", WEEKEND_SAT_SUN,
    11, 13, 19, 23, RP_DIRECTNESS_DIRECT, RP_FORMALITY_CASUAL,
    HOLIDAYS ({ N_("Midsummer"), RP_MONTH (6), 3 },
              { N_("Summer holidays"), RP_MONTH (7), 14 },
              { N_("Christmas"), RP_MONTH (12), 5 }),
    N_("Parcels up to €150 travel under IOSS; PostNord charges VAT and a fee otherwise."),
    N_("Informal and egalitarian (du to everyone); modest and factual."),
    N_("Boasting and pressure.") },
  { "TR", "Türkiye", "tr", "Merhaba", "Sayın müşterimiz,", WEEKEND_SAT_SUN,
    12, 13, 20, 24, RP_DIRECTNESS_INDIRECT, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("Ramadan Feast"), RP_MONTH (3) | RP_MONTH (4), 4 },
              { N_("Feast of the Sacrifice"), RP_MONTH (5) | RP_MONTH (6), 5 }),
    N_("The duty-free limit for postal imports is low (€30) and duties are high; many "
       "parcels are taxed on arrival."),
    N_("Polite and warm; Sayın with the name is the formal address."),
    N_("Criticising Atatürk or the state.") },
  { "UA", "Ukraine", "uk", "Добрий день", "Шановний покупцю,", WEEKEND_SAT_SUN,
    13, 14, 19, 23, RP_DIRECTNESS_BALANCED, RP_FORMALITY_FORMAL,
    HOLIDAYS ({ N_("Christmas and New Year"), RP_MONTH (12) | RP_MONTH (1), 7 },
              { N_("Easter"), RP_MONTH (4) | RP_MONTH (5), 3 }),
    N_("Duty-free up to €150; delivery is usually to a Nova Poshta branch, and wartime "
       "disruption happens."),
    N_("Write in Ukrainian (Russian only if the buyer writes Russian); formal Ви."),
    N_("Russian-language templates; “the Ukraine”; anything implying it is part of Russia.") },
  { "US", "United States", "en,es", "Hello", "Dear customer,", WEEKEND_SAT_SUN,
    12, 13, 19, 23, RP_DIRECTNESS_DIRECT, RP_FORMALITY_CASUAL,
    HOLIDAYS ({ N_("Thanksgiving, Black Friday, Cyber Monday"), RP_MONTH (11), 7 },
              { N_("Christmas and New Year"), RP_MONTH (12) | RP_MONTH (1), 7 },
              { N_("Independence Day"), RP_MONTH (7), 2 }),
    N_("Low-value parcels no longer enter duty-free: duties may be collected from the buyer "
       "on delivery, so say so up front and declare values exactly."),
    N_("Friendly and direct, first names are fine; quick answers expected."),
    N_("Politics and religion; anything that sounds like a scam or pressure.") },
  { "ZA", "South Africa", "en,af,zu", "Hello", "Dear customer,", WEEKEND_SAT_SUN,
    12, 13, 19, 23, RP_DIRECTNESS_BALANCED, RP_FORMALITY_NEUTRAL,
    HOLIDAYS ({ N_("Christmas and summer holidays"), RP_MONTH (12) | RP_MONTH (1), 10 },
              { N_("Easter"), RP_MONTH (3) | RP_MONTH (4), 3 }),
    N_("Duty and VAT (15%) on most parcels; the national post is unreliable, prefer a "
       "tracked courier."),
    N_("Friendly; a greeting and a little small talk before business."),
    N_("Remarks on race or politics.") },
};

const guint rp_country_table_len = G_N_ELEMENTS (rp_country_table);

const RpCountry rp_country_generic_entry = {
  "", "", "en", "Hello", "Dear customer,", WEEKEND_SAT_SUN,
  12, 13, 19, 23, RP_DIRECTNESS_BALANCED, RP_FORMALITY_NEUTRAL,
  NULL, 0,
  N_("No customs notes for this country yet; check the carrier's destination rules."),
  N_("Polite and clear; use the buyer's language where possible."),
  N_("Politics and religion."),
};
