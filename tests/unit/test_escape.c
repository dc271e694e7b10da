// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Escaping of untrusted strings (user/escape.c): the security boundary of the output. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "escape.h"

static char buf[8192];

static const char *json(const char *s, size_t n)
{
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	escape_json(f, s, n);
	fclose(f);
	return buf;
}

static const char *text(const char *s, size_t n)
{
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	size_t w = escape_text(f, s, n);

	fclose(f);
	assert_int_equal(w, strlen(buf));
	return buf;
}

/* Nothing below 0x20, no DEL, no raw C1 or bidi control: safe on one line. */
static void assert_inert(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		assert_true(*p >= 0x20 && *p != 0x7f);
		if (p[0] == 0xc2)
			assert_false(p[1] >= 0x80 && p[1] <= 0x9f);
		if (p[0] == 0xe2 && p[1] == 0x80)
			assert_false(p[2] >= 0xa8 && p[2] <= 0xae);
		if (p[0] == 0xe2 && p[1] == 0x81)
			assert_false(p[2] >= 0xa6 && p[2] <= 0xa9);
	}
}

static void test_json_plain_and_quotes(void **state)
{
	(void)state;
	assert_string_equal(json("cat", 16), "\"cat\"");
	assert_string_equal(json("a\"b\\c", 16), "\"a\\\"b\\\\c\"");
	assert_string_equal(json("tab\there\nnl\rcr", 32), "\"tab\\there\\nnl\\rcr\"");
	assert_string_equal(json("", 16), "\"\"");
	assert_string_equal(json(NULL, 16), "\"\"");
}

static void test_json_forgery(void **state)
{
	(void)state;
	/* a comm that tries to end the record and start another */
	assert_string_equal(json("x\"}\n{\"event\":1", 64), "\"x\\\"}\\n{\\\"event\\\":1\"");
	assert_string_equal(json("\x1b[2J\x07", 16), "\"\\u001b[2J\\u0007\"");
	assert_string_equal(json("\x7f", 16), "\"\\u007f\"");
}

static void test_json_utf8(void **state)
{
	(void)state;
	/* valid UTF-8 passes unchanged */
	assert_string_equal(json("h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7", 32),
			    "\"h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7\"");
	/* invalid bytes become the text \xNN */
	assert_string_equal(json("\xff\xfe", 16), "\"\\\\xff\\\\xfe\"");
	/* overlong "/" and NUL, a surrogate, above U+10FFFF: every byte escaped */
	assert_string_equal(json("\xc0\xaf", 16), "\"\\\\xc0\\\\xaf\"");
	assert_string_equal(json("\xc1\x80", 16), "\"\\\\xc1\\\\x80\"");
	assert_string_equal(json("\xe0\x80\xaf", 16), "\"\\\\xe0\\\\x80\\\\xaf\"");
	assert_string_equal(json("\xed\xa0\x80", 16), "\"\\\\xed\\\\xa0\\\\x80\"");
	assert_string_equal(json("\xf4\x90\x80\x80", 16), "\"\\\\xf4\\\\x90\\\\x80\\\\x80\"");
	/* a sequence cut by the buffer bound is invalid, not read past the bound */
	assert_string_equal(json("a\xe2\x82\xac", 3), "\"a\\\\xe2\\\\x82\"");
	/* C1 controls, separators and bidi overrides are valid but escaped */
	assert_string_equal(json("\xc2\x9b" "1m", 16), "\"\\u009b1m\"");
	assert_string_equal(json("\xe2\x80\xae" "gpj.exe", 16), "\"\\u202egpj.exe\"");
	assert_string_equal(json("\xe2\x80\xa8\xe2\x81\xa6", 16), "\"\\u2028\\u2066\"");
}

static void test_json_bounds(void **state)
{
	(void)state;
	/* comm is 16 bytes without a NUL when full: stop at the bound */
	assert_string_equal(json("0123456789abcdefXYZ", 16), "\"0123456789abcdef\"");
	assert_string_equal(json("ab\0cd", 5), "\"ab\"");
}

static void test_every_byte(void **state)
{
	char in[2] = { 0, 0 };
	int b;

	(void)state;
	for (b = 1; b < 256; b++) {
		in[0] = (char)b;
		assert_inert(json(in, 1));
		assert_inert(text(in, 1));
	}
}

static void test_random_bytes(void **state)
{
	char in[64];
	int i, j;

	(void)state;
	srand(42);
	for (i = 0; i < 20000; i++) {
		for (j = 0; j < 64; j++)
			in[j] = (char)(rand() % 255 + 1);
		assert_inert(json(in, sizeof(in)));
		assert_inert(text(in, sizeof(in)));
	}
}

static void test_text(void **state)
{
	(void)state;
	assert_string_equal(text("/etc/shadow", 64), "/etc/shadow");
	assert_string_equal(text("a b\\c", 64), "a b\\\\c");
	assert_string_equal(text("x\n\x1b[2J\r\x07", 64), "x\\x0a\\x1b[2J\\x0d\\x07");
	assert_string_equal(text("\xff\xc3\xa9\xc3", 64), "\\xff\xc3\xa9\\xc3");
	assert_string_equal(text("\xe2\x80\xae\xc2\x85", 64), "\\u{202e}\\u{0085}");
	assert_string_equal(text("0123456789abcdefXYZ", 16), "0123456789abcdef");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_plain_and_quotes),
		cmocka_unit_test(test_json_forgery),
		cmocka_unit_test(test_json_utf8),
		cmocka_unit_test(test_json_bounds),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests_name("escape", tests, NULL, NULL);
}
