// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>

#include "lib/sock.h"

int sock_connect_start(int fd, const struct sockaddr *sa, socklen_t salen)
{
	if (!connect(fd, sa, salen))
		return 0;
	/* a signal: the connect goes on in the background, as if in progress */
	return errno == EINTR ? -EINPROGRESS : -errno;
}

int sock_connect_result(int fd)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		return -errno;
	return -err;
}
