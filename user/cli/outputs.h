/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Where records go, from the options: the main output (stdout, or --write
 * PATH; text or JSON) and the --sink list (user/sink/sink.h). Any --sink replaces
 * stdout unless `--sink stdout` is among them.
 */
#ifndef PT_OUTPUTS_H
#define PT_OUTPUTS_H

#include <stdbool.h>
#include <stdio.h>
#include "cli/options.h"
#include "sink/sink.h"

struct outputs {
	FILE *out;                     /* NULL: sinks only */
	bool json;                     /* out gets JSON lines, not the table */
	struct sink *sinks[MAX_SINKS];
	int n_sinks;
};

/* Open everything env names; on failure say which and why on stderr, and return -1. */
int outputs_open(struct outputs *o, const struct env *env);

/*
 * Flush and close (network sinks get flush_ms to send what is queued); adds
 * to *dropped what the sinks dropped since start. -1 if --write failed to close.
 */
int outputs_close(struct outputs *o, const struct env *env, int flush_ms,
		  unsigned long long *dropped);

#endif
