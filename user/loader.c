// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Feature probes, then open / configure / load / attach the skeleton. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "hostns.h"
#include "kallsyms.h"
#include "loader.h"
#include "privtrace.h"
#include "privtrace.skel.h"

#define TRACEFS "/sys/kernel/tracing"

static bool verbose;

static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

/* Syscall tracepoints need tracefs; mount it where the kernel expects it. */
static int ensure_tracefs(void)
{
	struct stat st;

	if (!stat(TRACEFS "/events", &st))
		return 0;
	if (mount("nodev", TRACEFS, "tracefs", 0, NULL) && errno != EBUSY) {
		fprintf(stderr, "privtrace: tracefs is not mounted and mounting it at %s failed: %s\n"
				"privtrace: mount it (mount -t tracefs nodev %s) and try again\n",
			TRACEFS, strerror(errno), TRACEFS);
		return -1;
	}
	if (stat(TRACEFS "/events/syscalls", &st)) {
		fprintf(stderr, "privtrace: %s/events/syscalls is missing: this kernel was built "
				"without syscall tracepoints (CONFIG_FTRACE_SYSCALLS)\n", TRACEFS);
		return -1;
	}
	return 0;
}

static bool tracepoint_exists(const char *cat, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), TRACEFS "/events/%s/%s", cat, name);
	return access(path, F_OK) == 0;
}

/* Syscalls this kernel lacks (fchmodat2 before 6.6, say) are not an error: skip them. */
static void select_syscalls(struct privtrace_bpf *skel)
{
#define PT_X_SELECT(name, fam, parg)                                                   \
	if (!tracepoint_exists("syscalls", "sys_enter_" #name) ||                      \
	    !tracepoint_exists("syscalls", "sys_exit_" #name)) {                       \
		bpf_program__set_autoload(skel->progs.enter_##name, false);            \
		bpf_program__set_autoload(skel->progs.exit_##name, false);             \
		if (verbose)                                                           \
			fprintf(stderr, "privtrace: no syscall %s on this kernel, skipped\n", #name); \
	}
	PT_SYSCALLS(PT_X_SELECT)
#undef PT_X_SELECT
}

static int cgroup_id_of(const char *path, unsigned long long *id)
{
	struct stat st;

	if (stat(path, &st)) {
		fprintf(stderr, "privtrace: --cgroup %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "privtrace: --cgroup %s: not a cgroup directory (give a path under "
				"the cgroup v2 mount, e.g. /sys/fs/cgroup/unified/docker/ID)\n", path);
		return -1;
	}
	/* a cgroup v2 id is the inode number of its directory */
	*id = st.st_ino;
	return 0;
}

/*
 * Where the kernel's probe-only capability checks come from (bpf/noise.bpf.h).
 * Without kallsyms nothing is hidden: more output, never less.
 */
static void resolve_noise(struct privtrace_bpf *skel)
{
	static const char *const names[PT_NOISE_FUNCS] = PT_NOISE_FUNC_NAMES;
	FILE *f = fopen("/proc/kallsyms", "re");
	int found = 0;

	if (f) {
		found = kallsyms_ranges(f, names, PT_NOISE_FUNCS, skel->rodata->noise_ranges);
		fclose(f);
	}
	if (found < PT_NOISE_FUNCS && verbose)
		fprintf(stderr, "privtrace: %d of %d noise filters resolved from /proc/kallsyms; "
				"the others' capability checks are shown\n", found, PT_NOISE_FUNCS);
}

/* The programs probe_kernel() chose; the others are never loaded. */
static void select_programs(struct privtrace_bpf *skel, const struct probe *probe)
{
	bool cred = probe->lsm_fam[FAM_CRED] == LSM_BE_LSM;
	bool exec = probe->lsm_fam[FAM_EXEC] == LSM_BE_LSM;

	bpf_program__set_autoload(skel->progs.on_cap_capable, probe->cap == CAP_BE_TP_BTF);
	bpf_program__set_autoload(skel->progs.fexit_security_capable, probe->cap == CAP_BE_FEXIT);
	bpf_program__set_autoload(skel->progs.kprobe_cap_capable, probe->cap == CAP_BE_KPROBE);
	bpf_program__set_autoload(skel->progs.kretprobe_cap_capable, probe->cap == CAP_BE_KPROBE);
	bpf_program__set_autoload(skel->progs.lsm_file_open, probe->lsm_fam[FAM_FILE] == LSM_BE_LSM);
	bpf_program__set_autoload(skel->progs.lsm_bprm_committing_creds, exec);
	skel->rodata->exec_from_lsm = exec;
	skel->rodata->file_from_lsm = probe->lsm_fam[FAM_FILE] == LSM_BE_LSM;
	bpf_program__set_autoload(skel->progs.lsm_task_fix_setuid, cred);
	bpf_program__set_autoload(skel->progs.lsm_task_fix_setgid, cred);
	bpf_program__set_autoload(skel->progs.lsm_capset, cred);
	/* task_fix_setgroups is younger than the other hooks */
	bpf_program__set_autoload(skel->progs.lsm_task_fix_setgroups, cred && probe->lsm_setgroups);
}

int loader_probe(const struct env *env, struct probe *probe)
{
	const char *why = "";

	verbose = env->verbose;
	libbpf_set_print(print_libbpf);

	if (geteuid() != 0) {
		fprintf(stderr, "privtrace: needs root (loading BPF tracing programs); run it with sudo\n");
		return -1;
	}
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, "privtrace: this kernel has no BTF (/sys/kernel/btf/vmlinux): "
				"privtrace needs a kernel built with CONFIG_DEBUG_INFO_BTF=y\n");
		return -1;
	}
	if (ensure_tracefs())
		return -1;
	if (probe_kernel(probe, &env->backend, &why)) {
		fprintf(stderr, "privtrace: --backend: this kernel cannot: %s "
				"(privtrace --probe shows what it can)\n", why);
		return -1;
	}
	return 0;
}

struct privtrace_bpf *loader_start(const struct env *env, struct probe *probe)
{
	struct privtrace_bpf *skel = NULL;
	unsigned long long cgid = 0;
	int err;

	if (loader_probe(env, probe))
		return NULL;
	if (env->cgroup_path && cgroup_id_of(env->cgroup_path, &cgid))
		return NULL;

	skel = privtrace_bpf__open();
	if (!skel) {
		fprintf(stderr, "privtrace: cannot open the BPF object: %s\n", strerror(errno));
		goto fail;
	}

	skel->rodata->self_tgid = getpid();
	skel->rodata->targ_tree = env->run_argv != NULL;
	skel->rodata->targ_uid = env->uid;
	skel->rodata->targ_cgroup_id = cgid;
	skel->rodata->denied_only = env->denied_only;
	skel->rodata->all_caps = env->all_caps;
	skel->rodata->host_mntns_inum = host_mntns_inum();
	if (!env->all_caps)
		resolve_noise(skel);
	err = bpf_map__set_max_entries(skel->maps.events, env->ringbuf_kb * 1024);
	if (err) {
		fprintf(stderr, "privtrace: ring buffer of %lu KiB refused: %s\n", env->ringbuf_kb,
			strerror(-err));
		goto fail;
	}

	select_syscalls(skel);
	select_programs(skel, probe);
	if (probe->cap == CAP_BE_NONE)
		fprintf(stderr, "privtrace: warning: %s (privtrace --probe tells more)\n",
			probe->cap_why);
	if (!env->run_argv)
		bpf_program__set_autoload(skel->progs.on_fork, false);

	err = privtrace_bpf__load(skel);
	if (err) {
		fprintf(stderr, "privtrace: loading the BPF programs failed: %s%s\n", strerror(-err),
			verbose ? "" : " (run with -v for the verifier's log)");
		goto fail;
	}
	err = privtrace_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "privtrace: attaching the BPF programs failed: %s\n", strerror(-err));
		goto fail;
	}
	return skel;
fail:
	privtrace_bpf__destroy(skel);
	return NULL;
}

int loader_trace_pid(struct privtrace_bpf *skel, unsigned int pid)
{
	__u8 one = 1;

	return bpf_map__update_elem(skel->maps.traced, &pid, sizeof(pid), &one, sizeof(one), BPF_ANY);
}

unsigned long long loader_counter(struct privtrace_bpf *skel, unsigned int idx)
{
	int ncpu = libbpf_num_possible_cpus();
	unsigned long long sum = 0;
	__u64 *vals;
	int i;

	if (ncpu <= 0)
		return 0;
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals)
		return 0;
	if (!bpf_map__lookup_elem(skel->maps.counters, &idx, sizeof(idx), vals,
				  sizeof(*vals) * ncpu, 0))
		for (i = 0; i < ncpu; i++)
			sum += vals[i];
	free(vals);
	return sum;
}

static void *destroy_link(void *arg)
{
	struct bpf_link **link = arg;

	bpf_link__destroy(*link);
	*link = NULL;
	return NULL;
}

/*
 * Detaching a syscall tracepoint waits for an RCU grace period (~70 ms each
 * on the 6.18 host) and there are about a hundred: 7 s one after another.
 * From parallel threads part of the waiting overlaps (measured: ~4 s); the
 * kernel serialises the rest. Links a thread could not be started for are
 * left to the skeleton's own destroy.
 */
static void detach_parallel(struct privtrace_bpf *skel)
{
	const struct bpf_object_skeleton *s = skel->skeleton;
	pthread_t *tids = calloc(s->prog_cnt, sizeof(*tids));
	bool *started = calloc(s->prog_cnt, sizeof(*started));
	int i;

	if (tids && started)
		for (i = 0; i < s->prog_cnt; i++)
			if (*s->progs[i].link)
				started[i] = !pthread_create(&tids[i], NULL, destroy_link,
							     s->progs[i].link);
	for (i = 0; tids && started && i < s->prog_cnt; i++)
		if (started[i])
			pthread_join(tids[i], NULL);
	free(tids);
	free(started);
}

void loader_stop(struct privtrace_bpf *skel)
{
	if (!skel)
		return;
	detach_parallel(skel);
	privtrace_bpf__destroy(skel);
}
