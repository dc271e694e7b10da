// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdlib.h>

#include "lib/wbuf.h"

bool wbuf_grow(struct wbuf *w, size_t n)
{
	size_t cap = w->cap ? w->cap : 4096;
	char *b;

	if (w->oom)
		return false;
	while (cap - w->len < n) {
		if (cap > (size_t)-1 / 2)
			goto oom;
		cap *= 2;
	}
	b = realloc(w->buf, cap);
	if (!b)
		goto oom;
	w->buf = b;
	w->cap = cap;
	return true;
oom:
	w->oom = true;
	return false;
}

void wbuf_free(struct wbuf *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
	w->oom = false;
}

/* "00".."99": two digits a step */
static const char pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

void wbuf_u64(struct wbuf *w, __u64 v)
{
	char tmp[20];
	int i = 20;

	while (v >= 100) {
		unsigned int d = (v % 100) * 2;

		v /= 100;
		tmp[--i] = pairs[d + 1];
		tmp[--i] = pairs[d];
	}
	if (v >= 10) {
		tmp[--i] = pairs[v * 2 + 1];
		tmp[--i] = pairs[v * 2];
	} else {
		tmp[--i] = '0' + v;
	}
	wbuf_put(w, tmp + i, 20 - i);
}

void wbuf_s64(struct wbuf *w, __s64 v)
{
	if (v < 0) {
		wbuf_ch(w, '-');
		wbuf_u64(w, -(__u64)v); /* well defined for INT64_MIN too */
	} else {
		wbuf_u64(w, v);
	}
}

void wbuf_hex(struct wbuf *w, __u64 v, int digits)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	int i = 16;

	do {
		tmp[--i] = hex[v & 15];
		v >>= 4;
	} while (v && i > 0);
	while (16 - i < digits && i > 0)
		tmp[--i] = '0';
	wbuf_put(w, tmp + i, 16 - i);
}

void wbuf_oct(struct wbuf *w, unsigned int v, int digits)
{
	char tmp[12];
	int i = 12;

	do {
		tmp[--i] = '0' + (v & 7);
		v >>= 3;
	} while (v && i > 0);
	while (12 - i < digits && i > 0)
		tmp[--i] = '0';
	wbuf_put(w, tmp + i, 12 - i);
}

void wbuf_dec_pad(struct wbuf *w, __u64 v, int digits)
{
	char tmp[20];
	int i = 20;

	do {
		tmp[--i] = '0' + v % 10;
		v /= 10;
	} while (v && i > 0);
	while (20 - i < digits && i > 0)
		tmp[--i] = '0';
	wbuf_put(w, tmp + i, 20 - i);
}
