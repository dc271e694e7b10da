/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_CAPTURE_HEADER_H
#define PT_CAPTURE_HEADER_H

#include "cli/options.h"
#include "kernel/probe.h"
#include "lib/wbuf.h"

/*
 * A capture's header lines (docs/capture.md): what wrote it (privtrace's
 * version, the host, the kernel, the programs chosen), the clock offset
 * that turns the events' boot times into wall time, the start, the layout
 * of the records and how it was asked for (argv). Values are made of
 * printable bytes: anything else is written as \xHH.
 */
void capture_header(struct wbuf *w, const struct env *env, const struct probe *p, int argc,
		    char **argv);

#endif
