// SPDX-License-Identifier: GPL-2.0
/*
 * Capability checks: every check the kernel makes, granted or denied, from
 * the best hook this kernel offers (the loader probes and keeps one):
 *
 * tp_btf/cap_capable  the capability:cap_capable tracepoint (6.14+), inside
 *     commoncap's cap_capable(): every check however it was made, with the
 *     namespace where the capability was found (NULL when denied).
 * fexit/security_capable  where BPF trampolines work: the final verdict of
 *     all LSMs for capable()/ns_capable()/file_ns_capable() and the *_noaudit
 *     variants. It does not see cap_vm_enough_memory()'s direct cap_capable()
 *     call, nor where the capability was found (that field stays absent).
 * kprobe/kretprobe cap_capable  the last resort, where neither works but
 *     kprobes do: commoncap's verdict like the tracepoint, the arguments kept
 *     per thread from entry to return.
 */
#include "emit.bpf.h"
#include "fold.bpf.h"
#include "noise.bpf.h"

#define PT_CAP_OPT_NOAUDIT (1u << 1) /* include/linux/security.h */

/* Capability numbers that fit the per-syscall masks (CAP_LAST_CAP is 40 today). */
#define PT_CAP_MASK_BITS 64

/*
 * Is target the checked credentials' user namespace or one of its
 * descendants? Only there can a capability in the effective set count
 * (cap_capable() walks up from target towards the credentials' namespace).
 * Namespaces nest at most 32 deep.
 */
struct ns_walk {
	const struct user_namespace *target, *own;
	int own_level;
	bool within;
};

static long ns_walk_up(__u64 i, void *ctx)
{
	struct ns_walk *w = ctx;
	const struct user_namespace *t = w->target;

	if (!t)
		return 1;
	if (t == w->own) {
		w->within = true;
		return 1;
	}
	if (BPF_CORE_READ(t, level) <= w->own_level)
		return 1;
	w->target = BPF_CORE_READ(t, parent);
	return 0;
}

static __noinline bool target_outside(const struct user_namespace *target,
				      const struct user_namespace *own)
{
	struct ns_walk w = { .target = target, .own = own, .own_level = BPF_CORE_READ(own, level) };

	bpf_loop(33, ns_walk_up, &w, 0);
	return !w.within;
}

/*
 * Is this a check of the task's own credentials? overlayfs, for one, checks
 * its mounter's on the task's behalf (override_creds() swaps the subjective
 * credentials), which says nothing of what the task itself may do. access()
 * and faccessat() override too, on purpose: with the caller's real ids.
 */
static __always_inline bool own_check(struct task_struct *task, const struct cred *cred, __u32 sys)
{
	const struct cred *real = task->real_cred;

	if (cred == real)
		return true;
	if (sys != PT_SYS_access && sys != PT_SYS_faccessat && sys != PT_SYS_faccessat2)
		return false;
	/*
	 * access()'s own override: the caller's real ids as its fs ids, in its
	 * own namespace. Anything else during access() (overlayfs overriding
	 * again with its mounter's) is someone else's.
	 */
	return BPF_CORE_READ(cred, user_ns) == BPF_CORE_READ(real, user_ns) &&
	       BPF_CORE_READ(cred, fsuid.val) == BPF_CORE_READ(real, uid.val) &&
	       BPF_CORE_READ(cred, fsgid.val) == BPF_CORE_READ(real, gid.val);
}

/*
 * Someone else's credentials were checked (own_check): those move to
 * cap.checked, and the record's subject becomes the task's own. A function
 * of its own, and the last word on the event before it goes: the two ways
 * through it leave the caller in one state, so the verifier walks the rest
 * of the program once, not once for each.
 */
PT_FUNC void own_subject(struct pt_event *e, struct task_struct *task, const struct cred *cred,
			 __u32 sys)
{
	if (own_check(task, cred, sys))
		return;
	__builtin_memcpy(&e->cap.checked, &e->cred, sizeof(e->cred));
	fill_creds(&e->cred, task->real_cred);
	e->flags |= PT_F_CRED_OVERRIDE;
}

/*
 * PT_F_IN_BPF or PT_F_IN_PERF_EVENT_OPEN when the task is in bpf() or
 * perf_event_open(), else 0: a BPF loader or tracer loading and attaching
 * (include/privtrace.h). Neither is a traced syscall (no path, no verdict
 * to explain), so only the registers say which call the check is part of.
 */
static __always_inline __u32 loader_call(struct task_struct *task)
{
#if defined(__TARGET_ARCH_x86)
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
	__u32 a = PT_ABI_64, nr;

	if (!regs)
		return 0;
	/* the low 32 bits are what the kernel runs (syscall_get_nr()) */
	nr = (__u32)BPF_CORE_READ(regs, orig_ax);
	if (BPF_CORE_READ(task, thread_info.status) & TS_COMPAT) {
		a = PT_ABI_IA32;
	} else if (nr & X32_SYSCALL_BIT) {
		a = PT_ABI_X32;
		nr &= ~X32_SYSCALL_BIT;
	}
	if (nr == systab.loader_nr[a][0])
		return PT_F_IN_BPF;
	if (nr == systab.loader_nr[a][1])
		return PT_F_IN_PERF_EVENT_OPEN;
#endif
	return 0;
}

/*
 * probed: the pointers are addresses a kprobe kept, not BTF-typed; ra_slot:
 * the hook is tp_btf/cap_capable (bpf/noise.bpf.h). Both are constants at
 * each call site.
 */
static __always_inline int on_capable(void *ctx, const struct cred *cred,
				      const struct user_namespace *target_ns,
				      const struct user_namespace *capable_ns, int cap, int ret,
				      __u32 hook, __u32 flags, bool probed, bool ra_slot)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct task_state *state, *st;
	struct fold_key k;
	struct pt_event *e;

	if (skip_current(task))
		return 0;
	/*
	 * Remember the verdict for the syscall this check is part of, even
	 * when the check itself is not reported: the syscall's own failure is
	 * explained by it (a granted CAP_DAC_OVERRIDE followed by EACCES means
	 * the file's owner is not mapped into the caller's namespace).
	 */
	state = state_get(task, false);
	st = state_current(task, state);
	if (st && cap >= 0 && cap < PT_CAP_MASK_BITS && own_check(task, cred, st->syscall)) {
		if (ret == 0)
			st->caps_granted |= 1ULL << cap;
		else
			st->caps_denied |= 1ULL << cap;
	}
	if (denied_only && ret == 0)
		return 0;
	if (!all_caps && cap_is_noise(ctx, cap, ra_slot))
		return 0;

	if (ret && target_outside(target_ns, BPF_CORE_READ(cred, user_ns)))
		flags |= PT_F_CAP_TARGET_OUTSIDE;

	if (st) {
		flags |= PT_F_IN_SYSCALL;
		state_read_path(st);
	} else {
		flags |= loader_call(task);
	}
	if (fold_events) {
		fold_key_init(&k, PT_EV_CAP, hook, cred, task);
		k.ret = ret;
		k.cap = cap;
		k.flags = flags;
		k.target_inum = BPF_CORE_READ(target_ns, ns.inum);
		if (st)
			fold_key_syscall(&k, st);
		if (fold_try(&k, st ? addr_of(st->path) : 0))
			return 0;
		/* a flood is counted per task: its state is made now if need be */
		if (!state)
			state = state_get(task, true);
	}

	e = event_start(PT_EV_CAP, hook, task, state);
	if (!e)
		return 0;
	e->ret = ret;
	e->flags = flags;
	if (probed)
		fill_creds_probed(&e->cred, cred);
	else
		fill_creds(&e->cred, cred);
	own_subject(e, task, cred, st ? st->syscall : PT_SYS_MAX);
	e->cap.cap = cap;
	e->cap.target_userns_inum = BPF_CORE_READ(target_ns, ns.inum);
	e->cap.target_userns_level = BPF_CORE_READ(target_ns, level);
	/* 6.18 passes a namespace on denial too: it found nothing there */
	e->cap.capable_userns_inum = ret == 0 && capable_ns ? BPF_CORE_READ(capable_ns, ns.inum) : 0;
	if (st) {
		event_syscall(e, st);
		event_user_path(e, st);
	}
	if (fold_events)
		fold_note(&k, addr_of(e), state);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/cap_capable")
int BPF_PROG(on_cap_capable, const struct cred *cred, struct user_namespace *target_ns,
	     const struct user_namespace *capable_ns, int cap, int ret)
{
	if (calibrating(ctx, cap))
		return 0;
	return on_capable(ctx, cred, target_ns, capable_ns, cap, ret, PT_HOOK_TP_CAP_CAPABLE, 0,
			  false, true);
}

SEC("fexit/security_capable")
int BPF_PROG(fexit_security_capable, const struct cred *cred, struct user_namespace *ns, int cap,
	     unsigned int opts, int ret)
{
	/* CAP_OPT_NOAUDIT: the caller only asks, a denial is not an error */
	return on_capable(ctx, cred, ns, NULL, cap, ret, PT_HOOK_FEXIT_SECURITY_CAPABLE,
			  opts & PT_CAP_OPT_NOAUDIT ? PT_F_CAP_NOAUDIT : 0, false, false);
}

struct cap_args {
	const struct cred *cred;
	const struct user_namespace *ns;
	__s32 cap;
	__u32 _pad;
};

/* cap_capable's arguments between its kprobe and its kretprobe, by tid. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, struct cap_args);
} cap_entry SEC(".maps");

SEC("kprobe/cap_capable")
int BPF_KPROBE(kprobe_cap_capable, const struct cred *cred, struct user_namespace *ns, int cap)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct cap_args a = { .cred = cred, .ns = ns, .cap = cap };

	bpf_map_update_elem(&cap_entry, &tid, &a, BPF_ANY);
	return 0;
}

SEC("kretprobe/cap_capable")
int BPF_KRETPROBE(kretprobe_cap_capable, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct cap_args *a = bpf_map_lookup_elem(&cap_entry, &tid);
	struct cap_args args;

	if (!a)
		return 0;
	args = *a;
	bpf_map_delete_elem(&cap_entry, &tid);
	return on_capable(ctx, args.cred, args.ns, NULL, args.cap, ret, PT_HOOK_KPROBE_CAP_CAPABLE, 0,
			  true, false);
}
