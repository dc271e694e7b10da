/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * --timeline: the matching records in time order. Text as the live tracer
 * prints them (its table, a line when the day changes); JSON as the live
 * records, byte for byte (a JSON line read is written as it was; a capture
 * record is formatted by the live formatter); CSV with one row per record.
 */
#ifndef PT_REPORT_TIMELINE_H
#define PT_REPORT_TIMELINE_H

#include <stdbool.h>

#include "enrich/record.h"
#include "lib/wbuf.h"

enum timeline_form { TL_TEXT, TL_JSON, TL_CSV };

struct timeline {
	enum timeline_form form;
	bool started;
	long long day;      /* the local day of the last text line */
};

void timeline_init(struct timeline *t, enum timeline_form form);
/* line: the record's JSON line as read (no newline), NULL if it came from a capture. */
void timeline_record(struct timeline *t, struct wbuf *w, const struct record *r, const char *line,
		     size_t line_len);
/* A loss record, in text: the gap said where it happened. */
void timeline_lost(struct timeline *t, struct wbuf *w, __u64 real_ns, __u64 lost, __u64 total);

#endif
