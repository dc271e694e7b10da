// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The user-namespace picture (user/userns_map.c): userns_map_parse on the
 * text /proc/PID/uid_map really has (each number right-aligned in 10
 * columns), and userns_maps_get on real user namespaces made here.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* unshare */
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "userns_map.h"

static char out[USERNS_MAP_LEN];
static bool root;

/* text must parse into want, with root_is_host_root as said. */
static void parses(const char *text, const char *want, bool want_root)
{
	root = !want_root;
	if (userns_map_parse(text, out, sizeof(out), &root))
		fail_msg("not taken for a map: \"%s\"", text);
	assert_string_equal(out, want);
	assert_int_equal(root, want_root);
}

static void rejected(const char *text)
{
	bool r = false;
	char o[64];

	if (userns_map_parse(text, o, sizeof(o), &r) != -1)
		fail_msg("taken for a map: \"%s\" -> \"%s\"", text, o);
}

/* The init namespace, as every process on the host shows it. */
static void test_identity(void **state)
{
	(void)state;
	parses("         0          0 4294967295\n", "0:0:4294967295", true);
}

/* docker --userns-remap: container root is host 100000. */
static void test_remapped(void **state)
{
	(void)state;
	parses("         0     100000      65536\n", "0:100000:65536", false);
	/* host uid 0 is in the map, but not as ns 0: root is still not host root */
	parses("         0     100000      65536\n     65536          0          1\n",
	       "0:100000:65536,65536:0:1", false);
}

static void test_several_extents(void **state)
{
	(void)state;
	/* rootless Docker / Podman: root is the user, the rest the subordinate range */
	parses("         0       1000          1\n         1     100000      65536\n",
	       "0:1000:1,1:100000:65536", false);
	/* a map that keeps root: host root in the container */
	parses("         0          0          1\n         1     200000      65535\n",
	       "0:0:1,1:200000:65535", true);
	/* ns 0 is host 0 only from the extent that starts at ns 0 */
	parses("         0          1          1\n         1          0          1\n",
	       "0:1:1,1:0:1", false);
	/* ns 0 mapped as part of a larger extent starting at host 0 */
	parses("         0          0      65536\n", "0:0:65536", true);
	/* the largest numbers the kernel takes */
	parses("4294967294 4294967294          1\n", "4294967294:4294967294:1", false);
	/* no newline at the end, and plain single spaces (what one writes into uid_map) */
	parses("0 100000 65536", "0:100000:65536", false);
}

/* Text that is no map is refused, whatever was written out before. */
static void test_garbage_rejected(void **state)
{
	(void)state;
	rejected("");
	rejected("\n");
	rejected("hello\n");
	rejected("         0     100000\n");          /* two numbers */
	rejected("         0     100000          0\n"); /* an extent of nothing */
	rejected("4294967296          0          1\n"); /* past 32 bits */
	rejected("         0 4294967296          1\n");
	rejected("         0          0 4294967297\n"); /* more ids than exist */
	rejected("        -1          0          1\n");
	rejected("         0     100000      65536\nnot a line\n");
	rejected("0x10 0 1\n");
}

/*
 * A line is three numbers and nothing else: trailing words, a fourth
 * number, or numbers spread over two lines are not a map either.
 */
static void test_line_is_three_numbers(void **state)
{
	(void)state;
	rejected("         0          0          1 junk\n");
	rejected("         0          0          1          2\n");
	/* read as "0 0 1" then "1 2 3", this would claim ns 0 is host 0 */
	rejected("         0          0\n         1          2          3\n");
}

/*
 * More extents than the buffer holds: the text ends in ",...", whole
 * extents before it, never a shorter map that looks complete. Whether ns 0
 * is host 0 is still decided from every line.
 */
static void test_too_long(void **state)
{
	char text[340 * 34 + 64], full[340 * 34], *cut;
	size_t used = 0, fused = 0, keep;
	int i;

	(void)state;
	for (i = 1; i <= 60; i++) {
		used += snprintf(text + used, sizeof(text) - used, "%10u %10u %10u\n", i * 10u,
				 100000u + i * 10u, 10u);
		fused += snprintf(full + fused, sizeof(full) - fused, "%s%u:%u:10", i > 1 ? "," : "",
				  i * 10u, 100000u + i * 10u);
	}
	/* the kernel lists ns 0 first; here last, so the root check must see past the cut */
	snprintf(text + used, sizeof(text) - used, "%10u %10u %10u\n", 0u, 0u, 1u);
	root = false;
	assert_int_equal(userns_map_parse(text, out, sizeof(out), &root), 0);
	assert_true(root);
	assert_true(strlen(out) < sizeof(out));
	cut = strstr(out, ",...");
	if (!cut || cut[4] != '\0')
		fail_msg("a cut map must end in \",...\": %s", out);
	keep = cut - out;
	assert_memory_equal(out, full, keep); /* what is there is the map's beginning */
	if (full[keep] != ',') /* ... cut at an extent's end, not inside one */
		fail_msg("cut inside an extent: ...%s, the map has ...%.40s", out + keep - 24,
			 full + keep - 24);

	/*
	 * every buffer length around the cut: the mark, and before it whole
	 * extents only ("1:100001:6,..." would claim a count of 6)
	 */
	for (i = 8; i <= 40; i++) {
		static const char whole[] = "1:100001:65535,2222:2222:1";
		char small[64];
		size_t n;
		bool r;

		assert_int_equal(userns_map_parse("1 100001 65535\n2222 2222 1\n", small,
						  (size_t)i, &r), 0);
		if (strlen(whole) < (size_t)i) {
			assert_string_equal(small, whole);
			continue;
		}
		n = strlen(small);
		if (n < 4 || strcmp(small + n - 4, ",..."))
			fail_msg("length %d: \"%s\" does not end in \",...\"", i, small);
		if (memcmp(small, whole, n - 4) || (n > 4 && whole[n - 4] != ','))
			fail_msg("length %d: \"%s\" ends in a cut extent", i, small);
	}
}

/* ---- userns_maps_get on real namespaces ---- */

struct child {
	pid_t pid;
	int go; /* closed: the child exits */
	__u32 inum;
};

/* A child in a new user namespace, whose uid_map and gid_map are map. 0, or -1 if impossible. */
static int child_in_userns(struct child *c, const char *map)
{
	int ready[2], go[2], fd, i;
	char path[64], b;
	struct stat st;

	if (pipe(ready) || pipe(go))
		return -1;
	c->pid = fork();
	if (c->pid < 0)
		return -1;
	if (c->pid == 0) {
		close(ready[0]);
		close(go[1]);
		b = unshare(CLONE_NEWUSER) ? 'n' : 'y';
		if (write(ready[1], &b, 1) != 1)
			_exit(1);
		(void)read(go[0], &b, 1);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	c->go = go[1];
	if (read(ready[0], &b, 1) != 1 || b != 'y') {
		close(ready[0]);
		return -1;
	}
	close(ready[0]);
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", c->pid, i ? "gid_map" : "uid_map");
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, map, strlen(map)) != (ssize_t)strlen(map)) {
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/user", c->pid);
	if (stat(path, &st))
		return -1;
	c->inum = st.st_ino;
	return 0;
}

static void child_end(struct child *c)
{
	close(c->go);
	waitpid(c->pid, NULL, 0);
}

static __u32 own_userns(void)
{
	struct stat st;

	assert_int_equal(stat("/proc/self/ns/user", &st), 0);
	return st.st_ino;
}

static void test_get_real_namespace(void **state)
{
	struct userns_maps *m = userns_maps_new(4);
	const struct userns_map *got;
	struct child c, c2;

	(void)state;
	assert_non_null(m);
	if (child_in_userns(&c, "0 100000 65536\n")) {
		userns_maps_free(m);
		skip(); /* no user namespaces here (not root, or disabled) */
	}
	got = userns_maps_get(m, c.inum, 1, c.pid, 0);
	assert_non_null(got);
	assert_int_equal(got->inum, c.inum);
	assert_false(got->root_is_host_root);
	assert_string_equal(got->uid, "0:100000:65536");
	assert_string_equal(got->gid, "0:100000:65536");

	/* cached: asked again through a pid that cannot be read, the same answer */
	got = userns_maps_get(m, c.inum, 1, 0, 0);
	assert_non_null(got);
	assert_string_equal(got->uid, "0:100000:65536");

	/* a pid in another namespace by now (ours) is not read for this one */
	assert_int_equal(child_in_userns(&c2, "0 0 1\n1 200000 65535\n"), 0);
	assert_true(c2.inum != c.inum);
	got = userns_maps_get(m, c2.inum, 1, getpid(), 0);
	assert_null(got);
	/* ... but the fallback pid (the container's first process) is read */
	got = userns_maps_get(m, c2.inum, 1, getpid(), c2.pid);
	assert_non_null(got);
	assert_int_equal(got->inum, c2.inum);
	assert_true(got->root_is_host_root);
	assert_string_equal(got->uid, "0:0:1,1:200000:65535");
	/* both cached side by side */
	assert_string_equal(userns_maps_get(m, c.inum, 1, 0, 0)->uid, "0:100000:65536");
	assert_string_equal(userns_maps_get(m, c2.inum, 1, 0, 0)->uid, "0:0:1,1:200000:65535");
	child_end(&c2);
	child_end(&c);
	userns_maps_free(m);
}

/* The init namespace needs no reading, whatever the pid. */
static void test_get_init(void **state)
{
	struct userns_maps *m = userns_maps_new(1);
	const struct userns_map *got;

	(void)state;
	assert_non_null(m);
	got = userns_maps_get(m, own_userns(), 0, 0, 0);
	assert_non_null(got);
	assert_true(got->root_is_host_root);
	assert_string_equal(got->uid, "0:0:4294967295");
	assert_string_equal(got->gid, "0:0:4294967295");
	userns_maps_free(m);
}

/*
 * Near the kernel's most (340 extents): 300 lines of 33 bytes in /proc,
 * more than one read gives. The map is cut with ",..." like any long one;
 * it is not lost.
 */
static void test_get_largest_map(void **state)
{
	struct userns_maps *m = userns_maps_new(1);
	const struct userns_map *got;
	char map[4096];
	size_t used = 0;
	struct child c;
	int i;

	(void)state;
	assert_non_null(m);
	/* written compact: the kernel takes one write of less than a page */
	for (i = 0; i < 300; i++)
		used += snprintf(map + used, sizeof(map) - used, "%d %d 1\n", i, 100000 + 2 * i);
	assert_true(used < sizeof(map));
	if (child_in_userns(&c, map)) {
		userns_maps_free(m);
		skip();
	}
	got = userns_maps_get(m, c.inum, 1, c.pid, 0);
	child_end(&c);
	if (!got)
		fail_msg("a 300-extent map was not read at all");
	assert_false(got->root_is_host_root);
	assert_memory_equal(got->uid, "0:100000:1,1:100002:1,2:100004:1,", 33);
	assert_string_equal(got->uid + strlen(got->uid) - 4, ",...");
	userns_maps_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_remapped),
		cmocka_unit_test(test_several_extents),
		cmocka_unit_test(test_garbage_rejected),
		cmocka_unit_test(test_line_is_three_numbers),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_get_init),
		cmocka_unit_test(test_get_real_namespace),
		cmocka_unit_test(test_get_largest_map),
	};

	return cmocka_run_group_tests_name("userns_map", tests, NULL, NULL);
}
