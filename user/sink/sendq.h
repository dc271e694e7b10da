/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The bounded queue and sender thread behind every network sink. The event
 * loop only copies a message in (sendq_push) and goes on; the thread
 * connects, sends, and on an error closes, waits (100 ms doubling to 10 s,
 * with jitter) and connects again. Nothing it does can stall the loop.
 *
 * Bounded by messages and by bytes. When full, the OLDEST waiting message
 * is dropped: the freshest events are the ones a responder needs, and then
 * the loss is one gap followed by everything since, which the "dropped"
 * record, sent first when the peer takes messages again, describes in
 * order. (Dropping the newest would keep the start of an outage and lose
 * what happened since, an attacker's latest steps included.)
 *
 * Streams (TCP, unix stream) frame each message as RFC 6587 octet
 * counting, "LEN SP MSG". What the peer has not acknowledged (TCP) or read
 * (unix) is kept, and sent again on the next connection if this one
 * breaks, so the messages written into a connection the peer had already
 * closed are not lost unnoticed; the price is a duplicate now and then (a
 * message the peer got but whose acknowledgement had not come back).
 * Datagrams (UDP, unix) are one message each.
 */
#ifndef PT_SENDQ_H
#define PT_SENDQ_H

#include <stddef.h>
#include "sink/sink.h"

enum sendq_transport {
	SENDQ_UDP = 1,
	SENDQ_TCP,
	SENDQ_UNIX, /* a datagram socket like /dev/log; a stream one is used framed */
};

/*
 * The message that reports n messages dropped (total since start), in a
 * malloc'd buffer of *len bytes; NULL if it cannot be made. Called on the
 * sender thread, just before the first message it sends after drops.
 */
typedef char *(*sendq_loss_fn)(void *arg, unsigned long long n, unsigned long long total,
			       size_t *len);

struct sendq_cfg {
	enum sendq_transport transport;
	const char *host, *port; /* UDP, TCP: resolved at each connection */
	const char *path;        /* UNIX */
	const char *name;        /* the sink's spec: stderr says when its peer is gone, and back */
	unsigned long max_msgs;  /* held at most: waiting, being sent, unacknowledged */
	unsigned long max_bytes;
	sendq_loss_fn loss_msg;
	void *loss_arg;
};

struct sendq;

/* Starts the thread, which connects at once. NULL with errno on failure. */
struct sendq *sendq_open(const struct sendq_cfg *cfg);
/*
 * Queue head followed by body as one message (both are copied). Never waits
 * for the peer. 0 queued (maybe after dropping the oldest), 1 dropped (the
 * message alone is larger than the byte bound, or out of memory).
 */
int sendq_push(struct sendq *q, const void *head, size_t hlen, const void *body, size_t blen);
/* A message that could not even be made: counted as dropped, reported as the others. */
void sendq_drop(struct sendq *q);
/* written: sent (datagrams) or acknowledged (streams); queued: held now. */
void sendq_stats(struct sendq *q, struct sink_stats *out);
/* Wait at most timeout_ms for everything held to be handed on; returns how many are left. */
unsigned long long sendq_flush(struct sendq *q, int timeout_ms);
/*
 * Flush (at most timeout_ms), stop the thread, close, free. What was never
 * sent counts as dropped; returns the dropped total.
 */
unsigned long long sendq_close(struct sendq *q, int timeout_ms);

#endif
