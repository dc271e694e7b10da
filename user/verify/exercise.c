// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * `privtrace verify --exercise`: privtrace proves it.
 *
 * For each container, a private host directory owned by host root (0700)
 * with a file of host root's in it (0600), and a probe: a process that
 * joins the container's user namespace as its uid 0, with the capability
 * sets of the container's first process, and tries what the seed lab's
 * container root tried on a bind-mounted host directory: read the file,
 * chmod it, create one beside it, remove it. It takes nothing of the
 * container's file system: in a mount namespace of its own it sees a small
 * tmpfs as its root with the private directory bound at /host (a volume,
 * as the container would have it). privtrace's own tracer traces the probe
 * (`privtrace run`), so each try comes with the records the kernel's
 * decisions made, and the verdict cites them. Everything is made under one
 * mkdtemp directory and removed after; nothing else is touched (the probe's
 * mounts die with its mount namespace).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "verify/exercise.h"
#include "verify/trace.h"

#define EX_TIMEOUT_S 180 /* one tracer start (about a second here) and four tries per container */
#define PROBE_FILE "/host/secret"
#define PROBE_NEW "/host/new"
#define SECRET_TEXT "privtrace verify --exercise: host root's private file\n"

static const char *const step_name[TRIAL_STEPS] = { "read", "chmod", "create", "remove" };

const char *exercise_step_name(enum trial_step s)
{
	return step_name[s];
}

/* ---- the probe: `privtrace verify --probe-into I:PID:JOIN:DIR`, run by the tracer ---- */

static int set_caps(__u64 eff, __u64 prm, __u64 bnd)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (__u32)eff, (__u32)prm, 0 },
		{ (__u32)(eff >> 32), (__u32)(prm >> 32), 0 },
	};
	int c;

	/* the bounding set first: dropping needs CAP_SETPCAP, which capset may take */
	for (c = 0; c < 64; c++)
		if (!(bnd >> c & 1) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) && errno != EINVAL)
			return -1;
	return (int)syscall(SYS_capset, &h, d);
}

/* read /proc/PID/status's Cap* line */
static __u64 cap_of(const char *status, const char *key)
{
	const char *p = strstr(status, key);

	return p ? strtoull(p + strlen(key), NULL, 16) : 0;
}

/* One probe, in a child: its tries' errnos on stdout, or the stage that failed. */
static void probe_child(int idx, int ctpid, int join, const char *dir)
{
	char path[PATH_MAX], status[8192];
	int ufd = -1, sfd, err[TRIAL_STEPS], fd, i;
	ssize_t n;
	const char *stage;
	__u64 eff, prm, bnd;

#define FAIL(s)                                                                                   \
	do {                                                                                      \
		stage = (s);                                                                      \
		goto failed;                                                                      \
	} while (0)

	snprintf(path, sizeof(path), "/proc/%d/status", ctpid);
	sfd = open(path, O_RDONLY | O_CLOEXEC);
	if (sfd < 0)
		FAIL("reading the container's first process");
	n = read(sfd, status, sizeof(status) - 1);
	close(sfd);
	if (n <= 0)
		FAIL("reading the container's first process");
	status[n] = 0;
	eff = cap_of(status, "\nCapEff:");
	prm = cap_of(status, "\nCapPrm:");
	bnd = cap_of(status, "\nCapBnd:");
	if (join) {
		snprintf(path, sizeof(path), "/proc/%d/ns/user", ctpid);
		ufd = open(path, O_RDONLY | O_CLOEXEC);
		if (ufd < 0)
			FAIL("opening the container's user namespace");
	}
	/* a mount namespace of its own, its mounts never seen outside it */
	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		FAIL("making a mount namespace");
	snprintf(path, sizeof(path), "%s/root", dir);
	if (mount("privtrace-probe", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "size=64k,mode=0755"))
		FAIL("mounting the probe's root");
	snprintf(path, sizeof(path), "%s/root/host", dir);
	if (mkdir(path, 0755))
		FAIL("making /host");
	{
		char data[PATH_MAX];

		snprintf(data, sizeof(data), "%s/data", dir);
		if (mount(data, path, NULL, MS_BIND, NULL))
			FAIL("binding the private directory at /host");
	}
	snprintf(path, sizeof(path), "%s/root", dir);
	if (chdir(path))
		FAIL("entering the probe's root");
	/* the container's user namespace: all its capabilities there, none outside */
	if (join && setns(ufd, CLONE_NEWUSER))
		FAIL("joining the container's user namespace");
	if (chroot(".") || chdir("/"))
		FAIL("taking the tmpfs as root");
	/* its uid 0 and gid 0; no supplementary groups (refused where setgroups is denied) */
	if (setgroups(0, NULL) && errno != EPERM)
		FAIL("dropping supplementary groups");
	if (setresgid(0, 0, 0) || setresuid(0, 0, 0))
		FAIL("becoming the namespace's uid 0");
	if (set_caps(eff, prm, bnd))
		FAIL("taking the container's capability sets");

	fd = open(PROBE_FILE, O_RDONLY | O_CLOEXEC);
	err[TRIAL_READ] = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	err[TRIAL_CHMOD] = chmod(PROBE_FILE, 0644) ? errno : 0;
	fd = open(PROBE_NEW, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	err[TRIAL_CREATE] = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	err[TRIAL_REMOVE] = unlink(PROBE_FILE) ? errno : 0;
	printf("%d %d ok", idx, (int)getpid());
	for (i = 0; i < TRIAL_STEPS; i++)
		printf(" %d", err[i]);
	printf("\n");
	fflush(stdout);
	_exit(0);
failed:
	printf("%d %d failed %d %s\n", idx, (int)getpid(), errno, stage);
	fflush(stdout);
	_exit(1);
#undef FAIL
}

/* 0 once every probe has said how it went (a failed one says so on its line) */
int exercise_probe_main(char **specs, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		int idx, ctpid, join, off = 0, status;
		pid_t pid;

		if (sscanf(specs[i], "%d:%d:%d:%n", &idx, &ctpid, &join, &off) != 3 || !off ||
		    specs[i][off] != '/') {
			fprintf(stderr, "privtrace verify: --probe-into '%s': not I:PID:JOIN:DIR\n",
				specs[i]);
			return 2;
		}
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			return 2;
		if (pid == 0)
			probe_child(idx, ctpid, join, specs[i] + off);
		if (waitpid(pid, &status, 0) != pid)
			return 2;
	}
	return 0;
}

/* ---- verify's side ---- */

struct collect {
	struct subject *s;
	int n;
};

/* which try a record is about, -1 none: its path, and its syscall's kind */
static int step_of(const struct json_val *rec)
{
	char path[64] = "", sys[24] = "";

	json_get_string(rec, JSON_PATH("file", "path"), path, sizeof(path));
	json_get_string(rec, JSON_PATH("privtrace", "syscall"), sys, sizeof(sys));
	if (!strcmp(path, PROBE_NEW))
		return strncmp(sys, "open", 4) ? -1 : TRIAL_CREATE;
	if (strcmp(path, PROBE_FILE))
		return -1;
	if (!strncmp(sys, "open", 4))
		return TRIAL_READ;
	if (strstr(sys, "chmod"))
		return TRIAL_CHMOD;
	if (!strncmp(sys, "unlink", 6))
		return TRIAL_REMOVE;
	return -1;
}

static int worth(const struct cited *c)
{
	return c->file ? 2 : c->ok;
}

/* a record of a probe's: cited with its try */
static void on_record(const struct json_val *rec, void *arg)
{
	struct collect *c = arg;
	struct exercise *x;
	long long pid = 0;
	struct cited c2;
	int i, st, k, n;

	if (json_get_int(rec, JSON_PATH("process", "pid"), &pid))
		return;
	for (i = 0; i < c->n && (!c->s[i].ex.ran || c->s[i].ex.probe_pid != pid); i++)
		;
	st = i < c->n ? step_of(rec) : -1;
	if (st < 0)
		return;
	x = &c->s[i].ex;
	trace_cite(rec, &c2);
	/*
	 * Kept by worth, the first of each worth first: the file record (the
	 * verdict), then a capability granted (in a remapped namespace, the
	 * one that shows a capability held there does not reach host root's
	 * file), then one refused.
	 */
	for (k = 0; k < x->n_cite[st] && worth(&x->cite[st][k]) >= worth(&c2); k++)
		;
	if (k == TRIAL_CITES)
		return;
	n = x->n_cite[st] < TRIAL_CITES ? x->n_cite[st]++ : TRIAL_CITES - 1;
	memmove(&x->cite[st][k + 1], &x->cite[st][k], sizeof(struct cited) * (size_t)(n - k));
	x->cite[st][k] = c2;
}

static int mkdir_in(const char *base, int idx, const char *leaf)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%.255s/%d%s%.16s", base, idx, leaf[0] ? "/" : "", leaf);
	return mkdir(p, 0700);
}

/* the private directory of subject i: BASE/i/data/secret, 0700 and 0600, host root's */
static int make_private(const char *base, int i)
{
	char p[PATH_MAX];
	int fd;
	ssize_t w;

	if (mkdir_in(base, i, "") || mkdir_in(base, i, "data") || mkdir_in(base, i, "root"))
		return -1;
	snprintf(p, sizeof(p), "%.255s/%d/data/secret", base, i);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -1;
	w = write(fd, SECRET_TEXT, sizeof(SECRET_TEXT) - 1);
	close(fd);
	if (w >= 0 && w != (ssize_t)sizeof(SECRET_TEXT) - 1)
		errno = EIO; /* short: said as such, not as whatever errno was */
	return w == (ssize_t)sizeof(SECRET_TEXT) - 1 ? 0 : -1;
}

/* What the probes were given, and only that, removed (the tracer's files after) */
static void clean(const char *base, int n)
{
	static const char *const made[] = { "data/secret", "data/new", "root/host", "data", "root", "" };
	char p[PATH_MAX];
	size_t k;
	int i;

	for (i = 0; i < n; i++)
		for (k = 0; k < sizeof(made) / sizeof(made[0]); k++) {
			snprintf(p, sizeof(p), "%.255s/%d%s%s", base, i, made[k][0] ? "/" : "", made[k]);
			/* root/host: the probe's, in its tmpfs; here only if that mount failed */
			if (unlink(p) && errno == EISDIR)
				rmdir(p);
		}
	snprintf(p, sizeof(p), "%.255s/probe.out", base);
	unlink(p);
}

/* the probe's lines: "I PID ok E E E E" or "I PID failed ERRNO STAGE" */
static void read_probe_out(const char *path, struct subject *s, int n)
{
	FILE *f = fopen(path, "re");
	char line[512];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		int idx, pid, e[TRIAL_STEPS], err, off = 0, k;
		struct exercise *x;

		if (sscanf(line, "%d %d", &idx, &pid) != 2 || idx < 0 || idx >= n)
			continue;
		x = &s[idx].ex;
		x->probe_pid = pid;
		if (sscanf(line, "%*d %*d ok %d %d %d %d", &e[0], &e[1], &e[2], &e[3]) == 4) {
			for (k = 0; k < TRIAL_STEPS; k++)
				x->err[k] = e[k];
			x->ran = true;
		} else if (sscanf(line, "%*d %*d failed %d %n", &err, &off) == 1 && off) {
			line[strcspn(line, "\n")] = 0;
			snprintf(x->why, sizeof(x->why), "the probe failed %s: %s", line + off,
				 strerror(err));
		}
	}
	fclose(f);
}

int exercise_run(struct subject *s, int n, const char *records)
{
	char *args[16 + 2 * VERIFY_EXERCISE_MAX], specs[VERIFY_EXERCISE_MAX][320], out[300];
	char why[512];
	struct collect c = { s, n };
	struct trace_files t;
	int i, a, probes = 0, fd, ret = 0;
	bool traced;

	for (i = 0; i < n; i++) {
		s[i].ex.asked = true;
		if (!s[i].f.read)
			snprintf(s[i].ex.why, sizeof(s[i].ex.why), "its first process could not be read");
	}
	if (n > VERIFY_EXERCISE_MAX) {
		for (i = 0; i < n; i++)
			snprintf(s[i].ex.why, sizeof(s[i].ex.why), "--exercise takes %d containers at "
				 "most (name them with --container)", VERIFY_EXERCISE_MAX);
		return -1;
	}
	if (trace_files_make(&t, records, "--exercise")) {
		for (i = 0; i < n; i++)
			if (!s[i].ex.why[0])
				snprintf(s[i].ex.why, sizeof(s[i].ex.why), "no private directory could be "
					 "made (said above)");
		return -1;
	}
	snprintf(out, sizeof(out), "%.255s/probe.out", t.base);
	a = trace_args_json(args, &t);
	args[a++] = "--no-coalesce";
	args[a++] = "--no-metadata";
	args[a++] = "run";
	args[a++] = "--";
	args[a++] = "/proc/self/exe";
	args[a++] = "verify";
	for (i = 0; i < n; i++) {
		if (!s[i].f.read)
			continue;
		if (make_private(t.base, i)) {
			snprintf(s[i].ex.why, sizeof(s[i].ex.why), "its private directory could not be "
				 "made: %s", strerror(errno));
			continue;
		}
		snprintf(specs[i], sizeof(specs[i]), "%d:%d:%d:%.255s/%d", i, s[i].f.pid,
			 !s[i].f.shares_host_userns, t.base, i);
		args[a++] = "--probe-into";
		args[a++] = specs[i];
		probes++;
	}
	args[a] = NULL;
	why[0] = 0;
	fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		snprintf(why, sizeof(why), "%.255s: %s", out, strerror(errno));
	traced = probes && fd >= 0 && !trace_run(args, fd, t.err, EX_TIMEOUT_S, why, sizeof(why));
	if (fd >= 0)
		close(fd);
	read_probe_out(out, s, n);
	for (i = 0; i < n; i++) {
		struct exercise *x = &s[i].ex;

		/* without its tracer's records a try proves nothing: not judged */
		if (x->ran && !traced) {
			snprintf(x->why, sizeof(x->why), "privtrace's tracer: %.170s", why);
			x->ran = false;
		} else if (x->ran) {
			x->why[0] = 0;
		}
		else if (!x->why[0])
			snprintf(x->why, sizeof(x->why), "the probe did not report%s%.170s",
				 probes && !traced ? ": " : "", probes && !traced ? why : "");
		if (!x->ran || !traced)
			ret = -1;
	}
	if (trace_records(t.records, t.from, on_record, &c) && probes)
		fprintf(stderr, "privtrace verify: --exercise: no records from privtrace's tracer\n");
	clean(t.base, n);
	trace_files_remove(&t);
	return ret;
}
