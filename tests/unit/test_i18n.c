/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the cockpit's translations: every field error code has a
 * sentence in French and in English, every text both languages with the
 * same placeholders, every refusal of the domain both languages.
 */
#include <string.h>

#include "cockpit_i18n.h"
#include "http.h"
#include "../tap.h"

/* A sentence: a capital (ASCII or a Latin-1 capital in UTF-8), a period. */
static int
sentence(const char *s)
{
	size_t			 n;
	const unsigned char	*u = (const unsigned char *)s;

	if (s == NULL || (n = strlen(s)) < 2)
		return 0;
	if (!((u[0] >= 'A' && u[0] <= 'Z') ||
	    (u[0] == 0xc3 && u[1] >= 0x80 && u[1] <= 0x9e)))
		return 0;
	return s[n - 1] == '.';
}

/* The placeholders {0}..{9} a text holds, as bits. */
static unsigned int
placeholders(const char *s)
{
	unsigned int	 m = 0;

	for (; s != NULL && *s != '\0'; s++)
		if (s[0] == '{' && s[1] >= '0' && s[1] <= '9' && s[2] == '}')
			m |= 1u << (s[1] - '0');
	return m;
}

int
main(void)
{
	static const char *const refusals[] = { "escalation",
	    "self_extension", "wrong_status", "forbidden", "duplicate_name",
	    "conflict" };
	const char	*fr, *en;
	int		 i, bad;
	size_t		 k;

	for (i = 0; i < FE__MAX; i++) {
		fr = cockpit_field_text((enum field_code)i, COCKPIT_FR);
		en = cockpit_field_text((enum field_code)i, COCKPIT_EN);
		ok(fr != NULL && sentence(fr), "field error code %d has a "
		    "French sentence: %s", i, fr ? fr : "(none)");
		ok(en != NULL && sentence(en), "field error code %d has an "
		    "English sentence: %s", i, en ? en : "(none)");
		ok(fr != NULL && en != NULL && strcmp(fr, en) != 0 &&
		    placeholders(fr) == placeholders(en), "field error code %d: "
		    "two languages, the same placeholders", i);
	}
	ok(cockpit_field_text(FE__MAX, COCKPIT_FR) == NULL &&
	    cockpit_field_text(FE_INVALID, COCKPIT_LANGS) == NULL,
	    "no text outside the tables");

	bad = 0;
	for (i = 0; i < T__MAX; i++) {
		fr = cockpit_text_lang((enum cockpit_text)i, COCKPIT_FR);
		en = cockpit_text_lang((enum cockpit_text)i, COCKPIT_EN);
		if (fr == NULL || en == NULL || *fr == '\0' || *en == '\0' ||
		    placeholders(fr) != placeholders(en)) {
			printf("# text %d: %s / %s\n", i, fr ? fr : "(none)",
			    en ? en : "(none)");
			bad++;
		}
	}
	ok(bad == 0, "all %d cockpit texts exist in both languages, with the "
	    "same placeholders (%d do not)", T__MAX, bad);

	for (k = 0; k < sizeof(refusals) / sizeof(refusals[0]); k++) {
		fr = cockpit_refusal_text(refusals[k], COCKPIT_FR);
		en = cockpit_refusal_text(refusals[k], COCKPIT_EN);
		ok(sentence(fr) && sentence(en), "refusal %s has a sentence in "
		    "both languages", refusals[k]);
	}
	ok(cockpit_refusal_text("no_such_code", COCKPIT_FR) == NULL,
	    "an unknown refusal has no text (the page says the request "
	    "failed)");
	return tap_done();
}
