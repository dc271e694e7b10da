// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kernel/probe.h"

static void set(struct feature *f, bool ok, const char *fmt, ...)
{
	va_list ap;

	f->ok = ok;
	va_start(ap, fmt);
	vsnprintf(f->why, sizeof(f->why), fmt, ap);
	va_end(ap);
}

/*
 * Load the smallest program of this type at the BTF entity `name` (a
 * function, or a tracepoint's btf_trace_ typedef for tp_btf) and attach it:
 * the only true test, since a kernel can list a feature yet refuse it (the
 * 6.18 host here refuses fentry and LSM programs with EPERM before
 * verification).
 */
static int try_attach(const struct btf *vmlinux, enum bpf_prog_type type,
		      enum bpf_attach_type attach, const char *name, char *err, size_t len)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = attach);
	bool raw_tp = attach == BPF_TRACE_RAW_TP;
	int id, prog, link;

	id = btf__find_by_name_kind(vmlinux, name, raw_tp ? BTF_KIND_TYPEDEF : BTF_KIND_FUNC);
	if (id <= 0) {
		snprintf(err, len, "no %s %s in BTF", raw_tp ? "tracepoint" : "function", name);
		return -1;
	}
	opts.attach_btf_id = id;
	prog = bpf_prog_load(type, NULL, "GPL", insns, 2, &opts);
	if (prog < 0) {
		snprintf(err, len, "BPF_PROG_LOAD on %s refused: %s", name, strerror(errno));
		return -1;
	}
	/* raw tracepoints attach through BPF_RAW_TRACEPOINT_OPEN on every kernel */
	link = raw_tp ? bpf_raw_tracepoint_open(NULL, prog) : bpf_link_create(prog, 0, attach, NULL);
	if (link < 0) {
		snprintf(err, len, "attaching to %s refused: %s", name, strerror(errno));
		close(prog);
		return -1;
	}
	close(link);
	close(prog);
	return 0;
}

static void probe_lsm(struct probe *p, const struct btf *vmlinux)
{
	char lsms[256] = "", err[128];
	FILE *f = fopen("/sys/kernel/security/lsm", "re");

	if (!f && !mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL))
		f = fopen("/sys/kernel/security/lsm", "re");
	if (!f) {
		set(&p->lsm, false, "cannot read /sys/kernel/security/lsm: %s", strerror(errno));
		return;
	}
	if (!fgets(lsms, sizeof(lsms), f))
		lsms[0] = '\0';
	fclose(f);
	lsms[strcspn(lsms, "\n")] = '\0';
	if (!strstr(lsms, "bpf")) {
		set(&p->lsm, false, "bpf is not among the active LSMs (%s): boot with lsm=...,bpf", lsms);
		return;
	}
	if (try_attach(vmlinux, BPF_PROG_TYPE_LSM, BPF_LSM_MAC, "bpf_lsm_task_fix_setuid", err,
		       sizeof(err)))
		set(&p->lsm, false, "bpf LSM active but %s", err);
	else
		set(&p->lsm, true, "active (%s), programs load and attach", lsms);
}

const char *cap_backend_name(enum cap_backend b)
{
	switch (b) {
	case CAP_BE_FEXIT:
		return "fexit/security_capable";
	case CAP_BE_TP_BTF:
		return "tp_btf/cap_capable";
	case CAP_BE_KPROBE:
		return "kprobe/cap_capable"; /* with its kretprobe */
	case CAP_BE_NONE:
		return "none";
	default:
		return "auto";
	}
}

const char *sys_backend_name(enum sys_backend b)
{
	switch (b) {
	case SYS_BE_RAW:
		return "tp_btf/sys_enter+sys_exit";
	case SYS_BE_TRACEPOINT:
		return "tracepoint/syscalls";
	case SYS_BE_NONE:
		return "none";
	default:
		return "auto";
	}
}

static const char *const lsm_fams[FAM_LSM_MAX] = { "credentials", "exec", "file" };

int backend_parse(const char *s, struct backend_want *w)
{
	int i;

	if (!strncmp(s, "syscalls=", 9)) {
		s += 9;
		if (!strcmp(s, "auto"))
			w->sys = SYS_BE_AUTO;
		else if (!strcmp(s, "raw"))
			w->sys = SYS_BE_RAW;
		else if (!strcmp(s, "tracepoint"))
			w->sys = SYS_BE_TRACEPOINT;
		else
			return -1;
		return 0;
	}
	if (!strncmp(s, "capability=", 11)) {
		s += 11;
		if (!strcmp(s, "auto"))
			w->cap = CAP_BE_AUTO;
		else if (!strcmp(s, "fexit") || !strcmp(s, "fentry"))
			w->cap = CAP_BE_FEXIT;
		else if (!strcmp(s, "tracepoint") || !strcmp(s, "tp_btf"))
			w->cap = CAP_BE_TP_BTF;
		else if (!strcmp(s, "kprobe"))
			w->cap = CAP_BE_KPROBE;
		else
			return -1;
		return 0;
	}
	for (i = 0; i < FAM_LSM_MAX; i++) {
		size_t len = strlen(lsm_fams[i]);

		if (strncmp(s, lsm_fams[i], len) || s[len] != '=')
			continue;
		s += len + 1;
		if (!strcmp(s, "auto"))
			w->lsm_fam[i] = LSM_BE_AUTO;
		else if (!strcmp(s, "lsm"))
			w->lsm_fam[i] = LSM_BE_LSM;
		else if (!strcmp(s, "tracepoint"))
			w->lsm_fam[i] = LSM_BE_TRACEPOINT;
		else
			return -1;
		return 0;
	}
	return -1;
}

static const char *const lsm_progs[FAM_LSM_MAX] = {
	"syscalls + lsm/task_fix_*, lsm/capset",
	"lsm/bprm_committing_creds",
	"syscalls + lsm.s/file_open",
};
static const char *const tp_progs[FAM_LSM_MAX] = {
	"syscalls: set*id, setgroups, capset",
	"tp_btf/sched_process_exec",
	"syscalls: the file syscalls",
};
static const char *const lsm_whys[FAM_LSM_MAX] = {
	"result from the syscall exit; the credentials about to be committed from the LSM",
	"old and new credentials together at the point of no return",
	"denials from the syscall exit; opens granted only by privilege from the LSM",
};
static const char *const tp_whys[FAM_LSM_MAX] = {
	"old and new credentials and the result of every call",
	"credentials after commit, compared with those at execve entry",
	"EACCES/EPERM returns with the path given",
};

/*
 * The raw tracepoints first: every syscall of every ABI passes them, and an
 * untraced one costs a table load; the per-syscall tracepoints cost a
 * perf-event dispatch on each traced call, see only 64-bit calls, and wait
 * for an RCU grace period each when detached.
 */
static int choose_syscalls(struct probe *p, enum sys_backend want, const char **why)
{
	if (want == SYS_BE_RAW && !p->raw_sys.ok) {
		*why = p->raw_sys.why;
		return -1;
	}
	if (want == SYS_BE_TRACEPOINT && !p->syscall_tps.ok) {
		*why = p->syscall_tps.why;
		return -1;
	}
	if (want == SYS_BE_TRACEPOINT || (want == SYS_BE_AUTO && !p->raw_sys.ok)) {
		if (!p->syscall_tps.ok) {
			p->sys = SYS_BE_NONE;
			snprintf(p->sys_why, sizeof(p->sys_why),
				 "neither raw nor per-syscall tracepoints: file and credential "
				 "syscalls not traced");
			return 0;
		}
		p->sys = SYS_BE_TRACEPOINT;
		snprintf(p->sys_why, sizeof(p->sys_why), "%s64-bit syscalls only: ia32 and x32 ones "
			 "are not seen", want == SYS_BE_TRACEPOINT ? "forced by --backend; " :
			 "raw tracepoints refused; ");
		return 0;
	}
	p->sys = SYS_BE_RAW;
	snprintf(p->sys_why, sizeof(p->sys_why), "%severy syscall of every ABI (64-bit, "
		 "ia32, x32); an untraced one costs a table load",
		 want == SYS_BE_RAW ? "forced by --backend; " : "");
	return 0;
}

static void choose_lsm_families(struct probe *p, const struct backend_want *w)
{
	int i;

	for (i = 0; i < FAM_LSM_MAX; i++) {
		bool lsm = p->lsm.ok && w->lsm_fam[i] != LSM_BE_TRACEPOINT;

		p->lsm_fam[i] = lsm ? LSM_BE_LSM : LSM_BE_TRACEPOINT;
		snprintf(p->lsm_why[i], sizeof(p->lsm_why[i]), "%s%s",
			 w->lsm_fam[i] == LSM_BE_TRACEPOINT ? "forced by --backend: " :
			 !lsm ? "no BPF LSM: " : "", lsm ? lsm_whys[i] : tp_whys[i]);
	}
}

int probe_kernel(struct probe *p, const struct backend_want *w, const char **why)
{
	enum cap_backend want = w->cap;
	struct btf *vmlinux;
	char err[128];
	int i;

	memset(p, 0, sizeof(*p));
	vmlinux = btf__load_vmlinux_btf();
	if (!vmlinux) {
		set(&p->btf, false, "no kernel BTF (/sys/kernel/btf/vmlinux): needs CONFIG_DEBUG_INFO_BTF=y");
		p->cap = CAP_BE_NONE;
		snprintf(p->cap_why, sizeof(p->cap_why), "no BTF");
		*why = p->btf.why;
		return -1;
	}
	set(&p->btf, true, "/sys/kernel/btf/vmlinux");

	if (btf__find_by_name_kind(vmlinux, "btf_trace_cap_capable", BTF_KIND_TYPEDEF) > 0)
		set(&p->tp_cap, true, "capability:cap_capable tracepoint present");
	else
		set(&p->tp_cap, false, "no capability:cap_capable tracepoint (it came in Linux 6.14)");
	if (try_attach(vmlinux, BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, "security_capable", err,
		       sizeof(err)))
		set(&p->fexit, false, "%s", err);
	else
		set(&p->fexit, true, "fexit on security_capable loads and attaches");
	probe_lsm(p, vmlinux);
	p->lsm_setgroups = btf__find_by_name_kind(vmlinux, "bpf_lsm_task_fix_setgroups",
						  BTF_KIND_FUNC) > 0;
	if (access("/sys/kernel/tracing/kprobe_events", F_OK))
		set(&p->kprobes, false, "no kprobe_events in tracefs (CONFIG_KPROBES off)");
	else if (btf__find_by_name_kind(vmlinux, "cap_capable", BTF_KIND_FUNC) <= 0)
		set(&p->kprobes, false, "kprobes present but no cap_capable function to probe");
	else
		set(&p->kprobes, true, "kprobe_events present, cap_capable probeable");
	if (try_attach(vmlinux, BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, "btf_trace_sys_enter", err,
		       sizeof(err)))
		set(&p->raw_sys, false, "%s", err);
	else
		set(&p->raw_sys, true, "tp_btf/sys_enter loads and attaches");
	if (access("/sys/kernel/tracing/events/syscalls", F_OK))
		set(&p->syscall_tps, false, "no syscalls:sys_enter_* in tracefs (CONFIG_FTRACE_SYSCALLS "
				     "off, or tracefs not mounted)");
	else
		set(&p->syscall_tps, true, "syscalls:sys_enter_*/sys_exit_* present");
	if (btf__find_by_name_kind(vmlinux, "btf_trace_inode_set_ctime_to_ts", BTF_KIND_TYPEDEF) > 0 &&
	    btf__find_by_name_kind(vmlinux, "btf_trace_ctime_ns_xchg", BTF_KIND_TYPEDEF) > 0 &&
	    btf__find_by_name_kind(vmlinux, "btf_trace_ctime_xchg_skip", BTF_KIND_TYPEDEF) > 0)
		set(&p->ctime_tps, true, "timestamp:*ctime* tracepoints present: container root's "
			"changes to host root's files are seen");
	else
		set(&p->ctime_tps, false, "no timestamp:inode_set_ctime_to_ts tracepoint (Linux 6.13): "
			"container root's changes to host root's files go unreported");
	if (!p->raw_sys.ok)
		set(&p->cgroup_tps, false, "tp_btf refused here: a container gone before its events "
			"are read may lose its name");
	else if (btf__find_by_name_kind(vmlinux, "btf_trace_cgroup_mkdir", BTF_KIND_TYPEDEF) > 0 &&
		 btf__find_by_name_kind(vmlinux, "btf_trace_cgroup_rename", BTF_KIND_TYPEDEF) > 0 &&
		 btf__find_by_name_kind(vmlinux, "btf_trace_cgroup_rmdir", BTF_KIND_TYPEDEF) > 0)
		set(&p->cgroup_tps, true, "cgroup:cgroup_mkdir/rename/rmdir: a container gone before "
			"its events are read is still named");
	else
		set(&p->cgroup_tps, false, "no cgroup:cgroup_mkdir tracepoint in BTF: a container gone "
			"before its events are read may lose its name");
	btf__free(vmlinux);

	if (choose_syscalls(p, w->sys, why))
		return -1;

	for (i = 0; i < FAM_LSM_MAX; i++)
		if (w->lsm_fam[i] == LSM_BE_LSM && !p->lsm.ok) {
			*why = p->lsm.why;
			return -1;
		}
	choose_lsm_families(p, w);

	/*
	 * fexit/security_capable first: the verdict of every LSM together, and
	 * the NOAUDIT flag; tp_btf/cap_capable next: commoncap's verdict, with
	 * where the capability was found; a kprobe pair on cap_capable last.
	 */
	switch (want) {
	case CAP_BE_FEXIT:
		if (!p->fexit.ok) {
			*why = p->fexit.why;
			return -1;
		}
		p->cap = CAP_BE_FEXIT;
		snprintf(p->cap_why, sizeof(p->cap_why), "forced by --backend");
		return 0;
	case CAP_BE_TP_BTF:
		if (!p->tp_cap.ok) {
			*why = p->tp_cap.why;
			return -1;
		}
		p->cap = CAP_BE_TP_BTF;
		snprintf(p->cap_why, sizeof(p->cap_why), "forced by --backend");
		return 0;
	case CAP_BE_KPROBE:
		if (!p->kprobes.ok) {
			*why = p->kprobes.why;
			return -1;
		}
		p->cap = CAP_BE_KPROBE;
		snprintf(p->cap_why, sizeof(p->cap_why), "forced by --backend");
		return 0;
	default:
		break;
	}
	if (p->fexit.ok) {
		p->cap = CAP_BE_FEXIT;
		snprintf(p->cap_why, sizeof(p->cap_why),
			 "trampolines work: the final verdict of all LSMs, with CAP_OPT_NOAUDIT");
	} else if (p->tp_cap.ok) {
		p->cap = CAP_BE_TP_BTF;
		snprintf(p->cap_why, sizeof(p->cap_why), "fexit unavailable; the tracepoint is here");
	} else if (p->kprobes.ok) {
		p->cap = CAP_BE_KPROBE;
		snprintf(p->cap_why, sizeof(p->cap_why), "no fexit, no tracepoint: the last resort");
	} else {
		p->cap = CAP_BE_NONE;
		snprintf(p->cap_why, sizeof(p->cap_why),
			 "no fexit, tracepoint or kprobe: capability checks not traced");
	}
	return 0;
}

const char *probe_family_programs(const struct probe *p, int fam)
{
	return p->lsm_fam[fam] == LSM_BE_LSM ? lsm_progs[fam] : tp_progs[fam];
}

const char *probe_family_name(int fam)
{
	return lsm_fams[fam];
}

void probe_print(FILE *out, const struct probe *p)
{
	const struct { const char *name; const struct feature *f; } rows[] = {
		{ "BTF", &p->btf },
		{ "tp_btf cap_capable", &p->tp_cap },
		{ "fentry/fexit", &p->fexit },
		{ "BPF LSM", &p->lsm },
		{ "kprobes", &p->kprobes },
		{ "raw syscall tps", &p->raw_sys },
		{ "syscall tracepoints", &p->syscall_tps },
		{ "ctime tracepoints", &p->ctime_tps },
		{ "cgroup tracepoints", &p->cgroup_tps },
	};
	size_t i;

	fprintf(out, "%-20s %-4s %s\n", "FEATURE", "OK", "WHY");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		fprintf(out, "%-20s %-4s %s\n", rows[i].name, rows[i].f->ok ? "yes" : "no",
			rows[i].f->why);
	fprintf(out, "\n%-12s %-50s %s\n", "FAMILY", "PROGRAMS", "WHY");
	fprintf(out, "%-12s %-50s %s\n", "capability", cap_backend_name(p->cap), p->cap_why);
	fprintf(out, "%-12s %-50s %s\n", "syscalls", sys_backend_name(p->sys), p->sys_why);
	for (i = 0; i < FAM_LSM_MAX; i++)
		fprintf(out, "%-12s %-50s %s\n", lsm_fams[i], probe_family_programs(p, i),
			p->lsm_why[i]);
}
