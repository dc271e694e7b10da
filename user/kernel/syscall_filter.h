/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The running tracer's seccomp filter: what a tracer that has attached its
 * programs never does again, refused with EPERM, so that code steered by
 * what it parses (container names, paths, runtime answers) cannot turn the
 * host-root process into something else. A deny list, not an allow list:
 * the syscalls glibc and libbpf make for ordinary work change between
 * versions, and a missed one would kill the sensor; those listed here are
 * the ones that would make it a different program.
 *   - exec, ptrace and other processes' memory and fds, modules, kexec,
 *     reboot, swap, mounts and new mount APIs, chroot/pivot_root, namespaces
 *     (setns, unshare, clone with a CLONE_NEW* flag; clone3, whose flags
 *     cannot be read, gets ENOSYS, so glibc falls back to clone), keyrings,
 *     userfaultfd, io_uring (its requests pass no filter), perf_event_open,
 *     set*id, setgroups, capset, clock and host name settings, port I/O,
 *     mknod, ioctls that push input into a terminal (TIOCSTI, TIOCLINUX);
 *   - bpf() but for the commands a run still makes: map lookups, object
 *     info (the ring buffer's setup) and iterator reads (the fold sweep);
 *   - any other ABI than the native one (32-bit or x32 numbers).
 * Threads made later inherit it.
 */
#ifndef PT_SYSCALL_FILTER_H
#define PT_SYSCALL_FILTER_H

/*
 * Needs no_new_privs set first. 0 once installed, and 0 with a line on
 * stderr where the kernel has no seccomp filters (CONFIG_SECCOMP_FILTER)
 * or privtrace was built for an architecture it does not know; -1 with a
 * line on stderr when the kernel refused the filter.
 */
int syscall_filter_install(void);

#endif
