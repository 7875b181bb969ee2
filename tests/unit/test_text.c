/* Unit tests of UTF-8 checks, percent-decoding and time parsing. */
#include <string.h>

#include "text.h"
#include "../tap.h"

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
	buf_free(&b);
	arena_free(&a);
	return tap_done();
}
