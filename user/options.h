/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_OPTIONS_H
#define PT_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "probe.h"

enum output_format { OUT_AUTO = 0, OUT_TEXT, OUT_JSON };

/* Everything the command line sets, with the defaults of options_init(). */
struct env {
	enum output_format output;
	const char *write_path;     /* NULL: stdout */
	unsigned long duration_s;   /* 0: until a signal */
	bool denied_only;
	bool all_caps;
	bool verbose;
	bool exit_now;              /* --help or --version was printed */
	bool probe;                 /* --probe: print what the kernel offers, exit */
	struct backend_want backend; /* --backend FAMILY=KIND; all auto */
	unsigned int uid;           /* PT_ID_UNMAPPED: any */
	const char *cgroup_path;    /* NULL: any */
	unsigned long ringbuf_kb;
	char **run_argv;            /* `run -- CMD ARGS...`, NULL-terminated; NULL: system-wide */
};

#define PT_DEFAULT_RINGBUF_KB 8192UL /* ~14,000 events of ~600 bytes */

void options_init(struct env *env);

/*
 * Parse argv into env. Returns 0 on success, 1 when help or the version was
 * printed (exit 0), -1 on bad input after printing one clear line to err.
 */
int options_parse(struct env *env, int argc, char **argv, FILE *err);

/* Strict numeric parsing: the whole string, in range, no sign surprises. */
int parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *out);

#endif
