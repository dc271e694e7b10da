// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Feature probes, then open / configure / load / attach the skeleton. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lib/hostns.h"
#include "kernel/kallsyms.h"
#include "kernel/loader.h"
#include "kernel/privileges.h"
#include "privtrace.h"
#include "privtrace.skel.h"
#include "kernel/systab.h"

#define TRACEFS "/sys/kernel/tracing"


static bool verbose;

/*
 * The per-syscall fallback's links (one program, attached to every traced
 * syscall's tracepoint): the skeleton holds one link per program only.
 */
static struct bpf_link *tp_links[2 * PT_SYS_MAX];
static int n_tp_links;

static int print_libbpf(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

/*
 * The per-syscall tracepoints and kprobe_events live in tracefs: mount it
 * where the kernel expects it, if it is not. Only the fallbacks need it.
 */
static void ensure_tracefs(void)
{
	struct stat st;

	if (!stat(TRACEFS "/events", &st))
		return;
	if (mount("nodev", TRACEFS, "tracefs", 0, NULL) && errno != EBUSY && verbose)
		fprintf(stderr, "privtrace: tracefs is not mounted and mounting it at %s failed: %s "
				"(only the per-syscall tracepoint fallback needs it)\n",
			TRACEFS, strerror(errno));
}

static bool tracepoint_exists(const char *cat, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), TRACEFS "/events/%s/%s", cat, name);
	return access(path, F_OK) == 0;
}

/*
 * How many arguments syscalls:sys_enter_NAME carries: its format's fields
 * past the common ones and __syscall_nr (offset 16 on). -1 if unreadable.
 */
static int tracepoint_nargs(const char *name)
{
	char path[256], line[256];
	int n = 0, off;
	FILE *f;

	snprintf(path, sizeof(path), TRACEFS "/events/syscalls/%s/format", name);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		const char *o = strstr(line, "offset:");

		if (strstr(line, "field:") && o && sscanf(o, "offset:%d;", &off) == 1 && off >= 16)
			n++;
	}
	fclose(f);
	return n;
}

/* The entry program that reads as many arguments as this tracepoint has (up to 4). */
static struct bpf_program *tp_enter_prog(struct privtrace_bpf *skel, int nargs)
{
	struct bpf_program *progs[] = {
		skel->progs.tp_sys_enter1, skel->progs.tp_sys_enter2,
		skel->progs.tp_sys_enter3, skel->progs.tp_sys_enter4,
	};

	if (nargs < 1)
		return NULL;
	return progs[(nargs > 4 ? 4 : nargs) - 1];
}

/*
 * The fallback: tp_sys_enterN/tp_sys_exit on syscalls:sys_enter_X/sys_exit_X
 * of every traced X this kernel has (fchmodat2 came in 6.6, say). Returns
 * how many syscalls are attached, -1 on an attach error.
 */
static int attach_syscall_tracepoints(struct privtrace_bpf *skel)
{
	static const char *const names[] = {
#define PT_X_NAME(name, fam, parg) #name,
		PT_SYSCALLS(PT_X_NAME)
#undef PT_X_NAME
	};
	char tp[64];
	size_t i;
	int n = 0, err;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct bpf_link *enter, *exit;
		struct bpf_program *prog;

		snprintf(tp, sizeof(tp), "sys_enter_%s", names[i]);
		if (!tracepoint_exists("syscalls", tp)) {
			if (verbose)
				fprintf(stderr, "privtrace: no syscall %s on this kernel, skipped\n",
					names[i]);
			continue;
		}
		prog = tp_enter_prog(skel, tracepoint_nargs(tp));
		if (!prog) {
			fprintf(stderr, "privtrace: cannot read the format of syscalls:%s\n", tp);
			return -1;
		}
		enter = bpf_program__attach_tracepoint(prog, "syscalls", tp);
		err = enter ? 0 : errno;
		snprintf(tp, sizeof(tp), "sys_exit_%s", names[i]);
		exit = bpf_program__attach_tracepoint(skel->progs.tp_sys_exit, "syscalls", tp);
		if (!exit && !err)
			err = errno;
		if (!enter || !exit) {
			fprintf(stderr, "privtrace: attaching to the syscalls:*_%s tracepoints failed: %s\n",
				names[i], strerror(err));
			bpf_link__destroy(enter);
			bpf_link__destroy(exit);
			return -1;
		}
		tp_links[n_tp_links++] = enter;
		tp_links[n_tp_links++] = exit;
		n++;
	}
	if (!n)
		fprintf(stderr, "privtrace: none of the traced syscalls has a syscalls:sys_enter_* "
				"tracepoint in %s/events\n", TRACEFS);
	return n ? n : -1;
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

/* Noise functions (PT_NOISE_FUNC_NAMES), then the calibration's reference. */
#define RANGE_SECURITY_CAPABLE PT_NOISE_FUNCS
#define N_RANGES (PT_NOISE_FUNCS + 1)

/*
 * Where the kernel's probe-only capability checks come from (bpf/noise.bpf.h)
 * and where security_capable() is. Without kallsyms nothing is hidden: more
 * output, never less.
 */
static void *resolve_ranges(void *arg)
{
	__u64 (*ranges)[2] = arg;
	static const char *const noise[PT_NOISE_FUNCS] = PT_NOISE_FUNC_NAMES;
	const char *names[N_RANGES];
	FILE *f = fopen("/proc/kallsyms", "re");
	int found = 0;

	memcpy(names, noise, sizeof(noise));
	names[RANGE_SECURITY_CAPABLE] = "security_capable";
	if (f) {
		found = kallsyms_ranges(f, names, N_RANGES, ranges);
		fclose(f);
	} else {
		memset(ranges, 0, sizeof(__u64) * 2 * N_RANGES);
	}
	if (found < N_RANGES && verbose)
		fprintf(stderr, "privtrace: %d of %d kernel functions resolved from /proc/kallsyms; "
				"capability checks from the others are shown\n", found, N_RANGES);
	return NULL;
}

static bool in_range(__u64 ip, const __u64 *r)
{
	return r[0] && ip >= r[0] && ip < r[1];
}

/*
 * tp_btf/cap_capable: find the stack slot that holds cap_capable()'s return
 * address (bpf/noise.bpf.h). This thread makes two checks itself: an
 * accounted mmap (the overcommit check, caller security_vm_enough_memory_mm
 * or cap_vm_enough_memory) and PR_CAPBSET_DROP of a capability that does not
 * exist (CAP_SETPCAP is asked first, through security_capable(); then
 * EINVAL, nothing changed; unlike sethostname, systemd's ProtectHostname=
 * does not filter it). The slot is the one that names the right caller both
 * times. Not found: the program goes on walking the stack, as it does under
 * other hooks.
 */
static void calibrate_noise(struct privtrace_bpf *skel, __u64 (*ranges)[2])
{
	struct privtrace_bpf__bss *bss = skel->bss;
	void *p;
	int i;

	bss->calib_tid = syscall(SYS_gettid);
	bss->calib_phase = PT_CALIB_VM;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	bss->calib_phase = PT_CALIB_CAPABLE;
	prctl(PR_CAPBSET_DROP, 1000, 0, 0, 0);
	bss->calib_phase = PT_CALIB_OFF;
	for (i = 1; i < PT_CALIB_WORDS; i++) {
		__u64 vm = bss->calib_words[PT_CALIB_VM][i];

		if ((in_range(vm, ranges[0]) || in_range(vm, ranges[1])) &&
		    in_range(bss->calib_words[PT_CALIB_CAPABLE][i], ranges[RANGE_SECURITY_CAPABLE])) {
			bss->noise_ra_off = i * sizeof(__u64);
			break;
		}
	}
	if (verbose) {
		if (bss->noise_ra_off)
			fprintf(stderr, "privtrace: noise filter: cap_capable's caller at ctx+%u\n",
				bss->noise_ra_off);
		else
			fprintf(stderr, "privtrace: noise filter: cap_capable's caller not found on "
					"the stack; walking the stack instead\n");
	}
}

/* The programs probe_kernel() chose; the others are never loaded. */
static void select_programs(struct privtrace_bpf *skel, const struct probe *probe, bool run_mode,
			    bool fold, bool denied_only)
{
	bool changes = probe->ctime_tps.ok && probe->sys != SYS_BE_NONE && !denied_only;
	bool cred = probe->lsm_fam[FAM_CRED] == LSM_BE_LSM;
	bool exec = probe->lsm_fam[FAM_EXEC] == LSM_BE_LSM;
	bool raw = probe->sys == SYS_BE_RAW, tp = probe->sys == SYS_BE_TRACEPOINT;
	struct bpf_program *fallback[] = {
		skel->progs.tp_sys_enter1, skel->progs.tp_sys_enter2, skel->progs.tp_sys_enter3,
		skel->progs.tp_sys_enter4, skel->progs.tp_sys_exit,
	};
	size_t i;

	bpf_program__set_autoload(skel->progs.raw_sys_enter, raw);
	bpf_program__set_autoload(skel->progs.raw_sys_exit, raw);
	/* attached syscall by syscall (attach_syscall_tracepoints) */
	for (i = 0; i < sizeof(fallback) / sizeof(fallback[0]); i++) {
		bpf_program__set_autoload(fallback[i], tp);
		bpf_program__set_autoattach(fallback[i], false);
	}
	/* exec is judged at sched_process_exec against the state execve's entry saved */
	bpf_program__set_autoload(skel->progs.on_exec, !exec && probe->sys != SYS_BE_NONE);

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
	/* the traced tree of `run --`; a task's folded counts out when it exits */
	bpf_program__set_autoload(skel->progs.on_fork, run_mode);
	bpf_program__set_autoload(skel->progs.on_task_exit, run_mode || fold);
	bpf_program__set_autoload(skel->progs.fold_sweep, fold);
	/* successes only: nothing to see with --denied-only */
	bpf_program__set_autoload(skel->progs.ctime_set, changes);
	bpf_program__set_autoload(skel->progs.ctime_xchg, changes);
	bpf_program__set_autoload(skel->progs.ctime_skip, changes);
	skel->rodata->changes_seen = changes;
	bpf_program__set_autoload(skel->progs.cgroup_made, probe->cgroup_tps.ok);
	bpf_program__set_autoload(skel->progs.cgroup_renamed, probe->cgroup_tps.ok);
	bpf_program__set_autoload(skel->progs.cgroup_removed, probe->cgroup_tps.ok);
}

int loader_probe(const struct loader_cfg *cfg, struct probe *probe)
{
	const char *why = "";

	verbose = cfg->verbose;
	libbpf_set_print(print_libbpf);

	if (geteuid() != 0) {
		fprintf(stderr, "privtrace: needs root (loading BPF tracing programs); run it with sudo\n");
		return -1;
	}
	if (privileges_check())
		return -1;
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, "privtrace: this kernel has no BTF (/sys/kernel/btf/vmlinux): "
				"privtrace needs a kernel built with CONFIG_DEBUG_INFO_BTF=y\n");
		return -1;
	}
	ensure_tracefs();
	if (probe_kernel(probe, &cfg->backend, &why)) {
		fprintf(stderr, "privtrace: --backend: this kernel cannot: %s "
				"(privtrace --probe shows what it can)\n", why);
		return -1;
	}
	return 0;
}

/*
 * The skeleton opened, its settings applied and the chosen programs marked
 * for loading: what a run loads, and what --probe -v measures.
 */
static struct privtrace_bpf *open_configured(const struct loader_cfg *cfg, const struct probe *probe,
					     unsigned long long cgid)
{
	struct privtrace_bpf *skel = privtrace_bpf__open();
	int err;

	if (!skel) {
		fprintf(stderr, "privtrace: cannot open the BPF object: %s\n", strerror(errno));
		return NULL;
	}
	skel->rodata->self_tgid = getpid();
	skel->rodata->targ_tree = cfg->run_mode;
	skel->rodata->targ_uid = cfg->uid;
	skel->rodata->targ_cgroup_id = cgid;
	skel->rodata->denied_only = cfg->denied_only;
	skel->rodata->all_caps = cfg->all_caps;
	skel->rodata->fold_events = !cfg->no_coalesce;
	skel->rodata->host_mntns_inum = host_mntns_inum();
	if (host_root_id((unsigned long long *)&skel->rodata->host_root_ino,
			 (unsigned int *)&skel->rodata->host_root_dev))
		skel->rodata->host_root_ino = 0; /* unknown: no change is watched */
	systab_fill((struct pt_systab *)&skel->rodata->systab);
	skel->rodata->ringbuf_bytes = cfg->ringbuf_kb * 1024;
	err = bpf_map__set_max_entries(skel->maps.events, cfg->ringbuf_kb * 1024);
	if (err) {
		fprintf(stderr, "privtrace: ring buffer of %lu KiB refused: %s\n", cfg->ringbuf_kb,
			strerror(-err));
		privtrace_bpf__destroy(skel);
		return NULL;
	}
	select_programs(skel, probe, cfg->run_mode, !cfg->no_coalesce, cfg->denied_only);
	return skel;
}

static int load(struct privtrace_bpf *skel)
{
	int err = privtrace_bpf__load(skel);

	if (err)
		fprintf(stderr, "privtrace: loading the BPF programs failed: %s%s\n", strerror(-err),
			verbose ? "" : " (run with -v for the verifier's log)");
	return err;
}

struct privtrace_bpf *loader_start(const struct loader_cfg *cfg, struct probe *probe)
{
	struct privtrace_bpf *skel = NULL;
	unsigned long long cgid = 0;
	__u64 ranges[N_RANGES][2] = {};
	bool resolving = false;
	pthread_t resolver;
	int err, i;

	if (loader_probe(cfg, probe))
		return NULL;
	if (cfg->cgroup_path && cgroup_id_of(cfg->cgroup_path, &cgid))
		return NULL;
	if (probe->sys == SYS_BE_NONE)
		fprintf(stderr, "privtrace: warning: %s (privtrace --probe tells more)\n",
			probe->sys_why);
	if (probe->cap == CAP_BE_NONE)
		fprintf(stderr, "privtrace: warning: %s (privtrace --probe tells more)\n",
			probe->cap_why);

	/* read while the verifier works; an unstarted thread reads it here */
	if (!cfg->all_caps) {
		resolving = !pthread_create(&resolver, NULL, resolve_ranges, ranges);
		if (!resolving)
			resolve_ranges(ranges);
	}
	skel = open_configured(cfg, probe, cgid);
	if (!skel || load(skel))
		goto fail;
	if (resolving) {
		pthread_join(resolver, NULL);
		resolving = false;
	}
	for (i = 0; i < PT_NOISE_FUNCS; i++) {
		skel->bss->noise_ranges[i][0] = ranges[i][0];
		skel->bss->noise_ranges[i][1] = ranges[i][1];
	}
	skel->bss->capable_range[0] = ranges[RANGE_SECURITY_CAPABLE][0];
	skel->bss->capable_range[1] = ranges[RANGE_SECURITY_CAPABLE][1];
	err = privtrace_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "privtrace: attaching the BPF programs failed: %s\n", strerror(-err));
		goto fail;
	}
	if (probe->sys == SYS_BE_TRACEPOINT && attach_syscall_tracepoints(skel) < 0)
		goto fail;
	if (probe->cap == CAP_BE_TP_BTF && !cfg->all_caps)
		calibrate_noise(skel, ranges);
	return skel;
fail:
	if (resolving)
		pthread_join(resolver, NULL);
	loader_stop(skel);
	return NULL;
}

#define STATS_LOG_SIZE 4096 /* BPF_LOG_STATS writes a few lines */

/*
 * --probe -v: load what a run would (nothing attached) with the verifier's
 * statistics, and print per program the instructions it has and the
 * instructions the verifier processed: the cost of every start, watched
 * like veristat's figures (tests/integration/test_probe.sh holds a bound).
 */
int loader_print_programs(const struct loader_cfg *cfg, const struct probe *probe, FILE *out)
{
	struct privtrace_bpf *skel = open_configured(cfg, probe, 0);
	unsigned long total_insns = 0, total_processed = 0;
	struct bpf_program *prog;
	char *logs = NULL;
	int n = 0, i = 0, ret = -1;

	if (!skel)
		return -1;
	bpf_object__for_each_program(prog, skel->obj)
		n++;
	logs = calloc(n, STATS_LOG_SIZE);
	if (!logs)
		goto out;
	bpf_object__for_each_program(prog, skel->obj) {
		bpf_program__set_log_level(prog, 4); /* BPF_LOG_STATS */
		bpf_program__set_log_buf(prog, logs + i++ * STATS_LOG_SIZE, STATS_LOG_SIZE);
	}
	if (load(skel))
		goto out;
	fprintf(out, "\n%-28s %8s %10s\n", "PROGRAM", "INSNS", "VERIFIED");
	bpf_object__for_each_program(prog, skel->obj) {
		unsigned long processed = 0;
		const char *log, *p;
		size_t log_len;

		if (!bpf_program__autoload(prog))
			continue;
		log = bpf_program__log_buf(prog, &log_len);
		p = log ? strstr(log, "processed ") : NULL;
		if (p)
			processed = strtoul(p + 10, NULL, 10);
		fprintf(out, "%-28s %8zu %10lu\n", bpf_program__name(prog),
			bpf_program__insn_cnt(prog), processed);
		total_insns += bpf_program__insn_cnt(prog);
		total_processed += processed;
	}
	fprintf(out, "%-28s %8lu %10lu\n", "total", total_insns, total_processed);
	ret = 0;
out:
	privtrace_bpf__destroy(skel);
	free(logs);
	return ret;
}

/*
 * The folded counts of passed windows (all: every one) out as repeat records:
 * reading the iterator runs fold_sweep over every task.
 */
int loader_fold_sweep(struct privtrace_bpf *skel, bool all)
{
	char buf[64];
	int fd, n;

	if (!skel->links.fold_sweep)
		return 0;
	skel->bss->sweep_all = all;
	fd = bpf_iter_create(bpf_link__fd(skel->links.fold_sweep));
	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	close(fd);
	return n < 0 ? -errno : 0;
}

int loader_trace_pid(struct privtrace_bpf *skel, unsigned int pid)
{
	__u8 one = 1;

	return bpf_map__update_elem(skel->maps.traced, &pid, sizeof(pid), &one, sizeof(one), BPF_ANY);
}

int loader_maps_readable(void *arg)
{
	struct privtrace_bpf *skel = arg;
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	__u64 *vals;
	int ncpu = libbpf_num_possible_cpus(), err;
	unsigned int idx = PT_CNT_LOST;

	memset(&info, 0, sizeof(info));
	/* what ring_buffer__new() asks, then what the counters need */
	if (bpf_obj_get_info_by_fd(bpf_map__fd(skel->maps.events), &info, &len))
		return -errno;
	if (ncpu <= 0)
		return ncpu ? ncpu : -EINVAL;
	vals = calloc(ncpu, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	err = bpf_map__lookup_elem(skel->maps.counters, &idx, sizeof(idx), vals,
				   sizeof(*vals) * ncpu, 0);
	free(vals);
	return err ? -errno : 0;
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
 * Detaching can wait for a grace period per link: a per-syscall tracepoint
 * (~70 ms each on the 6.18 host, and the fallback has about a hundred), a
 * BPF trampoline (fexit, LSM) under some kernels. Links destroyed from
 * parallel threads share their waits (the per-syscall fallback: 7 s one
 * after another, ~4 s in parallel). A link a thread could not be started
 * for is destroyed here. The raw tracepoints detach without a wait.
 */
static void detach_all(struct privtrace_bpf *skel)
{
	const struct bpf_object_skeleton *s = skel ? skel->skeleton : NULL;
	struct bpf_link **links[2 * PT_SYS_MAX + 32];
	pthread_t tids[2 * PT_SYS_MAX + 32];
	bool started[2 * PT_SYS_MAX + 32] = {};
	int n = 0, i;

	for (i = 0; i < n_tp_links; i++)
		links[n++] = &tp_links[i];
	for (i = 0; s && i < s->prog_cnt && n < (int)(sizeof(links) / sizeof(links[0])); i++)
		if (*s->progs[i].link)
			links[n++] = s->progs[i].link;
	for (i = 0; i < n; i++)
		started[i] = !pthread_create(&tids[i], NULL, destroy_link, links[i]);
	for (i = 0; i < n; i++) {
		if (started[i])
			pthread_join(tids[i], NULL);
		else
			destroy_link(links[i]);
	}
	n_tp_links = 0;
}

void loader_stop(struct privtrace_bpf *skel)
{
	detach_all(skel);
	privtrace_bpf__destroy(skel);
}
