// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * file:PATH (JSON lines appended), and the main output: stdout or --write
 * PATH, the table or JSON lines as -o says.
 *
 * Whole lines are collected (up to SINK_BATCH_BYTES) and written together
 * when the event loop has read a batch of events (sink_flush): one write()
 * for many records, on an O_APPEND descriptor, so that the kernel appends
 * all of it at the end under the inode lock. A line is never split between
 * writes: the lines of several writers (two privtraces, a shipper's marker)
 * never interleave, and logrotate's copytruncate needs nothing from us (the
 * next write lands at the new end, no hole).
 *
 * A regular file is written short only when the disk or a quota is full (or
 * a signal came): then the rest is kept and written before anything else, as
 * soon as it fits, so the line cut short is completed where it started
 * instead of a fragment being left in the middle of the file. If another
 * writer appended after the fragment in the meantime, its line ended ours
 * (garbled, but one line); the rest can no longer go where it belongs and
 * its records count as dropped. Records that come while a rest waits are
 * dropped (counted): the kept rest is at most one batch, so a full disk
 * costs no more memory.
 *
 * A --sink file's errors are counted as drops, never fatal: the tracer goes
 * on, and a "dropped" record says how many once lines can be written again.
 * The main output's are fatal (sink_flush < 0): a pipe whose reader is gone,
 * a --write file that cannot be written, stop privtrace with the reason.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "format/json.h"
#include "format/text.h"
#include "lib/clock.h"
#include "lib/writev_all.h"
#include "sink/sink.h"

#define REOPEN_RETRY_NS 1000000000ull /* a path that cannot be opened is tried again at most this often */

struct file_sink {
	struct sink s;
	char path[SINK_SPEC_PATH_LEN];  /* "" for stdout */
	int fd;
	bool up;
	bool text;                      /* the table, not JSON */
	int error;                      /* main: the errno that stopped it */
	struct wbuf batch;              /* whole lines, not written yet */
	unsigned long long batch_records;
	/* the rest of a write cut short, the records in it, and the file's size after the fragment */
	char *tail;
	size_t tail_len;
	off_t tail_end;
	unsigned long long tail_records;
	unsigned long long tail_loss;   /* the rest is of a "dropped" record reporting this many */
	bool end_fragment;              /* no memory to keep a rest: the next write starts with a newline */
	bool reopen_wanted;             /* sink_reopen could not open the path: keep the old file, retry */
	bool reopen_said;               /* stderr said a reopen failed */
	__u64 reopen_retry_ns;
	unsigned long long written, dropped, unreported, reopens;
};

static int open_path(const char *path)
{
	/* 0640 as Debian's auth logs: the ids and paths of every user are in it */
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
}

/* Records are lost: counted, and reported in the next "dropped" record. */
static void drop(struct file_sink *f, unsigned long long n)
{
	f->dropped += n;
	f->unreported += n;
}

/* The rest could not be completed where it began: what it held is lost. */
static void abandon_tail(struct file_sink *f)
{
	if (f->tail_loss)
		f->unreported += f->tail_loss; /* reported again in the next one */
	else
		drop(f, f->tail_records);
	free(f->tail);
	f->tail = NULL;
	f->tail_len = 0;
	f->tail_records = 0;
}

static unsigned long long lines_in(const char *p, size_t n)
{
	unsigned long long lines = 0;
	const char *nl;

	while (n && (nl = memchr(p, '\n', n))) {
		lines++;
		n -= nl + 1 - p;
		p = nl + 1;
	}
	return lines;
}

/*
 * Keep what did not get out of data (len bytes, records lines): it completes
 * the write before anything else goes in. skip: the bytes that did.
 */
static void keep_tail(struct file_sink *f, const char *data, size_t len, size_t skip,
		      unsigned long long loss)
{
	f->tail_end = lseek(f->fd, 0, SEEK_CUR); /* O_APPEND: just after what we wrote */
	f->tail = malloc(len - skip);
	if (!f->tail || f->tail_end < 0) {
		/* no memory: the records are lost, the next write ends the fragment first */
		free(f->tail);
		f->tail = NULL;
		f->end_fragment = true;
		if (loss)
			f->unreported += loss;
		else
			drop(f, lines_in(data + skip, len - skip));
		return;
	}
	memcpy(f->tail, data + skip, len - skip);
	f->tail_len = len - skip;
	f->tail_records = loss ? 0 : lines_in(f->tail, f->tail_len);
	f->tail_loss = loss;
}

/*
 * Finish the write cut short, if it still can go where it began (nobody
 * appended after it, the file was not truncated). 0: nothing is pending now.
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
	if (S_ISREG(st.st_mode) && st.st_size != f->tail_end) {
		abandon_tail(f);
		return 0;
	}
	iov.iov_base = f->tail;
	iov.iov_len = f->tail_len;
	n = writev_all(f->fd, &iov, 1, &err);
	if (n == f->tail_len) {
		f->written += f->tail_records;
		free(f->tail);
		f->tail = NULL;
		f->tail_len = 0;
		f->tail_records = 0;
		return 0;
	}
	if (n) {
		unsigned long long done = lines_in(f->tail, n);

		f->written += done;
		f->tail_records -= done < f->tail_records ? done : f->tail_records;
		memmove(f->tail, f->tail + n, f->tail_len - n);
		f->tail_len -= n;
		f->tail_end = lseek(f->fd, 0, SEEK_CUR);
	}
	if (f->s.main && err)
		f->error = err;
	return -1;
}

/*
 * Whole lines (records of them, or a "dropped" record reporting loss). 0
 * written (or cut short and kept to complete: not lost yet), -1 nothing
 * written (the caller counts the loss).
 */
static int write_lines(struct file_sink *f, const char *data, size_t len,
		       unsigned long long records, unsigned long long loss)
{
	struct iovec iov[2];
	int cnt = 0, err;
	size_t n, lead = 0;

	if (f->end_fragment) {
		iov[cnt++] = (struct iovec){ .iov_base = "\n", .iov_len = 1 };
		lead = 1;
	}
	iov[cnt++] = (struct iovec){ .iov_base = (void *)data, .iov_len = len };
	n = writev_all(f->fd, iov, cnt, &err);
	if (n)
		f->end_fragment = false;
	if (!err) {
		f->up = true;
		f->written += records;
		return 0;
	}
	f->up = false;
	if (f->s.main)
		f->error = err;
	/* EIO, ESTALE, EBADF: the file may be gone from under us; a full disk is not that */
	if (!f->s.main && err != ENOSPC && err != EDQUOT && err != EFBIG) {
		f->reopen_wanted = true;
		f->reopen_retry_ns = 0;
	}
	if (n <= lead)
		return -1;
	n -= lead;
	f->written += lines_in(data, n);
	keep_tail(f, data, len, n, loss);
	return 0;
}

/* Tell what was lost, first: the line before the next records. */
static void report_loss(struct file_sink *f)
{
	struct wbuf w = WBUF_INIT;
	unsigned long long n = f->unreported;

	json_dropped(&w, f->s.name, n, f->dropped, clock_real_now());
	if (w.oom || !w.len) {
		wbuf_free(&w);
		return;
	}
	f->unreported = 0;
	if (write_lines(f, w.buf, w.len, 0, n))
		f->unreported += n;
	wbuf_free(&w);
}

/*
 * Before leaving a file for good: a line cut short that cannot be completed
 * now is ended with a newline if a byte still fits, so the fragment is one
 * bad line and the next writer's line starts clean. Its records are lost.
 */
static void end_tail(struct file_sink *f)
{
	if (!f->tail || !finish_tail(f))
		return;
	if (write(f->fd, "\n", 1) != 1)
		f->up = false; /* the fragment stays, at the very end of that file */
	abandon_tail(f);
}

/*
 * The path again (logrotate moved the file); the old file is kept if it
 * cannot be had, and tried again. Said on stderr: a SIGHUP's outcome, the
 * first failure of a retry, and its success.
 */
static void reopen_now(struct file_sink *f, bool hup)
{
	bool retrying = f->reopen_wanted;
	int fd;

	if (!f->path[0])
		return; /* stdout */
	fd = open_path(f->path);
	f->reopen_retry_ns = clock_mono_now() + REOPEN_RETRY_NS;
	if (fd < 0) {
		if (hup || !f->reopen_said)
			fprintf(stderr, "privtrace: cannot reopen %s: %s; writing on to the file it had "
					"open, trying again every second\n", f->path, strerror(errno));
		f->reopen_said = true;
		f->reopen_wanted = true;
		return;
	}
	end_tail(f); /* it belongs in the old file */
	close(f->fd);
	f->fd = fd;
	if (hup || (retrying && f->reopen_said))
		fprintf(stderr, "privtrace: %s%s reopened\n", hup ? "SIGHUP: " : "", f->path);
	f->reopen_wanted = false;
	f->reopen_said = false;
	f->reopens++;
	f->up = true;
}

static int file_flush(struct sink *s)
{
	struct file_sink *f = (struct file_sink *)s;
	unsigned long long records = f->batch_records;

	if (f->error)
		return -f->error;
	if (!f->batch.len && !f->tail && !f->unreported)
		return 0;
	if (f->reopen_wanted && clock_mono_now() >= f->reopen_retry_ns)
		reopen_now(f, false);
	f->batch_records = 0;
	if (finish_tail(f)) {
		drop(f, records);
		goto out;
	}
	if (f->unreported && !f->s.main)
		report_loss(f);
	if (f->tail) { /* the report itself was cut short */
		drop(f, records);
		goto out;
	}
	if (f->batch.len && write_lines(f, f->batch.buf, f->batch.len, records, 0))
		drop(f, records);
out:
	wbuf_reset(&f->batch);
	return f->error ? -f->error : 0;
}

static int file_write(struct sink *s, const struct sink_msg *m)
{
	struct file_sink *f = (struct file_sink *)s;
	const char *line = f->text ? m->text : m->json;
	size_t len = f->text ? m->text_len : m->json_len;

	if (f->error)
		return -f->error;
	if (!line)
		return 0; /* a record this output has no line for */
	wbuf_put(&f->batch, line, len);
	if (f->batch.oom) {
		/* no memory for this line (nothing of it was kept): what is collected goes now */
		f->batch.oom = false;
		drop(f, 1);
		return file_flush(s);
	}
	f->batch_records++;
	return f->batch.len >= SINK_BATCH_BYTES ? file_flush(s) : 0;
}

static void file_reopen(struct sink *s)
{
	file_flush(s);
	reopen_now((struct file_sink *)s, true);
}

static void file_stats(struct sink *s, struct sink_stats *out)
{
	struct file_sink *f = (struct file_sink *)s;

	out->written = f->written;
	out->dropped = f->dropped;
	out->queued = f->batch_records + f->tail_records;
	out->reconnects = f->reopens;
	out->up = f->up;
}

static unsigned long long file_close(struct sink *s, int timeout_ms)
{
	struct file_sink *f = (struct file_sink *)s;
	unsigned long long dropped;

	(void)timeout_ms; /* nothing waits on a peer */
	file_flush(s);
	end_tail(f);
	dropped = f->dropped;
	if (f->path[0])
		close(f->fd);
	wbuf_free(&f->batch);
	free(f);
	return dropped;
}

static const struct sink_ops file_ops = {
	.write = file_write,
	.flush = file_flush,
	.reopen = file_reopen,
	.stats = file_stats,
	.close = file_close,
};

static struct file_sink *file_new(const char *name, const char *path, char *err, size_t err_len)
{
	struct file_sink *f = calloc(1, sizeof(*f));

	if (!f) {
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	f->s.ops = &file_ops;
	snprintf(f->s.name, sizeof(f->s.name), "%s", name);
	if (path) {
		snprintf(f->path, sizeof(f->path), "%s", path);
		f->fd = open_path(f->path);
		if (f->fd < 0) {
			snprintf(err, err_len, "%s", strerror(errno));
			free(f);
			return NULL;
		}
	} else {
		f->fd = STDOUT_FILENO;
	}
	f->up = true;
	return f;
}

struct sink *sink_file_open(const struct sink_spec *spec, char *err, size_t err_len)
{
	char why[128] = "";
	struct file_sink *f = file_new(spec->name, spec->path, why, sizeof(why));

	if (!f) {
		snprintf(err, err_len, "cannot open %s: %s", spec->path, why);
		return NULL;
	}
	f->s.needs = SINK_NEEDS_JSON;
	return &f->s;
}

struct sink *sink_main_open(const char *path, bool text, char *err, size_t err_len)
{
	struct file_sink *f = file_new(path ? path : "stdout", path, err, err_len);

	if (!f)
		return NULL;
	f->s.main = true;
	f->text = text;
	f->s.needs = text ? SINK_NEEDS_TEXT : SINK_NEEDS_JSON;
	if (text)
		text_header(&f->batch);
	return &f->s;
}
