// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Why a privileged access was refused (user/event/explain.c): every reason code,
 * each under the exact conditions that make it, and the text naming the
 * capabilities the kernel asked for. The fixtures follow what the kernel
 * does (fs/namei.c generic_permission, kernel/capability.c,
 * security/commoncap.c) and what the BPF side records of it
 * (sys_caps_granted/denied, PT_F_CAP_TARGET_OUTSIDE, PT_F_OWNER,
 * PT_F_HOST_ROOT_FILE).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fixtures.h"

#include "event/explain.h"
#include "event/names.h"

/* x must say exactly code and text. */
static void explained(const struct pt_event *e, enum pt_reason code, const char *text)
{
	struct explanation x;

	memset(&x, 0x55, sizeof(x)); /* whatever was there before is not kept */
	explain_event(e, event_success(e), &x);
	if (x.code != code)
		fail_msg("reason %s (%d), want %s (%d); text: %s", reason_code(x.code) ?: "none",
			 x.code, reason_code(code) ?: "none", code, x.text);
	assert_string_equal(x.text, text);
}

/* ---- capability checks ---- */

/* A capability check in the container of base(): root there, every capability effective. */
static struct pt_event cap_check(int cap, int ret)
{
	struct pt_event e = base(PT_EV_CAP);

	e.cap.cap = cap;
	e.ret = ret;
	e.cap.target_userns_inum = e.task.userns_inum;
	e.cap.target_userns_level = e.task.userns_level;
	if (ret == 0)
		e.cap.capable_userns_inum = e.task.userns_inum;
	return e;
}

static void test_cap_not_effective(void **state)
{
	struct pt_event e = cap_check(CAP_NET_ADMIN, -EPERM);

	(void)state;
	/* docker run --cap-drop NET_ADMIN: permitted maybe, not effective */
	e.cred.cap_effective &= ~CAPBIT(CAP_NET_ADMIN);
	explained(&e, PT_R_CAP_NOT_EFFECTIVE, "CAP_NET_ADMIN is not in the effective set");

	/* not effective comes first: where the target is no longer matters */
	e.cap.target_userns_inum = INIT_USERNS;
	e.cap.target_userns_level = 0;
	e.flags |= PT_F_CAP_TARGET_OUTSIDE;
	explained(&e, PT_R_CAP_NOT_EFFECTIVE, "CAP_NET_ADMIN is not in the effective set");

	/* a user on the host with no capabilities at all */
	e = host_user(PT_EV_CAP, 1000);
	e.cap.cap = CAP_SYS_ADMIN;
	e.ret = -EPERM;
	e.cap.target_userns_inum = INIT_USERNS;
	explained(&e, PT_R_CAP_NOT_EFFECTIVE, "CAP_SYS_ADMIN is not in the effective set");

	/* a number this build has no name for: not invented */
	e.cap.cap = 45;
	explained(&e, PT_R_CAP_NOT_EFFECTIVE, "the capability is not in the effective set");
}

/*
 * Container root asks for CAP_SYS_ADMIN over a host resource (the init user
 * namespace): effective, but held in its own namespace only. The BPF side
 * sets PT_F_CAP_TARGET_OUTSIDE; only that flag says so.
 */
static void test_cap_outside_userns(void **state)
{
	struct pt_event e = cap_check(CAP_SYS_ADMIN, -EPERM);

	(void)state;
	e.cap.target_userns_inum = INIT_USERNS;
	e.cap.target_userns_level = 0;
	e.flags = PT_F_CAP_TARGET_OUTSIDE;
	explained(&e, PT_R_CAP_OUTSIDE_USERNS,
		  "CAP_SYS_ADMIN is held only in the task's user namespace; the target belongs to an "
		  "ancestor namespace");
}

/* Effective, the target within its namespace, and still refused: an LSM's doing. */
static void test_cap_security_module(void **state)
{
	struct pt_event e = cap_check(CAP_SYS_ADMIN, -EPERM);

	(void)state;
	explained(&e, PT_R_SECURITY_MODULE,
		  "CAP_SYS_ADMIN is effective for this target, yet it was refused: a security module "
		  "said no");

	/* host root, same */
	e = host_user(PT_EV_CAP, 0);
	e.cred.cap_effective = e.cred.cap_permitted = 0x1ffffffffffULL;
	e.cap.cap = CAP_SYS_MODULE;
	e.ret = -EPERM;
	e.cap.target_userns_inum = INIT_USERNS;
	explained(&e, PT_R_SECURITY_MODULE,
		  "CAP_SYS_MODULE is effective for this target, yet it was refused: a security module "
		  "said no");
}

static void test_cap_granted(void **state)
{
	struct pt_event e = cap_check(CAP_SYS_ADMIN, 0);

	(void)state;
	explained(&e, PT_R_NONE, "");
	/* not even when it is missing from the effective set (a hook's odd view): granted is granted */
	e.cred.cap_effective = 0;
	explained(&e, PT_R_NONE, "");
}

/* ---- file syscalls that failed ---- */

/* A file syscall in the container of base() that failed with err. */
static struct pt_event file_failed(__u32 sys, int err)
{
	struct pt_event e = base(PT_EV_FILE);

	e.syscall = sys;
	e.ret = -err;
	set_path(&e, "/srv/data/report.csv", 21);
	return e;
}

/*
 * cat of someone else's 0600 file by a user: the mode bits refuse, the
 * kernel asks CAP_DAC_READ_SEARCH then CAP_DAC_OVERRIDE, both refused.
 */
static void test_mode_denies(void **state)
{
	struct pt_event e = host_user(PT_EV_FILE, 1000);

	(void)state;
	e.syscall = PT_SYS_openat;
	e.ret = -EACCES;
	e.sys_caps_denied = DAC_READ_CAPS;
	explained(&e, PT_R_MODE_DENIES,
		  "the mode bits deny and no override applies: CAP_DAC_OVERRIDE and "
		  "CAP_DAC_READ_SEARCH not in the effective set");

	/* a write: only CAP_DAC_OVERRIDE can override */
	e.sys_caps_denied = CAPBIT(CAP_DAC_OVERRIDE);
	explained(&e, PT_R_MODE_DENIES,
		  "the mode bits deny and no override applies: CAP_DAC_OVERRIDE not in the "
		  "effective set");

	/* three: listed in order, the last joined by "and" */
	e.syscall = PT_SYS_utimensat;
	e.sys_caps_denied = DAC_READ_CAPS | CAPBIT(CAP_FOWNER);
	explained(&e, PT_R_MODE_DENIES,
		  "the mode bits deny and no override applies: CAP_DAC_OVERRIDE, "
		  "CAP_DAC_READ_SEARCH and CAP_FOWNER not in the effective set");

	/* container root without the DAC capabilities (--cap-drop ALL) */
	e = file_failed(PT_SYS_openat, EACCES);
	e.cred.cap_effective &= ~DAC_READ_CAPS;
	e.sys_caps_denied = DAC_READ_CAPS;
	explained(&e, PT_R_MODE_DENIES,
		  "the mode bits deny and no override applies: CAP_DAC_OVERRIDE and "
		  "CAP_DAC_READ_SEARCH not in the effective set");
}

/*
 * Root of a remapped container opens a host file: capable_wrt_inode_uidgid()
 * grants CAP_DAC_OVERRIDE in the caller's namespace, then finds the owner
 * unmapped there, and the open fails with EACCES.
 */
static void test_owner_unmapped(void **state)
{
	struct pt_event e = file_failed(PT_SYS_openat, EACCES);

	(void)state;
	e.sys_caps_granted = CAPBIT(CAP_DAC_OVERRIDE);
	explained(&e, PT_R_OWNER_UNMAPPED,
		  "the owner of the file or of a directory on its path is not mapped into the "
		  "caller's user namespace, so CAP_DAC_OVERRIDE held there does not apply");

	/* a read asks both; a non-DAC capability granted on the way is not named */
	e.sys_caps_granted = DAC_READ_CAPS | CAPBIT(CAP_SYS_ADMIN);
	explained(&e, PT_R_OWNER_UNMAPPED,
		  "the owner of the file or of a directory on its path is not mapped into the "
		  "caller's user namespace, so CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH held "
		  "there do not apply");

	/*
	 * Docker's default set lacks CAP_DAC_READ_SEARCH: asked first and
	 * refused, then CAP_DAC_OVERRIDE granted and still no use. The
	 * unmapped owner is the reason, not the missing capability.
	 */
	e.sys_caps_granted = CAPBIT(CAP_DAC_OVERRIDE);
	e.sys_caps_denied = CAPBIT(CAP_DAC_READ_SEARCH);
	e.cred.cap_effective &= ~CAPBIT(CAP_DAC_READ_SEARCH);
	explained(&e, PT_R_OWNER_UNMAPPED,
		  "the owner of the file or of a directory on its path is not mapped into the "
		  "caller's user namespace, so CAP_DAC_OVERRIDE held there does not apply");
}

/*
 * The same granted override on the host (level 0): every uid is mapped
 * there, so the refusal came from something else (an LSM, a mount option,
 * a file attribute).
 */
static void test_not_dac(void **state)
{
	struct pt_event e = host_user(PT_EV_FILE, 0);

	(void)state;
	e.cred.cap_effective = e.cred.cap_permitted = 0x1ffffffffffULL;
	e.syscall = PT_SYS_openat;
	e.ret = -EACCES;
	e.sys_caps_granted = CAPBIT(CAP_DAC_OVERRIDE);
	explained(&e, PT_R_NOT_DAC,
		  "refused although CAP_DAC_OVERRIDE was granted: not a permission-bit decision "
		  "(security module, mount option or file attribute)");

	/* in a container, a granted capability that is not a DAC override: not the owner either */
	e = file_failed(PT_SYS_unlinkat, EPERM);
	e.sys_caps_granted = CAPBIT(CAP_LINUX_IMMUTABLE);
	explained(&e, PT_R_NOT_DAC,
		  "refused although CAP_LINUX_IMMUTABLE was granted: not a permission-bit decision "
		  "(security module, mount option or file attribute)");
}

/* Refused with no capability asked at all: an exec without an exec bit, noexec, an LSM. */
static void test_no_override(void **state)
{
	struct pt_event e = file_failed(PT_SYS_execve, EACCES);

	(void)state;
	explained(&e, PT_R_NO_OVERRIDE,
		  "the mode bits deny and no override applies: no capability was even asked (no exec "
		  "bit, a mount option or a security module)");
	e = host_user(PT_EV_FILE, 1000);
	e.syscall = PT_SYS_openat;
	e.ret = -EPERM;
	explained(&e, PT_R_NO_OVERRIDE,
		  "the mode bits deny and no override applies: no capability was even asked (no exec "
		  "bit, a mount option or a security module)");
}

/* chown by a user: CAP_CHOWN asked and refused. Not a mode-bit matter: not "mode_denies". */
static void test_chown_cap_not_effective(void **state)
{
	struct pt_event e = host_user(PT_EV_FILE, 1000);

	(void)state;
	e.syscall = PT_SYS_fchownat;
	e.ret = -EPERM;
	e.sys_caps_denied = CAPBIT(CAP_CHOWN);
	explained(&e, PT_R_CAP_NOT_EFFECTIVE, "CAP_CHOWN not in the effective set");
}

/*
 * Effective, refused anyway, inside a file syscall: container root setting a
 * trusted.* xattr needs CAP_SYS_ADMIN over the init namespace.
 */
static void test_file_cap_refused_while_effective(void **state)
{
	struct pt_event e = file_failed(PT_SYS_setxattr, EPERM);

	(void)state;
	e.sys_caps_denied = CAPBIT(CAP_SYS_ADMIN);
	explained(&e, PT_R_CAP_OUTSIDE_USERNS,
		  "CAP_SYS_ADMIN held only in the task's user namespace; the target belongs to an "
		  "ancestor namespace");

	/* host root has no ancestor namespace: a security module */
	e = host_user(PT_EV_FILE, 0);
	e.cred.cap_effective = e.cred.cap_permitted = 0x1ffffffffffULL;
	e.syscall = PT_SYS_setxattr;
	e.ret = -EPERM;
	e.sys_caps_denied = CAPBIT(CAP_SYS_ADMIN);
	explained(&e, PT_R_SECURITY_MODULE,
		  "CAP_SYS_ADMIN effective, yet refused: a security module said no");
}

/* ---- credential changes ---- */

/* setresuid(1000,1000,-1) by a user whose ids are not 1000: CAP_SETUID asked, refused. */
static void test_setuid_refused(void **state)
{
	struct pt_event e = host_user(PT_EV_CRED, 1001);

	(void)state;
	e.syscall = PT_SYS_setresuid;
	e.ret = -EPERM;
	e.change.args[0] = e.change.args[1] = 1000;
	e.change.args[2] = 0xffffffffu;
	e.change.new_cred = e.cred;
	e.sys_caps_denied = CAPBIT(CAP_SETUID);
	explained(&e, PT_R_CAP_NOT_EFFECTIVE, "CAP_SETUID not in the effective set");

	/* setfsuid says nothing by its return value: the fs uid did not change */
	e.syscall = PT_SYS_setfsuid;
	e.ret = 1001;
	e.change.args[0] = 0;
	explained(&e, PT_R_CAP_NOT_EFFECTIVE, "CAP_SETUID not in the effective set");

	/* setgid, the same with CAP_SETGID */
	e.syscall = PT_SYS_setgid;
	e.ret = -EPERM;
	e.sys_caps_denied = CAPBIT(CAP_SETGID);
	explained(&e, PT_R_CAP_NOT_EFFECTIVE, "CAP_SETGID not in the effective set");
}

/*
 * setgroups() with more than NGROUPS_MAX groups, by root: CAP_SETGID is
 * asked first and granted, then the count is refused with EINVAL. That is
 * no privilege decision; nothing about it should read as a refusal by a
 * security module, mount option or file attribute.
 */
static void test_cred_einval_is_not_a_refusal(void **state)
{
	struct pt_event e = host_user(PT_EV_CRED, 0);

	(void)state;
	e.cred.cap_effective = e.cred.cap_permitted = 0x1ffffffffffULL;
	e.syscall = PT_SYS_setgroups;
	e.ret = -EINVAL;
	e.change.args[0] = 70000;
	e.change.new_cred = e.cred;
	e.sys_caps_granted = CAPBIT(CAP_SETGID);
	explained(&e, PT_R_NONE, "");
}

static void test_cred_success_and_exec(void **state)
{
	struct pt_event e = host_user(PT_EV_CRED, 0);

	(void)state;
	e.cred.cap_effective = e.cred.cap_permitted = 0x1ffffffffffULL;
	e.syscall = PT_SYS_setuid;
	e.change.args[0] = 1000;
	e.sys_caps_granted = CAPBIT(CAP_SETUID);
	e.change.new_cred = e.cred;
	ids(&e.change.new_cred.host, 1000, 0);
	ids(&e.change.new_cred.ns, 1000, 0);
	explained(&e, PT_R_NONE, "");

	/* an exec that raised privileges happened: nothing was refused */
	e = host_user(PT_EV_EXEC, 1000);
	e.ret = -EPERM; /* whatever is there */
	e.sys_caps_denied = CAPBIT(CAP_SETUID);
	explained(&e, PT_R_NONE, "");
}

/* ---- opens that succeeded and are flagged ---- */

/* An open that succeeded, as the syscall exit reports it (PT_F_OWNER, the owner read). */
static struct pt_event open_ok(__u32 flags, __u32 mode)
{
	struct pt_event e = base(PT_EV_FILE);

	e.syscall = PT_SYS_openat;
	e.flags = PT_F_OWNER | flags;
	e.file.mode = mode;
	e.file.access = PT_MAY_READ;
	return e;
}

/* docker without a user namespace: its root is host root, reading a host root-only file. */
static void test_host_root_file(void **state)
{
	struct pt_event e = open_ok(PT_F_HOST_ROOT_FILE, 0100600);

	(void)state;
	ids(&e.cred.host, 0, 0);
	explained(&e, PT_R_HOST_ROOT_FILE,
		  "host root reading a root-only host file (mode 0600): container root is host root");
	/* the file type bits are not the mode; setuid bits are */
	e.file.mode = 0104700;
	explained(&e, PT_R_HOST_ROOT_FILE,
		  "host root reading a root-only host file (mode 4700): container root is host root");
	/* that is the point even when a DAC capability was also granted */
	e.sys_caps_granted = CAPBIT(CAP_DAC_OVERRIDE);
	explained(&e, PT_R_HOST_ROOT_FILE,
		  "host root reading a root-only host file (mode 4700): container root is host root");
}

static void test_privilege(void **state)
{
	struct pt_event e = open_ok(0, 0100600);

	(void)state;
	/* the syscall exit saw the override granted */
	e.sys_caps_granted = CAPBIT(CAP_DAC_OVERRIDE);
	explained(&e, PT_R_PRIVILEGE, "allowed by CAP_DAC_OVERRIDE");
	e.sys_caps_granted = DAC_READ_CAPS | CAPBIT(CAP_SYS_ADMIN);
	explained(&e, PT_R_PRIVILEGE, "allowed by CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH");

	/* lsm.s/file_open reports no capabilities: privilege, unnamed */
	e.hook = PT_HOOK_LSM_FILE_OPEN;
	e.sys_caps_granted = 0;
	explained(&e, PT_R_PRIVILEGE, "allowed by privilege: the mode bits alone refuse it");

	/* an open that succeeded and is not flagged at all: nothing to say */
	e.flags = 0;
	e.sys_caps_granted = CAPBIT(CAP_DAC_OVERRIDE);
	explained(&e, PT_R_NONE, "");
}

/* docker without a user namespace: its root removed host root's file from host root's directory. */
static void test_host_root_change(void **state)
{
	struct pt_event e = open_ok(PT_F_HOST_ROOT_CHANGE | PT_F_DIR_OWNER, 0100600);

	(void)state;
	e.syscall = PT_SYS_unlinkat;
	e.file.access = PT_MAY_WRITE;
	e.file.dir_mode = 040700;
	explained(&e, PT_R_HOST_ROOT_CHANGE,
		  "host root removed host root's file (mode 0600) from host root's directory "
		  "(mode 0700), no capability needed: container root is host root");
	/* rmdir: the object is a directory */
	e.syscall = PT_SYS_rmdir;
	e.file.mode = 040755;
	explained(&e, PT_R_HOST_ROOT_CHANGE,
		  "host root removed host root's directory (mode 0755) from host root's directory "
		  "(mode 0700), no capability needed: container root is host root");
	/* a new file is its maker's: its directory's owner is what is said */
	e.syscall = PT_SYS_openat;
	e.file.mode = 0100644;
	e.file.dir_uid = 1001;
	e.file.dir_mode = 040755;
	explained(&e, PT_R_HOST_ROOT_CHANGE,
		  "host root made a file (mode 0644) in a directory of host uid 1001 (mode 0755), "
		  "no capability needed: container root is host root");
	/* a rename; then a chown: the object has its new owner, no directory */
	e.syscall = PT_SYS_renameat2;
	e.file.dir_uid = 0;
	explained(&e, PT_R_HOST_ROOT_CHANGE,
		  "host root renamed host root's file (mode 0644) in host root's directory (mode "
		  "0755), no capability needed: container root is host root");
	e.syscall = PT_SYS_fchownat;
	e.flags &= ~PT_F_DIR_OWNER;
	e.file.owner_uid = 1000;
	explained(&e, PT_R_HOST_ROOT_CHANGE,
		  "host root changed a file of host uid 1000 (mode 0644), no capability needed: "
		  "container root is host root");
	/* the ECS type follows the syscall, and for an open whether a directory changed */
	e.syscall = PT_SYS_unlinkat;
	assert_string_equal(file_change_type(&e), "deletion");
	e.syscall = PT_SYS_fchmodat;
	assert_string_equal(file_change_type(&e), "change");
	e.syscall = PT_SYS_openat;
	assert_string_equal(file_change_type(&e), "change"); /* a truncation */
	e.flags |= PT_F_DIR_OWNER;
	assert_string_equal(file_change_type(&e), "creation");
	e.syscall = PT_SYS_mkdirat;
	assert_string_equal(file_change_type(&e), "creation");
	/* not a change record: no owner record, or not done */
	e.flags &= ~PT_F_OWNER;
	assert_null(file_change_type(&e));
	e.flags |= PT_F_OWNER;
	e.ret = -EACCES;
	assert_null(file_change_type(&e));
}

/* ---- the codes and the limits of the text ---- */

static void test_reason_codes(void **state)
{
	static const char *const want[PT_R_MAX] = {
		[PT_R_NONE] = NULL,
		[PT_R_CAP_NOT_EFFECTIVE] = "cap_not_effective",
		[PT_R_CAP_OUTSIDE_USERNS] = "cap_outside_userns",
		[PT_R_OWNER_UNMAPPED] = "owner_unmapped",
		[PT_R_MODE_DENIES] = "mode_denies",
		[PT_R_NO_OVERRIDE] = "no_override",
		[PT_R_SECURITY_MODULE] = "security_module",
		[PT_R_NOT_DAC] = "not_dac",
		[PT_R_HOST_ROOT_FILE] = "host_root_file",
		[PT_R_PRIVILEGE] = "privilege",
		[PT_R_HOST_ROOT_CHANGE] = "host_root_change",
	};
	int r;

	(void)state;
	assert_int_equal(PT_R_MAX, 11); /* a new code needs its name here and in docs/schema.md */
	for (r = 0; r < PT_R_MAX; r++) {
		if (!want[r])
			assert_null(reason_code(r));
		else
			assert_string_equal(reason_code(r), want[r]);
	}
	assert_null(reason_code(PT_R_MAX));
	assert_null(reason_code((enum pt_reason)-1));
}

/* Every capability refused at once, unknown ones too: cut to the buffer, never past it. */
static void test_long_cap_list(void **state)
{
	struct pt_event e = host_user(PT_EV_FILE, 1000);
	struct explanation x;

	(void)state;
	e.syscall = PT_SYS_openat;
	e.ret = -EACCES;
	e.sys_caps_denied = ~0ULL;
	memset(&x, 0x55, sizeof(x));
	explain_event(&e, event_success(&e), &x);
	assert_int_equal(x.code, PT_R_MODE_DENIES);
	assert_true(memchr(x.text, '\0', sizeof(x.text)) != NULL);
	assert_true(strncmp(x.text, "the mode bits deny and no override applies: CAP_CHOWN, "
				    "CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, ",
			    strlen("the mode bits deny and no override applies: CAP_CHOWN, "
				   "CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, ")) == 0);

	/* a number without a name is said to be one, not skipped */
	e.sys_caps_denied = CAPBIT(CAP_DAC_OVERRIDE) | CAPBIT(50);
	explained(&e, PT_R_MODE_DENIES,
		  "the mode bits deny and no override applies: CAP_DAC_OVERRIDE and an unknown "
		  "capability not in the effective set");
}

/*
 * The JSON writer puts the phrase out without escaping it: whatever the
 * event, it must be printable ASCII with no quote or backslash.
 */
static void test_text_needs_no_escaping(void **state)
{
	static const __u32 kinds[] = { PT_EV_CAP, PT_EV_CRED, PT_EV_FILE };
	struct explanation x;
	unsigned int seed = 1, i;
	const char *c;

	(void)state;
	for (i = 0; i < 20000; i++) {
		struct pt_event e = base(kinds[i % 3]);

		seed = seed * 1103515245 + 12345;
		e.ret = (seed >> 8) & 1 ? -(int)((seed >> 9) % 200) : 0;
		e.cap.cap = (int)((seed >> 12) % 70) - 3;
		e.flags = seed;
		e.syscall = (seed >> 3) % PT_SYS_MAX;
		e.sys_caps_granted = (__u64)seed * 2654435761u;
		e.sys_caps_denied = ((__u64)seed << 20) ^ 0x5555;
		e.cred.cap_effective = (__u64)seed * 40503u;
		e.file.mode = seed;
		e.file.access = seed >> 5;
		explain_event(&e, event_success(&e), &x);
		for (c = x.text; *c; c++)
			if (*c < 0x20 || *c > 0x7e || *c == '"' || *c == '\\')
				fail_msg("byte 0x%02x in \"%s\"", (unsigned char)*c, x.text);
		assert_true(x.code == PT_R_NONE ? x.text[0] == '\0' : x.text[0] != '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap_not_effective),
		cmocka_unit_test(test_cap_outside_userns),
		cmocka_unit_test(test_cap_security_module),
		cmocka_unit_test(test_cap_granted),
		cmocka_unit_test(test_mode_denies),
		cmocka_unit_test(test_owner_unmapped),
		cmocka_unit_test(test_not_dac),
		cmocka_unit_test(test_no_override),
		cmocka_unit_test(test_chown_cap_not_effective),
		cmocka_unit_test(test_file_cap_refused_while_effective),
		cmocka_unit_test(test_setuid_refused),
		cmocka_unit_test(test_cred_einval_is_not_a_refusal),
		cmocka_unit_test(test_cred_success_and_exec),
		cmocka_unit_test(test_host_root_file),
		cmocka_unit_test(test_privilege),
		cmocka_unit_test(test_host_root_change),
		cmocka_unit_test(test_reason_codes),
		cmocka_unit_test(test_long_cap_list),
		cmocka_unit_test(test_text_needs_no_escaping),
	};

	return cmocka_run_group_tests_name("explain", tests, NULL, NULL);
}
