/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the kernel says of a container, read from its first process in
 * /proc (privtrace runs in the host's pid and user namespaces): the user
 * namespace it lives in, that namespace's uid_map and gid_map, its
 * capability sets; and which host accounts the maps take in.
 */
#ifndef PT_VERIFY_FACTS_H
#define PT_VERIFY_FACTS_H

#include <stdbool.h>
#include <linux/types.h>

#include "privtrace.h"

#define FACTS_ACCOUNTS 8 /* host accounts inside the maps named, at most */

struct facts_account {
	char name[64];
	__u32 host_uid, ns_uid;
};

struct facts {
	int pid;
	bool read;                    /* /proc/PID could be read */
	char why[160];                /* what could not be read, if not */
	__u64 userns_inum, host_userns_inum;
	bool shares_host_userns;      /* its user namespace is the host's */
	struct pt_extent uid_map[PT_MAP_MAX_EXTENTS], gid_map[PT_MAP_MAX_EXTENTS];
	int n_uid, n_gid;
	bool root_mapped;             /* ns uid 0 has a host uid */
	__u32 root_host_uid;
	bool host_root_mapped;        /* host uid 0 is some ns uid */
	__u32 host_root_ns_uid;
	bool host_gid0_mapped;
	struct facts_account accounts[FACTS_ACCOUNTS]; /* host accounts (not root) inside uid_map */
	int n_accounts, n_accounts_all;
	__u64 cap_eff, cap_prm, cap_bnd;
};

/* The facts of pid (root: the container's first process). Never fails: f->read says. */
void facts_read(int pid, struct facts *f);

/* "0:165536:65536,..." of a map, for evidence lines */
void facts_map_text(const struct pt_extent *m, int n, char *buf, size_t len);

#endif
