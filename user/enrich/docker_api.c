// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "enrich/docker_api.h"
#include "lib/clock.h"
#include "lib/json_scan.h"
#include "lib/sock.h"

/*
 * The response is parsed as it arrives (http_feed), so a complete answer is
 * used without waiting for the daemon to close, and a bad one is dropped at
 * its first wrong byte.
 */

/* bytes read in all: the largest body, its head, and chunk framing */
#define RAW_MAX (DOCKER_BODY_MAX + DOCKER_HEAD_MAX + (64 << 10))

enum chunk_state {
	CK_SIZE, CK_EXT, CK_SIZE_LF, CK_DATA, CK_DATA_CR, CK_DATA_LF,
	CK_TRAILER, CK_TRAILER_LINE, CK_TRAILER_LF, CK_END_LF,
};

struct http_reader {
	char head[DOCKER_HEAD_MAX + 1];
	size_t head_len;
	bool head_done, chunked, has_length, done;
	int status;
	size_t length;		/* Content-Length */
	char *body;
	size_t body_len, body_cap;
	enum chunk_state ck;
	size_t ck_left;
	int ck_digits;
	size_t raw;		/* bytes fed in all */
};

/* Until fd is ready for events or the deadline passes. */
static int wait_fd(int fd, short events, __u64 deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int ms, n;

	for (;;) {
		ms = clock_ms_until(deadline);
		if (!ms)
			return -ETIMEDOUT;
		n = poll(&pfd, 1, ms);
		if (n > 0)
			return 0;	/* POLLERR/POLLHUP: the next call says what */
		if (n == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

static int connect_unix(const char *path, __u64 deadline)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, err;

	if (!path || !*path || strlen(path) >= sizeof(sa.sun_path))
		return -EINVAL;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	for (;;) {
		err = -sock_connect_start(fd, (struct sockaddr *)&sa, sizeof(sa));
		if (!err)
			return fd;
		if (err == EAGAIN) {
			/* a unix socket's full backlog: not queued, try again shortly */
			int ms = clock_ms_until(deadline);

			if (!ms) {
				err = ETIMEDOUT;
				break;
			}
			poll(NULL, 0, ms < 10 ? ms : 10);
			continue;
		}
		if (err != EINPROGRESS)
			break;
		err = -wait_fd(fd, POLLOUT, deadline);
		if (!err)
			err = -sock_connect_result(fd);
		if (!err)
			return fd;
		break;
	}
	close(fd);
	return -err;
}

static int send_all(int fd, const char *buf, size_t len, __u64 deadline)
{
	ssize_t n;
	int err;

	while (len) {
		/* MSG_NOSIGNAL: a daemon that hangs up must not SIGPIPE the tracer */
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n > 0) {
			buf += n;
			len -= n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN)
			return -errno;
		err = wait_fd(fd, POLLOUT, deadline);
		if (err)
			return err;
	}
	return 0;
}

static int body_append(struct http_reader *r, const char *p, size_t n)
{
	size_t cap;
	char *nb;

	if (n > DOCKER_BODY_MAX - r->body_len)
		return -EMSGSIZE;
	if (r->body_len + n + 1 > r->body_cap) {
		cap = r->body_cap ? r->body_cap : 16 << 10;
		while (cap < r->body_len + n + 1)
			cap *= 2;
		if (cap > DOCKER_BODY_MAX + 1)
			cap = DOCKER_BODY_MAX + 1;
		nb = realloc(r->body, cap);
		if (!nb)
			return -ENOMEM;
		r->body = nb;
		r->body_cap = cap;
	}
	memcpy(r->body + r->body_len, p, n);
	r->body_len += n;
	r->body[r->body_len] = '\0';
	return 0;
}

/* s[0..n) without leading and trailing spaces and tabs (HTTP's OWS). */
static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static bool name_is(const char *s, size_t n, const char *name)
{
	return n == strlen(name) && !strncasecmp(s, name, n);
}

static int parse_length(const char *v, size_t n, size_t *out)
{
	size_t len = 0;
	size_t i;

	if (!n || n > 19)
		return -EPROTO;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -EPROTO;
		len = len * 10 + (v[i] - '0');
	}
	*out = len;
	return 0;
}

/* Status line and the two headers that frame the body; the rest is ignored. */
static int parse_head(struct http_reader *r)
{
	const char *p = r->head, *end = r->head + r->head_len, *eol, *colon;
	size_t n, vlen, len;
	const char *v;

	/* "HTTP/1.x NNN reason" */
	if (r->head_len < 12 || memcmp(p, "HTTP/1.", 7) || p[7] < '0' || p[7] > '9' ||
	    p[8] != ' ' || p[9] < '1' || p[9] > '5' || p[10] < '0' || p[10] > '9' ||
	    p[11] < '0' || p[11] > '9' || (p[12] != ' ' && p[12] != '\r'))
		return -EPROTO;
	r->status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	eol = memchr(p, '\n', end - p);
	if (!eol)
		return -EPROTO;
	for (p = eol + 1; p < end; p = eol + 1) {
		eol = memchr(p, '\n', end - p);
		if (!eol || eol == p || eol[-1] != '\r')
			return -EPROTO;
		n = eol - 1 - p;
		if (!n)
			break;		/* the empty line that ends the head */
		colon = memchr(p, ':', n);
		if (!colon || colon == p)
			return -EPROTO;
		v = colon + 1;
		vlen = p + n - v;
		trim(&v, &vlen);
		if (name_is(p, colon - p, "Content-Length")) {
			if (parse_length(v, vlen, &len))
				return -EPROTO;
			/* two different lengths: no way to tell which is true */
			if (r->has_length && len != r->length)
				return -EPROTO;
			r->has_length = true;
			r->length = len;
		} else if (name_is(p, colon - p, "Transfer-Encoding")) {
			if (!name_is(v, vlen, "chunked"))
				return -EPROTO;	/* nothing else was asked for */
			r->chunked = true;
		}
	}
	/* RFC 9112 6.3: chunked framing overrides a length */
	if (r->chunked)
		r->has_length = false;
	if (r->has_length && r->length > DOCKER_BODY_MAX)
		return -EMSGSIZE;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Chunked transfer coding (RFC 9112 7.1), one state per framing byte. */
static int chunk_feed(struct http_reader *r, const char *p, size_t n)
{
	const char *end = p + n;
	size_t take;
	int h, err;

	while (p < end && !r->done) {
		char c = *p;

		switch (r->ck) {
		case CK_SIZE:
			h = hexval(c);
			if (h >= 0) {
				if (r->ck_left > DOCKER_BODY_MAX)
					return -EMSGSIZE;
				r->ck_left = r->ck_left * 16 + h;
				r->ck_digits++;
			} else if (r->ck_digits && (c == ';' || c == ' ' || c == '\t')) {
				r->ck = CK_EXT;
			} else if (r->ck_digits && c == '\r') {
				r->ck = CK_SIZE_LF;
			} else {
				return -EPROTO;
			}
			break;
		case CK_EXT:
			if (c == '\r')
				r->ck = CK_SIZE_LF;
			else if (c == '\n')
				return -EPROTO;
			break;
		case CK_SIZE_LF:
			if (c != '\n')
				return -EPROTO;
			if (r->ck_left > DOCKER_BODY_MAX - r->body_len)
				return -EMSGSIZE;
			r->ck = r->ck_left ? CK_DATA : CK_TRAILER;
			break;
		case CK_DATA:
			take = (size_t)(end - p) < r->ck_left ? (size_t)(end - p) : r->ck_left;
			err = body_append(r, p, take);
			if (err)
				return err;
			r->ck_left -= take;
			p += take;
			if (!r->ck_left)
				r->ck = CK_DATA_CR;
			continue;
		case CK_DATA_CR:
			if (c != '\r')
				return -EPROTO;
			r->ck = CK_DATA_LF;
			break;
		case CK_DATA_LF:
			if (c != '\n')
				return -EPROTO;
			r->ck = CK_SIZE;
			r->ck_digits = 0;
			break;
		case CK_TRAILER:
			r->ck = c == '\r' ? CK_END_LF : CK_TRAILER_LINE;
			break;
		case CK_TRAILER_LINE:
			if (c == '\r')
				r->ck = CK_TRAILER_LF;
			break;
		case CK_TRAILER_LF:
			if (c != '\n')
				return -EPROTO;
			r->ck = CK_TRAILER;
			break;
		case CK_END_LF:
			if (c != '\n')
				return -EPROTO;
			r->done = true;
			break;
		}
		p++;
	}
	return 0;
}

/* n more bytes of the response. */
static int http_feed(struct http_reader *r, const char *p, size_t n)
{
	size_t take, start, after;
	char *hend;
	int err;

	if (n > RAW_MAX - r->raw)
		return -EMSGSIZE;
	r->raw += n;
	if (!r->head_done) {
		take = DOCKER_HEAD_MAX - r->head_len;
		if (take > n)
			take = n;
		memcpy(r->head + r->head_len, p, take);
		/* the blank line may straddle two reads: look back 3 bytes */
		start = r->head_len > 3 ? r->head_len - 3 : 0;
		r->head_len += take;
		r->head[r->head_len] = '\0';
		hend = memmem(r->head + start, r->head_len - start, "\r\n\r\n", 4);
		if (!hend)
			return r->head_len == DOCKER_HEAD_MAX ? -EMSGSIZE : 0;
		if (memchr(r->head, '\0', hend - r->head))
			return -EPROTO;
		/*
		 * The head ends in what was just copied (else an earlier call
		 * had found it): the body starts that far into p.
		 */
		after = r->head_len - (hend + 4 - r->head);
		p += take - after;
		n -= take - after;
		r->head_len = hend + 4 - r->head;
		r->head_done = true;
		err = parse_head(r);
		if (err)
			return err;
		if (r->status != 200) {
			r->done = true;	/* the status is the answer */
			return 0;
		}
		if (r->has_length && !r->length) {
			r->done = true;
			return 0;
		}
	}
	if (r->chunked)
		return chunk_feed(r, p, n);
	if (r->has_length && n > r->length - r->body_len)
		n = r->length - r->body_len;	/* bytes past the body are not ours */
	err = body_append(r, p, n);
	if (err)
		return err;
	if (r->has_length && r->body_len == r->length)
		r->done = true;
	return 0;
}

/* The daemon closed: complete only if the body was framed by the close. */
static int http_eof(struct http_reader *r)
{
	if (!r->head_done || r->chunked || r->has_length)
		return -EPROTO;
	r->done = true;
	return 0;
}

static int exchange(int fd, const char *req, size_t req_len, struct http_reader *r,
		    __u64 deadline)
{
	char buf[8192];
	ssize_t n;
	int err;

	err = send_all(fd, req, req_len, deadline);
	if (err)
		return err;
	while (!r->done) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n > 0) {
			err = http_feed(r, buf, n);
		} else if (n == 0) {
			err = http_eof(r);
		} else if (errno == EINTR) {
			continue;
		} else if (errno == EAGAIN) {
			err = wait_fd(fd, POLLIN, deadline);
		} else {
			err = -errno;
		}
		if (err)
			return err;
	}
	return 0;
}

bool docker_ref_ok(const char *id)
{
	size_t i, n = id ? strlen(id) : 0;

	if (!n || n >= CT_NAME_LEN || !((id[0] >= '0' && id[0] <= '9') ||
					(id[0] >= 'a' && id[0] <= 'z') ||
					(id[0] >= 'A' && id[0] <= 'Z')))
		return false;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

int docker_get(const char *sock_path, const char *path, int timeout_ms, char **body,
	       size_t *body_len)
{
	char req[CT_NAME_LEN + 160];
	struct http_reader *r;
	__u64 deadline;
	int fd, err, n;

	*body = NULL;
	*body_len = 0;
	if (timeout_ms <= 0 || path[0] != '/' || strpbrk(path, " \r\n"))
		return -EINVAL;
	deadline = clock_mono_now() + (__u64)timeout_ms * 1000000;
	n = snprintf(req, sizeof(req),
		     "GET %s HTTP/1.1\r\n"
		     "Host: docker\r\n"
		     "User-Agent: privtrace\r\n"
		     "Accept: application/json\r\n"
		     "Connection: close\r\n\r\n", path);
	if (n < 0 || (size_t)n >= sizeof(req))
		return -EINVAL;
	/* 16 KiB of head: on the heap, the caller's thread may have a small stack */
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	fd = connect_unix(sock_path, deadline);
	if (fd < 0) {
		err = fd;
		goto cleanup;
	}
	err = exchange(fd, req, n, r, deadline);
	close(fd);
	if (err)
		goto cleanup;
	if (r->status == 404) {
		err = -ESRCH;
	} else if (r->status != 200) {
		err = -EIO;
	} else {
		*body = r->body;
		*body_len = r->body_len;
		r->body = NULL;
	}
cleanup:
	free(r->body);
	free(r);
	return err;
}

int docker_inspect(const char *sock_path, const char *id, int timeout_ms, struct ct_meta *out)
{
	char path[CT_NAME_LEN + 32];
	size_t len;
	char *body;
	int err;

	memset(out, 0, sizeof(*out));
	if (!docker_ref_ok(id))
		return -EINVAL;
	snprintf(path, sizeof(path), "/containers/%s/json", id);
	err = docker_get(sock_path, path, timeout_ms, &body, &len);
	if (!err)
		err = docker_meta_from_json(body, len, out);
	free(body);
	return err;
}

int docker_meta_from_json(const char *buf, size_t len, struct ct_meta *out)
{
	static const struct {
		const char *label;
		size_t off;
	} k8s[] = {
		{ "io.kubernetes.pod.name", offsetof(struct ct_meta, pod_name) },
		{ "io.kubernetes.pod.namespace", offsetof(struct ct_meta, pod_namespace) },
		{ "io.kubernetes.pod.uid", offsetof(struct ct_meta, pod_uid) },
		{ "io.kubernetes.container.name", offsetof(struct ct_meta, k8s_container) },
	};
	struct json_val root, labels;
	char mode[16];
	long long pid;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (json_parse(buf, len, &root) || root.type != JSON_OBJECT)
		return -EBADMSG;
	json_get_string(&root, JSON_PATH("Name"), out->name, sizeof(out->name));
	if (out->name[0] == '/')
		memmove(out->name, out->name + 1, strlen(out->name));
	json_get_string(&root, JSON_PATH("Config", "Image"), out->image, sizeof(out->image));
	if (!json_get_int(&root, JSON_PATH("State", "Pid"), &pid) && pid > 0 && pid <= INT_MAX)
		out->init_pid = pid;
	out->userns_host = json_get_string(&root, JSON_PATH("HostConfig", "UsernsMode"),
					   mode, sizeof(mode)) == 4 && !strcmp(mode, "host");
	if (!json_get(&root, JSON_PATH("Config", "Labels"), &labels))
		for (i = 0; i < sizeof(k8s) / sizeof(k8s[0]); i++)
			json_get_string(&labels, (const char *const[]){ k8s[i].label, NULL },
					(char *)out + k8s[i].off, CT_NAME_LEN);
	return 0;
}
