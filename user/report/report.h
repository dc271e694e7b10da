/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * `privtrace report [OPTIONS] FILE...`: captures and JSON lines read
 * (user/report/source.h), put in time order (merge.h), the records rebuilt
 * (rebuilt.h), asked (query.h), and shown: a summary per container
 * (summary.h), a table by any keys (by.h), the records in time order
 * (timeline.h), or one HTML page (html.h).
 */
#ifndef PT_REPORT_H
#define PT_REPORT_H

#include <linux/types.h>

/* What was read, for every view's head. */
struct report_info {
	char *const *files;
	int n_files;
	const char *asked;            /* the query's options as given, "" if none */
	unsigned long long read;      /* records read (events and metrics) */
	unsigned long long events_read;
	unsigned long long problems;  /* damage and records refused, said on stderr */
	unsigned long long late;      /* records out of time order past the merge's window */
	const char *hosts;            /* the captures' hosts, ", "-joined; "" for JSON alone */
};

/* The subcommand: argv[0] is "report". Exit status: 0, 1 if some input was damaged, 2 on error. */
int report_main(int argc, char **argv);

#endif
