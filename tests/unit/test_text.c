/* SPDX-License-Identifier: ISC */
/* Unit tests of UTF-8 checks, percent-decoding and time parsing. */
#include <string.h>

#include "text.h"
#include "../tap.h"

/* The JSON string of s, byte by byte: what text_json_string must give. */
static void
json_reference(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char	 c;

	buf_addc(b, '"');
	for (; (c = (unsigned char)*s) != '\0'; s++) {
		if (c == '"' || c == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)c);
		} else if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\r')
			buf_adds(b, "\\r");
		else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c < 0x20) {
			buf_adds(b, "\\u00");
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		} else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

/*
 * Every byte that matters, alone and in pairs, at every position of
 * strings from 0 to 24 bytes: the word-at-a-time scan sees each
 * alignment and each byte of a word.
 */
static int
json_string_agrees(void)
{
	static const char special[] = "\x01\x1f \"\\\n\r\t!#[]\x7f\x80\xc3\xa9\xff";
	struct buf	 got = { NULL, 0, 0 }, want = { NULL, 0, 0 };
	char		 s[32];
	size_t		 len, i, j, a, k;
	int		 bad = 0;

	for (len = 0; len <= 24; len++)
		for (i = 0; i <= len; i++)
			for (j = 0; j <= len; j++)
				for (a = 0; a < sizeof(special) - 1; a++)
					for (k = 0; k < sizeof(special) - 1; k += 5) {
						memset(s, 'x', len);
						s[len] = '\0';
						if (i < len)
							s[i] = special[a];
						if (j < len)
							s[j] = special[k];
						buf_reset(&got);
						buf_reset(&want);
						text_json_string(&got, s);
						json_reference(&want, s);
						if (got.len != want.len ||
						    memcmp(got.p, want.p, got.len) != 0)
							bad++;
					}
	buf_free(&got);
	buf_free(&want);
	return bad == 0;
}

int
main(void)
{
	struct arena	 a;
	size_t		 n;
	time_t		 t;
	char		 out[TEXT_TIME_SIZE], *d;
	struct buf	 b = { NULL, 0, 0 };

	arena_init(&a);
	ok(text_utf8_len("h\xc3\xa9llo", 6) == 5, "UTF-8 length counts code points");
	ok(text_utf8_len("\xc3", 1) == -1, "truncated sequence refused");
	ok(text_utf8_len("\xc0\xaf", 2) == -1, "overlong refused");
	ok(text_utf8_len("\xed\xa0\x80", 3) == -1, "surrogate refused");
	ok(text_utf8_len("\xf4\x90\x80\x80", 4) == -1, "beyond U+10FFFF refused");
	ok(text_utf8_len("\xff", 1) == -1, "0xFF refused");
	ok(text_printable("Caf\xc3\xa9 \xf0\x9f\x98\x80", 10, 0), "emoji printable");
	ok(!text_printable("a\tb", 3, 0), "tab not printable in a line");
	ok(text_printable("a\tb\nc", 5, 1), "tab and newline in multiline");
	ok(!text_printable("a\x7f", 2, 1), "DEL refused");
	ok(!text_printable("a\xc2\x85", 3, 1), "C1 control refused");

	d = text_pct_decode(&a, "a%20b+c", 7, 1, &n);
	ok(d && strcmp(d, "a b c") == 0, "form decoding");
	d = text_pct_decode(&a, "a+b", 3, 0, &n);
	ok(d && strcmp(d, "a+b") == 0, "path decoding keeps +");
	ok(text_pct_decode(&a, "%4", 2, 0, &n) == NULL, "short escape refused");
	ok(text_pct_decode(&a, "%", 1, 0, &n) == NULL, "lone %% refused");
	ok(text_pct_decode(&a, "%zz", 3, 0, &n) == NULL, "bad hex refused");
	d = text_pct_decode(&a, "a%00b", 5, 0, &n);
	ok(d && n == 3 && strlen(d) == 1, "NUL decoded and visible by length");

	ok(text_rfc3339_parse("2030-01-02T03:04:05Z", &t) == 0 &&
	    t == 1893553445, "Z time");
	ok(text_rfc3339_parse("2030-01-02T05:04:05+02:00", &t) == 0 &&
	    t == 1893553445, "offset time");
	ok(text_rfc3339_parse("2030-01-02T03:04:05.123456Z", &t) == 0 &&
	    t == 1893553445, "fractions ignored");
	ok(text_rfc3339_parse("2030-01-02", &t) == 0 &&
	    t == 1893542400, "full-date is the start of that day");
	ok(text_rfc3339_parse("2030-02-30T00:00:00Z", &t) == -1, "Feb 30 refused");
	ok(text_rfc3339_parse("2028-02-29T00:00:00Z", &t) == 0, "leap day");
	ok(text_rfc3339_parse("2030-01-02T24:00:00Z", &t) == -1, "hour 24 refused");
	ok(text_rfc3339_parse("2030-01-02T03:04:60Z", &t) == -1, "second 60 refused");
	ok(text_rfc3339_parse("2030-01-02T03:04:05", &t) == -1, "no zone refused");
	ok(text_rfc3339_parse("2030-01-02 03:04:05Z", &t) == -1, "space refused");
	ok(text_rfc3339_parse("2030-1-2T03:04:05Z", &t) == -1, "short fields refused");
	ok(text_rfc3339_parse("", &t) == -1, "empty refused");
	ok(text_rfc3339_parse("2030-01-02T03:04:05Zjunk", &t) == -1, "junk refused");
	ok(text_rfc3339_parse("1969-12-31T00:00:00Z", &t) == -1, "before 1970 refused");
	ok(text_rfc3339_parse("1970-01-01T00:00:00+01:00", &t) == -1,
	    "an offset cannot move before 1970");
	ok(text_rfc3339_parse("9999-12-31T23:59:59-01:00", &t) == -1,
	    "an offset cannot move past 9999");
	text_rfc3339(1893553445, out);
	ok(strcmp(out, "2030-01-02T03:04:05Z") == 0, "formatting");
	ok(text_sqltime_parse("2030-01-02 03:04:05", &t) == 0 && t == 1893553445,
	    "SQL time");
	text_html_escape(&b, "<a href=\"x\">'&'</a>");
	ok(strcmp(b.p, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;") == 0,
	    "HTML escaping");
	buf_reset(&b);
	text_json_string(&b, "a\"b\\c\n\x01 caf\xc3\xa9");
	ok(strcmp(b.p, "\"a\\\"b\\\\c\\n\\u0001 caf\xc3\xa9\"") == 0,
	    "JSON string escaping");
	ok(json_string_agrees(), "JSON strings agree with a byte-by-byte "
	    "escaper at every length, position and special byte");
	buf_free(&b);
	arena_free(&a);
	return tap_done();
}
