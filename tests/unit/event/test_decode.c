// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Ring-buffer samples into events (user/event/decode.c): what later stages may trust. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "event/decode.h"

static struct pt_event base(__u32 kind)
{
	struct pt_event e;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	return e;
}

static void test_decode(void **state)
{
	struct pt_event e = base(PT_EV_FILE);

	(void)state;
	assert_ptr_equal(decode_event(&e, sizeof(e)), &e);
	assert_null(decode_event(&e, sizeof(e) - 1));
	{
		char big[sizeof(e) + 8];

		memcpy(big, &e, sizeof(e));
		assert_null(decode_event(big, sizeof(big)));
	}
	assert_null(decode_event(NULL, sizeof(e)));
	e.kind = 9;
	assert_null(decode_event(&e, sizeof(e)));
	e.kind = PT_EV_FILE;
	e.path_len = PT_PATH_LEN + 1;
	assert_null(decode_event(&e, sizeof(e)));
	e.path_len = 0;
	e.syscall = PT_SYS_MAX;
	assert_null(decode_event(&e, sizeof(e)));
	e.syscall = PT_SYS_NONE;
	/* a path must end in its NUL (a capture read back rejects it otherwise) */
	strcpy(e.path, "/etc/shadow");
	e.path_len = strlen(e.path) + 1;
	assert_non_null(decode_event(&e, sizeof(e)));
	e.path_len--;
	assert_null(decode_event(&e, sizeof(e)));
	memset(e.path, 'a', sizeof(e.path));
	e.path_len = PT_PATH_LEN;
	assert_null(decode_event(&e, sizeof(e)));
}

static void test_cgroup_note(void **state)
{
	struct pt_cgroup_note n;
	struct pt_event e = base(PT_EV_CGROUP);

	(void)state;
	memset(&n, 0, sizeof(n));
	n.kind = PT_EV_CGROUP;
	n.op = PT_CG_MKDIR;
	n.id = 42;
	strcpy(n.path, "/docker/x");
	n.path_len = strlen(n.path) + 1;
	assert_ptr_equal(decode_cgroup_note(&n, sizeof(n)), &n);
	/* a note is never an event, nor an event a note */
	assert_null(decode_event(&n, sizeof(n)));
	assert_null(decode_event(&e, sizeof(e)));
	assert_null(decode_cgroup_note(&e, sizeof(e)));
	assert_null(decode_cgroup_note(&n, sizeof(n) - 1));
	assert_null(decode_cgroup_note(NULL, sizeof(n)));
	n.op = PT_CG_RMDIR + 1;
	assert_null(decode_cgroup_note(&n, sizeof(n)));
	n.op = PT_CG_RMDIR;
	assert_non_null(decode_cgroup_note(&n, sizeof(n)));
	/* the length must be the string's: a NUL inside, or none at the end */
	n.path_len = 4;
	assert_null(decode_cgroup_note(&n, sizeof(n)));
	n.path_len = strlen(n.path) + 2;
	assert_null(decode_cgroup_note(&n, sizeof(n)));
	n.path_len = 0;
	assert_null(decode_cgroup_note(&n, sizeof(n)));
	memset(n.path, 'a', sizeof(n.path));
	n.path_len = PT_PATH_LEN;
	assert_null(decode_cgroup_note(&n, sizeof(n)));
	n.path[PT_PATH_LEN - 1] = 0;
	assert_non_null(decode_cgroup_note(&n, sizeof(n)));
	n.path_len = PT_PATH_LEN + 1;
	assert_null(decode_cgroup_note(&n, sizeof(n)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_cgroup_note),
	};

	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
