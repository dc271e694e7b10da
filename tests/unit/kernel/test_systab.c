// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The syscall tables the raw sys_enter/sys_exit programs index
 * (user/kernel/systab.c): every traced syscall is reachable through every ABI, each
 * number means one syscall, and the 32-bit ABI's 16-bit id calls say so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "kernel/systab.h"

static struct pt_systab t;

static void test_every_syscall_in_every_abi(void **state)
{
	unsigned int abi, nr, sys;

	(void)state;
	for (abi = 0; abi < PT_ABI_MAX; abi++) {
		for (sys = PT_SYS_NONE + 1; sys < PT_SYS_MAX; sys++) {
			int seen = 0;

			for (nr = 0; nr < PT_NR_MAX; nr++)
				seen += (t.sys[abi][nr] & PT_SYSTAB_SYS) == sys;
			if (!seen)
				fail_msg("ABI %d has no number for pt_syscall %d", abi, sys);
		}
	}
}

static void test_tables_from_one_source(void **state)
{
	size_t i;
	int nr, n;

	(void)state;
	/* no number listed twice in a table (a second one would overwrite the first) */
	for (n = 0, nr = 0; nr < PT_NR_MAX; nr++)
		n += t.sys[PT_ABI_64][nr] != 0;
	assert_int_equal(n, systab_64_len);
	for (n = 0, nr = 0; nr < PT_NR_MAX; nr++)
		n += t.sys[PT_ABI_IA32][nr] != 0;
	assert_int_equal(n, systab_ia32_len);
	for (n = 0, nr = 0; nr < PT_NR_MAX; nr++)
		n += t.sys[PT_ABI_X32][nr] != 0;
	assert_int_equal(n, systab_x32_len);
	for (i = 0; i < systab_64_len; i++)
		assert_true(systab_64[i].nr < PT_NR_MAX);
}

/* The numbers are the kernel's ABI: a few, checked against the syscall tables. */
static void test_known_numbers(void **state)
{
	(void)state;
	assert_int_equal(t.sys[PT_ABI_64][2], PT_SYS_open);
	assert_int_equal(t.sys[PT_ABI_64][257], PT_SYS_openat);
	assert_int_equal(t.sys[PT_ABI_64][105], PT_SYS_setuid);
	assert_int_equal(t.sys[PT_ABI_64][452], PT_SYS_fchmodat2);
	assert_int_equal(t.sys[PT_ABI_64][463], PT_SYS_setxattrat);
	assert_int_equal(t.sys[PT_ABI_IA32][466], PT_SYS_removexattrat);
	assert_int_equal(t.sys[PT_ABI_X32][469], PT_SYS_file_setattr);
	assert_int_equal(t.sys[PT_ABI_64][0], 0); /* read: not traced */
	assert_int_equal(t.sys[PT_ABI_64][9], 0); /* mmap */

	assert_int_equal(t.sys[PT_ABI_IA32][5], PT_SYS_open);
	assert_int_equal(t.sys[PT_ABI_IA32][295], PT_SYS_openat);
	assert_int_equal(t.sys[PT_ABI_IA32][213], PT_SYS_setuid);                   /* setuid32 */
	assert_int_equal(t.sys[PT_ABI_IA32][23], PT_SYS_setuid | PT_SYSTAB_UID16);  /* setuid */
	assert_int_equal(t.sys[PT_ABI_IA32][164], PT_SYS_setresuid | PT_SYSTAB_UID16);
	assert_int_equal(t.sys[PT_ABI_IA32][182], PT_SYS_chown | PT_SYSTAB_UID16);  /* chown16 */
	assert_int_equal(t.sys[PT_ABI_IA32][212], PT_SYS_chown);                    /* chown32 */
	assert_int_equal(t.sys[PT_ABI_IA32][193], PT_SYS_truncate);                 /* truncate64 */
	assert_int_equal(t.sys[PT_ABI_IA32][11], PT_SYS_execve);
	assert_int_equal(t.sys[PT_ABI_IA32][3], 0); /* read */

	/* x32: the bit stripped; execve has an x32 number of its own */
	assert_int_equal(t.sys[PT_ABI_X32][2], PT_SYS_open);
	assert_int_equal(t.sys[PT_ABI_X32][520], PT_SYS_execve);
	assert_int_equal(t.sys[PT_ABI_X32][59], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_syscall_in_every_abi),
		cmocka_unit_test(test_tables_from_one_source),
		cmocka_unit_test(test_known_numbers),
	};

	systab_fill(&t);
	return cmocka_run_group_tests_name("systab", tests, NULL, NULL);
}
