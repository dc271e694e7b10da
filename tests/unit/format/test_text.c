// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The terminal table (user/format/text.c): exact lines for realistic events,
 * and for any bytes a process chooses, one line, aligned, no control byte.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* setenv */
#endif
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "wbuf_take.h"

#include "fixtures.h"

#include "format/text.h"

#define T0 1795511046123456789ULL /* 2026-11-24T09:04:06.123456789Z */

/*
 * Column starts: TIME 12, PID 7, COMM 16, CONTAINER 12, UID 13, ACTION 11,
 * RESULT 7, one space between.
 */
#define COL_COMM 21
#define COL_CONTAINER 38
#define COL_UID 51
#define COL_DETAIL 85

static char buf[16384];

/* One line, newline-terminated, valid UTF-8, no control byte, no raw C1 or bidi control. */
static void assert_safe_line(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i;

	if (len == 0 || s[len - 1] != '\n')
		fail_msg("not newline-terminated: %s", s);
	for (i = 0; i + 1 < len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			fail_msg("control byte 0x%02x at %zu in: %s", p[i], i, s);
		if (p[i] < 0x80)
			continue;
		/* only well-formed sequences; C1 (c2 80..9f) and e2 80 a8..ae / e2 81 a6..a9 refused */
		if (p[i] >= 0xc2 && p[i] <= 0xdf && (p[i + 1] & 0xc0) == 0x80) {
			if (p[i] == 0xc2 && p[i + 1] < 0xa0)
				fail_msg("raw C1 control in: %s", s);
			i += 1;
		} else if (p[i] >= 0xe0 && p[i] <= 0xef && (p[i + 1] & 0xc0) == 0x80 &&
			   (p[i + 2] & 0xc0) == 0x80) {
			if ((p[i] == 0xe0 && p[i + 1] < 0xa0) || (p[i] == 0xed && p[i + 1] >= 0xa0))
				fail_msg("overlong or surrogate in: %s", s);
			if (p[i] == 0xe2 && ((p[i + 1] == 0x80 && p[i + 2] >= 0xa8 && p[i + 2] <= 0xae) ||
					     (p[i + 1] == 0x81 && p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)))
				fail_msg("raw separator or bidi control in: %s", s);
			i += 2;
		} else if (p[i] >= 0xf0 && p[i] <= 0xf4 && (p[i + 1] & 0xc0) == 0x80 &&
			   (p[i + 2] & 0xc0) == 0x80 && (p[i + 3] & 0xc0) == 0x80) {
			if ((p[i] == 0xf0 && p[i + 1] < 0x90) || (p[i] == 0xf4 && p[i + 1] >= 0x90))
				fail_msg("overlong or out of range in: %s", s);
			i += 3;
		} else {
			fail_msg("invalid UTF-8 at %zu in: %s", i, s);
		}
	}
}

/* The byte offset where display column col starts. */
static size_t at_column(const char *s, size_t col)
{
	size_t i = 0, c = 0;

	while (s[i] && c < col) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		c++;
	}
	return i;
}

/* At most n bytes of s are all printable ASCII that needs no escape, and fit width columns. */
static int plain(const char *s, size_t n, size_t width)
{
	size_t len = strnlen(s, n), i;

	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-_./: ", s[i]))
			return 0;
	return len <= width;
}

/*
 * r as one line: safe whatever the bytes; and when comm and the container
 * label need no escape, CONTAINER and UID start where the header says.
 */
static const char *format(const struct record *r)
{
	const struct pt_event *e = r->e;
	const struct container *ct = r->ct;
	const char *label = !ct ? "-" : ct->meta.name[0] ? ct->meta.name : ct->id;
	size_t label_len = !ct ? 1 : ct->meta.name[0] ? sizeof(ct->meta.name) : 12;
	struct wbuf w = WBUF_INIT;
	char want[CT_NAME_LEN + 2], uid[32];

	text_record(&w, r);
	take(&w);
	assert_safe_line(buf);
	if (!plain(e->task.comm, PT_COMM_LEN, 16) || !plain(label, label_len, 12))
		return buf;
	snprintf(want, sizeof(want), "%.*s ", (int)strnlen(label, label_len), label);
	if (strncmp(buf + at_column(buf, COL_CONTAINER), want, strlen(want)) ||
	    buf[at_column(buf, COL_CONTAINER) - 1] != ' ')
		fail_msg("CONTAINER %snot at column %d: %s", want, COL_CONTAINER, buf);
	if (e->cred.ns.euid == PT_ID_UNMAPPED)
		snprintf(uid, sizeof(uid), "-/%u ", e->cred.host.euid);
	else
		snprintf(uid, sizeof(uid), "%u/%u ", e->cred.ns.euid, e->cred.host.euid);
	if (strncmp(buf + at_column(buf, COL_UID), uid, strlen(uid)) ||
	    buf[at_column(buf, COL_UID) - 1] != ' ')
		fail_msg("UID %snot at column %d: %s", uid, COL_UID, buf);
	return buf;
}

/* e alone: explained, not enriched (no container known: CONTAINER is "-"). */
static const char *as_text(const struct pt_event *e)
{
	struct record r;

	record_init(&r, e, T0);
	return format(&r);
}

static int utc(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset(); /* localtime_r reads TZ only once */
	return 0;
}

static void test_header(void **state)
{
	struct wbuf w = WBUF_INIT;

	(void)state;
	text_header(&w);
	take(&w);
	assert_string_equal(buf, "TIME         PID     COMM             CONTAINER    UID           "
				 "ACTION      RESULT  DETAIL\n");
	assert_int_equal(strstr(buf, "COMM") - buf, COL_COMM);
	assert_int_equal(strstr(buf, "CONTAINER") - buf, COL_CONTAINER);
	assert_int_equal(strstr(buf, "UID") - buf, COL_UID);
	assert_int_equal(strstr(buf, "DETAIL") - buf, COL_DETAIL);
}

/*
 * CAP_DAC_OVERRIDE refused inside openat, on the host's resource, hostile
 * path. Container root holds it, but only in its own namespace: the BPF side
 * sees the target (init) is not within it and sets PT_F_CAP_TARGET_OUTSIDE.
 */
static void test_capability_denied(void **state)
{
	static const char path[] = "/etc/shadow\n12:00:00.000 1 init 0/0 capability ok\x1b[2J"
				   "\xe2\x80\xae\xff";
	struct pt_event e = base(PT_EV_CAP);

	(void)state;
	e.ret = -EPERM;
	e.syscall = PT_SYS_openat;
	e.flags = PT_F_IN_SYSCALL | PT_F_CAP_TARGET_OUTSIDE;
	e.cap.cap = 1;
	e.cap.target_userns_inum = INIT_USERNS;
	set_path(&e, path, sizeof(path));
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/100000      capability  DENIED  "
		"CAP_DAC_OVERRIDE target-userns=4026531837 in openat /etc/shadow\\x0a12:00:00.000 1 init "
		"0/0 capability ok\\x1b[2J\\u{202e}\\xff -- CAP_DAC_OVERRIDE is held only in the "
		"task's user namespace; the target belongs to an ancestor namespace\n");

	/* granted in its own namespace, outside any traced syscall: the name alone */
	e.ret = 0;
	e.flags = 0;
	e.syscall = PT_SYS_NONE;
	e.cap.cap = 21;
	e.cap.target_userns_inum = e.task.userns_inum;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/100000      capability  ok      CAP_SYS_ADMIN\n");

	/* a probe (NOAUDIT), inside an fd syscall (no path), a cap this build does not know */
	e.flags = PT_F_CAP_NOAUDIT | PT_F_IN_SYSCALL;
	e.syscall = PT_SYS_fchown;
	e.path_len = 0;
	e.cap.cap = 45;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/100000      capability  ok      cap=45 noaudit "
		"in fchown\n");

	/* a BPF loader's check, labelled with its call */
	e.flags = PT_F_IN_BPF;
	e.syscall = PT_SYS_NONE;
	e.cap.cap = 39;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/100000      capability  ok      CAP_BPF "
		"in bpf (a BPF loader)\n");
}

/* comm: escaped, padded by columns not bytes, a full 16 bytes with no NUL. */
static void test_comm_column(void **state)
{
	struct pt_event e = base(PT_EV_CAP);
	const char *t;

	(void)state;
	e.cap.cap = 0;
	e.cap.target_userns_inum = e.task.userns_inum;
	strcpy(e.task.comm, "caf\xc3\xa9");
	t = as_text(&e);
	assert_string_equal(t, "09:04:06.123 4011    caf\xc3\xa9             -            0/100000      capability"
			       "  ok      CAP_CHOWN\n");
	memcpy(e.task.comm, "0123456789abcdef", 16);
	t = as_text(&e);
	assert_string_equal(t, "09:04:06.123 4011    0123456789abcdef -            0/100000      capability  ok"
			       "      CAP_CHOWN\n");
	/* wider than its column once escaped: pushes the line, never hides a byte */
	memcpy(e.task.comm, "a\nb\x1b\x7f\xe2\x80\xae\xc2\x9b" "cdefg", 16);
	t = as_text(&e);
	assert_string_equal(t, "09:04:06.123 4011    a\\x0ab\\x1b\\x7f\\u{202e}\\u{009b}cdefg "
			       "-            0/100000      capability  ok      CAP_CHOWN\n");
	/* a comm that tries to fake the next columns stays inside its own */
	strcpy(e.task.comm, "x 0/0 setuid ok");
	t = as_text(&e);
	assert_string_equal(t, "09:04:06.123 4011    x 0/0 setuid ok  -            0/100000      capability  ok"
			       "      CAP_CHOWN\n");
}

/* setresuid(1000,1000,-1) in the container; the saved uid has no mapping there. */
static void test_setresuid_unmapped(void **state)
{
	struct pt_event e = base(PT_EV_CRED);

	(void)state;
	e.syscall = PT_SYS_setresuid;
	e.cred.ns.suid = PT_ID_UNMAPPED;
	e.cred.host.suid = 0;
	e.change.args[0] = 1000;
	e.change.args[1] = 1000;
	e.change.args[2] = 0xffffffffu;
	e.sys_caps_granted = CAPBIT(CAP_SETUID); /* 1000 is none of its uids: the kernel asked */
	e.change.new_cred = e.cred;
	e.change.new_cred.host.uid = e.change.new_cred.host.euid = 101000;
	e.change.new_cred.host.fsuid = 101000;
	e.change.new_cred.ns.uid = e.change.new_cred.ns.euid = 1000;
	e.change.new_cred.ns.fsuid = 1000;
	e.change.new_cred.cap_effective = 0;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/100000      setuid      ok      "
		"setresuid(1000,1000,-1) uid 0/100000->1000/101000 euid 0/100000->1000/101000 "
		"fsuid 0/100000->1000/101000 eff 0x1ffffffffff->0x0\n");

	/* refused (docker run --cap-drop SETUID): what was asked, nothing changed, why */
	e.ret = -EPERM;
	e.cred.cap_effective &= ~CAPBIT(CAP_SETUID);
	e.sys_caps_granted = 0;
	e.sys_caps_denied = CAPBIT(CAP_SETUID);
	e.change.new_cred = e.cred;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/100000      setuid      FAILED  "
		"setresuid(1000,1000,-1) unchanged EPERM -- CAP_SETUID not in the effective set\n");

	/* the unmapped euid shows as - in the UID column, the host view stays */
	e.cred.ns.euid = e.change.new_cred.ns.euid = PT_ID_UNMAPPED;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            -/100000      setuid      FAILED  "
		"setresuid(1000,1000,-1) unchanged EPERM -- CAP_SETUID not in the effective set\n");
}

/* setfsuid(0) by a user: no errno, no change, FAILED, and CAP_SETUID was asked. */
static void test_setfsuid_refused(void **state)
{
	struct pt_event e = host_user(PT_EV_CRED, 1000);

	(void)state;
	strcpy(e.task.comm, "sudo-ish");
	e.syscall = PT_SYS_setfsuid;
	e.ret = 1000;
	e.sys_caps_denied = CAPBIT(CAP_SETUID);
	e.change.args[0] = 0;
	e.change.new_cred = e.cred;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    sudo-ish         -            1000/1000     setuid      FAILED  "
		"setfsuid(0) unchanged -- CAP_SETUID not in the effective set\n");
	/* an id above 2^31 is an id, not a negative number */
	e.change.args[0] = 3000000000u;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    sudo-ish         -            1000/1000     setuid      FAILED  "
		"setfsuid(3000000000) unchanged -- CAP_SETUID not in the effective set\n");
}

static void test_groups_and_capset(void **state)
{
	struct pt_event e = host_user(PT_EV_CRED, 0);

	(void)state;
	e.syscall = PT_SYS_setgroups;
	e.sys_caps_granted = CAPBIT(CAP_SETGID);
	e.cred.ngroups = 3;
	e.change.new_cred = e.cred;
	e.change.new_cred.ngroups = 0;
	e.change.args[0] = 0;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/0           setgroups   ok      "
		"setgroups(0) groups 3->0\n");

	e.syscall = PT_SYS_capset;
	e.sys_caps_granted = 0;
	e.cred.cap_effective = e.cred.cap_permitted = 0x1ffffffffffULL;
	e.change.new_cred = e.cred;
	e.change.new_cred.cap_effective = 0x400;
	e.change.new_cred.cap_inheritable = 0x400;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/0           capset      ok      "
		"capset eff 0x1ffffffffff->0x400 inh 0x0->0x400\n");
	/*
	 * a permitted set it does not hold: refused by the subset rule, no
	 * capability asked, so no reason is made up
	 */
	e.ret = -EPERM;
	e.change.new_cred = e.cred;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/0           capset      FAILED  "
		"capset unchanged EPERM\n");
}

/* passwd run by a user: setuid root, AT_SECURE. */
static void test_exec_secureexec(void **state)
{
	static const char path[] = "/usr/bin/passwd";
	struct pt_event e = host_user(PT_EV_EXEC, 1000);

	(void)state;
	strcpy(e.task.comm, "passwd");
	e.syscall = PT_SYS_execve;
	e.flags = PT_F_SECUREEXEC;
	set_path(&e, path, sizeof(path));
	e.change.new_cred = e.cred;
	e.change.new_cred.host.euid = e.change.new_cred.host.suid = 0;
	e.change.new_cred.ns.euid = e.change.new_cred.ns.suid = 0;
	e.change.new_cred.host.fsuid = e.change.new_cred.ns.fsuid = 0;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    passwd           -            1000/1000     exec        ok      "
		"execve euid 1000/1000->0/0 suid 1000/1000->0/0 fsuid 1000/1000->0/0 secureexec "
		"/usr/bin/passwd\n");

	/* no syscall recorded, a cut path */
	e.syscall = PT_SYS_NONE;
	e.flags = PT_F_PATH_TRUNC;
	e.change.new_cred = e.cred;
	e.change.new_cred.cap_permitted = 0x2000;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    passwd           -            1000/1000     exec        ok      "
		"exec prm 0x0->0x2000 /usr/bin/passwd...\n");
}

/* 32-bit calls (int $0x80) say so before the syscall's name. */
static void test_ia32(void **state)
{
	static const char path[] = "/root/.bashrc";
	struct pt_event e = ia32_open_denied();

	(void)state;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            1000/1000     file        DENIED  "
		"ia32:open /root/.bashrc EACCES -- the mode bits deny and no override applies: "
		"CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH not in the effective set\n");

	/* a repeat record of it: how many more, since when */
	e.repeat = 41;
	e.repeat_first_ns = e.task.ts_ns;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            1000/1000     file        DENIED  "
		"41 more since 09:04:06.123: ia32:open /root/.bashrc EACCES -- the mode bits deny and "
		"no override applies: CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH not in the effective set\n");

	e = ia32_setuid_refused();
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            1000/1000     setuid      FAILED  "
		"ia32:setuid(0) unchanged EPERM -- CAP_SETUID not in the effective set\n");

	e = host_user(PT_EV_CAP, 1000);
	e.flags = PT_F_IN_SYSCALL | PT_F_ABI_IA32;
	e.syscall = PT_SYS_open;
	e.ret = -EPERM;
	e.cap.cap = CAP_DAC_OVERRIDE;
	e.cap.target_userns_inum = INIT_USERNS;
	set_path(&e, path, sizeof(path));
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            1000/1000     capability  DENIED  "
		"CAP_DAC_OVERRIDE in ia32:open /root/.bashrc -- CAP_DAC_OVERRIDE is not in the "
		"effective set\n");
}

/* cat /root/.bashrc as a user: EACCES. */
static void test_file_denied(void **state)
{
	static const char path[] = "/root/.bashrc";
	struct pt_event e = host_user(PT_EV_FILE, 1000);

	(void)state;
	e.syscall = PT_SYS_openat;
	e.ret = -EACCES;
	/* the mode bits refused; the kernel asked for the overrides, and they were not there */
	e.sys_caps_denied = DAC_READ_CAPS;
	set_path(&e, path, sizeof(path));
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            1000/1000     file        DENIED  "
		"openat /root/.bashrc EACCES -- the mode bits deny and no override applies: "
		"CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH not in the effective set\n");

	/* an fd syscall on a file it does not own (CAP_FOWNER asked), and an errno without a name */
	e.syscall = PT_SYS_fchmod;
	e.sys_caps_denied = CAPBIT(CAP_FOWNER);
	e.path_len = 0;
	e.ret = -512;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            1000/1000     file        DENIED  "
		"fchmod errno=512 -- CAP_FOWNER not in the effective set\n");
	/* the most negative ret there is: negated in 64 bits, not overflowing an int */
	e.ret = INT32_MIN;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            1000/1000     file        DENIED  "
		"fchmod errno=2147483648 -- CAP_FOWNER not in the effective set\n");
	e.ret = -512;

	/*
	 * someone else's file in sticky /tmp; a backslash in a path is doubled:
	 * \x0a in a name cannot pass for an escape
	 */
	e.syscall = PT_SYS_unlink;
	e.ret = -EPERM;
	set_path(&e, "/tmp/a\\x0ab", 12);
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            1000/1000     file        DENIED  "
		"unlink /tmp/a\\\\x0ab EPERM -- CAP_FOWNER not in the effective set\n");

	/* a path that could not be read is said */
	e.path_len = 0;
	e.flags = PT_F_PATH_FAULT;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            1000/1000     file        DENIED  "
		"unlink (path unreadable) EPERM -- CAP_FOWNER not in the effective set\n");

	/* nothing was even asked (noexec mount, no exec bit): said so */
	e.syscall = PT_SYS_execve;
	e.ret = -EACCES;
	e.flags = 0;
	e.sys_caps_denied = 0;
	set_path(&e, "/mnt/usb/run.sh", 16);
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            1000/1000     file        DENIED  "
		"execve /mnt/usb/run.sh EACCES -- the mode bits deny and no override applies: no "
		"capability was even asked (no exec bit, a mount option or a security module)\n");
}

/*
 * lsm.s/file_open: container root reads a container user's key (ns 1000 is
 * host 101000, mapped), by privilege alone.
 */
static void test_open_allowed_by_privilege(void **state)
{
	static const char path[] = "/home/app/.ssh/id_ed25519";
	struct pt_event e = base(PT_EV_FILE);

	(void)state;
	e.hook = PT_HOOK_LSM_FILE_OPEN;
	e.flags |= PT_F_OWNER;
	e.syscall = PT_SYS_openat;
	e.file.owner_uid = 101000;
	e.file.owner_ns_uid = 1000;
	e.file.mode = 0100600;
	e.file.access = PT_MAY_READ | PT_MAY_WRITE;
	set_path(&e, path, sizeof(path));
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/100000      file        ok      "
		"openat /home/app/.ssh/id_ed25519 read+write by privilege: owner 1000/101000 mode 0600"
		" -- allowed by privilege: the mode bits alone refuse it\n");
	e.file.access = PT_MAY_WRITE;
	e.syscall = PT_SYS_NONE;
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/100000      file        ok      "
		"open /home/app/.ssh/id_ed25519 write by privilege: owner 1000/101000 mode 0600"
		" -- allowed by privilege: the mode bits alone refuse it\n");

	/* the syscall exit saw it (no BPF LSM): the capabilities granted inside are named */
	e.hook = PT_HOOK_SYSCALL_TP;
	e.syscall = PT_SYS_openat;
	e.file.access = PT_MAY_READ;
	e.sys_caps_granted = CAPBIT(CAP_DAC_READ_SEARCH);
	assert_string_equal(as_text(&e),
		"09:04:06.123 4011    cat              -            0/100000      file        ok      "
		"openat /home/app/.ssh/id_ed25519 read by privilege: owner 1000/101000 mode 0600"
		" -- allowed by CAP_DAC_READ_SEARCH\n");
}

/* ---- what the enrich stage adds: the container, and both names of the uid ---- */

#define SHADOW_UNMAPPED                                                                          \
	"openat /host/etc/shadow EACCES user ns:root host:marc -- the owner of the file or of a "   \
	"directory on its path is not mapped into the caller's user namespace, so "               \
	"CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH held there do not apply\n"

/* CONTAINER: the name, else the short id `docker ps` shows, "-" for the host. */
static void test_container_column(void **state)
{
	struct container ct;
	struct userns_map map;
	struct pt_event e;
	struct record r;

	(void)state;
	rootless_root(&e, &map);
	docker_container(&ct, "web", "nginx:1.27");
	record_init(&r, &e, T0);
	r.ct = &ct;
	r.map = &map;
	r.host_user = "marc";
	r.ns_user = "root";
	assert_string_equal(format(&r),
		"09:04:06.123 4011    cat              web          0/1000        file        DENIED  "
		SHADOW_UNMAPPED);

	/* not named (yet, or the runtime never says): the first 12 hex digits of the id */
	docker_container(&ct, "", "");
	assert_string_equal(format(&r),
		"09:04:06.123 4011    cat              " DOCKER_SHORT_ID " 0/1000        file        "
		"DENIED  " SHADOW_UNMAPPED);

	/* a name wider than the column is not cut: it pushes the rest along */
	docker_container(&ct, "nginx-proxy-manager-1", "");
	assert_string_equal(format(&r),
		"09:04:06.123 4011    cat              nginx-proxy-manager-1 0/1000        file        "
		"DENIED  " SHADOW_UNMAPPED);

	/* a Kubernetes container: the name the runtime gave */
	k8s_container(&ct);
	assert_string_equal(format(&r),
		"09:04:06.123 4011    cat              nginx        0/1000        file        DENIED  "
		SHADOW_UNMAPPED);

	/* the host: "-"; a name known on one side only: "-" on the other */
	r.ct = NULL;
	r.ns_user = NULL;
	assert_string_equal(format(&r),
		"09:04:06.123 4011    cat              -            0/1000        file        DENIED  "
		"openat /host/etc/shadow EACCES user host:marc -- the owner of the file or of a directory on its path is not mapped "
		"into the "
		"caller's user namespace, so CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH held there do "
		"not apply\n");
	r.ct = &ct;
	r.ns_user = "root";
	r.host_user = NULL;
	assert_string_equal(format(&r),
		"09:04:06.123 4011    cat              nginx        0/1000        file        DENIED  "
		"openat /host/etc/shadow EACCES user ns:root -- the owner of the file or of a directory on its path is not mapped "
		"into the "
		"caller's user namespace, so CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH held there do "
		"not apply\n");
	/* neither: no "user" part at all */
	r.ns_user = NULL;
	assert_string_equal(format(&r),
		"09:04:06.123 4011    cat              nginx        0/1000        file        DENIED  "
		"openat /host/etc/shadow EACCES -- the owner of the file or of a directory on its path is not "
		"mapped into the caller's user namespace, so CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH held there do not apply\n");
}

/*
 * docker run without a user namespace: its root is host root, and reads a
 * host root-only file mounted in. No privilege was needed; that is the point.
 */
static void test_host_root_file(void **state)
{
	struct pt_event e = host_user(PT_EV_FILE, 0);
	struct container ct;
	struct record r;

	(void)state;
	e.syscall = PT_SYS_openat;
	e.flags = PT_F_OWNER | PT_F_HOST_ROOT_FILE;
	e.file.mode = 0100600;
	e.file.access = PT_MAY_READ;
	set_path(&e, "/host/root/.ssh/id_ed25519", 27);
	docker_container(&ct, "backup", "restic/restic");
	record_init(&r, &e, T0);
	r.ct = &ct;
	r.host_user = "root";
	r.ns_user = "root";
	assert_string_equal(format(&r),
		"09:04:06.123 4011    cat              backup       0/0           file        ok      "
		"openat /host/root/.ssh/id_ed25519 read: owner 0/0 mode 0600 user ns:root host:root -- host "
		"root reading a root-only host file (mode 0600): container root is host root\n");
}

/* The same container root renamed a file in a bind-mounted host directory: both owners. */
static void test_host_root_change(void **state)
{
	struct pt_event e = host_user(PT_EV_FILE, 0);
	struct container ct;
	struct record r;

	(void)state;
	e.syscall = PT_SYS_renameat2;
	e.flags = PT_F_OWNER | PT_F_HOST_ROOT_CHANGE | PT_F_DIR_OWNER;
	e.file.mode = 0100600;
	e.file.dir_mode = 040755;
	e.file.access = PT_MAY_WRITE;
	set_path(&e, "/host/etc/shadow", 17);
	docker_container(&ct, "backup", "restic/restic");
	record_init(&r, &e, T0);
	r.ct = &ct;
	assert_string_equal(format(&r),
		"09:04:06.123 4011    cat              backup       0/0           file        ok      "
		"renameat2 /host/etc/shadow changed: owner 0/0 mode 0600, directory owner 0/0 mode 0755 "
		"-- host root renamed host root's file (mode 0600) in host root's directory (mode 0755), "
		"no capability needed: container root is host root\n");
}

/* Names a container chose: escaped, one safe line, in the column and in DETAIL. */
static void test_hostile_metadata(void **state)
{
#define HOSTILE_TEXT "x\"}\\x0a{\"a\":1}\\x1b[2J\\x07\\xff\\xc0\\xaf\\u{202e}\\u{2066}\\u{0085}\\\\"
	struct container ct;
	struct userns_map map;
	struct pt_event e;
	struct record r;

	(void)state;
	rootless_root(&e, &map);
	docker_container(&ct, HOSTILE, HOSTILE);
	record_init(&r, &e, T0);
	r.ct = &ct;
	r.host_user = HOSTILE;
	r.ns_user = HOSTILE;
	assert_string_equal(format(&r),
		"09:04:06.123 4011    cat              " HOSTILE_TEXT " 0/1000        file        DENIED  "
		"openat /host/etc/shadow EACCES user ns:" HOSTILE_TEXT " host:" HOSTILE_TEXT " -- the owner of "
		"the file or of a directory on its path is not mapped into the caller's user namespace, so CAP_DAC_OVERRIDE and "
		"CAP_DAC_READ_SEARCH held there do not apply\n");

	/* a name that fits the column but would fake the next ones stays inside its own */
	docker_container(&ct, "a 0/0 b", "");
	r.host_user = r.ns_user = NULL;
	assert_string_equal(format(&r),
		"09:04:06.123 4011    cat              a 0/0 b      0/1000        file        DENIED  "
		"openat /host/etc/shadow EACCES -- the owner of the file or of a directory on its path is not "
		"mapped into the caller's user namespace, so CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH held there do not apply\n");

	/* a container's user name that would add a label of its own stays one word */
	r.ns_user = "x host:root";
	assert_non_null(strstr(format(&r), " EACCES user ns:x\\x20host:root -- "));
#undef HOSTILE_TEXT
}

static void test_local_time_and_lost(void **state)
{
	struct pt_event e = base(PT_EV_CAP);
	struct record r;
	struct wbuf w = WBUF_INIT;

	(void)state;
	text_lost(&w, T0, 12, 40);
	take(&w);
	assert_string_equal(buf, "09:04:06.123 LOST 12 events (ring buffer full; 40 since start)\n");

	/* a health line; syscalls the kernel could not follow are named when there are any */
	{
		struct health h = { .real_ns = T0, .events = 10, .emitted = 9, .filtered = 1,
				    .lost = 2, .dropped = 4 };

		text_health(&w, &h);
		take(&w);
		assert_string_equal(buf, "09:04:06.123 HEALTH 10 events, 9 written, 1 filtered, 2 lost, "
					 "4 dropped by sinks\n");
		h.untracked = 3;
		text_health(&w, &h);
		take(&w);
		assert_string_equal(buf, "09:04:06.123 HEALTH 10 events, 9 written, 1 filtered, 2 lost, "
					 "3 untracked, 4 dropped by sinks\n");
	}

	/* the terminal shows local time; milliseconds are cut, not rounded */
	setenv("TZ", "America/New_York", 1);
	tzset();
	e.cap.target_userns_inum = e.task.userns_inum;
	as_text(&e);
	assert_memory_equal(buf, "04:04:06.123 ", 13);
	utc(NULL);
	record_init(&r, &e, 999999999);
	text_record(&w, &r);
	take(&w);
	assert_memory_equal(buf, "00:00:00.999 ", 13);
}

/* Any bytes in comm and path, any kind: one safe, aligned line. */
static void test_random_events(void **state)
{
	static const __u32 kinds[] = { PT_EV_CAP, PT_EV_CRED, PT_EV_EXEC, PT_EV_FILE };
	static const unsigned char pick[] = { 0x0a, 0x0d, 0x1b, 0x7f, 0x9b, 0xc2, 0x85, 0xe2, 0x80,
					      0xae, 0x81, 0xa6, 0xed, 0xa0, 0xf4, 0x90, 0xff, ' ' };
	struct pt_event e;
	unsigned char *p;
	size_t j;
	int i;

	(void)state;
	srand(11);
	for (i = 0; i < 5000; i++) {
		p = (unsigned char *)&e;
		for (j = 0; j < sizeof(e); j++)
			p[j] = rand();
		for (j = 0; j < PT_COMM_LEN; j++)
			if (rand() % 2)
				e.task.comm[j] = pick[rand() % sizeof(pick)];
		for (j = 0; j < PT_PATH_LEN; j++)
			if (rand() % 2)
				e.path[j] = pick[rand() % sizeof(pick)];
		/* as decode_event guarantees */
		e.kind = kinds[i % 4];
		e.path_len %= PT_PATH_LEN + 1;
		e.syscall %= PT_SYS_MAX;
		e.task.pid %= 4194304 + 1; /* PID_MAX_LIMIT: 7 digits fill the PID column */
		as_text(&e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_capability_denied),
		cmocka_unit_test(test_comm_column),
		cmocka_unit_test(test_setresuid_unmapped),
		cmocka_unit_test(test_setfsuid_refused),
		cmocka_unit_test(test_groups_and_capset),
		cmocka_unit_test(test_exec_secureexec),
		cmocka_unit_test(test_file_denied),
		cmocka_unit_test(test_ia32),
		cmocka_unit_test(test_open_allowed_by_privilege),
		cmocka_unit_test(test_container_column),
		cmocka_unit_test(test_host_root_file),
		cmocka_unit_test(test_host_root_change),
		cmocka_unit_test(test_hostile_metadata),
		cmocka_unit_test(test_local_time_and_lost),
		cmocka_unit_test(test_random_events),
	};

	return cmocka_run_group_tests_name("format_text", tests, utc, NULL);
}
