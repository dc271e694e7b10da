// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* uid_map extent arithmetic (include/idmap.h), the same code the BPF side runs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "idmap.h"

static void test_remapped_root(void **state)
{
	/* docker --userns-remap: "0 100000 65536" */
	struct pt_extent e = { .first = 0, .lower_first = 100000, .count = 65536 };

	(void)state;
	assert_int_equal(pt_extent_map_up(&e, 100000), 0);
	assert_int_equal(pt_extent_map_up(&e, 101001), 1001);
	assert_int_equal(pt_extent_map_up(&e, 165535), 65535);
	assert_int_equal(pt_extent_map_up(&e, 165536), PT_ID_UNMAPPED);
	assert_int_equal(pt_extent_map_up(&e, 99999), PT_ID_UNMAPPED);
	/* host root is not root in there: it is not mapped at all */
	assert_int_equal(pt_extent_map_up(&e, 0), PT_ID_UNMAPPED);
}

static void test_init_namespace_line(void **state)
{
	/* "0 0 4294967295": lower_first + count overflows 32 bits */
	struct pt_extent e = { .first = 0, .lower_first = 0, .count = 4294967295u };

	(void)state;
	assert_int_equal(pt_extent_map_up(&e, 0), 0);
	assert_int_equal(pt_extent_map_up(&e, 4294967294u), 4294967294u);
	assert_int_equal(pt_extent_map_up(&e, 4294967295u), PT_ID_UNMAPPED);
}

static void test_single_id_and_empty(void **state)
{
	/* unshare --map-root-user by uid 1000: "0 1000 1" */
	struct pt_extent one = { .first = 0, .lower_first = 1000, .count = 1 };
	struct pt_extent none = { .first = 0, .lower_first = 1000, .count = 0 };
	struct pt_extent high = { .first = 4294967294u, .lower_first = 4294967294u, .count = 1 };

	(void)state;
	assert_int_equal(pt_extent_map_up(&one, 1000), 0);
	assert_int_equal(pt_extent_map_up(&one, 1001), PT_ID_UNMAPPED);
	assert_int_equal(pt_extent_map_up(&one, 999), PT_ID_UNMAPPED);
	assert_int_equal(pt_extent_map_up(&none, 1000), PT_ID_UNMAPPED);
	assert_int_equal(pt_extent_map_up(&high, 4294967294u), 4294967294u);
	assert_int_equal(pt_extent_map_up(&high, 4294967295u), PT_ID_UNMAPPED);
}

static void test_shifted_range(void **state)
{
	/* "1000 200000 10": ids 1000..1009 inside are 200000..200009 outside */
	struct pt_extent e = { .first = 1000, .lower_first = 200000, .count = 10 };

	(void)state;
	assert_int_equal(pt_extent_map_up(&e, 200000), 1000);
	assert_int_equal(pt_extent_map_up(&e, 200009), 1009);
	assert_int_equal(pt_extent_map_up(&e, 200010), PT_ID_UNMAPPED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remapped_root),
		cmocka_unit_test(test_init_namespace_line),
		cmocka_unit_test(test_single_id_and_empty),
		cmocka_unit_test(test_shifted_range),
	};

	return cmocka_run_group_tests_name("idmap", tests, NULL, NULL);
}
