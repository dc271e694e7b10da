// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "userns_map.h"

#define MAP_TTL_S 10 /* nsfs inode numbers are reused once a namespace dies: re-read this often */

struct userns_maps {
	struct userns_map *slot;
	time_t *loaded;
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
	m->loaded = calloc(m->max, sizeof(*m->loaded));
	if (!m->slot || !m->loaded) {
		free(m->slot);
		free(m->loaded);
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
	free(m->loaded);
	free(m);
}

/* One uid_map line, "NS HOST COUNT" with blanks around, nothing else. */
static int parse_line(const char *line, size_t n, unsigned long long v[3])
{
	size_t i = 0;
	int k;

	for (k = 0; k < 3; k++) {
		bool digits = false;

		while (i < n && (line[i] == ' ' || line[i] == '\t'))
			i++;
		v[k] = 0;
		for (; i < n && line[i] >= '0' && line[i] <= '9'; i++) {
			v[k] = v[k] * 10 + (unsigned)(line[i] - '0');
			digits = true;
			if (v[k] > 1ULL << 32)
				return -1;
		}
		if (!digits)
			return -1;
	}
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i == n && v[0] <= UINT32_MAX && v[1] <= UINT32_MAX && v[2] && v[2] <= 1ULL << 32 ?
		       0 : -1;
}

int userns_map_parse(const char *text, char *out, size_t len, bool *root_is_host_root)
{
	size_t used = 0;
	bool root = false, cut = false;
	int lines = 0;

	if (len < 5)
		return -1;
	out[0] = '\0';
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		unsigned long long v[3];
		char ext[64];
		int w;

		if (parse_line(text, n, v))
			return -1;
		if (v[0] == 0 && v[1] == 0)
			root = true;
		w = snprintf(ext, sizeof(ext), "%s%llu:%llu:%llu", lines ? "," : "", v[0], v[1], v[2]);
		/*
		 * whole extents only, and room kept for the cut marker unless this
		 * is the last extent: never a plausible shorter map
		 */
		if (!cut && used + (size_t)w + (!nl || !nl[1] ? 0 : 4) < len) {
			memcpy(out + used, ext, (size_t)w + 1);
			used += (size_t)w;
		} else if (!cut) {
			memcpy(out + used, ",...", 5);
			cut = true;
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
	time_t now = time(NULL);
	struct userns_map *s;
	unsigned int i, at;

	if (level == 0)
		return &m->init;
	at = m->next;
	for (i = 0; i < m->max; i++) {
		if (m->slot[i].inum != inum)
			continue;
		if (m->loaded[i] + MAP_TTL_S > now)
			return &m->slot[i];
		at = i; /* stale: read again in place */
		break;
	}
	s = &m->slot[at];
	if (read_maps(pid, inum, s) && (!fallback_pid || read_maps(fallback_pid, inum, s))) {
		s->inum = 0;
		return NULL; /* not cached: the next event may still find a live task */
	}
	m->loaded[at] = now;
	if (at == m->next)
		m->next = (m->next + 1) % m->max;
	return s;
}
