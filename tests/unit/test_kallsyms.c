// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Noise-filter address ranges from a kallsyms table (user/kallsyms.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kallsyms.h"

static FILE *table(const char *text)
{
	return fmemopen((void *)text, strlen(text), "r");
}

static void test_ranges_unsorted(void **state)
{
	/* kallsyms is not sorted: module symbols and .cold parts come anywhere */
	static const char text[] =
		"ffffffff81a87cb0 T security_vm_enough_memory_mm\n"
		"ffffffff81784760 t do_task_stat\n"
		"ffffffff81a87d40 T security_other\n"
		"ffffffff817855f0 t proc_tid_stat_helper\n"
		"ffffffff81a87c00 T before\n"
		"ffffffffc0000000 t mod_sym\t[mod]\n";
	const char *const names[] = { "security_vm_enough_memory_mm", "missing", "do_task_stat" };
	__u64 r[3][2];
	FILE *f = table(text);

	(void)state;
	assert_int_equal(kallsyms_ranges(f, names, 3, r), 2);
	assert_int_equal(r[0][0], 0xffffffff81a87cb0ULL);
	assert_int_equal(r[0][1], 0xffffffff81a87d40ULL);
	assert_int_equal(r[1][0], 0);
	assert_int_equal(r[1][1], 0);
	assert_int_equal(r[2][0], 0xffffffff81784760ULL);
	assert_int_equal(r[2][1], 0xffffffff817855f0ULL);
	fclose(f);
}

static void test_restricted(void **state)
{
	/* kptr_restrict: every address reads as zero, nothing is resolved */
	static const char text[] = "0000000000000000 T do_task_stat\n"
				   "0000000000000000 T other\n";
	const char *const names[] = { "do_task_stat" };
	__u64 r[1][2];
	FILE *f = table(text);

	(void)state;
	assert_int_equal(kallsyms_ranges(f, names, 1, r), 0);
	assert_int_equal(r[0][0], 0);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranges_unsorted),
		cmocka_unit_test(test_restricted),
	};

	return cmocka_run_group_tests_name("kallsyms", tests, NULL, NULL);
}
