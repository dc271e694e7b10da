// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L /* open_memstream under -std=c11 */
#endif
#include <stdio_ext.h>

#include "linebuf.h"

static FILE *mem;
static char *buf;
static size_t len;

void linebuf_write(FILE *out, linebuf_writer write, const struct record *r)
{
	if (!mem) {
		mem = open_memstream(&buf, &len);
		/* one thread writes it: no lock taken and dropped on every fputc */
		if (mem)
			__fsetlocking(mem, FSETLOCKING_BYCALLER);
	}
	if (!mem) {
		write(out, r);
		return;
	}
	rewind(mem);
	write(mem, r);
	/* a memory stream's fflush sets len to the bytes since the rewind */
	if (fflush(mem) == 0)
		fwrite(buf, 1, len, out);
}
