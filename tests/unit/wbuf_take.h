/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The unit tests' view of what a formatter wrote: the buffer as a C string. */
#ifndef PT_TEST_WBUF_TAKE_H
#define PT_TEST_WBUF_TAKE_H

#include <string.h>
#include "lib/wbuf.h"

/* What w holds, as a C string in out (which must hold it); w freed. */
static inline const char *wbuf_take(struct wbuf *w, char *out, size_t outlen)
{
	assert_false(w->oom);
	assert_true(w->len < outlen);
	if (w->len)
		memcpy(out, w->buf, w->len);
	out[w->len] = 0;
	wbuf_free(w);
	return out;
}

#define take(w) wbuf_take((w), buf, sizeof(buf))

#endif
