/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rp-country.h"

G_BEGIN_DECLS

/* The table in rp-country-data.c, sorted by code. */
extern const RpCountry rp_country_table[];
extern const guint     rp_country_table_len;
extern const RpCountry rp_country_generic_entry;

G_END_DECLS
