// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Captures (user/format/capture.c, user/sink/capture.c, user/report/source.c,
 * user/report/rebuild_capture.c): a record made again from a capture
 * writes the same JSON as the live one; a file cut at any byte gives every
 * record of the whole blocks before the cut and says it was cut; a bad
 * block costs its own records only; rotation leaves files that read alone.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <zlib.h>

#include "fixtures.h"

#include "enrich/userns_map.h"
#include "format/capture.h"
#include "format/json.h"
#include "report/rebuild_capture.h"
#include "report/source.h"
#include "sink/capture.h"

#define T0 1795511046123456789ULL
#define N_RECORDS 3000
#define PER_BLOCK 97

/* The records of the test: kinds, containers, names and hostile bytes in turn. */
static struct sample {
	struct pt_event e;
	struct container ct;
	struct userns_map map;
	struct record r;
} *samples;

static void make_sample(struct sample *s, int i)
{
	switch (i % 6) {
	case 0:
		s->e = base(PT_EV_CAP);
		s->e.cap.cap = CAP_SYS_ADMIN;
		s->e.ret = -EPERM;
		docker_container(&s->ct, "web", "nginx:1.27");
		break;
	case 1:
		rootless_root(&s->e, &s->map);
		docker_container(&s->ct, "rootless", "alpine:3.20");
		break;
	case 2:
		s->e = host_user(PT_EV_FILE, 1000);
		s->e.syscall = PT_SYS_openat;
		s->e.ret = -EACCES;
		set_path(&s->e, HOSTILE, sizeof(HOSTILE));
		memcpy(s->e.task.comm, "\x1b[2Jx\xff", 7);
		break;
	case 3:
		s->e = base(PT_EV_CAP);
		s->e.cap.cap = CAP_NET_RAW;
		s->e.repeat = 41;
		s->e.repeat_first_ns = 1000;
		s->e.task.ts_ns = 5000;
		k8s_container(&s->ct);
		break;
	case 4:
		s->e = base(PT_EV_CRED);
		s->e.syscall = PT_SYS_setuid;
		s->e.change.new_cred = s->e.cred;
		ids(&s->e.change.new_cred.host, 101000, 101000);
		ids(&s->e.change.new_cred.ns, 1000, 1000);
		s->e.change.args[0] = 1000;
		docker_container(&s->ct, "", "");
		s->ct.meta_done = false;
		break;
	default:
		s->e = base(PT_EV_CAP);
		s->e.cap.cap = CAP_DAC_OVERRIDE;
		s->e.task.uid_map.nr_extents = 1;
		s->e.task.uid_map.extent[0] = (struct pt_extent){ 0, 100000, 65536 };
		docker_container(&s->ct, "db", "postgres:16");
		break;
	}
	s->e.task.pid += (__u32)i;
	record_init(&s->r, &s->e, T0 + (__u64)i * 1000);
	if (s->e.repeat)
		s->r.first_real_ns = s->r.real_ns - 4000;
	s->r.seq = (__u64)i + 1;
	userns_map_from_task(&s->e.task, &s->map);
	s->r.map = &s->map;
	if (i % 6 != 2) {
		s->r.ct = &s->ct;
		s->r.cgroup_path = s->ct.cgroup;
		s->r.ns_user = i % 2 ? "root" : NULL;
		s->r.ns_match = i % 3 - 1;
	}
	s->r.host_user = i % 6 == 2 ? "al ice\x1b" : NULL;
}

static int setup(void **state)
{
	int i;

	(void)state;
	samples = calloc(N_RECORDS, sizeof(*samples));
	if (!samples)
		return -1;
	for (i = 0; i < N_RECORDS; i++)
		make_sample(&samples[i], i);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(samples);
	return 0;
}

static void assert_same_json(const struct record *a, const struct record *b)
{
	struct wbuf x = WBUF_INIT, y = WBUF_INIT;

	json_record(&x, a);
	json_record(&y, b);
	assert_int_equal(x.len, y.len);
	assert_memory_equal(x.buf, y.buf, x.len);
	wbuf_free(&x);
	wbuf_free(&y);
}

static void test_round_trip(void **state)
{
	static struct rebuilt b;
	struct wbuf w = WBUF_INIT;
	const char *why = NULL;
	int i;

	(void)state;
	for (i = 0; i < 60; i++) {
		wbuf_reset(&w);
		capture_record(&w, &samples[i].r);
		assert_false(w.oom);
		if (rebuild_capture(w.buf, w.len, &b, &why))
			fail_msg("record %d: %s", i, why);
		assert_same_json(&samples[i].r, &b.r);
		assert_int_equal(b.r.ok, samples[i].r.ok);
		assert_int_equal(b.r.why.code, samples[i].r.why.code);
		/* every cut of a record is refused, never read past */
		for (size_t cut = 0; cut < w.len; cut += 7)
			assert_int_equal(rebuild_capture(w.buf, cut, &b, &why), -1);
	}
	wbuf_free(&w);
}

/* The capture of every sample in blocks of PER_BLOCK records; the file's size after each. */
static char path[] = "/tmp/pt-test-capture-XXXXXX";
static off_t ends[N_RECORDS / PER_BLOCK + 2];
static int n_ends;
static off_t header_end;

static void write_capture(const char *p, unsigned long long rotate, unsigned int keep)
{
	struct capture_opts o = { .path = p, .rotate_bytes = rotate, .keep = keep };
	char err[128];
	struct sink *s = sink_capture_open(&o, err, sizeof(err));
	struct wbuf w = WBUF_INIT;
	struct stat st;
	int i;

	assert_non_null(s);
	sink_capture_header(s, "format=privtrace capture\nhost=test\n");
	n_ends = 0;
	for (i = 0; i < N_RECORDS; i++) {
		struct sink_msg m = { .real_ns = samples[i].r.real_ns };

		wbuf_reset(&w);
		capture_record(&w, &samples[i].r);
		m.cap = w.buf;
		m.cap_len = w.len;
		assert_int_equal(sink_write(s, &m), 0);
		if ((i + 1) % PER_BLOCK == 0 || i + 1 == N_RECORDS) {
			sink_settle(s, 0);
			if (!rotate) {
				assert_int_equal(stat(p, &st), 0);
				ends[n_ends++] = st.st_size;
			}
		}
	}
	assert_int_equal(sink_close(s, 0), 0);
	wbuf_free(&w);
	header_end = 8 + 4 + 4 + (off_t)strlen("format=privtrace capture\nhost=test\n") + 4;
}

/* Every record of the file, checked against its sample; the count. */
static int read_back(const char *p, unsigned long long *problems, bool *opened)
{
	static struct rebuilt b;
	struct source *src;
	struct item it;
	int n = 0;

	*problems = 0;
	src = source_open(p);
	*opened = src != NULL;
	if (!src)
		return 0;
	while (source_next(src, &it) > 0) {
		const char *why;
		__u64 seq;

		assert_int_equal(it.kind, ITEM_CAPTURE_EVENT);
		assert_int_equal(rebuild_capture(it.p, it.len, &b, &why), 0);
		seq = b.r.seq;
		assert_true(seq >= 1 && seq <= N_RECORDS);
		assert_same_json(&samples[seq - 1].r, &b.r);
		n++;
	}
	*problems = source_problems(src);
	source_close(src);
	return n;
}

static void copy_prefix(const char *from, const char *to, off_t len)
{
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	char *buf = malloc((size_t)len + 1);

	assert_true(in >= 0 && out >= 0 && buf);
	assert_int_equal(pread(in, buf, (size_t)len, 0), len);
	assert_int_equal(write(out, buf, (size_t)len), len);
	free(buf);
	close(in);
	close(out);
}

static int whole_before(off_t cut)
{
	int k, n = 0;

	for (k = 0; k < n_ends; k++)
		if (ends[k] <= cut)
			n = (k + 1) * PER_BLOCK < N_RECORDS ? (k + 1) * PER_BLOCK : N_RECORDS;
	return n;
}

static bool at_boundary(off_t cut)
{
	int k;

	if (cut == header_end)
		return true;
	for (k = 0; k < n_ends; k++)
		if (ends[k] == cut)
			return true;
	return false;
}

static void test_whole_file(void **state)
{
	unsigned long long problems;
	bool opened;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(path); /* the sink makes it */
	write_capture(path, 0, 0);
	assert_int_equal(read_back(path, &problems, &opened), N_RECORDS);
	assert_true(opened);
	assert_int_equal(problems, 0);
	assert_true(n_ends > 20);
}

static void test_cut_anywhere(void **state)
{
	char cut_path[64];
	unsigned long long problems;
	unsigned int seed = 12345;
	off_t size = ends[n_ends - 1], cut;
	bool opened;
	int k, j, tried = 0;

	(void)state;
	snprintf(cut_path, sizeof(cut_path), "%s.cut", path);
	for (k = -1; k < n_ends; k++) {
		off_t b = k < 0 ? header_end : ends[k];

		/* at the boundary, just after it, inside the next block's head and data */
		for (j = 0; j < 6; j++) {
			static const off_t deltas[] = { 0, 1, 3, 20, 39, 41 };

			cut = b + deltas[j];
			if (cut > size)
				continue;
			copy_prefix(path, cut_path, cut);
			assert_int_equal(read_back(cut_path, &problems, &opened), whole_before(cut));
			assert_true(opened);
			assert_int_equal(problems != 0, !at_boundary(cut));
			tried++;
		}
	}
	for (j = 0; j < 300; j++) {
		seed = seed * 1103515245u + 12345u;
		cut = (off_t)((seed >> 8) % (unsigned int)size);
		copy_prefix(path, cut_path, cut);
		assert_int_equal(read_back(cut_path, &problems, &opened), whole_before(cut));
		/* inside the header: nothing to read, said, and the file refused */
		if (cut < header_end)
			assert_false(opened);
		else
			assert_int_equal(problems != 0, !at_boundary(cut));
		tried++;
	}
	unlink(cut_path);
	assert_true(tried > 400);
}

static void test_bad_block(void **state)
{
	char bad_path[64];
	unsigned long long problems;
	bool opened;
	int fd, k = n_ends / 2;
	char c;

	(void)state;
	snprintf(bad_path, sizeof(bad_path), "%s.bad", path);
	copy_prefix(path, bad_path, ends[n_ends - 1]);
	/* a byte in the middle of block k's data */
	fd = open(bad_path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &c, 1, (ends[k - 1] + ends[k]) / 2), 1);
	c ^= 0x5a;
	assert_int_equal(pwrite(fd, &c, 1, (ends[k - 1] + ends[k]) / 2), 1);
	close(fd);
	assert_int_equal(read_back(bad_path, &problems, &opened), N_RECORDS - PER_BLOCK);
	assert_true(problems >= 1);
	/* a block head's byte: the reader finds the next good block */
	fd = open(bad_path, O_RDWR);
	assert_int_equal(pread(fd, &c, 1, ends[k + 2] + 5), 1);
	c ^= 0x01;
	assert_int_equal(pwrite(fd, &c, 1, ends[k + 2] + 5), 1);
	close(fd);
	assert_int_equal(read_back(bad_path, &problems, &opened), N_RECORDS - 2 * PER_BLOCK);
	assert_true(problems >= 2);
	unlink(bad_path);
}

static void test_not_a_capture(void **state)
{
	char p[64];
	unsigned long long problems;
	bool opened;
	__u32 v = CAP_FORMAT_VERSION + 1;
	int fd;

	(void)state;
	snprintf(p, sizeof(p), "%s.new", path);
	copy_prefix(path, p, ends[n_ends - 1]);
	fd = open(p, O_RDWR);
	assert_int_equal(pwrite(fd, &v, 4, 8), 4);
	close(fd);
	assert_int_equal(read_back(p, &problems, &opened), 0);
	assert_false(opened);
	fd = open(p, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "PK\3\4garbage", 11), 11);
	close(fd);
	assert_int_equal(read_back(p, &problems, &opened), 0);
	assert_false(opened);
	unlink(p);
}

/* A second recording appended to the first: its header is found and skipped, both read. */
static void test_appended(void **state)
{
	char p[64];
	unsigned long long problems;
	bool opened;

	(void)state;
	snprintf(p, sizeof(p), "%s.twice", path);
	write_capture(p, 0, 0);
	write_capture(p, 0, 0);
	assert_int_equal(read_back(p, &problems, &opened), 2 * N_RECORDS);
	assert_int_equal(problems, 0);
	unlink(p);
}

/* A newer recording appended to an older one: the older read, the rest refused and said. */
static void test_appended_newer(void **state)
{
	char p[64];
	unsigned long long problems;
	bool opened;
	__u32 v = CAP_FORMAT_VERSION + 1;
	struct stat st;
	int fd;

	(void)state;
	snprintf(p, sizeof(p), "%s.newer", path);
	write_capture(p, 0, 0);
	assert_int_equal(stat(p, &st), 0);
	write_capture(p, 0, 0);
	fd = open(p, O_RDWR);
	assert_int_equal(pwrite(fd, &v, 4, st.st_size + 8), 4);
	close(fd);
	assert_int_equal(read_back(p, &problems, &opened), N_RECORDS);
	assert_int_equal(problems, 1);
	unlink(p);
}

/*
 * Heads with good CRCs claiming more data than deflate could make of their
 * records: refused at once, never CRC'd over the rest of the file (which
 * would make a crafted file cost time quadratic in its size).
 */
static void test_crafted_heads(void **state)
{
	char p[64];
	unsigned long long problems;
	bool opened;
	int fd, i;

	(void)state;
	snprintf(p, sizeof(p), "%s.crafted", path);
	copy_prefix(path, p, header_end);
	fd = open(p, O_WRONLY | O_APPEND);
	for (i = 0; i < 20000; i++) {
		struct cap_block_head h = { .magic = CAP_BLOCK_MAGIC, .raw_len = 100, .n_records = 1,
					    .comp_len = (20000u - (__u32)i - 1) * 40 };

		h.head_crc = (__u32)crc32(0, (const Bytef *)&h, offsetof(struct cap_block_head, head_crc));
		assert_int_equal(write(fd, &h, sizeof(h)), sizeof(h));
	}
	close(fd);
	assert_int_equal(read_back(p, &problems, &opened), 0);
	assert_true(opened);
	assert_true(problems >= 1);
	unlink(p);
}

static void test_rotation(void **state)
{
	char p[64], q[80];
	unsigned long long problems;
	bool opened;
	int total = 0, i, files = 0;

	(void)state;
	snprintf(p, sizeof(p), "%s.rot", path);
	write_capture(p, 16 * 1024, 1000);
	for (i = 0; i < 1000; i++) {
		if (i)
			snprintf(q, sizeof(q), "%s.%d", p, i);
		else
			snprintf(q, sizeof(q), "%s", p);
		if (access(q, F_OK))
			break;
		total += read_back(q, &problems, &opened);
		assert_true(opened);
		assert_int_equal(problems, 0);
		files++;
		unlink(q);
	}
	assert_true(files > 3);
	assert_int_equal(total, N_RECORDS);
	/* --keep 2: the oldest go */
	write_capture(p, 16 * 1024, 2);
	snprintf(q, sizeof(q), "%s.3", p);
	assert_int_not_equal(access(q, F_OK), 0);
	snprintf(q, sizeof(q), "%s.2", p);
	assert_int_equal(access(q, F_OK), 0);
	unlink(q);
	snprintf(q, sizeof(q), "%s.1", p);
	unlink(q);
	unlink(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_whole_file),
		cmocka_unit_test(test_cut_anywhere),
		cmocka_unit_test(test_bad_block),
		cmocka_unit_test(test_not_a_capture),
		cmocka_unit_test(test_appended),
		cmocka_unit_test(test_appended_newer),
		cmocka_unit_test(test_crafted_heads),
		cmocka_unit_test(test_rotation),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);

	unlink(path);
	return rc;
}
