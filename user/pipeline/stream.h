/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_STREAM_H
#define PT_STREAM_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/wbuf.h"
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
 * and health accounting beside it. Every output is a sink (user/sink/sink.h:
 * the main output, stdout or --write, and every --sink); each record is
 * formatted once in every form some sink takes (JSON, the table's line,
 * syslog structured data) and handed to all of them; what is collected is
 * written after every batch of events.
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
	struct sink **sinks;      /* the caller's: the main output among them, if any */
	int n_sinks;
	unsigned int needs;       /* SINK_NEEDS_* of all of them */
	bool text_main;           /* the main output is the table (perhaps on a terminal) */
	struct wbuf json, text, sd, cap; /* a record's forms, made once, reused */
	struct enricher *en;
	struct filter filter;
	__u64 hold_ns;
	struct held *held;        /* ring of held events, HELD_MAX slots */
	unsigned int held_head, held_count;
	struct summary sum;
	unsigned long long events;     /* decoded from the ring buffer */
	unsigned long long emitted;    /* went to the outputs */
	__u64 seq;                     /* the last event.sequence given: every record written has one */
	unsigned long long filtered;   /* left out by --container/--containers-only/--host-only */
	unsigned long long named_late; /* went out before their container's name came */
	unsigned long long lost_reported;
	unsigned long long untracked_reported; /* PT_CNT_NO_TASK_STATE said on stderr */
	unsigned long long notes_lost_reported; /* PT_CNT_NOTE_LOST said on stderr */
	unsigned long long folded_reported;    /* events the repeat records read stand for */
	unsigned long long unformatted;        /* records with no memory to format them in */
	unsigned long long unsent_at_exit;     /* queued for sinks after the last health record */
	int write_error;          /* errno of a failed write to the main output, 0 if none */
	int wake[2];              /* a pipe in the poll set: a byte written ends a wait */
	bool wake_open;           /* wake and epfd are open */
	int epfd;                 /* the poll set: the ring buffer's epoll fd and wake[0] */
};

/*
 * en, filter and sinks belong to the caller and must outlive the stream;
 * text_main: the main output is the table (a loss is then said there, not
 * again on stderr); hold_ms 0 never holds. skel NULL: no kernel, events
 * come from stream_sample alone (a replay).
 */
int stream_open(struct stream *st, struct privtrace_bpf *skel, struct sink **sinks, int n_sinks,
		bool text_main, struct enricher *en, const struct filter *filter,
		unsigned long hold_ms);

/* One ring buffer sample, as the kernel wrote it, through the pipeline. */
void stream_sample(struct stream *st, const void *data, size_t size);
/* After a batch of samples: the workers' answers taken, held events let go, sinks flushed. */
void stream_batch_end(struct stream *st);

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

/* What is left out: the ring buffer read, held events written, losses reported, sinks flushed. */
void stream_drain(struct stream *st);

/* Free what the stream holds (after stream_drain; a stream never opened is fine too). */
void stream_close(struct stream *st);

#endif
