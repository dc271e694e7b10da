// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Names and outcomes (user/event/names.c): what the JSON's enumerated fields say. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "event/names.h"

static void test_cap_name(void **state)
{
	int i;

	(void)state;
	assert_string_equal(cap_name(0), "CAP_CHOWN");
	assert_string_equal(cap_name(1), "CAP_DAC_OVERRIDE");
	assert_string_equal(cap_name(7), "CAP_SETUID");
	assert_string_equal(cap_name(21), "CAP_SYS_ADMIN");
	assert_string_equal(cap_name(37), "CAP_AUDIT_READ");
	assert_string_equal(cap_name(38), "CAP_PERFMON");
	assert_string_equal(cap_name(39), "CAP_BPF");
	assert_string_equal(cap_name(40), "CAP_CHECKPOINT_RESTORE");
	assert_null(cap_name(41));
	assert_null(cap_name(-1));
	assert_null(cap_name(1 << 30));
	/* no hole in the table */
	for (i = 0; i <= 40; i++)
		assert_int_equal(strncmp(cap_name(i), "CAP_", 4), 0);
}

static void test_syscalls(void **state)
{
	__u32 s;

	(void)state;
	assert_null(syscall_name(PT_SYS_NONE));
	assert_null(syscall_name(PT_SYS_MAX));
	assert_null(syscall_name(0xffffffffu));
	assert_string_equal(syscall_name(PT_SYS_open), "open");
	assert_string_equal(syscall_name(PT_SYS_openat), "openat");
	assert_string_equal(syscall_name(PT_SYS_fchmodat2), "fchmodat2");
	assert_string_equal(syscall_name(PT_SYS_setresuid), "setresuid");
	assert_string_equal(syscall_name(PT_SYS_capset), "capset");
	assert_int_equal(syscall_family(PT_SYS_NONE), 0);
	assert_int_equal(syscall_family(PT_SYS_MAX), 0);
	assert_int_equal(syscall_family(PT_SYS_unlinkat), PT_FAM_FILE);
	assert_int_equal(syscall_family(PT_SYS_execveat), PT_FAM_EXEC);
	assert_int_equal(syscall_family(PT_SYS_setresgid), PT_FAM_CRED);
	/* every traced syscall has a name and a family */
	for (s = PT_SYS_NONE + 1; s < PT_SYS_MAX; s++) {
		assert_non_null(syscall_name(s));
		assert_in_range(syscall_family(s), PT_FAM_FILE, PT_FAM_EXEC);
	}
}

static void test_errno_name(void **state)
{
	(void)state;
	/* against libc's numbering, not a second copy of the table */
	assert_string_equal(errno_name(EPERM), "EPERM");
	assert_string_equal(errno_name(ENOENT), "ENOENT");
	assert_string_equal(errno_name(ESRCH), "ESRCH");
	assert_string_equal(errno_name(E2BIG), "E2BIG");
	assert_string_equal(errno_name(ENOEXEC), "ENOEXEC");
	assert_string_equal(errno_name(EBADF), "EBADF");
	assert_string_equal(errno_name(EAGAIN), "EAGAIN");
	assert_string_equal(errno_name(ENOMEM), "ENOMEM");
	assert_string_equal(errno_name(EACCES), "EACCES");
	assert_string_equal(errno_name(EFAULT), "EFAULT");
	assert_string_equal(errno_name(EBUSY), "EBUSY");
	assert_string_equal(errno_name(EEXIST), "EEXIST");
	assert_string_equal(errno_name(EXDEV), "EXDEV");
	assert_string_equal(errno_name(ENOTDIR), "ENOTDIR");
	assert_string_equal(errno_name(EISDIR), "EISDIR");
	assert_string_equal(errno_name(EINVAL), "EINVAL");
	assert_string_equal(errno_name(ETXTBSY), "ETXTBSY");
	assert_string_equal(errno_name(EROFS), "EROFS");
	assert_string_equal(errno_name(ERANGE), "ERANGE");
	assert_string_equal(errno_name(ENAMETOOLONG), "ENAMETOOLONG");
	assert_string_equal(errno_name(ENOSYS), "ENOSYS");
	assert_string_equal(errno_name(ENOTEMPTY), "ENOTEMPTY");
	assert_string_equal(errno_name(ELOOP), "ELOOP");
	assert_string_equal(errno_name(ENODATA), "ENODATA");
	assert_string_equal(errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	assert_null(errno_name(0));
	assert_null(errno_name(-EPERM));
	assert_null(errno_name(512)); /* ERESTARTSYS: kernel-internal */
	assert_null(errno_name(4095));
}

static struct pt_event cred(__u32 sys)
{
	struct pt_event e;

	memset(&e, 0, sizeof(e));
	e.kind = PT_EV_CRED;
	e.syscall = sys;
	e.hook = PT_HOOK_SYSCALL_TP;
	return e;
}

static void test_event_action(void **state)
{
	static const struct {
		__u32 sys;
		const char *action;
	} map[] = {
		{ PT_SYS_setuid, "setuid" },       { PT_SYS_setreuid, "setuid" },
		{ PT_SYS_setresuid, "setuid" },    { PT_SYS_setfsuid, "setuid" },
		{ PT_SYS_setgid, "setgid" },       { PT_SYS_setregid, "setgid" },
		{ PT_SYS_setresgid, "setgid" },    { PT_SYS_setfsgid, "setgid" },
		{ PT_SYS_setgroups, "setgroups" }, { PT_SYS_capset, "capset" },
	};
	struct pt_event e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		e = cred(map[i].sys);
		assert_string_equal(event_action(&e), map[i].action);
	}
	/* no syscall recorded: the LSM hook says which change it was */
	e = cred(PT_SYS_NONE);
	e.hook = PT_HOOK_LSM_TASK_FIX_SETGID;
	assert_string_equal(event_action(&e), "setgid");
	e.hook = PT_HOOK_LSM_TASK_FIX_SETGROUPS;
	assert_string_equal(event_action(&e), "setgroups");
	e.hook = PT_HOOK_LSM_CAPSET;
	assert_string_equal(event_action(&e), "capset");
	e.hook = PT_HOOK_LSM_TASK_FIX_SETUID;
	assert_string_equal(event_action(&e), "setuid");

	/* the kind decides first, whatever syscall was running */
	e = cred(PT_SYS_openat);
	e.kind = PT_EV_CAP;
	assert_string_equal(event_action(&e), "capability");
	e.kind = PT_EV_EXEC;
	assert_string_equal(event_action(&e), "exec");
	e.kind = PT_EV_FILE;
	assert_string_equal(event_action(&e), "file");
	e.syscall = PT_SYS_setgid; /* a file denial inside setgid's path walk is still a file */
	assert_string_equal(event_action(&e), "file");
}

static void test_event_success(void **state)
{
	struct pt_event e;

	(void)state;
	e = cred(PT_SYS_openat);
	e.kind = PT_EV_CAP;
	e.ret = 0;
	assert_true(event_success(&e));
	e.ret = -EPERM;
	assert_false(event_success(&e));

	e.kind = PT_EV_EXEC;
	assert_true(event_success(&e));

	/* file: a denial fails; an open privilege allowed (lsm.s/file_open, ret 0) succeeds */
	e.kind = PT_EV_FILE;
	e.ret = -EACCES;
	assert_false(event_success(&e));
	e.ret = 0;
	e.hook = PT_HOOK_LSM_FILE_OPEN;
	assert_true(event_success(&e));

	e = cred(PT_SYS_setresuid);
	e.ret = 0;
	assert_true(event_success(&e));
	e.ret = -EPERM;
	assert_false(event_success(&e));
	e = cred(PT_SYS_setgroups);
	e.ret = -EINVAL;
	assert_false(event_success(&e));
}

/* setfsuid/setfsgid return the old id: the new fs id (namespace view) tells. */
static void test_setfs_outcome(void **state)
{
	struct pt_event e = cred(PT_SYS_setfsuid);

	(void)state;
	e.ret = 1000; /* the old fsuid, whatever happened */
	e.change.args[0] = 0;
	e.change.new_cred.ns.fsuid = 1000;
	e.change.new_cred.host.fsuid = 0; /* the host view must not be compared */
	assert_false(event_success(&e));
	e.change.new_cred.ns.fsuid = 0;
	e.change.new_cred.host.fsuid = 100000;
	assert_true(event_success(&e));
	/* the fsgid is not the fsuid */
	e.syscall = PT_SYS_setfsgid;
	e.change.new_cred.ns.fsgid = 7;
	assert_false(event_success(&e));
	e.change.args[0] = 7;
	assert_true(event_success(&e));
	/* (__u32)-1 is never valid, even where the fs id itself is unmapped */
	e.change.args[0] = 0xffffffffu;
	e.change.new_cred.ns.fsgid = PT_ID_UNMAPPED;
	assert_false(event_success(&e));
	e.syscall = PT_SYS_setfsuid;
	e.change.new_cred.ns.fsuid = PT_ID_UNMAPPED;
	assert_false(event_success(&e));
	/* only the low 32 bits are the id the kernel took */
	e.change.args[0] = 0x100000000LL + 5;
	e.change.new_cred.ns.fsuid = 5;
	assert_true(event_success(&e));
}

static void test_cred_nargs(void **state)
{
	(void)state;
	assert_int_equal(cred_nargs(PT_SYS_setuid), 1);
	assert_int_equal(cred_nargs(PT_SYS_setgid), 1);
	assert_int_equal(cred_nargs(PT_SYS_setfsuid), 1);
	assert_int_equal(cred_nargs(PT_SYS_setfsgid), 1);
	assert_int_equal(cred_nargs(PT_SYS_setgroups), 1);
	assert_int_equal(cred_nargs(PT_SYS_setreuid), 2);
	assert_int_equal(cred_nargs(PT_SYS_setregid), 2);
	assert_int_equal(cred_nargs(PT_SYS_setresuid), 3);
	assert_int_equal(cred_nargs(PT_SYS_setresgid), 3);
	assert_int_equal(cred_nargs(PT_SYS_capset), 0);
	assert_int_equal(cred_nargs(PT_SYS_openat), 0);
	assert_int_equal(cred_nargs(PT_SYS_NONE), 0);
}

static void test_hook_name(void **state)
{
	__u32 h;

	(void)state;
	assert_null(hook_name(0));
	assert_null(hook_name(PT_HOOK_MAX));
	assert_string_equal(hook_name(PT_HOOK_SYSCALL_TP), "tracepoint/syscalls");
	assert_string_equal(hook_name(PT_HOOK_RAW_SYS_EXIT), "tp_btf/sys_exit");
	assert_string_equal(hook_name(PT_HOOK_LSM_FILE_OPEN), "lsm.s/file_open");
	/* a hook added to the ABI without a name would drop privtrace.hook */
	for (h = 1; h < PT_HOOK_MAX; h++)
		assert_non_null(hook_name(h));
}

static void test_abi_names(void **state)
{
	(void)state;
	assert_string_equal(syscall_abi_name(0), "x86_64");
	assert_string_equal(syscall_abi_name(PT_F_ABI_IA32 | PT_F_IN_SYSCALL), "ia32");
	assert_string_equal(syscall_abi_name(PT_F_ABI_X32), "x32");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap_name),
		cmocka_unit_test(test_syscalls),
		cmocka_unit_test(test_errno_name),
		cmocka_unit_test(test_event_action),
		cmocka_unit_test(test_event_success),
		cmocka_unit_test(test_setfs_outcome),
		cmocka_unit_test(test_cred_nargs),
		cmocka_unit_test(test_hook_name),
		cmocka_unit_test(test_abi_names),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
