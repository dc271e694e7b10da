// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The container cache (user/enrich/containers.c) on a fake cgroup tree and /proc,
 * with fake runtimes: one that answers, one that takes 2 s, one that fails.
 * What matters: containers_get() never waits, the bounds hold, and exited
 * containers are forgotten.
 */
#include "fake_cgroups.h"

#include <poll.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "enrich/containers.h"

#define A "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define B "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define UID "6f1b3a2c-9d4e-4f5a-8b7c-1d2e3f4a5b6c"

static struct fake f;
static struct containers *cs;
static struct containers_stats st;
static int calls;

static int answer(void *arg, const struct container *c, struct ct_meta *out)
{
	(void)arg;
	__atomic_fetch_add(&calls, 1, __ATOMIC_SEQ_CST);
	snprintf(out->name, sizeof(out->name), "n-%.8s", c->id);
	strcpy(out->image, "busybox");
	return 0;
}

static int slow(void *arg, const struct container *c, struct ct_meta *out)
{
	sleep(2);
	return answer(arg, c, out);
}

static int failing(void *arg, const struct container *c, struct ct_meta *out)
{
	answer(arg, c, out);
	return -1;
}

/* overruns every buffer: what comes back must still be strings */
static int sloppy(void *arg, const struct container *c, struct ct_meta *out)
{
	(void)arg;
	(void)c;
	memset(out, 'x', sizeof(*out));
	return 0;
}

static struct containers *make(unsigned int max, unsigned int queue,
			       int (*query)(void *, const struct container *, struct ct_meta *))
{
	struct containers_cfg cfg = {
		.max_entries = max,
		.max_queue = queue,
		.query = query,
		.cgroup_root = f.cg,
		.proc_root = f.proc,
	};

	cs = containers_new(&cfg);
	assert_non_null(cs);
	return cs;
}

static int setup(void **state)
{
	(void)state;
	fake_init(&f);
	calls = 0;
	cs = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	containers_free(cs);
	fake_cleanup(&f);
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* wait on containers_fd as the event loop would, until n answers applied */
static int wait_results(int n, double timeout_s)
{
	double end = now_s() + timeout_s;
	struct pollfd p = { .fd = containers_fd(cs), .events = POLLIN };
	int got = 0;

	while (got < n && now_s() < end) {
		if (poll(&p, 1, 100) > 0)
			got += containers_poll(cs);
	}
	return got;
}

static __u64 docker(const char *id, unsigned int pid)
{
	char rel[128], line[160];
	__u64 cg;

	snprintf(rel, sizeof(rel), "docker/%s", id);
	cg = fake_cgroup(&f, rel);
	snprintf(line, sizeof(line), "0::/docker/%s\n", id);
	fake_proc(&f, pid, line, 1000 + pid);
	return cg;
}

/* an id that differs from A in the last two hex digits */
static const char *nth_id(int i)
{
	static char id[65];

	snprintf(id, sizeof(id), "%.62s%02x", A, i);
	return id;
}

static void test_host(void **state)
{
	__u64 ssh = fake_cgroup(&f, "system.slice/ssh.service");

	(void)state;
	make(0, 0, answer);
	fake_proc(&f, 10, "0::/system.slice/ssh.service\n", 1);
	assert_null(containers_get(cs, ssh, 10));
	fake_proc_gone(&f, 10);
	/* by id: any pid, even a gone one */
	assert_null(containers_get(cs, ssh, 11));
	containers_stats(cs, &st);
	assert_int_equal(st.lookups, 2);
	assert_int_equal(st.misses, 1);
	assert_int_equal(st.meta_requests, 0);
}

static void test_metadata(void **state)
{
	const struct container *c;
	__u64 id = docker(A, 20);

	(void)state;
	make(0, 0, answer);
	c = containers_get(cs, id, 20);
	assert_non_null(c);
	assert_int_equal(c->runtime, CT_RT_DOCKER);
	assert_string_equal(c->id, A);
	assert_string_equal(c->cgroup, "/docker/" A);
	assert_false(c->meta_done);
	assert_int_equal(wait_results(1, 3), 1);
	c = containers_get(cs, id, 20);
	assert_true(c->meta_done);
	assert_string_equal(c->meta.name, "n-01234567");
	assert_string_equal(c->meta.image, "busybox");
	/* nothing more comes */
	assert_int_equal(containers_poll(cs), 0);
	containers_stats(cs, &st);
	assert_int_equal(st.meta_requests, 1);
	assert_int_equal(st.meta_results, 1);
	assert_int_equal(st.meta_failed, 0);
	assert_int_equal(st.misses, 1);
	assert_int_equal(calls, 1);
}

static void test_slow_runtime(void **state)
{
	const struct container *c;
	__u64 a = docker(A, 30), b = docker(B, 31);
	double t0;

	(void)state;
	make(0, 0, slow);
	t0 = now_s();
	c = containers_get(cs, a, 30);
	assert_non_null(c);
	assert_false(c->meta_done);
	c = containers_get(cs, b, 31);
	assert_non_null(c);
	assert_false(c->meta_done);
	assert_int_equal(containers_poll(cs), 0);
	/* the runtime takes 2 s per answer: none of it was waited for */
	assert_true(now_s() - t0 < 0.5);
	assert_int_equal(wait_results(1, 4), 1);
	assert_true(containers_get(cs, a, 30)->meta_done);
	assert_false(containers_get(cs, b, 31)->meta_done);
	/* free joins the worker while it is in a query */
}

static void test_failing_runtime(void **state)
{
	const struct container *c;
	__u64 id = docker(A, 40);

	(void)state;
	make(0, 0, failing);
	assert_false(containers_get(cs, id, 40)->meta_done);
	assert_int_equal(wait_results(1, 3), 1);
	c = containers_get(cs, id, 40);
	assert_true(c->meta_done);
	/* a failed query's half-written answer is not kept */
	assert_string_equal(c->meta.name, "");
	containers_stats(cs, &st);
	assert_int_equal(st.meta_failed, 1);
	assert_int_equal(st.meta_results, 1);
}

static void test_sloppy_runtime(void **state)
{
	const struct container *c;
	__u64 id = docker(A, 41);

	(void)state;
	make(0, 0, sloppy);
	containers_get(cs, id, 41);
	assert_int_equal(wait_results(1, 3), 1);
	c = containers_get(cs, id, 41);
	assert_int_equal(strlen(c->meta.name), CT_NAME_LEN - 1);
	assert_int_equal(strlen(c->meta.k8s_container), CT_NAME_LEN - 1);
}

static void test_no_runtime(void **state)
{
	__u64 id = docker(A, 42);

	(void)state;
	make(0, 0, NULL);
	assert_true(containers_get(cs, id, 42)->meta_done);
	assert_int_equal(containers_poll(cs), 0);
}

static void test_queue_full(void **state)
{
	const struct container *c;
	__u64 ids[3];
	int i;

	(void)state;
	make(0, 1, slow);
	for (i = 0; i < 3; i++)
		ids[i] = docker(nth_id(i), 50 + i);
	/* one slot: the first request takes it, the others are dropped */
	for (i = 0; i < 3; i++) {
		c = containers_get(cs, ids[i], 50 + i);
		assert_non_null(c);
		assert_int_equal(c->meta_done, i > 0);
	}
	containers_stats(cs, &st);
	assert_int_equal(st.meta_requests, 1);
	assert_int_equal(st.meta_dropped, 2);
}

static void test_same_container_asked_once(void **state)
{
	const struct container *c;
	__u64 top = docker(A, 60);
	__u64 sub = fake_cgroup(&f, "docker/" A "/init.scope");

	(void)state;
	fake_proc(&f, 61, "0::/docker/" A "/init.scope\n", 1);
	make(0, 0, answer);
	assert_false(containers_get(cs, top, 60)->meta_done);
	c = containers_get(cs, sub, 61);
	assert_string_equal(c->id, A);
	assert_false(c->meta_done);
	assert_int_equal(wait_results(1, 3), 1);
	assert_string_equal(containers_get(cs, top, 60)->meta.name, "n-01234567");
	assert_string_equal(containers_get(cs, sub, 61)->meta.name, "n-01234567");
	/* a third cgroup later gets the answer at once */
	fake_cgroup(&f, "docker/" A "/x");
	fake_proc(&f, 62, "0::/docker/" A "/x\n", 1);
	c = containers_get(cs, fake_cgroup(&f, "docker/" A "/x"), 62);
	assert_true(c->meta_done);
	assert_string_equal(c->meta.name, "n-01234567");
	containers_stats(cs, &st);
	assert_int_equal(st.meta_requests, 1);
	assert_int_equal(calls, 1);
}

static void test_eviction(void **state)
{
	__u64 ids[5];
	int i;

	(void)state;
	make(3, 0, NULL);
	for (i = 0; i < 5; i++)
		ids[i] = docker(nth_id(i), 70 + i);
	for (i = 0; i < 3; i++)
		assert_non_null(containers_get(cs, ids[i], 70 + i));
	/* 0 used again: 1 is now the least recently used */
	assert_non_null(containers_get(cs, ids[0], 70));
	assert_non_null(containers_get(cs, ids[3], 73));
	containers_stats(cs, &st);
	assert_int_equal(st.evictions, 1);
	assert_int_equal(st.misses, 4);
	assert_non_null(containers_get(cs, ids[0], 70));
	assert_non_null(containers_get(cs, ids[2], 72));
	containers_stats(cs, &st);
	assert_int_equal(st.misses, 4);
	/* 1 was dropped: asked again, it costs a miss and evicts 3 */
	assert_string_equal(containers_get(cs, ids[1], 71)->id, nth_id(1));
	containers_stats(cs, &st);
	assert_int_equal(st.misses, 5);
	assert_int_equal(st.evictions, 2);
	containers_get(cs, ids[4], 74);
	containers_stats(cs, &st);
	assert_int_equal(st.evictions, 3);
}

static void test_host_bound(void **state)
{
	struct containers_cfg cfg = {
		.max_hosts = 4,
		.cgroup_root = f.cg,
		.proc_root = f.proc,
	};
	__u64 root = fake_root_id(&f);
	unsigned int pid;

	(void)state;
	cs = containers_new(&cfg);
	assert_non_null(cs);
	/* hybrid host: every process in the v2 root is its own answer */
	for (pid = 100; pid < 110; pid++) {
		fake_proc(&f, pid, "9:name=systemd:/user.slice\n0::/\n", pid);
		assert_null(containers_get(cs, root, pid));
	}
	containers_stats(cs, &st);
	assert_true(st.host_evictions >= 6);
	assert_null(containers_get(cs, root, 109));
	containers_stats(cs, &st);
	assert_int_equal(st.misses, 10);
}

static void test_sweep(void **state)
{
	__u64 a = docker(A, 80), b = docker(B, 81);

	(void)state;
	make(0, 0, NULL);
	assert_non_null(containers_get(cs, a, 80));
	assert_non_null(containers_get(cs, b, 81));
	containers_sweep(cs);
	containers_stats(cs, &st);
	assert_int_equal(st.swept, 0);
	/* A exits: its cgroup goes, its pid stays listed (a zombie, say) */
	fake_rmdir(&f, "docker/" A);
	containers_sweep(cs);
	containers_stats(cs, &st);
	assert_int_equal(st.swept, 1);
	/* B is still known; A is asked again and found gone: host, cached */
	assert_non_null(containers_get(cs, b, 81));
	assert_null(containers_get(cs, a, 80));
	assert_null(containers_get(cs, a, 80));
	containers_stats(cs, &st);
	assert_int_equal(st.misses, 3);
	assert_int_equal(st.unresolved, 0);
}

static void test_v1_containers(void **state)
{
	const struct container *c;
	__u64 root = fake_root_id(&f);

	(void)state;
	make(0, 0, answer);
	/* a runtime on v1 only: same v2 id for all, the pid tells them apart */
	fake_proc(&f, 90, "9:name=systemd:/docker/" A "\n8:pids:/docker/" A "\n0::/\n", 9000);
	fake_proc(&f, 91, "9:name=systemd:/\n8:pids:/\n0::/\n", 9100);
	fake_proc(&f, 92, "9:name=systemd:/docker/" A "\n0::/\n", 9200);
	c = containers_get(cs, root, 90);
	assert_non_null(c);
	assert_string_equal(c->id, A);
	assert_null(containers_get(cs, root, 91));
	assert_non_null(containers_get(cs, root, 92));
	assert_int_equal(wait_results(1, 3), 1);
	assert_true(containers_get(cs, root, 90)->meta_done);
	assert_true(containers_get(cs, root, 92)->meta_done);
	containers_stats(cs, &st);
	assert_int_equal(st.misses, 3);
	assert_int_equal(st.meta_requests, 1);
	/* pid 90 exits and is reused by a host process: noticed by the sweep */
	fake_proc(&f, 90, "9:name=systemd:/\n0::/\n", 9999);
	fake_proc_gone(&f, 91);
	containers_sweep(cs);
	containers_stats(cs, &st);
	assert_int_equal(st.swept, 2);
	assert_null(containers_get(cs, root, 90));
	assert_non_null(containers_get(cs, root, 92));
	/* a process gone before it was looked at: no answer, none cached */
	assert_null(containers_get(cs, root, 93));
	containers_stats(cs, &st);
	assert_int_equal(st.misses, 5);
}

static void test_pid_gone(void **state)
{
	const struct container *c;
	__u64 a = fake_cgroup(&f, "kubepods/burstable/pod" UID "/" A);
	__u64 b = fake_cgroup(&f, "docker/" B);
	__u64 gone = fake_cgroup(&f, "docker/gone");

	(void)state;
	fake_rmdir(&f, "docker/gone");
	make(0, 0, answer);
	/* the process exited before its event was read: found in the tree */
	c = containers_get(cs, a, 12345);
	assert_non_null(c);
	assert_int_equal(c->runtime, CT_RT_CONTAINERD);
	assert_string_equal(c->id, A);
	assert_string_equal(c->pod_uid, UID);
	/* a second one within the second: not now, and not cached either */
	assert_null(containers_get(cs, b, 12346));
	containers_stats(cs, &st);
	assert_int_equal(st.unresolved, 1);
	usleep(1100 * 1000);
	assert_non_null(containers_get(cs, b, 12346));
	usleep(1100 * 1000);
	/* a cgroup that is gone: host, and remembered */
	assert_null(containers_get(cs, gone, 12347));
	assert_null(containers_get(cs, gone, 12347));
	containers_stats(cs, &st);
	assert_int_equal(st.misses, 4);
	assert_int_equal(st.unresolved, 1);
	assert_int_equal(wait_results(2, 3), 2);
}

/*
 * The kernel's notes (struct pt_cgroup_note): a container made after the
 * start, gone before its events are read (no directory, no process), is
 * still the container its path names; its removal forgets the path, a
 * rename replaces it, a path that is not canonical is not taken.
 */
static void test_kernel_notes(void **state)
{
	__u64 a = fake_cgroup(&f, "docker/" A), b = fake_cgroup(&f, "docker/" B);
	const struct container *c;

	(void)state;
	make(0, 0, NULL);
	containers_note(cs, a, "/docker/" A);
	containers_note(cs, b, "/docker/" B);
	containers_note(cs, 999999, "/docker/../etc");
	fake_rmdir(&f, "docker/" A);
	fake_rmdir(&f, "docker/" B);
	/* pid 70 never had a /proc entry: nothing but the note can tell */
	c = containers_get(cs, a, 70);
	assert_non_null(c);
	assert_string_equal(c->id, A);
	assert_string_equal(c->cgroup, "/docker/" A);
	containers_stats(cs, &st);
	assert_int_equal(st.notes, 3);
	assert_int_equal(st.notes_unused, 1);
	assert_int_equal(st.noted, 2);
	assert_int_equal(st.unresolved, 0);
	/*
	 * removed: no longer counted, but still named for a while (events
	 * read before the removal may be held for the name, then asked again)
	 */
	containers_note(cs, b, NULL);
	containers_stats(cs, &st);
	assert_int_equal(st.noted, 1);
	c = containers_get(cs, b, 71);
	assert_non_null(c);
	assert_string_equal(c->id, B);
	/* renamed: the cached answer for the old path goes with it */
	containers_note(cs, a, "/system.slice/moved.service");
	assert_null(containers_get(cs, a, 70));
	containers_note(cs, a, NULL);
	containers_stats(cs, &st);
	assert_int_equal(st.noted, 0);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_host),
		T(test_metadata),
		T(test_slow_runtime),
		T(test_failing_runtime),
		T(test_sloppy_runtime),
		T(test_no_runtime),
		T(test_queue_full),
		T(test_same_container_asked_once),
		T(test_eviction),
		T(test_host_bound),
		T(test_sweep),
		T(test_v1_containers),
		T(test_pid_gone),
		T(test_kernel_notes),
	};

	return cmocka_run_group_tests_name("containers", tests, NULL, NULL);
}
