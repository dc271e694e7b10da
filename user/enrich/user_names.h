/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Names for uids on both sides of a user namespace: the host's name for the
 * host uid (the host's /etc/passwd), and the container's own name for
 * the namespace uid, from the container's /etc/passwd. The same uid often
 * has two names ("appuser" inside, "marc" outside): both are shown.
 */
#ifndef PT_USER_NAMES_H
#define PT_USER_NAMES_H

#include <stddef.h>
#include <linux/types.h>

#define USER_NAME_LEN 64

struct user_names;

struct user_names *user_names_new(void);
void user_names_free(struct user_names *u);

/*
 * The host's name for host uid, from the host's /etc/passwd (not NSS: see
 * user_names.c), or NULL when it has none. Re-read every few seconds.
 */
const char *user_names_host(struct user_names *u, __u32 uid);

/*
 * The name of uid in the /etc/passwd of the root that pid (else
 * fallback_pid) sees, for tasks of mount namespace mntns; NULL when unknown.
 * The file is opened with the container's root as "/" (openat2
 * RESOLVE_IN_ROOT), so a symlink there cannot point us at a host file, and
 * only a regular file of bounded size is read. Cached per mount namespace,
 * re-read after a few seconds.
 */
const char *user_names_in_root(struct user_names *u, __u32 mntns, __u32 pid, __u32 fallback_pid,
			       __u32 uid);

/*
 * One passwd line's name for uid in text (len bytes): copies it into name
 * and returns 0, or -1. Lines that are not "name:x:uid:..." are skipped.
 */
int passwd_lookup(const char *text, size_t len, __u32 uid, char *name, size_t name_len);

#endif
