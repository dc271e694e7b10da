/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What `privtrace report` reads: captures (format/capture.h, docs/capture.md)
 * and privtrace's JSON lines, plain or gzip'd, told apart by their first
 * bytes. Each file gives its records in file order; user/report/merge.h
 * puts the files' records in time order.
 *
 * Damage is said on stderr, naming the file and the offset, and counted;
 * what can soundly be read is read on: a capture's next good block (found
 * by its magic and checked by its CRCs), a JSON file's next line.
 */
#ifndef PT_REPORT_SOURCE_H
#define PT_REPORT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

enum item_kind {
	ITEM_CAPTURE_EVENT = 1, /* a capture event record: rebuild_capture */
	ITEM_CAPTURE_METRIC,    /* a capture metric record: json is its JSON line */
	ITEM_JSON,              /* a JSON line: an event or a metric record */
};

/* One record as the file has it; p valid until the next source_next. */
struct item {
	enum item_kind kind;
	__u64 real_ns;
	__u64 seq;                /* event.sequence, 0 unknown */
	const char *p;            /* the record's bytes (capture) or the line (JSON, no newline) */
	size_t len;
	const char *json;         /* metric: its JSON line, newline included */
	size_t json_len;
	unsigned long long offset; /* where it is in the file: its block's, or its line's */
	unsigned long long line;   /* JSON: its line number */
};

struct source;

/*
 * Open path and tell what it is; NULL after saying why on stderr (cannot be
 * read, neither a capture nor privtrace's JSON, a capture of a newer format).
 */
struct source *source_open(const char *path);

/* 1 and the next record, 0 at the end. */
int source_next(struct source *s, struct item *it);

const char *source_name(const struct source *s);
/* The header's "key=value" lines (a capture's first), NUL-terminated; NULL for JSON. */
const char *source_header(const struct source *s);
/* Problems said so far (damage, records that could not be read). */
unsigned long long source_problems(const struct source *s);
/* Say a problem with a record it returned (a rebuild refused it); counted. */
void source_problem(struct source *s, const struct item *it, const char *what);

void source_close(struct source *s);

#endif
