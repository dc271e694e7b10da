// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stddef.h>

#include "event/names.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* include/uapi/linux/capability.h, 0..CAP_LAST_CAP (40 in 6.18) */
static const char *const caps[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
	"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
	"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
	"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

static const char *const syscalls[] = {
	[PT_SYS_NONE] = NULL,
#define PT_X_NAME(name, fam, parg) [PT_SYS_##name] = #name,
	PT_SYSCALLS(PT_X_NAME)
#undef PT_X_NAME
};

static const int families[] = {
#define PT_X_FAM(name, fam, parg) [PT_SYS_##name] = fam,
	PT_SYSCALLS(PT_X_FAM)
#undef PT_X_FAM
};

static const char *const errnos[] = {
	[1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO",
	[6] = "ENXIO", [7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF", [10] = "ECHILD",
	[11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT",
	[15] = "ENOTBLK", [16] = "EBUSY", [17] = "EEXIST", [18] = "EXDEV",
	[19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR", [22] = "EINVAL",
	[23] = "ENFILE", [24] = "EMFILE", [25] = "ENOTTY", [26] = "ETXTBSY",
	[27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS",
	[31] = "EMLINK", [32] = "EPIPE", [33] = "EDOM", [34] = "ERANGE",
	[35] = "EDEADLK", [36] = "ENAMETOOLONG", [37] = "ENOLCK", [38] = "ENOSYS",
	[39] = "ENOTEMPTY", [40] = "ELOOP", [61] = "ENODATA", [75] = "EOVERFLOW",
	[84] = "EILSEQ", [95] = "EOPNOTSUPP", [116] = "ESTALE", [122] = "EDQUOT",
};

static const char *const hooks[PT_HOOK_MAX] = {
	[PT_HOOK_SYSCALL_TP] = "tracepoint/syscalls",
	[PT_HOOK_TP_CAP_CAPABLE] = "tp_btf/cap_capable",
	[PT_HOOK_FEXIT_SECURITY_CAPABLE] = "fexit/security_capable",
	[PT_HOOK_TP_SCHED_PROCESS_EXEC] = "tp_btf/sched_process_exec",
	[PT_HOOK_LSM_BPRM_COMMITTING_CREDS] = "lsm/bprm_committing_creds",
	[PT_HOOK_LSM_TASK_FIX_SETUID] = "lsm/task_fix_setuid",
	[PT_HOOK_LSM_TASK_FIX_SETGID] = "lsm/task_fix_setgid",
	[PT_HOOK_LSM_TASK_FIX_SETGROUPS] = "lsm/task_fix_setgroups",
	[PT_HOOK_LSM_CAPSET] = "lsm/capset",
	[PT_HOOK_LSM_FILE_OPEN] = "lsm.s/file_open",
	[PT_HOOK_KPROBE_CAP_CAPABLE] = "kprobe/cap_capable",
	[PT_HOOK_RAW_SYS_EXIT] = "tp_btf/sys_exit",
};

const char *hook_name(__u32 hook)
{
	return hook < PT_HOOK_MAX ? hooks[hook] : NULL;
}

const char *cap_name(int cap)
{
	return cap >= 0 && (size_t)cap < ARRAY_SIZE(caps) ? caps[cap] : NULL;
}

const char *syscall_name(__u32 sys)
{
	return sys < ARRAY_SIZE(syscalls) ? syscalls[sys] : NULL;
}

int syscall_family(__u32 sys)
{
	return sys < ARRAY_SIZE(families) ? families[sys] : 0;
}

const char *errno_name(int err)
{
	return err > 0 && (size_t)err < ARRAY_SIZE(errnos) ? errnos[err] : NULL;
}

const char *file_change_type(const struct pt_event *e)
{
	if (e->kind != PT_EV_FILE || e->ret != 0 ||
	    (e->flags & (PT_F_HOST_ROOT_CHANGE | PT_F_OWNER)) != (PT_F_HOST_ROOT_CHANGE | PT_F_OWNER))
		return NULL;
	switch (e->syscall) {
	case PT_SYS_unlink:
	case PT_SYS_unlinkat:
	case PT_SYS_rmdir:
		return "deletion";
	case PT_SYS_mkdir:
	case PT_SYS_mkdirat:
	case PT_SYS_mknod:
	case PT_SYS_mknodat:
	case PT_SYS_symlink:
	case PT_SYS_symlinkat:
	case PT_SYS_link:
	case PT_SYS_linkat:
		return "creation";
	case PT_SYS_open:
	case PT_SYS_openat:
	case PT_SYS_openat2:
	case PT_SYS_creat:
		return e->flags & PT_F_DIR_OWNER ? "creation" : "change";
	}
	return "change";
}

const char *event_action(const struct pt_event *e)
{
	switch (e->kind) {
	case PT_EV_CAP:
		return "capability";
	case PT_EV_EXEC:
		return "exec";
	case PT_EV_FILE:
		return "file";
	}
	/* PT_EV_CRED (decode_event lets no other kind through) */
	switch (e->syscall) {
	case PT_SYS_setgid:
	case PT_SYS_setregid:
	case PT_SYS_setresgid:
	case PT_SYS_setfsgid:
		return "setgid";
	case PT_SYS_setgroups:
		return "setgroups";
	case PT_SYS_capset:
		return "capset";
	case PT_SYS_NONE:
		break;
	default:
		return "setuid";
	}
	/* no syscall recorded: the LSM hook that saw it still says which change */
	switch (e->hook) {
	case PT_HOOK_LSM_TASK_FIX_SETGID:
		return "setgid";
	case PT_HOOK_LSM_TASK_FIX_SETGROUPS:
		return "setgroups";
	case PT_HOOK_LSM_CAPSET:
		return "capset";
	default:
		return "setuid";
	}
}

int event_success(const struct pt_event *e)
{
	switch (e->kind) {
	case PT_EV_CAP:
		return e->ret == 0;
	case PT_EV_EXEC:
		return 1;
	case PT_EV_FILE:
		return e->ret == 0; /* a denial, or (lsm.s/file_open) an open privilege allowed */
	}
	/*
	 * setfsuid/setfsgid return the old id, never an error: compare instead.
	 * (__u32)-1 is never a valid id (the kernel leaves the fs id alone), and
	 * must not match a new fs id that is itself unmapped (PT_ID_UNMAPPED).
	 */
	if (e->syscall == PT_SYS_setfsuid)
		return (__u32)e->change.args[0] != PT_ID_UNMAPPED &&
		       e->change.new_cred.ns.fsuid == (__u32)e->change.args[0];
	if (e->syscall == PT_SYS_setfsgid)
		return (__u32)e->change.args[0] != PT_ID_UNMAPPED &&
		       e->change.new_cred.ns.fsgid == (__u32)e->change.args[0];
	return e->ret >= 0;
}

int cred_nargs(__u32 sys)
{
	switch (sys) {
	case PT_SYS_setreuid:
	case PT_SYS_setregid:
		return 2;
	case PT_SYS_setresuid:
	case PT_SYS_setresgid:
		return 3;
	case PT_SYS_setuid:
	case PT_SYS_setgid:
	case PT_SYS_setfsuid:
	case PT_SYS_setfsgid:
	case PT_SYS_setgroups: /* the count; the list itself is not recorded */
		return 1;
	default:
		return 0;
	}
}

const char *syscall_abi_name(unsigned int flags)
{
	if (flags & PT_F_ABI_IA32)
		return "ia32";
	if (flags & PT_F_ABI_X32)
		return "x32";
	return "x86_64";
}
