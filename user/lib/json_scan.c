// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <limits.h>
#include <string.h>

#include "lib/json_scan.h"
#include "lib/utf8.h"

/*
 * Every scanner takes the current position and the end of what it may read
 * and returns the position after what it recognised, or NULL. The same
 * scanners check a document once (json_parse) and skip values later, so a
 * json_val built by hand is read as safely as one from json_parse.
 */

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static int hex4(const char *p, const char *end, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * One character of string content at *pp: its UTF-8 bytes in out, the count
 * returned, *pp moved past it. 0 at the closing quote, -1 for anything JSON
 * does not allow: raw control bytes, bad escapes, lone surrogates (Go would
 * have written U+FFFD, so a runtime never does), invalid UTF-8.
 */
static int str_char(const char **pp, const char *end, char out[4])
{
	const char *p = *pp;
	unsigned int cp, lo;
	int n;

	if (p >= end)
		return -1;
	if (*p == '"')
		return 0;
	if ((unsigned char)*p < 0x20)
		return -1;
	if (*p != '\\') {
		n = utf8_seq((const unsigned char *)p, end - p, &cp);
		if (!n)
			return -1;
		memcpy(out, p, n);
		*pp = p + n;
		return n;
	}
	if (++p >= end)
		return -1;
	switch (*p++) {
	case '"': cp = '"'; break;
	case '\\': cp = '\\'; break;
	case '/': cp = '/'; break;
	case 'b': cp = '\b'; break;
	case 'f': cp = '\f'; break;
	case 'n': cp = '\n'; break;
	case 'r': cp = '\r'; break;
	case 't': cp = '\t'; break;
	case 'u':
		if (hex4(p, end, &cp))
			return -1;
		p += 4;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return -1;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
			    hex4(p + 2, end, &lo) || lo < 0xdc00 || lo > 0xdfff)
				return -1;
			p += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		break;
	default:
		return -1;
	}
	*pp = p;
	return (int)utf8_put(cp, (unsigned char *)out);
}

/* p at the opening quote. */
static const char *scan_string(const char *p, const char *end)
{
	char c[4];
	int n;

	if (p >= end || *p != '"')
		return NULL;
	p++;
	while ((n = str_char(&p, end, c)) > 0)
		;
	return n < 0 ? NULL : p + 1;
}

static const char *scan_digits(const char *p, const char *end)
{
	const char *start = p;

	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p == start ? NULL : p;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static const char *scan_number(const char *p, const char *end)
{
	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (!(p = scan_digits(p, end)))
		return NULL;
	if (p < end && *p == '.' && !(p = scan_digits(p + 1, end)))
		return NULL;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!(p = scan_digits(p, end)))
			return NULL;
	}
	return p;
}

static const char *scan_word(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(end - p) < n || memcmp(p, word, n))
		return NULL;
	return p + n;
}

static enum json_type type_at(const char *p, const char *end)
{
	if (p >= end)
		return JSON_NONE;
	switch (*p) {
	case '{': return JSON_OBJECT;
	case '[': return JSON_ARRAY;
	case '"': return JSON_STRING;
	case 't': return JSON_TRUE;
	case 'f': return JSON_FALSE;
	case 'n': return JSON_NULL;
	default:
		return *p == '-' || (*p >= '0' && *p <= '9') ? JSON_NUMBER : JSON_NONE;
	}
}

static const char *scan_value(const char *p, const char *end, int depth);

/* p at '[' or '{'; members are values, or "key": value pairs. */
static const char *scan_container(const char *p, const char *end, int depth)
{
	char close = *p == '{' ? '}' : ']';
	bool object = close == '}';

	if (depth >= JSON_MAX_DEPTH)
		return NULL;
	p = skip_ws(p + 1, end);
	if (p < end && *p == close)
		return p + 1;
	for (;;) {
		if (object) {
			if (!(p = scan_string(p, end)))
				return NULL;
			p = skip_ws(p, end);
			if (p >= end || *p != ':')
				return NULL;
			p = skip_ws(p + 1, end);
		}
		if (!(p = scan_value(p, end, depth + 1)))
			return NULL;
		p = skip_ws(p, end);
		if (p >= end)
			return NULL;
		if (*p == close)
			return p + 1;
		if (*p != ',')
			return NULL;
		p = skip_ws(p + 1, end);
	}
}

/* p at the first byte of a value (no whitespace before it). */
static const char *scan_value(const char *p, const char *end, int depth)
{
	switch (type_at(p, end)) {
	case JSON_OBJECT:
	case JSON_ARRAY:
		return scan_container(p, end, depth);
	case JSON_STRING:
		return scan_string(p, end);
	case JSON_NUMBER:
		return scan_number(p, end);
	case JSON_TRUE:
		return scan_word(p, end, "true");
	case JSON_FALSE:
		return scan_word(p, end, "false");
	case JSON_NULL:
		return scan_word(p, end, "null");
	default:
		return NULL;
	}
}

/* The value starting at p into *v; the position after it, or NULL. */
static const char *take_value(const char *p, const char *end, struct json_val *v)
{
	const char *q = scan_value(p, end, 0);

	if (!q)
		return NULL;
	v->p = p;
	v->len = q - p;
	v->type = type_at(p, end);
	return q;
}

int json_parse(const char *buf, size_t len, struct json_val *root)
{
	const char *end, *p;

	memset(root, 0, sizeof(*root));
	if (!buf)
		return -1;
	end = buf + len;
	p = skip_ws(buf, end);
	if (!(p = take_value(p, end, root)) || skip_ws(p, end) != end) {
		memset(root, 0, sizeof(*root));
		return -1;
	}
	return 0;
}

int json_iter_init(struct json_iter *it, const struct json_val *v)
{
	it->p = it->end = NULL;
	if (!v || (v->type != JSON_ARRAY && v->type != JSON_OBJECT) || v->len < 2)
		return -1;
	it->p = v->p + 1;
	it->end = v->p + v->len - 1;	/* the closing bracket */
	return 0;
}

/* Past whitespace and one separating comma, or at the end. */
static bool iter_step(struct json_iter *it)
{
	it->p = skip_ws(it->p, it->end);
	if (it->p < it->end && *it->p == ',')
		it->p = skip_ws(it->p + 1, it->end);
	return it->p < it->end;
}

int json_array_next(struct json_iter *it, struct json_val *elem)
{
	const char *q;

	if (!it->p || !iter_step(it))
		return 0;
	if (!(q = take_value(it->p, it->end, elem))) {
		it->p = it->end;
		return 0;
	}
	it->p = q;
	return 1;
}

int json_object_next(struct json_iter *it, struct json_val *key, struct json_val *val)
{
	const char *q;

	if (!it->p || !iter_step(it))
		return 0;
	q = take_value(it->p, it->end, key);
	if (q && key->type == JSON_STRING) {
		q = skip_ws(q, it->end);
		if (q < it->end && *q == ':')
			q = take_value(skip_ws(q + 1, it->end), it->end, val);
		else
			q = NULL;
	} else {
		q = NULL;
	}
	if (!q) {
		it->p = it->end;
		return 0;
	}
	it->p = q;
	return 1;
}

int json_get(const struct json_val *obj, const char *const *path, struct json_val *out)
{
	struct json_val cur = *obj, key, val, found;
	struct json_iter it;

	memset(out, 0, sizeof(*out));
	memset(&found, 0, sizeof(found));
	for (; *path; path++) {
		if (cur.type != JSON_OBJECT || json_iter_init(&it, &cur))
			return -1;
		found.type = JSON_NONE;
		while (json_object_next(&it, &key, &val))
			if (json_string_eq(&key, *path))
				found = val;
		if (found.type == JSON_NONE)
			return -1;
		cur = found;
	}
	*out = cur;
	return 0;
}

long json_string(const struct json_val *v, char *dst, size_t size)
{
	const char *p, *end;
	size_t used = 0, total = 0;
	bool cut = false;
	char c[4];
	int n;

	if (size)
		dst[0] = '\0';
	if (!v || v->type != JSON_STRING || v->len < 2 || v->p[0] != '"')
		return -1;
	p = v->p + 1;
	end = v->p + v->len;
	while ((n = str_char(&p, end, c)) > 0) {
		if (n == 1 && !c[0])
			return -1;
		total += n;
		/* once a character does not fit, none after it is taken */
		if (!cut && used + n < size) {
			memcpy(dst + used, c, n);
			used += n;
		} else {
			cut = true;
		}
	}
	if (n < 0 || total > LONG_MAX)
		return -1;
	if (size)
		dst[used] = '\0';
	return total;
}

bool json_string_eq(const struct json_val *v, const char *s)
{
	const char *p, *end;
	size_t left = strlen(s);
	char c[4];
	int n;

	if (!v || v->type != JSON_STRING || v->len < 2 || v->p[0] != '"')
		return false;
	p = v->p + 1;
	end = v->p + v->len;
	while ((n = str_char(&p, end, c)) > 0) {
		if ((size_t)n > left || memcmp(s, c, n))
			return false;
		s += n;
		left -= n;
	}
	return n == 0 && left == 0;
}

int json_int(const struct json_val *v, long long *out)
{
	const char *p, *end;
	unsigned long long mag = 0, lim = LLONG_MAX;
	bool neg = false;

	if (!v || v->type != JSON_NUMBER || !v->len)
		return -1;
	p = v->p;
	end = v->p + v->len;
	if (*p == '-') {
		neg = true;
		lim = (unsigned long long)LLONG_MAX + 1;
		p++;
	}
	if (p == end)
		return -1;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return -1;	/* fraction or exponent: not an integer here */
		if (mag > (lim - (*p - '0')) / 10)
			return -1;
		mag = mag * 10 + (*p - '0');
	}
	if (!neg)
		*out = mag;
	else
		*out = mag ? -(long long)(mag - 1) - 1 : 0;	/* LLONG_MIN too */
	return 0;
}

long json_get_string(const struct json_val *obj, const char *const *path, char *dst, size_t size)
{
	struct json_val v;

	if (size)
		dst[0] = '\0';
	if (json_get(obj, path, &v))
		return -1;
	return json_string(&v, dst, size);
}

int json_get_int(const struct json_val *obj, const char *const *path, long long *out)
{
	struct json_val v;

	if (json_get(obj, path, &v))
		return -1;
	return json_int(&v, out);
}
