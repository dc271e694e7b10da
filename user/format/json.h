/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* JSON Lines, the contract in docs/schema.md. */
#ifndef PT_FORMAT_JSON_H
#define PT_FORMAT_JSON_H

#include <stdio.h>
#include "format/health.h"
#include "enrich/record.h"

/*
 * One event as one newline-terminated line, handed to out in a single
 * fwrite. r->e must have passed decode_event (kind and path_len in range).
 */
void json_event(FILE *out, const struct record *r);
/* The same line in memory (newline included), reused by the next call; NULL without memory. */
const char *json_line(const struct record *r, size_t *len);
/* A loss record: events lost since the previous one, and since start. */
void json_lost(FILE *out, __u64 real_ns, __u64 lost, __u64 total);
const char *json_lost_line(__u64 real_ns, __u64 lost, __u64 total, size_t *len);
/* A health record (user/format/health.h), in memory like json_line. */
const char *json_health_line(const struct health *h, size_t *len);

#endif
