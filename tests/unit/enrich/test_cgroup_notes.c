// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The kernel's cgroup paths (user/enrich/cgroup_notes.c): set, replace, drop, the bound. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "enrich/cgroup_notes.h"

static void test_set_find_drop(void **state)
{
	struct cgroup_notes *n = cgroup_notes_new(0, 0);
	char path[32];
	__u64 id;

	(void)state;
	assert_non_null(n);
	/* ids that share buckets: every one found, each its own */
	for (id = 1; id <= 10000; id++) {
		snprintf(path, sizeof(path), "/c/%llu", (unsigned long long)id);
		assert_int_equal(cgroup_notes_set(n, id * 4096, path), 0);
	}
	assert_int_equal(cgroup_notes_count(n), 10000);
	assert_string_equal(cgroup_notes_find(n, 77 * 4096), "/c/77");
	assert_null(cgroup_notes_find(n, 77));
	/* a rename replaces, the count stays */
	assert_int_equal(cgroup_notes_set(n, 77 * 4096, "/moved/a/much/longer/path"), 0);
	assert_string_equal(cgroup_notes_find(n, 77 * 4096), "/moved/a/much/longer/path");
	assert_int_equal(cgroup_notes_count(n), 10000);
	for (id = 1; id <= 10000; id += 2)
		cgroup_notes_drop(n, id * 4096);
	cgroup_notes_drop(n, 3); /* never set: nothing happens */
	assert_int_equal(cgroup_notes_count(n), 5000);
	assert_null(cgroup_notes_find(n, 1 * 4096));
	assert_string_equal(cgroup_notes_find(n, 2 * 4096), "/c/2");
	cgroup_notes_free(n);
}

static void test_bound(void **state)
{
	struct cgroup_notes *n = cgroup_notes_new(2, 0);

	(void)state;
	assert_int_equal(cgroup_notes_set(n, 1, "/a"), 0);
	assert_int_equal(cgroup_notes_set(n, 2, "/b"), 0);
	assert_int_equal(cgroup_notes_set(n, 3, "/c"), -ENOSPC);
	assert_null(cgroup_notes_find(n, 3));
	/* full, but a known id may still be renamed, and room comes back */
	assert_int_equal(cgroup_notes_set(n, 2, "/b2"), 0);
	cgroup_notes_drop(n, 1);
	assert_int_equal(cgroup_notes_set(n, 3, "/c"), 0);
	assert_string_equal(cgroup_notes_find(n, 3), "/c");
	assert_int_equal(cgroup_notes_count(n), 2);
	cgroup_notes_free(n);
}

/* a removed cgroup's path outlives it by the grace: events held since name it */
static void test_grace(void **state)
{
	struct cgroup_notes *n = cgroup_notes_new(2, CGROUP_NOTES_GRACE_DEFAULT);

	(void)state;
	assert_int_equal(cgroup_notes_set(n, 1, "/a"), 0);
	assert_int_equal(cgroup_notes_set(n, 2, "/b"), 0);
	cgroup_notes_drop(n, 1);
	assert_string_equal(cgroup_notes_find(n, 1), "/a");
	assert_int_equal(cgroup_notes_count(n), 1);
	/* removed ids are never made again */
	assert_int_equal(cgroup_notes_set(n, 1, "/a2"), -EINVAL);
	cgroup_notes_drop(n, 1);
	/* full: the oldest removed one makes room, one still there never does */
	assert_int_equal(cgroup_notes_set(n, 3, "/c"), 0);
	assert_null(cgroup_notes_find(n, 1));
	assert_int_equal(cgroup_notes_set(n, 4, "/d"), -ENOSPC);
	assert_string_equal(cgroup_notes_find(n, 2), "/b");
	assert_int_equal(cgroup_notes_count(n), 2);
	cgroup_notes_free(n);
	/* the grace passes */
	n = cgroup_notes_new(0, 50);
	assert_int_equal(cgroup_notes_set(n, 5, "/e"), 0);
	cgroup_notes_drop(n, 5);
	assert_string_equal(cgroup_notes_find(n, 5), "/e");
	usleep(60 * 1000);
	assert_int_equal(cgroup_notes_set(n, 6, "/f"), 0);
	assert_null(cgroup_notes_find(n, 5));
	cgroup_notes_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_find_drop),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_grace),
	};

	return cmocka_run_group_tests_name("cgroup_notes", tests, NULL, NULL);
}
