/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Where records go, from the options: every output a sink (user/sink/sink.h).
 * The main output (stdout, or --write PATH; the table or JSON lines) and
 * the --sink list; any --sink replaces stdout unless `--sink stdout` is
 * among them. `record` makes -w a capture (user/sink/capture.h).
 */
#ifndef PT_OUTPUTS_H
#define PT_OUTPUTS_H

#include <stdbool.h>

#include "cli/options.h"
#include "sink/sink.h"

struct outputs {
	struct sink *sinks[MAX_SINKS + 1]; /* the main output, if any, first */
	int n_sinks;
	bool text_main;                    /* the main output is the table */
	struct sink *capture;              /* `record`: the capture, also among sinks */
};

/* Open everything env names; on failure say which and why on stderr, and return -1. */
int outputs_open(struct outputs *o, const struct env *env);

/* Everything collected written, what is queued for peers sent: at most timeout_ms. */
void outputs_settle(struct outputs *o, int timeout_ms);

/*
 * Flush and close (network sinks get flush_ms to send what is queued); adds
 * to *dropped what the sinks dropped since start.
 */
void outputs_close(struct outputs *o, int flush_ms, unsigned long long *dropped);

#endif
