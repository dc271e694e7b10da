/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The output's byte buffer: every record is built here, then handed to the
 * sinks whole. No stdio on the hot path: the buffer grows once to the
 * longest record and is reused; integers, hex and octal are written by
 * routines of its own. Out of memory, the buffer stops growing and says so
 * (wbuf.oom): a record is then not handed on, and counted.
 */
#ifndef PT_WBUF_H
#define PT_WBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <linux/types.h>

struct wbuf {
	char *buf;
	size_t len, cap;
	bool oom;     /* a write did not fit and no memory could be had: len is short */
};

#define WBUF_INIT { 0 }

/* Room for n more bytes; false (and oom) if none can be had. */
bool wbuf_grow(struct wbuf *w, size_t n);

static inline bool wbuf_room(struct wbuf *w, size_t n)
{
	return w->cap - w->len >= n || wbuf_grow(w, n);
}

static inline void wbuf_put(struct wbuf *w, const void *p, size_t n)
{
	if (wbuf_room(w, n)) {
		memcpy(w->buf + w->len, p, n);
		w->len += n;
	}
}

static inline void wbuf_ch(struct wbuf *w, char c)
{
	if (wbuf_room(w, 1))
		w->buf[w->len++] = c;
}

static inline void wbuf_str(struct wbuf *w, const char *s)
{
	wbuf_put(w, s, strlen(s));
}

/* A string literal, its length known at compile time. */
/* s a string literal (a pointer would not compile: its sizeof is not its length) */
#define wbuf_lit(w, s) wbuf_put((w), "" s, sizeof(s) - 1)

static inline void wbuf_reset(struct wbuf *w)
{
	w->len = 0;
	w->oom = false;
}

void wbuf_free(struct wbuf *w);

void wbuf_u64(struct wbuf *w, __u64 v);
void wbuf_s64(struct wbuf *w, __s64 v);
/* v in hex, zero-padded to digits (lowercase, no prefix) */
void wbuf_hex(struct wbuf *w, __u64 v, int digits);
/* v in octal, zero-padded to digits */
void wbuf_oct(struct wbuf *w, unsigned int v, int digits);
/* v in decimal, zero-padded to digits (at most 20) */
void wbuf_dec_pad(struct wbuf *w, __u64 v, int digits);

#endif
