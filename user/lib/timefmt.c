// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L /* gmtime_r, localtime_r under -std=c11 */
#endif
#include <stdio.h>
#include <time.h>

#include "lib/timefmt.h"

/* One second's calendar text, "2026-11-24T09:14:06" or "09:14:06". */
struct second {
	time_t sec;
	long zone;    /* local time: the zone it was worked out in (tzset() may change it) */
	bool valid;
	char text[24];
	size_t len;
};

/*
 * real_ns is unsigned, so at most year 2554: gmtime_r cannot fail on a
 * 64-bit time_t, but a failure still yields the epoch, never stack garbage.
 */
static const struct second *calendar(struct second *c, __u64 real_ns, int local)
{
	time_t sec = (time_t)(real_ns / 1000000000ULL);
	long zone = local ? timezone : 0;
	struct tm tm;

	if (c->valid && c->sec == sec && c->zone == zone)
		return c;
	if (!(local ? localtime_r(&sec, &tm) : gmtime_r(&sec, &tm))) {
		time_t zero = 0;

		gmtime_r(&zero, &tm);
	}
	c->len = strftime(c->text, sizeof(c->text), local ? "%H:%M:%S" : "%Y-%m-%dT%H:%M:%S", &tm);
	c->sec = sec;
	c->zone = zone;
	c->valid = true;
	return c;
}

static __thread struct second utc_second, local_second;

/* The second's text, then the fraction in digits places (10^(9 - digits) ns each), then end. */
static void stamp(struct wbuf *w, const struct second *c, __u64 real_ns, int digits, __u64 unit,
		  const char *end)
{
	wbuf_put(w, c->text, c->len);
	wbuf_ch(w, '.');
	wbuf_dec_pad(w, real_ns % 1000000000ULL / unit, digits);
	wbuf_str(w, end);
}

void timefmt_rfc3339(struct wbuf *w, __u64 real_ns)
{
	stamp(w, calendar(&utc_second, real_ns, 0), real_ns, 9, 1, "Z");
}

void timefmt_rfc3339_us(struct wbuf *w, __u64 real_ns)
{
	stamp(w, calendar(&utc_second, real_ns, 0), real_ns, 6, 1000, "Z");
}

void timefmt_clock(struct wbuf *w, __u64 real_ns)
{
	stamp(w, calendar(&local_second, real_ns, 1), real_ns, 3, 1000000, "");
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar (H. Hinnant's algorithm). */
static long long days_from_civil(long long y, unsigned int m, unsigned int d)
{
	long long era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static int digits(const char *p, int n, unsigned int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		*v = *v * 10 + (unsigned int)(p[i] - '0');
	}
	return 0;
}

int timefmt_parse_rfc3339(const char *p, size_t len, __u64 *real_ns)
{
	unsigned int y, mo, d, h, mi, s, oh, om;
	static const unsigned char mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	__u64 frac = 0, scale = 1000000000ull;
	long long secs, off = 0;
	size_t i = 19;

	if (len < 20 || p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != 't' && p[10] != ' ') ||
	    p[13] != ':' || p[16] != ':' || digits(p, 4, &y) || digits(p + 5, 2, &mo) ||
	    digits(p + 8, 2, &d) || digits(p + 11, 2, &h) || digits(p + 14, 2, &mi) ||
	    digits(p + 17, 2, &s))
		return -1;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || s > 60)
		return -1;
	if (i < len && p[i] == '.') {
		for (i++; i < len && p[i] >= '0' && p[i] <= '9'; i++)
			if (scale > 1) {
				scale /= 10;
				frac += (__u64)(p[i] - '0') * scale;
			}
		if (p[i - 1] == '.')
			return -1;
	}
	if (i >= len)
		return -1;
	if (p[i] == 'Z' || p[i] == 'z') {
		i++;
	} else if ((p[i] == '+' || p[i] == '-') && i + 6 <= len && p[i + 3] == ':' &&
		   !digits(p + i + 1, 2, &oh) && !digits(p + i + 4, 2, &om) && oh < 24 && om < 60) {
		off = (long long)(oh * 3600 + om * 60) * (p[i] == '-' ? -1 : 1);
		i += 6;
	} else {
		return -1;
	}
	secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - off;
	if (secs < 0)
		return -1;
	*real_ns = (__u64)secs * 1000000000ull + frac;
	return (int)i;
}

void timefmt_local_date(struct wbuf *w, const struct tm *tm)
{
	wbuf_dec_pad(w, (__u64)tm->tm_year + 1900, 4);
	wbuf_ch(w, '-');
	wbuf_dec_pad(w, (__u64)tm->tm_mon + 1, 2);
	wbuf_ch(w, '-');
	wbuf_dec_pad(w, (__u64)tm->tm_mday, 2);
}
