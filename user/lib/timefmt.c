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
