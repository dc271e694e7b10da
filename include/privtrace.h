/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * privtrace event ABI: the one contract between the BPF programs (bpf/) and
 * the loader (user/). Fixed-width types only, no pointers, no bool, so the
 * layout is the same for clang -target bpf and for the host compiler.
 *
 * Data model
 *   Every record in the ring buffer is one struct pt_event. Its header says
 *   what kind of privileged access it was (capability check, credential
 *   change, privilege-raising exec, file permission), which program saw it
 *   (the hook: the same kind can come from several), and who did it:
 *   the task (pids as the host and as its pid namespace see them, the
 *   namespaces it lives in, its cgroup) and its credentials, each id given
 *   twice: as the host (init user namespace) sees it and as the task's own
 *   user namespace sees it. An id that has no mapping in the task's user
 *   namespace is PT_ID_UNMAPPED, never a plausible-looking number.
 */
#ifndef PRIVTRACE_H
#define PRIVTRACE_H

#ifdef __BPF__
/* vmlinux.h already provides __u32 and friends */
#else
#include <linux/types.h>
#endif

#define PT_COMM_LEN 16
#define PT_PATH_LEN 256

/* An id with no mapping in the viewing user namespace (the kernel's INVALID_UID). */
#define PT_ID_UNMAPPED 0xffffffffu

/* Extents per uid_map/gid_map: 5 inline, up to 340 in total (UID_GID_MAP_MAX_EXTENTS). */
#define PT_MAP_INLINE_EXTENTS 5
#define PT_MAP_MAX_EXTENTS 340

enum pt_kind {
	PT_EV_CAP = 1,  /* a capability check and its verdict */
	PT_EV_CRED = 2, /* set*id / setgroups / capset, old and new credentials */
	PT_EV_EXEC = 3, /* an exec that raised privileges (setuid/setgid bit, file caps) */
	PT_EV_FILE = 4, /* a file syscall that failed with EACCES or EPERM (ret < 0), or
			 * an open that succeeded (ret 0, struct pt_file, PT_F_OWNER):
			 * one the mode bits alone would deny that privilege allowed
			 * (lsm.s/file_open, or a DAC capability granted inside the
			 * open syscall), or one flagged PT_F_HOST_ROOT_FILE; or a
			 * change that succeeded, flagged PT_F_HOST_ROOT_CHANGE (ret 0) */
	PT_EV_CGROUP = 5, /* not an event: a struct pt_cgroup_note */
};

/* pt_event.flags */
enum pt_event_flags {
	PT_F_PATH_TRUNC = 1u << 0,  /* path longer than PT_PATH_LEN - 1 bytes */
	PT_F_IN_SYSCALL = 1u << 1,  /* syscall/path say which traced syscall was running */
	PT_F_SECUREEXEC = 1u << 2,  /* exec: the kernel set AT_SECURE for the new image */
	PT_F_PATH_FAULT = 1u << 3,  /* the path argument could not be read */
	PT_F_NO_PATH = 1u << 4,     /* syscall takes an fd, not a path */
	PT_F_CAP_NOAUDIT = 1u << 6, /* capability (fexit only): asked with CAP_OPT_NOAUDIT */
	/*
	 * capability, denied: the target user namespace is neither the
	 * checked credentials' namespace nor one of its descendants, so no
	 * capability held there could count (e.g. container root in a
	 * remapped namespace acting on a host resource)
	 */
	PT_F_CAP_TARGET_OUTSIDE = 1u << 7,
	PT_F_OWNER = 1u << 8,       /* file: struct pt_file (owner, mode, access) is filled */
	/*
	 * file, open succeeded: host uid 0, outside the host's mount namespace
	 * (a container), opened a file owned by host uid 0 whose mode gives
	 * the access asked for to its owner alone, i.e. container root is host
	 * root reading a host root-only file
	 */
	PT_F_HOST_ROOT_FILE = 1u << 9,
	/*
	 * The syscall (pt_event.syscall, sys_nr) was made through the 32-bit
	 * ABI (int $0x80, sysenter, a 32-bit binary) or the x32 ABI; sys_nr is
	 * that ABI's number. Neither flag: the native 64-bit ABI.
	 */
	PT_F_ABI_IA32 = 1u << 10,
	PT_F_ABI_X32 = 1u << 11,
	/*
	 * capability: the kernel checked credentials other than the task's
	 * own (override_creds(): overlayfs checking its mounter's on the
	 * task's behalf, a kernel worker with a task's personality). cred is
	 * then the task's own (its real_cred), cap.checked those checked.
	 * access()/faccessat() override too, with the caller's real ids: those
	 * are its own and are not flagged.
	 */
	PT_F_CRED_OVERRIDE = 1u << 12,
	/*
	 * file, syscall succeeded: host uid 0, outside the host's mount
	 * namespace and under a root other than the host's (a container, not
	 * a runtime setting one up), with its own credentials, changed a file
	 * on a file system other than its root's or the kernel's own (a bind
	 * mount, a volume: the host's files, not its image's) that host uid 0
	 * owns, or made one in
	 * a directory host uid 0 owns that no one else may write: unlink,
	 * rename, rmdir, chmod, chown, truncate, link, a create. No capability
	 * was needed: container root is host root. struct pt_file holds the
	 * object's owner (PT_F_OWNER) and the directory's (PT_F_DIR_OWNER) as
	 * the change left them (a chown's object: the new owner). Which inode
	 * is which is told from what the kernel set the ctime of: for a
	 * directory moved into another directory, three directories, the
	 * object is a guess.
	 */
	PT_F_HOST_ROOT_CHANGE = 1u << 13,
	PT_F_DIR_OWNER = 1u << 14,  /* file: pt_file.dir_* (the directory changed) are filled */
	/*
	 * capability, outside any traced syscall: checked inside bpf() or
	 * perf_event_open(), the calls a BPF loader or tracer makes to load
	 * and attach its programs (privtrace's own kind: another privtrace,
	 * bpftrace, a CNI or a security agent). Its CAP_BPF, CAP_PERFMON and
	 * CAP_SYS_ADMIN checks are labelled, never hidden: the kernel says
	 * which call it is in, the task cannot claim it.
	 */
	PT_F_IN_BPF = 1u << 15,
	PT_F_IN_PERF_EVENT_OPEN = 1u << 16,
};

/*
 * Traced syscalls, one X(name, family, path_arg) per syscall. These are the
 * syscalls' meanings, not their numbers: the 32-bit ABI's setuid32 and its
 * 16-bit setuid are both PT_SYS_setuid, truncate64 is PT_SYS_truncate. The
 * loader maps each ABI's numbers onto them (struct pt_systab).
 *   family   PT_FAM_FILE  a file syscall; EACCES/EPERM returns are reported
 *            PT_FAM_CRED  a credential change; every call is reported
 *            PT_FAM_EXEC  exec: file denial and privilege-raising exec
 *   path_arg index of the user path argument, -1 for an fd-only syscall.
 * For two-path syscalls the path that names the object being acted on is
 * taken: the source for rename, the new name for link and symlink.
 * A syscall this kernel lacks (fchmodat2 before 6.6, setxattrat and
 * removexattrat before 6.13, file_setattr before 6.17) is never made.
 */
#define PT_FAM_FILE 1
#define PT_FAM_CRED 2
#define PT_FAM_EXEC 3

#define PT_SYSCALLS(X)                                                         \
	X(open, PT_FAM_FILE, 0)                                                \
	X(openat, PT_FAM_FILE, 1)                                              \
	X(openat2, PT_FAM_FILE, 1)                                             \
	X(creat, PT_FAM_FILE, 0)                                               \
	X(execve, PT_FAM_EXEC, 0)                                              \
	X(execveat, PT_FAM_EXEC, 1)                                            \
	X(unlink, PT_FAM_FILE, 0)                                              \
	X(unlinkat, PT_FAM_FILE, 1)                                            \
	X(rename, PT_FAM_FILE, 0)                                              \
	X(renameat, PT_FAM_FILE, 1)                                            \
	X(renameat2, PT_FAM_FILE, 1)                                           \
	X(mkdir, PT_FAM_FILE, 0)                                               \
	X(mkdirat, PT_FAM_FILE, 1)                                             \
	X(rmdir, PT_FAM_FILE, 0)                                               \
	X(chmod, PT_FAM_FILE, 0)                                               \
	X(fchmod, PT_FAM_FILE, -1)                                             \
	X(fchmodat, PT_FAM_FILE, 1)                                            \
	X(fchmodat2, PT_FAM_FILE, 1)                                           \
	X(chown, PT_FAM_FILE, 0)                                               \
	X(lchown, PT_FAM_FILE, 0)                                              \
	X(fchown, PT_FAM_FILE, -1)                                             \
	X(fchownat, PT_FAM_FILE, 1)                                            \
	X(truncate, PT_FAM_FILE, 0)                                            \
	X(access, PT_FAM_FILE, 0)                                              \
	X(faccessat, PT_FAM_FILE, 1)                                           \
	X(faccessat2, PT_FAM_FILE, 1)                                          \
	X(link, PT_FAM_FILE, 1)                                                \
	X(linkat, PT_FAM_FILE, 3)                                              \
	X(symlink, PT_FAM_FILE, 1)                                             \
	X(symlinkat, PT_FAM_FILE, 2)                                           \
	X(mknod, PT_FAM_FILE, 0)                                               \
	X(mknodat, PT_FAM_FILE, 1)                                             \
	X(utime, PT_FAM_FILE, 0)                                               \
	X(utimes, PT_FAM_FILE, 0)                                              \
	X(utimensat, PT_FAM_FILE, 1)                                           \
	X(futimesat, PT_FAM_FILE, 1)                                           \
	X(setxattr, PT_FAM_FILE, 0)                                            \
	X(lsetxattr, PT_FAM_FILE, 0)                                           \
	X(fsetxattr, PT_FAM_FILE, -1)                                          \
	X(removexattr, PT_FAM_FILE, 0)                                         \
	X(lremovexattr, PT_FAM_FILE, 0)                                        \
	X(fremovexattr, PT_FAM_FILE, -1)                                       \
	X(setxattrat, PT_FAM_FILE, 1)                                          \
	X(removexattrat, PT_FAM_FILE, 1)                                       \
	X(file_setattr, PT_FAM_FILE, 1)                                        \
	X(setuid, PT_FAM_CRED, -1)                                             \
	X(setreuid, PT_FAM_CRED, -1)                                           \
	X(setresuid, PT_FAM_CRED, -1)                                          \
	X(setfsuid, PT_FAM_CRED, -1)                                           \
	X(setgid, PT_FAM_CRED, -1)                                             \
	X(setregid, PT_FAM_CRED, -1)                                           \
	X(setresgid, PT_FAM_CRED, -1)                                          \
	X(setfsgid, PT_FAM_CRED, -1)                                           \
	X(setgroups, PT_FAM_CRED, -1)                                          \
	X(capset, PT_FAM_CRED, -1)

enum pt_syscall {
	PT_SYS_NONE = 0,
#define PT_X_ENUM(name, fam, parg) PT_SYS_##name,
	PT_SYSCALLS(PT_X_ENUM)
#undef PT_X_ENUM
	PT_SYS_MAX,
};

/*
 * Syscall numbers to enum pt_syscall, one table per ABI, filled by the
 * loader from the kernel's uapi headers and indexed by number in the raw
 * sys_enter/sys_exit programs: an untraced syscall costs one load. An entry
 * is a pt_syscall, 0 for an untraced number, with PT_SYSTAB_UID16 set for
 * the 32-bit ABI's old 16-bit-id calls (setuid, chown, ...: (u16)-1 is -1).
 */
enum pt_abi { PT_ABI_64 = 0, PT_ABI_IA32, PT_ABI_X32, PT_ABI_MAX };
#define PT_NR_MAX 1024          /* numbers per ABI (x32 without __X32_SYSCALL_BIT) */
#define PT_SYSTAB_UID16 0x80u
#define PT_SYSTAB_SYS 0x7fu

struct pt_systab {
	__u8 sys[PT_ABI_MAX][PT_NR_MAX];
	/* bpf and perf_event_open's numbers per ABI (PT_F_IN_BPF, x32 without its bit) */
	__u32 loader_nr[PT_ABI_MAX][2];
};

/* Each id as one user namespace sees it. */
struct pt_ids {
	__u32 uid, euid, suid, fsuid;
	__u32 gid, egid, sgid, fsgid;
};

struct pt_creds {
	struct pt_ids host; /* as the init user namespace (the host) sees them */
	struct pt_ids ns;   /* as the task's user namespace sees them */
	__u64 cap_effective;
	__u64 cap_permitted;
	__u64 cap_inheritable;
	__u32 ngroups;      /* supplementary groups */
	__u32 _pad;
};

/* One line of a uid_map/gid_map, as the kernel stores it (struct uid_gid_extent). */
struct pt_extent {
	__u32 first;       /* first id inside the namespace */
	__u32 lower_first; /* first host id it maps to (host ids at any nesting depth) */
	__u32 count;
};

/*
 * A user namespace's uid_map or gid_map as the kernel had it when the event
 * happened: the first PT_MAP_INLINE_EXTENTS lines (sorted by first when there
 * are more) and how many there are. nr_extents 0: the init namespace, whose
 * map is the identity. Carried in the event so the picture does not depend on
 * the task still being there to be asked through /proc.
 */
struct pt_idmap {
	__u32 nr_extents;
	struct pt_extent extent[PT_MAP_INLINE_EXTENTS];
};

struct pt_task {
	__u64 ts_ns;        /* bpf_ktime_get_boot_ns(): CLOCK_BOOTTIME */
	__u32 pid, tid;     /* as the host sees them */
	__u32 ns_pid, ns_tid; /* as the task's pid namespace sees them */
	__u32 ppid;         /* real parent's tgid, host view */
	__u32 userns_inum;  /* the task's user namespace */
	__u32 userns_level; /* 0 = init user namespace */
	__u32 userns_owner; /* host uid of the namespace's creator */
	__u32 mntns_inum, pidns_inum, cgroupns_inum;
	__u32 _pad;
	__u64 cgroup_id;    /* cgroup v2 id (inode of the cgroup directory) */
	char comm[PT_COMM_LEN];
	struct pt_idmap uid_map, gid_map; /* of the task's user namespace */
};

struct pt_cap {
	__s32 cap;                 /* CAP_* number */
	__u32 target_userns_inum;  /* namespace owning the resource */
	__u32 target_userns_level;
	__u32 capable_userns_inum; /* where the cap was found; 0 if denied */
	struct pt_creds checked;   /* with PT_F_CRED_OVERRIDE: the credentials checked */
};

struct pt_cred_change {
	struct pt_creds new_cred;  /* after the syscall or exec */
	__s64 args[3];             /* the id arguments: the low 32 bits the kernel uses, zero-extended */
};

/* Which program saw it: the same event can come from several (see --probe). */
enum pt_hook {
	PT_HOOK_SYSCALL_TP = 1,          /* tracepoint/syscalls:sys_{enter,exit}_* (fallback) */
	PT_HOOK_TP_CAP_CAPABLE,          /* tp_btf/cap_capable */
	PT_HOOK_FEXIT_SECURITY_CAPABLE,  /* fexit/security_capable */
	PT_HOOK_TP_SCHED_PROCESS_EXEC,   /* tp_btf/sched_process_exec */
	PT_HOOK_LSM_BPRM_COMMITTING_CREDS, /* lsm/bprm_committing_creds */
	PT_HOOK_LSM_TASK_FIX_SETUID,     /* lsm/task_fix_setuid */
	PT_HOOK_LSM_TASK_FIX_SETGID,     /* lsm/task_fix_setgid */
	PT_HOOK_LSM_TASK_FIX_SETGROUPS,  /* lsm/task_fix_setgroups */
	PT_HOOK_LSM_CAPSET,              /* lsm/capset */
	PT_HOOK_LSM_FILE_OPEN,           /* lsm.s/file_open */
	PT_HOOK_KPROBE_CAP_CAPABLE,      /* kprobe + kretprobe on cap_capable */
	PT_HOOK_RAW_SYS_EXIT,            /* tp_btf/sys_exit (with tp_btf/sys_enter) */
	PT_HOOK_MAX,
};

/* MAY_* bits of the access an open asked for */
#define PT_MAY_EXEC 1
#define PT_MAY_WRITE 2
#define PT_MAY_READ 4

struct pt_file {
	__u32 owner_uid, owner_gid;       /* the inode's owner as the host sees it */
	__u32 owner_ns_uid, owner_ns_gid; /* ... and as the task's user namespace does */
	__u32 mode;                       /* i_mode: file type and permission bits */
	__u32 access;                     /* PT_MAY_* requested */
	/* with PT_F_DIR_OWNER: the directory a name was made or removed in */
	__u32 dir_uid, dir_gid;           /* as the host sees them */
	__u32 dir_ns_uid, dir_ns_gid;     /* ... and the task's user namespace */
	__u32 dir_mode, _pad;
};

struct pt_event {
	__u32 kind;     /* enum pt_kind */
	__u32 flags;    /* enum pt_event_flags */
	__u32 syscall;  /* enum pt_syscall: the syscall reported or in progress */
	__s32 ret;      /* CAP: 0 granted, <0 denied; CRED/FILE: syscall return (0 for an allowed open) */
	__u32 sys_nr;   /* that syscall's number in its ABI (PT_F_ABI_*); with syscall only */
	/*
	 * 0: one event. N: a repeat record: N more events identical to one
	 * reported before (same task, credentials, kind, capability or
	 * syscall, verdict and path) happened from repeat_first_ns to
	 * task.ts_ns, folded in the kernel (bpf/fold.bpf.h)
	 */
	__u32 repeat;
	/*
	 * CRED/FILE from a syscall exit: bit N set when a check of capability
	 * N inside this syscall was granted / denied. What the kernel asked
	 * while deciding is what explains the verdict (user/event/explain.h).
	 */
	__u64 sys_caps_granted;
	__u64 sys_caps_denied;
	__u64 repeat_first_ns; /* with repeat: the first folded event's time (CLOCK_BOOTTIME) */
	struct pt_task task;
	struct pt_creds cred; /* the subject; for CRED/EXEC the creds before */
	union {
		struct pt_cap cap;
		struct pt_cred_change change;
		struct pt_file file;
	};
	__u32 path_len; /* bytes in path including the NUL, 0 if none */
	__u32 hook;     /* enum pt_hook */
	char path[PT_PATH_LEN];
};

/*
 * Not an event, and never an output of its own: a cgroup v2 directory was
 * made, renamed or removed (the cgroup:cgroup_mkdir/rename/rmdir
 * tracepoints, bpf/cgroups.bpf.c), with the id events carry as
 * task.cgroup_id and the path as /proc/PID/cgroup shows it. It comes
 * through the same ring buffer as the events, whose order is that of the
 * reservations: a cgroup's note is read before any event of a task in it
 * (tasks enter a cgroup that exists) and its removal after every event of
 * its tasks (a cgroup with tasks cannot be removed). So a container gone
 * before its events are read is still named: the path is known from the
 * kernel, not looked up when it no longer exists.
 */
enum pt_cgroup_op { PT_CG_MKDIR = 1, PT_CG_RENAME, PT_CG_RMDIR };

struct pt_cgroup_note {
	__u32 kind;     /* PT_EV_CGROUP: where struct pt_event has its kind */
	__u32 op;       /* enum pt_cgroup_op */
	__u64 id;       /* the cgroup v2 id (kernfs node id, the directory's inode) */
	__u64 ts_ns;    /* CLOCK_BOOTTIME */
	__u32 path_len; /* bytes in path including the NUL; PT_PATH_LEN and a
			 * full path: it was longer, and is cut */
	__u32 _pad;
	char path[PT_PATH_LEN];
};

/*
 * Kernel functions whose capability checks are hidden by default (see
 * bpf/noise.bpf.h); the loader resolves their addresses in this order. The
 * first PT_NOISE_VM_FUNCS are the overcommit accounting's.
 */
#define PT_NOISE_FUNC_NAMES                                                    \
	{ "security_vm_enough_memory_mm", "cap_vm_enough_memory", "do_task_stat" }
#define PT_NOISE_FUNCS 3
#define PT_NOISE_VM_FUNCS 2

/*
 * Calibration of the noise filter (bpf/noise.bpf.h): the stack words just
 * above the tp_btf/cap_capable program's context, copied for two checks the
 * loader makes itself, one from the overcommit accounting and one from
 * security_capable(). The slot holding cap_capable()'s return address is
 * the same for every check on a given kernel build.
 */
#define PT_CALIB_WORDS 64
enum pt_calib_phase { PT_CALIB_OFF = 0, PT_CALIB_VM, PT_CALIB_CAPABLE, PT_CALIB_PHASES };

/* Index of the per-CPU counters in the `counters` map. */
enum pt_counter {
	PT_CNT_LOST = 0,      /* ring buffer full: event dropped */
	/*
	 * no per-task storage could be had at a traced syscall's entry (out
	 * of memory, or the storage busy on this CPU): that call's failure,
	 * or its capability checks' syscall and path, went unreported
	 */
	PT_CNT_NO_TASK_STATE,
	PT_CNT_FOLDED,        /* events folded into repeat records (pt_event.repeat) */
	PT_CNT_NOTE_LOST,     /* ring buffer full: a struct pt_cgroup_note dropped */
	PT_CNT_MAX,
};

#endif /* PRIVTRACE_H */
