/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_HOSTNS_H
#define PT_HOSTNS_H

/*
 * The host's mount namespace inode: a task outside it is in a container.
 * pid 1's, or where pid 1 is out of reach (a sandbox that denies ptrace
 * access to it) privtrace's own, which is the host's when privtrace runs on
 * the host as it should. 0 when neither can be read.
 */
unsigned int host_mntns_inum(void);
/* The host's user namespace inode, found the same way. */
unsigned int host_userns_inum(void);

#endif
