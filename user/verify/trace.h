/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * privtrace's own tracer for verify: this binary started again as the live
 * tracer with JSON into a file, and that file read back record by record.
 */
#ifndef PT_VERIFY_TRACE_H
#define PT_VERIFY_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/json_scan.h"
#include "verify/trial.h"

/*
 * One tracer run's files: a private directory (mkdtemp in $TMPDIR, else
 * /tmp), the records (the file --records named, appended to; else one in
 * the directory) and the tracer's stderr.
 */
struct trace_files {
	char base[256], records[300], err[300];
	bool own_records; /* records is base's, removed with it */
	long from;        /* where this run's records start in it */
};

/* -1 (said on stderr, what names the caller) if the directory cannot be made */
int trace_files_make(struct trace_files *t, const char *records, const char *what);
/* records and err removed (records only if its own), then the directory; what is left is said */
void trace_files_remove(struct trace_files *t);
/* "-o json -w RECORDS" into args: how many */
int trace_args_json(char **args, struct trace_files *t);

/*
 * Run `privtrace ARGS...` (argv without the program) to its end, stdout
 * into out_fd (-1: /dev/null), stderr into err_path; killed after
 * timeout_s. 0 when it exited 0; else -1 with why in why, the tracer's
 * own last line on stderr with it.
 */
int trace_run(char *const *args, int out_fd, const char *err_path, int timeout_s, char *why,
	      size_t why_len);

/* Each JSON line of path from byte from on, parsed, to fn; -1 if the file cannot be read. */
int trace_records(const char *path, long from, void (*fn)(const struct json_val *rec, void *arg),
		  void *arg);

/* path's size now (where a tracer appending to it starts), 0 if none */
long trace_size(const char *path);

/* A record as a verdict cites it: its sequence and what it says, in one line. */
void trace_cite(const struct json_val *rec, struct cited *c);

#endif
