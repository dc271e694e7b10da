/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The human table: one aligned line per event, safe for a terminal (every
 * string the traced process chose goes through escape_text).
 */
#ifndef PT_FORMAT_TEXT_H
#define PT_FORMAT_TEXT_H

#include <stdio.h>
#include "format/health.h"
#include "enrich/record.h"

/* TIME PID COMM CONTAINER UID ACTION RESULT DETAIL */
void text_header(FILE *out);
/*
 * One event, newline-terminated, in a single fwrite; local time of day.
 * r->e must have passed decode_event (kind and path_len in range).
 */
void text_event(FILE *out, const struct record *r);
/* The same line in memory (newline included), reused by the next call; NULL without memory. */
const char *text_line(const struct record *r, size_t *len);
/* "HH:MM:SS.mmm LOST 12 events (ring buffer full; 40 since start)" */
void text_lost(FILE *out, __u64 real_ns, __u64 lost, __u64 total);
/* "HH:MM:SS.mmm HEALTH 12 events, 12 written, 0 filtered, 0 lost, 0 dropped by sinks" */
void text_health(FILE *out, const struct health *h);

#endif
