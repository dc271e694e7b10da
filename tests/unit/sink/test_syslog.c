// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The network sinks end to end on this host (user/sink/syslog.c,
 * user/sink/sendq.c): listeners in the test receive exactly the bytes sent,
 * over UDP, TCP (octet counting) and unix sockets of both types; a peer
 * that is down, comes up, goes away, or never reads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <cmocka.h>

#include "fixtures.h"
#include "enrich/record.h"
#include "sink/sink.h"

#define T0 1764000000123456789ull
#define WAIT_MS 20000 /* the longest a delivery may take: backoff tops out at 10 s */

static char dir[] = "/tmp/pt-sinknet.XXXXXX";
static char host[256];

static int setup(void **state)
{
	(void)state;
	syslog_hostname(host, sizeof(host));
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static struct sink *open_sink(const char *fmt, ...)
{
	char spec[512], err[256] = "";
	struct sink *s;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(spec, sizeof(spec), fmt, ap);
	va_end(ap);
	s = sink_open(spec, err, sizeof(err));
	if (!s)
		fail_msg("%s", err);
	return s;
}

/* Record i: a JSON line of a length that varies, some with structured data. */
static struct pt_event ev;
static struct container ct;
static struct record rec;
static struct wbuf sd;

static void make_msg(int i, struct sink_msg *m, char *json, size_t len)
{
	int pad = (i * 37) % 700;

	snprintf(json, len, "{\"seq\":%d,\"pad\":\"%.*s\"}\n", i, pad,
		 "................................................................................"
		 "................................................................................"
		 "................................................................................"
		 "................................................................................"
		 "................................................................................"
		 "................................................................................"
		 "................................................................................"
		 "................................................................................"
		 "................................................................................");
	memset(m, 0, sizeof(*m));
	m->json = json;
	m->json_len = strlen(json); /* the newline with it, as the formatter leaves it */
	m->severity = SYSLOG_SEV_WARNING;
	m->msgid = "file";
	m->real_ns = T0 + i;
	if (i % 3 == 0) {
		ev = base(PT_EV_FILE);
		ev.ret = -13;
		docker_container(&ct, "we]ird \"name\"\n", "img");
		record_init(&rec, &ev, T0 + i);
		rec.ct = &ct;
		wbuf_reset(&sd);
		syslog_sd(&sd, &rec);
		assert_false(sd.oom);
		m->sd = sd.buf;
		m->sd_len = sd.len;
	}
}

static void put(struct sink *s, int i)
{
	char json[1024];
	struct sink_msg m;

	make_msg(i, &m, json, sizeof(json));
	assert_int_equal(sink_write(s, &m), 0);
}

/*
 * What the peer must get for record i, with the facility given: header,
 * structured data (or NILVALUE), a space, then the JSON without its newline.
 */
static char *expect(int i, int facility, size_t *len)
{
	static struct wbuf w;
	char json[1024];
	struct sink_msg m;

	make_msg(i, &m, json, sizeof(json));
	wbuf_reset(&w);
	syslog_header(&w, facility, m.severity, m.real_ns, host, getpid(), m.msgid);
	if (m.sd)
		wbuf_put(&w, m.sd, m.sd_len);
	else
		wbuf_ch(&w, '-');
	wbuf_ch(&w, ' ');
	wbuf_put(&w, m.json, m.json_len - 1);
	wbuf_ch(&w, 0);
	assert_false(w.oom);
	*len = w.len - 1;
	return w.buf;
}

static void check_msg(const char *got, size_t len, int i, int facility)
{
	size_t elen;
	const char *want = expect(i, facility, &elen);

	if (len != elen || memcmp(got, want, len))
		fail_msg("message %d:\n got  %.*s\n want %s", i, (int)len, got, want);
}

static int wait_in(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

/* ---- stream peers: octet-counted frames ---- */

struct peer {
	int fd;
	char buf[1 << 20];
	size_t have;
};

/* The next frame "LEN SP MSG": its MSG (NUL-terminated) and length; fails on bad framing. */
static char *frame(struct peer *p, size_t *len, int timeout_ms)
{
	long long end = now_ms() + timeout_ms;
	static char msg[1 << 17];
	size_t n, i;
	ssize_t r;

	for (;;) {
		for (i = 0; i < p->have && p->buf[i] >= '0' && p->buf[i] <= '9'; i++)
			;
		if (i < p->have) {
			assert_true(i > 0 && i < 8);
			assert_int_equal(p->buf[i], ' ');
			n = strtoul(p->buf, NULL, 10);
			assert_true(n > 0 && n < sizeof(msg));
			if (p->have >= i + 1 + n) {
				memcpy(msg, p->buf + i + 1, n);
				msg[n] = 0;
				memmove(p->buf, p->buf + i + 1 + n, p->have - i - 1 - n);
				p->have -= i + 1 + n;
				*len = n;
				return msg;
			}
		}
		if (!wait_in(p->fd, end - now_ms() > 0 ? end - now_ms() : 0))
			fail_msg("no whole frame within %d ms (%zu bytes buffered)", timeout_ms,
				 p->have);
		r = read(p->fd, p->buf + p->have, sizeof(p->buf) - p->have);
		if (r <= 0)
			fail_msg("the connection ended before a whole frame");
		p->have += r;
	}
}

/* rcvbuf: 0 the default, else the connections' receive buffer (inherited from the listener) */
static int listen_tcp_buf(int port, int rcvbuf)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (rcvbuf)
		assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)), 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 8), 0);
	return fd;
}

static int listen_tcp(int port)
{
	return listen_tcp_buf(port, 0);
}

static int port_of(int fd)
{
	struct sockaddr_in a;
	socklen_t l = sizeof(a);

	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &l), 0);
	return ntohs(a.sin_port);
}

static int accept_in(int lfd, int ms)
{
	if (!wait_in(lfd, ms))
		fail_msg("the sink did not connect within %d ms", ms);
	return accept(lfd, NULL, NULL);
}

/* Stats once the sink has handed on want records (or the time is up). */
static void settled(struct sink *s, unsigned long long want, struct sink_stats *st)
{
	long long end = now_ms() + WAIT_MS;

	do {
		sink_stats(s, st);
		if (st->written >= want && !st->queued)
			return;
		usleep(5000);
	} while (now_ms() < end);
}

static void test_tcp(void **state)
{
	int lfd = listen_tcp(0), i;
	struct sink *s = open_sink("syslog+tcp://127.0.0.1:%d", port_of(lfd));
	struct peer *p = calloc(1, sizeof(*p));
	struct sink_stats st;
	char *msg, name[64];
	size_t len;

	(void)state;
	/* the spec without its options: what health and loss records call it */
	snprintf(name, sizeof(name), "syslog+tcp://127.0.0.1:%d", port_of(lfd));
	assert_string_equal(sink_name(s), name);
	p->fd = accept_in(lfd, WAIT_MS);
	for (i = 0; i < 500; i++)
		put(s, i);
	for (i = 0; i < 500; i++) {
		msg = frame(p, &len, WAIT_MS);
		check_msg(msg, len, i, SYSLOG_FACILITY_AUTHPRIV);
	}
	settled(s, 500, &st);
	assert_int_equal(st.written, 500);
	assert_int_equal(st.dropped, 0);
	assert_int_equal(st.reconnects, 0);
	assert_true(st.up);
	assert_int_equal(sink_close(s, 1000), 0);
	assert_false(wait_in(p->fd, 0) && read(p->fd, p->buf, 1) > 0); /* nothing more, no half frame */
	close(p->fd);
	close(lfd);
	free(p);
}

static void test_udp(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), i, rcv = 4 << 20;
	static char buf[1 << 17], big[70000];
	struct sink_msg m = { .json = big, .json_len = sizeof(big), .severity = SYSLOG_SEV_INFO };
	struct sink_stats st;
	struct sink *s;
	ssize_t n;

	(void)state;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	s = open_sink("syslog+udp://127.0.0.1:%d?facility=local3", port_of(fd));
	for (i = 0; i < 200; i++)
		put(s, i);
	for (i = 0; i < 200; i++) {
		assert_true(wait_in(fd, WAIT_MS));
		n = recv(fd, buf, sizeof(buf), 0);
		assert_true(n > 0);
		check_msg(buf, n, i, 19); /* one datagram, one message, no framing */
	}
	/* too big for a UDP datagram: dropped and counted, never cut */
	memset(big, 'x', sizeof(big));
	assert_int_equal(sink_write(s, &m), 0);
	put(s, 200);
	assert_true(wait_in(fd, WAIT_MS));
	n = recv(fd, buf, sizeof(buf), 0);
	buf[n] = 0;
	assert_non_null(strstr(buf, " privtrace "));
	assert_non_null(strstr(buf, " dropped - {\"@timestamp\":"));
	assert_non_null(strstr(buf, "\"records\":1,\"total\":1}}}"));
	assert_int_equal(strncmp(buf, "<156>1 ", 7), 0); /* local3 (19) * 8 + warning */
	assert_true(wait_in(fd, WAIT_MS));
	n = recv(fd, buf, sizeof(buf), 0);
	check_msg(buf, n, 200, 19);
	settled(s, 201, &st);
	assert_int_equal(st.written, 201);
	assert_int_equal(st.dropped, 1);
	assert_int_equal(sink_close(s, 1000), 1);
	close(fd);
}

static int unix_sock(const char *name, int type, char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);

	snprintf(path, 108, "%s/%s", dir, name);
	strcpy(a.sun_path, path);
	unlink(path);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	if (type == SOCK_STREAM)
		assert_int_equal(listen(fd, 8), 0);
	return fd;
}

/* A datagram socket like /dev/log: one message per datagram, no framing. */
static void test_unix_dgram(void **state)
{
	static char buf[1 << 17];
	char path[108];
	int fd = unix_sock("log", SOCK_DGRAM, path), i;
	struct sink *s = open_sink("syslog+unix://%s", path);
	struct sink_stats st;
	ssize_t n;

	(void)state;
	/* more than the socket's queue holds (max_dgram_qlen): the sender waits, nothing lost */
	for (i = 0; i < 1000; i++)
		put(s, i);
	for (i = 0; i < 1000; i++) {
		assert_true(wait_in(fd, WAIT_MS));
		n = recv(fd, buf, sizeof(buf), 0);
		check_msg(buf, n, i, SYSLOG_FACILITY_AUTHPRIV);
	}
	settled(s, 1000, &st);
	assert_int_equal(st.written, 1000);
	assert_int_equal(st.dropped, 0);
	assert_int_equal(sink_close(s, 1000), 0);
	close(fd);
}

/* A stream socket at the path: the same messages, octet-counted. */
static void test_unix_stream(void **state)
{
	char path[108];
	int lfd = unix_sock("stream", SOCK_STREAM, path), i;
	struct sink *s = open_sink("syslog+unix://%s", path);
	struct peer *p = calloc(1, sizeof(*p));
	char *msg;
	size_t len;

	(void)state;
	p->fd = accept_in(lfd, WAIT_MS);
	for (i = 0; i < 300; i++)
		put(s, i);
	for (i = 0; i < 300; i++) {
		msg = frame(p, &len, WAIT_MS);
		check_msg(msg, len, i, SYSLOG_FACILITY_AUTHPRIV);
	}
	assert_int_equal(sink_close(s, 1000), 0);
	close(p->fd);
	close(lfd);
	free(p);
}

/* A port nothing listens on (for now). */
static int free_port(void)
{
	int fd = listen_tcp(0), port = port_of(fd);

	close(fd);
	return port;
}

/*
 * The collector is down: records queue up to the bound, then the oldest go.
 * When it is up, the first message is the "dropped" record with the exact
 * count, then the records that were kept, in order.
 */
static void test_tcp_down_then_up(void **state)
{
	int port = free_port(), lfd, i;
	struct sink *s = open_sink("syslog+tcp://127.0.0.1:%d?queue=50", port);
	struct peer *p = calloc(1, sizeof(*p));
	struct sink_stats st;
	char *msg, want[64];
	size_t len;

	(void)state;
	for (i = 0; i < 30; i++)
		put(s, i);
	usleep(300 * 1000); /* a few failed connections */
	sink_stats(s, &st);
	assert_false(st.up);
	assert_int_equal(st.queued, 30);
	assert_int_equal(st.dropped, 0);
	assert_int_equal(st.written, 0);
	for (i = 30; i < 70; i++)
		put(s, i);
	sink_stats(s, &st);
	assert_int_equal(st.queued, 50);
	assert_int_equal(st.dropped, 20);

	lfd = listen_tcp(port);
	p->fd = accept_in(lfd, WAIT_MS);
	msg = frame(p, &len, WAIT_MS);
	/* authpriv.warning, MSGID dropped, no structured data */
	assert_int_equal(strncmp(msg, "<84>1 ", 6), 0);
	assert_non_null(strstr(msg, " privtrace "));
	snprintf(want, sizeof(want), " %d dropped - {\"@timestamp\":\"", getpid());
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, "\"event\":{\"kind\":\"metric\",\"action\":\"dropped\"},"
				    "\"privtrace\":"
				    "{\"dropped\":{\"sink\":\"syslog+tcp://127.0.0.1:"));
	assert_non_null(strstr(msg, "\",\"records\":20,\"total\":20}}}"));
	assert_int_equal(msg[len - 1], '}');
	for (i = 20; i < 70; i++) {
		msg = frame(p, &len, WAIT_MS);
		check_msg(msg, len, i, SYSLOG_FACILITY_AUTHPRIV);
	}
	/* back to normal: no other report */
	put(s, 70);
	msg = frame(p, &len, WAIT_MS);
	check_msg(msg, len, 70, SYSLOG_FACILITY_AUTHPRIV);
	settled(s, 51, &st);
	assert_int_equal(st.written, 51);
	assert_int_equal(st.dropped, 20);
	assert_int_equal(st.queued, 0);
	assert_true(st.up);
	assert_int_equal(sink_close(s, 1000), 20);
	close(p->fd);
	close(lfd);
	free(p);
}

/*
 * The collector restarts: it read everything, then closed. Records written
 * from then on, whether the sink noticed the close before sending them or
 * wrote them into the dead connection, all arrive on the next connection,
 * once each; nothing was dropped, so no report.
 */
static void test_tcp_peer_restarts(void **state)
{
	int lfd = listen_tcp(0), round, i, seq = 0;
	struct sink *s = open_sink("syslog+tcp://127.0.0.1:%d", port_of(lfd));
	struct peer *p = calloc(1, sizeof(*p));
	struct sink_stats st;
	char *msg;
	size_t len;

	(void)state;
	p->fd = accept_in(lfd, WAIT_MS);
	for (round = 0; round < 4; round++) {
		for (i = 0; i < 20; i++)
			put(s, seq + i);
		for (i = 0; i < 20; i++) {
			msg = frame(p, &len, WAIT_MS);
			check_msg(msg, len, seq + i, SYSLOG_FACILITY_AUTHPRIV);
		}
		seq += 20;
		settled(s, seq, &st); /* acknowledged: nothing left to resend */
		close(p->fd);
		p->have = 0;
		/* at once, before or while the sink notices */
		for (i = 0; i < 20; i++)
			put(s, seq + i);
		p->fd = accept_in(lfd, WAIT_MS);
		for (i = 0; i < 20; i++) {
			msg = frame(p, &len, WAIT_MS);
			check_msg(msg, len, seq + i, SYSLOG_FACILITY_AUTHPRIV);
		}
		seq += 20;
	}
	settled(s, seq, &st);
	assert_int_equal(st.written, seq);
	assert_int_equal(st.dropped, 0);
	assert_int_equal(st.reconnects, 4);
	assert_false(wait_in(p->fd, 200)); /* no duplicate after the last */
	assert_int_equal(sink_close(s, 1000), 0);
	close(p->fd);
	close(lfd);
	free(p);
}

/*
 * The collector dies with records in its buffer it never read, and more
 * that it never acknowledged (its window was closed): those it did not
 * acknowledge are sent again, whole, on the next connection, starting at
 * the first record it did not get entirely; those it acknowledged are its
 * own loss (counted as written: TCP cannot tell us better).
 */
static void test_tcp_peer_dies_unread(void **state)
{
	int lfd = listen_tcp_buf(0, 4096), fd, i, k = 0, avail = 0, last = -1, zero = 0, n = 2000;
	struct sink *s = open_sink("syslog+tcp://127.0.0.1:%d", port_of(lfd));
	struct peer *p = calloc(1, sizeof(*p));
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct sink_stats st;
	size_t len, off = 0, flen;
	char *msg, *end;

	(void)state;
	fd = accept_in(lfd, WAIT_MS);
	for (i = 0; i < n; i++)
		put(s, i);
	/* its window is closed once what it holds stops growing */
	while (zero < 5) {
		usleep(50 * 1000);
		assert_int_equal(ioctl(fd, FIONREAD, &avail), 0);
		zero = avail == last ? zero + 1 : 0;
		last = avail;
	}
	assert_true(avail > 0 && (size_t)avail < sizeof(p->buf));
	/* what it got, without reading it (that would open the window) */
	assert_int_equal(recv(fd, p->buf, avail, MSG_PEEK), avail);
	while (off < (size_t)avail) {
		flen = strtoul(p->buf + off, &end, 10);
		if (end >= p->buf + avail || (size_t)(end + 1 - p->buf) + flen > (size_t)avail)
			break;
		check_msg(end + 1, flen, k, SYSLOG_FACILITY_AUTHPRIV);
		off = end + 1 - p->buf + flen;
		k++;
	}
	assert_true(k < n);
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd); /* a RST, and what it held is gone */

	p->fd = accept_in(lfd, WAIT_MS);
	for (i = k; i < n; i++) {
		msg = frame(p, &len, WAIT_MS);
		check_msg(msg, len, i, SYSLOG_FACILITY_AUTHPRIV);
	}
	settled(s, n, &st);
	assert_int_equal(st.written, n);
	assert_int_equal(st.dropped, 0);
	assert_int_equal(st.reconnects, 1);
	assert_false(wait_in(p->fd, 200));
	assert_int_equal(sink_close(s, 1000), 0);
	print_message("%d records in the dead peer's buffer, %d sent again\n", k, n - k);
	close(p->fd);
	close(lfd);
	free(p);
}

/*
 * A collector that accepts and never reads: the socket buffers fill, the
 * sender waits for room; sink_write still returns at once and the queue
 * holds no more than its bound. Closing gives up at the timeout.
 */
static void test_tcp_peer_never_reads(void **state)
{
	int lfd = listen_tcp(0), fd, i, n = 20000;
	struct sink *s = open_sink("syslog+tcp://127.0.0.1:%d?queue=100", port_of(lfd));
	long long t, worst = 0, start;
	struct sink_stats st;
	unsigned long long dropped;

	(void)state;
	fd = accept_in(lfd, WAIT_MS);
	start = now_ms();
	for (i = 0; i < n; i++) {
		t = now_ms();
		put(s, i);
		t = now_ms() - t;
		if (t > worst)
			worst = t;
		if (i % 1000 == 0) {
			sink_stats(s, &st);
			assert_true(st.queued <= 100);
		}
	}
	print_message("%d writes in %lld ms, the slowest %lld ms\n", n, now_ms() - start, worst);
	assert_true(worst < 200);
	sink_stats(s, &st);
	assert_true(st.queued <= 100);
	assert_true(st.dropped > 0);
	/* everything is accounted for: in the kernel's hands, dropped, or held */
	assert_int_equal(st.written + st.dropped + st.queued, n);
	t = now_ms();
	dropped = sink_close(s, 300);
	t = now_ms() - t;
	assert_true(t < 2000);
	assert_true(dropped >= st.dropped);
	close(fd);
	close(lfd);
}

/* Nobody ever listens: closing waits its timeout, and what was queued counts as dropped. */
static void test_close_while_down(void **state)
{
	struct sink *s = open_sink("syslog+tcp://127.0.0.1:%d", free_port());
	long long t;
	int i;

	(void)state;
	for (i = 0; i < 10; i++)
		put(s, i);
	t = now_ms();
	assert_int_equal(sink_close(s, 300), 10);
	t = now_ms() - t;
	assert_true(t >= 250 && t < 2000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_unix_dgram),
		cmocka_unit_test(test_unix_stream),
		cmocka_unit_test(test_tcp_down_then_up),
		cmocka_unit_test(test_tcp_peer_restarts),
		cmocka_unit_test(test_tcp_peer_dies_unread),
		cmocka_unit_test(test_tcp_peer_never_reads),
		cmocka_unit_test(test_close_while_down),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
