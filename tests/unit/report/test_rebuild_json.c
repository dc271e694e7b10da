// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * rebuild_json (user/report/rebuild_json.c): a JSON event record made by
 * json_record, read back and written again, is the same bytes. Every kind
 * of event, the escapes a traced task can force, the enrichment's every
 * shape, thousands of random events; then what is not a privtrace event
 * record is refused, whatever its bytes, without reading past them.
 *
 * PT_JSON_DIR=dir: every event record of every *.json file below dir must
 * come back the same too (the integration suite's outputs).
 * PT_REBUILD_BENCH=1: how long a rebuild takes, printed, not asserted.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "fixtures.h"

#include "event/explain.h"
#include "format/json.h"
#include "report/rebuild_json.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define T0 1795511046123456789ULL /* 2026-11-24T09:04:06.123456789Z */

static struct rebuilt rb;
static unsigned long round_trips;

/* The line json_record writes for r, without its newline, in *w (reset first). */
static void line_of(struct wbuf *w, const struct record *r)
{
	wbuf_reset(w);
	json_record(w, r);
	assert_false(w->oom);
	assert_true(w->len > 0 && w->buf[w->len - 1] == '\n');
}

/* The line (no newline) rebuilt and written again: the same bytes, newline added. */
static void same_again(const char *p, size_t len)
{
	static struct wbuf w = WBUF_INIT;
	const char *why = NULL;
	size_t i;

	if (rebuild_json(p, len, &rb, &why))
		fail_msg("refused (%s): %.*s", why, (int)len, p);
	line_of(&w, &rb.r);
	if (w.len != len + 1 || memcmp(w.buf, p, len)) {
		for (i = 0; i < len && i < w.len && w.buf[i] == p[i]; i++)
			;
		fail_msg("not the same at byte %zu:\n in:  %.*s\n out: %.*s", i, (int)len, p,
			 (int)w.len - 1, w.buf);
	}
	round_trips++;
}

/* r's line read back: the same. */
static void round_trip(const struct record *r)
{
	static struct wbuf w = WBUF_INIT;

	line_of(&w, r);
	same_again(w.buf, w.len - 1);
}

/* What the enrich stage adds, as enrich.c would: the map from the event's own extents. */
static void enrich(struct record *r, const struct pt_event *e, __u64 real_ns, struct userns_map *m)
{
	record_init(r, e, real_ns);
	r->seq = 42;
	if (m) {
		userns_map_from_task(&e->task, m);
		r->map = m;
	}
}

static void set_extents(struct pt_idmap *m, __u32 n)
{
	__u32 i;

	memset(m, 0, sizeof(*m));
	m->nr_extents = n;
	for (i = 0; i < n && i < PT_MAP_INLINE_EXTENTS; i++) {
		m->extent[i].first = i * 65536;
		m->extent[i].lower_first = 100000 + i * 65536;
		m->extent[i].count = 65536;
	}
}

/* ---- every kind ---- */

static void test_capability(void **state)
{
	static const char path[] = "/etc/shadow\"}\n{\"event\":{\"kind\":\"event\"}}\x1b[31m\xff"
				   "\xe2\x80\xae";
	struct pt_event e = base(PT_EV_CAP);
	struct userns_map m;
	struct record r;

	(void)state;
	/* refused, target outside the task's namespace, in an openat of a hostile path */
	e.ret = -EPERM;
	e.syscall = PT_SYS_openat;
	e.sys_nr = 257;
	e.hook = PT_HOOK_TP_CAP_CAPABLE;
	e.flags = PT_F_IN_SYSCALL | PT_F_CAP_TARGET_OUTSIDE;
	e.cap.cap = CAP_DAC_OVERRIDE;
	e.cap.target_userns_inum = INIT_USERNS;
	memcpy(e.task.comm, "x\"}\n\xc0\xaf\x9b" "2Jabcdefghi", 16);
	e.cred.ns.fsgid = PT_ID_UNMAPPED;
	set_path(&e, path, sizeof(path));
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_int_equal(rb.r.why.code, PT_R_CAP_OUTSIDE_USERNS);
	assert_true(rb.e.flags & PT_F_CAP_TARGET_OUTSIDE);
	/* the task's bytes, not their escapes */
	assert_memory_equal(rb.e.path, path, sizeof(path));
	assert_int_equal(rb.e.path_len, sizeof(path));
	assert_memory_equal(rb.e.task.comm, e.task.comm, PT_COMM_LEN);
	assert_int_equal(rb.e.flags, e.flags);

	/* not effective, wherever the target */
	e.cred.cap_effective &= ~CAPBIT(CAP_DAC_OVERRIDE);
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	/* effective and in scope: a security module */
	e.cred.cap_effective |= CAPBIT(CAP_DAC_OVERRIDE);
	e.flags &= ~PT_F_CAP_TARGET_OUTSIDE;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_int_equal(rb.r.why.code, PT_R_SECURITY_MODULE);

	/* granted, where found; fexit's noaudit both ways; no syscall */
	e.ret = 0;
	e.cap.capable_userns_inum = e.task.userns_inum;
	e.hook = PT_HOOK_FEXIT_SECURITY_CAPABLE;
	e.syscall = PT_SYS_NONE;
	e.flags = 0;
	set_path(&e, "", 0);
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	e.flags = PT_F_CAP_NOAUDIT;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_true(rb.e.flags & PT_F_CAP_NOAUDIT);
	/* a BPF loader's checks, in either call */
	e.flags = PT_F_IN_BPF;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_int_equal(rb.e.flags, PT_F_IN_BPF);
	e.flags = PT_F_IN_PERF_EVENT_OPEN;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_int_equal(rb.e.flags, PT_F_IN_PERF_EVENT_OPEN);
	/* overlayfs's check with its mounter's credentials: those apart, granted and refused */
	e.hook = PT_HOOK_TP_CAP_CAPABLE;
	e.flags = PT_F_CRED_OVERRIDE;
	ids(&e.cap.checked.host, 0, 0);
	ids(&e.cap.checked.ns, 0, 0);
	e.cap.checked.cap_effective = e.cap.checked.cap_permitted = CAPBIT(CAP_FOWNER);
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_true(rb.e.flags & PT_F_CRED_OVERRIDE);
	assert_int_equal(rb.e.cap.checked.cap_effective, CAPBIT(CAP_FOWNER));
	e.ret = -EPERM;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_int_equal(rb.r.why.code, PT_R_CAP_NOT_EFFECTIVE);
	e.ret = 0;

	/* kprobe, granted but no namespace recorded; a capability this build cannot name */
	e.hook = PT_HOOK_KPROBE_CAP_CAPABLE;
	e.flags = 0;
	e.cap.capable_userns_inum = 0;
	e.cap.cap = 45;
	e.cred.cap_effective |= CAPBIT(45) | CAPBIT(63);
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	e.ret = -EPERM;
	e.cred.cap_effective &= ~CAPBIT(45);
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	/* a negative id, a hook this build does not name */
	e.cap.cap = -3;
	e.hook = 0;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	e.hook = PT_HOOK_MAX + 7;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
}

/* Each credential syscall, worked and refused in the ways explain.c tells apart. */
static void test_credentials(void **state)
{
	static const __u32 sys[] = { PT_SYS_setuid, PT_SYS_setreuid, PT_SYS_setresuid,
				     PT_SYS_setfsuid, PT_SYS_setgid, PT_SYS_setregid,
				     PT_SYS_setresgid, PT_SYS_setfsgid, PT_SYS_setgroups,
				     PT_SYS_capset, PT_SYS_NONE };
	static const __u32 hooks[] = { PT_HOOK_RAW_SYS_EXIT, PT_HOOK_LSM_TASK_FIX_SETUID,
				       PT_HOOK_LSM_TASK_FIX_SETGID, PT_HOOK_LSM_TASK_FIX_SETGROUPS,
				       PT_HOOK_LSM_CAPSET, PT_HOOK_SYSCALL_TP };
	struct userns_map m;
	struct pt_event e;
	struct record r;
	size_t i, h;
	int v;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sys); i++) {
		for (h = 0; h < ARRAY_SIZE(hooks); h++) {
			for (v = 0; v < 6; v++) {
				e = v & 1 ? host_user(PT_EV_CRED, 1000) : base(PT_EV_CRED);
				e.syscall = sys[i];
				e.sys_nr = 105 + i;
				e.hook = hooks[h];
				e.change.args[0] = 0;
				e.change.args[1] = 0xffffffffu;
				e.change.args[2] = 1000;
				e.change.new_cred = e.cred;
				e.change.new_cred.host.uid = e.change.new_cred.host.euid = 0;
				e.change.new_cred.ns.fsuid = 0;
				e.change.new_cred.ns.sgid = PT_ID_UNMAPPED;
				e.change.new_cred.cap_inheritable = CAPBIT(CAP_NET_RAW);
				e.change.new_cred.ngroups = 3;
				switch (v) {
				case 0: /* worked */
					break;
				case 1: /* refused: not effective (the user has none) */
					e.ret = -EPERM;
					e.sys_caps_denied = CAPBIT(CAP_SETUID) | CAPBIT(CAP_SETGID);
					break;
				case 2: /* refused although effective: held in the child namespace only */
					e.ret = -EPERM;
					e.sys_caps_denied = CAPBIT(CAP_SETUID);
					break;
				case 3: /* on the host, effective and refused: a security module */
					e.cred.cap_effective = CAPBIT(CAP_SETUID) | CAPBIT(50);
					e.ret = -EPERM;
					e.sys_caps_denied = CAPBIT(CAP_SETUID) | CAPBIT(50);
					break;
				case 4: /* refused for another reason: nothing asked */
					e.ret = -EINVAL;
					break;
				default: /* an errno this build has no name for */
					e.ret = -200;
					e.sys_caps_granted = CAPBIT(CAP_SETPCAP);
					break;
				}
				enrich(&r, &e, T0 + i, &m);
				round_trip(&r);
			}
		}
	}

	/* setfsuid: refused silently, then worked; setfsgid asked for -1 */
	e = host_user(PT_EV_CRED, 1000);
	e.syscall = PT_SYS_setfsuid;
	e.ret = 1000;
	e.change.new_cred = e.cred;
	e.change.args[0] = 0;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_false(rb.r.ok);
	e.change.args[0] = 1000;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_true(rb.r.ok);
	e.syscall = PT_SYS_setfsgid;
	e.change.args[0] = 0xffffffffu;
	e.change.new_cred.ns.fsgid = PT_ID_UNMAPPED;
	enrich(&r, &e, T0, &m);
	round_trip(&r);

	/* the ia32 setuid32 the fixtures have */
	e = ia32_setuid_refused();
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_true(rb.e.flags & PT_F_ABI_IA32);
	assert_int_equal(rb.e.sys_nr, 213);
	assert_int_equal(rb.e.sys_caps_denied, CAPBIT(CAP_SETUID));
}

static void test_exec(void **state)
{
	static const char path[] = "/usr/bin/su\\do";
	struct pt_event e = host_user(PT_EV_EXEC, 1000);
	struct userns_map m;
	struct record r;

	(void)state;
	e.hook = PT_HOOK_LSM_BPRM_COMMITTING_CREDS;
	e.syscall = PT_SYS_execve;
	e.sys_nr = 59;
	e.change.new_cred = e.cred;
	e.change.new_cred.host.euid = e.change.new_cred.ns.euid = 0;
	e.change.new_cred.cap_effective = e.change.new_cred.cap_permitted = 0x1ffffffffffULL;
	e.flags = PT_F_SECUREEXEC;
	set_path(&e, path, sizeof(path));
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_true(rb.e.flags & PT_F_SECUREEXEC);
	/* not secure; seen at sched_process_exec, no syscall, an odd ret */
	e.flags = 0;
	e.hook = PT_HOOK_TP_SCHED_PROCESS_EXEC;
	e.syscall = PT_SYS_NONE;
	e.ret = -13;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	/* execveat through x32 */
	e.syscall = PT_SYS_execveat;
	e.sys_nr = 0x40000000 | 545;
	e.flags = PT_F_ABI_X32;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_true(rb.e.flags & PT_F_ABI_X32);
}

/* File denials, each reason; granted opens, privilege and host root. */
static void test_file(void **state)
{
	struct userns_map m;
	struct pt_event e;
	struct record r;
	int v;

	(void)state;
	for (v = 0; v < 8; v++) {
		e = base(PT_EV_FILE);
		e.hook = PT_HOOK_RAW_SYS_EXIT;
		e.syscall = PT_SYS_openat;
		e.sys_nr = 257;
		e.ret = -EACCES;
		set_path(&e, "/host/etc/shadow", 17);
		switch (v) {
		case 0: /* no_override */
			break;
		case 1: /* mode_denies: the overrides dropped */
			e.cred.cap_effective &= ~DAC_READ_CAPS;
			e.sys_caps_denied = DAC_READ_CAPS;
			break;
		case 2: /* owner_unmapped: granted in the namespace, the owner not mapped */
			e.sys_caps_granted = DAC_READ_CAPS;
			break;
		case 3: /* one granted */
			e.sys_caps_granted = CAPBIT(CAP_DAC_OVERRIDE);
			break;
		case 4: /* not_dac on the host */
			e = host_user(PT_EV_FILE, 0);
			e.syscall = PT_SYS_unlinkat;
			e.ret = -EPERM;
			set_path(&e, "immutable", 10);
			e.sys_caps_granted = CAPBIT(CAP_LINUX_IMMUTABLE) | CAPBIT(CAP_FOWNER);
			break;
		case 5: /* cap_not_effective: CAP_FOWNER is no mode override */
			e.cred.cap_effective &= ~CAPBIT(CAP_FOWNER);
			e.sys_caps_denied = CAPBIT(CAP_FOWNER);
			e.syscall = PT_SYS_fchmod;
			e.ret = -EPERM;
			set_path(&e, "", 0);
			e.flags = PT_F_NO_PATH;
			break;
		case 6: /* the path could not be read */
			set_path(&e, "", 0);
			e.flags = PT_F_PATH_FAULT;
			break;
		default: /* a denial with an owner record */
			e.flags = PT_F_OWNER;
			e.file.owner_uid = 0;
			e.file.owner_gid = 42;
			e.file.owner_ns_uid = PT_ID_UNMAPPED;
			e.file.owner_ns_gid = PT_ID_UNMAPPED;
			e.file.mode = 0100640;
			e.file.access = PT_MAY_READ | PT_MAY_WRITE;
			break;
		}
		enrich(&r, &e, T0, &m);
		round_trip(&r);
		assert_int_equal(rb.e.sys_caps_denied, e.sys_caps_denied);
		if (v != 4)
			assert_int_equal(rb.e.sys_caps_granted, e.sys_caps_granted);
	}

	/* granted open: privilege, with and without the capabilities named */
	e = base(PT_EV_FILE);
	e.hook = PT_HOOK_LSM_FILE_OPEN;
	e.syscall = PT_SYS_openat;
	e.flags = PT_F_OWNER;
	e.file.owner_uid = 1000;
	e.file.owner_gid = 1000;
	e.file.owner_ns_uid = PT_ID_UNMAPPED;
	e.file.owner_ns_gid = 7;
	e.file.mode = 0100600;
	e.file.access = PT_MAY_READ;
	set_path(&e, "/home/marc/.ssh/id_ed25519", 27);
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_int_equal(rb.r.why.code, PT_R_PRIVILEGE);
	e.sys_caps_granted = DAC_READ_CAPS;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_int_equal(rb.e.sys_caps_granted, DAC_READ_CAPS);
	e.file.access = 0;
	enrich(&r, &e, T0, &m);
	round_trip(&r);

	/* container root is host root: reading, writing; the mode from the owner record */
	e = base(PT_EV_FILE);
	ids(&e.cred.host, 0, 0);
	e.hook = PT_HOOK_LSM_FILE_OPEN;
	e.flags = PT_F_OWNER | PT_F_HOST_ROOT_FILE;
	e.file.mode = 0100600;
	e.file.access = PT_MAY_READ;
	set_path(&e, "/etc/shadow", 12);
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_true(rb.e.flags & PT_F_HOST_ROOT_FILE);
	e.file.access = PT_MAY_READ | PT_MAY_WRITE;
	e.file.mode = 04700;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	/* without an owner record, the phrase alone has the mode */
	e.flags = PT_F_HOST_ROOT_FILE;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_int_equal(rb.e.file.mode, 04700);

	/* a line of before 2026-12-02, in owner_unmapped's old words: read, for today's */
	{
		static struct wbuf w = WBUF_INIT;
		static const char now[] = "the owner of the file or of a directory on its path is "
					  "not mapped into", then[] = "the owner is not mapped into";
		char line[8192], *at;
		const char *why = NULL;

		e = base(PT_EV_FILE);
		e.syscall = PT_SYS_openat;
		e.ret = -EACCES;
		e.sys_caps_granted = DAC_READ_CAPS;
		set_path(&e, "/host/etc/shadow", 17);
		enrich(&r, &e, T0, &m);
		line_of(&w, &r);
		/* a C string for strstr and %s: a record is not NUL-terminated */
		wbuf_ch(&w, '\0');
		assert_false(w.oom);
		at = strstr(w.buf, now);
		assert_non_null(at);
		snprintf(line, sizeof(line), "%.*s%s%s", (int)(at - w.buf), w.buf, then,
			 at + sizeof(now) - 1);
		if (rebuild_json(line, strlen(line) - 1, &rb, &why))
			fail_msg("the old words refused (%s): %s", why, line);
		assert_int_equal(rb.r.why.code, PT_R_OWNER_UNMAPPED);
		assert_int_equal(rb.e.sys_caps_granted, DAC_READ_CAPS);
		/* another reason's text under that code is still refused */
		at = strstr(line, then);
		memcpy(at, "the owner is not mapped onto", 28);
		assert_int_not_equal(rebuild_json(line, strlen(line) - 1, &rb, &why), 0);
	}

	/* container root is host root: a change, with its directory and without */
	e = base(PT_EV_FILE);
	ids(&e.cred.host, 0, 0);
	e.syscall = PT_SYS_unlinkat;
	e.flags = PT_F_OWNER | PT_F_HOST_ROOT_CHANGE | PT_F_DIR_OWNER;
	e.file.mode = 0100600;
	e.file.access = PT_MAY_WRITE;
	e.file.dir_uid = 0;
	e.file.dir_gid = 7;
	e.file.dir_ns_uid = PT_ID_UNMAPPED;
	e.file.dir_ns_gid = 7;
	e.file.dir_mode = 040700;
	set_path(&e, "/host/secret", 13);
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_true(rb.e.flags & PT_F_HOST_ROOT_CHANGE);
	assert_true(rb.e.flags & PT_F_DIR_OWNER);
	assert_int_equal(rb.e.file.dir_mode, 0700);
	assert_int_equal(rb.e.file.dir_ns_uid, PT_ID_UNMAPPED);
	e.syscall = PT_SYS_openat; /* a creation */
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	e.flags &= ~PT_F_DIR_OWNER; /* a truncation */
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	/* a chmod of a directory: the JSON keeps no type bits, the phrase needs none */
	e.syscall = PT_SYS_fchmodat;
	e.file.mode = 040755;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	e.syscall = PT_SYS_rmdir;
	e.flags |= PT_F_DIR_OWNER;
	enrich(&r, &e, T0, &m);
	round_trip(&r);

	/* the fixtures' ia32 open */
	e = ia32_open_denied();
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_int_equal(rb.r.why.code, PT_R_MODE_DENIES);
}

/* A reason that lists so many capabilities that explain.c cut it. */
static void test_long_reasons(void **state)
{
	struct userns_map m;
	struct pt_event e;
	struct record r;
	int i, k;

	(void)state;
	for (i = 0; i < 200; i++) {
		e = base(i & 1 ? PT_EV_FILE : PT_EV_CRED);
		e.syscall = i & 1 ? PT_SYS_openat : PT_SYS_setuid;
		e.ret = -EPERM;
		e.change.new_cred = e.cred;
		/* a run of checks that ends at bit k, in or out of the effective set */
		k = 20 + i % 44;
		e.cred.cap_effective = i & 2 ? ~0ULL : 0;
		if (i & 4) {
			e.sys_caps_denied = (~0ULL >> (63 - k)) & ~0x3ULL;
		} else {
			e.cred.cap_effective = 0;
			e.sys_caps_granted = (~0ULL >> (63 - k)) & ~0x1ULL;
		}
		enrich(&r, &e, T0, &m);
		round_trip(&r);
	}
}

/* ---- the task's strings ---- */

static void test_strings(void **state)
{
	static const char *const paths[] = {
		"plain",
		"\xff",
		"\xc3\xa9",               /* é: as it is */
		"\xc3",                   /* a lead byte alone */
		"\xc3\\xa9",              /* a lead byte, then the characters \xa9 */
		"\\xc3\\xa9",             /* the characters, twice: read back as c3, \xa9 */
		"\\xff",                  /* the characters: read back as the byte */
		"\\x41\\xFF\\x7f\\x",     /* no byte escape_json would write so */
		"\xe2\x80",               /* a sequence cut */
		"\xe2\x80\xae",           /* a bidi override: \u202e */
		"\xe2\x80\x80\x80",       /* a whole character, then a stray continuation */
		"\xf0\x9f\x98\x80\x80",   /* an emoji, then a stray */
		"\xf0\x9f\x98",           /* an emoji cut */
		"\xed\xa0\x80",           /* a surrogate */
		"\xc0\xaf",               /* an overlong '/' */
		"\xf5\x80\x80\x80",       /* beyond U+10FFFF */
		"\x80\x80\x80\x80\x80",
		"a\x01\x02\x1f\177b", /* octal: \x would take the b */
		"\"quoted\" back\\slash /slash\t\n\r",
		"\xc2\x85\xc2\x9b",       /* C1 controls */
		"\xe2\x80\xa8\xe2\x81\xa6",
		"\\",
		"\\\\xff\\",
		HOSTILE,
	};
	struct pt_event e = base(PT_EV_FILE);
	struct userns_map m;
	struct record r;
	char path[PT_PATH_LEN];
	size_t i, n;

	(void)state;
	e.syscall = PT_SYS_openat;
	e.ret = -EACCES;
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		n = strlen(paths[i]);
		set_path(&e, paths[i], n + 1);
		memset(e.task.comm, 0, sizeof(e.task.comm));
		memcpy(e.task.comm, paths[i], n < PT_COMM_LEN ? n : PT_COMM_LEN);
		enrich(&r, &e, T0, &m);
		round_trip(&r);
	}
	/* bytes that are no UTF-8 come back as themselves */
	set_path(&e, "\xff\xc3(\xe2\x80", 6);
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_memory_equal(rb.e.path, "\xff\xc3(\xe2\x80", 6);

	/* the longest path: 255 bytes, flagged, every one escaped */
	memset(path, 0xfe, sizeof(path));
	path[PT_PATH_LEN - 1] = 0;
	set_path(&e, path, PT_PATH_LEN);
	e.flags = PT_F_PATH_TRUNC;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_int_equal(rb.e.path_len, PT_PATH_LEN);
	assert_true(rb.e.flags & PT_F_PATH_TRUNC);
	/* an embedded NUL: json.c writes up to it */
	set_path(&e, "ab\0cd", 6);
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	/* a full comm, no NUL */
	memcpy(e.task.comm, "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4\xf3\xf2\xf1\xf0", 16);
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_memory_equal(rb.e.task.comm, e.task.comm, 16);
}

/* ---- what enrichment adds ---- */

static void test_containers(void **state)
{
	struct pt_event e = base(PT_EV_CAP);
	struct container ct;
	struct userns_map m;
	struct record r;
	int ns_match;

	(void)state;
	e.ret = -EPERM;
	e.cap.cap = CAP_SYS_ADMIN;
	for (ns_match = -1; ns_match <= 1; ns_match++) {
		docker_container(&ct, "web", "nginx:1.27");
		enrich(&r, &e, T0, &m);
		r.ct = &ct;
		r.cgroup_path = ct.cgroup;
		r.ns_match = ns_match;
		r.host_user = "dockremap";
		r.ns_user = "root";
		round_trip(&r);
		assert_non_null(rb.r.ct);
		assert_string_equal(rb.ct.id, DOCKER_ID);
		assert_string_equal(rb.ct.cgroup, ct.cgroup);
		assert_int_equal(rb.r.ns_match, ns_match);
		assert_true(rb.ct.meta_done);

		/* a Kubernetes pod's, named by the runtime */
		k8s_container(&ct);
		r.ct = &ct;
		round_trip(&r);
		assert_string_equal(rb.ct.meta.pod_name, ct.meta.pod_name);
		/* the pod uid from the cgroup path only, before the runtime answered */
		memset(&ct.meta, 0, sizeof(ct.meta));
		ct.meta_done = false;
		round_trip(&r);
		assert_false(rb.ct.meta_done);
		/* a pod with a name but no uid, a namespace */
		k8s_container(&ct);
		ct.pod_uid[0] = ct.meta.pod_uid[0] = 0;
		round_trip(&r);
		/* hostile names everywhere a container chooses them */
		docker_container(&ct, HOSTILE, HOSTILE);
		snprintf(ct.meta.pod_name, sizeof(ct.meta.pod_name), "%s", HOSTILE);
		snprintf(ct.meta.pod_namespace, sizeof(ct.meta.pod_namespace), "%s", HOSTILE);
		snprintf(ct.meta.k8s_container, sizeof(ct.meta.k8s_container), "%s", HOSTILE);
		r.host_user = HOSTILE;
		r.ns_user = HOSTILE "\xff";
		r.cgroup_path = HOSTILE;
		round_trip(&r);
		assert_string_equal(rb.ct.meta.name, HOSTILE);
		assert_string_equal(rb.ns_user, HOSTILE "\xff");
		/* an LXC container, named by its cgroup alone */
		memset(&ct, 0, sizeof(ct));
		ct.runtime = CT_RT_LXC;
		snprintf(ct.id, sizeof(ct.id), "build-box");
		snprintf(ct.cgroup, sizeof(ct.cgroup), "/lxc.payload.build-box");
		r.cgroup_path = ct.cgroup;
		r.host_user = NULL;
		r.ns_user = "";
		round_trip(&r);
		assert_int_equal(rb.ct.runtime, CT_RT_LXC);
	}
	/* a cgroup path the record has without a container (no enrich stage makes it, json.c writes it) */
	enrich(&r, &e, T0, &m);
	r.cgroup_path = "/user.slice";
	round_trip(&r);
}

static void test_host_and_names(void **state)
{
	struct pt_event e = host_user(PT_EV_CAP, 1000);
	struct userns_map m;
	struct record r;

	(void)state;
	e.ret = -EPERM;
	e.cap.cap = CAP_NET_ADMIN;
	e.cap.target_userns_inum = INIT_USERNS;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_null(rb.r.ct);
	assert_null(rb.r.host_user);
	assert_true(rb.map.root_is_host_root);
	r.host_user = "marc";
	round_trip(&r);
	assert_string_equal(rb.r.host_user, "marc");
	assert_null(rb.r.ns_user);
	/* no map at all: a record no enrich stage saw */
	r.map = NULL;
	round_trip(&r);
	assert_null(rb.r.map);
	/* every ns id unmapped */
	e = base(PT_EV_CAP);
	e.ret = -EPERM;
	memset(&e.cred.ns, 0xff, sizeof(e.cred.ns));
	enrich(&r, &e, T0, &m);
	r.ns_user = "nobody";
	round_trip(&r);
	assert_int_equal(rb.e.cred.ns.euid, PT_ID_UNMAPPED);
	/* the host's ids at their largest */
	memset(&e.cred.host, 0xff, sizeof(e.cred.host));
	enrich(&r, &e, T0, &m);
	round_trip(&r);
}

static void test_userns_maps(void **state)
{
	static const __u32 counts[] = { 0, 1, 2, 5, 6, 340 };
	struct pt_event e = base(PT_EV_CAP);
	struct userns_map m;
	struct record r;
	size_t i;

	(void)state;
	e.ret = -EPERM;
	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		set_extents(&e.task.uid_map, counts[i]);
		set_extents(&e.task.gid_map, counts[(i + 2) % ARRAY_SIZE(counts)]);
		enrich(&r, &e, T0, &m);
		round_trip(&r);
		assert_int_equal(rb.e.task.uid_map.nr_extents,
				 counts[i] > 5 ? PT_MAP_INLINE_EXTENTS + 1 : counts[i]);
		assert_memory_equal(rb.e.task.uid_map.extent, e.task.uid_map.extent,
				    sizeof(e.task.uid_map.extent));
	}
	/* root is host root: 0:0:1 in a child namespace; the largest numbers */
	set_extents(&e.task.uid_map, 2);
	e.task.uid_map.extent[0] = (struct pt_extent){ 0, 0, 1 };
	e.task.uid_map.extent[1] = (struct pt_extent){ 0xffffffffu, 0xffffffffu, 0xffffffffu };
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_true(rb.map.root_is_host_root);
	/* the init namespace: its identity, whatever the event's extents */
	e.task.userns_level = 0;
	enrich(&r, &e, T0, &m);
	round_trip(&r);
	assert_int_equal(rb.e.task.uid_map.nr_extents, 0);
}

static void test_repeat(void **state)
{
	struct pt_event e = base(PT_EV_FILE);
	struct userns_map m;
	struct record r;

	(void)state;
	e.syscall = PT_SYS_openat;
	e.ret = -EACCES;
	set_path(&e, "/etc/shadow", 12);
	e.repeat = 299999;
	e.task.ts_ns = 9000000000ULL;
	e.repeat_first_ns = 4500000000ULL;
	enrich(&r, &e, T0, &m);
	r.seq = 18446744073709551615ULL;
	round_trip(&r);
	assert_int_equal(rb.e.repeat, 299999);
	assert_true(rb.r.first_real_ns == T0 - 4500000000ULL);
	assert_true(rb.r.seq == 18446744073709551615ULL);
	/* the clock's ends */
	e.repeat = 0xffffffffu;
	enrich(&r, &e, 18446744073709551615ULL, &m);
	r.first_real_ns = 0;
	round_trip(&r);
	assert_true(rb.r.real_ns == 18446744073709551615ULL);
}

/* Any bytes, any kind, made well-formed as the kernel and decode_event make them. */
static void test_random_events(void **state)
{
	static const __u32 kinds[] = { PT_EV_CAP, PT_EV_CRED, PT_EV_EXEC, PT_EV_FILE };
	static struct container ct;
	struct userns_map m;
	struct pt_event e;
	struct record r;
	unsigned char *p;
	size_t j;
	int i;

	(void)state;
	srand(7);
	for (i = 0; i < 20000; i++) {
		p = (unsigned char *)&e;
		for (j = 0; j < sizeof(e); j++)
			p[j] = rand();
		e.kind = kinds[i % 4];
		e.path_len %= PT_PATH_LEN + 1;
		if (e.path_len) /* the kernel's are NUL-terminated */
			e.path[e.path_len - 1] = 0;
		e.syscall %= PT_SYS_MAX;
		if (i & 8)
			e.hook %= PT_HOOK_MAX + 1;
		if (i & 16)
			e.task.userns_level = 0;
		if (i & 32)
			e.ret = -(rand() % 140);
		if (i & 64)
			e.task.uid_map.nr_extents %= 8;
		/* a third are few capabilities: the truncation of a phrase, or not */
		if (i % 3 == 0) {
			e.sys_caps_denied &= e.sys_caps_granted >> 3;
			e.sys_caps_granted &= e.cred.cap_inheritable;
		}
		enrich(&r, &e, (__u64)rand() * 1000000007ULL, i & 128 ? NULL : &m);
		r.seq = (__u64)rand() << 31 | rand();
		if (i & 256) {
			memset(&ct, 0, sizeof(ct));
			ct.runtime = 1 + rand() % (CT_RT_MAX - 1);
			for (j = 0; j < 20; j++)
				ct.id[j] = 1 + rand() % 255;
			if (i & 512)
				for (j = 0; j < 30; j++)
					ct.meta.pod_uid[j] = 1 + rand() % 255;
			r.ct = &ct;
			r.ns_match = rand() % 3 - 1;
		}
		round_trip(&r);
	}
}

/* ---- refused ---- */

static void refused(const char *p, size_t len, const char *want)
{
	const char *why = NULL;
	char *copy = malloc(len ? len : 1);

	/* a copy exactly as long: reading one byte past it is the sanitizer's to catch */
	assert_non_null(copy);
	memcpy(copy, p, len);
	if (!rebuild_json(copy, len, &rb, &why))
		fail_msg("taken: %.*s", (int)len, p);
	assert_non_null(why);
	if (want && !strstr(why, want))
		fail_msg("refused for \"%s\", not \"%s\": %.*s", why, want, (int)len, p);
	free(copy);
}

#define REFUSED(s, want) refused((s), strlen(s), (want))

/* line with its first `from` replaced by `to`, refused. */
static void refused_edit(const char *line, const char *from, const char *to, const char *want)
{
	static char edit[16384];
	const char *at = strstr(line, from);
	size_t a, f = strlen(from), t = strlen(to), n = strlen(line);

	if (!at)
		fail_msg("no %s in %s", from, line);
	a = at - line;
	assert_true(n - f + t < sizeof(edit));
	memcpy(edit, line, a);
	memcpy(edit + a, to, t);
	memcpy(edit + a + t, at + f, n - a - f);
	refused(edit, n - f + t, want);
}

static void test_refused(void **state)
{
	static char line[16384];
	static struct wbuf w = WBUF_INIT;
	struct pt_event e = base(PT_EV_CRED);
	struct container ct;
	struct userns_map m;
	struct record r;
	struct health h;
	size_t n, i;

	(void)state;
	e.syscall = PT_SYS_setresuid;
	e.ret = -EPERM;
	e.sys_caps_denied = CAPBIT(CAP_SETUID);
	e.change.new_cred = e.cred;
	set_path(&e, "/x", 3);
	k8s_container(&ct);
	enrich(&r, &e, T0, &m);
	r.ct = &ct;
	r.cgroup_path = ct.cgroup;
	r.ns_match = 1;
	r.host_user = "root";
	line_of(&w, &r);
	n = w.len - 1;
	memcpy(line, w.buf, n);
	line[n] = 0;
	same_again(line, n);

	/* the reason is where the checks inside the syscall are: another one is another event */
	{
		char *at = strstr(line, "CAP_SETUID held");
		const char *why;

		memcpy(at, "CAP_SETGID", 10);
		assert_int_equal(rebuild_json(line, n, &rb, &why), 0);
		assert_true(rb.e.sys_caps_denied == CAPBIT(CAP_SETGID));
		same_again(line, n);
		memcpy(at, "CAP_SETUID", 10);
	}

	/* every cut of it */
	for (i = 0; i < n; i++)
		refused(line, i, NULL);
	REFUSED("", NULL);
	/* a metric record, each kind */
	wbuf_reset(&w);
	json_lost(&w, T0, 5, 1, 2);
	refused(w.buf, w.len - 1, "not an event record");
	memset(&h, 0, sizeof(h));
	h.real_ns = T0;
	wbuf_reset(&w);
	json_health(&w, &h);
	refused(w.buf, w.len - 1, "not an event record");
	wbuf_reset(&w);
	json_dropped(&w, "file:/x", 1, 1, T0);
	refused(w.buf, w.len - 1, "not an event record");
	/* no privtrace JSON */
	REFUSED("{}", NULL);
	REFUSED("[]", NULL);
	REFUSED("\"event\"", NULL);
	REFUSED("{\"a\":1}", "unknown field");
	REFUSED("{\"event\":{\"kind\":\"event\"}}", NULL);
	REFUSED("null", NULL);
	REFUSED("{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\"", NULL);
	/* the line, then more; whitespace; a newline */
	refused_edit(line, "}}}", "}}} ", NULL);
	refused_edit(line, "}}}", "}}}\n", NULL);
	refused_edit(line, "{\"@timestamp\"", "{ \"@timestamp\"", NULL);
	refused_edit(line, "\"pid\":4011", "\"pid\" : 4011", NULL);
	/* wrong types */
	refused_edit(line, "\"pid\":4011", "\"pid\":\"4011\"", "number");
	refused_edit(line, "\"pid\":4011", "\"pid\":4011.0", NULL);
	refused_edit(line, "\"pid\":4011", "\"pid\":4e3", NULL);
	refused_edit(line, "\"pid\":4011", "\"pid\":-4011", NULL);
	refused_edit(line, "\"pid\":4011", "\"pid\":null", NULL);
	refused_edit(line, "\"pid\":4011", "\"pid\":04011", NULL);
	refused_edit(line, "\"user\":{\"id\":\"100000\"", "\"user\":{\"id\":100000", NULL);
	refused_edit(line, "\"name\":\"cat\"", "\"name\":7", NULL);
	refused_edit(line, "\"ns_match\":true", "\"ns_match\":1", "boolean");
	refused_edit(line, "\"effective\":[", "\"effective\":{", NULL);
	refused_edit(line, "\"uid\":0,", "\"uid\":\"0\",", NULL);
	refused_edit(line, "\"args\":[", "\"args\":[\"1\",", NULL);
	refused_edit(line, "\"level\":1", "\"level\":true", NULL);
	/* huge numbers */
	refused_edit(line, "\"pid\":4011", "\"pid\":4294967296", "range");
	refused_edit(line, "\"pid\":4011", "\"pid\":99999999999999999999999", "range");
	refused_edit(line, "\"sequence\":42", "\"sequence\":18446744073709551616", "range");
	refused_edit(line, "\"ret\":-1", "\"ret\":-2147483649", "range");
	refused_edit(line, "\"ret\":-1", "\"ret\":-0", NULL);
	refused_edit(line, "\"@timestamp\":\"2026", "\"@timestamp\":\"9026", "time");
	refused_edit(line, "09:04:06.123456789Z", "09:04:06.123456789+00:00", "time");
	refused_edit(line, "09:04:06.123456789Z", "09:04:06Z", "time");
	/* unknown names */
	refused_edit(line, "\"CAP_CHOWN\"", "\"CAP_CHOWNED\"", "unknown capability");
	refused_edit(line, "\"CAP_CHOWN\"", "\"CAP_FOO\"", "unknown capability");
	refused_edit(line, "\"CAP_CHOWN\"", "\"7\"", "unknown capability");
	refused_edit(line, "\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\"", "\"CAP_DAC_OVERRIDE\",\"CAP_CHOWN\"",
		     "unknown capability");
	refused_edit(line, "\"setresuid\"", "\"setresuid2\"", "syscall");
	refused_edit(line, "\"x86_64\"", "\"arm64\"", "abi");
	refused_edit(line, "\"tracepoint/syscalls\"", "\"uprobe\"", "hook");
	refused_edit(line, "\"containerd\"", "\"rkt\"", "runtime");
	refused_edit(line, "\"cap_outside_userns\"", "\"no_idea\"", "reason");
	refused_edit(line, "\"cap_outside_userns\"", "\"cap_not_effective\"", "reason");
	refused_edit(line, "\"EPERM\"", "\"EACCES\"", "errno");
	refused_edit(line, "\"version\":\"9.4.0\"", "\"version\":\"8.11.0\"", "ecs");
	refused_edit(line, "\"kind\":\"event\"", "\"kind\":\"alert\"", "not an event");
	refused_edit(line, "\"pid\":4011", "\"pid\":4011,\"pgid\":1", "unknown field");
	refused_edit(line, "\"pid\":4011", "\"pid\":4011,\"pid\":1", "twice");
	refused_edit(line, "\"user\":{\"id\":\"100000\",\"name\":\"root\"}",
		     "\"user\":{\"name\":\"root\",\"id\":\"100000\"}", "order");
	refused_edit(line, "\"name\":\"cat\",", "", "missing");
	/* fields missing */
	refused_edit(line, "\"pid\":4011,", "", "missing");
	refused_edit(line, "\"ret\":-1,", "", "missing");
	refused_edit(line, ",\"sequence\":42", "", "missing");
	refused_edit(line, "\"ecs\":{\"version\":\"9.4.0\"},", "", "missing");
	/* what the event says against what it is */
	refused_edit(line, "\"outcome\":\"failure\"", "\"outcome\":\"success\"", "disagree");
	refused_edit(line, "\"action\":\"setuid\"", "\"action\":\"setgid\"", "disagree");
	refused_edit(line, "\"type\":[\"change\",\"user\"]", "\"type\":[\"change\",\"group\"]",
		     "disagree");
	refused_edit(line, "\"category\":[\"iam\"]", "\"category\":[\"file\"]", NULL);
	refused_edit(line, "CAP_SETUID held", "CAP_SETUID, CAP_SETGID held", "reason");
	refused_edit(line, "the target belongs", "the target is", "reason");
	refused_edit(line, "\"user\":{\"id\":\"100000\"", "\"user\":{\"id\":\"0\"", "user.id");
	refused_edit(line, "\"args\":[0,0,0]", "\"args\":[0,0]", "args");
	refused_edit(line, "\"map\":{\"uid\":\"\"", "\"map\":{\"uid\":\"1:2\"", "map");
	refused_edit(line, "\"root_is_host_root\":false", "\"root_is_host_root\":true", "map");
	/* strings no event holds */
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"cat\\u0000\"", "escape");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"cat\\ud800\\udc00\"", "escape");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"cat\\q\"", "escape");
	/* JSON, but not as escape_json writes it: the same name would come back other bytes */
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"c\\/t\"", "escape");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"c\\bt\"", "escape");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"c\\u0041t\"", "escape");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"c\\u001Bt\"", "escape");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"c\\u000at\"", "escape");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"c\x7ft\"", "escape");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"c\xc2\x85t\"", "escape");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"c\xe2\x80\xaet\"", "escape");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"c\xff\"", "UTF-8");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"c\x01\"", "escape");
	refused_edit(line, "\"name\":\"cat\"", "\"name\":\"0123456789abcdefg\"", "too long");
	refused_edit(line, "\"name\":\"nginx\"", "\"name\":\"\"", "empty");
	refused_edit(line, "\"path\":\"/x\"",
		     "\"path\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"", "too long");
}

/* Random damage to good lines: refused or taken, never a crash or a read past the line. */
static void test_damaged(void **state)
{
	static char line[16384];
	static struct wbuf w = WBUF_INIT;
	const char *why;
	struct userns_map m;
	struct pt_event e;
	struct record r;
	size_t n, j;
	int i, k;
	char *copy;

	(void)state;
	srand(11);
	for (i = 0; i < 3000; i++) {
		e = i & 1 ? base(PT_EV_FILE) : host_user(PT_EV_CRED, 1000);
		e.syscall = i & 1 ? PT_SYS_openat : PT_SYS_setuid;
		e.ret = -EPERM;
		e.change.new_cred = e.cred;
		set_path(&e, "\xff/a\\b", sizeof("\xff/a\\b"));
		enrich(&r, &e, T0, &m);
		line_of(&w, &r);
		n = w.len - 1;
		memcpy(line, w.buf, n);
		for (k = 0; k < 1 + i % 4; k++) {
			j = rand() % n;
			line[j] = i & 2 ? rand() : "\"{}[],:\\0-9eu"[rand() % 14];
		}
		copy = malloc(n);
		assert_non_null(copy);
		memcpy(copy, line, n);
		(void)rebuild_json(copy, n, &rb, &why);
		free(copy);
	}
}

/* ---- the integration suite's outputs ---- */

#define EVENT_KIND "\"event\":{\"kind\":\"event\""

static unsigned long dir_lines;

static int json_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	FILE *f;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;

	(void)st;
	(void)ftw;
	if (type != FTW_F || strlen(path) < 5 || strcmp(path + strlen(path) - 5, ".json"))
		return 0;
	f = fopen(path, "r");
	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	while ((n = getline(&buf, &cap, f)) > 0) {
		if (buf[n - 1] == '\n')
			n--;
		/* event records: every one json_record writes has these bytes, metric records not */
		if (!memmem(buf, n, EVENT_KIND, sizeof(EVENT_KIND) - 1))
			continue;
		same_again(buf, n);
		dir_lines++;
	}
	free(buf);
	fclose(f);
	return 0;
}

static void test_json_dir(void **state)
{
	const char *dir = getenv("PT_JSON_DIR");

	(void)state;
	if (!dir || !*dir)
		skip();
	assert_int_equal(nftw(dir, json_file, 16, FTW_PHYS), 0);
	print_message("%lu event records of %s read back the same\n", dir_lines, dir);
}

/* ---- how long ---- */

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static void bench(const char *what, const struct record *r)
{
	static struct wbuf w = WBUF_INIT;
	const char *why;
	double t0, t1;
	int i, n = 200000;

	line_of(&w, r);
	t0 = now();
	for (i = 0; i < n; i++)
		if (rebuild_json(w.buf, w.len - 1, &rb, &why))
			fail_msg("refused: %s", why);
	t1 = now();
	print_message("%-42s %5zu bytes: %.3f us a line\n", what, w.len, (t1 - t0) / n * 1e6);
}

static void test_bench(void **state)
{
	struct pt_event e = base(PT_EV_FILE);
	struct container ct;
	struct userns_map m;
	struct record r;

	(void)state;
	if (!getenv("PT_REBUILD_BENCH"))
		skip();
	e.syscall = PT_SYS_openat;
	e.ret = -EACCES;
	e.sys_caps_granted = DAC_READ_CAPS;
	set_path(&e, "/host/etc/shadow", 17);
	set_extents(&e.task.uid_map, 1);
	set_extents(&e.task.gid_map, 1);
	docker_container(&ct, "web", "nginx:1.27");
	/* Docker's default set: the common container record, about 2 KB */
	e.cred.cap_effective = e.cred.cap_permitted = 0xa80425fbULL;
	enrich(&r, &e, T0, &m);
	r.ct = &ct;
	r.cgroup_path = ct.cgroup;
	r.ns_match = 1;
	r.host_user = "dockremap";
	r.ns_user = "root";
	bench("file denial, docker, default capabilities", &r);
	e.cred.cap_effective = e.cred.cap_permitted = 0x1ffffffffffULL;
	enrich(&r, &e, T0, &m);
	r.ct = &ct;
	r.cgroup_path = ct.cgroup;
	r.ns_match = 1;
	r.host_user = "dockremap";
	r.ns_user = "root";
	bench("file denial, docker, all capabilities", &r);
	e = host_user(PT_EV_CAP, 1000);
	e.ret = -EPERM;
	e.cap.cap = CAP_SYS_ADMIN;
	e.syscall = PT_SYS_openat;
	set_path(&e, "/dev/kmsg", 10);
	enrich(&r, &e, T0, &m);
	r.host_user = "marc";
	bench("capability, host, no capabilities", &r);
	e = base(PT_EV_CRED);
	e.syscall = PT_SYS_setresuid;
	e.change.new_cred = e.cred;
	k8s_container(&ct);
	enrich(&r, &e, T0, &m);
	r.ct = &ct;
	r.cgroup_path = ct.cgroup;
	bench("setresuid, kubernetes, all capabilities", &r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capability),
		cmocka_unit_test(test_credentials),
		cmocka_unit_test(test_exec),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_long_reasons),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_containers),
		cmocka_unit_test(test_host_and_names),
		cmocka_unit_test(test_userns_maps),
		cmocka_unit_test(test_repeat),
		cmocka_unit_test(test_random_events),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_json_dir),
		cmocka_unit_test(test_bench),
	};
	int rc = cmocka_run_group_tests_name("report_rebuild_json", tests, NULL, NULL);

	print_message("%lu lines read back the same\n", round_trips);
	return rc;
}
