/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * privtrace's own tracer for verify: this binary started again as the live
 * tracer with JSON into a file, and that file read back record by record.
 */
#ifndef PT_VERIFY_TRACE_H
#define PT_VERIFY_TRACE_H

#include <stddef.h>

#include "lib/json_scan.h"
#include "verify/trial.h"

/*
 * Run `privtrace ARGS...` (argv without the program) to its end, stdout
 * into out_fd (-1: /dev/null), stderr into err_path; killed after
 * timeout_s. 0 when it exited 0; else -1 with why said in why.
 */
int trace_run(char *const *args, int out_fd, const char *err_path, int timeout_s, char *why,
	      size_t why_len);

/* The tracer's last line on stderr but its summary: what stopped it. */
void trace_last_words(const char *err_path, char *buf, size_t len);

/* Each JSON line of path from byte from on, parsed, to fn; -1 if the file cannot be read. */
int trace_records(const char *path, long from, void (*fn)(const struct json_val *rec, void *arg),
		  void *arg);

/* path's size now (where a tracer appending to it starts), 0 if none */
long trace_size(const char *path);

/* A record as a verdict cites it: its sequence and what it says, in one line. */
void trace_cite(const struct json_val *rec, struct cited *c);

#endif
