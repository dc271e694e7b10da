// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "clock.h"
#include "decode.h"
#include "format_json.h"
#include "format_text.h"
#include "loader.h"
#include "privtrace.skel.h"
#include "stream.h"

static int on_sample(void *ctx, void *data, size_t size)
{
	struct stream *st = ctx;
	const struct pt_event *e = decode_event(data, size);
	__u64 real;

	if (!e) {
		st->sum.malformed++;
		return 0;
	}
	summary_add(&st->sum, e);
	real = clock_boot_to_real(e->task.ts_ns);
	if (st->json)
		json_event(st->out, e, real);
	else
		text_event(st->out, e, real);
	return 0;
}

int stream_open(struct stream *st, struct privtrace_bpf *skel, FILE *out, bool json)
{
	memset(st, 0, sizeof(*st));
	st->skel = skel;
	st->out = out;
	st->json = json;
	st->rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_sample, st, NULL);
	if (!st->rb) {
		fprintf(stderr, "privtrace: cannot map the ring buffer: %s\n", strerror(errno));
		return -1;
	}
	if (!json)
		text_header(out);
	return 0;
}

static void flush(struct stream *st)
{
	if (fflush(st->out) && !st->write_error)
		st->write_error = errno ? errno : EIO;
}

int stream_poll(struct stream *st, int timeout_ms)
{
	int n = ring_buffer__poll(st->rb, timeout_ms);

	if (n == -EINTR)
		n = 0;
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
		stream_check_lost(st);
		flush(st);
	}
	ring_buffer__free(st->rb);
	st->rb = NULL;
}
