// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * An event carries the cgroup id and the pid of its task, but by the time
 * the event is read the task may have moved, exited, or its pid may belong
 * to someone else. So a pid only suggests a path: the path counts when the
 * directory it names has the id as its inode number. Only the v2 tree has
 * such ids; v1 answers are per process (see from_pid()).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "enrich/cgroup_notes.h"
#include "enrich/cgroup_path.h"
#include "enrich/cgroup_resolve.h"
#include "lib/clock.h"
#include "lib/procstat.h"

#define CACHE_SLOTS 32
#define SCAN_DEPTH 16
/* directory entries (files included) read by one scan: ~7000 cgroups */
#define SCAN_ENTRIES (1u << 19)
#define SCAN_INTERVAL_NS 1000000000ULL
/* include/linux/exportfs.h: the type of kernfs file handles; not in uapi */
#define PT_FILEID_KERNFS 0xfe
/* "<hierarchy>:<controllers>:<path>" with a path up to PATH_MAX */
#define LINE_LEN (PATH_MAX + 256)

struct slot {
	__u64 id;
	__u64 used;             /* 0: empty */
	bool truncated;
	char path[CT_PATH_LEN];
};

/* what /proc/<pid>/cgroup says */
struct proc_view {
	bool has_v2;
	bool has_v1;            /* any v1 line */
	int v1_rank;            /* of v1[]: index in v1_order[], or -1 */
	char v2[PATH_MAX];
	char v1[PATH_MAX];
	char line[LINE_LEN];
};

struct cgroup_resolver {
	int root_fd;            /* the v2 tree; -1 on a host without one */
	dev_t root_dev;
	__u64 root_ino;
	bool has_v1;            /* v1 hierarchies exist: the v2 root may hold containers */
	bool handles;           /* root is cgroup2: a cgroup id is also a file handle */
	bool scanned;
	/* the kernel's paths (cgroup_resolver_note); NULL when they do not apply */
	struct cgroup_notes *notes;
	__u64 last_scan_ns;
	__u64 tick;
	char root[PATH_MAX];    /* without a trailing '/': "" for "/" */
	char proc[PATH_MAX];
	struct proc_view view;  /* scratch, kept off the stack */
	struct slot cache[CACHE_SLOTS];
};

struct scan {
	__u64 id;
	unsigned int budget;
	bool incomplete;
	size_t len;
	char path[PATH_MAX];
};

/* mountinfo writes ' ', '\t', '\n' and '\\' in paths as \ooo */
static void unescape_octal(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
}

int cgroup_v2_mount(FILE *f, char *dir, size_t size, bool *has_v1)
{
	char *line = NULL, *field[5], *sep, *fstype, *save;
	size_t cap = 0, n;
	bool whole = false;
	int ret = -ENOENT, i;

	*has_v1 = false;
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		/* optional fields come before the " - " separator */
		sep = strstr(line, " - ");
		if (!sep)
			continue;
		*sep = 0;
		fstype = sep + 3;
		fstype[strcspn(fstype, " ")] = 0;
		if (!strcmp(fstype, "cgroup")) {
			*has_v1 = true;
			continue;
		}
		if (strcmp(fstype, "cgroup2") || whole)
			continue;
		save = NULL;
		for (i = 0; i < 5; i++)
			if (!(field[i] = strtok_r(i ? NULL : line, " ", &save)))
				break;
		if (i < 5)
			continue;
		unescape_octal(field[3]);
		unescape_octal(field[4]);
		n = strlen(field[4]);
		if (n >= size) {
			if (ret)
				ret = -ENAMETOOLONG;
			continue;
		}
		memcpy(dir, field[4], n + 1);
		ret = 0;
		/* a bind mount of a subtree shows paths relative to it: last resort */
		whole = !strcmp(field[3], "/");
	}
	free(line);
	return ret;
}

struct cgroup_resolver *cgroup_resolver_new(const char *cgroup_root, const char *proc_root)
{
	struct cgroup_resolver *r;
	struct statfs sfs;
	struct stat st;
	size_t n;
	int err;

	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->root_fd = -1;
	if (!proc_root)
		proc_root = "/proc";
	if (strlen(proc_root) >= sizeof(r->proc)) {
		err = ENAMETOOLONG;
		goto fail;
	}
	strcpy(r->proc, proc_root);
	if (cgroup_root) {
		if (strlen(cgroup_root) >= sizeof(r->root)) {
			err = ENAMETOOLONG;
			goto fail;
		}
		strcpy(r->root, cgroup_root);
		/* a tree of our own says nothing of v1: assume the careful case */
		r->has_v1 = true;
	} else {
		FILE *f = fopen("/proc/self/mountinfo", "re");

		if (!f) {
			err = errno;
			goto fail;
		}
		err = -cgroup_v2_mount(f, r->root, sizeof(r->root), &r->has_v1);
		fclose(f);
		if (err == ENOENT)
			return r;       /* v1 only: every answer comes from a pid */
		if (err)
			goto fail;
	}
	n = strlen(r->root);
	while (n && r->root[n - 1] == '/')
		r->root[--n] = 0;
	r->root_fd = open(n ? r->root : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->root_fd < 0 || fstat(r->root_fd, &st)) {
		err = errno;
		goto fail;
	}
	r->root_dev = st.st_dev;
	r->root_ino = st.st_ino;
	r->handles = !fstatfs(r->root_fd, &sfs) && sfs.f_type == CGROUP2_SUPER_MAGIC;
	/*
	 * The kernel's paths are from the hierarchy's root, whose id is 1: a
	 * mount of a subtree (a cgroup namespace's, a bind) names them
	 * otherwise. A tree a test gives is taken as the whole one.
	 */
	if (cgroup_root || (r->handles && r->root_ino == 1)) {
		r->notes = cgroup_notes_new(0, CGROUP_NOTES_GRACE_DEFAULT);
		if (!r->notes) {
			err = errno;
			goto fail;
		}
	}
	return r;
fail:
	cgroup_resolver_free(r);
	errno = err;
	return NULL;
}

void cgroup_resolver_free(struct cgroup_resolver *r)
{
	if (!r)
		return;
	if (r->root_fd >= 0)
		close(r->root_fd);
	cgroup_notes_free(r->notes);
	free(r);
}

int cgroup_resolver_note(struct cgroup_resolver *r, __u64 id, const char *path)
{
	if (!r->notes)
		return -EOPNOTSUPP;
	if (!path) {
		cgroup_notes_drop(r->notes, id);
		return 0;
	}
	/* not canonical: it would read as another cgroup's path */
	if (!cgroup_path_canonical(path) || !strcmp(path, "/")) {
		cgroup_notes_drop(r->notes, id);
		return -EINVAL;
	}
	return cgroup_notes_set(r->notes, id, path);
}

size_t cgroup_resolver_noted(const struct cgroup_resolver *r)
{
	return r->notes ? cgroup_notes_count(r->notes) : 0;
}

static const char *rel(const char *path)
{
	return path[1] ? path + 1 : ".";
}

/* path (canonical, relative to the v2 root) is the directory of cgroup id */
static bool is_cgroup(struct cgroup_resolver *r, const char *path, __u64 id)
{
	struct stat st;

	return cgroup_path_canonical(path) &&
	       !fstatat(r->root_fd, rel(path), &st, AT_SYMLINK_NOFOLLOW) &&
	       S_ISDIR(st.st_mode) && st.st_dev == r->root_dev && st.st_ino == id;
}

/* A path longer than the answer holds is cut to its longest ancestor that fits. */
static void set_path(struct cgroup_where *w, const char *path)
{
	size_t n = strlen(path);

	if (n >= sizeof(w->path)) {
		for (n = sizeof(w->path) - 1; n > 1 && path[n] != '/'; n--)
			;
		w->truncated = true;
	}
	memcpy(w->path, path, n);
	w->path[n] = 0;
}

static struct slot *cache_find(struct cgroup_resolver *r, __u64 id)
{
	int i;

	for (i = 0; i < CACHE_SLOTS; i++)
		if (r->cache[i].used && r->cache[i].id == id) {
			r->cache[i].used = ++r->tick;
			return &r->cache[i];
		}
	return NULL;
}

static void cache_put(struct cgroup_resolver *r, __u64 id, const struct cgroup_where *w)
{
	struct slot *s = &r->cache[0];
	int i;

	for (i = 1; i < CACHE_SLOTS; i++)
		if (r->cache[i].used < s->used)
			s = &r->cache[i];
	s->id = id;
	s->used = ++r->tick;
	s->truncated = w->truncated;
	memcpy(s->path, w->path, sizeof(s->path));
}

/*
 * The id is the cgroup's forever (cgroup ids are 64-bit and never reused),
 * so the answer is cached, except for the v2 root on a host with v1
 * hierarchies: who is in there depends on the process.
 */
static int found(struct cgroup_resolver *r, __u64 id, const char *path, struct cgroup_where *w)
{
	set_path(w, path);
	w->by_id = !(id == r->root_ino && r->has_v1);
	if (w->by_id)
		cache_put(r, id, w);
	return 0;
}

static int open_pid(struct cgroup_resolver *r, __u32 pid)
{
	char dir[PATH_MAX + 16];

	snprintf(dir, sizeof(dir), "%s/%u", r->proc, pid);
	return open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/*
 * v1 hierarchies, most telling first: runtimes that place a task anywhere
 * in v1 place it in these, and name=systemd has no controller a runtime
 * might leave unused.
 */
static const char *const v1_order[] = { "name=systemd", "pids", "memory", "cpu" };
#define V1_N ((int)(sizeof(v1_order) / sizeof(v1_order[0])))

/*
 * The file is the kernel's, but the paths in it are directory names anyone
 * with a writable cgroupfs chooses: a name with a newline can add lines.
 * Such a line comes after the real line of the hierarchy it hides in, so
 * only the first line of each hierarchy is believed, and a v2 path only
 * once it is checked against the id.
 */
static int read_cgroup_file(int dfd, struct proc_view *v)
{
	bool seen[V1_N] = { false };
	char *line = v->line, *ctrl, *path, *end, *c, *save;
	unsigned long hid;
	FILE *f;
	int fd, i;

	v->has_v2 = v->has_v1 = false;
	v->v1_rank = -1;
	fd = openat(dfd, "cgroup", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	while (fgets(line, LINE_LEN, f)) {
		size_t n = strlen(line);

		if (n && line[n - 1] == '\n') {
			line[--n] = 0;
		} else if (!feof(f)) {
			int ch;

			/* longer than any path the kernel prints: skip it */
			while ((ch = getc(f)) != EOF && ch != '\n')
				;
			continue;
		}
		errno = 0;
		hid = strtoul(line, &end, 10);
		if (end == line || *end != ':' || errno)
			continue;
		ctrl = end + 1;
		path = strchr(ctrl, ':');
		if (!path || path[1] != '/' || strlen(path + 1) >= PATH_MAX)
			continue;
		*path++ = 0;
		if (hid == 0 && !*ctrl) {
			if (!v->has_v2) {
				strcpy(v->v2, path);
				v->has_v2 = true;
			}
			continue;
		}
		v->has_v1 = true;
		for (c = strtok_r(ctrl, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
			for (i = 0; i < V1_N; i++)
				if (!strcmp(c, v1_order[i]))
					break;
			if (i == V1_N || seen[i])
				continue;
			seen[i] = true;
			/* "/" there: whoever placed the task did not use that hierarchy */
			if (strcmp(path, "/") && (v->v1_rank < 0 || i < v->v1_rank)) {
				strcpy(v->v1, path);
				v->v1_rank = i;
			}
		}
	}
	fclose(f);
	return 0;
}

/*
 * (b) and (c). 1: answered; 0: the pid says nothing true of this id (gone,
 * moved, reused); <0 error. The pid's directory is opened once, so the
 * cgroup and stat files read are those of the same process even if the pid
 * is reused meanwhile (the open directory then reads as gone).
 */
static int from_pid(struct cgroup_resolver *r, __u64 id, __u32 pid, struct cgroup_where *w)
{
	struct proc_view *v = &r->view;
	int dfd, err;

	dfd = open_pid(r, pid);
	if (dfd < 0)
		return 0;
	err = read_cgroup_file(dfd, v);
	if (err) {
		close(dfd);
		return 0;
	}
	if (r->root_fd >= 0) {
		if (!v->has_v2 || !is_cgroup(r, v->v2, id)) {
			close(dfd);
			return 0;
		}
		if (strcmp(v->v2, "/")) {
			close(dfd);
			return !found(r, id, v->v2, w);
		}
		if (!v->has_v1) {
			/* v2 only: the v2 root is the host's */
			close(dfd);
			set_path(w, "/");
			w->by_id = true;
			return 1;
		}
	}
	/*
	 * (c) The task is in the v2 root (or there is no v2 tree): on a hybrid
	 * host a runtime that only uses v1 leaves all its containers there, and
	 * the v1 path is the only name of the container. No v1 directory has the
	 * id as its inode, so this answer is for this process only.
	 */
	set_path(w, v->v1_rank >= 0 ? v->v1 : "/");
	w->by_id = false;
	w->start_time = proc_start_time(dfd, "stat");
	close(dfd);
	return 1;
}

/*
 * (d), first way: cgroup2 takes the id as a file handle, and the open
 * directory's /proc/self/fd link is its path: one lookup, no scan. Needs
 * CAP_DAC_READ_SEARCH. -ENOENT: the kernel knows no such cgroup.
 */
static int from_handle(struct cgroup_resolver *r, __u64 id, struct cgroup_where *w)
{
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + sizeof(__u64)];
	} h;
	char link[64], path[PATH_MAX];
	size_t rl = strlen(r->root);
	ssize_t n;
	int fd;

	if (!r->handles)
		return -EOPNOTSUPP;
	h.fh.handle_bytes = sizeof(id);
	h.fh.handle_type = PT_FILEID_KERNFS;
	memcpy(h.buf + sizeof(struct file_handle), &id, sizeof(id));
	fd = open_by_handle_at(r->root_fd, &h.fh, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return errno == ESTALE ? -ENOENT : -errno;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	path[n] = 0;
	if (strncmp(path, r->root, rl) || (path[rl] && path[rl] != '/'))
		return -EXDEV;  /* outside our view of the tree */
	if (!path[rl])
		strcpy(path + rl, "/");
	if (!is_cgroup(r, path + rl, id))
		return -ESTALE;
	return found(r, id, path + rl, w);
}

/* 1: s->path is the id's directory; closes dfd */
static int scan_dir(struct cgroup_resolver *r, struct scan *s, int dfd, int depth)
{
	struct dirent *de;
	struct stat st;
	int hit = 0;
	DIR *d;

	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		s->incomplete = true;
		return 0;
	}
	while (!hit && (de = readdir(d))) {
		size_t old = s->len, n;
		int cfd;

		if (!s->budget) {
			s->incomplete = true;
			break;
		}
		s->budget--;
		if ((de->d_type != DT_DIR && de->d_type != DT_UNKNOWN) ||
		    !strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISDIR(st.st_mode) || st.st_dev != r->root_dev)
			continue;
		n = strlen(de->d_name);
		if (old + 1 + n >= sizeof(s->path)) {
			s->incomplete = true;
			continue;
		}
		s->path[old] = '/';
		memcpy(s->path + old + 1, de->d_name, n + 1);
		s->len = old + 1 + n;
		if (st.st_ino == s->id) {
			hit = 1;
			break;
		}
		if (depth >= SCAN_DEPTH) {
			s->incomplete = true;
		} else {
			cfd = openat(dirfd(d), de->d_name,
				     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (cfd < 0)
				s->incomplete = true;
			else
				hit = scan_dir(r, s, cfd, depth + 1);
		}
		if (!hit) {
			s->len = old;
			s->path[old] = 0;
		}
	}
	closedir(d);
	return hit;
}

/* (d), second way: walk the tree for a directory with the id as inode. */
static int from_scan(struct cgroup_resolver *r, __u64 id, struct cgroup_where *w)
{
	struct scan *s;
	__u64 now = clock_mono_now();
	int fd, ret;

	if (r->scanned && now - r->last_scan_ns < SCAN_INTERVAL_NS)
		return -EAGAIN;
	r->scanned = true;
	r->last_scan_ns = now;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->id = id;
	s->budget = SCAN_ENTRIES;
	fd = openat(r->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		ret = -errno;
	else if (scan_dir(r, s, fd, 1))
		ret = found(r, id, s->path, w);
	else
		ret = s->incomplete ? -ENOBUFS : -ENOENT;
	free(s);
	return ret;
}

int cgroup_resolve(struct cgroup_resolver *r, __u64 id, __u32 pid, struct cgroup_where *w)
{
	const char *noted;
	struct slot *s;
	int ret;

	memset(w, 0, sizeof(*w));
	/* the kernel said where it is, and has not said it is gone */
	if (r->notes && (noted = cgroup_notes_find(r->notes, id))) {
		set_path(w, noted);
		w->by_id = true;
		return 0;
	}
	if (r->root_fd >= 0 && (s = cache_find(r, id))) {
		/* one stat: a cgroup removed since must not come back from here */
		if (cgroup_alive(r, id, s->path, s->truncated)) {
			memcpy(w->path, s->path, sizeof(w->path));
			w->truncated = s->truncated;
			w->by_id = true;
			return 0;
		}
		s->used = 0;
	}
	if (pid) {
		ret = from_pid(r, id, pid, w);
		if (ret)
			return ret < 0 ? ret : 0;
	}
	/* no v2 tree and no process: nothing else can tell */
	if (r->root_fd < 0)
		return -ESRCH;
	if (id == r->root_ino)
		return found(r, id, "/", w);
	ret = from_handle(r, id, w);
	if (ret == 0 || ret == -ENOENT)
		return ret;
	return from_scan(r, id, w);
}

bool cgroup_alive(struct cgroup_resolver *r, __u64 id, const char *path, bool truncated)
{
	struct stat st;

	if (r->root_fd < 0 || !cgroup_path_canonical(path))
		return r->root_fd < 0;
	if (fstatat(r->root_fd, rel(path), &st, AT_SYMLINK_NOFOLLOW))
		return errno != ENOENT && errno != ENOTDIR;
	return S_ISDIR(st.st_mode) && (truncated || st.st_ino == id);
}

bool cgroup_pid_alive(struct cgroup_resolver *r, __u32 pid, __u64 start)
{
	int dfd = open_pid(r, pid);
	bool alive;

	if (dfd < 0)
		return false;
	alive = proc_start_time(dfd, "stat") == start;
	close(dfd);
	return alive;
}
