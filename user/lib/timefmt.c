// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L /* gmtime_r, localtime_r under -std=c11 */
#endif
#include <stdio.h>
#include <time.h>

#include "lib/timefmt.h"

/*
 * real_ns is unsigned, so at most year 2554: gmtime_r cannot fail on a
 * 64-bit time_t, but a failure still yields the epoch, never stack garbage.
 */
static void split(__u64 real_ns, int local, struct tm *tm)
{
	time_t sec = (time_t)(real_ns / 1000000000ULL);
	struct tm *r = local ? localtime_r(&sec, tm) : gmtime_r(&sec, tm);

	if (!r) {
		sec = 0;
		gmtime_r(&sec, tm);
	}
}

void timefmt_rfc3339(char *buf, size_t len, __u64 real_ns)
{
	struct tm tm;
	size_t n;

	split(real_ns, 0, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%09lluZ", (unsigned long long)(real_ns % 1000000000ULL));
}

void timefmt_clock(char *buf, size_t len, __u64 real_ns)
{
	struct tm tm;
	size_t n;

	split(real_ns, 1, &tm);
	n = strftime(buf, len, "%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03u", (unsigned int)(real_ns % 1000000000ULL / 1000000));
}
