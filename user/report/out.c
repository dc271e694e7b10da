// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "report/out.h"

#define ROUT_CHUNK (256 * 1024)

int rout_open(struct rout *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->fd = STDOUT_FILENO;
	if (!path)
		return 0;
	/* a report may say what every user did: not for everyone to read */
	o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0640);
	if (o->fd < 0) {
		fprintf(stderr, "privtrace report: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void flush(struct rout *o)
{
	size_t done = 0;
	ssize_t n;

	while (!o->error && done < o->w.len) {
		n = write(o->fd, o->w.buf + done, o->w.len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			o->error = n < 0 ? errno : EIO;
		else
			done += (size_t)n;
	}
	wbuf_reset(&o->w);
}

void rout_maybe_flush(struct rout *o)
{
	if (o->w.len >= ROUT_CHUNK)
		flush(o);
}

int rout_close(struct rout *o)
{
	if (o->w.oom && !o->error)
		o->error = ENOMEM;
	flush(o);
	if (o->fd != STDOUT_FILENO && close(o->fd) && !o->error)
		o->error = errno;
	if (o->error && o->error != EPIPE)
		fprintf(stderr, "privtrace report: writing the report failed: %s\n", strerror(o->error));
	wbuf_free(&o->w);
	return o->error;
}
