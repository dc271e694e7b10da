/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A non-blocking connect in two halves, for the two places that connect
 * (the runtime's API socket, the syslog sinks): each waits its own way in
 * between (a deadline; a deadline or a stop).
 */
#ifndef PT_SOCK_H
#define PT_SOCK_H

#include <sys/socket.h>

/* 0 connected; -EINPROGRESS: wait for POLLOUT, then sock_connect_result; else -errno. */
int sock_connect_start(int fd, const struct sockaddr *sa, socklen_t salen);
/* After POLLOUT: 0 connected, or -errno (the connect's own error). */
int sock_connect_result(int fd);

#endif
