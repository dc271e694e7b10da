// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Escaping of untrusted strings (user/lib/escape.c): the security boundary of
 * the output. Exact expectations for the edge cases, then exhaustive and
 * random inputs checked against a reference written differently from the
 * code under test: a character is valid UTF-8 here iff re-encoding its code
 * point gives back exactly its bytes (no range tables to get wrong twice).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wbuf_take.h"

#include "lib/escape.h"

static char buf[8192];
static size_t cols;

static const char *json(const char *s, size_t n)
{
	struct wbuf w = WBUF_INIT;

	escape_json(&w, s, n);
	return take(&w);
}

static const char *text(const char *s, size_t n)
{
	struct wbuf w = WBUF_INIT;

	cols = escape_text(&w, s, n);
	return take(&w);
}

/* ---- the reference ---- */

static size_t encode(unsigned int cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = 0xc0 | cp >> 6;
		o[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = 0xe0 | cp >> 12;
		o[1] = 0x80 | (cp >> 6 & 0x3f);
		o[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	o[0] = 0xf0 | cp >> 18;
	o[1] = 0x80 | (cp >> 12 & 0x3f);
	o[2] = 0x80 | (cp >> 6 & 0x3f);
	o[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/* Length of the one character at p (0: invalid byte), by round trip. */
static size_t ref_char(const unsigned char *p, size_t n, unsigned int *cp)
{
	unsigned char e[4];
	size_t len, i;
	unsigned int c;

	for (len = 1; len <= 4 && len <= n; len++) {
		c = len == 1 ? p[0] : p[0] & (0x7f >> len);
		for (i = 1; i < len; i++)
			c = c << 6 | (p[i] & 0x3f);
		if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			continue;
		if (encode(c, e) == len && !memcmp(e, p, len)) {
			*cp = c;
			return len;
		}
	}
	return 0;
}

static int ref_dangerous(unsigned int cp)
{
	static const unsigned int list[] = { 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d,
					     0x202e, 0x2066, 0x2067, 0x2068, 0x2069 };
	size_t i;

	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return 1;
	for (i = 0; i < sizeof(list) / sizeof(list[0]); i++)
		if (cp == list[i])
			return 1;
	return 0;
}

/* What a JSON reader must get back: text unchanged, a bad byte as the 4 chars \xNN. */
static char *ref_json_value(const unsigned char *s, size_t n, size_t *olen)
{
	char *o = malloc(4 * n + 1);
	size_t i = 0, k, w = 0;
	unsigned int cp;

	while (i < n && s[i]) {
		k = ref_char(s + i, n - i, &cp);
		if (!k) {
			w += sprintf(o + w, "\\x%02x", s[i]);
			i++;
		} else {
			memcpy(o + w, s + i, k);
			w += k;
			i += k;
		}
	}
	o[w] = 0;
	*olen = w;
	return o;
}

/* escape_text's exact output. */
static char *ref_text(const unsigned char *s, size_t n)
{
	char *o = malloc(8 * n + 1);
	size_t i = 0, k, w = 0;
	unsigned int cp;

	while (i < n && s[i]) {
		k = ref_char(s + i, n - i, &cp);
		if (!k || cp < 0x20 || cp == 0x7f) {
			w += sprintf(o + w, "\\x%02x", s[i]);
			i++;
			continue;
		}
		if (cp == '\\')
			w += sprintf(o + w, "\\\\");
		else if (ref_dangerous(cp))
			w += sprintf(o + w, "\\u{%04x}", cp);
		else
			memcpy(o + w, s + i, k), w += k;
		i += k;
	}
	o[w] = 0;
	return o;
}

/*
 * A strict reader for one JSON string literal: the whole of lit, nothing
 * after the closing quote, no raw byte below 0x20, only JSON's escapes.
 * Returns the decoded value (UTF-8), NULL if lit is not one string.
 */
static char *json_decode(const char *lit, size_t *olen)
{
	const unsigned char *p = (const unsigned char *)lit;
	char *o = malloc(strlen(lit) + 1);
	size_t w = 0;
	unsigned int cp;

	if (*p++ != '"')
		goto bad;
	for (;;) {
		if (*p == '"')
			break;
		if (*p < 0x20)
			goto bad; /* also the end of lit: unterminated */
		if (*p != '\\') {
			o[w++] = *p++;
			continue;
		}
		p++;
		switch (*p++) {
		case '"': o[w++] = '"'; break;
		case '\\': o[w++] = '\\'; break;
		case '/': o[w++] = '/'; break;
		case 'b': o[w++] = '\b'; break;
		case 'f': o[w++] = '\f'; break;
		case 'n': o[w++] = '\n'; break;
		case 'r': o[w++] = '\r'; break;
		case 't': o[w++] = '\t'; break;
		case 'u':
			if (sscanf((const char *)p, "%4x", &cp) != 1 || strspn((const char *)p,
				"0123456789abcdefABCDEF") < 4)
				goto bad;
			if (cp >= 0xd800 && cp <= 0xdfff)
				goto bad; /* we never need a surrogate pair */
			p += 4;
			w += encode(cp, (unsigned char *)o + w);
			break;
		default:
			goto bad;
		}
	}
	if (p[1] != 0)
		goto bad;
	o[w] = 0;
	*olen = w;
	return o;
bad:
	free(o);
	return NULL;
}

/* One line of valid UTF-8 with no control, C1, separator or bidi character in it. */
static void assert_inert(const char *s, const unsigned char *in, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, k;
	unsigned int cp;

	while (i < len) {
		k = ref_char(p + i, len - i, &cp);
		if (!k || ref_dangerous(cp))
			fail_msg("unsafe output byte %zu (0x%02x) in \"%s\" for input %02x %02x %02x %02x "
				 "(n=%zu)", i, p[i], s, n > 0 ? in[0] : 0, n > 1 ? in[1] : 0,
				 n > 2 ? in[2] : 0, n > 3 ? in[3] : 0, n);
		i += k;
	}
}

/* Both outputs of in[0..n) against the reference, and both inert. */
static void check(const unsigned char *in, size_t n)
{
	size_t vlen, dlen = 0;
	char *want = ref_json_value(in, n, &vlen), *got, *t = ref_text(in, n);

	json((const char *)in, n);
	assert_inert(buf, in, n);
	got = json_decode(buf, &dlen);
	if (!got)
		fail_msg("not one JSON string: %s", buf);
	if (dlen != vlen || memcmp(got, want, vlen))
		fail_msg("JSON %s decodes to \"%s\", want \"%s\"", buf, got, want);
	text((const char *)in, n);
	assert_inert(buf, in, n);
	if (strcmp(buf, t))
		fail_msg("text \"%s\", want \"%s\"", buf, t);
	free(want);
	free(got);
	free(t);
}

/* ---- exact expectations ---- */

static void test_json_plain_and_quotes(void **state)
{
	(void)state;
	assert_string_equal(json("cat", 16), "\"cat\"");
	assert_string_equal(json("a\"b\\c", 16), "\"a\\\"b\\\\c\"");
	assert_string_equal(json("tab\there\nnl\rcr", 32), "\"tab\\there\\nnl\\rcr\"");
	assert_string_equal(json("a/b c~", 16), "\"a/b c~\"");
	assert_string_equal(json("", 16), "\"\"");
	assert_string_equal(json("abc", 0), "\"\"");
	assert_string_equal(json(NULL, 16), "\"\"");
}

/* Every byte alone: the rule restated byte by byte. */
static void test_every_byte_alone(void **state)
{
	char in[1], want[16];
	int b;

	(void)state;
	for (b = 0; b < 256; b++) {
		in[0] = (char)b;
		if (b == 0)
			strcpy(want, "\"\"");
		else if (b == '"' || b == '\\')
			sprintf(want, "\"\\%c\"", b);
		else if (b == '\n' || b == '\t' || b == '\r')
			sprintf(want, "\"\\%c\"", b == '\n' ? 'n' : b == '\t' ? 't' : 'r');
		else if (b < 0x20 || b == 0x7f)
			sprintf(want, "\"\\u%04x\"", b);
		else if (b < 0x80)
			sprintf(want, "\"%c\"", b);
		else /* a lead without its tail, or a stray continuation */
			sprintf(want, "\"\\\\x%02x\"", b);
		assert_string_equal(json(in, 1), want);

		if (b == 0)
			strcpy(want, "");
		else if (b == '\\')
			strcpy(want, "\\\\");
		else if (b < 0x20 || b >= 0x7f)
			sprintf(want, "\\x%02x", b);
		else
			sprintf(want, "%c", b);
		assert_string_equal(text(in, 1), want);
		assert_int_equal(cols, strlen(want));
	}
}

static void test_forgery(void **state)
{
	const char *fake = "x\"}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event\":{\"kind\":\"event\"}}";

	(void)state;
	/* a comm or path that tries to end the record and start another */
	assert_string_equal(json(fake, 128),
			    "\"x\\\"}\\n{\\\"@timestamp\\\":\\\"2026-01-01T00:00:00Z\\\",\\\"event\\\":"
			    "{\\\"kind\\\":\\\"event\\\"}}\"");
	assert_string_equal(text(fake, 128), "x\"}\\x0a{\"@timestamp\":\"2026-01-01T00:00:00Z\","
					     "\"event\":{\"kind\":\"event\"}}");
	/* a fake text line after a carriage return */
	assert_string_equal(text("a\r12:00:00.000 1 init 0/0 setuid ok", 64),
			    "a\\x0d12:00:00.000 1 init 0/0 setuid ok");
	/* terminal control: colour, clear screen, window title, bell */
	assert_string_equal(json("\x1b[31mred\x1b[0m", 32), "\"\\u001b[31mred\\u001b[0m\"");
	assert_string_equal(text("\x1b[31mred\x1b[0m", 32), "\\x1b[31mred\\x1b[0m");
	assert_string_equal(json("\x1b]0;pwn\x07\x1b[2J", 32), "\"\\u001b]0;pwn\\u0007\\u001b[2J\"");
	assert_string_equal(text("\x1b]0;pwn\x07\x1b[2J", 32), "\\x1b]0;pwn\\x07\\x1b[2J");
	/* 8-bit CSI, raw (invalid UTF-8) and encoded as U+009B */
	assert_string_equal(json("\x9b" "2J", 16), "\"\\\\x9b2J\"");
	assert_string_equal(text("\x9b" "2J", 16), "\\x9b2J");
	assert_string_equal(json("\xc2\x9b" "2J", 16), "\"\\u009b2J\"");
	assert_string_equal(text("\xc2\x9b" "2J", 16), "\\u{009b}2J");
	/* a backslash cannot pass for an escape in text: \x0a stays 5 characters */
	assert_string_equal(text("\\x0a", 16), "\\\\x0a");
}

static void test_valid_utf8_passes(void **state)
{
	(void)state;
	assert_string_equal(json("h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7", 32),
			    "\"h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7\"");
	assert_string_equal(text("h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7", 32),
			    "h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7");
	assert_int_equal(cols, 6); /* one column per code point, not per byte */
	/* boundaries of each length: U+0080 is C1 (escaped), the rest pass */
	assert_string_equal(json("\xc2\xa0\xdf\xbf", 16), "\"\xc2\xa0\xdf\xbf\"");
	assert_string_equal(json("\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf", 16),
			    "\"\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\"");
	assert_string_equal(json("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 16),
			    "\"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* overlongs: "/" as 2, 3, 4 bytes; NUL as 2; the largest overlong of each length */
	assert_string_equal(json("\xc0\xaf", 16), "\"\\\\xc0\\\\xaf\"");
	assert_string_equal(json("\xc0\x80", 16), "\"\\\\xc0\\\\x80\"");
	assert_string_equal(json("\xc1\xbf", 16), "\"\\\\xc1\\\\xbf\"");
	assert_string_equal(json("\xe0\x80\xaf", 16), "\"\\\\xe0\\\\x80\\\\xaf\"");
	assert_string_equal(json("\xe0\x9f\xbf", 16), "\"\\\\xe0\\\\x9f\\\\xbf\"");
	assert_string_equal(json("\xf0\x80\x80\xaf", 16), "\"\\\\xf0\\\\x80\\\\x80\\\\xaf\"");
	assert_string_equal(json("\xf0\x8f\xbf\xbf", 16), "\"\\\\xf0\\\\x8f\\\\xbf\\\\xbf\"");
	assert_string_equal(text("\xc0\x80", 16), "\\xc0\\x80");
	/* UTF-16 surrogates, first and last */
	assert_string_equal(json("\xed\xa0\x80", 16), "\"\\\\xed\\\\xa0\\\\x80\"");
	assert_string_equal(json("\xed\xbf\xbf", 16), "\"\\\\xed\\\\xbf\\\\xbf\"");
	assert_string_equal(text("\xed\xa0\x80", 16), "\\xed\\xa0\\x80");
	/* above U+10FFFF, and leads that can never start one */
	assert_string_equal(json("\xf4\x90\x80\x80", 16), "\"\\\\xf4\\\\x90\\\\x80\\\\x80\"");
	assert_string_equal(json("\xf5\x80\x80\x80", 16), "\"\\\\xf5\\\\x80\\\\x80\\\\x80\"");
	assert_string_equal(json("\xf8\x88\x80\x80\x80", 16),
			    "\"\\\\xf8\\\\x88\\\\x80\\\\x80\\\\x80\"");
	assert_string_equal(json("\xfe\xff", 16), "\"\\\\xfe\\\\xff\"");
	assert_string_equal(text("\xf4\x90\x80\x80", 16), "\\xf4\\x90\\x80\\x80");
	/* a bad lead is one byte: what follows is read afresh */
	assert_string_equal(json("\xe2\x28\xa1", 16), "\"\\\\xe2(\\\\xa1\"");
	assert_string_equal(json("\xe2\xc3\xa9", 16), "\"\\\\xe2\xc3\xa9\"");
	assert_string_equal(json("\x80\xbf" "a", 16), "\"\\\\x80\\\\xbfa\"");
}

/* A sequence cut by the buffer bound or by a NUL: bytes escaped, nothing read past n. */
static void test_truncated(void **state)
{
	/* the bytes after each bound are valid continuations: reading them would pass */
	static const char euro[] = "a\xe2\x82\xac", peng[] = "\xf0\x9f\x90\xa7";

	(void)state;
	assert_string_equal(json(euro, 2), "\"a\\\\xe2\"");
	assert_string_equal(json(euro, 3), "\"a\\\\xe2\\\\x82\"");
	assert_string_equal(json(euro, 4), "\"a\xe2\x82\xac\"");
	assert_string_equal(json(peng, 1), "\"\\\\xf0\"");
	assert_string_equal(json(peng, 2), "\"\\\\xf0\\\\x9f\"");
	assert_string_equal(json(peng, 3), "\"\\\\xf0\\\\x9f\\\\x90\"");
	assert_string_equal(text(peng, 3), "\\xf0\\x9f\\x90");
	assert_string_equal(json("\xc3", 1), "\"\\\\xc3\"");
	assert_string_equal(text("\xc3\xa9", 1), "\\xc3");
	/* cut by a NUL inside the sequence */
	assert_string_equal(json("\xe2\x82\0\xac", 4), "\"\\\\xe2\\\\x82\"");
	assert_string_equal(json("\xe2\x82" "A", 16), "\"\\\\xe2\\\\x82A\"");
	/* a full comm without a NUL stops at the bound */
	assert_string_equal(json("0123456789abcdefXYZ", 16), "\"0123456789abcdef\"");
	assert_string_equal(text("0123456789abcdefXYZ", 16), "0123456789abcdef");
}

static void test_embedded_nul(void **state)
{
	(void)state;
	assert_string_equal(json("ab\0\n\x1b", 5), "\"ab\"");
	assert_string_equal(text("ab\0\n\x1b", 5), "ab");
	assert_string_equal(json("\0abc", 4), "\"\"");
}

/* C1, separators and bidi controls by code point; their neighbours pass. */
static void test_dangerous_code_points(void **state)
{
	unsigned char in[4];
	char want[32];
	unsigned int cp;
	size_t k;

	(void)state;
	for (cp = 0x80; cp <= 0x2070; cp++) {
		k = encode(cp, in);
		if (ref_dangerous(cp)) {
			sprintf(want, "\"\\u%04x\"", cp);
			assert_string_equal(json((char *)in, k), want);
			sprintf(want, "\\u{%04x}", cp);
			assert_string_equal(text((char *)in, k), want);
		} else {
			sprintf(want, "\"%.*s\"", (int)k, in);
			assert_string_equal(json((char *)in, k), want);
			assert_memory_equal(text((char *)in, k), in, k);
			assert_int_equal(strlen(buf), k);
			assert_int_equal(cols, 1);
		}
	}
	assert_string_equal(json("\xe2\x80\xae" "gpj.exe", 16), "\"\\u202egpj.exe\"");
	assert_string_equal(text("\xe2\x80\xae" "gpj.exe", 16), "\\u{202e}gpj.exe");
	assert_string_equal(json("\xe2\x80\xa8\xe2\x81\xa6", 16), "\"\\u2028\\u2066\"");
}

/* Every one- and two-byte string, and every lead with each second byte. */
static void test_exhaustive_short(void **state)
{
	unsigned char in[4];
	unsigned int a, b, c, d;
	static const unsigned int tails[] = { 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 'A', 0xc3 };
	size_t i, j;

	(void)state;
	for (a = 1; a < 256; a++) {
		in[0] = a;
		check(in, 1);
		for (b = 1; b < 256; b++) {
			in[1] = b;
			check(in, 2);
		}
	}
	for (a = 0xe0; a < 0x100; a++)
		for (b = 1; b < 256; b++)
			for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
				in[0] = a, in[1] = b, in[2] = tails[i];
				check(in, 3);
			}
	for (a = 0xf0; a < 0xf8; a++)
		for (b = 0x80; b < 0xc0; b++)
			for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++)
				for (j = 0; j < sizeof(tails) / sizeof(tails[0]); j++) {
					c = tails[i], d = tails[j];
					in[0] = a, in[1] = b, in[2] = c, in[3] = d;
					check(in, 4);
					check(in, 3); /* the same, cut by the bound */
				}
}

/* Random strings weighted towards the bytes that matter. */
static void test_random(void **state)
{
	static const unsigned char pick[] = { 0x01, 0x0a, 0x0d, 0x1b, 0x22, 0x5c, 0x7f, 0x80, 0x9b,
					      0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0,
					      0xf4, 0xf5, 0xff, 0x80, 0xa0, 0xae, 0x81, 0xa6 };
	unsigned char in[256];
	int i, j, n;

	(void)state;
	srand(42);
	for (i = 0; i < 30000; i++) {
		n = rand() % 256 + 1;
		for (j = 0; j < n; j++)
			in[j] = rand() % 2 ? pick[rand() % sizeof(pick)] : (unsigned char)(rand() % 255 + 1);
		check(in, n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_plain_and_quotes),
		cmocka_unit_test(test_every_byte_alone),
		cmocka_unit_test(test_forgery),
		cmocka_unit_test(test_valid_utf8_passes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_dangerous_code_points),
		cmocka_unit_test(test_exhaustive_short),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests_name("escape", tests, NULL, NULL);
}
