/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A JSON writer that places its own commas (bpftool's json_writer.c is the
 * model): the caller says what it writes (an object, an array, a key and
 * its value), never a separator. Into a wbuf, no stdio; keys are string
 * literals (the macros take their length at compile time), string values
 * are escaped (lib/escape.h), raw values are the caller's own JSON.
 */
#ifndef PT_JSONW_H
#define PT_JSONW_H

#include <stdbool.h>
#include <linux/types.h>

#include "lib/escape.h"
#include "lib/wbuf.h"

#define JSONW_DEPTH 16

struct jsonw {
	struct wbuf *w;
	int depth;
	__u32 empty; /* bit d: the container at depth d has nothing in it yet */
	__u32 array; /* bit d: it is an array */
};

/* The record's object: "{" into w. */
static inline void jw_begin(struct jsonw *j, struct wbuf *w)
{
	j->w = w;
	j->depth = 0;
	j->empty = 1;
	j->array = 0;
	wbuf_ch(w, '{');
}

/*
 * A fragment to be copied into a record later, after a field of an open
 * object: into w, starting with the comma that then comes first.
 */
static inline void jw_continue(struct jsonw *j, struct wbuf *w)
{
	j->w = w;
	j->depth = 0;
	j->empty = 0;
	j->array = 0;
}

/* A comma unless the container is still empty. */
static inline void jw_sep(struct jsonw *j)
{
	if (j->empty & (1u << j->depth))
		j->empty &= ~(1u << j->depth);
	else
		wbuf_ch(j->w, ',');
}

/* "key": (a literal, quotes and colon added at compile time) */
#define jw_key(j, key) (jw_sep(j), wbuf_lit((j)->w, "\"" key "\":"))

static inline void jw_push(struct jsonw *j, char open, bool array)
{
	wbuf_ch(j->w, open);
	if (j->depth + 1 < JSONW_DEPTH) {
		j->depth++;
		j->empty |= 1u << j->depth;
		if (array)
			j->array |= 1u << j->depth;
		else
			j->array &= ~(1u << j->depth);
	}
}

/* "key":{ and "key":[ ; an array's elements take no key */
#define jw_obj(j, key) (jw_key(j, key), jw_push((j), '{', false))
#define jw_arr(j, key) (jw_key(j, key), jw_push((j), '[', true))

/* An object as an array's element */
static inline void jw_elem_obj(struct jsonw *j)
{
	jw_sep(j);
	jw_push(j, '{', false);
}

/* The innermost object or array closed. */
static inline void jw_close(struct jsonw *j)
{
	wbuf_ch(j->w, j->array & (1u << j->depth) ? ']' : '}');
	if (j->depth)
		j->depth--;
}

/* The record's object closed, and its line ended. */
static inline void jw_end(struct jsonw *j)
{
	while (j->depth)
		jw_close(j);
	wbuf_lit(j->w, "}\n");
}

/* values after jw_key(), or as array elements after jw_sep() */
#define jw_str(j, key, s, n) (jw_key(j, key), escape_json((j)->w, (s), (n)))
#define jw_cstr(j, key, s) jw_str(j, key, s, strlen(s))
/* a string value that is ours (a fixed word): quoted, not escaped */
#define jw_word(j, key, s) (jw_key(j, key), wbuf_ch((j)->w, '"'), wbuf_str((j)->w, (s)), \
			    wbuf_ch((j)->w, '"'))
#define jw_u64(j, key, v) (jw_key(j, key), wbuf_u64((j)->w, (v)))
#define jw_s64(j, key, v) (jw_key(j, key), wbuf_s64((j)->w, (v)))
#define jw_bool(j, key, v) (jw_key(j, key), (v) ? wbuf_lit((j)->w, "true") : wbuf_lit((j)->w, "false"))
#define jw_null(j, key) (jw_key(j, key), wbuf_lit((j)->w, "null"))
/* raw JSON the caller made: "[\"file\"]", a number it formatted */
#define jw_raw(j, key, lit) (jw_key(j, key), wbuf_lit((j)->w, lit))

static inline void jw_elem_word(struct jsonw *j, const char *s)
{
	jw_sep(j);
	wbuf_ch(j->w, '"');
	wbuf_str(j->w, s);
	wbuf_ch(j->w, '"');
}

static inline void jw_elem_u64(struct jsonw *j, __u64 v)
{
	jw_sep(j);
	wbuf_u64(j->w, v);
}

#endif
