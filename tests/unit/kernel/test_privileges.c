// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The drop after attach (user/kernel/privileges.c) and the syscall filter
 * (user/kernel/syscall_filter.c), each done in a forked child of a root
 * test, then checked against the kernel: /proc/self/status and the
 * syscalls themselves.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <cmocka.h>

#include "kernel/privileges.h"

#define CAPS(...) cap_bits((int[]){ __VA_ARGS__, -1 })

static unsigned long long cap_bits(const int *caps)
{
	unsigned long long m = 0;

	for (; *caps >= 0; caps++)
		m |= 1ULL << *caps;
	return m;
}

/* a /proc/self/status field, as a number (base 16 for the Cap* lines) */
static unsigned long long status_field(const char *name, int base)
{
	char line[256];
	size_t n = strlen(name);
	unsigned long long v = ~0ULL;
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return v;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':')
			v = strtoull(line + n + 1, NULL, base);
	fclose(f);
	return v;
}

static int failures;

#define CHECK(cond, ...)                                                                   \
	do {                                                                                \
		if (!(cond)) {                                                              \
			fprintf(stderr, "child: %s:%d: ", __FILE__, __LINE__);              \
			fprintf(stderr, __VA_ARGS__);                                       \
			fputc('\n', stderr);                                                \
			failures++;                                                         \
		}                                                                           \
	} while (0)

/* fn runs in a child; the test fails with the child's CHECKs */
static void in_child(void (*fn)(void))
{
	int status;
	pid_t pid;

	if (geteuid())
		skip(); /* needs root's capabilities to drop them */
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		alarm(20);
		fn();
		_exit(failures ? 1 : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static int bpf_works(void *arg)
{
	(void)arg;
	return 0;
}

static int calls;

/* as a kernel before 6.5 with unprivileged BPF disabled answers */
static int bpf_needs_cap(void *arg)
{
	(void)arg;
	calls++;
	return status_field("CapEff", 16) & (1ULL << CAP_BPF) ? 0 : -EPERM;
}

static int bpf_broken(void *arg)
{
	(void)arg;
	return -EBADF;
}

static void kept_only(void)
{
	unsigned long long keep = CAPS(CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE);

	CHECK(!privileges_drop(bpf_works, NULL, false), "drop failed");
	CHECK(status_field("CapEff", 16) == keep, "CapEff %llx", status_field("CapEff", 16));
	CHECK(status_field("CapPrm", 16) == keep, "CapPrm %llx", status_field("CapPrm", 16));
	CHECK(status_field("CapInh", 16) == 0, "CapInh");
	CHECK(status_field("CapAmb", 16) == 0, "CapAmb");
	CHECK(status_field("NoNewPrivs", 10) == 1, "NoNewPrivs");
	CHECK(status_field("Seccomp", 10) == 2, "Seccomp %llu", status_field("Seccomp", 10));
}

static void test_drop_keeps_two(void **state)
{
	(void)state;
	in_child(kept_only);
}

static void kill_kept(void)
{
	CHECK(!privileges_drop(bpf_works, NULL, true), "drop failed");
	CHECK(status_field("CapEff", 16) == CAPS(CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE, CAP_KILL),
	      "CapEff %llx", status_field("CapEff", 16));
}

static void test_drop_run_mode_keeps_kill(void **state)
{
	(void)state;
	in_child(kill_kept);
}

static void bpf_kept(void)
{
	CHECK(!privileges_drop(bpf_needs_cap, NULL, false), "drop failed");
	CHECK(calls == 2, "asked %d times", calls);
	CHECK(status_field("CapEff", 16) == CAPS(CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE, CAP_BPF),
	      "CapEff %llx", status_field("CapEff", 16));
	CHECK(status_field("NoNewPrivs", 10) == 1, "NoNewPrivs");
}

static void test_drop_keeps_bpf_where_needed(void **state)
{
	(void)state;
	in_child(bpf_kept);
}

static void bpf_fails(void)
{
	CHECK(privileges_drop(bpf_broken, NULL, false) == -1, "a broken bpf() was taken");
}

static void test_drop_fails_when_maps_unreadable(void **state)
{
	(void)state;
	in_child(bpf_fails);
}

/* the syscall's -errno, or its result */
static long sys_ret(long r)
{
	return r < 0 ? -errno : r;
}

static void *thread_fn(void *arg)
{
	return arg;
}

static void filtered(void)
{
	char *argv[] = { "/bin/true", NULL }, *envp[] = { NULL }, buf[64];
	union bpf_attr attr;
	pthread_t t;
	void *res = NULL;
	pid_t pid;
	int fd, status;

	CHECK(!privileges_drop(bpf_works, NULL, false), "drop failed");
	/* what a run still does */
	fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) > 0, "open/read: %s", strerror(errno));
	CHECK(!pthread_create(&t, NULL, thread_fn, buf) && !pthread_join(t, &res) && res == buf,
	      "threads (clone3 falls back to clone)");
	pid = fork();
	if (!pid)
		_exit(0);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork");
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (unsigned int)-1;
	CHECK(sys_ret(syscall(SYS_bpf, BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr))) == -EBADF,
	      "bpf map lookup is let through");
	CHECK(sys_ret(ioctl(fd, TCGETS, buf)) == -ENOTTY, "other ioctls are let through");
	/* what it never does again */
	CHECK(sys_ret(execve(argv[0], argv, envp)) == -EPERM, "execve");
	CHECK(sys_ret(mount("none", "/mnt", "tmpfs", 0, NULL)) == -EPERM, "mount");
	CHECK(sys_ret(unshare(CLONE_NEWUSER)) == -EPERM, "unshare");
	CHECK(sys_ret(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)) == -EPERM,
	      "clone into a new user namespace");
	CHECK(sys_ret(syscall(SYS_clone3, NULL, 0)) == -ENOSYS, "clone3");
	CHECK(sys_ret(syscall(SYS_setuid, 0)) == -EPERM, "setuid");
	CHECK(sys_ret(syscall(SYS_ptrace, 0, 1, 0, 0)) == -EPERM, "ptrace");
	CHECK(sys_ret(syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0)) == -EPERM, "perf_event_open");
	CHECK(sys_ret(syscall(SYS_finit_module, -1, "", 0)) == -EPERM, "finit_module");
	CHECK(sys_ret(syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr))) == -EPERM, "BPF_PROG_LOAD");
	CHECK(sys_ret(syscall(SYS_bpf, BPF_MAP_UPDATE_ELEM, &attr, sizeof(attr))) == -EPERM,
	      "BPF_MAP_UPDATE_ELEM");
	CHECK(sys_ret(ioctl(fd, TIOCSTI, "x")) == -EPERM, "TIOCSTI");
#ifdef __x86_64__
	/* the x32 ABI's getpid */
	CHECK(sys_ret(syscall(SYS_getpid | 0x40000000)) == -EPERM, "x32 syscall");
#endif
	close(fd);
}

static void test_syscall_filter(void **state)
{
	(void)state;
	in_child(filtered);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drop_keeps_two),
		cmocka_unit_test(test_drop_run_mode_keeps_kill),
		cmocka_unit_test(test_drop_keeps_bpf_where_needed),
		cmocka_unit_test(test_drop_fails_when_maps_unreadable),
		cmocka_unit_test(test_syscall_filter),
	};

	return cmocka_run_group_tests_name("privileges", tests, NULL, NULL);
}
