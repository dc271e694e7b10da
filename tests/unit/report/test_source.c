// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The report's reader of JSON lines (user/report/source.c): a last line
 * without its newline, after others, is read as it is, from where the
 * buffer holds it once the rest of the file was looked for (found by
 * fuzz_report: it was read through the buffer as it was before).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "report/source.h"

#define LINE1 "{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\",\"event\":{\"sequence\":1}}"
#define LINE2 "{\"@timestamp\":\"2026-11-24T09:04:07.000000001Z\",\"event\":{\"sequence\":2}}"

static void test_last_line_without_newline(void **state)
{
	char path[] = "/tmp/pt-test-source.XXXXXX";
	const char text[] = LINE1 "\n" LINE2;
	struct source *s;
	struct item it;
	FILE *err = stderr;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), sizeof(text) - 1);
	close(fd);
	/* the cut is said on stderr: not in the test's log */
	stderr = fopen("/dev/null", "w");
	assert_non_null(stderr);
	s = source_open(path);
	assert_non_null(s);
	assert_int_equal(source_next(s, &it), 1);
	assert_int_equal(it.len, strlen(LINE1));
	assert_memory_equal(it.p, LINE1, it.len);
	assert_int_equal(source_next(s, &it), 1);
	assert_int_equal(it.kind, ITEM_JSON);
	assert_int_equal(it.len, strlen(LINE2));
	assert_memory_equal(it.p, LINE2, it.len);
	assert_int_equal(it.seq, 2);
	assert_int_equal(source_next(s, &it), 0);
	source_close(s);
	fclose(stderr);
	stderr = err;
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_last_line_without_newline),
	};

	return cmocka_run_group_tests_name("report_source", tests, NULL, NULL);
}
