// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Names for uids (user/enrich/user_names.c): passwd_lookup on /etc/passwd text as
 * containers ship it, good and bad; user_names_in_root for real, through
 * /proc, on children chrooted into directories made here; user_names_host
 * through NSS.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "enrich/user_names.h"

/* A Debian image's /etc/passwd, cut short, and a user the image added. */
static const char debian[] = "root:x:0:0:root:/root:/bin/bash\n"
			     "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
			     "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
			     "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
			     "appuser:x:1000:1000::/home/appuser:/bin/sh\n";

static char name[USER_NAME_LEN];

/* A literal and its length, NULs inside included. */
#define L(s) s, sizeof(s) - 1

/* uid's name in text: want, or NULL for none. */
static void lookup(const char *text, size_t len, __u32 uid, const char *want)
{
	int rc;

	strcpy(name, "(untouched)");
	rc = passwd_lookup(text, len, uid, name, sizeof(name));
	if (!want) {
		if (rc != -1)
			fail_msg("uid %u: found \"%s\", want none", uid, name);
		return;
	}
	if (rc != 0)
		fail_msg("uid %u: not found, want \"%s\"", uid, want);
	assert_string_equal(name, want);
}

static void test_found(void **state)
{
	(void)state;
	lookup(debian, strlen(debian), 0, "root");
	lookup(debian, strlen(debian), 33, "www-data");
	lookup(debian, strlen(debian), 65534, "nobody");
	lookup(debian, strlen(debian), 1000, "appuser");
	/* the first line for a uid wins (as getpwuid) */
	lookup(L("toor:x:0:0::/:/bin/sh\nroot:x:0:0::/root:/bin/sh\n"), 0, "toor");
	/* the largest uid there is */
	lookup(L("max:x:4294967294:0::/:/bin/sh\n"), 4294967294u, "max");
}

static void test_not_found(void **state)
{
	(void)state;
	lookup(debian, strlen(debian), 1001, NULL);
	lookup(debian, strlen(debian), 100000, NULL);
	/* the gid field is no uid */
	lookup(L("g:x:5:1000::/:/bin/sh\n"), 1000, NULL);
	/* a number that only starts like the uid */
	lookup(L("a:x:10000:0::/:/bin/sh\n"), 1000, NULL);
	lookup("", 0, 0, NULL);
}

/* Lines that are no passwd entry are skipped, never taken for one. */
static void test_garbage_lines(void **state)
{
	static const char text[] = "\n"
				   "garbage without colons\n"
				   ":x:1000:1000::/:/bin/sh\n"        /* no name */
				   "short:x\n"                         /* no uid field */
				   "neg:x:-1000:0::/:/bin/sh\n"        /* no number */
				   "hex:x:0x3e8:0::/:/bin/sh\n"
				   "space:x: 1000:0::/:/bin/sh\n"
				   "tail:x:1000x:0::/:/bin/sh\n"       /* not only digits */
				   "nocolon:x:1000\n"                  /* the uid must end in ':' */
				   "appuser:x:1000:1000::/home/appuser:/bin/sh\n";

	(void)state;
	lookup(text, strlen(text), 1000, "appuser");
	/* no line at all */
	lookup(L("\n\n\n"), 0, NULL);
}

/*
 * A commented-out entry is no entry: glibc's files backend skips lines
 * starting with '#', so `id` in the container names uid 1000 "appuser".
 */
static void test_comment_lines(void **state)
{
	static const char text[] = "# added by the image build\n"
				   "#olduser:x:1000:1000::/home/olduser:/bin/sh\n"
				   "appuser:x:1000:1000::/home/appuser:/bin/sh\n";

	(void)state;
	lookup(text, strlen(text), 1000, "appuser");
}

/* A uid too large for 32 bits is no uid, and does not wrap onto a small one. */
static void test_uid_overflow(void **state)
{
	static const char wrap0[] = "wrap:x:4294967296:0::/:/bin/sh\n";       /* 2^32 */
	static const char wrap1000[] = "wrap:x:4294968296:0::/:/bin/sh\n";    /* 2^32 + 1000 */
	static const char huge[] = "huge:x:18446744073709552616:0::/:/bin/sh\n"; /* 2^64 + 1000 */

	(void)state;
	lookup(wrap0, strlen(wrap0), 0, NULL);
	lookup(wrap1000, strlen(wrap1000), 1000, NULL);
	lookup(huge, strlen(huge), 1000, NULL);
	/* and the line after it is still read */
	lookup(L("wrap:x:4294967296:0::/:/bin/sh\nroot:x:0:0::/root:/bin/sh\n"), 0, "root");
}

/* A name that does not fit the buffer is not cut into another name: the next line may do. */
static void test_name_too_long(void **state)
{
	static const char text[] = "averyveryverylongname:x:1000:1000::/:/bin/sh\n"
				   "app:x:1000:1000::/:/bin/sh\n";
	char small[8];

	(void)state;
	strcpy(small, "-");
	assert_int_equal(passwd_lookup(text, strlen(text), 1000, small, sizeof(small)), 0);
	assert_string_equal(small, "app");
	/* alone, it is not found at all */
	strcpy(small, "-");
	assert_int_equal(passwd_lookup(text, strchr(text, '\n') + 1 - text, 1000, small, sizeof(small)),
			 -1);
	/* exactly the buffer less its NUL fits */
	assert_int_equal(passwd_lookup(L("1234567:x:5:5::/:/bin/sh\n"), 5, small, sizeof(small)), 0);
	assert_string_equal(small, "1234567");
	assert_int_equal(passwd_lookup(L("12345678:x:5:5::/:/bin/sh\n"), 5, small, sizeof(small)), -1);
}

/* The last line needs no newline; and not one byte past len is read. */
static void test_last_line_and_len(void **state)
{
	static const char text[] = "daemon:x:1:1::/:/bin/sh\nroot:x:0:0:root:/root:/bin/bash";

	(void)state;
	lookup(text, strlen(text), 0, "root");
	/* the shortest entry: the uid's ':' is the last byte */
	lookup(L("r:x:0:"), 0, "r");
	/* len ends the text: "root:x:0" has no ':' after its uid within it */
	lookup("root:x:0:0::/:/bin/sh\n", 8, 0, NULL);
	/* a NUL in the text does not end it early; the name before it is kept whole */
	lookup(L("x\0y:x:7:7::/:/bin/sh\nz:x:8:8::/:/bin/sh\n"), 8, "z");
}

/* ---- user_names_in_root, for real ---- */

static __u32 own_mntns(void)
{
	struct stat st;

	assert_int_equal(stat("/proc/self/ns/mnt", &st), 0);
	return st.st_ino;
}

/*
 * A container's root, as far as /proc/PID/root can tell: a child chrooted
 * into a directory of ours (same mount namespace, its own root).
 */
struct rooted {
	char dir[64];
	pid_t pid;
	int go; /* closed: the child exits */
};

static void write_file(const char *dir, const char *rel, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* dir/etc made; the caller puts etc/passwd (or anything) there, then starts the child. */
static void rooted_dir(struct rooted *r)
{
	char etc[80];

	snprintf(r->dir, sizeof(r->dir), "/tmp/pt-user-names-XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	snprintf(etc, sizeof(etc), "%s/etc", r->dir);
	assert_int_equal(mkdir(etc, 0755), 0);
}

static void rooted_start(struct rooted *r)
{
	int ready[2], go[2];
	char b = 'n';

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	r->pid = fork();
	assert_true(r->pid >= 0);
	if (r->pid == 0) {
		close(ready[0]);
		close(go[1]);
		if (!chroot(r->dir) && !chdir("/"))
			b = 'y';
		if (write(ready[1], &b, 1) != 1)
			_exit(1);
		(void)read(go[0], &b, 1);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	r->go = go[1];
	assert_int_equal(read(ready[0], &b, 1), 1);
	close(ready[0]);
	if (b != 'y')
		fail_msg("chroot %s failed (these tests need root)", r->dir);
}

static void rooted_end(struct rooted *r)
{
	char cmd[96];

	close(r->go);
	waitpid(r->pid, NULL, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", r->dir);
	assert_int_equal(system(cmd), 0);
}

/* The container's /etc/passwd, not the host's: uid 0 and 1000 by the container's names. */
static void test_in_root(void **state)
{
	struct user_names *u = user_names_new();
	__u32 mntns = own_mntns();
	struct rooted r;
	const char *got;

	(void)state;
	assert_non_null(u);
	rooted_dir(&r);
	write_file(r.dir, "etc/passwd", "croot:x:0:0:root:/root:/bin/sh\n"
					"appuser:x:1000:1000::/home/appuser:/bin/sh\n");
	rooted_start(&r);
	got = user_names_in_root(u, mntns, r.pid, 0, 0);
	assert_string_equal(got ?: "(null)", "croot");
	got = user_names_in_root(u, mntns, r.pid, 0, 1000);
	assert_string_equal(got ?: "(null)", "appuser");
	/* a uid this passwd does not have */
	assert_null(user_names_in_root(u, mntns, r.pid, 0, 4000000000u));
	/* cached for the namespace: a pid that cannot be read (0) does not matter now */
	got = user_names_in_root(u, mntns, 0, 0, 1000);
	assert_string_equal(got ?: "(null)", "appuser");
	rooted_end(&r);
	user_names_free(u);

	/* the pid gone (0 is never a task): the fallback pid, the container's first, is read */
	u = user_names_new();
	assert_non_null(u);
	rooted_dir(&r);
	write_file(r.dir, "etc/passwd", "croot:x:0:0:root:/root:/bin/sh\n");
	rooted_start(&r);
	got = user_names_in_root(u, mntns, 0, r.pid, 0);
	assert_string_equal(got ?: "(null)", "croot");
	rooted_end(&r);
	user_names_free(u);
}

/* A pid in another mount namespace than the event's is not read for it. */
static void test_in_root_wrong_mntns(void **state)
{
	struct user_names *u = user_names_new();
	__u32 mntns = own_mntns();
	struct rooted r;

	(void)state;
	assert_non_null(u);
	rooted_dir(&r);
	write_file(r.dir, "etc/passwd", "croot:x:0:0:root:/root:/bin/sh\n");
	rooted_start(&r);
	assert_null(user_names_in_root(u, mntns + 1, r.pid, 0, 0));
	assert_null(user_names_in_root(u, mntns + 1, 0, r.pid, 0));
	/* nothing read is not cached: the right namespace still works after */
	assert_string_equal(user_names_in_root(u, mntns, r.pid, 0, 0) ?: "(null)", "croot");
	rooted_end(&r);
	user_names_free(u);
}

/*
 * Our own root (what runc's init still has before it pivots into the
 * container's) is not a container's: the host's passwd is never taken for
 * the container's.
 */
static void test_in_root_own_root(void **state)
{
	struct user_names *u = user_names_new();

	(void)state;
	assert_non_null(u);
	assert_null(user_names_in_root(u, own_mntns(), getpid(), 0, 0));
	user_names_free(u);
}

/*
 * /etc/passwd is resolved inside the container's root: a symlink cannot
 * lead out of it, and a FIFO there neither blocks nor is read.
 */
static void test_in_root_hostile(void **state)
{
	struct user_names *u = user_names_new();
	__u32 mntns = own_mntns();
	struct rooted r;
	char path[128];

	(void)state;
	assert_non_null(u);
	/* an absolute link: /etc/real of the container's root, not of ours */
	rooted_dir(&r);
	write_file(r.dir, "etc/real", "inside:x:0:0::/:/bin/sh\n");
	snprintf(path, sizeof(path), "%s/etc/passwd", r.dir);
	assert_int_equal(symlink("/etc/real", path), 0);
	rooted_start(&r);
	assert_string_equal(user_names_in_root(u, mntns, r.pid, 0, 0) ?: "(null)", "inside");
	rooted_end(&r);
	user_names_free(u);

	/* climbing out with "..": stays at the container's root, reaches nothing of ours */
	u = user_names_new();
	rooted_dir(&r);
	snprintf(path, sizeof(path), "%s/etc/passwd", r.dir);
	assert_int_equal(symlink("../../../../../../../../../../etc/passwd", path), 0);
	rooted_start(&r);
	assert_null(user_names_in_root(u, mntns, r.pid, 0, 0));
	rooted_end(&r);
	user_names_free(u);

	/*
	 * a FIFO: returns at once, and is never opened for reading (a device
	 * node there would be opened as host root): a writer waiting for a
	 * reader is still waiting after the lookup, and after another one
	 */
	u = user_names_new();
	rooted_dir(&r);
	snprintf(path, sizeof(path), "%s/etc/passwd", r.dir);
	assert_int_equal(mkfifo(path, 0644), 0);
	rooted_start(&r);
	{
		struct timespec pause = { 0, 200 * 1000 * 1000 };
		pid_t writer = fork();
		int st;

		assert_true(writer >= 0);
		if (!writer)
			_exit(open(path, O_WRONLY) >= 0 ? 0 : 1); /* blocks until someone reads */
		nanosleep(&pause, NULL);
		assert_null(user_names_in_root(u, mntns, r.pid, 0, 0));
		assert_null(user_names_in_root(u, mntns, r.pid, 0, 0));
		nanosleep(&pause, NULL);
		assert_int_equal(waitpid(writer, &st, WNOHANG), 0);
		kill(writer, SIGKILL);
		waitpid(writer, &st, 0);
	}
	rooted_end(&r);
	user_names_free(u);
}

static void test_host_names(void **state)
{
	struct user_names *u = user_names_new();

	(void)state;
	assert_non_null(u);
	assert_string_equal(user_names_host(u, 0) ?: "(null)", "root");
	/* the same cache slot as 0 (uid % 256), another uid: not the cached name */
	assert_null(user_names_host(u, 4000000000u));
	assert_string_equal(user_names_host(u, 0) ?: "(null)", "root");
	user_names_free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_garbage_lines),
		cmocka_unit_test(test_comment_lines),
		cmocka_unit_test(test_uid_overflow),
		cmocka_unit_test(test_name_too_long),
		cmocka_unit_test(test_last_line_and_len),
		cmocka_unit_test(test_in_root),
		cmocka_unit_test(test_in_root_wrong_mntns),
		cmocka_unit_test(test_in_root_own_root),
		cmocka_unit_test(test_in_root_hostile),
		cmocka_unit_test(test_host_names),
	};

	return cmocka_run_group_tests_name("user_names", tests, NULL, NULL);
}
