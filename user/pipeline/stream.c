// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "pipeline/stream.h"
#include "event/decode.h"
#include "format/capture.h"
#include "format/json.h"
#include "format/syslog.h"
#include "format/text.h"
#include "kernel/loader.h"
#include "lib/clock.h"
#include "privtrace.skel.h"

#define HELD_MAX 4096   /* ~3 MiB of events waiting for a container's name */
#define HELD_POLL_MS 10 /* how often held events are looked at again */

/*
 * An event waiting for its container's name: the event, and its record as
 * made (what it means is kept; what enrich adds is asked again, since what
 * it points to lasts until its next call only).
 */
struct held {
	struct pt_event e;
	struct record r;
	__u64 deadline_ns; /* monotonic: goes out by then, named or not */
};

/* One message to every sink; a write error of the main output stops the loop. */
static void to_sinks(struct stream *st, const struct sink_msg *m)
{
	int i, rc;

	for (i = 0; i < st->n_sinks; i++) {
		rc = sink_write(st->sinks[i], m);
		if (rc < 0 && !st->write_error)
			st->write_error = -rc;
	}
}

static void flush_sinks(struct stream *st)
{
	int i, rc;

	for (i = 0; i < st->n_sinks; i++) {
		rc = sink_flush(st->sinks[i]);
		if (rc < 0 && !st->write_error)
			st->write_error = -rc;
	}
}

/*
 * The forms the sinks take, made once each. A form that could not be made
 * for want of memory is not handed on: the record is counted as lost in
 * the outputs (unformatted), never sent cut.
 */
static bool made(struct stream *st, struct wbuf *w)
{
	if (!w->oom)
		return true;
	st->unformatted++;
	return false;
}

/* r in one form (make), into w, if a sink takes it (need); false: no memory to make it */
static bool form(struct stream *st, unsigned int need, struct wbuf *w,
		 void (*make)(struct wbuf *, const struct record *), const struct record *r,
		 const char **out, size_t *len)
{
	if (!(st->needs & need))
		return true;
	wbuf_reset(w);
	make(w, r);
	if (!made(st, w))
		return false;
	*out = w->buf;
	*len = w->len;
	return true;
}

/* filter -> format -> sink */
static void emit(struct stream *st, struct record *r)
{
	struct sink_msg m = { .severity = r->severity, .msgid = r->action, .real_ns = r->real_ns };

	if (!filter_pass(&st->filter, r)) {
		st->filtered++;
		return;
	}
	summary_add(&st->sum, r);
	st->emitted++;
	r->seq = ++st->seq;
	if (form(st, SINK_NEEDS_JSON, &st->json, json_record, r, &m.json, &m.json_len) &&
	    form(st, SINK_NEEDS_TEXT, &st->text, text_record, r, &m.text, &m.text_len) &&
	    form(st, SINK_NEEDS_SD, &st->sd, syslog_sd, r, &m.sd, &m.sd_len) &&
	    form(st, SINK_NEEDS_CAPTURE, &st->cap, capture_record, r, &m.cap, &m.cap_len))
		to_sinks(st, &m);
}

/* A metric record (lost, health) in JSON and in the table's words, to every sink. */
static void emit_metric(struct stream *st, const char *msgid, __u64 real_ns)
{
	struct sink_msg m = { .severity = SYSLOG_SEV_INFO, .msgid = msgid, .real_ns = real_ns };

	if (!made(st, &st->json) || !made(st, &st->text))
		return;
	m.json = st->json.buf;
	m.json_len = st->json.len;
	m.text = st->text.buf;
	m.text_len = st->text.len;
	if (st->needs & SINK_NEEDS_CAPTURE) {
		wbuf_reset(&st->cap);
		capture_metric(&st->cap, msgid, real_ns, st->json.buf, st->json.len);
		if (!made(st, &st->cap))
			return;
		m.cap = st->cap.buf;
		m.cap_len = st->cap.len;
	}
	to_sinks(st, &m);
}

/*
 * Write held events from the oldest on, while they are ready: named, or
 * past their deadline (or force: the queue is full, or we are closing).
 */
static void release(struct stream *st, bool force_one, bool force_all)
{
	__u64 now = clock_mono_now();

	while (st->held_count) {
		struct held *h = &st->held[st->held_head];
		bool ready = enrich_record(st->en, &h->r);

		if (!ready && !force_one && !force_all && now < h->deadline_ns)
			break;
		if (!ready)
			st->named_late++;
		emit(st, &h->r);
		force_one = false;
		st->held_head = (st->held_head + 1) % HELD_MAX;
		st->held_count--;
	}
}

static void hold(struct stream *st, struct record *r)
{
	struct held *h;

	if (!st->held) {
		st->held = malloc(HELD_MAX * sizeof(*st->held));
		if (!st->held) { /* no room to wait: out it goes, unnamed */
			st->named_late++;
			emit(st, r);
			return;
		}
	}
	if (st->held_count == HELD_MAX)
		release(st, true, false);
	h = &st->held[(st->held_head + st->held_count) % HELD_MAX];
	h->e = *r->e;
	h->r = *r;
	h->r.e = &h->e;
	h->deadline_ns = clock_mono_now() + st->hold_ns;
	st->held_count++;
}

void stream_sample(struct stream *st, const void *data, size_t size)
{
	const struct pt_cgroup_note *n = decode_cgroup_note(data, size);
	const struct pt_event *e;
	struct record r;

	/* not an event: what the events after it need to be named */
	if (n) {
		enrich_cgroup_note(st->en, n);
		return;
	}
	e = decode_event(data, size);
	if (!e) {
		st->sum.malformed++;
		return;
	}
	st->events++;
	st->folded_reported += e->repeat;
	record_init(&r, e, clock_boot_to_real(e->task.ts_ns));
	/*
	 * Asked even behind a held event (where it waits its turn): a
	 * container first seen there is asked about now, not at its turn.
	 */
	if (enrich_record(st->en, &r) && !st->held_count)
		emit(st, &r);
	else if (!st->hold_ns && !st->held_count)
		emit(st, &r);
	else
		hold(st, &r);
}

void stream_batch_end(struct stream *st)
{
	enricher_poll(st->en);
	release(st, false, false);
	flush_sinks(st);
}

static int on_sample(void *ctx, void *data, size_t size)
{
	stream_sample(ctx, data, size);
	return 0;
}

/* The kernel's count c, or 0 without a kernel (a replay). */
static unsigned long long counter(const struct stream *st, int c)
{
	return st->skel ? loader_counter(st->skel, c) : 0;
}

int stream_open(struct stream *st, struct privtrace_bpf *skel, struct sink **sinks, int n_sinks,
		bool text_main, struct enricher *en, const struct filter *filter,
		unsigned long hold_ms)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int i;

	memset(st, 0, sizeof(*st));
	st->epfd = -1;
	st->skel = skel;
	st->sinks = sinks;
	st->n_sinks = n_sinks;
	st->text_main = text_main;
	for (i = 0; i < n_sinks; i++)
		st->needs |= sink_needs(sinks[i]);
	st->en = en;
	st->filter = *filter;
	st->hold_ns = hold_ms * 1000000ULL;
	if (!skel) {
		flush_sinks(st);
		return 0;
	}
	st->rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_sample, st, NULL);
	if (!st->rb) {
		fprintf(stderr, "privtrace: cannot map the ring buffer: %s\n", strerror(errno));
		return -1;
	}
	/*
	 * The loop waits on an epoll set of its own: the ring buffer's (an
	 * epoll fd is itself pollable) and the wake pipe's read end.
	 */
	if (pipe2(st->wake, O_NONBLOCK | O_CLOEXEC)) {
		fprintf(stderr, "privtrace: cannot set up the event loop: %s\n", strerror(errno));
		return -1;
	}
	st->wake_open = true;
	st->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (st->epfd < 0 ||
	    epoll_ctl(st->epfd, EPOLL_CTL_ADD, ring_buffer__epoll_fd(st->rb), &ev) ||
	    epoll_ctl(st->epfd, EPOLL_CTL_ADD, st->wake[0], &ev)) {
		fprintf(stderr, "privtrace: cannot set up the event loop: %s\n", strerror(errno));
		return -1;
	}
	/* the table's header goes out before the first event */
	flush_sinks(st);
	return 0;
}

int stream_poll(struct stream *st, int timeout_ms)
{
	struct epoll_event ev[2];
	char drain[64];
	int n;

	/* held events wait for a worker's answer, not for the ring buffer */
	if (st->held_count && timeout_ms > HELD_POLL_MS)
		timeout_ms = HELD_POLL_MS;
	if (epoll_wait(st->epfd, ev, 2, timeout_ms) < 0 && errno != EINTR)
		return -errno;
	n = ring_buffer__consume(st->rb);
	while (read(st->wake[0], drain, sizeof(drain)) > 0)
		;
	stream_batch_end(st);
	return n < 0 ? n : 0;
}

void stream_check_lost(struct stream *st)
{
	unsigned long long total = counter(st, PT_CNT_LOST);
	unsigned long long untracked = counter(st, PT_CNT_NO_TASK_STATE);
	unsigned long long notes_lost = counter(st, PT_CNT_NOTE_LOST);
	__u64 now;

	/* a container made then may go unnamed once it is gone */
	if (notes_lost > st->notes_lost_reported) {
		fprintf(stderr, "privtrace: %llu cgroup notes lost (ring buffer full; %llu since "
				"start): containers made then may lose their names once gone\n",
			notes_lost - st->notes_lost_reported, notes_lost);
		st->notes_lost_reported = notes_lost;
	}
	/* rare (no memory for a task's state): said where an operator looks, and in health */
	if (untracked > st->untracked_reported) {
		fprintf(stderr, "privtrace: %llu traced syscalls could not be followed (no per-task "
				"storage: out of memory?; %llu since start): their failures and paths "
				"may be missing\n", untracked - st->untracked_reported, untracked);
		st->untracked_reported = untracked;
	}

	if (total <= st->lost_reported)
		return;
	now = clock_real_now();
	wbuf_reset(&st->json);
	json_lost(&st->json, now, ++st->seq, total - st->lost_reported, total);
	wbuf_reset(&st->text);
	text_lost(&st->text, now, total - st->lost_reported, total);
	emit_metric(st, "lost", now);
	/* the table may be on a terminal, the JSON in a pipe or a sink: say it on stderr too */
	if (!st->text_main)
		fprintf(stderr, "privtrace: %llu events lost (ring buffer full; %llu since start); "
				"a larger --ringbuf-kb or a narrower filter helps\n",
			total - st->lost_reported, total);
	st->lost_reported = total;
	flush_sinks(st);
}

void stream_health(struct stream *st)
{
	struct health h = {
		.real_ns = clock_real_now(),
		.seq = ++st->seq,
		.events = st->events,
		.emitted = st->emitted,
		.filtered = st->filtered,
		.lost = counter(st, PT_CNT_LOST),
		.untracked = counter(st, PT_CNT_NO_TASK_STATE),
		.coalesced = counter(st, PT_CNT_FOLDED),
	};
	int i;

	for (i = 0; i < st->n_sinks && h.n_sinks < HEALTH_MAX_SINKS; i++) {
		struct sink_stats ss;

		sink_stats(st->sinks[i], &ss);
		h.dropped += ss.dropped;
		h.queued += ss.queued;
		/* one per --sink: the main output stops privtrace when it fails, and drops nothing */
		if (sink_is_main(st->sinks[i]))
			continue;
		h.sinks[h.n_sinks++] = (struct health_sink){ .name = sink_name(st->sinks[i]),
			.written = ss.written, .dropped = ss.dropped, .queued = ss.queued, .up = ss.up };
	}
	wbuf_reset(&st->json);
	json_health(&st->json, &h);
	wbuf_reset(&st->text);
	text_health(&st->text, &h);
	emit_metric(st, "health", h.real_ns);
	flush_sinks(st);
	/*
	 * What the sinks still queue, this record included: at exit, what the
	 * summary's "dropped by sinks" adds to this record's (if never sent)
	 */
	st->unsent_at_exit = 0;
	for (i = 0; i < st->n_sinks; i++) {
		struct sink_stats ss;

		sink_stats(st->sinks[i], &ss);
		st->unsent_at_exit += ss.queued;
	}
}

void stream_reopen(struct stream *st)
{
	int i;

	for (i = 0; i < st->n_sinks; i++)
		sink_reopen(st->sinks[i]);
}

int stream_wake_fd(const struct stream *st)
{
	return st->wake[1];
}

void stream_drain(struct stream *st)
{
	if (!st->en)
		return; /* never opened */
	if (st->rb)
		ring_buffer__consume(st->rb);
	enricher_poll(st->en);
	release(st, false, true);
	stream_check_lost(st);
	flush_sinks(st);
}

void stream_close(struct stream *st)
{
	ring_buffer__free(st->rb);
	st->rb = NULL;
	free(st->held);
	st->held = NULL;
	if (st->wake_open) {
		close(st->wake[0]);
		close(st->wake[1]);
		st->wake_open = false;
		if (st->epfd >= 0)
			close(st->epfd);
	}
	wbuf_free(&st->json);
	wbuf_free(&st->text);
	wbuf_free(&st->sd);
	wbuf_free(&st->cap);
}
