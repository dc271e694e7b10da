/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * JSON Lines, the contract in docs/schema.md: each call appends one record,
 * newline-terminated, to w (lib/wbuf.h). r->e must have passed decode_event
 * (kind and path_len in range).
 */
#ifndef PT_FORMAT_JSON_H
#define PT_FORMAT_JSON_H

#include "enrich/record.h"
#include "format/health.h"
#include "lib/wbuf.h"

/* The ECS release the records conform to (ecs.version); tests/schema/ecs has its field list. */
#define PT_ECS_VERSION "9.4.0"

void json_record(struct wbuf *w, const struct record *r);
/* A loss record, event.sequence seq: events lost since the previous one, and since start. */
void json_lost(struct wbuf *w, __u64 real_ns, __u64 seq, __u64 lost, __u64 total);
/* A health record (format/health.h). */
void json_health(struct wbuf *w, const struct health *h);
/*
 * A sink's own record of what it could not hand on: n since the last, total
 * since start. Outside event.sequence: it goes to that sink alone.
 */
void json_dropped(struct wbuf *w, const char *sink_name, unsigned long long n,
		  unsigned long long total, __u64 real_ns);

#endif
