// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Files someone else chose what to put at (user/lib/open_regular.c). */
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
#include <linux/openat2.h>
#include <cmocka.h>

#include "lib/open_regular.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/pt-openreg-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_kinds(void **state)
{
	char path[128], buf[16];
	int dfd, fd;
	ssize_t n;

	(void)state;
	dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(dfd >= 0);
	put("file", "hello");
	fd = open_regular(dfd, "file", 0, 5);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf));
	assert_int_equal(n, 5);
	/* read-only: the reopen keeps no write access */
	assert_int_equal(write(fd, "x", 1), -1);
	close(fd);
	assert_int_equal(open_regular(dfd, "file", 0, 4), -EFBIG);
	assert_int_equal(open_regular(dfd, "missing", 0, 4), -ENOENT);
	/* a FIFO with no writer: opening it for reading would block */
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(open_regular(dfd, "fifo", 0, 4096), -EINVAL);
	assert_int_equal(open_regular(AT_FDCWD, "/dev/null", 0, 4096), -EINVAL);
	assert_int_equal(open_regular(dfd, ".", 0, 4096), -EINVAL);
	/* inside a root: an absolute link resolves in it, not on the host */
	assert_int_equal(mkdir(strcat(strcpy(path, dir), "/etc"), 0755), 0);
	put("etc/passwd", "inroot:x:0:0::/:/bin/sh\n");
	assert_int_equal(symlink("/etc/passwd", strcat(strcpy(path, dir), "/link")), 0);
	fd = open_regular(dfd, "link", RESOLVE_IN_ROOT, 4096);
	assert_true(fd >= 0);
	n = read(fd, buf, 6);
	assert_int_equal(n, 6);
	assert_memory_equal(buf, "inroot", 6);
	close(fd);
	assert_int_equal(open_regular(dfd, "link", RESOLVE_NO_SYMLINKS, 4096), -ELOOP);
	close(dfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kinds, setup, teardown),
	};

	return cmocka_run_group_tests_name("open_regular", tests, NULL, NULL);
}
