// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * One mutex guards the lists and counters; the thread never holds it while
 * it talks to the network, so sendq_push waits at most for a list update.
 * The thread sleeps in poll() on an eventfd (and its socket): a push writes
 * the eventfd only when the thread said it is idle, so a busy stream costs
 * no extra system call per message.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "lib/clock.h"
#include "lib/sock.h"
#include "sink/sendq.h"

#define BACKOFF_MIN_MS 100
#define BACKOFF_MAX_MS 10000
#define CONNECT_TIMEOUT_MS 5000
/*
 * A peer that takes no acknowledgement back for this long (a host gone
 * without a RST) is given up: the connection errors out and what it did
 * not acknowledge goes again on the next one.
 */
#define TCP_USER_TIMEOUT_MS 30000
/* unacknowledged data is looked at this often when idle, slower while nothing changes */
#define ACK_POLL_MIN_MS 5
#define ACK_POLL_MAX_MS 1000
/* RFC 768 / 8200 without jumbograms: an IPv4 UDP payload is at most 65507 bytes */

#define NS_PER_MS 1000000ull

struct msg {
	struct msg *next;
	__u64 end;                /* streams: the connection's byte count once this is sent */
	unsigned long long loss;  /* a "dropped" report for this many; 0: a record */
	size_t len;
	char data[];
};

struct mlist {
	struct msg *head, *tail;
};

struct sendq {
	enum sendq_transport transport;
	char *host, *port, *path;
	unsigned long max_msgs, max_bytes;
	sendq_loss_fn loss_msg;
	void *loss_arg;

	pthread_t thread;
	int wake_fd;             /* eventfd: a message for an idle thread, or stop */
	pthread_mutex_t lock;
	pthread_cond_t empty;    /* nothing held any more (sendq_flush) */

	/* under lock */
	struct mlist pending;    /* not sent yet, oldest first */
	struct mlist inflight;   /* streams: sent, not yet acknowledged / read by the peer */
	struct msg *sending;     /* taken off pending by the thread, being sent */
	unsigned long held, held_bytes; /* all three together, reports included */
	unsigned long held_records;     /* the same, reports excluded: stats' queued */
	unsigned long long written, dropped, unreported, reconnects;
	bool up, idle, stopping;
	__u64 stop_ns;           /* monotonic: give up sending then */

	/* the thread's own */
	int fd;
	bool stream;
	bool connected_before;
	bool said_down;          /* the operator was told the peer is unreachable */
	char *name;              /* what the operator calls this sink, for those messages */
	__u64 sent;              /* bytes written into this connection */
	__u64 acked;             /* ... of which the peer has acknowledged (or read) */
	__u64 ack_base;          /* TCP: tcpi_bytes_acked when connected (the SYN may count) */
	unsigned int backoff_ms, ack_poll_ms;
	unsigned int seed;
	__u64 retry_ns;
};

/* ---- lists and bounds (under lock) ---- */

static void push_tail(struct mlist *l, struct msg *m)
{
	m->next = NULL;
	if (l->tail)
		l->tail->next = m;
	else
		l->head = m;
	l->tail = m;
}

static void push_head(struct mlist *l, struct msg *m)
{
	m->next = l->head;
	l->head = m;
	if (!l->tail)
		l->tail = m;
}

static struct msg *pop(struct mlist *l)
{
	struct msg *m = l->head;

	if (m) {
		l->head = m->next;
		if (!l->head)
			l->tail = NULL;
	}
	return m;
}

static void hold(struct sendq *q, struct msg *m)
{
	q->held++;
	q->held_bytes += m->len;
	if (!m->loss)
		q->held_records++;
}

/* m leaves our hands: sent, dropped or forgotten */
static void release(struct sendq *q, struct msg *m)
{
	q->held--;
	q->held_bytes -= m->len;
	if (!m->loss)
		q->held_records--;
	free(m);
	if (!q->held)
		pthread_cond_broadcast(&q->empty);
}

/* A record is lost: counted, and told in the next "dropped" report. */
static void drop(struct sendq *q, struct msg *m)
{
	if (m->loss) {
		q->unreported += m->loss; /* a report lost: the next one says it all */
	} else {
		q->dropped++;
		q->unreported++;
	}
	release(q, m);
}

static struct msg *msg_new(const void *head, size_t hlen, const void *body, size_t blen)
{
	struct msg *m = malloc(sizeof(*m) + hlen + blen);

	if (!m)
		return NULL;
	m->next = NULL;
	m->end = 0;
	m->loss = 0;
	m->len = hlen + blen;
	if (hlen)
		memcpy(m->data, head, hlen);
	if (blen)
		memcpy(m->data + hlen, body, blen);
	return m;
}

static void wake(struct sendq *q)
{
	__u64 one = 1;

	ssize_t r = write(q->wake_fd, &one, sizeof(one));

	(void)r; /* EAGAIN: the counter is already non-zero, the thread wakes anyway */
}

void sendq_drop(struct sendq *q)
{
	pthread_mutex_lock(&q->lock);
	q->dropped++;
	q->unreported++;
	pthread_mutex_unlock(&q->lock);
}

int sendq_push(struct sendq *q, const void *head, size_t hlen, const void *body, size_t blen)
{
	size_t len = hlen + blen;
	struct msg *m, *old;
	bool kick;

	m = len <= q->max_bytes ? msg_new(head, hlen, body, blen) : NULL;
	pthread_mutex_lock(&q->lock);
	if (!m) {
		q->dropped++;
		q->unreported++;
		pthread_mutex_unlock(&q->lock);
		return 1;
	}
	while (q->held + 1 > q->max_msgs || q->held_bytes + len > q->max_bytes) {
		if ((old = pop(&q->pending))) {
			drop(q, old);
		} else if ((old = pop(&q->inflight))) {
			/*
			 * Already handed to the kernel, which goes on sending
			 * it: only our copy for a resend is let go.
			 */
			if (!old->loss)
				q->written++;
			release(q, old);
		} else {
			break; /* only the message being sent: it cannot be taken back */
		}
	}
	if (q->held + 1 > q->max_msgs || q->held_bytes + len > q->max_bytes) {
		q->dropped++;
		q->unreported++;
		pthread_mutex_unlock(&q->lock);
		free(m);
		return 1;
	}
	push_tail(&q->pending, m);
	hold(q, m);
	kick = q->idle;
	q->idle = false;
	pthread_mutex_unlock(&q->lock);
	if (kick)
		wake(q);
	return 0;
}

/* ---- the thread ---- */

static void drain_wake(struct sendq *q)
{
	__u64 v;

	ssize_t r = read(q->wake_fd, &v, sizeof(v));

	(void)r; /* EAGAIN: nothing was pending */
}

/* The time the thread must give up by: stop_ns once stopping, else never. */
static __u64 give_up_ns(struct sendq *q)
{
	__u64 t;

	pthread_mutex_lock(&q->lock);
	t = q->stopping ? q->stop_ns : (__u64)-1;
	pthread_mutex_unlock(&q->lock);
	return t;
}

/*
 * Wait (unlocked) until fd has one of events, or until_ns (but never past
 * the stop deadline). 1: fd is ready, 0: time is up or woken, -ECANCELED:
 * the stop deadline passed.
 */
static int wait_fd(struct sendq *q, int fd, short events, __u64 until_ns)
{
	struct pollfd p[2] = {
		{ .fd = q->wake_fd, .events = POLLIN },
		{ .fd = fd, .events = events },
	};
	__u64 stop = give_up_ns(q), t = until_ns < stop ? until_ns : stop;
	int n;

	if (stop != (__u64)-1 && clock_mono_now() >= stop)
		return -ECANCELED;
	n = poll(p, fd >= 0 ? 2 : 1, clock_ms_until(t));
	if (n < 0)
		return 0; /* EINTR: the caller looks again */
	if (p[0].revents)
		drain_wake(q);
	return fd >= 0 && p[1].revents ? 1 : 0;
}

static int set_nonblock_connect(int fd, const struct sockaddr *sa, socklen_t salen,
				struct sendq *q)
{
	__u64 until = clock_mono_now() + CONNECT_TIMEOUT_MS * NS_PER_MS;
	int r = sock_connect_start(fd, sa, salen);

	if (r != -EINPROGRESS)
		return r;
	/* a wake-up (a push) does not end the wait: only the answer, the time, a stop */
	while ((r = wait_fd(q, fd, POLLOUT, until)) == 0 && clock_mono_now() < until)
		;
	if (r < 0)
		return r;
	if (r == 0)
		return -ETIMEDOUT;
	return sock_connect_result(fd);
}

#ifdef PT_STATIC_BUILD
/*
 * The static build (the vmtest guests, which have no NSS modules): numeric
 * addresses only, so that getaddrinfo(), which needs the shared NSS
 * libraries at run time, is not linked in.
 */
static int resolve(const char *host, const char *port, int socktype, struct addrinfo **res)
{
	struct {
		struct addrinfo ai;
		struct sockaddr_storage ss;
	} *r = calloc(1, sizeof(*r));
	struct sockaddr_in *in4 = (struct sockaddr_in *)&r->ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&r->ss;
	unsigned long n;
	char *end;

	if (!r)
		return EAI_MEMORY;
	n = strtoul(port, &end, 10);
	if (*end || !*port || n > 65535) {
		free(r);
		return EAI_SERVICE;
	}
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(n);
		r->ai.ai_addrlen = sizeof(*in4);
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(n);
		r->ai.ai_addrlen = sizeof(*in6);
	} else {
		free(r);
		return EAI_NONAME;
	}
	r->ai.ai_family = r->ss.ss_family;
	r->ai.ai_socktype = socktype;
	r->ai.ai_addr = (struct sockaddr *)&r->ss;
	*res = &r->ai;
	return 0;
}

static void resolve_free(struct addrinfo *res)
{
	free(res); /* the addrinfo is the first member of what resolve() allocated */
}
#else
static int resolve(const char *host, const char *port, int socktype, struct addrinfo **res)
{
	struct addrinfo hints = {
		/* no AI_ADDRCONFIG: it refuses 127.0.0.1 on a host with loopback alone */
		.ai_socktype = socktype,
	};

	return getaddrinfo(host, port, &hints, res);
}

static void resolve_free(struct addrinfo *res)
{
	freeaddrinfo(res);
}
#endif

static int connect_inet(struct sendq *q)
{
	struct addrinfo *res, *ai;
	int fd = -1, rc = -EHOSTUNREACH, v;

	/* resolved at each connection: a collector that moved is followed */
	if (resolve(q->host, q->port, q->transport == SENDQ_TCP ? SOCK_STREAM : SOCK_DGRAM, &res))
		return -EHOSTUNREACH;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			rc = -errno;
			continue;
		}
		if (q->transport == SENDQ_TCP) {
			v = 1;
			setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v));
			v = TCP_USER_TIMEOUT_MS;
			setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &v, sizeof(v));
		}
		/* UDP too: a connected socket hears the ICMP errors of its peer */
		rc = set_nonblock_connect(fd, ai->ai_addr, ai->ai_addrlen, q);
		if (!rc)
			break;
		close(fd);
		fd = -1;
		if (rc == -ECANCELED)
			break;
	}
	resolve_free(res);
	if (fd < 0)
		return rc;
	q->fd = fd;
	q->stream = q->transport == SENDQ_TCP;
	return 0;
}

/*
 * A datagram socket, as syslog(3) and rsyslog's imuxsock use; a stream one
 * (connect() says EPROTOTYPE) is framed like TCP.
 */
static int connect_unix(struct sendq *q)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, rc = 0, i;
	static const int types[2] = { SOCK_DGRAM, SOCK_STREAM };

	strncpy(sa.sun_path, q->path, sizeof(sa.sun_path) - 1);
	for (i = 0; i < 2; i++) {
		fd = socket(AF_UNIX, types[i] | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		rc = set_nonblock_connect(fd, (struct sockaddr *)&sa, sizeof(sa), q);
		if (!rc) {
			q->fd = fd;
			q->stream = types[i] == SOCK_STREAM;
			return 0;
		}
		close(fd);
		if (rc != -EPROTOTYPE)
			break;
	}
	return rc;
}

/* Bytes of this connection the peer has: acknowledged (TCP) or read (unix stream). */
static int peer_has(struct sendq *q, __u64 *bytes)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	int outq;

	if (q->transport == SENDQ_TCP) {
		/*
		 * Not SIOCOUTQ: a RST empties the send queue, which would
		 * make everything look acknowledged. bytes_acked (Linux 4.1)
		 * stays what the peer really acknowledged.
		 */
		memset(&ti, 0, sizeof(ti));
		if (getsockopt(q->fd, IPPROTO_TCP, TCP_INFO, &ti, &len) ||
		    len < offsetof(struct tcp_info, tcpi_bytes_acked) + sizeof(ti.tcpi_bytes_acked))
			return -1;
		*bytes = ti.tcpi_bytes_acked - q->ack_base;
		return 0;
	}
	/* a unix stream: what the peer has not read yet is still charged to us */
	if (ioctl(q->fd, SIOCOUTQ, &outq) || outq < 0)
		return -1;
	*bytes = q->sent - (__u64)outq;
	return 0;
}

/* Let go of what the peer has (under lock). */
static void settle(struct sendq *q)
{
	struct msg *m;
	__u64 have;

	if (!q->inflight.head || peer_has(q, &have))
		return;
	if (have > q->acked) {
		q->acked = have;
		q->ack_poll_ms = ACK_POLL_MIN_MS;
	}
	while ((m = q->inflight.head) && m->end <= q->acked) {
		pop(&q->inflight);
		if (!m->loss)
			q->written++;
		release(q, m);
	}
}

/*
 * The connection is gone (under lock): what the peer did not acknowledge
 * goes again, first, on the next one; a report not acknowledged is folded
 * into the next report instead.
 */
static void disconnect(struct sendq *q)
{
	struct mlist back = { NULL, NULL };
	struct msg *m;

	settle(q);
	while ((m = pop(&q->inflight))) {
		if (m->loss) {
			q->unreported += m->loss;
			release(q, m);
		} else {
			push_tail(&back, m);
		}
	}
	if (back.head) {
		back.tail->next = q->pending.head;
		if (!q->pending.head)
			q->pending.tail = back.tail;
		q->pending.head = back.head;
	}
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	q->up = false;
}

/*
 * The peer went away or cannot be reached (err): said once on stderr, where an
 * operator looks, until it is back. Called without the lock (the thread's own state).
 */
static void say_down(struct sendq *q, const char *what, int err)
{
	if (q->said_down)
		return;
	q->said_down = true;
	fprintf(stderr, "privtrace: --sink %s: %s: %s; its records wait in its queue (at most %lu, "
			"%lu bytes; past that the oldest are dropped and counted) until it answers\n",
		q->name, what, strerror(err < 0 ? -err : err), q->max_msgs, q->max_bytes);
}

static void say_up(struct sendq *q)
{
	if (!q->said_down)
		return;
	q->said_down = false;
	fprintf(stderr, "privtrace: --sink %s: connected again\n", q->name);
}

static void backoff(struct sendq *q)
{
	unsigned int d = q->backoff_ms;
	/* half fixed, half random: many sensors that lost one collector do not return in step */
	unsigned int wait_ms = d / 2 + rand_r(&q->seed) % (d / 2 + 1);

	q->retry_ns = clock_mono_now() + wait_ms * NS_PER_MS;
	q->backoff_ms = d * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : d * 2;
}

/*
 * Send m whole (unlocked). 0 sent; -EMSGSIZE a datagram too big to send;
 * -ECANCELED the stop deadline passed; another -errno: the connection broke.
 */
static int send_msg(struct sendq *q, struct msg *m)
{
	char prefix[24];
	size_t plen = 0, off = 0, total;
	struct iovec iov[2];
	struct msghdr mh = { .msg_iov = iov };
	ssize_t n;
	int r;

	/* RFC 6587 3.4.1 octet counting: MSG-LEN SP SYSLOG-MSG */
	if (q->stream)
		plen = snprintf(prefix, sizeof(prefix), "%zu ", m->len);
	total = plen + m->len;
	while (off < total) {
		if (off < plen) {
			iov[0] = (struct iovec){ prefix + off, plen - off };
			iov[1] = (struct iovec){ m->data, m->len };
			mh.msg_iovlen = 2;
		} else {
			iov[0] = (struct iovec){ m->data + (off - plen), total - off };
			mh.msg_iovlen = 1;
		}
		n = sendmsg(q->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n >= 0) {
			off += n;
			q->sent += n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == ENOBUFS) {
			/* a full socket buffer (a slow peer): wait for room, not spin */
			r = wait_fd(q, q->fd, POLLOUT, (__u64)-1);
			if (r < 0)
				return r;
			continue;
		}
		if (errno == EMSGSIZE && !q->stream)
			return -EMSGSIZE;
		return -errno;
	}
	return 0;
}

/* The peer said something on an idle connection (under lock): only an end is expected. */
static void peer_spoke(struct sendq *q)
{
	char buf[512];
	ssize_t n = recv(q->fd, buf, sizeof(buf), MSG_DONTWAIT);

	/* data from a collector that talks back is read and ignored */
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		disconnect(q);
		backoff(q);
	}
}

/* The next message to send (under lock): a loss report first, then the oldest. */
static struct msg *next_msg(struct sendq *q)
{
	unsigned long long n = q->unreported;
	struct msg *m;
	char *buf;
	size_t len;

	if (n && q->loss_msg && (buf = q->loss_msg(q->loss_arg, n, q->dropped, &len))) {
		m = msg_new(buf, len, NULL, 0);
		free(buf);
		if (m) {
			m->loss = n;
			q->unreported = 0;
			hold(q, m);
			return m;
		}
	}
	return pop(&q->pending);
}

static void *sender(void *arg)
{
	struct sendq *q = arg;
	struct msg *m;
	__u64 until;
	int rc;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		if (q->stopping && clock_mono_now() >= q->stop_ns)
			break;
		/* all handed on; a pending loss report still goes if it can */
		if (q->stopping && !q->held && (!q->unreported || q->fd < 0))
			break;
		if (q->fd < 0) {
			if (q->stopping && !q->pending.head)
				break;
			if (clock_mono_now() < q->retry_ns) {
				q->idle = false;
				pthread_mutex_unlock(&q->lock);
				wait_fd(q, -1, 0, q->retry_ns);
				pthread_mutex_lock(&q->lock);
				continue;
			}
			pthread_mutex_unlock(&q->lock);
			rc = q->transport == SENDQ_UNIX ? connect_unix(q) : connect_inet(q);
			if (rc && rc != -ECANCELED)
				say_down(q, "cannot connect", rc);
			else if (!rc)
				say_up(q);
			pthread_mutex_lock(&q->lock);
			if (rc) {
				backoff(q);
				continue;
			}
			q->sent = q->acked = q->ack_base = 0;
			if (q->stream && q->transport == SENDQ_TCP && peer_has(q, &q->ack_base))
				q->ack_base = 0;
			q->up = true;
			if (q->connected_before)
				q->reconnects++;
			q->connected_before = true;
			continue;
		}
		settle(q);
		if (!q->pending.head && !q->unreported) {
			/* idle: wait for a message, the peer's end, or (streams) its acknowledgements */
			if (q->stopping && !q->inflight.head)
				break;
			until = (__u64)-1;
			if (q->inflight.head) {
				until = clock_mono_now() + q->ack_poll_ms * NS_PER_MS;
				if (q->ack_poll_ms < ACK_POLL_MAX_MS)
					q->ack_poll_ms *= 2;
			}
			q->idle = true;
			pthread_mutex_unlock(&q->lock);
			rc = wait_fd(q, q->fd, POLLIN | POLLRDHUP, until);
			pthread_mutex_lock(&q->lock);
			q->idle = false;
			if (rc > 0)
				peer_spoke(q);
			continue;
		}
		m = next_msg(q);
		if (!m) {
			/* no memory for the loss report: try again a little later */
			pthread_mutex_unlock(&q->lock);
			wait_fd(q, -1, 0, clock_mono_now() + BACKOFF_MIN_MS * NS_PER_MS);
			pthread_mutex_lock(&q->lock);
			continue;
		}
		q->sending = m;
		pthread_mutex_unlock(&q->lock);
		rc = send_msg(q, m);
		if (rc && rc != -EMSGSIZE && rc != -ECANCELED)
			say_down(q, "connection lost", rc);
		pthread_mutex_lock(&q->lock);
		q->sending = NULL;
		if (!rc) {
			q->backoff_ms = BACKOFF_MIN_MS;
			if (q->stream) {
				m->end = q->sent;
				push_tail(&q->inflight, m);
				settle(q);
			} else {
				if (!m->loss)
					q->written++;
				release(q, m);
			}
		} else if (rc == -EMSGSIZE) {
			/* never cut: half a JSON record is worse than a counted loss */
			drop(q, m);
		} else {
			if (m->loss) {
				q->unreported += m->loss;
				release(q, m);
			} else {
				push_head(&q->pending, m);
			}
			if (rc == -ECANCELED)
				break;
			disconnect(q);
			backoff(q);
		}
	}
	q->idle = false;
	if (q->fd >= 0) {
		settle(q);
		close(q->fd); /* the kernel still delivers what is in the socket */
		q->fd = -1;
	}
	q->up = false;
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

static char *dup_or_null(const char *s, bool *fail)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*fail = true;
	return d;
}

static void free_all(struct sendq *q)
{
	struct msg *m;

	while ((m = pop(&q->pending)))
		free(m);
	while ((m = pop(&q->inflight)))
		free(m);
	if (q->wake_fd >= 0)
		close(q->wake_fd);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->empty);
	free(q->host);
	free(q->port);
	free(q->path);
	free(q->name);
	free(q);
}

struct sendq *sendq_open(const struct sendq_cfg *cfg)
{
	struct sendq *q = calloc(1, sizeof(*q));
	pthread_condattr_t ca;
	sigset_t all, old;
	bool fail = false;
	int err;

	if (!q)
		return NULL;
	q->fd = -1;
	q->wake_fd = -1;
	pthread_mutex_init(&q->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&q->empty, &ca);
	pthread_condattr_destroy(&ca);
	q->transport = cfg->transport;
	q->host = dup_or_null(cfg->host, &fail);
	q->port = dup_or_null(cfg->port, &fail);
	q->path = dup_or_null(cfg->path, &fail);
	q->name = dup_or_null(cfg->name ? cfg->name : "syslog", &fail);
	q->max_msgs = cfg->max_msgs ? cfg->max_msgs : 1;
	q->max_bytes = cfg->max_bytes;
	q->loss_msg = cfg->loss_msg;
	q->loss_arg = cfg->loss_arg;
	q->backoff_ms = BACKOFF_MIN_MS;
	q->ack_poll_ms = ACK_POLL_MIN_MS;
	q->seed = (unsigned int)(clock_mono_now() ^ (__u64)getpid() << 16 ^ (unsigned long)q);
	if (fail) {
		err = ENOMEM;
		goto fail;
	}
	q->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (q->wake_fd < 0) {
		err = errno;
		goto fail;
	}
	/* signals are the event loop's: the sender takes none of them */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&q->thread, NULL, sender, q);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		goto fail;
	return q;
fail:
	free_all(q);
	errno = err;
	return NULL;
}

void sendq_stats(struct sendq *q, struct sink_stats *out)
{
	pthread_mutex_lock(&q->lock);
	out->written = q->written;
	out->dropped = q->dropped;
	out->queued = q->held_records;
	out->reconnects = q->reconnects;
	out->up = q->up;
	pthread_mutex_unlock(&q->lock);
}

unsigned long long sendq_flush(struct sendq *q, int timeout_ms)
{
	__u64 until = clock_mono_now() + (__u64)(timeout_ms > 0 ? timeout_ms : 0) * NS_PER_MS;
	struct timespec ts = { .tv_sec = until / 1000000000ull, .tv_nsec = until % 1000000000ull };
	unsigned long long left;

	pthread_mutex_lock(&q->lock);
	while (q->held && clock_mono_now() < until)
		if (pthread_cond_timedwait(&q->empty, &q->lock, &ts) == ETIMEDOUT)
			break;
	left = q->held_records;
	pthread_mutex_unlock(&q->lock);
	return left;
}

unsigned long long sendq_close(struct sendq *q, int timeout_ms)
{
	unsigned long long dropped;
	struct msg *m;

	if (!q)
		return 0;
	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	q->stop_ns = clock_mono_now() + (__u64)(timeout_ms > 0 ? timeout_ms : 0) * NS_PER_MS;
	pthread_mutex_unlock(&q->lock);
	wake(q);
	pthread_join(q->thread, NULL);

	/* the thread is gone: what it did not send is lost */
	while ((m = pop(&q->pending)))
		drop(q, m);
	/* handed to the kernel, which delivers it after close() if the peer lives */
	while ((m = pop(&q->inflight))) {
		if (!m->loss)
			q->written++;
		release(q, m);
	}
	dropped = q->dropped;
	free_all(q);
	return dropped;
}
