// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cgroup id -> path (user/enrich/cgroup_resolve.c) on a fake tree and /proc, then
 * on the real cgroup2 mount with a process we move into a cgroup of ours.
 */
#include "fake_cgroups.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "enrich/cgroup_resolve.h"

#define A "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define B "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

static struct fake f;
static struct cgroup_resolver *r;
static struct cgroup_where w;

static int setup(void **state)
{
	(void)state;
	fake_init(&f);
	r = cgroup_resolver_new(f.cg, f.proc);
	return r ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	cgroup_resolver_free(r);
	fake_cleanup(&f);
	return 0;
}

static int mount_of(const char *text, char *dir, size_t size, bool *v1)
{
	FILE *m = fmemopen((void *)text, strlen(text), "r");
	int ret = cgroup_v2_mount(m, dir, size, v1);

	fclose(m);
	return ret;
}

static void test_mountinfo(void **state)
{
	char dir[64];
	bool v1;

	(void)state;
	/* this machine: hybrid */
	assert_int_equal(mount_of(
		"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
		"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
		"40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
		"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n",
		dir, sizeof(dir), &v1), 0);
	assert_string_equal(dir, "/sys/fs/cgroup/unified");
	assert_true(v1);
	/* pure v2, with optional fields */
	assert_int_equal(mount_of(
		"25 1 0:22 / / rw shared:1 - ext4 /dev/vda rw\n"
		"30 25 0:26 / /sys/fs/cgroup rw,nosuid shared:9 master:2 - cgroup2 cgroup2 rw,nsdelegate\n",
		dir, sizeof(dir), &v1), 0);
	assert_string_equal(dir, "/sys/fs/cgroup");
	assert_false(v1);
	/* a subtree bind mount first: the whole tree is preferred */
	assert_int_equal(mount_of(
		"50 25 0:26 /docker/x /mnt/sub rw - cgroup2 cgroup2 rw\n"
		"51 25 0:26 / /mnt/my\\040cg rw - cgroup2 cgroup2 rw\n"
		"52 25 0:26 / /mnt/later rw - cgroup2 cgroup2 rw\n",
		dir, sizeof(dir), &v1), 0);
	assert_string_equal(dir, "/mnt/my cg");
	/* ... but taken when it is all there is */
	assert_int_equal(mount_of("50 25 0:26 /docker/x /mnt/sub rw - cgroup2 cgroup2 rw\n",
				  dir, sizeof(dir), &v1), 0);
	assert_string_equal(dir, "/mnt/sub");
	assert_int_equal(mount_of("32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n",
				  dir, sizeof(dir), &v1), -ENOENT);
	assert_true(v1);
	assert_int_equal(mount_of("", dir, sizeof(dir), &v1), -ENOENT);
	assert_int_equal(mount_of("garbage\n - \n1 2 3\n\n", dir, sizeof(dir), &v1), -ENOENT);
	assert_int_equal(mount_of("51 25 0:26 / /a/very/long/mount/point/beyond/the/buffer/"
				  "we/gave/it/for/sure/now rw - cgroup2 cgroup2 rw\n",
				  dir, sizeof(dir), &v1), -ENAMETOOLONG);
}

static void test_from_pid(void **state)
{
	__u64 id = fake_cgroup(&f, "docker/" A);

	(void)state;
	fake_proc(&f, 100, "0::/docker/" A "\n", 5);
	assert_int_equal(cgroup_resolve(r, id, 100, &w), 0);
	assert_string_equal(w.path, "/docker/" A);
	assert_true(w.by_id);
	assert_false(w.truncated);
	/* (a) cached: the process may be gone now */
	fake_proc_gone(&f, 100);
	memset(&w, 0x5a, sizeof(w));
	assert_int_equal(cgroup_resolve(r, id, 100, &w), 0);
	assert_string_equal(w.path, "/docker/" A);
	assert_true(w.by_id);
	assert_true(cgroup_alive(r, id, w.path, false));
	assert_false(cgroup_alive(r, id + 1, w.path, false));
}

/* run first in a fresh resolver: the scan is allowed once a second */
static void test_reused_pid_and_scan(void **state)
{
	__u64 a = fake_cgroup(&f, "docker/" A);
	__u64 b = fake_cgroup(&f, "docker/" B);
	__u64 gone;

	(void)state;
	fake_cgroup(&f, "system.slice/ssh.service");
	/* pid 200 is in A now, the event was from B: the tree says B */
	fake_proc(&f, 200, "0::/docker/" A "\n", 5);
	assert_int_equal(cgroup_resolve(r, b, 200, &w), 0);
	assert_string_equal(w.path, "/docker/" B);
	assert_true(w.by_id);
	/* the second scan within a second is refused, then allowed */
	gone = fake_cgroup(&f, "gone");
	fake_rmdir(&f, "gone");
	assert_int_equal(cgroup_resolve(r, gone, 0, &w), -EAGAIN);
	usleep(1100 * 1000);
	assert_int_equal(cgroup_resolve(r, gone, 0, &w), -ENOENT);
	/* A from its own pid needs no scan */
	assert_int_equal(cgroup_resolve(r, a, 200, &w), 0);
	assert_string_equal(w.path, "/docker/" A);
}

static void test_scan_depth(void **state)
{
	char rel[256] = "d";
	__u64 deep;
	int i;

	(void)state;
	for (i = 0; i < 17; i++)
		strcat(rel, "/d");
	deep = fake_cgroup(&f, rel);
	/* 18 levels: beyond the bound, so "not found" is not a verdict */
	assert_int_equal(cgroup_resolve(r, deep, 0, &w), -ENOBUFS);
	usleep(1100 * 1000);
	rel[strlen(rel) - 4] = 0;
	deep = fake_cgroup(&f, rel);
	assert_int_equal(cgroup_resolve(r, deep, 0, &w), 0);
	assert_string_equal(w.path + 1, rel);
}

static void test_v1_fallback(void **state)
{
	__u64 root = fake_root_id(&f);

	(void)state;
	/* a runtime that uses v1 only: the task sits in the v2 root */
	fake_proc(&f, 300, "12:pids:/docker/" A "\n11:name=systemd:/docker/" A "\n"
		  "4:cpu,cpuacct:/docker/" A "\n0::/\n", 4242);
	assert_int_equal(cgroup_resolve(r, root, 300, &w), 0);
	assert_string_equal(w.path, "/docker/" A);
	assert_false(w.by_id);
	assert_int_equal(w.start_time, 4242);
	assert_true(cgroup_pid_alive(r, 300, 4242));
	assert_false(cgroup_pid_alive(r, 300, 4243));
	assert_false(cgroup_pid_alive(r, 301, 4242));
	/* preference: name=systemd, pids, memory, cpu; "/" says nothing */
	fake_proc(&f, 301, "9:name=systemd:/\n8:cpu:/c\n7:memory:/m\n0::/\n", 1);
	assert_int_equal(cgroup_resolve(r, root, 301, &w), 0);
	assert_string_equal(w.path, "/m");
	/* the host */
	fake_proc(&f, 302, "9:name=systemd:/\n8:pids:/\n0::/\n", 1);
	assert_int_equal(cgroup_resolve(r, root, 302, &w), 0);
	assert_string_equal(w.path, "/");
	assert_false(w.by_id);
	/* v2 only: the root is the host's, by id */
	fake_proc(&f, 303, "0::/\n", 1);
	assert_int_equal(cgroup_resolve(r, root, 303, &w), 0);
	assert_string_equal(w.path, "/");
	assert_true(w.by_id);
	/* the root with no process: not to be cached, v1 may tell otherwise */
	assert_int_equal(cgroup_resolve(r, root, 0, &w), 0);
	assert_string_equal(w.path, "/");
	assert_false(w.by_id);
	/* the pid moved out of the root since: not its answer */
	fake_proc(&f, 304, "9:name=systemd:/docker/" A "\n0::/docker/x\n", 1);
	assert_int_equal(cgroup_resolve(r, root, 304, &w), 0);
	assert_string_equal(w.path, "/");
	assert_false(w.by_id);
}

static void test_hostile_proc(void **state)
{
	__u64 a = fake_cgroup(&f, "docker/" A);
	__u64 b = fake_cgroup(&f, "docker/" B);
	__u64 root = fake_root_id(&f), c;
	char *big;

	(void)state;
	/* a line longer than any path is skipped, the rest still read */
	big = malloc(20000);
	assert_non_null(big);
	memset(big, 'x', 20000);
	memcpy(big, "7:memory:/", 10);
	strcpy(big + 19000, "\n:::\nnonsense\n99999999999999999999999:pids:/p\n5\n0::/docker/" A "\n");
	fake_proc(&f, 400, big, 1);
	free(big);
	assert_int_equal(cgroup_resolve(r, a, 400, &w), 0);
	assert_string_equal(w.path, "/docker/" A);

	/* a newline in a v1 name forges a 0:: line before the real one: the
	 * forged path is not B's directory, so B comes from the tree */
	fake_proc(&f, 401, "4:memory:/docker/" B "/x\n0::/docker/" A "\n0::/docker/" B "\n", 1);
	assert_int_equal(cgroup_resolve(r, b, 401, &w), 0);
	assert_string_equal(w.path, "/docker/" B);
	/* a ".." path that stat()s as B but reads as A is not believed */
	fake_proc(&f, 402, "0::/docker/" A "/../" B "\n", 1);
	{
		struct cgroup_resolver *r2 = cgroup_resolver_new(f.cg, f.proc);

		assert_non_null(r2);
		assert_int_equal(cgroup_resolve(r2, b, 402, &w), 0);
		assert_string_equal(w.path, "/docker/" B);
		cgroup_resolver_free(r2);
	}
	/* forged later lines of a hierarchy already seen do not count */
	fake_proc(&f, 403, "9:name=systemd:/docker/" A "/x\n9:name=systemd:/y\n"
		  "8:pids:/\n0::/\n", 1);
	assert_int_equal(cgroup_resolve(r, root, 403, &w), 0);
	assert_string_equal(w.path, "/docker/" A "/x");
	/* an empty or binary file says nothing (and the scan waits a second) */
	c = fake_cgroup(&f, "docker/c");
	fake_proc(&f, 404, "", 1);
	fake_proc(&f, 405, "\x01\x02\xff:\xfe:\n0:", 1);
	assert_int_equal(cgroup_resolve(r, c, 404, &w), -EAGAIN);
	assert_int_equal(cgroup_resolve(r, c, 405, &w), -EAGAIN);
	fake_proc(&f, 406, "0::/docker/c\n", 1);
	assert_int_equal(cgroup_resolve(r, c, 406, &w), 0);
	assert_string_equal(w.path, "/docker/c");
}

static void test_long_path(void **state)
{
	char rel[1200];
	size_t n;
	char line[1300];
	__u64 id;

	(void)state;
	n = (size_t)snprintf(rel, sizeof(rel), "docker/%s", A);
	while (n < 1000)
		n += (size_t)snprintf(rel + n, sizeof(rel) - n, "/abcdefghijklmnopqrstuvwxyz");
	id = fake_cgroup(&f, rel);
	snprintf(line, sizeof(line), "0::/%s\n", rel);
	fake_proc(&f, 500, line, 1);
	assert_int_equal(cgroup_resolve(r, id, 500, &w), 0);
	assert_true(w.by_id);
	assert_true(w.truncated);
	n = strlen(w.path);
	assert_true(n < CT_PATH_LEN);
	assert_memory_equal(w.path + 1, rel, n - 1);
	assert_int_equal(rel[n - 1], '/');
	/* a truncated path is an ancestor: alive while it exists */
	assert_true(cgroup_alive(r, id, w.path, true));
	assert_false(cgroup_alive(r, id, w.path, false));
}

/* The real thing: a process of ours in a cgroup of ours on this kernel. */
static void test_real_cgroup2(void **state)
{
	struct cgroup_resolver *live;
	char dir[PATH_MAX], path[PATH_MAX + 96], rel[64], pidbuf[16];
	bool v1;
	struct stat st;
	pid_t child;
	int p[2], fd;
	FILE *m;
	char c;

	(void)state;
	m = fopen("/proc/self/mountinfo", "r");
	if (!m || geteuid() != 0 || cgroup_v2_mount(m, dir, sizeof(dir), &v1)) {
		if (m)
			fclose(m);
		skip();
	}
	fclose(m);
	snprintf(rel, sizeof(rel), "/pt-unit-%d", (int)getpid());
	snprintf(path, sizeof(path), "%s%s", dir, rel);
	if (mkdir(path, 0755))
		skip();
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(pipe(p), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[0]);
	snprintf(path, sizeof(path), "%s%s/cgroup.procs", dir, rel);
	snprintf(pidbuf, sizeof(pidbuf), "%d", (int)child);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pidbuf, strlen(pidbuf)), (ssize_t)strlen(pidbuf));
	close(fd);

	/* (b): from the pid */
	live = cgroup_resolver_new(NULL, NULL);
	assert_non_null(live);
	assert_int_equal(cgroup_resolve(live, st.st_ino, child, &w), 0);
	assert_string_equal(w.path, rel);
	assert_true(w.by_id);
	cgroup_resolver_free(live);
	/* (d): no pid, a fresh resolver (no cache): handle or scan */
	live = cgroup_resolver_new(NULL, NULL);
	assert_non_null(live);
	assert_int_equal(cgroup_resolve(live, st.st_ino, 0, &w), 0);
	assert_string_equal(w.path, rel);
	assert_true(cgroup_alive(live, st.st_ino, rel, false));
	cgroup_resolver_free(live);
	/* our own task: in the v2 root on a hybrid host, answered per pid */
	live = cgroup_resolver_new(NULL, NULL);
	assert_non_null(live);
	assert_int_equal(cgroup_resolve(live, 1, getpid(), &w), 0);
	if (v1 && !strcmp(w.path, "/"))
		assert_false(w.by_id);

	close(p[1]);
	waitpid(child, NULL, 0);
	snprintf(path, sizeof(path), "%s%s", dir, rel);
	assert_int_equal(rmdir(path), 0);
	/* gone: the kernel says so (or the scan, rate limit permitting) */
	cgroup_resolver_free(live);
	live = cgroup_resolver_new(NULL, NULL);
	assert_non_null(live);
	assert_int_equal(cgroup_resolve(live, st.st_ino, 0, &w), -ENOENT);
	assert_false(cgroup_alive(live, st.st_ino, rel, false));
	cgroup_resolver_free(live);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mountinfo),
		cmocka_unit_test_setup_teardown(test_reused_pid_and_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_pid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scan_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v1_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_proc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_path, setup, teardown),
		cmocka_unit_test(test_real_cgroup2),
	};

	return cmocka_run_group_tests_name("cgroup_resolve", tests, NULL, NULL);
}
