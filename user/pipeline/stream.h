/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_STREAM_H
#define PT_STREAM_H

#include <stdbool.h>
#include <stdio.h>
#include "enrich/enrich.h"
#include "filter/filter.h"
#include "format/health.h"
#include "sink/sink.h"
#include "pipeline/summary.h"

struct privtrace_bpf;
struct ring_buffer;
struct held;

/*
 * ring buffer -> decode -> enrich -> filter -> format -> sink, and the loss
 * and health accounting beside it. The main output (out: stdout or --write,
 * text or JSON) and every --sink (user/sink/sink.h) get each record, formatted
 * once.
 *
 * A container seen for the first time is named by its runtime a little
 * later (a worker thread asks it). So that its first events carry its name,
 * events are held, in arrival order, until their container's metadata has
 * come or hold_ns has passed, whichever is first; while anything is held,
 * later events queue behind it (order is kept). The queue is bounded: when
 * full, the oldest event goes out with what is known. Nothing is dropped.
 */
struct stream {
	struct privtrace_bpf *skel;
	struct ring_buffer *rb;
	FILE *out;                /* NULL: the sinks replace stdout */
	bool json;                /* out gets JSON, not the table */
	struct sink **sinks;      /* the caller's */
	int n_sinks;
	struct enricher *en;
	struct filter filter;
	__u64 hold_ns;
	struct held *held;        /* ring of held events, HELD_MAX slots */
	unsigned int held_head, held_count;
	struct summary sum;
	unsigned long long events;     /* decoded from the ring buffer */
	unsigned long long emitted;    /* went to the outputs */
	unsigned long long filtered;   /* left out by --container/--containers-only/--host-only */
	unsigned long long named_late; /* went out before their container's name came */
	unsigned long long lost_reported;
	unsigned long long untracked_reported; /* PT_CNT_NO_TASK_STATE said on stderr */
	unsigned long long folded_reported;    /* events the repeat records read stand for */
	int write_error;          /* errno of a failed write to out, 0 if none */
	int wake[2];              /* a pipe in the poll set: a byte written ends a wait */
	bool wake_open;           /* wake and epfd are open */
	int epfd;                 /* the poll set: the ring buffer's epoll fd and wake[0] */
};

/*
 * en, filter and sinks belong to the caller and must outlive the stream;
 * out may be NULL (sinks only); hold_ms 0 never holds.
 */
int stream_open(struct stream *st, struct privtrace_bpf *skel, FILE *out, bool json,
		struct sink **sinks, int n_sinks, struct enricher *en, const struct filter *filter,
		unsigned long hold_ms);

/* Wait up to timeout_ms for events and write them; <0 on a real error. */
int stream_poll(struct stream *st, int timeout_ms);

/*
 * The fd whose write (one byte, from a signal handler too) ends the current
 * or next stream_poll() wait at once: a signal or a child's exit is acted on
 * without waiting out the timeout.
 */
int stream_wake_fd(const struct stream *st);

/* Report losses the BPF side counted since the last call. */
void stream_check_lost(struct stream *st);

/* A health record to every output (user/format/health.h). */
void stream_health(struct stream *st);

/* SIGHUP: the sinks reopen their files. */
void stream_reopen(struct stream *st);

/* Records the sinks dropped, all together, since start. */
unsigned long long stream_sink_dropped(struct stream *st);

/* Drain what is left (held events too), report losses, close. */
void stream_close(struct stream *st);

#endif
