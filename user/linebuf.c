// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L /* open_memstream under -std=c11 */
#endif
#include "linebuf.h"

static FILE *mem;
static char *buf;
static size_t len;

FILE *linebuf_begin(void)
{
	if (!mem)
		mem = open_memstream(&buf, &len);
	if (mem)
		rewind(mem);
	return mem;
}

void linebuf_end(FILE *out)
{
	/* a memory stream's fflush sets len to the bytes since the rewind */
	if (fflush(mem) == 0)
		fwrite(buf, 1, len, out);
}
