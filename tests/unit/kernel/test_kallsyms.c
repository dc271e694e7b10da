// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Noise-filter address ranges from a kallsyms table (user/kernel/kallsyms.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/kallsyms.h"

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

static void test_sorted_part_stops_early(void **state)
{
	/*
	 * the kernel's own symbols come first, sorted: once every name is
	 * found there and closed by the next higher address, the rest of the
	 * table is not read (here it would say otherwise, were it read)
	 */
	static const char text[] =
		"ffffffff81000000 T _text\n"
		"ffffffff81784760 t do_task_stat\n"
		"ffffffff81784760 t do_task_stat_alias\n"
		"ffffffff817855f0 t proc_tid_stat_helper\n"
		"ffffffff81a87cb0 T security_vm_enough_memory_mm\n"
		"ffffffff81a87d30 T security_other\n"
		"ffffffff81a87d00 T not_read\n"
		"ffffffffc0000000 t mod_sym\t[mod]\n";
	const char *const names[] = { "security_vm_enough_memory_mm", "do_task_stat" };
	__u64 r[2][2];
	FILE *f = table(text);

	(void)state;
	assert_int_equal(kallsyms_ranges(f, names, 2, r), 2);
	assert_int_equal(r[0][0], 0xffffffff81a87cb0ULL);
	assert_int_equal(r[0][1], 0xffffffff81a87d30ULL);
	assert_int_equal(r[1][0], 0xffffffff81784760ULL);
	assert_int_equal(r[1][1], 0xffffffff817855f0ULL);
	fclose(f);
}

static void test_module_function(void **state)
{
	/* a name past the sorted part: the whole table is read, the closest address wins */
	static const char text[] =
		"ffffffff81000000 T _text\n"
		"ffffffffc0002000 t mod_other\t[mod]\n"
		"ffffffffc0001000 t mod_func\t[mod]\n"
		"ffffffffc0003000 t mod_far\t[mod]\n";
	const char *const names[] = { "mod_func" };
	__u64 r[1][2];
	FILE *f = table(text);

	(void)state;
	assert_int_equal(kallsyms_ranges(f, names, 1, r), 1);
	assert_int_equal(r[0][0], 0xffffffffc0001000ULL);
	assert_int_equal(r[0][1], 0xffffffffc0002000ULL);
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
		cmocka_unit_test(test_sorted_part_stops_early),
		cmocka_unit_test(test_module_function),
		cmocka_unit_test(test_restricted),
	};

	return cmocka_run_group_tests_name("kallsyms", tests, NULL, NULL);
}
