/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Times as the outputs write them. The calendar part is worked out once a
 * second (per thread) and kept: a flood of records in the same second costs
 * one gmtime_r / localtime_r, not one each.
 */
#ifndef PT_TIMEFMT_H
#define PT_TIMEFMT_H

#include <stddef.h>
#include <linux/types.h>

#include "lib/wbuf.h"

#define TIMEFMT_LEN 40

/* RFC 3339 UTC with nanoseconds: 2026-11-24T09:14:06.123456789Z */
void timefmt_rfc3339(struct wbuf *w, __u64 real_ns);
/* RFC 3339 UTC with microseconds, as RFC 5424 allows at most */
void timefmt_rfc3339_us(struct wbuf *w, __u64 real_ns);
/* local date: 2026-11-24 (tm: localtime_r's of the time) */
struct tm;
void timefmt_local_date(struct wbuf *w, const struct tm *tm);
/* local time of day with milliseconds: 09:14:06.123 */
void timefmt_clock(struct wbuf *w, __u64 real_ns);

/*
 * An RFC 3339 time (a 'T', 't' or space between date and time; a fraction
 * of any length, kept to the nanosecond; 'Z' or an offset) at p[0..len):
 * the bytes it took, or -1 if it is not one. No locale, no time zone file.
 */
int timefmt_parse_rfc3339(const char *p, size_t len, __u64 *real_ns);

#endif
