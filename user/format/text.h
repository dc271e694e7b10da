/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The human table: one aligned line per record, safe for a terminal (every
 * string the traced process chose goes through escape_text). Each call
 * appends one newline-terminated line to w; local time of day.
 */
#ifndef PT_FORMAT_TEXT_H
#define PT_FORMAT_TEXT_H

#include "enrich/record.h"
#include "format/health.h"
#include "lib/wbuf.h"

/* TIME PID COMM CONTAINER UID ACTION RESULT DETAIL */
void text_header(struct wbuf *w);
/* r->e must have passed decode_event (kind and path_len in range). */
void text_record(struct wbuf *w, const struct record *r);
/* "HH:MM:SS.mmm LOST 12 events (ring buffer full; 40 since start)" */
void text_lost(struct wbuf *w, __u64 real_ns, __u64 lost, __u64 total);
/* "HH:MM:SS.mmm HEALTH 12 events, 12 written, 0 filtered, 0 lost, 0 dropped by sinks" */
void text_health(struct wbuf *w, const struct health *h);

#endif
