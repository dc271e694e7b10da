/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The user-namespace picture of a task: its uid_map and gid_map as the host
 * sees them, and whether its root is host root. Read from /proc/PID/uid_map
 * once per user namespace (checked to be the one the event names: a pid can
 * be reused), and cached, bounded.
 */
#ifndef PT_USERNS_MAP_H
#define PT_USERNS_MAP_H

#include <stdbool.h>
#include <linux/types.h>

#define USERNS_MAP_LEN 512 /* "0:100000:65536,..." extents; longer maps end in ",..." */

struct userns_map {
	__u32 inum;
	bool root_is_host_root;  /* ns uid 0 is host uid 0 */
	char uid[USERNS_MAP_LEN]; /* privtrace.userns.map.uid: "ns:host:count" extents joined by "," */
	char gid[USERNS_MAP_LEN];
};

struct userns_maps;

struct userns_maps *userns_maps_new(unsigned int max_entries);
void userns_maps_free(struct userns_maps *m);

/*
 * The map of user namespace inum (nesting level level), read through pid
 * (then through fallback_pid, e.g. the container's first process, when pid
 * is gone or in another namespace by now); NULL when neither can be read.
 * The init namespace (level 0) needs no reading. Valid until the next call.
 */
const struct userns_map *userns_maps_get(struct userns_maps *m, __u32 inum, __u32 level, __u32 pid,
					 __u32 fallback_pid);

/*
 * Parse the text of a /proc/PID/uid_map into "ns:host:count,..." and say
 * whether ns 0 maps to host 0. Returns 0, or -1 for text that is not a map.
 */
int userns_map_parse(const char *text, char *out, size_t len, bool *root_is_host_root);

#endif
