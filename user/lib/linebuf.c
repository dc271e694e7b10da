// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L /* open_memstream under -std=c11 */
#endif
#include <stdio_ext.h>

#include "lib/linebuf.h"

const char *linebuf_format(struct linebuf *lb, linebuf_writer write, const void *arg, size_t *len)
{
	if (!lb->mem) {
		lb->mem = open_memstream(&lb->buf, &lb->len);
		/* one thread writes it: no lock taken and dropped on every fputc */
		if (lb->mem)
			__fsetlocking(lb->mem, FSETLOCKING_BYCALLER);
	}
	if (!lb->mem)
		return NULL;
	rewind(lb->mem);
	write(lb->mem, arg);
	/* a memory stream's fflush sets len to the bytes since the rewind */
	if (fflush(lb->mem))
		return NULL;
	*len = lb->len;
	return lb->buf;
}

void linebuf_write(struct linebuf *lb, FILE *out, linebuf_writer write, const void *arg)
{
	size_t len;
	const char *line = linebuf_format(lb, write, arg, &len);

	if (line)
		fwrite(line, 1, len, out);
	else
		write(out, arg);
}
