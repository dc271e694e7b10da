/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_STREAM_H
#define PT_STREAM_H

#include <stdbool.h>
#include <stdio.h>
#include "summary.h"

struct privtrace_bpf;
struct ring_buffer;

/* ring buffer -> decode -> format -> sink, and the loss accounting beside it. */
struct stream {
	struct privtrace_bpf *skel;
	struct ring_buffer *rb;
	FILE *out;
	bool json;
	struct summary sum;
	unsigned long long lost_reported;
	int write_error;          /* errno of a failed write to out, 0 if none */
};

int stream_open(struct stream *st, struct privtrace_bpf *skel, FILE *out, bool json);

/* Wait up to timeout_ms for events and write them; <0 on a real error. */
int stream_poll(struct stream *st, int timeout_ms);

/* Report losses the BPF side counted since the last call. */
void stream_check_lost(struct stream *st);

/* Drain what is left, report losses, close. */
void stream_close(struct stream *st);

#endif
