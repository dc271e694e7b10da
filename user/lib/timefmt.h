/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Wall-clock times as the two output formats show them. */
#ifndef PT_TIMEFMT_H
#define PT_TIMEFMT_H

#include <stddef.h>
#include <linux/types.h>

/* Enough for either form, with room for a five-digit year. */
#define TIMEFMT_LEN 40

/* RFC 3339 UTC with nanoseconds, "2026-11-24T09:14:06.123456789Z" (JSON @timestamp). */
void timefmt_rfc3339(char *buf, size_t len, __u64 real_ns);
/* Local time of day with milliseconds, "09:14:06.123" (the text table). */
void timefmt_clock(char *buf, size_t len, __u64 real_ns);

#endif
