// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * file:PATH, JSON lines appended. Each line goes in one writev() of the
 * record and its newline on an O_APPEND descriptor: the kernel appends the
 * whole of it at the end under the inode lock, so the lines of several
 * writers (two privtraces, a shipper's marker) never interleave, and
 * logrotate's copytruncate needs nothing from us (the next line lands at
 * the new end, no hole).
 *
 * A regular file is written short only when the disk or a quota is full
 * (or a signal came): then the rest of the line is kept and written before
 * anything else, as soon as it fits, so the line is completed where it
 * started instead of a fragment being left in the middle of the file. If
 * another writer appended after the fragment in the meantime, its line
 * ended ours (garbled, but one line); the rest can no longer go where it
 * belongs and the record counts as dropped. Records that come while a line
 * waits to be completed are dropped (counted): the kept rest is at most
 * one record, so a full disk costs no memory.
 *
 * Errors are counted as drops, never fatal: the tracer goes on, and a
 * "dropped" record says how many once a line can be written again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "lib/clock.h"
#include "sink/sink.h"

#define REOPEN_RETRY_NS 1000000000ull /* a path that cannot be opened is tried again at most this often */

struct file_sink {
	struct sink s;
	char path[SINK_SPEC_PATH_LEN];
	int fd;
	bool up;
	/* the rest of a line written short, and the file's size just after the fragment */
	char *tail;
	size_t tail_len;
	off_t tail_end;
	unsigned long long tail_loss; /* the line was a "dropped" record reporting this many; 0: a record */
	bool end_fragment;            /* no memory to keep a rest: the next line starts with a newline */
	bool reopen_wanted;           /* sink_reopen could not open the path: keep the old file, retry */
	__u64 reopen_retry_ns;
	unsigned long long written, dropped, unreported, reopens;
};

static int open_path(const char *path)
{
	/* 0640 as Debian's auth logs: the ids and paths of every user are in it */
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
}

/* A record is lost: counted, and reported in the next "dropped" record. */
static void drop(struct file_sink *f)
{
	f->dropped++;
	f->unreported++;
}

/* The line at tail could not be completed where it began. */
static void abandon_tail(struct file_sink *f)
{
	if (f->tail_loss)
		f->unreported += f->tail_loss; /* reported again in the next one */
	else
		drop(f);
	free(f->tail);
	f->tail = NULL;
	f->tail_len = 0;
}

/*
 * Write iov in full, retrying short writes while they make progress.
 * Returns the bytes written; *err is the errno that stopped it (0: all).
 */
static size_t write_all(int fd, struct iovec *iov, int cnt, int *err)
{
	size_t done = 0;
	ssize_t n;

	*err = 0;
	while (cnt) {
		n = writev(fd, iov, cnt);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*err = n < 0 ? errno : ENOSPC;
			break;
		}
		done += n;
		while (cnt && (size_t)n >= iov->iov_len) {
			n -= iov->iov_len;
			iov++;
			cnt--;
		}
		if (cnt) {
			iov->iov_base = (char *)iov->iov_base + n;
			iov->iov_len -= n;
		}
	}
	return done;
}

/* Keep what iov did not get out: it completes the line before anything else goes in. */
static void keep_tail(struct file_sink *f, const struct iovec *iov, int cnt, size_t skip,
		      unsigned long long loss)
{
	size_t total = 0, off = 0;
	int i;

	for (i = 0; i < cnt; i++)
		total += iov[i].iov_len;
	f->tail_end = lseek(f->fd, 0, SEEK_CUR); /* O_APPEND: just after what we wrote */
	f->tail = malloc(total - skip);
	if (!f->tail || f->tail_end < 0) {
		/* no memory: the record is lost, the next line ends the fragment first */
		free(f->tail);
		f->tail = NULL;
		f->end_fragment = true;
		if (loss)
			f->unreported += loss;
		else
			drop(f);
		return;
	}
	for (i = 0; i < cnt; i++) {
		size_t b = iov[i].iov_len, from = 0;

		if (skip >= b) {
			skip -= b;
			continue;
		}
		from = skip;
		skip = 0;
		memcpy(f->tail + off, (char *)iov[i].iov_base + from, b - from);
		off += b - from;
	}
	f->tail_len = off;
	f->tail_loss = loss;
}

/*
 * Finish the line cut short, if it still can go where it began (nobody
 * appended after it, the file was not truncated). 0: no line is pending now.
 */
static int finish_tail(struct file_sink *f)
{
	struct iovec iov;
	struct stat st;
	size_t n;
	int err;

	if (!f->tail)
		return 0;
	if (fstat(f->fd, &st))
		return -1;
	if (st.st_size != f->tail_end) {
		abandon_tail(f);
		return 0;
	}
	iov.iov_base = f->tail;
	iov.iov_len = f->tail_len;
	n = write_all(f->fd, &iov, 1, &err);
	if (n == f->tail_len) {
		if (!f->tail_loss)
			f->written++;
		free(f->tail);
		f->tail = NULL;
		f->tail_len = 0;
		return 0;
	}
	if (n) {
		memmove(f->tail, f->tail + n, f->tail_len - n);
		f->tail_len -= n;
		f->tail_end = lseek(f->fd, 0, SEEK_CUR);
	}
	return -1;
}

/*
 * One line. 0 written (or cut short and kept to complete: it is not lost
 * yet), -1 nothing written (the caller counts the loss).
 */
static int write_line(struct file_sink *f, const char *data, size_t len, unsigned long long loss)
{
	struct iovec iov[3], keep[3];
	int cnt = 0, err;
	size_t n;

	if (f->end_fragment)
		iov[cnt++] = (struct iovec){ .iov_base = "\n", .iov_len = 1 };
	iov[cnt++] = (struct iovec){ .iov_base = (void *)data, .iov_len = len };
	iov[cnt++] = (struct iovec){ .iov_base = "\n", .iov_len = 1 };
	memcpy(keep, iov, sizeof(keep));
	n = write_all(f->fd, iov, cnt, &err);
	if (n)
		f->end_fragment = false;
	if (!err) {
		f->up = true;
		return 0;
	}
	f->up = false;
	/* EIO, ESTALE, EBADF: the file may be gone from under us; a full disk is not that */
	if (err != ENOSPC && err != EDQUOT && err != EFBIG) {
		f->reopen_wanted = true;
		f->reopen_retry_ns = 0;
	}
	if (!n)
		return -1;
	keep_tail(f, keep, cnt, n, loss);
	return 0;
}

/* Tell what was lost, first: the line before the next record. */
static void report_loss(struct file_sink *f)
{
	size_t len;
	unsigned long long n = f->unreported;
	char *json = sink_dropped_json(f->s.name, n, f->dropped, clock_real_now(), &len);

	if (!json)
		return;
	f->unreported = 0;
	if (write_line(f, json, len, n))
		f->unreported += n;
	free(json);
}

/*
 * Before leaving a file for good: a line cut short that cannot be completed
 * now is ended with a newline if a byte still fits, so the fragment is one
 * bad line and the next writer's line starts clean. Its record is lost.
 */
static void end_tail(struct file_sink *f)
{
	if (!f->tail || !finish_tail(f))
		return;
	if (write(f->fd, "\n", 1) != 1)
		f->up = false; /* the fragment stays, at the very end of that file */
	abandon_tail(f);
}

/* The path again (logrotate moved the file); the old file is kept if it cannot be had. */
static void reopen_now(struct file_sink *f)
{
	int fd = open_path(f->path);

	f->reopen_retry_ns = clock_mono_now() + REOPEN_RETRY_NS;
	if (fd < 0) {
		f->reopen_wanted = true;
		return;
	}
	end_tail(f); /* it belongs in the old file */
	close(f->fd);
	f->fd = fd;
	f->reopen_wanted = false;
	f->reopens++;
	f->up = true;
}

static int file_write(struct sink *s, const struct sink_msg *m)
{
	struct file_sink *f = (struct file_sink *)s;

	if (f->reopen_wanted && clock_mono_now() >= f->reopen_retry_ns)
		reopen_now(f);
	if (finish_tail(f)) {
		drop(f);
		return 0;
	}
	if (f->unreported)
		report_loss(f);
	if (f->tail) { /* the report itself was cut short */
		drop(f);
		return 0;
	}
	if (write_line(f, m->json, m->json_len, 0))
		drop(f);
	else if (!f->tail)
		f->written++;
	return 0;
}

static void file_reopen(struct sink *s)
{
	reopen_now((struct file_sink *)s);
}

static void file_stats(struct sink *s, struct sink_stats *out)
{
	struct file_sink *f = (struct file_sink *)s;

	out->written = f->written;
	out->dropped = f->dropped;
	out->queued = f->tail ? 1 : 0;
	out->reconnects = f->reopens;
	out->up = f->up;
}

static unsigned long long file_close(struct sink *s, int timeout_ms)
{
	struct file_sink *f = (struct file_sink *)s;
	unsigned long long dropped;

	(void)timeout_ms; /* nothing waits on a peer */
	end_tail(f);
	dropped = f->dropped;
	close(f->fd);
	free(f);
	return dropped;
}

static const struct sink_ops file_ops = {
	.write = file_write,
	.reopen = file_reopen,
	.stats = file_stats,
	.close = file_close,
};

struct sink *sink_file_open(const struct sink_spec *spec, char *err, size_t err_len)
{
	struct file_sink *f = calloc(1, sizeof(*f));

	if (!f) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	f->s.ops = &file_ops;
	strcpy(f->s.name, spec->name);
	strcpy(f->path, spec->path);
	f->fd = open_path(f->path);
	if (f->fd < 0) {
		snprintf(err, err_len, "cannot open %s: %s", spec->path, strerror(errno));
		free(f);
		return NULL;
	}
	f->up = true;
	return &f->s;
}
