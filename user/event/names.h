/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Numbers in events, as the names people search for. */
#ifndef PT_NAMES_H
#define PT_NAMES_H

#include "privtrace.h"

/* "CAP_DAC_OVERRIDE"; NULL for a number this build does not know. */
const char *cap_name(int cap);
/* "openat"; NULL for PT_SYS_NONE or out of range. */
const char *syscall_name(__u32 sys);
/* PT_FAM_*, 0 if unknown. */
int syscall_family(__u32 sys);
/* "x86_64", "ia32" or "x32", from an event's PT_F_ABI_* flags. */
const char *syscall_abi_name(unsigned int flags);
/* "EACCES" for 13; NULL if unknown. */
const char *errno_name(int err);
/* privtrace.hook: "lsm/task_fix_setuid"...; NULL for an unknown one. */
const char *hook_name(__u32 hook);
/*
 * A change record's ECS event.type: "deletion" for a removed name,
 * "creation" for a new one (a directory changed with it), "change" for the
 * rest (a rename, a mode, an owner, a size). NULL: not a change record (one
 * is a file record flagged PT_F_HOST_ROOT_CHANGE, done (ret 0), with its
 * owner record, as the kernel makes them).
 */
const char *file_change_type(const struct pt_event *e);
/*
 * event.action: capability, setuid, setgid, setgroups, capset, exec, file.
 * A credential change is named by its syscall (setreuid -> setuid), or by
 * the LSM hook when no syscall was recorded. Never NULL.
 */
const char *event_action(const struct pt_event *e);
/*
 * event.outcome (docs/schema.md): 1 success, 0 failure. setfsuid/setfsgid
 * never fail by their return value: success is the fs id becoming the one
 * asked for. A file record succeeds only when privilege allowed an open
 * (lsm.s/file_open, ret 0).
 */
int event_success(const struct pt_event *e);
/* How many of pt_cred_change.args a credential syscall takes (capset: 0). */
int cred_nargs(__u32 sys);

#endif
