// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "userns_map.h"

struct userns_maps {
	struct userns_map *slot;
	unsigned int max, next; /* replaced in turn once full: namespaces come and go */
	struct userns_map init;
};

struct userns_maps *userns_maps_new(unsigned int max_entries)
{
	struct userns_maps *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->max = max_entries ? max_entries : 1;
	m->slot = calloc(m->max, sizeof(*m->slot));
	if (!m->slot) {
		free(m);
		return NULL;
	}
	m->init.root_is_host_root = true;
	/* the kernel shows the init namespace's identity map this way */
	snprintf(m->init.uid, sizeof(m->init.uid), "0:0:4294967295");
	snprintf(m->init.gid, sizeof(m->init.gid), "0:0:4294967295");
	return m;
}

void userns_maps_free(struct userns_maps *m)
{
	if (!m)
		return;
	free(m->slot);
	free(m);
}

int userns_map_parse(const char *text, char *out, size_t len, bool *root_is_host_root)
{
	size_t used = 0;
	bool root = false;
	int lines = 0;

	out[0] = '\0';
	while (*text) {
		unsigned long long ns, host, count;
		const char *nl = strchr(text, '\n');
		int consumed = 0, w;

		if (sscanf(text, " %llu %llu %llu%n", &ns, &host, &count, &consumed) != 3 ||
		    ns > UINT32_MAX || host > UINT32_MAX || count == 0 || count > 1ULL << 32)
			return -1;
		if (ns == 0 && host == 0)
			root = true;
		if (used < len) {
			w = snprintf(out + used, len - used, "%s%llu:%llu:%llu", lines ? "," : "", ns,
				     host, count);
			if (w < 0 || (size_t)w >= len - used) {
				/* keep the cut visible: never a plausible shorter map */
				if (len > 5)
					snprintf(out + (used < len - 5 ? used : len - 5),
						 len - (used < len - 5 ? used : len - 5), ",...");
				used = len;
			} else {
				used += (size_t)w;
			}
		}
		lines++;
		if (!nl)
			break;
		text = nl + 1;
	}
	if (!lines)
		return -1;
	*root_is_host_root = root;
	return 0;
}

/* Read /proc/PID/{uid,gid}_map if PID is (still) in user namespace inum. */
static int read_maps(__u32 pid, __u32 inum, struct userns_map *m)
{
	char path[64], text[8192];
	struct stat st;
	bool root, groot;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%u/ns/user", pid);
	if (stat(path, &st) || st.st_ino != inum)
		return -1;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "/proc/%u/%s", pid, i ? "gid_map" : "uid_map");
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -1;
		n = read(fd, text, sizeof(text) - 1);
		close(fd);
		if (n <= 0)
			return -1;
		text[n] = '\0';
		if (userns_map_parse(text, i ? m->gid : m->uid, USERNS_MAP_LEN, i ? &groot : &root))
			return -1;
	}
	m->root_is_host_root = root;
	m->inum = inum;
	return 0;
}

const struct userns_map *userns_maps_get(struct userns_maps *m, __u32 inum, __u32 level, __u32 pid,
					 __u32 fallback_pid)
{
	struct userns_map *s;
	unsigned int i;

	if (level == 0)
		return &m->init;
	for (i = 0; i < m->max; i++)
		if (m->slot[i].inum == inum)
			return &m->slot[i];
	s = &m->slot[m->next];
	if (read_maps(pid, inum, s) && (!fallback_pid || read_maps(fallback_pid, inum, s))) {
		s->inum = 0;
		return NULL; /* not cached: the next event may still find a live task */
	}
	m->next = (m->next + 1) % m->max;
	return s;
}
