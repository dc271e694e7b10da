// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The 32-bit ABI (int $0x80, sysenter, 32-bit binaries): other numbers, and
 * two generations of id calls: the old ones take 16-bit ids (setuid, chown,
 * ...; (u16)-1 means -1), their successors 32-bit ones (setuid32,
 * chown32, ...). truncate64 and utimensat_time64 are truncate and utimensat
 * with wider arguments. All are reported under the syscall they implement.
 */
#include <asm/unistd_32.h>

#include "kernel/systab.h"

/* newer than some uapi headers (see systab_64.c) */
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif
#ifndef __NR_setxattrat
#define __NR_setxattrat 463
#endif
#ifndef __NR_removexattrat
#define __NR_removexattrat 466
#endif
#ifndef __NR_file_setattr
#define __NR_file_setattr 469
#endif

#define E(nr, sys) { __NR_##nr, PT_SYS_##sys }
#define E16(nr, sys) { __NR_##nr, PT_SYS_##sys | PT_SYSTAB_UID16 }

const struct systab_entry systab_ia32[] = {
	E(open, open), E(openat, openat), E(openat2, openat2), E(creat, creat),
	E(execve, execve), E(execveat, execveat),
	E(unlink, unlink), E(unlinkat, unlinkat),
	E(rename, rename), E(renameat, renameat), E(renameat2, renameat2),
	E(mkdir, mkdir), E(mkdirat, mkdirat), E(rmdir, rmdir),
	E(chmod, chmod), E(fchmod, fchmod), E(fchmodat, fchmodat), E(fchmodat2, fchmodat2),
	E16(chown, chown), E(chown32, chown),
	E16(lchown, lchown), E(lchown32, lchown),
	E16(fchown, fchown), E(fchown32, fchown),
	E(fchownat, fchownat),
	E(truncate, truncate), E(truncate64, truncate),
	E(access, access), E(faccessat, faccessat), E(faccessat2, faccessat2),
	E(link, link), E(linkat, linkat), E(symlink, symlink), E(symlinkat, symlinkat),
	E(mknod, mknod), E(mknodat, mknodat),
	E(utime, utime), E(utimes, utimes), E(utimensat, utimensat),
	E(utimensat_time64, utimensat), E(futimesat, futimesat),
	E(setxattr, setxattr), E(lsetxattr, lsetxattr), E(fsetxattr, fsetxattr),
	E(removexattr, removexattr), E(lremovexattr, lremovexattr),
	E(fremovexattr, fremovexattr), E(setxattrat, setxattrat), E(removexattrat, removexattrat),
	E(file_setattr, file_setattr),
	E16(setuid, setuid), E(setuid32, setuid),
	E16(setreuid, setreuid), E(setreuid32, setreuid),
	E16(setresuid, setresuid), E(setresuid32, setresuid),
	E16(setfsuid, setfsuid), E(setfsuid32, setfsuid),
	E16(setgid, setgid), E(setgid32, setgid),
	E16(setregid, setregid), E(setregid32, setregid),
	E16(setresgid, setresgid), E(setresgid32, setresgid),
	E16(setfsgid, setfsgid), E(setfsgid32, setfsgid),
	E16(setgroups, setgroups), E(setgroups32, setgroups),
	E(capset, capset),
};
const size_t systab_ia32_len = sizeof(systab_ia32) / sizeof(systab_ia32[0]);
PT_SYSTAB_LOADER(systab_ia32);
