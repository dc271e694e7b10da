// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The Docker API client (user/enrich/docker_api.c) against a fake daemon: a thread
 * on a temporary unix socket that reads one request and answers as told,
 * well or badly. Each call must end with the right result, and within its
 * timeout whatever the daemon does.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "enrich/docker_api.h"

#define ID "4f2a9c1b3e5d7f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"

enum mode {
	M_PARTS,	/* send parts[], each its own write */
	M_SILENT,	/* read the request, never answer */
	M_NO_ACCEPT,	/* never even accept */
	M_TRICKLE,	/* a byte of a valid head every 20 ms */
	M_FLOOD,	/* head, then body bytes until the client goes */
};

struct fake {
	enum mode mode;
	const char *parts[8];
	size_t part_len[8];	/* 0: strlen */
	bool hold;		/* M_PARTS: then keep the connection open */
	const char *flood_head;
	bool flood_chunks;
	char dir[64], path[128];
	int lfd;
	pthread_t thread;
	char req[4096];
	size_t req_len;
};

static const char inspect[] =
	"{\"Id\":\"" ID "\",\"Name\":\"/web\",\"State\":{\"Running\":true,\"Pid\":31337},"
	"\"Config\":{\"Image\":\"nginx:1.25\",\"Labels\":{"
	"\"io.kubernetes.pod.name\":\"web-0\",\"io.kubernetes.pod.namespace\":\"prod\","
	"\"io.kubernetes.pod.uid\":\"0e8a5c1e-1b2c-4d3e-8f90-123456789abc\","
	"\"io.kubernetes.container.name\":\"nginx\"}},"
	"\"HostConfig\":{\"UsernsMode\":\"host\"}}";

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for fd up to ms; the fake must never hang a test run either. */
static int ready(int fd, short ev, int ms)
{
	struct pollfd p = { .fd = fd, .events = ev };

	return poll(&p, 1, ms) == 1;
}

static void read_request(struct fake *f, int fd)
{
	ssize_t n;

	while (f->req_len < sizeof(f->req) - 1 && ready(fd, POLLIN, 2000)) {
		n = recv(fd, f->req + f->req_len, sizeof(f->req) - 1 - f->req_len, 0);
		if (n <= 0)
			break;
		f->req_len += n;
		f->req[f->req_len] = '\0';
		if (strstr(f->req, "\r\n\r\n"))
			break;
	}
}

static void send_bytes(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n && ready(fd, POLLOUT, 2000)) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		p += w;
		n -= w;
	}
}

static void *serve(void *arg)
{
	static const char slow[] = "HTTP/1.1 200 OK\r\nX-Slow: 1";
	struct fake *f = arg;
	char junk[4096];
	size_t i;
	int fd;

	if (f->mode == M_NO_ACCEPT)
		return NULL;
	if (!ready(f->lfd, POLLIN, 5000))
		return NULL;
	fd = accept(f->lfd, NULL, NULL);
	if (fd < 0)
		return NULL;
	read_request(f, fd);
	switch (f->mode) {
	case M_PARTS:
		for (i = 0; i < 8 && f->parts[i]; i++) {
			send_bytes(fd, f->parts[i], f->part_len[i] ? f->part_len[i] : strlen(f->parts[i]));
			usleep(2000);	/* separate reads on the other side */
		}
		while (f->hold && ready(fd, POLLIN, 5000) && recv(fd, junk, sizeof(junk), 0) > 0)
			;
		break;
	case M_SILENT:
		/* until the client gives up and closes */
		while (ready(fd, POLLIN, 5000) && recv(fd, junk, sizeof(junk), 0) > 0)
			;
		break;
	case M_TRICKLE:
		for (i = 0; i < 250; i++) {
			if (send(fd, &slow[i % (sizeof(slow) - 1)], 1, MSG_NOSIGNAL) != 1)
				break;
			usleep(20000);
		}
		break;
	case M_FLOOD:
		send_bytes(fd, f->flood_head, strlen(f->flood_head));
		memset(junk, ' ', sizeof(junk));
		if (f->flood_chunks) {
			/* well-framed 4000-byte chunks, more of them than fit */
			memcpy(junk, "fa0\r\n", 5);
			memcpy(junk + 4005, "\r\n", 2);
		}
		for (i = 0; i < 4096; i++) {	/* 16 MiB at most */
			if (!ready(fd, POLLOUT, 2000) ||
			    send(fd, junk, f->flood_chunks ? 4007 : sizeof(junk), MSG_NOSIGNAL) <= 0)
				break;
		}
		break;
	default:
		break;
	}
	close(fd);
	return NULL;
}

static void start(struct fake *f)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	strcpy(f->dir, "/tmp/pt-docker-api-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/docker.sock", f->dir);
	strcpy(sa.sun_path, f->path);
	f->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(f->lfd >= 0);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(f->lfd, 4), 0);
	assert_int_equal(pthread_create(&f->thread, NULL, serve, f), 0);
}

static void stop(struct fake *f)
{
	pthread_join(f->thread, NULL);
	close(f->lfd);
	unlink(f->path);
	rmdir(f->dir);
}

/* One exchange with a fake answering parts...; the result of docker_inspect. */
static int ask(struct fake *f, int timeout_ms, struct ct_meta *m)
{
	int r;

	start(f);
	r = docker_inspect(f->path, ID, timeout_ms, m);
	stop(f);
	return r;
}

static char head_cl[256];

static const char *with_length(size_t n)
{
	snprintf(head_cl, sizeof(head_cl),
		 "HTTP/1.1 200 OK\r\nApi-Version: 1.43\r\nContent-Type: application/json\r\n"
		 "Content-Length: %zu\r\n\r\n", n);
	return head_cl;
}

static void check_meta(const struct ct_meta *m)
{
	assert_string_equal(m->name, "web");
	assert_string_equal(m->image, "nginx:1.25");
	assert_int_equal(m->init_pid, 31337);
	assert_true(m->userns_host);
	assert_string_equal(m->pod_name, "web-0");
	assert_string_equal(m->pod_namespace, "prod");
	assert_string_equal(m->pod_uid, "0e8a5c1e-1b2c-4d3e-8f90-123456789abc");
	assert_string_equal(m->k8s_container, "nginx");
}

static void test_content_length(void **state)
{
	struct fake f = { .mode = M_PARTS };
	struct ct_meta m;

	(void)state;
	f.parts[0] = with_length(strlen(inspect));
	f.parts[1] = inspect;
	assert_int_equal(ask(&f, 2000, &m), 0);
	check_meta(&m);
	/* what was asked, and that the daemon may close when done */
	assert_non_null(strstr(f.req, "GET /containers/" ID "/json HTTP/1.1\r\n"));
	assert_non_null(strstr(f.req, "\r\nHost: "));
	assert_non_null(strstr(f.req, "\r\nConnection: close\r\n"));
}

static void test_split_everywhere(void **state)
{
	char all[4096];
	struct fake f = { .mode = M_PARTS };
	struct ct_meta m;
	size_t n;

	(void)state;
	/* the head's blank line and the body cut across writes */
	n = snprintf(all, sizeof(all), "HTTP/1.0 200 OK\r\ncontent-length:%zu  \r\n\r\n%s",
		     strlen(inspect), inspect);
	f.parts[0] = all;
	f.part_len[0] = 30;
	f.parts[1] = all + 30;
	f.part_len[1] = 1;
	f.parts[2] = all + 31;
	f.part_len[2] = 10;
	f.parts[3] = all + 41;
	f.part_len[3] = n - 41;
	assert_int_equal(ask(&f, 2000, &m), 0);
	check_meta(&m);
}

static void test_chunked(void **state)
{
	static char body[4096];
	struct fake f = { .mode = M_PARTS };
	struct ct_meta m;
	size_t n = strlen(inspect), a = 100, b = 37;

	(void)state;
	/* three chunks, one with an extension, a trailer, sizes in both cases */
	snprintf(body, sizeof(body), "%zx\r\n%.*s\r\n%zX;name=value\r\n%.*s\r\n%zx\r\n%s\r\n0\r\n"
		 "X-Trailer: t\r\n\r\n", a, (int)a, inspect, b, (int)b, inspect + a,
		 n - a - b, inspect + a + b);
	f.parts[0] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		     "Transfer-Encoding: chunked\r\n\r\n";
	f.parts[1] = body;
	f.part_len[1] = 50;
	f.parts[2] = body + 50;
	assert_int_equal(ask(&f, 2000, &m), 0);
	check_meta(&m);
}

static void test_until_close(void **state)
{
	struct fake f = { .mode = M_PARTS };
	struct ct_meta m;

	(void)state;
	/* no length, not chunked: the body ends when the daemon closes */
	f.parts[0] = "HTTP/1.1 200 OK\r\n\r\n";
	f.parts[1] = inspect;
	assert_int_equal(ask(&f, 2000, &m), 0);
	check_meta(&m);
}

static void test_statuses(void **state)
{
	struct fake f = { .mode = M_PARTS };
	struct ct_meta m;

	(void)state;
	f.parts[0] = "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
		     "Content-Length: 45\r\n\r\n{\"message\":\"No such container: 4f2a9c1b3e5d\"}";
	assert_int_equal(ask(&f, 2000, &m), -ESRCH);
	assert_string_equal(m.name, "");

	memset(&f, 0, sizeof(f));
	f.parts[0] = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\n\r\n{}";
	assert_int_equal(ask(&f, 2000, &m), -EIO);

	/* a framed answer ends the call, whether or not the daemon closes */
	memset(&f, 0, sizeof(f));
	f.hold = true;
	f.parts[0] = "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}";
	{
		uint64_t t0 = now_ms();

		assert_int_equal(ask(&f, 3000, &m), -ESRCH);
		assert_true(now_ms() - t0 < 1000);
	}
	memset(&f, 0, sizeof(f));
	f.hold = true;
	f.parts[0] = with_length(strlen(inspect));
	f.parts[1] = inspect;
	{
		uint64_t t0 = now_ms();

		assert_int_equal(ask(&f, 3000, &m), 0);
		assert_true(now_ms() - t0 < 1000);
		check_meta(&m);
	}
}

static void test_silent(void **state)
{
	struct fake f = { .mode = M_SILENT };
	struct ct_meta m;
	uint64_t t0 = now_ms(), dt;

	(void)state;
	assert_int_equal(ask(&f, 250, &m), -ETIMEDOUT);
	dt = now_ms() - t0;
	assert_true(dt >= 200);
	assert_true(dt < 1500);
	assert_string_equal(m.name, "");
}

static void test_no_accept(void **state)
{
	struct fake f = { .mode = M_NO_ACCEPT };
	struct ct_meta m;
	uint64_t t0 = now_ms();

	(void)state;
	/* connected through the backlog, but nobody reads */
	assert_int_equal(ask(&f, 200, &m), -ETIMEDOUT);
	assert_true(now_ms() - t0 < 1500);
}

static void test_trickle(void **state)
{
	struct fake f = { .mode = M_TRICKLE };
	struct ct_meta m;
	uint64_t t0 = now_ms();

	(void)state;
	/* every byte comes in time, the answer never does: the whole call is bounded */
	assert_int_equal(ask(&f, 300, &m), -ETIMEDOUT);
	assert_true(now_ms() - t0 < 1500);
}

static void test_closed_mid_body(void **state)
{
	struct fake f = { .mode = M_PARTS };
	struct ct_meta m;

	(void)state;
	f.parts[0] = with_length(strlen(inspect));
	f.parts[1] = inspect;
	f.part_len[1] = 40;
	assert_int_equal(ask(&f, 2000, &m), -EPROTO);
	assert_string_equal(m.name, "");

	memset(&f, 0, sizeof(f));
	f.parts[0] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n{\"Name\":\"/x\"";
	assert_int_equal(ask(&f, 2000, &m), -EPROTO);

	/* all chunks, but not the last-chunk line */
	memset(&f, 0, sizeof(f));
	f.parts[0] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n";
	assert_int_equal(ask(&f, 2000, &m), -EPROTO);

	memset(&f, 0, sizeof(f));
	f.parts[0] = "HTTP/1.1 200 OK\r\nContent-Le";
	assert_int_equal(ask(&f, 2000, &m), -EPROTO);

	memset(&f, 0, sizeof(f));
	f.parts[0] = "";	/* closed without a byte */
	assert_int_equal(ask(&f, 2000, &m), -EPROTO);
}

static void test_huge(void **state)
{
	struct fake f = { .mode = M_PARTS };
	struct ct_meta m;
	uint64_t t0;

	(void)state;
	/* said at once */
	f.parts[0] = "HTTP/1.1 200 OK\r\nContent-Length: 1048577\r\n\r\n{";
	assert_int_equal(ask(&f, 2000, &m), -EMSGSIZE);
	memset(&f, 0, sizeof(f));
	f.parts[0] = "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n";
	assert_int_equal(ask(&f, 2000, &m), -EPROTO);
	memset(&f, 0, sizeof(f));
	f.parts[0] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n";
	assert_int_equal(ask(&f, 2000, &m), -EMSGSIZE);

	/* or only found by reading: unframed, and an endless chunk */
	memset(&f, 0, sizeof(f));
	f.mode = M_FLOOD;
	f.flood_head = "HTTP/1.1 200 OK\r\n\r\n";
	t0 = now_ms();
	assert_int_equal(ask(&f, 5000, &m), -EMSGSIZE);
	assert_true(now_ms() - t0 < 5000);
	memset(&f, 0, sizeof(f));
	f.mode = M_FLOOD;
	f.flood_head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
	f.flood_chunks = true;
	assert_int_equal(ask(&f, 5000, &m), -EMSGSIZE);
	/* a head that never ends */
	memset(&f, 0, sizeof(f));
	f.mode = M_FLOOD;
	f.flood_head = "HTTP/1.1 200 OK\r\nX-Long: ";
	assert_int_equal(ask(&f, 5000, &m), -EMSGSIZE);
}

static void test_malformed(void **state)
{
	static const char nul_head[] = "HTTP/1.1 200 OK\r\nX: a\0b\r\nContent-Length: 2\r\n\r\n{}";
	static const char *const bad[] = {
		"hello\r\n\r\n",
		"HTTP/2 200 OK\r\n\r\n{}",
		"HTTP/1.1 2000 OK\r\n\r\n{}",
		"HTTP/1.1 20 OK\r\n\r\n{}",
		"HTTP/1.1 200 OK\nContent-Length: 2\n\n{}",
		"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n{}",
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
		"HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\n{}",
		"HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\n{}",
		"HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n{}",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n{}",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n{}\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\n{}\r\n0\r\n\r\n",
	};
	struct fake f;
	struct ct_meta m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&f, 0, sizeof(f));
		f.parts[0] = bad[i];
		if (ask(&f, 2000, &m) != -EPROTO)
			fail_msg("accepted malformed answer %zu", i);
	}
	/* a NUL in the head */
	memset(&f, 0, sizeof(f));
	f.parts[0] = nul_head;
	f.part_len[0] = sizeof(nul_head) - 1;
	assert_int_equal(ask(&f, 2000, &m), -EPROTO);
	/* HTTP is fine, the body is not a JSON object */
	memset(&f, 0, sizeof(f));
	f.parts[0] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{\"a\":";
	assert_int_equal(ask(&f, 2000, &m), -EBADMSG);
	memset(&f, 0, sizeof(f));
	f.parts[0] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]";
	assert_int_equal(ask(&f, 2000, &m), -EBADMSG);
	/* chunked wins over a length (RFC 9112), bytes after the body are ignored */
	memset(&f, 0, sizeof(f));
	f.parts[0] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: Chunked\r\n\r\n"
		     "d\r\n{\"Name\":\"/x\"}\r\n0\r\n\r\nGARBAGE";
	assert_int_equal(ask(&f, 2000, &m), 0);
	assert_string_equal(m.name, "x");
	memset(&f, 0, sizeof(f));
	f.parts[0] = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n{\"Name\":\"/y\"}GARBAGE";
	assert_int_equal(ask(&f, 2000, &m), 0);
	assert_string_equal(m.name, "y");
}

static void test_refused_early(void **state)
{
	char long_path[200];
	struct ct_meta m;

	(void)state;
	assert_int_equal(docker_inspect("/nonexistent/docker.sock", ID, 200, &m), -ENOENT);
	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[sizeof(long_path) - 1] = '\0';
	assert_int_equal(docker_inspect(long_path, ID, 200, &m), -EINVAL);
	/* nothing that could change the request line or leave the path */
	assert_int_equal(docker_inspect("/nonexistent", "../../info", 200, &m), -EINVAL);
	assert_int_equal(docker_inspect("/nonexistent", "a b", 200, &m), -EINVAL);
	assert_int_equal(docker_inspect("/nonexistent", "a\r\nX: y", 200, &m), -EINVAL);
	assert_int_equal(docker_inspect("/nonexistent", "a?x=1", 200, &m), -EINVAL);
	assert_int_equal(docker_inspect("/nonexistent", "", 200, &m), -EINVAL);
	assert_int_equal(docker_inspect("/nonexistent", ".x", 200, &m), -EINVAL);
	assert_int_equal(docker_inspect("/nonexistent", ID, 0, &m), -EINVAL);
	assert_true(docker_ref_ok("my_app.web-1"));
	assert_false(docker_ref_ok("-x"));
	assert_false(docker_ref_ok(".."));
}

static void test_meta_from_json(void **state)
{
	static const char no_labels[] =
		"{\"Name\":\"noslash\",\"State\":{\"Pid\":0},\"Config\":{\"Image\":\"a\",\"Labels\":null},"
		"\"HostConfig\":{\"UsernsMode\":\"\"}}";
	static const char odd[] =
		"{\"Name\":7,\"State\":{\"Pid\":-4},\"Config\":[],\"HostConfig\":{\"UsernsMode\":\"hostx\"}}";
	static const char huge_pid[] = "{\"State\":{\"Pid\":4294967297}}";
	struct ct_meta m;

	(void)state;
	assert_int_equal(docker_meta_from_json(inspect, strlen(inspect), &m), 0);
	check_meta(&m);
	assert_int_equal(docker_meta_from_json(no_labels, strlen(no_labels), &m), 0);
	assert_string_equal(m.name, "noslash");
	assert_string_equal(m.image, "a");
	assert_int_equal(m.init_pid, 0);
	assert_false(m.userns_host);
	assert_string_equal(m.pod_name, "");
	assert_int_equal(docker_meta_from_json(odd, strlen(odd), &m), 0);
	assert_string_equal(m.name, "");
	assert_int_equal(m.init_pid, 0);
	assert_false(m.userns_host);
	assert_int_equal(docker_meta_from_json(huge_pid, strlen(huge_pid), &m), 0);
	assert_int_equal(m.init_pid, 0);
	assert_int_equal(docker_meta_from_json("[]", 2, &m), -EBADMSG);
	assert_int_equal(docker_meta_from_json("", 0, &m), -EBADMSG);
	{
		/* a name longer than the field: cut, still a C string */
		char doc[1024];

		snprintf(doc, sizeof(doc), "{\"Name\":\"/%0600d\"}", 0);
		assert_int_equal(docker_meta_from_json(doc, strlen(doc), &m), 0);
		assert_int_equal(strlen(m.name), CT_NAME_LEN - 2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_length),
		cmocka_unit_test(test_split_everywhere),
		cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_until_close),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_silent),
		cmocka_unit_test(test_no_accept),
		cmocka_unit_test(test_trickle),
		cmocka_unit_test(test_closed_mid_body),
		cmocka_unit_test(test_huge),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_refused_early),
		cmocka_unit_test(test_meta_from_json),
	};

	return cmocka_run_group_tests_name("docker_api", tests, NULL, NULL);
}
