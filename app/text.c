/* SPDX-License-Identifier: ISC */
/* UTF-8 checks, percent-decoding, time formats and HTML escaping. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "text.h"

/* Decodes one UTF-8 sequence; returns its length or 0 when invalid. */
static size_t
text_utf8_next(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned long	 c;
	size_t		 len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates, beyond Unicode. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return len;
}

long
text_utf8_len(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long	 cp;
	size_t		 k;
	long		 count = 0;

	while (n > 0) {
		if ((k = text_utf8_next(p, n, &cp)) == 0)
			return -1;
		p += k;
		n -= k;
		count++;
	}
	return count;
}

/* 1 when s is valid UTF-8 and bad() holds for none of its code points. */
static int
text_all(const char *s, size_t n, int (*bad)(unsigned long, int), int arg)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long	 cp;
	size_t		 k;

	while (n > 0) {
		if ((k = text_utf8_next(p, n, &cp)) == 0 || bad(cp, arg))
			return 0;
		p += k;
		n -= k;
	}
	return 1;
}

static int
text_control(unsigned long cp, int multiline)
{
	if (multiline && (cp == '\n' || cp == '\r' || cp == '\t'))
		return 0;
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
	    cp == 0x2029;
}

int
text_printable(const char *s, size_t n, int multiline)
{
	return text_all(s, n, text_control, multiline);
}

static int
text_misleading(unsigned long cp, int invisible)
{
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return 1;
	return invisible && ((cp >= 0x200B && cp <= 0x200F) || cp == 0xFEFF);
}

int
text_deceptive(const char *s, size_t n, int invisible)
{
	return !text_all(s, n, text_misleading, invisible);
}

static int
text_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
text_pct_decode(struct arena *a, const char *s, size_t n, int form,
    size_t *lenp)
{
	char	*out = arena_alloc(a, n + 1), *o = out;
	size_t	 i;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n)
				return NULL;
			if ((hi = text_hexval((unsigned char)s[i + 1])) == -1 ||
			    (lo = text_hexval((unsigned char)s[i + 2])) == -1)
				return NULL;
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else if (form && s[i] == '+')
			*o++ = ' ';
		else
			*o++ = s[i];
	}
	*o = '\0';
	*lenp = (size_t)(o - out);
	return out;
}

static int
text_digits(const char *s, int n, int *out)
{
	int	 v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int
text_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* "YYYY-MM-DD" at s, with sep between date and time checked by callers. */
static int
text_date(const char *s, struct tm *tm)
{
	int	 y, mo, d;

	if (text_digits(s, 4, &y) == -1 || s[4] != '-' ||
	    text_digits(s + 5, 2, &mo) == -1 || s[7] != '-' ||
	    text_digits(s + 8, 2, &d) == -1)
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > text_days_in_month(y, mo))
		return -1;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = mo - 1;
	tm->tm_mday = d;
	return 0;
}

int
text_rfc3339_parse(const char *s, time_t *out)
{
	struct tm	 tm;
	const char	*p;
	int		 h, mi, sec, oh, om, sign;
	time_t		 t;

	if (text_date(s, &tm) == -1)
		return -1;
	if (s[10] == '\0') {
		*out = timegm(&tm);
		return 0;
	}
	if ((s[10] != 'T' && s[10] != 't') ||
	    text_digits(s + 11, 2, &h) == -1 || s[13] != ':' ||
	    text_digits(s + 14, 2, &mi) == -1 || s[16] != ':' ||
	    text_digits(s + 17, 2, &sec) == -1)
		return -1;
	if (h > 23 || mi > 59 || sec > 59)
		return -1;
	p = s + 19;
	if (*p == '.') {
		if (!isdigit((unsigned char)p[1]))
			return -1;
		for (p++; isdigit((unsigned char)*p); p++)
			if (p - s > 40)
				return -1;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		oh = om = sign = 0;
	else if ((*p == '+' || *p == '-') && text_digits(p + 1, 2, &oh) == 0 &&
	    p[3] == ':' && text_digits(p + 4, 2, &om) == 0 && p[6] == '\0' &&
	    oh <= 23 && om <= 59)
		sign = *p == '+' ? 1 : -1;
	else
		return -1;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm) - sign * (oh * 3600 + om * 60);
	/* An offset must not carry the time out of 1970..9999. */
	if (t < 0 || t > 253402300799LL)
		return -1;
	*out = t;
	return 0;
}

void
text_rfc3339(time_t t, char out[TEXT_TIME_SIZE])
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, TEXT_TIME_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
text_sqltime_parse(const char *s, time_t *out)
{
	struct tm	 tm;
	int		 h, mi, sec;

	if (text_date(s, &tm) == -1 || s[10] != ' ' ||
	    text_digits(s + 11, 2, &h) == -1 || s[13] != ':' ||
	    text_digits(s + 14, 2, &mi) == -1 || s[16] != ':' ||
	    text_digits(s + 17, 2, &sec) == -1)
		return -1;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*out = timegm(&tm);
	return 0;
}

void
text_sqltime(time_t t, char out[TEXT_SQLTIME_SIZE])
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, TEXT_SQLTIME_SIZE, "%Y-%m-%d %H:%M:%S", &tm);
}

void
text_html_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&#39;");
			break;
		default:
			buf_addc(b, *s);
		}
	}
}

void
text_pct_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char	 c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

/*
 * How many of the n bytes at s a JSON string holds as they are: none of
 * them below 0x20, a quote or a backslash. Eight bytes at a time while
 * none is (the has-zero-byte test, exact for "any"), then byte by byte.
 */
static size_t
text_json_plain(const char *s, size_t n)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	const uint64_t	 high = 0x8080808080808080ULL;
	uint64_t	 x, q, bs;
	size_t		 i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, s + i, 8);
		q = x ^ (ones * '"');
		bs = x ^ (ones * '\\');
		if ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
		    ((bs - ones) & ~bs)) & high)
			break;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '"' || s[i] == '\\')
			break;
	return i;
}

void
text_json_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t		 n = strlen(s), k;
	unsigned char	 c;

	buf_addc(b, '"');
	for (;;) {
		k = text_json_plain(s, n);
		buf_add(b, s, k);
		if (k == n)
			break;
		c = (unsigned char)s[k];
		s += k + 1;
		n -= k + 1;
		switch (c) {
		case '"':
			buf_add(b, "\\\"", 2);
			break;
		case '\\':
			buf_add(b, "\\\\", 2);
			break;
		case '\n':
			buf_add(b, "\\n", 2);
			break;
		case '\r':
			buf_add(b, "\\r", 2);
			break;
		case '\t':
			buf_add(b, "\\t", 2);
			break;
		default:
			buf_add(b, "\\u00", 4);
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
	buf_addc(b, '"');
}
