/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* `privtrace verify --watch DURATION`: the containers' own activity, traced, judged. */
#ifndef PT_VERIFY_WATCH_H
#define PT_VERIFY_WATCH_H

#include "verify/verdict.h"

#define VERIFY_SOCKETS_MAX 8  /* --docker-socket options */
#define VERIFY_WATCH_NAMED 16 /* containers the tracer is told by id; more: all of them */

/*
 * Trace s[0..n-1] for seconds with privtrace's own tracer, asking the
 * runtimes at sockets for names, its records appended to records (NULL: a
 * file of its own, removed after); fills each s[i].watch. -1 if the tracer
 * failed (said on stderr).
 */
int watch_run(struct subject *s, int n, int seconds, const char *const *sockets, int n_sockets,
	      const char *records);

#endif
