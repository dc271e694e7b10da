// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "enrich/user_names.h"
#include "lib/open_regular.h"

#define ROOT_TABLES 32       /* mount namespaces whose passwd is kept */
#define PASSWD_MAX (1 << 20) /* bytes read of a container's /etc/passwd */
#define ROOT_TTL_S 5         /* a container may add users: re-read this often */
#define HOST_CACHE 16        /* the host's answers kept, by uid (events come in runs of few users) */

struct root_table {
	__u32 mntns;
	time_t loaded;
	char *text; /* the file, NUL-terminated; NULL when it could not be read */
	size_t len;
};

struct user_names {
	struct root_table host;   /* the host's /etc/passwd */
	struct root_table root[ROOT_TABLES];
	unsigned int next_root;
	char found[USER_NAME_LEN];
	/* the host file's answers, for the text loaded now (cleared when it is read again) */
	struct host_answer {
		bool used, found;
		__u32 uid;
		char name[USER_NAME_LEN];
	} host_cache[HOST_CACHE];
};

struct user_names *user_names_new(void)
{
	return calloc(1, sizeof(struct user_names));
}

void user_names_free(struct user_names *u)
{
	int i;

	if (!u)
		return;
	for (i = 0; i < ROOT_TABLES; i++)
		free(u->root[i].text);
	free(u->host.text);
	free(u);
}

int passwd_lookup(const char *text, size_t len, __u32 uid, char *name, size_t name_len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p), *line_end = nl ? nl : end;
		const char *c1 = memchr(p, ':', line_end - p), *c2, *num;
		unsigned long long v = 0;
		bool digits = false;

		/* glibc skips commented-out entries: so do we */
		if (*p != '#' && c1 && (c2 = memchr(c1 + 1, ':', line_end - c1 - 1))) {
			for (num = c2 + 1; num < line_end && *num >= '0' && *num <= '9'; num++) {
				v = v * 10 + (unsigned)(*num - '0');
				digits = true;
				if (v > 0xffffffffULL)
					break;
			}
			if (digits && num < line_end && *num == ':' && v == uid && c1 > p &&
			    (size_t)(c1 - p) < name_len) {
				memcpy(name, p, c1 - p);
				name[c1 - p] = '\0';
				return 0;
			}
		}
		p = line_end + 1;
	}
	return -1;
}

/* A passwd file from fd, whole and NUL-terminated, or NULL; closes fd. */
static char *read_passwd_fd(int fd, size_t *len)
{
	char *buf = NULL;
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return NULL;
	/* a FIFO or device there must not stall or flood the tracer */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > PASSWD_MAX)
		goto out;
	buf = malloc(st.st_size + 1);
	if (!buf)
		goto out;
	n = read(fd, buf, st.st_size);
	if (n < 0) {
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[n] = '\0';
	*len = n;
out:
	close(fd);
	return buf;
}

/*
 * The host's own file, not NSS: a directory server (LDAP, sssd) that is
 * slow or down must not stall the event stream, and a static build has no
 * NSS modules to load.
 */
const char *user_names_host(struct user_names *u, __u32 uid)
{
	struct host_answer *a = &u->host_cache[(uid ^ uid >> 8) % HOST_CACHE];
	time_t now = time(NULL);

	if (!u->host.text || u->host.loaded + ROOT_TTL_S <= now) {
		free(u->host.text);
		u->host.text = read_passwd_fd(open("/etc/passwd", O_RDONLY | O_NONBLOCK | O_CLOEXEC),
					      &u->host.len);
		u->host.loaded = now;
		memset(u->host_cache, 0, sizeof(u->host_cache));
	}
	if (!a->used || a->uid != uid) {
		a->used = true;
		a->uid = uid;
		a->found = u->host.text &&
			   !passwd_lookup(u->host.text, u->host.len, uid, a->name, sizeof(a->name));
	}
	return a->found ? a->name : NULL;
}

/*
 * /etc/passwd as the task pid sees it, resolved inside its root, if pid is
 * (still) in mntns. *absent: the task was gone, or had no root of its own
 * yet (ask again); else the answer stands, file or no file.
 */
static char *read_root_passwd(__u32 pid, __u32 mntns, size_t *len, bool *absent)
{
	struct stat st, host_root;
	char path[64];
	int dir, fd;

	*absent = true;
	snprintf(path, sizeof(path), "/proc/%u/ns/mnt", pid);
	if (stat(path, &st) || st.st_ino != mntns)
		return NULL;
	snprintf(path, sizeof(path), "/proc/%u/root", pid);
	dir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return NULL;
	/*
	 * A runtime's init (runc) is in the container's mount namespace before
	 * it pivots into the container's root: its root is still ours, and its
	 * passwd the host's. Not the container's: ask again at a later event.
	 */
	if (fstat(dir, &st) || stat("/", &host_root) ||
	    (st.st_dev == host_root.st_dev && st.st_ino == host_root.st_ino)) {
		close(dir);
		return NULL;
	}
	*absent = false;
	/* the container chose what is there: a regular file or nothing */
	fd = open_regular(dir, "etc/passwd", RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, PASSWD_MAX);
	close(dir);
	if (fd < 0)
		return NULL;
	return read_passwd_fd(fd, len);
}

const char *user_names_in_root(struct user_names *u, __u32 mntns, __u32 pid, __u32 fallback_pid,
			       __u32 uid)
{
	time_t now = time(NULL);
	struct root_table *t = NULL;
	int i;

	for (i = 0; i < ROOT_TABLES; i++)
		if (u->root[i].mntns == mntns && u->root[i].loaded + ROOT_TTL_S > now)
			t = &u->root[i];
	if (!t) {
		for (i = 0; i < ROOT_TABLES && !t; i++)
			if (u->root[i].mntns == mntns)
				t = &u->root[i];
		if (!t) {
			t = &u->root[u->next_root];
			u->next_root = (u->next_root + 1) % ROOT_TABLES;
		}
		bool absent;

		free(t->text);
		t->text = read_root_passwd(pid, mntns, &t->len, &absent);
		if (!t->text && absent && fallback_pid)
			t->text = read_root_passwd(fallback_pid, mntns, &t->len, &absent);
		/*
		 * nothing read because the task was gone: try again with the
		 * next event. A passwd that is not a file to read (a device, a
		 * FIFO, none) is the answer for ROOT_TTL_S, not looked at again
		 * at every event.
		 */
		t->mntns = t->text || !absent ? mntns : 0;
		t->loaded = now;
		if (!t->text)
			return NULL;
	}
	if (!t->text || passwd_lookup(t->text, t->len, uid, u->found, sizeof(u->found)))
		return NULL;
	return u->found;
}
