// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "lib/hostns.h"
#include "verify/facts.h"

#define PROC_FILE_MAX (64 * 1024)

/* A small /proc or /etc file, read whole; its length, or -1 (errno). */
static ssize_t slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (len + 1 < cap && (n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return (ssize_t)len;
}

/* "         0     165536      65536" lines: the kernel's own uid_map format */
static int parse_map(const char *text, struct pt_extent *m, int max)
{
	const char *p = text;
	int n = 0;

	while (*p && n < max) {
		unsigned long long a, b, c;
		char *end;

		a = strtoull(p, &end, 10);
		if (end == p)
			break;
		p = end;
		b = strtoull(p, &end, 10);
		if (end == p)
			break;
		p = end;
		c = strtoull(p, &end, 10);
		if (end == p)
			break;
		p = end;
		if (a <= UINT32_MAX && b <= UINT32_MAX && c <= (1ull << 32))
			m[n++] = (struct pt_extent){ (__u32)a, (__u32)b, (__u32)(c > UINT32_MAX ? UINT32_MAX : c) };
		while (*p == ' ' || *p == '\n')
			p++;
	}
	return n;
}

/* ns id of host id h under map m, or -1 */
static long long ns_of(const struct pt_extent *m, int n, __u32 h)
{
	int i;

	for (i = 0; i < n; i++)
		if (h >= m[i].lower_first && (__u64)h < (__u64)m[i].lower_first + m[i].count)
			return (long long)m[i].first + (h - m[i].lower_first);
	return -1;
}

static long long host_of(const struct pt_extent *m, int n, __u32 id)
{
	int i;

	for (i = 0; i < n; i++)
		if (id >= m[i].first && (__u64)id < (__u64)m[i].first + m[i].count)
			return (long long)m[i].lower_first + (id - m[i].first);
	return -1;
}

static __u64 cap_line(const char *status, const char *key)
{
	const char *p = strstr(status, key);

	return p ? strtoull(p + strlen(key), NULL, 16) : 0;
}

/* Host accounts from the host's /etc/passwd that the uid map takes in (root apart). */
static void accounts(struct facts *f)
{
	char *text = malloc(1 << 20), *line, *save = NULL;

	if (!text || slurp("/etc/passwd", text, 1 << 20) < 0) {
		free(text);
		return;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *name = line, *c1 = strchr(line, ':'), *c2, *end;
		unsigned long uid;
		long long ns;

		if (!c1 || !(c2 = strchr(c1 + 1, ':')))
			continue;
		uid = strtoul(c2 + 1, &end, 10);
		if (end == c2 + 1 || *end != ':' || uid == 0 || uid > UINT32_MAX)
			continue;
		ns = ns_of(f->uid_map, f->n_uid, (__u32)uid);
		if (ns < 0)
			continue;
		f->n_accounts_all++;
		if (f->n_accounts < FACTS_ACCOUNTS) {
			struct facts_account *a = &f->accounts[f->n_accounts++];

			*c1 = '\0';
			snprintf(a->name, sizeof(a->name), "%s", name);
			a->host_uid = (__u32)uid;
			a->ns_uid = (__u32)ns;
		}
	}
	free(text);
}

void facts_map_text(const struct pt_extent *m, int n, char *buf, size_t len)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%u:%u:%u", i ? "," : "", m[i].first,
					m[i].lower_first, m[i].count);
	if (off >= len && len > 4)
		strcpy(buf + len - 4, "...");
}

void facts_read(int pid, struct facts *f)
{
	char path[64], buf[PROC_FILE_MAX];
	struct stat st;
	long long h;

	memset(f, 0, sizeof(*f));
	f->pid = pid;
	if (pid <= 0) {
		snprintf(f->why, sizeof(f->why), "the runtime gives no process for it (not running?)");
		return;
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	if (stat(path, &st)) {
		snprintf(f->why, sizeof(f->why), "%s: %s", path, strerror(errno));
		return;
	}
	f->userns_inum = st.st_ino;
	f->host_userns_inum = host_userns_inum();
	f->shares_host_userns = f->host_userns_inum && f->userns_inum == f->host_userns_inum;
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	if (slurp(path, buf, sizeof(buf)) < 0) {
		snprintf(f->why, sizeof(f->why), "%s: %s", path, strerror(errno));
		return;
	}
	f->n_uid = parse_map(buf, f->uid_map, PT_MAP_MAX_EXTENTS);
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	if (slurp(path, buf, sizeof(buf)) >= 0)
		f->n_gid = parse_map(buf, f->gid_map, PT_MAP_MAX_EXTENTS);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (slurp(path, buf, sizeof(buf)) >= 0) {
		f->cap_eff = cap_line(buf, "\nCapEff:");
		f->cap_prm = cap_line(buf, "\nCapPrm:");
		f->cap_bnd = cap_line(buf, "\nCapBnd:");
	}
	h = host_of(f->uid_map, f->n_uid, 0);
	f->root_mapped = h >= 0;
	f->root_host_uid = h >= 0 ? (__u32)h : PT_ID_UNMAPPED;
	h = ns_of(f->uid_map, f->n_uid, 0);
	f->host_root_mapped = h >= 0;
	f->host_root_ns_uid = h >= 0 ? (__u32)h : PT_ID_UNMAPPED;
	f->host_gid0_mapped = ns_of(f->gid_map, f->n_gid, 0) >= 0;
	accounts(f);
	f->read = true;
}
