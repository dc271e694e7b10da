// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Replay benchmark: how many events a second the user-space pipeline takes
 * on one core, the kernel out of the way.
 *
 *   replay [-n EVENTS] [-o FILE] [-k CAPTURE -j JSON [-K EVENTS]] -- CMD [ARGS]
 *
 * First the events are recorded: privtrace's own BPF programs are loaded as
 * `privtrace run` loads them (the traced tree only, nothing folded), CMD is
 * run in that tree, and every ring buffer sample is kept as the kernel
 * wrote it. Then, pinned to one CPU (worker threads too), the samples are
 * fed again and again through the same code the live tracer runs
 * (stream_sample: decode -> record -> enrich -> filter -> JSON -> a file
 * sink, one batch written per 64 samples as the event loop does), until
 * EVENTS have gone through; each copy's time is moved on by 1 us so that
 * the stream reads as a million events a second would. FILE (default a
 * temporary file) is truncated after every pass over the recording.
 *
 * Prints what was recorded and "replay: N events in S s: R events/s on one
 * core, B bytes of JSON per event". Never a pass/fail.
 *
 * With -k and -j, after the timed pass, EVENTS more (-K, default 1,000,000)
 * go through the same pipeline into a capture (as `privtrace record` writes
 * it) and a JSON file at once: the inputs of `privtrace report`'s benchmark
 * (tests/bench/replay.sh), the same records in both; and the recording
 * once, each event as it was, into CAPTURE.once and JSON.once, whose sizes
 * are compared (copies a microsecond apart compress better than any real
 * stream, in either form).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <bpf/libbpf.h>

#include "enrich/enrich.h"
#include "filter/filter.h"
#include "kernel/loader.h"
#include "lib/clock.h"
#include "pipeline/stream.h"
#include "privtrace.h"
#include "privtrace.skel.h"
#include "sink/capture.h"
#include "sink/sink.h"

#define MAX_RECORDED 50000
#define BATCH 64 /* samples between flushes, as one ring buffer read hands them */

static struct pt_event *rec;
static size_t n_rec;
static unsigned long long kinds[PT_EV_FILE + 1];

static int keep(void *ctx, void *data, size_t size)
{
	(void)ctx;
	if (size != sizeof(*rec) || n_rec == MAX_RECORDED)
		return 0;
	memcpy(&rec[n_rec], data, size);
	if (rec[n_rec].kind <= PT_EV_FILE)
		kinds[rec[n_rec].kind]++;
	n_rec++;
	return 0;
}

static double seconds(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CMD in the traced tree, its events kept. */
static int record(char **argv)
{
	struct loader_cfg cfg = { .run_mode = true, .uid = PT_ID_UNMAPPED, .no_coalesce = true,
				  .ringbuf_kb = 65536 };
	struct privtrace_bpf *skel;
	struct ring_buffer *rb;
	struct probe probe;
	int go[2], status = 0;
	pid_t pid;
	char c = 'g';

	rec = calloc(MAX_RECORDED, sizeof(*rec));
	if (!rec || pipe(go)) {
		perror("replay");
		return -1;
	}
	skel = loader_start(&cfg, &probe);
	if (!skel)
		return -1;
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), keep, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "replay: cannot map the ring buffer: %s\n", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "replay: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(go[0]);
	if (pid < 0 || loader_trace_pid(skel, pid) || write(go[1], &c, 1) != 1) {
		fprintf(stderr, "replay: cannot start %s\n", argv[0]);
		return -1;
	}
	close(go[1]);
	while (waitpid(pid, &status, WNOHANG) == 0)
		ring_buffer__poll(rb, 100);
	ring_buffer__consume(rb);
	fprintf(stderr, "replay: recorded %zu events (%llu capability, %llu credential, "
			"%llu exec, %llu file), %llu lost\n",
		n_rec, kinds[PT_EV_CAP], kinds[PT_EV_CRED], kinds[PT_EV_EXEC], kinds[PT_EV_FILE],
		loader_counter(skel, PT_CNT_LOST));
	ring_buffer__free(rb);
	loader_stop(skel);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "replay: %s failed (status %d)\n", argv[0], status);
		return -1;
	}
	return n_rec ? 0 : -1;
}

/* n of the recorded events, one a microsecond, into a capture and JSON lines at once */
static int keep_for_report(struct enricher *en, const char *cap_path, const char *json_path,
		unsigned long long n, __u64 ts0)
{
	struct capture_opts co = { .path = cap_path, .keep = 1 };
	struct filter filter = { .scope = SCOPE_ALL };
	char spec[4200], err[256];
	struct stream st = { 0 };
	struct sink *sinks[2];
	unsigned long long i;

	snprintf(spec, sizeof(spec), "file:%s", json_path);
	sinks[0] = sink_capture_open(&co, err, sizeof(err));
	sinks[1] = sinks[0] ? sink_open(spec, err, sizeof(err)) : NULL;
	if (!sinks[1]) {
		fprintf(stderr, "replay: %s\n", err);
		return -1;
	}
	sink_capture_header(sinks[0], "format=privtrace capture\nhost=replay\n");
	if (stream_open(&st, NULL, sinks, 2, false, en, &filter, 500))
		return -1;
	for (i = 0; i < n; i++) {
		rec[i % n_rec].task.ts_ns = ts0 + i * 1000;
		stream_sample(&st, &rec[i % n_rec], sizeof(rec[0]));
		if (i % BATCH == BATCH - 1)
			stream_batch_end(&st);
	}
	stream_drain(&st);
	stream_close(&st);
	sink_close(sinks[0], 0);
	sink_close(sinks[1], 0);
	fprintf(stderr, "replay: kept %llu events in %s and %s\n", n, cap_path, json_path);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long target = 3000000, done = 0, keep_n = 1000000;
	const char *out = NULL, *keep_cap = NULL, *keep_json = NULL;
	char tmpl[] = "/tmp/privtrace-replay.XXXXXX", spec[64 + sizeof(tmpl)], err[256];
	struct enrich_cfg ecfg = { .metadata = true, .runtime_timeout_ms = 1000 };
	const char *sockets[] = { "/var/run/docker.sock" };
	struct filter filter = { .scope = SCOPE_ALL };
	struct stream st = { 0 };
	struct enricher *en;
	struct sink *sink;
	unsigned long long bytes = 0;
	cpu_set_t one;
	struct stat sb;
	double t0, c0, wall, cpu;
	__u64 ts0;
	size_t i;
	int opt, fd;

	while ((opt = getopt(argc, argv, "n:o:k:j:K:")) != -1) {
		if (opt == 'n')
			target = strtoull(optarg, NULL, 10);
		else if (opt == 'o')
			out = optarg;
		else if (opt == 'k')
			keep_cap = optarg;
		else if (opt == 'j')
			keep_json = optarg;
		else if (opt == 'K')
			keep_n = strtoull(optarg, NULL, 10);
		else
			return 2;
	}
	if (optind >= argc || !target) {
		fprintf(stderr, "usage: replay [-n EVENTS] [-o FILE] -- CMD [ARGS]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	clock_init();
	if (record(argv + optind))
		return 1;

	/* one core for everything: the pipeline and the enricher's workers */
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &one);
	if (sched_setaffinity(0, sizeof(one), &one))
		perror("replay: sched_setaffinity");
	if (!out) {
		fd = mkstemp(tmpl);
		if (fd < 0) {
			perror("replay: mkstemp");
			return 1;
		}
		close(fd);
		out = tmpl;
	}
	snprintf(spec, sizeof(spec), "file:%.*s", (int)(sizeof(spec) - 6), out);
	ecfg.docker_sockets = sockets;
	ecfg.n_docker_sockets = 1;
	en = enricher_new(&ecfg);
	sink = sink_open(spec, err, sizeof(err));
	if (!en || !sink) {
		fprintf(stderr, "replay: %s\n", sink ? "cannot start the enrich stage" : err);
		return 1;
	}
	fd = open(out, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || stream_open(&st, NULL, &sink, 1, false, en, &filter, 500))
		return 1;

	ts0 = rec[0].task.ts_ns;
	t0 = seconds(CLOCK_MONOTONIC);
	c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
	while (done < target) {
		for (i = 0; i < n_rec && done < target; i++, done++) {
			rec[i].task.ts_ns = ts0 + done * 1000;
			stream_sample(&st, &rec[i], sizeof(rec[i]));
			if (done % BATCH == BATCH - 1)
				stream_batch_end(&st);
		}
		stream_batch_end(&st);
		if (!fstat(fd, &sb))
			bytes += sb.st_size;
		if (ftruncate(fd, 0))
			perror("replay: ftruncate");
	}
	stream_drain(&st);
	wall = seconds(CLOCK_MONOTONIC) - t0;
	cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
	printf("replay: %llu events (%llu written, %llu filtered) in %.2f s (%.2f s of CPU): "
	       "%.0f events/s on one core, %.0f bytes of JSON per event\n",
	       done, st.emitted, st.filtered, wall, cpu, done / wall, (double)bytes / done);
	enricher_print_stats(en, stderr);
	sink_close(sink, 0);
	stream_close(&st);
	if (keep_cap && keep_json) {
		char cap1[4200], json1[4200];

		/* the recording once, as it happened: what sizes are compared on */
		snprintf(cap1, sizeof(cap1), "%s.once", keep_cap);
		snprintf(json1, sizeof(json1), "%s.once", keep_json);
		if (keep_for_report(en, keep_cap, keep_json, keep_n, ts0) ||
		    keep_for_report(en, cap1, json1, n_rec, ts0))
			return 1;
	}
	enricher_free(en);
	close(fd);
	if (out == tmpl)
		unlink(tmpl);
	return 0;
}
