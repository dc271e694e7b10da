// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Names, outcomes, decoding and both output formats (user/names.c,
 * user/decode.c, user/format_json.c, user/format_text.c) on hand-built events.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "decode.h"
#include "format_json.h"
#include "format_text.h"
#include "names.h"

#define T0 1795511046123456789ULL /* 2026-11-24T09:04:06.123456789Z */

static char buf[16384];

static void ids(struct pt_ids *v, __u32 uid, __u32 gid)
{
	v->uid = v->euid = v->suid = v->fsuid = uid;
	v->gid = v->egid = v->sgid = v->fsgid = gid;
}

/* A process in a remapped namespace: ns 0 is host 100000. */
static struct pt_event base(__u32 kind)
{
	struct pt_event e;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.task.pid = 4011;
	e.task.tid = 4012;
	e.task.ns_pid = 7;
	e.task.ns_tid = 8;
	e.task.ppid = 4000;
	e.task.userns_inum = 4026532177u;
	e.task.userns_level = 1;
	e.task.userns_owner = 1000;
	e.task.mntns_inum = 4026532178u;
	e.task.pidns_inum = 4026532179u;
	e.task.cgroupns_inum = 4026531835u;
	e.task.cgroup_id = 8812;
	strcpy(e.task.comm, "cat");
	ids(&e.cred.host, 100000, 100000);
	ids(&e.cred.ns, 0, 0);
	e.cred.cap_effective = e.cred.cap_permitted = 0x1ffffffffffULL;
	return e;
}

static void set_path(struct pt_event *e, const char *p)
{
	strcpy(e->path, p);
	e->path_len = strlen(p) + 1;
}

static const char *as_json(const struct pt_event *e)
{
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	json_event(f, e, T0);
	fclose(f);
	/* exactly one line */
	assert_non_null(strchr(buf, '\n'));
	assert_int_equal(strchr(buf, '\n') - buf, (long)strlen(buf) - 1);
	return buf;
}

static const char *as_text(const struct pt_event *e)
{
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	text_event(f, e, T0);
	fclose(f);
	assert_int_equal(strchr(buf, '\n') - buf, (long)strlen(buf) - 1);
	return buf;
}

#define assert_has(hay, needle)                                                        \
	do {                                                                           \
		if (!strstr(hay, needle))                                              \
			fail_msg("missing %s\nin %s", needle, hay);                    \
	} while (0)
#define assert_lacks(hay, needle)                                                      \
	do {                                                                           \
		if (strstr(hay, needle))                                               \
			fail_msg("unexpected %s\nin %s", needle, hay);                 \
	} while (0)

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(cap_name(0), "CAP_CHOWN");
	assert_string_equal(cap_name(21), "CAP_SYS_ADMIN");
	assert_string_equal(cap_name(40), "CAP_CHECKPOINT_RESTORE");
	assert_null(cap_name(41));
	assert_null(cap_name(-1));
	assert_string_equal(syscall_name(PT_SYS_openat), "openat");
	assert_string_equal(syscall_name(PT_SYS_capset), "capset");
	assert_null(syscall_name(PT_SYS_NONE));
	assert_null(syscall_name(PT_SYS_MAX));
	assert_int_equal(syscall_family(PT_SYS_setresgid), PT_FAM_CRED);
	assert_int_equal(syscall_family(PT_SYS_execveat), PT_FAM_EXEC);
	assert_int_equal(syscall_family(PT_SYS_unlinkat), PT_FAM_FILE);
	assert_string_equal(errno_name(13), "EACCES");
	assert_string_equal(errno_name(1), "EPERM");
	assert_null(errno_name(0));
	assert_null(errno_name(4095));
}

static void test_actions_and_outcomes(void **state)
{
	struct pt_event e = base(PT_EV_CRED);

	(void)state;
	e.syscall = PT_SYS_setresgid;
	assert_string_equal(event_action(&e), "setgid");
	e.syscall = PT_SYS_setreuid;
	assert_string_equal(event_action(&e), "setuid");
	e.ret = -1;
	assert_false(event_success(&e));
	/* setfsuid returns the old id: a refusal is told by the id that did not change */
	e.syscall = PT_SYS_setfsuid;
	e.ret = 0;
	e.change.args[0] = 0;
	e.change.new_cred.ns.fsuid = 1000;
	assert_string_equal(event_action(&e), "setuid");
	assert_false(event_success(&e));
	e.change.new_cred.ns.fsuid = 0;
	assert_true(event_success(&e));
	e = base(PT_EV_CAP);
	e.ret = -1;
	assert_false(event_success(&e));
	e.kind = PT_EV_FILE;
	assert_false(event_success(&e));
	e.kind = PT_EV_EXEC;
	assert_true(event_success(&e));
}

static void test_decode(void **state)
{
	struct pt_event e = base(PT_EV_FILE);

	(void)state;
	assert_ptr_equal(decode_event(&e, sizeof(e)), &e);
	assert_null(decode_event(&e, sizeof(e) - 1));
	assert_null(decode_event(NULL, sizeof(e)));
	e.kind = 9;
	assert_null(decode_event(&e, sizeof(e)));
	e.kind = PT_EV_FILE;
	e.path_len = PT_PATH_LEN + 1;
	assert_null(decode_event(&e, sizeof(e)));
	e.path_len = 0;
	e.syscall = PT_SYS_MAX;
	assert_null(decode_event(&e, sizeof(e)));
}

static void test_json_capability_in_syscall(void **state)
{
	struct pt_event e = base(PT_EV_CAP);
	const char *j;

	(void)state;
	e.ret = -1;
	e.syscall = PT_SYS_openat;
	e.hook = PT_HOOK_TP_CAP_CAPABLE;
	e.flags = PT_F_IN_SYSCALL;
	e.cap.cap = 1;
	e.cap.target_userns_inum = 4026531837u;
	e.cap.target_userns_level = 0;
	set_path(&e, "/etc/shadow");
	e.cred.ns.fsgid = PT_ID_UNMAPPED;
	j = as_json(&e);
	assert_has(j, "{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\",");
	assert_has(j, "\"event\":{\"kind\":\"event\",\"category\":[\"process\"],"
		      "\"type\":[\"access\",\"denied\"],\"action\":\"capability\",\"outcome\":\"failure\"}");
	assert_has(j, "\"process\":{\"pid\":4011,\"thread\":{\"id\":4012},\"name\":\"cat\","
		      "\"parent\":{\"pid\":4000}},\"user\":{\"id\":\"100000\"}");
	assert_has(j, "\"file\":{\"path\":\"/etc/shadow\"}");
	assert_has(j, "\"syscall\":\"openat\",\"hook\":\"tp_btf/cap_capable\",\"ret\":-1,"
		      "\"errno\":\"EPERM\"");
	assert_has(j, "\"host\":{\"uid\":100000,\"euid\":100000,\"suid\":100000,\"fsuid\":100000,"
		      "\"gid\":100000,\"egid\":100000,\"sgid\":100000,\"fsgid\":100000}");
	assert_has(j, "\"ns\":{\"uid\":0,\"euid\":0,\"suid\":0,\"fsuid\":0,\"gid\":0,\"egid\":0,"
		      "\"sgid\":0,\"fsgid\":null}");
	assert_has(j, "\"caps\":{\"effective\":\"0x000001ffffffffff\"");
	assert_has(j, "\"pidns\":{\"inum\":4026532179,\"pid\":7,\"tid\":8}");
	assert_has(j, "\"userns\":{\"inum\":4026532177,\"level\":1,\"owner_uid\":1000}");
	assert_has(j, "\"cgroup\":{\"id\":8812}");
	assert_has(j, "\"capability\":{\"name\":\"CAP_DAC_OVERRIDE\",\"id\":1,"
		      "\"target_userns\":{\"inum\":4026531837,\"level\":0}}");
	assert_lacks(j, "capable_userns");
	assert_lacks(j, "noaudit");
	/* from fexit: the NOAUDIT flag is known, where the cap was found is not */
	e.hook = PT_HOOK_FEXIT_SECURITY_CAPABLE;
	e.flags |= PT_F_CAP_NOAUDIT;
	j = as_json(&e);
	assert_has(j, "\"hook\":\"fexit/security_capable\",");
	assert_has(j, "\"level\":0},\"noaudit\":true}");
	assert_lacks(j, "\"new\"");
	assert_lacks(j, "\"args\"");
	assert_lacks(j, "path_truncated");
	assert_has(j, "}}\n");
}

static void test_json_cred_change(void **state)
{
	struct pt_event e = base(PT_EV_CRED);
	const char *j;

	(void)state;
	e.syscall = PT_SYS_setresuid;
	e.ret = 0;
	e.change.args[0] = 1000;
	e.change.args[1] = 1000;
	e.change.args[2] = 4294967295u;
	ids(&e.change.new_cred.host, 101000, 100000);
	ids(&e.change.new_cred.ns, 1000, 0);
	e.hook = PT_HOOK_LSM_TASK_FIX_SETUID;
	j = as_json(&e);
	assert_has(j, "\"hook\":\"lsm/task_fix_setuid\"");
	assert_has(j, "\"category\":[\"iam\"],\"type\":[\"change\",\"user\"],\"action\":\"setuid\","
		      "\"outcome\":\"success\"");
	assert_has(j, "\"syscall\":\"setresuid\",\"hook\":\"lsm/task_fix_setuid\",\"ret\":0,\"host\"");
	assert_lacks(j, "errno");
	assert_lacks(j, "\"file\"");
	assert_has(j, "\"args\":[1000,1000,4294967295]");
	assert_has(j, "\"new\":{\"host\":{\"uid\":101000,\"euid\":101000");
	assert_has(j, "\"ns\":{\"uid\":1000,\"euid\":1000");

	e.syscall = PT_SYS_capset;
	j = as_json(&e);
	assert_has(j, "\"type\":[\"change\"],\"action\":\"capset\"");
	assert_lacks(j, "\"args\"");
	e.syscall = PT_SYS_setgroups;
	e.ret = -1;
	j = as_json(&e);
	assert_has(j, "\"type\":[\"change\",\"group\"],\"action\":\"setgroups\",\"outcome\":\"failure\"");
	assert_has(j, "\"errno\":\"EPERM\"");
	assert_has(j, "\"args\":[1000]");
}

static void test_json_exec_and_file(void **state)
{
	struct pt_event e = base(PT_EV_EXEC);
	const char *j;

	(void)state;
	e.syscall = PT_SYS_execve;
	e.flags = PT_F_SECUREEXEC | PT_F_PATH_TRUNC;
	set_path(&e, "/usr/bin/passwd");
	j = as_json(&e);
	assert_has(j, "\"category\":[\"process\"],\"type\":[\"start\",\"change\"],\"action\":\"exec\","
		      "\"outcome\":\"success\"");
	assert_has(j, "\"path_truncated\":true");
	assert_has(j, "\"secureexec\":true");
	assert_has(j, "\"new\":{");

	e = base(PT_EV_FILE);
	e.syscall = PT_SYS_unlinkat;
	e.ret = -13;
	set_path(&e, "x\n\"}{\x1b");
	j = as_json(&e);
	assert_has(j, "\"category\":[\"file\"],\"type\":[\"access\",\"denied\"],\"action\":\"file\","
		      "\"outcome\":\"failure\"");
	assert_has(j, "\"file\":{\"path\":\"x\\n\\\"}{\\u001b\"}");
	assert_has(j, "\"syscall\":\"unlinkat\",\"ret\":-13,\"errno\":\"EACCES\"");
	assert_lacks(j, "secureexec");
}

static void test_json_open_allowed_by_privilege(void **state)
{
	struct pt_event e = base(PT_EV_FILE);
	const char *j;

	(void)state;
	e.hook = PT_HOOK_LSM_FILE_OPEN;
	e.syscall = PT_SYS_openat;
	e.ret = 0;
	e.file.owner_uid = 1000;
	e.file.owner_gid = 1000;
	e.file.owner_ns_uid = PT_ID_UNMAPPED;
	e.file.owner_ns_gid = PT_ID_UNMAPPED;
	e.file.mode = 0100600;
	e.file.access = PT_MAY_READ | PT_MAY_WRITE;
	set_path(&e, "/home/marc/.ssh/id_ed25519");
	j = as_json(&e);
	assert_has(j, "\"category\":[\"file\"],\"type\":[\"access\",\"allowed\"],\"action\":\"file\","
		      "\"outcome\":\"success\"");
	assert_has(j, "\"file\":{\"path\":\"/home/marc/.ssh/id_ed25519\",\"uid\":\"1000\","
		      "\"gid\":\"1000\",\"mode\":\"0600\"}");
	assert_has(j, "\"hook\":\"lsm.s/file_open\",\"ret\":0,");
	assert_lacks(j, "errno");
	assert_has(j, "\"file\":{\"owner_ns_uid\":null,\"owner_ns_gid\":null,"
		      "\"access\":[\"read\",\"write\"]}}}\n");
	assert_has(as_text(&e), "file        ok      openat /home/marc/.ssh/id_ed25519 read+write "
				"by privilege: owner -/1000 mode 0600\n");
}

static void test_json_lost(void **state)
{
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	json_lost(f, T0, 12, 40);
	fclose(f);
	assert_string_equal(buf, "{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\",\"event\":"
				 "{\"kind\":\"metric\",\"category\":[\"host\"],\"type\":[\"info\"],"
				 "\"action\":\"lost\"},\"privtrace\":{\"lost\":{\"events\":12,"
				 "\"total\":40}}}\n");
}

static void test_text_lines(void **state)
{
	struct pt_event e = base(PT_EV_CAP);
	const char *t;

	(void)state;
	setenv("TZ", "UTC", 1);
	e.ret = 0;
	e.syscall = PT_SYS_openat;
	e.flags = PT_F_IN_SYSCALL;
	e.cap.cap = 1;
	e.cap.target_userns_inum = e.task.userns_inum;
	set_path(&e, "/etc/shadow");
	t = as_text(&e);
	assert_string_equal(t, "09:04:06.123 4011    cat              0/100000      capability  ok"
			       "      CAP_DAC_OVERRIDE in openat /etc/shadow\n");

	e = base(PT_EV_FILE);
	e.syscall = PT_SYS_openat;
	e.ret = -13;
	e.cred.ns.euid = PT_ID_UNMAPPED;
	strcpy(e.task.comm, "e\x1b[2J\n");
	set_path(&e, "/x\ny");
	t = as_text(&e);
	assert_string_equal(t, "09:04:06.123 4011    e\\x1b[2J\\x0a     -/100000      file        DENIED"
			       "  openat /x\\x0ay EACCES\n");

	e = base(PT_EV_CRED);
	e.syscall = PT_SYS_setuid;
	e.ret = -1;
	e.change.args[0] = 0;
	e.change.new_cred = e.cred;
	t = as_text(&e);
	assert_has(t, "setuid      FAILED  setuid(0) unchanged EPERM\n");

	e.ret = 0;
	e.change.new_cred.host.euid = 0;
	e.change.new_cred.ns.euid = PT_ID_UNMAPPED;
	t = as_text(&e);
	assert_has(t, "setuid      ok      setuid(0) euid 0/100000->-/0\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_actions_and_outcomes),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_json_capability_in_syscall),
		cmocka_unit_test(test_json_cred_change),
		cmocka_unit_test(test_json_exec_and_file),
		cmocka_unit_test(test_json_open_allowed_by_privilege),
		cmocka_unit_test(test_json_lost),
		cmocka_unit_test(test_text_lines),
	};

	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
