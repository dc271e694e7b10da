// SPDX-License-Identifier: GPL-2.0
/*
 * File and credential syscalls.
 *
 * tp_btf/sys_enter and tp_btf/sys_exit, the raw tracepoints every syscall
 * passes on its way in and out, whatever its ABI: the 64-bit one, the 32-bit
 * one (int $0x80, sysenter, a 32-bit binary) and x32. The number indexes the
 * ABI's table (struct pt_systab), so an untraced syscall costs a load and a
 * return; the arguments come from the saved registers, in the ABI's order.
 * Where the kernel refuses these, the per-syscall tracepoints
 * syscalls:sys_enter_X/sys_exit_X take over (one program each, attached to
 * every traced syscall by the loader): they fire for 64-bit syscalls only,
 * which --probe says.
 *
 * Entry records what the thread is doing (struct task_state) so that:
 *  - a capability check made inside the syscall can name it and its path;
 *  - a file syscall that fails with EACCES/EPERM is reported with its path;
 *  - a credential change is reported with the credentials before and after.
 */
#include "emit.bpf.h"
#include "fold.bpf.h"


/* What each traced syscall is (include/privtrace.h, PT_SYSCALLS). */
static const __s8 sys_path_arg[PT_SYS_MAX] = {
#define PT_X_PARG(name, fam, parg) [PT_SYS_##name] = parg,
	PT_SYSCALLS(PT_X_PARG)
#undef PT_X_PARG
};
static const __u8 sys_family[PT_SYS_MAX] = {
#define PT_X_FAM(name, fam, parg) [PT_SYS_##name] = fam,
	PT_SYSCALLS(PT_X_FAM)
#undef PT_X_FAM
};

/*
 * The table entry for syscall nr of the running task and its ABI, 0 for an
 * untraced one. nr is what the kernel runs: the low 32 bits of the register
 * (syscall_get_nr()), whatever the upper ones say. A 32-bit syscall is told
 * by TS_COMPAT (the numbers overlap the 64-bit ones), an x32 one by its
 * number's __X32_SYSCALL_BIT.
 */
static __always_inline __u32 sys_lookup(struct task_struct *task, int nr, __u32 *abi)
{
	__u32 a = PT_ABI_64;

	if (task->thread_info.status & TS_COMPAT) {
		a = PT_ABI_IA32;
	} else if (nr & X32_SYSCALL_BIT) {
		a = PT_ABI_X32;
		nr &= ~X32_SYSCALL_BIT;
	}
	if ((unsigned int)nr >= PT_NR_MAX)
		return 0;
	*abi = a;
	return systab.sys[a][nr];
}

static __always_inline __u32 abi_flags(__u32 abi)
{
	return abi == PT_ABI_IA32 ? PT_F_ABI_IA32 : abi == PT_ABI_X32 ? PT_F_ABI_X32 : 0;
}

/* An id argument as the kernel takes it: the 16-bit calls' (u16)-1 is -1. */
static __always_inline __s64 id_arg(__u64 v, bool uid16)
{
	if (uid16)
		return (__u16)v == 0xffff ? PT_ID_UNMAPPED : (__u16)v;
	return (__u32)v;
}

/*
 * What a file syscall changes, for the changes host root makes from a
 * container (bpf/changes.bpf.c): a name in a directory (the object and its
 * directory change), a new name (the directory is what counts: a new file
 * is its maker's), an object's attributes, or an open (which changes
 * nothing, makes a file, or truncates one).
 */
enum { CH_NONE = 0, CH_NAME, CH_CREATE, CH_ATTR, CH_OPEN };

static __always_inline int change_kind(__u32 sys)
{
	switch (sys) {
	case PT_SYS_unlink: case PT_SYS_unlinkat: case PT_SYS_rmdir:
	case PT_SYS_rename: case PT_SYS_renameat: case PT_SYS_renameat2:
	case PT_SYS_link: case PT_SYS_linkat:
		return CH_NAME;
	case PT_SYS_mkdir: case PT_SYS_mkdirat: case PT_SYS_mknod: case PT_SYS_mknodat:
	case PT_SYS_symlink: case PT_SYS_symlinkat:
		return CH_CREATE;
	case PT_SYS_chmod: case PT_SYS_fchmod: case PT_SYS_fchmodat: case PT_SYS_fchmodat2:
	case PT_SYS_chown: case PT_SYS_lchown: case PT_SYS_fchown: case PT_SYS_fchownat:
	case PT_SYS_truncate: case PT_SYS_utime: case PT_SYS_utimes: case PT_SYS_utimensat:
	case PT_SYS_futimesat: case PT_SYS_setxattr: case PT_SYS_lsetxattr:
	case PT_SYS_fsetxattr: case PT_SYS_removexattr: case PT_SYS_lremovexattr:
	case PT_SYS_fremovexattr: case PT_SYS_setxattrat: case PT_SYS_removexattrat:
	case PT_SYS_file_setattr:
		return CH_ATTR;
	case PT_SYS_open: case PT_SYS_openat: case PT_SYS_openat2: case PT_SYS_creat:
		return CH_OPEN;
	}
	return CH_NONE;
}

/*
 * Host uid 0 outside the host's mount namespace and under a root of its own,
 * with its own credentials: container root that is host root, whose changes
 * no capability check marks. The root: a runtime setting a container up
 * (runc's init making /dev before it pivots) still has the host's, and its
 * work is not the container's.
 */
static __always_inline bool watch_changes(struct task_struct *task)
{
	const struct cred *cred = task->cred;
	struct dentry *root;

	/* without the ctime tracepoints nothing would be noted: the verifier drops all of it */
	if (!changes_seen || !host_mntns_inum || !host_root_ino || cred->fsuid.val != 0 ||
	    cred != task->real_cred || task->nsproxy->mnt_ns->ns.inum == host_mntns_inum)
		return false;
	root = task->fs->root.dentry;
	return root->d_inode->i_ino != host_root_ino || root->d_sb->s_dev != host_root_dev;
}

#define O_CREAT 0100
#define O_TRUNC 01000

/*
 * An open that may make or truncate a file: the others change nothing,
 * whatever a lookup on their way refreshes (a network file system's
 * attributes).
 */
static __always_inline bool open_changes(__u32 sys, const __u64 *a)
{
	__u64 fl = 0;

	switch (sys) {
	case PT_SYS_open:
		fl = a[1];
		break;
	case PT_SYS_openat:
		fl = a[2];
		break;
	case PT_SYS_openat2: /* struct open_how: flags first */
		if (bpf_probe_read_user(&fl, sizeof(fl), (const void *)a[2]))
			return true;
		break;
	default: /* creat */
		return true;
	}
	return fl & (O_CREAT | O_TRUNC);
}

/* a: the first four arguments, in order, whatever the ABI's registers. */
static __noinline int sys_enter(struct task_struct *task, __u32 ent, __u32 abi, __u32 nr,
				const __u64 *a)
{
	__u32 sys = ent & PT_SYSTAB_SYS, fam;
	bool uid16 = ent & PT_SYSTAB_UID16;
	struct task_state *st;
	__u32 parg;

	if (sys == PT_SYS_NONE || sys >= PT_SYS_MAX || skip_current(task))
		return 0;
	st = state_get(task, true);
	if (!st) {
		count(PT_CNT_NO_TASK_STATE);
		return 0;
	}
	st->syscall = sys;
	st->flags = abi_flags(abi) | (uid16 ? PT_TS_UID16 : 0);
	st->nr = nr;
	st->lsm_hook = 0;
	st->caps_granted = 0;
	st->caps_denied = 0;
	/* -1 (no path) wraps above 3; the check must stay for the verifier */
	parg = sys_path_arg[sys];
	barrier_var(parg);
	st->path_ptr = parg < 4 ? a[parg] : 0;
	st->path_read = 0;
	fam = sys_family[sys];
	if (sys == PT_SYS_setgroups) {
		st->args[0] = (__u32)a[0]; /* the count, an int in every ABI */
	} else if (fam == PT_FAM_CRED) {
		st->args[0] = id_arg(a[0], uid16);
		st->args[1] = id_arg(a[1], uid16);
		st->args[2] = id_arg(a[2], uid16);
	}
	if (fam == PT_FAM_CRED || fam == PT_FAM_EXEC)
		fill_creds(&st->old, task->cred);
	st->obj.inode = 0;
	st->dir.inode = 0;
	if (change_kind(sys) && (change_kind(sys) != CH_OPEN || open_changes(sys, a)) &&
	    watch_changes(task))
		st->flags |= PT_TS_WATCH | (change_kind(sys) == CH_ATTR ? PT_TS_ATTR : 0);
	return 0;
}

/*
 * setfsuid/setfsgid never fail with an errno: a refusal leaves the fs id as
 * it was. (uid_t)-1 is never set, and must not match an unmapped new id.
 * Same rule as event_success() in user/event/names.c.
 */
static __always_inline bool cred_change_failed(const struct pt_event *e)
{
	__u32 want = (__u32)e->change.args[0];

	if (e->syscall == PT_SYS_setfsuid)
		return want == PT_ID_UNMAPPED || e->change.new_cred.ns.fsuid != want;
	if (e->syscall == PT_SYS_setfsgid)
		return want == PT_ID_UNMAPPED || e->change.new_cred.ns.fsgid != want;
	return e->ret < 0;
}

/* The key of the event a syscall's exit makes (bpf/fold.bpf.h). */
static __always_inline void fold_key_exit(struct fold_key *k, __u32 kind, __u32 hook,
					  struct task_struct *task, struct task_state *st, long ret)
{
	fold_key_init(k, kind, hook, task->cred, task);
	fold_key_syscall(k, st);
	k->ret = ret;
	k->caps_granted = st->caps_granted;
	k->caps_denied = st->caps_denied;
}

static __noinline void emit_cred(struct task_struct *task, struct task_state *st, long ret,
				 __u32 hook)
{
	struct fold_key k;
	struct pt_event *e;

	hook = st->lsm_hook ? st->lsm_hook : hook;
	if (fold_events) {
		fold_key_exit(&k, PT_EV_CRED, hook, task, st, ret);
		k.path_len = 0;
		k.args[0] = st->args[0];
		k.args[1] = st->args[1];
		k.args[2] = st->args[2];
		if (fold_try(&k, 0))
			return;
	}
	e = event_start(PT_EV_CRED, hook, task, st);
	if (!e)
		return;
	event_syscall(e, st);
	e->ret = ret;
	e->sys_caps_granted = st->caps_granted;
	e->sys_caps_denied = st->caps_denied;
	e->cred = st->old;
	/* the LSM saw the very credentials the kernel committed; else read them now */
	if (st->lsm_hook)
		e->change.new_cred = st->lsm_new;
	else
		fill_creds(&e->change.new_cred, task->cred);
	e->change.args[0] = st->args[0];
	e->change.args[1] = st->args[1];
	e->change.args[2] = st->args[2];
	if (denied_only && !cred_change_failed(e)) {
		bpf_ringbuf_discard(e, 0);
		return;
	}
	if (fold_events)
		fold_note(&k, addr_of(e), st);
	bpf_ringbuf_submit(e, 0);
}

static __noinline void emit_file(struct task_struct *task, struct task_state *st, long ret,
				 __u32 hook)
{
	struct fold_key k;
	struct pt_event *e;

	if (fold_events) {
		state_read_path(st);
		fold_key_exit(&k, PT_EV_FILE, hook, task, st, ret);
		if (!st->path_ptr)
			k.flags |= PT_F_NO_PATH;
		if (fold_try(&k, addr_of(st->path)))
			return;
	}
	e = event_start(PT_EV_FILE, hook, task, st);
	if (!e)
		return;
	event_syscall(e, st);
	e->ret = ret;
	e->sys_caps_granted = st->caps_granted;
	e->sys_caps_denied = st->caps_denied;
	fill_creds(&e->cred, task->cred);
	if (st->path_ptr)
		event_user_path(e, st);
	else
		e->flags |= PT_F_NO_PATH;
	if (fold_events)
		fold_note(&k, addr_of(e), st);
	bpf_ringbuf_submit(e, 0);
}

#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define FMODE_CREATED 0x100000 /* the open made the file (include/linux/fs.h, since 4.19) */
#define S_IRWXO 07
#define S_IRWXG 070

#define CAP_DAC_OVERRIDE 1
#define CAP_DAC_READ_SEARCH 2
#define CAP_FOWNER 3
/* Capabilities that override file permission bits (DAC). */
#define PT_DAC_CAPS ((1ULL << CAP_DAC_OVERRIDE) | (1ULL << CAP_DAC_READ_SEARCH) | (1ULL << CAP_FOWNER))

static __always_inline bool is_open(__u32 sys)
{
	return sys == PT_SYS_open || sys == PT_SYS_openat || sys == PT_SYS_openat2 ||
	       sys == PT_SYS_creat;
}

static __always_inline struct file *fd_file(struct task_struct *task, long fd)
{
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;

	if (fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* st->owned's record: one emitter for every reason, so the verifier walks it once */
static __noinline void emit_owned(struct task_struct *task, struct task_state *st, __u32 hook)
{
	const struct owned *w = &st->owned;
	const struct cred *cred = task->cred;
	struct fold_key k;
	struct pt_event *e;

	if (fold_events) {
		state_read_path(st);
		fold_key_exit(&k, PT_EV_FILE, hook, task, st, 0);
		k.flags |= w->flags;
		k.cap = w->o.mode; /* the file's: the same path may be another file now */
		k.target_inum = w->o.uid;
		if (!st->path_ptr)
			k.flags |= PT_F_NO_PATH;
		if (fold_try(&k, addr_of(st->path)))
			return;
	}
	e = event_start(PT_EV_FILE, hook, task, st);
	if (!e)
		return;
	event_syscall(e, st);
	e->flags |= w->flags;
	e->sys_caps_granted = st->caps_granted;
	e->sys_caps_denied = st->caps_denied;
	fill_creds(&e->cred, cred);
	event_owners(e, cred, &w->o, &w->d, w->want);
	if (st->path_ptr)
		event_user_path(e, st);
	else
		e->flags |= PT_F_NO_PATH;
	if (fold_events)
		fold_note(&k, addr_of(e), st);
	bpf_ringbuf_submit(e, 0);
}

/*
 * An open that succeeded, worth a look: the opened (or created) file's
 * owner and mode, read from the new descriptor, reported if
 *  - privileged: a DAC capability was granted while the kernel decided it,
 *    so privilege, not the mode bits, let it through (where lsm.s/file_open
 *    is loaded it reports these itself);
 *  - or host uid 0 in a container opened a host-root-owned file whose mode
 *    gives that access to its owner alone: container root is host root, no
 *    capability needed.
 * Every successful open comes here: plain loads decide, the cheapest test
 * first, so the common open costs a mask test and, on the host, one
 * namespace read before it returns.
 */
static __always_inline bool judge_open(struct task_struct *task, struct task_state *st, long fd,
				       struct owned *w)
{
	bool privileged = !file_from_lsm && (st->caps_granted & PT_DAC_CAPS);
	bool host_root_in_ct = host_mntns_inum && task->cred->fsuid.val == 0 &&
			       task->nsproxy->mnt_ns->ns.inum != host_mntns_inum;
	unsigned int fmode;
	struct inode *inode;
	struct file *f;

	if (!privileged && !host_root_in_ct)
		return false;
	f = fd_file(task, fd);
	if (!f)
		return false;
	fmode = BPF_CORE_READ(f, f_mode);
	w->want = 0;
	if (fmode & FMODE_READ)
		w->want |= PT_MAY_READ;
	if (fmode & FMODE_WRITE)
		w->want |= PT_MAY_WRITE;
	inode = BPF_CORE_READ(f, f_inode);
	w->o.mode = BPF_CORE_READ(inode, i_mode);
	w->o.uid = BPF_CORE_READ(inode, i_uid.val);
	w->o.gid = BPF_CORE_READ(inode, i_gid.val);
	w->d.mode = 0;
	w->flags = 0;
	/*
	 * MAY_READ/MAY_WRITE line up with the r and w bits of each triplet.
	 * A file the open made is its maker's: root's own, not a host file.
	 */
	if (host_root_in_ct && w->o.uid == 0 && w->want && !(fmode & FMODE_CREATED) &&
	    !(((w->o.mode & S_IRWXG) >> 3) & w->want) && !((w->o.mode & S_IRWXO) & w->want))
		w->flags |= PT_F_HOST_ROOT_FILE;
	return privileged || w->flags;
}

#define S_IWGO 00022

/*
 * The owner and mode of touched inode t: as the change left them, read
 * again now, where the inode outlives the call (a mode is set after the
 * ctime, a new file's after its ACL is applied); as they were at the
 * change for a removed name's object, which may be gone by now.
 */
static __always_inline void owner_of(const struct pt_touched *t, bool gone, struct owner *o)
{
	const struct inode *inode = (const struct inode *)t->inode;

	o->uid = t->uid;
	o->gid = t->gid;
	o->mode = t->mode;
	if (gone)
		return;
	/* the ino read the same: still that inode, not memory reused */
	if (BPF_CORE_READ(inode, i_ino) != t->ino)
		return;
	o->uid = BPF_CORE_READ(inode, i_uid.val);
	o->gid = BPF_CORE_READ(inode, i_gid.val);
	o->mode = BPF_CORE_READ(inode, i_mode);
}

/*
 * A change host root made from a container (PT_TS_WATCH) to files not of
 * its root file system, reported when it touched host root's: an object
 * host uid 0 owns (its name removed or moved, its mode, owner, size,
 * times or attributes changed: a chown always, the owner being the new
 * one), or a directory host uid 0 owns and no one else may write (a name
 * made or removed in it). The creator owns a new file: only the directory
 * counts for one. An open not reported here is judged by judge_open.
 */
static __always_inline bool judge_change(struct task_state *st, int kind, struct owned *w)
{
	__u32 sys = st->syscall;
	bool has_obj = st->obj.inode, has_dir = st->dir.inode, report;

	/* an open with a directory changed made a file; with none, it truncated one */
	if (kind == CH_OPEN)
		kind = has_dir ? CH_CREATE : CH_ATTR;
	w->d.mode = 0;
	if (has_dir)
		owner_of(&st->dir, false, &w->d);
	if (has_obj)
		owner_of(&st->obj, sys == PT_SYS_unlink || sys == PT_SYS_unlinkat ||
			 sys == PT_SYS_rmdir, &w->o);
	report = has_dir && w->d.uid == 0 && !(w->d.mode & S_IWGO);
	if (kind != CH_CREATE && has_obj)
		report = report || w->o.uid == 0 || sys == PT_SYS_chown || sys == PT_SYS_lchown ||
			 sys == PT_SYS_fchown || sys == PT_SYS_fchownat;
	if (!report)
		return false;
	/* a removed name whose object was not seen: the directory stands for it */
	if (!has_obj) {
		w->o = w->d;
		w->d.mode = 0;
	}
	w->flags = PT_F_HOST_ROOT_CHANGE;
	w->want = PT_MAY_WRITE;
	return true;
}

static __noinline int sys_exit(struct task_struct *task, __u32 ent, long ret, __u32 hook)
{
	__u32 sys = ent & PT_SYSTAB_SYS, fam;
	struct task_state *st = state_get(task, false);

	/*
	 * none: its entry could not have one (counted there), or the storage
	 * is busy on this CPU (6.1 refuses lookups then): counted, as the
	 * call goes unreported
	 */
	if (!st) {
		if (!skip_current(task))
			count(PT_CNT_NO_TASK_STATE);
		return 0;
	}
	/* no entry seen for this call (attached mid-call, or an exec took over) */
	if (st->syscall != sys || sys >= PT_SYS_MAX) {
		st->syscall = PT_SYS_NONE;
		return 0;
	}
	fam = sys_family[sys];
	if (fam == PT_FAM_CRED)
		emit_cred(task, st, ret, hook);
	else if (ret == -EACCES || ret == -EPERM)
		emit_file(task, st, ret, hook);
	else if (ret >= 0 && !denied_only &&
		 /* an open that made or truncated host root's file: the change says it */
		 ((changes_seen && (st->flags & PT_TS_WATCH) && (st->obj.inode || st->dir.inode) &&
		   judge_change(st, change_kind(sys), &st->owned)) ||
		  (is_open(sys) && judge_open(task, st, ret, &st->owned))))
		emit_owned(task, st, hook);
	st->syscall = PT_SYS_NONE;
	st->flags &= ~(PT_TS_WATCH | PT_TS_ATTR);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(raw_sys_enter, struct pt_regs *regs, long id)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 abi, ent = sys_lookup(task, (int)id, &abi);
	__u64 a[4];

	if (!ent)
		return 0;
	/* syscall_get_arguments(): ebx, ecx, edx, esi for 32-bit calls */
	if (abi == PT_ABI_IA32) {
		a[0] = (__u32)regs->bx;
		a[1] = (__u32)regs->cx;
		a[2] = (__u32)regs->dx;
		a[3] = (__u32)regs->si;
	} else {
		a[0] = regs->di;
		a[1] = regs->si;
		a[2] = regs->dx;
		a[3] = regs->r10;
	}
	return sys_enter(task, ent, abi, (int)id, a);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(raw_sys_exit, struct pt_regs *regs, long ret)
{
	struct task_struct *task = bpf_get_current_task_btf();
	/* as the entry saw it: orig_ax's upper half is whatever the caller left there */
	__u32 abi, ent = sys_lookup(task, (int)regs->orig_ax, &abi);

	if (!ent)
		return 0;
	return sys_exit(task, ent, ret, PT_HOOK_RAW_SYS_EXIT);
}

/*
 * The fallback, attached by the loader to syscalls:sys_enter_X of every
 * traced X. A syscall's tracepoint context holds as many arguments as the
 * syscall takes, and the kernel refuses a program that reads past it: one
 * program per count of arguments read, the loader picks the one that fits.
 */
static __always_inline __u32 tp_lookup(long ctx_id, unsigned int *id)
{
	/* the event's __syscall_nr is an int: the upper half of `id` is padding */
	*id = (int)ctx_id;
	return *id < PT_NR_MAX ? systab.sys[PT_ABI_64][*id] : 0;
}

static __always_inline int tp_enter(struct trace_event_raw_sys_enter *ctx, int nargs)
{
	__u64 a[4] = {};
	unsigned int id;
	__u32 ent = tp_lookup(ctx->id, &id);

	if (!ent)
		return 0;
	/* fixed offsets: the verifier takes no loop over the context */
	a[0] = ctx->args[0];
	if (nargs > 1)
		a[1] = ctx->args[1];
	if (nargs > 2)
		a[2] = ctx->args[2];
	if (nargs > 3)
		a[3] = ctx->args[3];
	return sys_enter(bpf_get_current_task_btf(), ent, PT_ABI_64, id, a);
}

#define PT_TP_ENTER(n)                                                         \
	SEC("tracepoint")                                                      \
	int tp_sys_enter##n(struct trace_event_raw_sys_enter *ctx)             \
	{                                                                      \
		return tp_enter(ctx, n);                                       \
	}
PT_TP_ENTER(1)
PT_TP_ENTER(2)
PT_TP_ENTER(3)
PT_TP_ENTER(4)

SEC("tracepoint")
int tp_sys_exit(struct trace_event_raw_sys_exit *ctx)
{
	unsigned int id;
	__u32 ent = tp_lookup(ctx->id, &id);

	if (!ent)
		return 0;
	return sys_exit(bpf_get_current_task_btf(), ent, ctx->ret, PT_HOOK_SYSCALL_TP);
}
