// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "clock.h"
#include "decode.h"
#include "format_json.h"
#include "format_text.h"
#include "loader.h"
#include "privtrace.skel.h"
#include "stream.h"

#define HELD_MAX 4096   /* ~2.5 MiB of events waiting for a container's name */
#define HELD_POLL_MS 10 /* how often held events are looked at again */

struct held {
	struct pt_event e;
	__u64 real_ns;
	__u64 deadline_ns; /* monotonic: goes out by then, named or not */
};

static void flush(struct stream *st)
{
	if (fflush(st->out) && !st->write_error)
		st->write_error = errno ? errno : EIO;
}

/* filter -> format -> sink */
static void emit(struct stream *st, const struct record *r)
{
	if (!filter_pass(&st->filter, r)) {
		st->filtered++;
		return;
	}
	summary_add(&st->sum, r->e);
	if (st->json)
		json_event(st->out, r);
	else
		text_event(st->out, r);
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
		struct enricher *en, const struct filter *filter, unsigned long hold_ms)
{
	memset(st, 0, sizeof(*st));
	st->skel = skel;
	st->out = out;
	st->json = json;
	st->en = en;
	st->filter = *filter;
	st->hold_ns = hold_ms * 1000000ULL;
	st->rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_sample, st, NULL);
	if (!st->rb) {
		fprintf(stderr, "privtrace: cannot map the ring buffer: %s\n", strerror(errno));
		return -1;
	}
	if (!json)
		text_header(out);
	return 0;
}

int stream_poll(struct stream *st, int timeout_ms)
{
	int n;

	/* held events wait for a worker's answer, not for the ring buffer */
	if (st->held_count && timeout_ms > HELD_POLL_MS)
		timeout_ms = HELD_POLL_MS;
	n = ring_buffer__poll(st->rb, timeout_ms);
	if (n == -EINTR)
		n = 0;
	enricher_poll(st->en);
	release(st, false, false);
	flush(st);
	return n < 0 ? n : 0;
}

void stream_check_lost(struct stream *st)
{
	unsigned long long total = loader_counter(st->skel, PT_CNT_LOST);
	__u64 now;

	if (total <= st->lost_reported)
		return;
	now = clock_real_now();
	if (st->json)
		json_lost(st->out, now, total - st->lost_reported, total);
	else
		text_lost(st->out, now, total - st->lost_reported, total);
	/* on a terminal the table may be on stdout: say it on stderr too */
	if (st->json)
		fprintf(stderr, "privtrace: %llu events lost (ring buffer full; %llu since start); "
				"a larger --ringbuf-kb or a narrower filter helps\n",
			total - st->lost_reported, total);
	st->lost_reported = total;
	flush(st);
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
}
