// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>

#include "kernel/syscall_filter.h"

#if defined(__x86_64__)
#define PT_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define PT_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT 0x40000000
#endif

/* never made again once the programs are attached (syscall_filter.h) */
static const int denied[] = {
	SYS_execve, SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev,
	SYS_perf_event_open, SYS_init_module, SYS_finit_module, SYS_delete_module,
	SYS_kexec_load, SYS_reboot, SYS_swapon, SYS_swapoff,
	SYS_mount, SYS_umount2, SYS_pivot_root, SYS_chroot, SYS_setns, SYS_unshare,
	SYS_keyctl, SYS_add_key, SYS_request_key,
	SYS_setuid, SYS_setgid, SYS_setreuid, SYS_setregid, SYS_setresuid, SYS_setresgid,
	SYS_setfsuid, SYS_setfsgid, SYS_setgroups, SYS_capset,
	SYS_acct, SYS_quotactl, SYS_settimeofday, SYS_clock_settime, SYS_adjtimex,
	SYS_clock_adjtime, SYS_sethostname, SYS_setdomainname, SYS_vhangup, SYS_mknodat,
#ifdef SYS_execveat
	SYS_execveat,
#endif
#ifdef SYS_kexec_file_load
	SYS_kexec_file_load,
#endif
#ifdef SYS_userfaultfd
	SYS_userfaultfd,
#endif
#ifdef SYS_io_uring_setup
	SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register,
#endif
#ifdef SYS_open_tree
	SYS_open_tree, SYS_move_mount, SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_fspick,
#endif
#ifdef SYS_mount_setattr
	SYS_mount_setattr,
#endif
#ifdef SYS_pidfd_getfd
	SYS_pidfd_getfd,
#endif
#ifdef SYS_process_madvise
	SYS_process_madvise,
#endif
#ifdef SYS_quotactl_fd
	SYS_quotactl_fd,
#endif
#ifdef SYS_mknod
	SYS_mknod,
#endif
#ifdef SYS_iopl
	SYS_iopl, SYS_ioperm,
#endif
};

/* what a run still asks of bpf() (loader.c, pipeline/stream.c) */
static const int bpf_cmds[] = { BPF_MAP_LOOKUP_ELEM, BPF_OBJ_GET_INFO_BY_FD, BPF_ITER_CREATE };

#define NS_FLAGS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
		  CLONE_NEWNET | CLONE_NEWCGROUP)

#define ARG_LO(n) (offsetof(struct seccomp_data, args) + (n) * sizeof(__u64))
#define DENY(err) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ((err) & SECCOMP_RET_DATA))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define LOAD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))

#define MAX_INSNS 256

struct prog {
	struct sock_filter insn[MAX_INSNS];
	unsigned int n;
};

static void put(struct prog *p, struct sock_filter f)
{
	if (p->n < MAX_INSNS)
		p->insn[p->n] = f;
	p->n++;
}

#ifdef PT_AUDIT_ARCH
/*
 * A syscall one of whose arguments decides: a match of vals returns allow
 * (match_allows) or EPERM, anything else the other.
 */
static void by_arg(struct prog *p, int nr, unsigned int arg, const int *vals, unsigned int n,
		   bool match_allows)
{
	struct sock_filter allow = ALLOW, deny = DENY(EPERM);
	unsigned int i;

	/* not this syscall: past the load, the n tests and the two returns */
	put(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, n + 3));
	put(p, (struct sock_filter)LOAD(ARG_LO(arg)));
	/* a match jumps over the tests left and the no-match return */
	for (i = 0; i < n; i++)
		put(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, vals[i], n - i, 0));
	put(p, match_allows ? deny : allow);
	put(p, match_allows ? allow : deny);
}

static void build(struct prog *p)
{
	static const int tty_push[] = { TIOCSTI, TIOCLINUX };
	unsigned int i;

	put(p, (struct sock_filter)LOAD(offsetof(struct seccomp_data, arch)));
	put(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PT_AUDIT_ARCH, 1, 0));
	put(p, (struct sock_filter)DENY(EPERM));
	put(p, (struct sock_filter)LOAD(offsetof(struct seccomp_data, nr)));
#ifdef __x86_64__
	put(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, __X32_SYSCALL_BIT, 0, 1));
	put(p, (struct sock_filter)DENY(EPERM));
#endif
	for (i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		put(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, denied[i], 0, 1));
		put(p, (struct sock_filter)DENY(EPERM));
	}
	put(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1));
	put(p, (struct sock_filter)DENY(ENOSYS));
	/* clone: its flags are the first argument on x86-64 and arm64 alike */
	put(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4));
	put(p, (struct sock_filter)LOAD(ARG_LO(0)));
	put(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NS_FLAGS, 0, 1));
	put(p, (struct sock_filter)DENY(EPERM));
	put(p, (struct sock_filter)ALLOW);
	by_arg(p, SYS_bpf, 0, bpf_cmds, sizeof(bpf_cmds) / sizeof(bpf_cmds[0]), true);
	by_arg(p, SYS_ioctl, 1, tty_push, sizeof(tty_push) / sizeof(tty_push[0]), false);
	put(p, (struct sock_filter)ALLOW);
}
#endif

int syscall_filter_install(void)
{
#ifdef PT_AUDIT_ARCH
	static struct prog p;
	struct sock_fprog fprog;

	p.n = 0;
	build(&p);
	if (p.n > MAX_INSNS) {
		fprintf(stderr, "privtrace: the syscall filter outgrew its %d instructions\n",
			MAX_INSNS);
		return -1;
	}
	fprog = (struct sock_fprog){ .len = (unsigned short)p.n, .filter = p.insn };
	if (!prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0))
		return 0;
	if (errno == EINVAL) {
		fprintf(stderr, "privtrace: this kernel has no seccomp filters "
				"(CONFIG_SECCOMP_FILTER): its syscalls are not limited\n");
		return 0;
	}
	fprintf(stderr, "privtrace: the kernel refused the syscall filter: %s\n", strerror(errno));
	return -1;
#else
	fprintf(stderr, "privtrace: no syscall filter for this architecture: its syscalls are "
			"not limited\n");
	return 0;
#endif
}
