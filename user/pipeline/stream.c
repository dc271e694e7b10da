// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "lib/clock.h"
#include "event/decode.h"
#include "format/json.h"
#include "format/text.h"
#include "kernel/loader.h"
#include "event/names.h"
#include "privtrace.skel.h"
#include "pipeline/stream.h"

#define HELD_MAX 4096   /* ~2.5 MiB of events waiting for a container's name */
#define HELD_POLL_MS 10 /* how often held events are looked at again */

struct held {
	struct pt_event e;
	__u64 real_ns;
	__u64 deadline_ns; /* monotonic: goes out by then, named or not */
};

static void flush(struct stream *st)
{
	if (st->out && fflush(st->out) && !st->write_error)
		st->write_error = errno ? errno : EIO;
}

/* RFC 5424 severity by outcome: a denial or refused change warns, the rest is a notice. */
static int severity_of(const struct pt_event *e)
{
	return event_success(e) ? SINK_SEV_NOTICE : SINK_SEV_WARNING;
}

/* One formatted record to every sink; a sink's trouble is its own (counted there). */
static void to_sinks(struct stream *st, const struct sink_msg *m)
{
	int i;

	for (i = 0; i < st->n_sinks; i++)
		sink_write(st->sinks[i], m);
}

/* filter -> format -> sink */
static void emit(struct stream *st, const struct record *r)
{
	struct sink_msg m = { .r = r, .real_ns = r->real_ns };
	size_t len = 0;

	if (!filter_pass(&st->filter, r)) {
		st->filtered++;
		return;
	}
	summary_add(&st->sum, r->e);
	st->emitted++;
	if (st->out && !st->json)
		text_event(st->out, r);
	if ((st->out && st->json) || st->n_sinks) {
		m.json = json_line(r, &len);
		if (!m.json) { /* no memory to format in: the main output still gets it */
			if (st->out && st->json)
				json_event(st->out, r);
			return;
		}
		if (st->out && st->json)
			fwrite(m.json, 1, len, st->out);
		m.json_len = len - 1; /* without the newline */
		m.severity = severity_of(r->e);
		m.msgid = event_action(r->e);
		to_sinks(st, &m);
	}
}

/* A metric record already formatted as a JSON line (newline included) to the sinks. */
static void metric_to_sinks(struct stream *st, const char *line, size_t len, const char *msgid,
			    __u64 real_ns)
{
	struct sink_msg m = {
		.json = line, .json_len = len - 1, .severity = SINK_SEV_INFO, .msgid = msgid,
		.real_ns = real_ns,
	};

	if (line && len)
		to_sinks(st, &m);
}

/*
 * Write held events from the oldest on, while they are ready: named, or
 * past their deadline (or force: the queue is full, or we are closing).
 */
static void release(struct stream *st, bool force_one, bool force_all)
{
	__u64 now = clock_mono_now();
	struct record r;

	while (st->held_count) {
		struct held *h = &st->held[st->held_head];
		bool ready;

		record_init(&r, &h->e, h->real_ns);
		ready = enrich_record(st->en, &r);
		if (!ready && !force_one && !force_all && now < h->deadline_ns)
			break;
		if (!ready)
			st->named_late++;
		emit(st, &r);
		force_one = false;
		st->held_head = (st->held_head + 1) % HELD_MAX;
		st->held_count--;
	}
}

static void hold(struct stream *st, const struct pt_event *e, __u64 real_ns)
{
	struct record r;
	struct held *h;

	if (!st->held) {
		st->held = malloc(HELD_MAX * sizeof(*st->held));
		if (!st->held) { /* no room to wait: out it goes, unnamed */
			record_init(&r, e, real_ns);
			enrich_record(st->en, &r);
			st->named_late++;
			emit(st, &r);
			return;
		}
	}
	if (st->held_count == HELD_MAX)
		release(st, true, false);
	h = &st->held[(st->held_head + st->held_count) % HELD_MAX];
	h->e = *e;
	h->real_ns = real_ns;
	h->deadline_ns = clock_mono_now() + st->hold_ns;
	st->held_count++;
	/* a container first seen behind the queue's head is asked about now, not at its turn */
	record_init(&r, e, real_ns);
	enrich_record(st->en, &r);
}

static int on_sample(void *ctx, void *data, size_t size)
{
	struct stream *st = ctx;
	const struct pt_event *e = decode_event(data, size);
	struct record r;
	__u64 real;

	if (!e) {
		st->sum.malformed++;
		return 0;
	}
	st->events++;
	st->folded_reported += e->repeat;
	real = clock_boot_to_real(e->task.ts_ns);
	/* behind a held event, every event waits its turn */
	if (st->held_count) {
		hold(st, e, real);
		return 0;
	}
	record_init(&r, e, real);
	if (enrich_record(st->en, &r) || !st->hold_ns)
		emit(st, &r);
	else
		hold(st, e, real);
	return 0;
}

int stream_open(struct stream *st, struct privtrace_bpf *skel, FILE *out, bool json,
		struct sink **sinks, int n_sinks, struct enricher *en, const struct filter *filter,
		unsigned long hold_ms)
{
	struct epoll_event ev = { .events = EPOLLIN };

	memset(st, 0, sizeof(*st));
	st->epfd = -1;
	st->skel = skel;
	st->out = out;
	st->json = json;
	st->sinks = sinks;
	st->n_sinks = n_sinks;
	st->en = en;
	st->filter = *filter;
	st->hold_ns = hold_ms * 1000000ULL;
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
	if (out && !json)
		text_header(out);
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
	enricher_poll(st->en);
	release(st, false, false);
	flush(st);
	return n < 0 ? n : 0;
}

void stream_check_lost(struct stream *st)
{
	unsigned long long total = loader_counter(st->skel, PT_CNT_LOST);
	unsigned long long untracked = loader_counter(st->skel, PT_CNT_NO_TASK_STATE);
	const char *line;
	size_t len = 0;
	__u64 now;

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
	if (st->out && st->json)
		json_lost(st->out, now, total - st->lost_reported, total);
	else if (st->out)
		text_lost(st->out, now, total - st->lost_reported, total);
	line = json_lost_line(now, total - st->lost_reported, total, &len);
	metric_to_sinks(st, line, len, "lost", now);
	/* the table may be on a terminal, the JSON in a pipe or a sink: say it on stderr too */
	if (!st->out || st->json)
		fprintf(stderr, "privtrace: %llu events lost (ring buffer full; %llu since start); "
				"a larger --ringbuf-kb or a narrower filter helps\n",
			total - st->lost_reported, total);
	st->lost_reported = total;
	flush(st);
}

unsigned long long stream_sink_dropped(struct stream *st)
{
	unsigned long long n = 0;
	struct sink_stats ss;
	int i;

	for (i = 0; i < st->n_sinks; i++) {
		sink_stats(st->sinks[i], &ss);
		n += ss.dropped;
	}
	return n;
}

void stream_health(struct stream *st)
{
	struct health h = {
		.real_ns = clock_real_now(),
		.events = st->events,
		.emitted = st->emitted,
		.filtered = st->filtered,
		.lost = loader_counter(st->skel, PT_CNT_LOST),
		.untracked = loader_counter(st->skel, PT_CNT_NO_TASK_STATE),
		.coalesced = loader_counter(st->skel, PT_CNT_FOLDED),
		.n_sinks = st->n_sinks,
	};
	const char *line;
	size_t len = 0;
	int i;

	for (i = 0; i < st->n_sinks && i < HEALTH_MAX_SINKS; i++) {
		struct sink_stats ss;

		sink_stats(st->sinks[i], &ss);
		h.sinks[i] = (struct health_sink){ .name = sink_name(st->sinks[i]),
			.written = ss.written, .dropped = ss.dropped, .queued = ss.queued, .up = ss.up };
		h.dropped += ss.dropped;
	}
	line = json_health_line(&h, &len);
	if (st->out && st->json && line)
		fwrite(line, 1, len, st->out);
	else if (st->out && !st->json)
		text_health(st->out, &h);
	metric_to_sinks(st, line, len, "health", h.real_ns);
	flush(st);
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

void stream_close(struct stream *st)
{
	if (st->rb) {
		ring_buffer__consume(st->rb);
		enricher_poll(st->en);
		release(st, false, true);
		stream_check_lost(st);
		flush(st);
	}
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
}
