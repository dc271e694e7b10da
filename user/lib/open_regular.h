/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Opening a file someone else chose what to put at: nothing is opened for
 * reading before it is known to be a regular file of a sane size. Opening
 * a FIFO blocks, and opening a device node as host root can act on the
 * device, so the name is first resolved with O_PATH (which opens nothing),
 * checked with fstat(), and only that very inode is then opened for
 * reading, through its descriptor: a swap of the name in between changes
 * nothing.
 */
#ifndef PT_OPEN_REGULAR_H
#define PT_OPEN_REGULAR_H

#include <sys/types.h>
#include <linux/types.h>

/*
 * path at dir (AT_FDCWD, or a directory fd), resolved with the openat2()
 * RESOLVE_* flags in resolve (RESOLVE_IN_ROOT for a container's root).
 * A read-only, non-blocking fd, or -errno: -EINVAL not a regular file,
 * -EFBIG larger than max bytes.
 */
int open_regular(int dir, const char *path, __u64 resolve, off_t max);

#endif
