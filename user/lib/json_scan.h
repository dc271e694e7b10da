/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A small, strict JSON reader for what container runtimes answer or leave on
 * disk (Docker's inspect, OCI config.json, containers.json). No tree is
 * built: json_parse() checks the whole document once (RFC 8259 grammar,
 * UTF-8, nesting depth), and values are then found by walking the bytes.
 * Every byte is untrusted: nothing here reads outside [buf, buf + len), and a
 * malformed document is refused as a whole rather than half-read.
 */
#ifndef PT_JSON_SCAN_H
#define PT_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* Deeper documents are refused: runtimes nest a few levels, attackers more. */
#define JSON_MAX_DEPTH 64

enum json_type {
	JSON_NONE = 0,  /* not found / not a value */
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/* One value of a parsed document: its bytes, quotes and brackets included. */
struct json_val {
	const char *p;
	size_t len;
	enum json_type type;
};

/* Members of an array or an object, in document order. */
struct json_iter {
	const char *p, *end;
};

/* A path of object keys, e.g. JSON_PATH("Config", "Labels", "io.kubernetes.pod.name") */
#define JSON_PATH(...) ((const char *const[]){ __VA_ARGS__, NULL })

/*
 * Check buf[0..len) is exactly one JSON value (whitespace around it allowed)
 * and set *root to it. No NUL terminator is needed; NUL bytes are refused.
 * 0, or -1 for malformed or too deeply nested input.
 */
int json_parse(const char *buf, size_t len, struct json_val *root);

/*
 * The value at path (NULL-terminated keys) below obj; an empty path is obj
 * itself. A key that appears twice in an object means its last value, as
 * Go's encoding/json (the runtimes' own reader) takes it. Keys compare after
 * unescaping. 0, or -1 if some step is missing or not an object (*out is
 * then JSON_NONE).
 */
int json_get(const struct json_val *obj, const char *const *path, struct json_val *out);

/*
 * The decoded string (escapes resolved, \uXXXX surrogate pairs to UTF-8),
 * NUL-terminated, cut at a character boundary if it does not fit in size
 * bytes. Returns the full decoded length (>= size means cut), or -1 if v is
 * not a string or holds U+0000 (a C string cannot carry it faithfully).
 */
long json_string(const struct json_val *v, char *dst, size_t size);

/* Whether string v decodes to exactly s. */
bool json_string_eq(const struct json_val *v, const char *s);

/* An integer number (no fraction, no exponent) in range; 0, or -1. */
int json_int(const struct json_val *v, long long *out);

/* json_get() then json_string() / json_int(); the same results. */
long json_get_string(const struct json_val *obj, const char *const *path, char *dst, size_t size);
int json_get_int(const struct json_val *obj, const char *const *path, long long *out);

/*
 * Walk the members of an array or object v. Without json_iter_init's 0 (v
 * is an array or object), the *_next functions return 0 at once.
 */
int json_iter_init(struct json_iter *it, const struct json_val *v);
/* 1 and the next element, or 0 at the end. */
int json_array_next(struct json_iter *it, struct json_val *elem);
/* 1 and the next member's key (a string value) and value, or 0 at the end. */
int json_object_next(struct json_iter *it, struct json_val *key, struct json_val *val);

#endif
