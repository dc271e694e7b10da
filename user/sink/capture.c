// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The capture file of `privtrace record` (docs/capture.md, the records in
 * user/format/capture.h): a header saying what wrote it, then blocks of
 * records, each compressed on its own (zlib) behind a head with its length
 * and CRCs. A block is written whole, by one write, when it holds
 * CAPTURE_BLOCK_TARGET bytes of records or is CAPTURE_BLOCK_AGE_NS old at a
 * flush (or at exit): a power cut or a full disk leaves a file readable up
 * to its last whole block, and costs at most that second's records.
 *
 * --rotate-mb: once the file is that large after a block, it is renamed
 * PATH.1 (PATH.1 to PATH.2, ..., the oldest past --keep removed) and a new
 * PATH begins with a header of its own: every file reads alone.
 *
 * Like the main output it is, a write error stops privtrace with the reason
 * (a capture that silently stopped would mislead an investigation).
 *
 * Compressing and writing are a thread's of its own: the event loop hands
 * it whole blocks (CAPTURE_QUEUE at most; then it waits, and the ring
 * buffer holds what comes meanwhile, or the kernel counts it lost) and goes
 * back to reading events. Deflate takes 6 ms a block here, which on the
 * loop's own thread made a flood lose more.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <zlib.h>

#include "format/capture.h"
#include "lib/clock.h"
#include "lib/writev_all.h"
#include "sink/capture.h"

#define CAPTURE_BLOCK_TARGET (1u << 20)
#define CAPTURE_BLOCK_AGE_NS 1000000000ull
#define CAPTURE_ZLIB_LEVEL 6
#define CAPTURE_QUEUE 4 /* blocks waiting for the writer thread, at most */

/* A whole block on its way to the file. */
struct pending_block {
	struct wbuf raw;
	unsigned int n_records;
	__u64 first, last;
};

struct capture_sink {
	struct sink s;
	char path[SINK_SPEC_PATH_LEN];
	char *header;                 /* the header's lines, written at the head of every file */
	bool header_due;              /* the file's header is not written yet */
	bool empty_at_open;           /* nothing was in the file: left out again if nothing came */
	unsigned long long rotate_bytes; /* 0: never */
	unsigned int keep;
	int fd;
	int error;                    /* the errno that stopped it */
	struct wbuf blk;              /* records of the block being gathered */
	unsigned int blk_records;
	struct wbuf base[CAP_DELTA_BASES]; /* the deltas' bases (format/capture.h), as they came */
	__u64 base_key[CAP_DELTA_BASES];
	unsigned int next_base;       /* the slot a new kind of record takes */
	__u64 blk_first, blk_last;    /* record times in it */
	__u64 blk_started_ns;         /* monotonic: when its first record came */
	/* the writer thread's: the file (fd, header_due, rotation) is its alone once it runs */
	unsigned char *comp;          /* the compressed block, reused */
	size_t comp_cap;
	pthread_t thread;
	bool thread_up, stopping;
	pthread_mutex_t lock;         /* guards what follows, and error once the thread runs */
	pthread_cond_t more, room;
	struct pending_block q[CAPTURE_QUEUE];
	unsigned int q_head, q_count;
	unsigned long long q_records; /* in q */
	unsigned long long written, rotations;
	unsigned long long discarded; /* records that never reached the file (after an error) */
};

/* 0, or the errno that stopped the write */
static int write_full(int fd, struct iovec *iov, int cnt)
{
	int err;

	writev_all(fd, iov, cnt, &err);
	return err;
}

/* magic, version, length, the lines, their CRC */
static int write_header(struct capture_sink *c)
{
	__u32 version = CAP_FORMAT_VERSION, len = (__u32)strlen(c->header);
	__u32 crc = (__u32)crc32(0, (const Bytef *)c->header, len);
	struct iovec iov[4] = {
		{ .iov_base = CAP_FILE_MAGIC, .iov_len = 8 },
		{ .iov_base = &version, .iov_len = 4 },
		{ .iov_base = &len, .iov_len = 4 },
		{ .iov_base = c->header, .iov_len = len },
	};
	struct iovec tail = { .iov_base = &crc, .iov_len = 4 };
	int err = write_full(c->fd, iov, 4);

	return err ? err : write_full(c->fd, &tail, 1);
}

/* The header goes out before the first block: what wrote it is known by then. */
static int open_file(struct capture_sink *c)
{
	struct stat st;

	/* 0640 as the JSON files: every user's ids and paths are in it */
	c->fd = open(c->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
	if (c->fd < 0)
		return errno;
	if (fstat(c->fd, &st))
		return errno;
	if (!S_ISREG(st.st_mode))
		return EINVAL; /* blocks must go where a reader can find them again */
	c->empty_at_open = st.st_size == 0;
	c->header_due = true;
	return 0;
}

/* PATH -> PATH.1 -> ... -> PATH.keep; the one past keep is replaced */
static int rotate(struct capture_sink *c)
{
	char from[SINK_SPEC_PATH_LEN + 16], to[SINK_SPEC_PATH_LEN + 16];
	unsigned int i;

	close(c->fd);
	c->fd = -1;
	for (i = c->keep; i > 1; i--) {
		snprintf(from, sizeof(from), "%s.%u", c->path, i - 1);
		snprintf(to, sizeof(to), "%s.%u", c->path, i);
		if (rename(from, to) && errno != ENOENT)
			return errno;
	}
	snprintf(to, sizeof(to), "%s.1", c->path);
	if (rename(c->path, to))
		return errno;
	__atomic_add_fetch(&c->rotations, 1, __ATOMIC_RELAXED); /* stats read it */
	return open_file(c);
}

/* One block into the file: the writer thread's (or the closing one's, after it). */
static int write_pending(struct capture_sink *c, const struct pending_block *pb)
{
	struct cap_block_head h = { .magic = CAP_BLOCK_MAGIC };
	uLongf comp_len = compressBound(pb->raw.len);
	struct iovec iov[2];
	struct stat st;
	int err;

	if (c->header_due) {
		if ((err = write_header(c)))
			return err;
		c->header_due = false;
	}
	if (comp_len > c->comp_cap) {
		unsigned char *p = realloc(c->comp, comp_len);

		if (!p)
			return ENOMEM;
		c->comp = p;
		c->comp_cap = comp_len;
	}
	if (compress2(c->comp, &comp_len, (const Bytef *)pb->raw.buf, pb->raw.len,
		      CAPTURE_ZLIB_LEVEL) != Z_OK)
		return ENOMEM;
	h.raw_len = (__u32)pb->raw.len;
	h.comp_len = (__u32)comp_len;
	h.n_records = pb->n_records;
	h.first_real_ns = pb->first;
	h.last_real_ns = pb->last;
	h.data_crc = (__u32)crc32(0, c->comp, comp_len);
	h.head_crc = (__u32)crc32(0, (const Bytef *)&h, offsetof(struct cap_block_head, head_crc));
	iov[0] = (struct iovec){ .iov_base = &h, .iov_len = sizeof(h) };
	iov[1] = (struct iovec){ .iov_base = c->comp, .iov_len = comp_len };
	err = write_full(c->fd, iov, 2);
	if (err)
		return err;
	if (c->rotate_bytes && !fstat(c->fd, &st) && (unsigned long long)st.st_size >= c->rotate_bytes)
		return rotate(c);
	return 0;
}

static void *writer(void *arg)
{
	struct capture_sink *c = arg;
	struct pending_block *pb;
	bool stopped;
	int err;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->q_count && !c->stopping)
			pthread_cond_wait(&c->more, &c->lock);
		if (!c->q_count)
			break;
		pb = &c->q[c->q_head];
		stopped = c->error != 0; /* after an error nothing more goes in the file */
		pthread_mutex_unlock(&c->lock);
		err = stopped ? 0 : write_pending(c, pb);
		pthread_mutex_lock(&c->lock);
		if (err && !c->error)
			c->error = err;
		if (stopped || err)
			c->discarded += pb->n_records;
		else
			c->written += pb->n_records;
		c->q_records -= pb->n_records;
		wbuf_reset(&pb->raw);
		c->q_head = (c->q_head + 1) % CAPTURE_QUEUE;
		c->q_count--;
		pthread_cond_broadcast(&c->room);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/*
 * The block gathered so far to the writer: its buffer is swapped with a
 * free one of the queue (no copy). Waits while the queue is full. Returns
 * the writer's error, if it had one.
 */
static int hand_off(struct capture_sink *c)
{
	struct pending_block *pb;
	struct wbuf t;
	int err;

	pthread_mutex_lock(&c->lock);
	if (!c->thread_up && !c->error) {
		if (pthread_create(&c->thread, NULL, writer, c))
			c->error = EAGAIN;
		else
			c->thread_up = true;
	}
	while (c->q_count == CAPTURE_QUEUE && !c->error)
		pthread_cond_wait(&c->room, &c->lock);
	if (c->blk_records && !c->error) {
		pb = &c->q[(c->q_head + c->q_count) % CAPTURE_QUEUE];
		t = pb->raw;
		pb->raw = c->blk;
		c->blk = t;
		pb->n_records = c->blk_records;
		pb->first = c->blk_first;
		pb->last = c->blk_last;
		c->q_records += c->blk_records;
		c->q_count++;
		pthread_cond_signal(&c->more);
	}
	else if (c->blk_records)
		c->discarded += c->blk_records; /* the writer stopped: these cannot go */
	err = c->error;
	pthread_mutex_unlock(&c->lock);
	c->blk_records = 0;
	wbuf_reset(&c->blk);
	return err;
}

/* Everything handed off written (or the writer stopped by an error). */
static int drain(struct capture_sink *c)
{
	int err;

	hand_off(c);
	pthread_mutex_lock(&c->lock);
	while (c->q_count && !c->error)
		pthread_cond_wait(&c->room, &c->lock);
	err = c->error;
	pthread_mutex_unlock(&c->lock);
	return err;
}

static int sink_error(struct capture_sink *c)
{
	int err;

	pthread_mutex_lock(&c->lock);
	err = c->error;
	pthread_mutex_unlock(&c->lock);
	return err;
}

void sink_capture_header(struct sink *s, const char *header)
{
	struct capture_sink *c = (struct capture_sink *)s;
	size_t n = strnlen(header, CAP_HEADER_MAX);
	char *h = malloc(n + 1);

	if (!h)
		return; /* the empty header it has says less, and is still a valid one */
	memcpy(h, header, n);
	h[n] = '\0';
	free(c->header);
	c->header = h;
}

/*
 * Which earlier record a record is stored against: the last one of the
 * same length and type. Tried: keyed on the event's kind and capability
 * too, the XORs were sparser but less alike from one record to the next,
 * and deflate did worse (0.60x gzip'd JSON's size on a flood, against
 * 0.55x). Ours alone: the reader is told the slot.
 */
static __u64 base_key(const char *rec, size_t len)
{
	return (__u64)len << 8 | (unsigned char)rec[4];
}

/* rec into the block: whole, or as the XOR with its base (CAP_REC_DELTA) */
static void append(struct capture_sink *c, const char *rec, size_t len)
{
	__u64 key = base_key(rec, len);
	size_t at = c->blk.len;
	unsigned int k;
	struct wbuf *b;
	char *p;

	if (!c->blk_records) { /* a block reads alone: no base from the one before */
		for (k = 0; k < CAP_DELTA_BASES; k++)
			wbuf_reset(&c->base[k]);
		c->next_base = 0;
	}
	for (k = 0; k < CAP_DELTA_BASES; k++)
		if (c->base[k].len == len && c->base_key[k] == key)
			break;
	wbuf_put(&c->blk, rec, len);
	if (c->blk.oom)
		return;
	p = c->blk.buf + at;
	if (k < CAP_DELTA_BASES) {
		b = &c->base[k];
		p[4] |= CAP_REC_DELTA;
		capture_xor(p + 8, rec + 8, b->buf + 8, len - 8);
	} else {
		k = c->next_base;
		c->next_base = (c->next_base + 1) % CAP_DELTA_BASES;
		b = &c->base[k];
	}
	p[5] = (char)k;
	c->base_key[k] = key;
	wbuf_reset(b);
	wbuf_put(b, rec, len);
	if (b->oom) /* the reader would take a base we do not have: stop, said */
		c->blk.oom = true;
}

static int capture_write(struct sink *s, const struct sink_msg *m)
{
	struct capture_sink *c = (struct capture_sink *)s;
	int err = sink_error(c);

	if (err)
		return -err;
	if (!m->cap)
		return 0;
	if (!c->blk_records) {
		c->blk_first = c->blk_last = m->real_ns;
		c->blk_started_ns = clock_mono_now();
	}
	append(c, m->cap, m->cap_len);
	if (c->blk.oom) {
		c->blk.oom = false;
		pthread_mutex_lock(&c->lock);
		c->error = ENOMEM;
		pthread_mutex_unlock(&c->lock);
		return -ENOMEM;
	}
	c->blk_records++;
	if (m->real_ns < c->blk_first)
		c->blk_first = m->real_ns;
	if (m->real_ns > c->blk_last)
		c->blk_last = m->real_ns;
	return c->blk.len >= CAPTURE_BLOCK_TARGET ? -hand_off(c) : 0;
}

static int capture_flush(struct sink *s)
{
	struct capture_sink *c = (struct capture_sink *)s;

	if (c->blk_records && clock_mono_now() - c->blk_started_ns >= CAPTURE_BLOCK_AGE_NS)
		return -hand_off(c);
	return -sink_error(c);
}

/* Everything written and on the disk: an error here is the main loop's (sink_capture_error). */
static void capture_settle(struct sink *s, int timeout_ms)
{
	struct capture_sink *c = (struct capture_sink *)s;

	(void)timeout_ms; /* a disk, not a peer: it is waited for */
	if (drain(c) || c->fd < 0)
		return;
	pthread_mutex_lock(&c->lock);
	/* the writer is idle now (drained): the file is ours for a moment */
	if (!c->header_due && fsync(c->fd) && errno != EINVAL && !c->error)
		c->error = errno;
	pthread_mutex_unlock(&c->lock);
}

int sink_capture_error(struct sink *s)
{
	return sink_error((struct capture_sink *)s);
}

static void capture_stats(struct sink *s, struct sink_stats *out)
{
	struct capture_sink *c = (struct capture_sink *)s;

	pthread_mutex_lock(&c->lock);
	out->written = c->written;
	out->dropped = 0; /* an error stops privtrace instead */
	out->queued = c->blk_records + c->q_records;
	out->reconnects = __atomic_load_n(&c->rotations, __ATOMIC_RELAXED);
	out->up = !c->error;
	pthread_mutex_unlock(&c->lock);
}

static void capture_reopen(struct sink *s)
{
	(void)s; /* rotation is ours: a SIGHUP changes nothing */
}

static unsigned long long capture_close(struct sink *s, int timeout_ms)
{
	struct capture_sink *c = (struct capture_sink *)s;
	unsigned long long lost;
	int i;

	(void)timeout_ms;
	drain(c);
	if (c->thread_up) {
		pthread_mutex_lock(&c->lock);
		c->stopping = true;
		pthread_cond_signal(&c->more);
		pthread_mutex_unlock(&c->lock);
		pthread_join(c->thread, NULL);
	}
	if (!c->error && c->fd >= 0 && !c->header_due && fsync(c->fd) && errno != EINVAL)
		c->error = errno;
	if (c->fd >= 0 && close(c->fd) && !c->error)
		c->error = errno;
	lost = c->discarded;
	if (c->error)
		fprintf(stderr, "privtrace: capture %s: %s; %llu records did not reach it\n", c->path,
			strerror(c->error), lost);
	if (c->header_due && c->empty_at_open)
		unlink(c->path); /* nothing was recorded: no empty file left to puzzle a reader */
	wbuf_free(&c->blk);
	for (i = 0; i < CAP_DELTA_BASES; i++)
		wbuf_free(&c->base[i]);
	for (i = 0; i < CAPTURE_QUEUE; i++)
		wbuf_free(&c->q[i].raw);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->more);
	pthread_cond_destroy(&c->room);
	free(c->comp);
	free(c->header);
	free(c);
	return lost;
}

static const struct sink_ops capture_ops = {
	.write = capture_write,
	.flush = capture_flush,
	.settle = capture_settle,
	.reopen = capture_reopen,
	.stats = capture_stats,
	.close = capture_close,
};

struct sink *sink_capture_open(const struct capture_opts *o, char *err, size_t err_len)
{
	struct capture_sink *c = calloc(1, sizeof(*c));
	int rc;

	if (!c || !(c->header = strdup(""))) {
		free(c);
		snprintf(err, err_len, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->more, NULL);
	pthread_cond_init(&c->room, NULL);
	c->s.ops = &capture_ops;
	c->s.main = true;
	c->s.needs = SINK_NEEDS_CAPTURE;
	snprintf(c->s.name, sizeof(c->s.name), "capture:%s", o->path);
	snprintf(c->path, sizeof(c->path), "%s", o->path);
	c->rotate_bytes = o->rotate_bytes;
	c->keep = o->keep ? o->keep : 1;
	rc = open_file(c);
	if (rc) {
		snprintf(err, err_len, "%s", rc == EINVAL ? "not a regular file" : strerror(rc));
		if (c->fd >= 0)
			close(c->fd);
		goto fail;
	}
	return &c->s;
fail:
	free(c->header);
	free(c);
	return NULL;
}
