// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The user-namespace picture from the maps the kernel side copied into the event. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fixtures.h"
#include "enrich/userns_map.h"

static void set_map(struct pt_idmap *m, __u32 nr, const __u32 (*lines)[3])
{
	__u32 i;

	memset(m, 0, sizeof(*m));
	m->nr_extents = nr;
	for (i = 0; i < nr && i < PT_MAP_INLINE_EXTENTS; i++) {
		m->extent[i].first = lines[i][0];
		m->extent[i].lower_first = lines[i][1];
		m->extent[i].count = lines[i][2];
	}
}

static void test_host_is_identity(void **state)
{
	struct pt_event e = host_user(PT_EV_CAP, 1000);
	struct userns_map m;

	(void)state;
	/* whatever the event carries: level 0 is the init namespace */
	set_map(&e.task.uid_map, 1, (const __u32[][3]){ { 0, 100000, 1 } });
	userns_map_from_task(&e.task, &m);
	assert_true(m.root_is_host_root);
	assert_string_equal(m.uid, "0:0:4294967295");
	assert_string_equal(m.gid, "0:0:4294967295");
}

static void test_remapped(void **state)
{
	struct pt_event e = base(PT_EV_CAP);
	struct userns_map m;

	(void)state;
	set_map(&e.task.uid_map, 1, (const __u32[][3]){ { 0, 100000, 65536 } });
	set_map(&e.task.gid_map, 2, (const __u32[][3]){ { 0, 200000, 1000 }, { 1000, 5000, 1 } });
	userns_map_from_task(&e.task, &m);
	assert_false(m.root_is_host_root);
	assert_string_equal(m.uid, "0:100000:65536");
	assert_string_equal(m.gid, "0:200000:1000,1000:5000:1");
}

static void test_root_mapped_to_root(void **state)
{
	struct pt_event e = base(PT_EV_CAP);
	struct userns_map m;

	(void)state;
	/* unshare --map-root-user by root: ns 0 is host 0, in a later line too */
	set_map(&e.task.uid_map, 2, (const __u32[][3]){ { 1, 100001, 10 }, { 0, 0, 1 } });
	userns_map_from_task(&e.task, &m);
	assert_true(m.root_is_host_root);
	assert_string_equal(m.uid, "1:100001:10,0:0:1");
	/* ns 0 mapped to a host id other than 0, or host 0 seen as another ns id: not root */
	set_map(&e.task.uid_map, 2, (const __u32[][3]){ { 0, 1000, 1 }, { 5, 0, 1 } });
	userns_map_from_task(&e.task, &m);
	assert_false(m.root_is_host_root);
	/* a zero-length line maps nothing */
	set_map(&e.task.uid_map, 1, (const __u32[][3]){ { 0, 0, 0 } });
	userns_map_from_task(&e.task, &m);
	assert_false(m.root_is_host_root);
}

static void test_unwritten_map(void **state)
{
	struct pt_event e = base(PT_EV_CAP);
	struct userns_map m;

	(void)state;
	set_map(&e.task.uid_map, 0, NULL);
	set_map(&e.task.gid_map, 0, NULL);
	userns_map_from_task(&e.task, &m);
	assert_false(m.root_is_host_root);
	assert_string_equal(m.uid, "");
	assert_string_equal(m.gid, "");
}

static void test_more_lines_than_carried(void **state)
{
	static const __u32 lines[][3] = { { 0, 100000, 1 }, { 1, 100001, 1 }, { 2, 100002, 1 },
					  { 3, 100003, 1 }, { 4294967294u, 4294967294u, 1 } };
	struct pt_event e = base(PT_EV_CAP);
	struct userns_map m;

	(void)state;
	set_map(&e.task.uid_map, 340, lines);
	userns_map_from_task(&e.task, &m);
	assert_string_equal(m.uid, "0:100000:1,1:100001:1,2:100002:1,3:100003:1,"
				   "4294967294:4294967294:1,...");
	/* exactly five: whole, no marker */
	set_map(&e.task.uid_map, 5, lines);
	userns_map_from_task(&e.task, &m);
	assert_string_equal(m.uid, "0:100000:1,1:100001:1,2:100002:1,3:100003:1,"
				   "4294967294:4294967294:1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_is_identity),
		cmocka_unit_test(test_remapped),
		cmocka_unit_test(test_root_mapped_to_root),
		cmocka_unit_test(test_unwritten_map),
		cmocka_unit_test(test_more_lines_than_carried),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
