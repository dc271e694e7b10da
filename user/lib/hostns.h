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
/*
 * The host's root directory, pid 1's (else ours): its inode number and its
 * device as the kernel numbers it (a super_block's s_dev: major << 20 |
 * minor, not stat's encoding). 0 when neither can be read.
 */
int host_root_id(unsigned long long *ino, unsigned int *kdev);
/* The host's user namespace inode, found the same way. */
unsigned int host_userns_inum(void);

#endif
