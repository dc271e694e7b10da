// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The report's filters (user/report/query.c) on hand-made records. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fixtures.h"

#include "report/query.h"

#define T0 1795511046000000000ULL
#define SEC 1000000000ULL

static bool pass(struct query *q, __u32 pid, __u32 ppid, __u64 t)
{
	struct pt_event e = host_user(PT_EV_CAP, 1000);
	struct record r;

	e.task.pid = e.task.tid = pid;
	e.task.ppid = ppid;
	e.cap.cap = CAP_SYS_ADMIN;
	e.ret = -EPERM;
	record_init(&r, &e, t);
	return query_match(q, &r);
}

/* A child made before the window still links its own children after it. */
static void test_pid_tree_across_the_window(void **state)
{
	struct query q;

	(void)state;
	query_init(&q);
	q.pid[q.n_pid++] = 100;
	q.since_ns = T0 + 10 * SEC;
	assert_false(pass(&q, 200, 100, T0 + SEC));       /* the child, before the window */
	assert_true(pass(&q, 300, 200, T0 + 11 * SEC));   /* its child, in it */
	assert_true(pass(&q, 200, 100, T0 + 12 * SEC));   /* the child again, in it */
	assert_false(pass(&q, 400, 999, T0 + 12 * SEC));  /* another tree */
	assert_true(pass(&q, 100, 1, T0 + 13 * SEC));     /* the root itself */
	query_free(&q);
}

static void test_times(void **state)
{
	char err[256];
	__u64 t;
	bool tod;

	(void)state;
	assert_int_equal(query_time("2026-11-24T09:04:06.5Z", T0, &t, &tod, err, sizeof(err)), 0);
	assert_int_equal(t, 1795511046500000000ULL);
	assert_false(tod);
	assert_int_equal(query_time("2026-11-24T10:04:06+01:00", T0, &t, &tod, err, sizeof(err)), 0);
	assert_int_equal(t, 1795511046000000000ULL);
	assert_int_equal(query_time("10:00", T0, &t, &tod, err, sizeof(err)), 0);
	assert_true(tod);
	assert_int_equal(query_time("-15m", T0, &t, &tod, err, sizeof(err)), 0);
	assert_int_equal(t, T0 - 15 * 60 * SEC);
	assert_int_equal(query_time("yesterday", T0, &t, &tod, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is not a time"));
	assert_int_equal(query_time("2026-02-30", T0, &t, &tod, err, sizeof(err)), -1);
	assert_int_equal(query_time("25:00", T0, &t, &tod, err, sizeof(err)), -1);
	assert_int_equal(query_time("-5x", T0, &t, &tod, err, sizeof(err)), -1);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(query_cap("CAP_SYS_ADMIN"), CAP_SYS_ADMIN);
	assert_int_equal(query_cap("sys_admin"), CAP_SYS_ADMIN);
	assert_int_equal(query_cap("21"), 21);
	assert_int_equal(query_cap("CAP_NOPE"), -1);
	assert_int_equal(query_reason("owner_unmapped"), PT_R_OWNER_UNMAPPED);
	assert_int_equal(query_reason("nope"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pid_tree_across_the_window),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
