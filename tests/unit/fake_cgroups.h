/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A cgroup tree and a /proc for the resolver and the container cache,
 * under a temp dir: directories made with mkdir have inode numbers, which
 * is all a cgroup id is; /proc/<pid>/cgroup and stat are files we write.
 */
#ifndef PT_TEST_FAKE_CGROUPS_H
#define PT_TEST_FAKE_CGROUPS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* nftw's FTW_ACTIONRETVAL family, mkdtemp */
#endif
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <linux/types.h>

struct fake {
	char dir[64];
	char cg[128];    /* the cgroup root */
	char proc[128];  /* the /proc root */
};

static int fake_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static inline void fake_init(struct fake *f)
{
	strcpy(f->dir, "/tmp/pt-cgroups-XXXXXX");
	if (!mkdtemp(f->dir))
		abort();
	snprintf(f->cg, sizeof(f->cg), "%s/cg", f->dir);
	snprintf(f->proc, sizeof(f->proc), "%s/proc", f->dir);
	if (mkdir(f->cg, 0755) || mkdir(f->proc, 0755))
		abort();
}

static inline void fake_cleanup(struct fake *f)
{
	nftw(f->dir, fake_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* mkdir -p <cg>/<rel>; its inode number, the cgroup id */
static inline __u64 fake_cgroup(struct fake *f, const char *rel)
{
	char path[PATH_MAX];
	struct stat st;
	size_t i, n;

	n = (size_t)snprintf(path, sizeof(path), "%s/%s", f->cg, rel);
	if (n >= sizeof(path))
		abort();
	for (i = strlen(f->cg) + 1; i <= n; i++) {
		if (path[i] != '/' && path[i])
			continue;
		path[i] = 0;
		if (mkdir(path, 0755) && errno != EEXIST)
			abort();
		if (i < n)
			path[i] = '/';
	}
	if (stat(path, &st))
		abort();
	return st.st_ino;
}

static inline void fake_rmdir(struct fake *f, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", f->cg, rel);
	if (rmdir(path))
		abort();
}

static inline __u64 fake_root_id(struct fake *f)
{
	struct stat st;

	if (stat(f->cg, &st))
		abort();
	return st.st_ino;
}

static inline void fake_write(const char *path, const char *text)
{
	FILE *o = fopen(path, "w");

	if (!o)
		abort();
	fputs(text, o);
	fclose(o);
}

/* /proc/<pid>/cgroup is text; stat has start as field 22, a hostile comm */
static inline void fake_proc(struct fake *f, unsigned int pid, const char *cgroup,
			     unsigned long long start)
{
	char path[PATH_MAX], stat[512];

	snprintf(path, sizeof(path), "%s/%u", f->proc, pid);
	if (mkdir(path, 0755) && errno != EEXIST)
		abort();
	snprintf(path, sizeof(path), "%s/%u/cgroup", f->proc, pid);
	fake_write(path, cgroup);
	snprintf(stat, sizeof(stat),
		 "%u (a) b ) c) S 1 1 1 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 %llu "
		 "1000 100 18446744073709551615\n", pid, start);
	snprintf(path, sizeof(path), "%s/%u/stat", f->proc, pid);
	fake_write(path, stat);
}

static inline void fake_proc_gone(struct fake *f, unsigned int pid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%u", f->proc, pid);
	nftw(path, fake_rm_one, 4, FTW_DEPTH | FTW_PHYS);
}

#endif
