/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_WRITEV_ALL_H
#define PT_WRITEV_ALL_H

#include <stddef.h>
#include <sys/uio.h>

/*
 * Write iov in full, retrying short writes (and EINTR) while they make
 * progress; iov is consumed. Returns the bytes written; *err is the errno
 * that stopped it (ENOSPC for a write of 0), 0 when all of it went.
 */
size_t writev_all(int fd, struct iovec *iov, int cnt, int *err);

#endif
