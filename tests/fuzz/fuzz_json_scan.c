// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The JSON reader (user/lib/json_scan.h) on any bytes: a document it takes
 * is walked whole, and each value found must lie inside its parent, parse
 * alone as the same value, decode (if a string) to NUL-free UTF-8 that a cut
 * buffer gets a prefix of, and json_get must find the last of equal keys.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "lib/json_scan.h"

static char full[1 << 16], cut[1 << 16];

static void check_utf8(const char *p, size_t n)
{
	size_t i = 0, k;
	unsigned int cp;

	while (i < n) {
		k = fz_utf8((const unsigned char *)p + i, n - i, &cp);
		fuzz_check(k && cp, "decoded string is not UTF-8 at %zu: %.*s", i, (int)n, p);
		i += k;
	}
}

static void check_string(const struct json_val *v, unsigned int seed)
{
	long n = json_string(v, full, sizeof(full)), m;
	size_t size = 1 + seed % 17;

	fuzz_check(n >= -1, "json_string gave %ld", n);
	if (n < 0 || (size_t)n >= sizeof(full))
		return;
	fuzz_check(strlen(full) == (size_t)n, "decoded length %ld, strlen %zu", n, strlen(full));
	check_utf8(full, n);
	fuzz_check(json_string_eq(v, full), "json_string_eq refuses its own decoding");
	/* a small buffer: the same length said, a prefix cut at a character's start */
	memset(cut, 'X', size);
	m = json_string(v, cut, size);
	fuzz_check(m == n, "%ld with %zu bytes, %ld with room", m, size, n);
	fuzz_check(memchr(cut, 0, size), "cut string not NUL-terminated");
	fuzz_check(!strncmp(cut, full, strlen(cut)), "cut is not a prefix");
	if ((size_t)n < size)
		fuzz_check(!strcmp(cut, full), "fits but differs");
	else
		check_utf8(cut, strlen(cut));
}

static void walk(const struct json_val *v, const char *lo, const char *hi, int depth,
		 unsigned int seed)
{
	struct json_val alone, key, val, got, last;
	const char *path[2] = { NULL, NULL };
	char name[256];
	struct json_iter it, it2;
	long long ll;

	fuzz_check(v->p >= lo && v->len && v->p + v->len <= hi, "value outside its parent");
	fuzz_check(depth <= JSON_MAX_DEPTH + 1, "deeper than JSON_MAX_DEPTH");
	fuzz_check(!json_parse(v->p, v->len, &alone) && alone.type == v->type &&
			   alone.p == v->p && alone.len == v->len,
		   "a member does not parse alone: %.*s", (int)v->len, v->p);
	switch (v->type) {
	case JSON_STRING:
		fuzz_check(v->p[0] == '"' && v->p[v->len - 1] == '"', "string type, not quoted");
		check_string(v, seed);
		break;
	case JSON_NUMBER:
		if (!json_int(v, &ll)) {
			char want[32];

			snprintf(want, sizeof(want), "%lld", ll);
			fuzz_check((v->len == strlen(want) && !memcmp(v->p, want, v->len)) ||
					   (v->len == 2 && !memcmp(v->p, "-0", 2)),
				   "json_int %lld from %.*s", ll, (int)v->len, v->p);
		}
		break;
	case JSON_ARRAY:
		fuzz_check(!json_iter_init(&it, v), "an array that cannot be walked");
		while (json_array_next(&it, &val))
			walk(&val, v->p + 1, v->p + v->len - 1, depth + 1, seed + 1);
		break;
	case JSON_OBJECT:
		fuzz_check(!json_iter_init(&it, v), "an object that cannot be walked");
		while (json_object_next(&it, &key, &val)) {
			fuzz_check(key.type == JSON_STRING, "a key of type %d", key.type);
			walk(&key, v->p + 1, v->p + v->len - 1, depth + 1, seed + 2);
			walk(&val, v->p + 1, v->p + v->len - 1, depth + 1, seed + 3);
			if (json_string(&key, full, sizeof(full)) < 0 || strlen(full) > 200)
				continue;
			/* the last member of that key, by its decoded name */
			strcpy(name, full);
			last.type = JSON_NONE;
			json_iter_init(&it2, v);
			while (json_object_next(&it2, &key, &got))
				if (json_string_eq(&key, name))
					last = got;
			path[0] = name;
			fuzz_check(!json_get(v, path, &got) && got.p == last.p && got.len == last.len,
				   "json_get(\"%s\") is not the last member of that name", name);
		}
		break;
	case JSON_NULL:
	case JSON_TRUE:
	case JSON_FALSE:
		break;
	default:
		fuzz_check(0, "type %d", v->type);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct json_val root;

	if (json_parse(p, size, &root))
		return 0;
	fuzz_check(!memchr(p, 0, size), "a NUL byte taken");
	walk(&root, p, p + size, 0, size);
	return 0;
}
