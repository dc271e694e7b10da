// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The JSON reader (user/lib/json_scan.c): values by path, decoding, and refusal
 * of everything RFC 8259 does not allow. Documents are copied into buffers
 * of their exact size, without a NUL after them, so a read past the end
 * shows under a sanitizer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/json_scan.h"

static char *exact(const char *s, size_t n)
{
	char *b = malloc(n ? n : 1);

	assert_non_null(b);
	memcpy(b, s, n);
	return b;
}

static int parse_n(const char *s, size_t n)
{
	struct json_val v;
	char *b = exact(s, n);
	int r = json_parse(b, n, &v);

	free(b);
	return r;
}

static int parse(const char *s)
{
	return parse_n(s, strlen(s));
}

/* A Docker inspect answer, cut down. */
static const char inspect[] =
	"{\"Id\":\"4f2a\",\"Name\":\"/web\",\"State\":{\"Status\":\"running\",\"Running\":true,"
	"\"Pid\":31337,\"ExitCode\":0,\"Health\":null},\"Config\":{\"Image\":\"nginx:1.25\","
	"\"Cmd\":[\"nginx\",\"-g\",\"daemon off;\"],\"Labels\":{"
	"\"io.kubernetes.pod.name\":\"web-0\",\"io.kubernetes.pod.namespace\":\"prod\","
	"\"empty\":\"\"}},\"HostConfig\":{\"UsernsMode\":\"host\",\"CpuShares\":0,"
	"\"Ratio\":-1.5e+3}}";

static void test_paths(void **state)
{
	struct json_val root, v;
	char buf[64];
	long long n;

	(void)state;
	assert_int_equal(json_parse(inspect, strlen(inspect), &root), 0);
	assert_int_equal(root.type, JSON_OBJECT);
	assert_int_equal(json_get_string(&root, JSON_PATH("Name"), buf, sizeof(buf)), 4);
	assert_string_equal(buf, "/web");
	assert_int_equal(json_get_string(&root, JSON_PATH("Config", "Image"), buf, sizeof(buf)), 10);
	assert_string_equal(buf, "nginx:1.25");
	/* keys with dots are single keys */
	assert_true(json_get_string(&root, JSON_PATH("Config", "Labels", "io.kubernetes.pod.name"),
				    buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "web-0");
	assert_int_equal(json_get_string(&root, JSON_PATH("Config", "Labels", "empty"), buf,
					 sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(json_get_int(&root, JSON_PATH("State", "Pid"), &n), 0);
	assert_int_equal(n, 31337);
	assert_int_equal(json_get(&root, JSON_PATH("State", "Running"), &v), 0);
	assert_int_equal(v.type, JSON_TRUE);
	assert_int_equal(json_get(&root, JSON_PATH("State", "Health"), &v), 0);
	assert_int_equal(v.type, JSON_NULL);
	assert_int_equal(json_get(&root, JSON_PATH("HostConfig"), &v), 0);
	assert_int_equal(v.type, JSON_OBJECT);
	assert_int_equal(json_get(&v, JSON_PATH("UsernsMode"), &v), 0);
	assert_true(json_string_eq(&v, "host"));
	assert_false(json_string_eq(&v, "hos"));
	assert_false(json_string_eq(&v, "hostx"));
	/* empty path: the value itself */
	assert_int_equal(json_get(&root, (const char *const[]){ NULL }, &v), 0);
	assert_int_equal(v.len, root.len);

	/* missing, or through something that is not an object */
	assert_int_equal(json_get(&root, JSON_PATH("Nope"), &v), -1);
	assert_int_equal(v.type, JSON_NONE);
	assert_int_equal(json_get(&root, JSON_PATH("Config", "Image", "x"), &v), -1);
	assert_int_equal(json_get(&root, JSON_PATH("Config", "Cmd", "0"), &v), -1);
	assert_int_equal(json_get(&root, JSON_PATH("config", "image"), &v), -1); /* case matters */
	assert_int_equal(json_get_string(&root, JSON_PATH("State", "Pid"), buf, sizeof(buf)), -1);
	assert_string_equal(buf, "");
	assert_int_equal(json_get_int(&root, JSON_PATH("Name"), &n), -1);
	assert_int_equal(json_get_int(&root, JSON_PATH("HostConfig", "Ratio"), &n), -1);
}

static void test_strings(void **state)
{
	static const char doc[] =
		"{\"esc\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\te\","
		"\"u\":\"\\u00e9\\u20AC\\ud83d\\ude00x\","
		"\"raw\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\","
		"\"k\\u0065y\":1,\"nul\":\"a\\u0000b\",\"e\":\"\"}";
	struct json_val root, v;
	char buf[64];

	(void)state;
	assert_int_equal(json_parse(doc, strlen(doc), &root), 0);
	assert_int_equal(json_get_string(&root, JSON_PATH("esc"), buf, sizeof(buf)), 13);
	assert_string_equal(buf, "a\"b\\c/d\b\f\n\r\te");
	assert_int_equal(json_get_string(&root, JSON_PATH("u"), buf, sizeof(buf)), 10);
	assert_string_equal(buf, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80x");
	assert_int_equal(json_get_string(&root, JSON_PATH("raw"), buf, sizeof(buf)), 9);
	assert_string_equal(buf, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	/* keys compare unescaped */
	assert_int_equal(json_get(&root, JSON_PATH("key"), &v), 0);
	/* U+0000 cannot be a C string's */
	assert_int_equal(json_get_string(&root, JSON_PATH("nul"), buf, sizeof(buf)), -1);
	assert_int_equal(json_get(&root, JSON_PATH("nul"), &v), 0);
	assert_false(json_string_eq(&v, "a"));
	assert_int_equal(json_get_string(&root, JSON_PATH("e"), buf, sizeof(buf)), 0);

	/* cut at a character boundary, full length returned */
	assert_int_equal(json_get_string(&root, JSON_PATH("u"), buf, 6), 10);
	assert_string_equal(buf, "\xc3\xa9\xe2\x82\xac");
	assert_int_equal(json_get_string(&root, JSON_PATH("u"), buf, 5), 10);
	assert_string_equal(buf, "\xc3\xa9");
	assert_int_equal(json_get_string(&root, JSON_PATH("u"), buf, 1), 10);
	assert_string_equal(buf, "");
	/* once cut, a later small character is not taken either */
	assert_int_equal(json_get_string(&root, JSON_PATH("u"), buf, 9), 10);
	assert_string_equal(buf, "\xc3\xa9\xe2\x82\xac");
	assert_int_equal(json_get_string(&root, JSON_PATH("u"), NULL, 0), 10);
}

static void test_duplicate_keys(void **state)
{
	static const char doc[] = "{\"a\":1,\"b\":{\"c\":\"x\"},\"a\":2,\"b\":{\"d\":1}}";
	struct json_val root;
	long long n;

	(void)state;
	/* the last one, as Go's encoding/json reads it */
	assert_int_equal(json_parse(doc, strlen(doc), &root), 0);
	assert_int_equal(json_get_int(&root, JSON_PATH("a"), &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(json_get_int(&root, JSON_PATH("b", "d"), &n), 0);
	assert_int_equal(json_get_int(&root, JSON_PATH("b", "c"), &n), -1);
}

static void test_numbers(void **state)
{
	static const struct {
		const char *doc;
		int ret;
		long long val;
	} cases[] = {
		{ "0", 0, 0 },
		{ "-0", 0, 0 },
		{ "12", 0, 12 },
		{ "-5", 0, -5 },
		{ "9223372036854775807", 0, INT64_MAX },
		{ "-9223372036854775808", 0, INT64_MIN },
		{ "9223372036854775808", -1, 0 },
		{ "-9223372036854775809", -1, 0 },
		{ "99999999999999999999999", -1, 0 },
		{ "1.5", -1, 0 },
		{ "1e3", -1, 0 },
		{ "1E-3", -1, 0 },
		{ "\"12\"", -1, 0 },
	};
	struct json_val v;
	long long n;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(json_parse(cases[i].doc, strlen(cases[i].doc), &v), 0);
		n = 7;
		assert_int_equal(json_int(&v, &n), cases[i].ret);
		if (!cases[i].ret)
			assert_int_equal(n, cases[i].val);
	}
}

static void test_arrays(void **state)
{
	/* containers/storage's containers.json, Podman's entries */
	static const char doc[] =
		"[ {\"id\":\"aaa\",\"names\":[\"first\",\"alias\"],\"image\":\"sha256x\","
		"\"metadata\":\"{\\\"image-name\\\":\\\"docker.io/library/alpine:latest\\\"}\"},\n"
		"  {\"id\":\"bbb\",\"names\":[],\"image\":\"i2\",\"flags\":{\"MountLabel\":\"\"}} ,"
		"  7, [] ]";
	struct json_val root, e, names, n, key, val, md, inner;
	struct json_iter it, nit, oit;
	char buf[128];
	int count = 0, members = 0;

	(void)state;
	assert_int_equal(json_parse(doc, strlen(doc), &root), 0);
	assert_int_equal(root.type, JSON_ARRAY);
	assert_int_equal(json_iter_init(&it, &root), 0);
	while (json_array_next(&it, &e)) {
		count++;
		if (count == 1) {
			assert_int_equal(e.type, JSON_OBJECT);
			assert_int_equal(json_get(&e, JSON_PATH("names"), &names), 0);
			assert_int_equal(json_iter_init(&nit, &names), 0);
			assert_int_equal(json_array_next(&nit, &n), 1);
			assert_true(json_string_eq(&n, "first"));
			assert_int_equal(json_array_next(&nit, &n), 1);
			assert_true(json_string_eq(&n, "alias"));
			assert_int_equal(json_array_next(&nit, &n), 0);
			/* a document inside a string */
			assert_int_equal(json_get(&e, JSON_PATH("metadata"), &md), 0);
			assert_true(json_string(&md, buf, sizeof(buf)) > 0);
			assert_int_equal(json_parse(buf, strlen(buf), &inner), 0);
			assert_true(json_get_string(&inner, JSON_PATH("image-name"), buf,
						    sizeof(buf)) > 0);
			assert_string_equal(buf, "docker.io/library/alpine:latest");
			assert_int_equal(json_iter_init(&oit, &e), 0);
			while (json_object_next(&oit, &key, &val))
				members++;
			assert_int_equal(members, 4);
		} else if (count == 2) {
			assert_int_equal(json_get(&e, JSON_PATH("names"), &names), 0);
			assert_int_equal(json_iter_init(&nit, &names), 0);
			assert_int_equal(json_array_next(&nit, &n), 0);
		} else if (count == 3) {
			assert_int_equal(e.type, JSON_NUMBER);
		} else {
			assert_int_equal(e.type, JSON_ARRAY);
		}
	}
	assert_int_equal(count, 4);
	assert_int_equal(json_array_next(&it, &e), 0);

	/* not a container: nothing to walk */
	assert_int_equal(json_parse("\"s\"", 3, &e), 0);
	assert_int_equal(json_iter_init(&it, &e), -1);
	assert_int_equal(json_array_next(&it, &n), 0);
	assert_int_equal(json_object_next(&it, &key, &val), 0);
	assert_int_equal(json_parse("{}", 2, &e), 0);
	assert_int_equal(json_iter_init(&it, &e), 0);
	assert_int_equal(json_object_next(&it, &key, &val), 0);
}

static void test_valid(void **state)
{
	static const char *const ok[] = {
		"1", "-0.5e-7", "\"\"", "null", "true", "false", " \t\r\n{} \n", "[]",
		"[[],{},[{}]]", "{\"\":0}", "[1,-2,3.25,4E+2,0e0]", "\"\\u0041\\uD800\\uDC00\"",
		"\"\xef\xbf\xbf\"", "\"\xf4\x8f\xbf\xbf\"", "\"\x7f\"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_int_equal(parse(ok[i]), 0);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"", " ", "{", "}", "[", "]", "[1,]", "[,1]", "{\"a\":1,}", "{,}", "{\"a\" 1}",
		"{\"a\":}", "{a:1}", "{1:1}", "{\"a\":1 \"b\":2}", "[1 2]", "01", "-01", "-", "1.",
		".5", "1e", "1e+", "+1", "0x10", "NaN", "Infinity", "-Infinity", "tru", "nul",
		"True", "nulll", "\"abc", "abc\"", "'a'", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"",
		"\"\\U0041\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800x\"",
		"\"\\ud800\\ud800\"", "\"\\", "\"a\tb\"", "\"a\nb\"", "\"\x1f\"",
		"\"\xc0\x80\"", "\"\xc1\xbf\"", "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"",
		"\"\xf0\x80\x80\xaf\"", "\"\xf4\x90\x80\x80\"", "\"\xf5\x80\x80\x80\"", "\"\xff\"",
		"\"\x80\"", "\"\xe2\x82\"", "\"\xe2\x82", "\xef\xbb\xbf{}", "{}{}", "{} x", "[] ,",
		"1 2", "/* c */ {}", "{\"a\":1}//", "\v{}", "{\"a\":[1,2}", "[{]}",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(bad[i]) != -1)
			fail_msg("accepted malformed document %zu: %s", i, bad[i]);
	}
	/* a NUL byte, inside a string or between values */
	assert_int_equal(parse_n("\"a\0b\"", 5), -1);
	assert_int_equal(parse_n("{}\0", 3), -1);
	assert_int_equal(parse_n("[1,\0 2]", 7), -1);
	/* a document is exactly len bytes: one cut short is refused */
	assert_int_equal(parse_n("{\"a\":1}", 6), -1);
	assert_int_equal(parse_n("true", 3), -1);
	assert_int_equal(parse_n("123", 2), 0);	/* "12" is a document of its own */
	{
		struct json_val v;

		assert_int_equal(json_parse(NULL, 0, &v), -1);
		assert_int_equal(v.type, JSON_NONE);
	}
}

static char *nest(int depth, char open, char close, size_t *len)
{
	char *b = malloc(2 * depth + 1);
	int i;

	assert_non_null(b);
	for (i = 0; i < depth; i++) {
		b[i] = open;
		b[2 * depth - 1 - i] = close;
	}
	*len = 2 * depth;
	return b;
}

static void test_depth(void **state)
{
	struct json_val v;
	size_t len;
	char *b;

	(void)state;
	b = nest(JSON_MAX_DEPTH, '[', ']', &len);
	assert_int_equal(json_parse(b, len, &v), 0);
	free(b);
	b = nest(JSON_MAX_DEPTH + 1, '[', ']', &len);
	assert_int_equal(json_parse(b, len, &v), -1);
	free(b);
	/* deep enough to overflow a stack if depth were not bounded */
	b = nest(1000000, '[', ']', &len);
	assert_int_equal(json_parse(b, len, &v), -1);
	assert_int_equal(json_parse(b, len / 2, &v), -1);
	free(b);
	{
		/* {"a":{"a":...}} */
		size_t n = 200000, i, o = 0;
		char *d = malloc(n * 6);

		assert_non_null(d);
		for (i = 0; i < n; i++) {
			memcpy(d + o, "{\"a\":", 5);
			o += 5;
		}
		assert_int_equal(json_parse(d, o, &v), -1);
		free(d);
	}
}

/* Big and many: a few MiB of strings and keys parse and are found. */
static void test_large(void **state)
{
	size_t n = 4 << 20, i, o = 0;
	char *d = malloc(n + 64), buf[8];
	struct json_val root, v;

	(void)state;
	assert_non_null(d);
	o += sprintf(d, "{\"big\":\"");
	for (i = 0; i < n / 2; i++)
		d[o++] = 'x';
	o += sprintf(d + o, "\",\"k\":[");
	while (o < n) {
		d[o++] = '0';
		d[o++] = ',';
	}
	o += sprintf(d + o, "1],\"end\":\"yes\"}");
	assert_int_equal(json_parse(d, o, &root), 0);
	assert_int_equal(json_get_string(&root, JSON_PATH("big"), buf, sizeof(buf)), (long)(n / 2));
	assert_string_equal(buf, "xxxxxxx");
	assert_int_equal(json_get_string(&root, JSON_PATH("end"), buf, sizeof(buf)), 3);
	assert_int_equal(json_get(&root, JSON_PATH("k"), &v), 0);
	assert_int_equal(v.type, JSON_ARRAY);
	free(d);
}

static unsigned int rnd(unsigned long long *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/*
 * Random damage to a real document: whatever json_parse says, nothing
 * crashes or reads outside the buffer, and what it accepts can be walked.
 */
static void test_mutations(void **state)
{
	static const char *const alphabet = "{}[]\",:\\u0123456789abcdefABCDEF.-+eE tnrfl \x80\xc3\xed\xf4";
	unsigned long long seed = 0x5eed;
	size_t base = strlen(inspect), len, i;
	struct json_val root, v, key, val;
	struct json_iter it;
	char out[32], *b;
	long long n;
	int round, k, edits, accepted = 0;

	(void)state;
	for (round = 0; round < 20000; round++) {
		b = exact(inspect, base);
		len = base;
		edits = 1 + rnd(&seed) % 4;
		for (k = 0; k < edits; k++) {
			i = rnd(&seed) % len;
			switch (rnd(&seed) % 3) {
			case 0:
				b[i] = alphabet[rnd(&seed) % strlen(alphabet)];
				break;
			case 1:
				b[i] = rnd(&seed);
				break;
			default:
				len = i ? i : 1;	/* truncation */
			}
		}
		if (!json_parse(b, len, &root)) {
			accepted++;
			json_get_string(&root, JSON_PATH("Config", "Image"), out, sizeof(out));
			json_get_int(&root, JSON_PATH("State", "Pid"), &n);
			json_get(&root, JSON_PATH("Config", "Labels", "io.kubernetes.pod.name"), &v);
			json_string(&v, out, sizeof(out));
			if (!json_iter_init(&it, &root))
				while (json_object_next(&it, &key, &val))
					json_string(&val, out, sizeof(out));
		}
		free(b);
	}
	/* some damage leaves valid JSON (a digit for a digit): both paths ran */
	assert_true(accepted > 0);
}

/* A json_val made by hand, not by json_parse, is still read within bounds. */
static void test_handmade(void **state)
{
	char *b = exact("{\"a\":[1,", 8);
	struct json_val v = { .p = b, .len = 8, .type = JSON_OBJECT }, out, key, val;
	struct json_iter it;
	char s[8];

	(void)state;
	assert_int_equal(json_get(&v, JSON_PATH("a"), &out), -1);
	assert_int_equal(json_iter_init(&it, &v), 0);
	assert_int_equal(json_object_next(&it, &key, &val), 0);
	v.type = JSON_STRING;
	assert_int_equal(json_string(&v, s, sizeof(s)), -1);
	v.len = 1;
	assert_int_equal(json_string(&v, s, sizeof(s)), -1);
	v.type = JSON_NUMBER;
	v.len = 0;
	assert_int_equal(json_int(&v, (long long[1]){ 0 }), -1);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_handmade),
	};

	return cmocka_run_group_tests_name("json_scan", tests, NULL, NULL);
}
