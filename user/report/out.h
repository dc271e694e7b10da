/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The report's output: stdout or -w FILE, collected in a buffer and written
 * in large pieces (a timeline of millions of records is written at the
 * speed it is read). Text that came from a record is escaped by whoever
 * puts it here, for the output's own rules.
 */
#ifndef PT_REPORT_OUT_H
#define PT_REPORT_OUT_H

#include <stdbool.h>

#include "lib/wbuf.h"

struct rout {
	struct wbuf w;
	int fd;
	int error;    /* errno of a failed write: nothing more is written */
};

/* path NULL: stdout. 0, or -1 after saying why on stderr. */
int rout_open(struct rout *o, const char *path);
/* Written out if enough is collected. */
void rout_maybe_flush(struct rout *o);
/* Everything written; 0, or the errno of a failed write (said on stderr). */
int rout_close(struct rout *o);

#endif
