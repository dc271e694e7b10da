// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * JSON Lines output (user/format_json.c) on hand-built, realistic events.
 * Every line produced is parsed by a strict reader below (one line, compact,
 * valid UTF-8, no raw control byte, no duplicate key), and every field it
 * holds is checked against docs/schema.md's names and types; the events
 * that matter most are compared whole.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* fmemopen, setenv */
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

#include "fixtures.h"

#include "format_json.h"

#define T0 1795511046123456789ULL /* 2026-11-24T09:04:06.123456789Z */

static char buf[16384];

/* ---- a strict reader for one record ---- */

#define MAX_LEAVES 128
static struct leaf {
	char path[128];
	char type; /* s string, n number, z null, b boolean, S array of strings, N of numbers */
	const char *val;
	size_t len;
} leaves[MAX_LEAVES];
static int nleaves;
static const char *cur;

#define bad(...) fail_msg(__VA_ARGS__)

static void add_leaf(const char *path, char type, const char *start)
{
	assert_true(nleaves < MAX_LEAVES);
	snprintf(leaves[nleaves].path, sizeof(leaves[nleaves].path), "%s", path);
	leaves[nleaves].type = type;
	leaves[nleaves].val = start;
	leaves[nleaves].len = cur - start;
	nleaves++;
}

/* Length of one valid, shortest-form, non-control UTF-8 character at p; 0 if none. */
static size_t good_char(const unsigned char *p)
{
	unsigned int c;

	if (p[0] >= 0x20 && p[0] < 0x7f)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf && (p[1] & 0xc0) == 0x80) {
		c = (p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		return c >= 0xa0 ? 2 : 0; /* C1 controls must be escaped */
	}
	if (p[0] >= 0xe0 && p[0] <= 0xef && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
		c = (p[0] & 0x0f) << 12 | (p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		if ((c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
			return 0; /* separators and bidi controls must be escaped */
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
	    (p[3] & 0xc0) == 0x80) {
		c = (p[0] & 0x07) << 18 | (p[1] & 0x3f) << 12 | (p[2] & 0x3f) << 6 | (p[3] & 0x3f);
		return c >= 0x10000 && c <= 0x10ffff ? 4 : 0;
	}
	return 0;
}

static void parse_string(char *out, size_t outlen)
{
	size_t k, w = 0;

	if (*cur != '"')
		bad("string expected at: %.40s", cur);
	cur++;
	while (*cur != '"') {
		if (*cur == '\\') {
			cur++;
			if (*cur == 'u') {
				if (strspn(cur + 1, "0123456789abcdef") < 4)
					bad("bad \\u escape at: %.20s", cur);
				cur += 5;
			} else if (strchr("\"\\/bfnrt", *cur) && *cur) {
				cur++;
			} else {
				bad("bad escape at: %.20s", cur - 1);
			}
			if (out && w + 1 < outlen)
				out[w++] = '?';
			continue;
		}
		k = good_char((const unsigned char *)cur);
		if (!k)
			bad("raw byte 0x%02x not allowed at: %.20s", (unsigned char)*cur, cur);
		if (out && w + k < outlen)
			memcpy(out + w, cur, k), w += k;
		cur += k;
	}
	cur++;
	if (out)
		out[w] = 0;
}

static void parse_number(void)
{
	if (*cur == '-')
		cur++;
	if (*cur == '0')
		cur++;
	else if (*cur >= '1' && *cur <= '9')
		cur += strspn(cur, "0123456789");
	else
		bad("number expected at: %.40s", cur);
}

static void parse_value(const char *path);

static void parse_object(const char *path)
{
	char keys[32][64], child[192];
	int n = 0, i;

	cur++; /* { */
	if (*cur == '}') {
		cur++;
		return;
	}
	for (;;) {
		assert_true(n < 32);
		parse_string(keys[n], sizeof(keys[n]));
		for (i = 0; i < n; i++)
			if (!strcmp(keys[i], keys[n]))
				bad("duplicate key %s in %s", keys[n], *path ? path : "the record");
		if (*cur++ != ':')
			bad("':' expected at: %.40s", cur - 1);
		if (snprintf(child, sizeof(child), "%s%s%s", path, *path ? "." : "", keys[n]) >=
		    (int)sizeof(child))
			bad("path too deep: %s.%s", path, keys[n]);
		parse_value(child);
		n++;
		if (*cur == '}') {
			cur++;
			return;
		}
		if (*cur++ != ',')
			bad("',' or '}' expected at: %.40s", cur - 1);
	}
}

static void parse_array(const char *path)
{
	const char *start = cur;
	char type = 0, t;

	cur++; /* [ */
	while (*cur != ']') {
		if (*cur == '"') {
			parse_string(NULL, 0);
			t = 'S';
		} else {
			parse_number();
			t = 'N';
		}
		if (type && t != type)
			bad("mixed array %s", path);
		type = t;
		if (*cur == ',' && cur[1] != ']')
			cur++;
		else if (*cur != ']')
			bad("',' or ']' expected at: %.40s", cur);
	}
	cur++;
	add_leaf(path, type ? type : 'A', start); /* A: empty, either kind */
}

static void parse_value(const char *path)
{
	const char *start = cur;

	if (*cur == '{') {
		parse_object(path);
	} else if (*cur == '[') {
		parse_array(path);
	} else if (*cur == '"') {
		parse_string(NULL, 0);
		add_leaf(path, 's', start);
	} else if (!strncmp(cur, "null", 4)) {
		cur += 4;
		add_leaf(path, 'z', start);
	} else if (!strncmp(cur, "true", 4) || !strncmp(cur, "false", 5)) {
		cur += *cur == 't' ? 4 : 5;
		add_leaf(path, 'b', start);
	} else {
		parse_number();
		add_leaf(path, 'n', start);
	}
}

/*
 * docs/schema.md: every field a record may hold, and the types it may
 * have (letters as in struct leaf; a trailing * matches one last name).
 */
static const struct {
	const char *path, *types;
} schema[] = {
	{ "@timestamp", "s" },
	{ "event.kind", "s" },
	{ "event.category", "S" },
	{ "event.type", "S" },
	{ "event.action", "s" },
	{ "event.outcome", "s" },
	{ "process.pid", "n" },
	{ "process.thread.id", "n" },
	{ "process.name", "s" },
	{ "process.parent.pid", "n" },
	{ "user.id", "s" },
	{ "file.path", "s" },
	{ "file.uid", "s" },
	{ "file.gid", "s" },
	{ "file.mode", "s" },
	{ "privtrace.host.*", "n" },
	{ "privtrace.ns.*", "nz" },
	{ "privtrace.caps.*", "s" },
	{ "privtrace.pidns.*", "n" },
	{ "privtrace.userns.inum", "n" },
	{ "privtrace.userns.level", "n" },
	{ "privtrace.userns.owner_uid", "n" },
	{ "privtrace.mntns.inum", "n" },
	{ "privtrace.cgroupns.inum", "n" },
	{ "privtrace.cgroup.id", "n" },
	{ "privtrace.syscall", "s" },
	{ "privtrace.hook", "s" },
	{ "privtrace.ret", "n" },
	{ "privtrace.errno", "s" },
	{ "privtrace.path_truncated", "b" },
	{ "privtrace.path_unreadable", "b" },
	{ "privtrace.capability.name", "s" },
	{ "privtrace.capability.id", "n" },
	{ "privtrace.capability.target_userns.inum", "n" },
	{ "privtrace.capability.target_userns.level", "n" },
	{ "privtrace.capability.capable_userns.inum", "n" },
	{ "privtrace.capability.noaudit", "b" },
	{ "privtrace.file.owner_ns_uid", "nz" },
	{ "privtrace.file.owner_ns_gid", "nz" },
	{ "privtrace.file.access", "SA" },
	{ "privtrace.args", "N" },
	{ "privtrace.new.host.*", "n" },
	{ "privtrace.new.ns.*", "nz" },
	{ "privtrace.new.caps.*", "s" },
	{ "privtrace.secureexec", "b" },
	{ "privtrace.lost.events", "n" },
	{ "privtrace.lost.total", "n" },
};

static int schema_allows(const struct leaf *l)
{
	const char *ids = " uid euid suid fsuid gid egid sgid fsgid ";
	const char *sets = " effective permitted inheritable ", *pidns = " inum pid tid ";
	size_t i, plen;
	char last[40];

	for (i = 0; i < sizeof(schema) / sizeof(schema[0]); i++) {
		plen = strlen(schema[i].path);
		if (schema[i].path[plen - 1] != '*') {
			if (!strcmp(l->path, schema[i].path))
				return strchr(schema[i].types, l->type) != NULL;
			continue;
		}
		if (strncmp(l->path, schema[i].path, plen - 1) || strchr(l->path + plen - 1, '.'))
			continue;
		snprintf(last, sizeof(last), " %s ", l->path + plen - 1);
		if (!strstr(strstr(schema[i].path, "caps") ? sets :
			    strstr(schema[i].path, "pidns") ? pidns : ids, last))
			return 0;
		return strchr(schema[i].types, l->type) != NULL;
	}
	return 0;
}

/* Parse one line: exactly one object, then '\n', then nothing. */
static void parse_line(const char *line)
{
	size_t i;

	nleaves = 0;
	cur = line;
	if (*cur != '{')
		bad("a record starts with '{': %s", line);
	parse_value("");
	if (cur[0] != '\n' || cur[1] != 0)
		bad("one record, one line, then nothing: %s", cur);
	for (i = 0; i < (size_t)nleaves; i++)
		if (!schema_allows(&leaves[i]))
			bad("field %s (type %c) is not in docs/schema.md", leaves[i].path,
			    leaves[i].type);
}

static const struct leaf *find(const char *path)
{
	int i;

	for (i = 0; i < nleaves; i++)
		if (!strcmp(leaves[i].path, path))
			return &leaves[i];
	return NULL;
}

/* The field's JSON text is exactly want. */
static void field_is(const char *path, const char *want)
{
	const struct leaf *l = find(path);

	if (!l)
		fail_msg("missing %s in %s", path, buf);
	if (l->len != strlen(want) || memcmp(l->val, want, l->len))
		fail_msg("%s is %.*s, want %s", path, (int)l->len, l->val, want);
}

static void field_absent(const char *path)
{
	const struct leaf *l = find(path);
	int i;

	if (l)
		fail_msg("%s should be absent, is %.*s", path, (int)l->len, l->val);
	for (i = 0; i < nleaves; i++) /* nor any field below it */
		if (!strncmp(leaves[i].path, path, strlen(path)) &&
		    leaves[i].path[strlen(path)] == '.')
			fail_msg("%s should be absent, has %s", path, leaves[i].path);
}

/* ---- events ---- */

static const char *as_json(const struct pt_event *e, __u64 t)
{
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	json_event(f, e, t);
	fclose(f);
	parse_line(buf);
	return buf;
}

#define COMMON_CONTAINER                                                                   \
	"\"caps\":{\"effective\":\"0x000001ffffffffff\",\"permitted\":\"0x000001ffffffffff\","   \
	"\"inheritable\":\"0x0000000000000000\"},\"pidns\":{\"inum\":4026532179,\"pid\":7,"     \
	"\"tid\":8},\"userns\":{\"inum\":4026532177,\"level\":1,\"owner_uid\":1000},"          \
	"\"mntns\":{\"inum\":4026532178},\"cgroupns\":{\"inum\":4026531835},"                  \
	"\"cgroup\":{\"id\":8812}"

/* CAP_DAC_OVERRIDE refused inside openat of a path built to forge a record. */
static void test_capability_denied_hostile_path(void **state)
{
	static const char path[] = "/etc/shadow\"}\n{\"event\":{\"kind\":\"event\"}}\x1b[31m\xff"
				   "\xe2\x80\xae";
	struct pt_event e = base(PT_EV_CAP);

	(void)state;
	e.ret = -EPERM;
	e.syscall = PT_SYS_openat;
	e.hook = PT_HOOK_TP_CAP_CAPABLE;
	e.flags = PT_F_IN_SYSCALL;
	e.cap.cap = 1;
	e.cap.target_userns_inum = INIT_USERNS;
	e.cap.target_userns_level = 0;
	memcpy(e.task.comm, "x\"}\n\xc0\xaf\x9b" "2Jabcdefghi", 16); /* full: no NUL */
	e.cred.ns.fsgid = PT_ID_UNMAPPED;
	set_path(&e, path, sizeof(path));
	assert_string_equal(as_json(&e, T0),
		"{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\","
		"\"event\":{\"kind\":\"event\",\"category\":[\"process\"],\"type\":[\"access\",\"denied\"],"
		"\"action\":\"capability\",\"outcome\":\"failure\"},"
		"\"process\":{\"pid\":4011,\"thread\":{\"id\":4012},"
		"\"name\":\"x\\\"}\\n\\\\xc0\\\\xaf\\\\x9b2Jabcdefg\",\"parent\":{\"pid\":4000}},"
		"\"user\":{\"id\":\"100000\"},"
		"\"file\":{\"path\":\"/etc/shadow\\\"}\\n{\\\"event\\\":{\\\"kind\\\":\\\"event\\\"}}"
		"\\u001b[31m\\\\xff\\u202e\"},"
		"\"privtrace\":{\"syscall\":\"openat\",\"hook\":\"tp_btf/cap_capable\",\"ret\":-1,"
		"\"errno\":\"EPERM\","
		"\"host\":{\"uid\":100000,\"euid\":100000,\"suid\":100000,\"fsuid\":100000,"
		"\"gid\":100000,\"egid\":100000,\"sgid\":100000,\"fsgid\":100000},"
		"\"ns\":{\"uid\":0,\"euid\":0,\"suid\":0,\"fsuid\":0,\"gid\":0,\"egid\":0,\"sgid\":0,"
		"\"fsgid\":null}," COMMON_CONTAINER ","
		"\"capability\":{\"name\":\"CAP_DAC_OVERRIDE\",\"id\":1,"
		"\"target_userns\":{\"inum\":4026531837,\"level\":0}}}}\n");
	field_absent("privtrace.new");
	field_absent("privtrace.args");
	field_absent("privtrace.secureexec");
	field_absent("privtrace.path_truncated");
	field_absent("privtrace.capability.capable_userns");
	field_absent("privtrace.capability.noaudit");

	/* a refusal found no namespace, whatever the hook passed along */
	e.cap.capable_userns_inum = INIT_USERNS;
	as_json(&e, T0);
	field_absent("privtrace.capability.capable_userns");
}

/* Granted, found in the container's namespace; the variants each hook can fill. */
static void test_capability_granted_variants(void **state)
{
	struct pt_event e = base(PT_EV_CAP);

	(void)state;
	e.ret = 0;
	e.hook = PT_HOOK_TP_CAP_CAPABLE;
	e.cap.cap = 21;
	e.cap.target_userns_inum = e.task.userns_inum;
	e.cap.target_userns_level = 1;
	e.cap.capable_userns_inum = e.task.userns_inum;
	e.cred.host.euid = 100005; /* user.id is the effective uid */
	as_json(&e, T0);
	field_is("user.id", "\"100005\"");
	field_is("event.type", "[\"access\",\"allowed\"]");
	field_is("event.outcome", "\"success\"");
	field_is("privtrace.capability.name", "\"CAP_SYS_ADMIN\"");
	field_is("privtrace.capability.capable_userns.inum", "4026532177");
	field_absent("privtrace.syscall"); /* not inside a traced syscall */
	field_absent("privtrace.errno");
	field_absent("file");
	field_absent("privtrace.capability.noaudit");

	/* fexit/security_capable knows the NOAUDIT option, and says false too */
	e.hook = PT_HOOK_FEXIT_SECURITY_CAPABLE;
	e.cap.capable_userns_inum = 0;
	as_json(&e, T0);
	field_is("privtrace.hook", "\"fexit/security_capable\"");
	field_is("privtrace.capability.noaudit", "false");
	field_absent("privtrace.capability.capable_userns");
	e.flags |= PT_F_CAP_NOAUDIT;
	as_json(&e, T0);
	field_is("privtrace.capability.noaudit", "true");

	/* a capability newer than this build: its number, no invented name */
	e.cap.cap = 45;
	as_json(&e, T0);
	field_is("privtrace.capability.id", "45");
	field_absent("privtrace.capability.name");

	/* the NOAUDIT flag means nothing from another hook */
	e.hook = PT_HOOK_KPROBE_CAP_CAPABLE;
	as_json(&e, T0);
	field_absent("privtrace.capability.noaudit");
	field_is("privtrace.hook", "\"kprobe/cap_capable\"");
}

/* setresuid(1000, 1000, -1) where the saved uid has no mapping in the namespace. */
static void test_setresuid_unmapped(void **state)
{
	struct pt_event e = base(PT_EV_CRED);

	(void)state;
	e.syscall = PT_SYS_setresuid;
	e.ret = 0;
	e.cred.ns.suid = PT_ID_UNMAPPED;
	e.cred.host.suid = 0;
	e.change.args[0] = 1000;
	e.change.args[1] = 1000;
	e.change.args[2] = 0xffffffffu; /* as the BPF side stores it: the u32 zero-extended */
	e.change.new_cred = e.cred;
	e.change.new_cred.host.uid = e.change.new_cred.host.euid = 101000;
	e.change.new_cred.host.fsuid = 101000;
	e.change.new_cred.ns.uid = e.change.new_cred.ns.euid = 1000;
	e.change.new_cred.ns.fsuid = 1000;
	e.change.new_cred.cap_effective = 0;
	assert_string_equal(as_json(&e, T0),
		"{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\","
		"\"event\":{\"kind\":\"event\",\"category\":[\"iam\"],\"type\":[\"change\",\"user\"],"
		"\"action\":\"setuid\",\"outcome\":\"success\"},"
		"\"process\":{\"pid\":4011,\"thread\":{\"id\":4012},\"name\":\"cat\","
		"\"parent\":{\"pid\":4000}},\"user\":{\"id\":\"100000\"},"
		"\"privtrace\":{\"syscall\":\"setresuid\",\"hook\":\"tracepoint/syscalls\",\"ret\":0,"
		"\"host\":{\"uid\":100000,\"euid\":100000,\"suid\":0,\"fsuid\":100000,"
		"\"gid\":100000,\"egid\":100000,\"sgid\":100000,\"fsgid\":100000},"
		"\"ns\":{\"uid\":0,\"euid\":0,\"suid\":null,\"fsuid\":0,\"gid\":0,\"egid\":0,\"sgid\":0,"
		"\"fsgid\":0}," COMMON_CONTAINER ","
		"\"args\":[1000,1000,4294967295],"
		"\"new\":{\"host\":{\"uid\":101000,\"euid\":101000,\"suid\":0,\"fsuid\":101000,"
		"\"gid\":100000,\"egid\":100000,\"sgid\":100000,\"fsgid\":100000},"
		"\"ns\":{\"uid\":1000,\"euid\":1000,\"suid\":null,\"fsuid\":1000,\"gid\":0,\"egid\":0,"
		"\"sgid\":0,\"fsgid\":0},"
		"\"caps\":{\"effective\":\"0x0000000000000000\",\"permitted\":\"0x000001ffffffffff\","
		"\"inheritable\":\"0x0000000000000000\"}}}}\n");

	/* a sign-extended -1 in args is still the u32 the kernel took */
	e.change.args[2] = -1;
	as_json(&e, T0);
	field_is("privtrace.args", "[1000,1000,4294967295]");

	/* refused */
	e.ret = -EPERM;
	e.change.new_cred = e.cred;
	as_json(&e, T0);
	field_is("event.outcome", "\"failure\"");
	field_is("privtrace.ret", "-1");
	field_is("privtrace.errno", "\"EPERM\"");
}

/* setfsuid(0) by an unprivileged user: returns the old fsuid, changes nothing. */
static void test_setfsuid_refused(void **state)
{
	struct pt_event e = host_user(PT_EV_CRED, 1000);

	(void)state;
	e.syscall = PT_SYS_setfsuid;
	e.ret = 1000;
	e.change.args[0] = 0;
	e.change.new_cred = e.cred;
	as_json(&e, T0);
	field_is("event.category", "[\"iam\"]");
	field_is("event.type", "[\"change\",\"user\"]");
	field_is("event.action", "\"setuid\"");
	field_is("event.outcome", "\"failure\"");
	field_is("privtrace.ret", "1000");
	field_absent("privtrace.errno"); /* it returned no error */
	field_is("privtrace.args", "[0]");
	field_is("privtrace.new.ns.fsuid", "1000");
	field_is("privtrace.userns.level", "0");

	/* setfsgid that worked */
	e.syscall = PT_SYS_setfsgid;
	e.change.args[0] = 1000;
	as_json(&e, T0);
	field_is("event.action", "\"setgid\"");
	field_is("event.type", "[\"change\",\"group\"]");
	field_is("event.outcome", "\"success\"");
}

static void test_cred_actions(void **state)
{
	struct pt_event e = host_user(PT_EV_CRED, 0);

	(void)state;
	e.change.new_cred = e.cred;
	e.syscall = PT_SYS_capset;
	e.hook = PT_HOOK_LSM_CAPSET;
	as_json(&e, T0);
	field_is("event.type", "[\"change\"]");
	field_is("event.action", "\"capset\"");
	field_absent("privtrace.args"); /* capset takes no ids */
	field_is("privtrace.new.caps.effective", "\"0x0000000000000000\"");

	e.syscall = PT_SYS_setgroups;
	e.hook = PT_HOOK_SYSCALL_TP;
	e.ret = -EINVAL;
	e.change.args[0] = 70000;
	as_json(&e, T0);
	field_is("event.type", "[\"change\",\"group\"]");
	field_is("event.action", "\"setgroups\"");
	field_is("event.outcome", "\"failure\"");
	field_is("privtrace.errno", "\"EINVAL\"");
	field_is("privtrace.args", "[70000]");

	e.syscall = PT_SYS_setreuid;
	e.ret = 0;
	e.change.args[0] = 5;
	e.change.args[1] = 6;
	as_json(&e, T0);
	field_is("privtrace.args", "[5,6]");

	/* an errno this build has no name for: the number is in ret, no invented name */
	e.ret = -512;
	as_json(&e, T0);
	field_is("privtrace.ret", "-512");
	field_absent("privtrace.errno");
}

/* A setuid-root binary run by a user: euid 1000 -> 0, AT_SECURE. */
static void test_exec_secureexec(void **state)
{
	static const char path[] = "/usr/bin/passwd";
	struct pt_event e = host_user(PT_EV_EXEC, 1000);

	(void)state;
	e.syscall = PT_SYS_execve;
	e.hook = PT_HOOK_LSM_BPRM_COMMITTING_CREDS;
	e.flags = PT_F_SECUREEXEC;
	set_path(&e, path, sizeof(path));
	e.change.new_cred = e.cred;
	e.change.new_cred.host.euid = e.change.new_cred.host.suid = 0;
	e.change.new_cred.host.fsuid = 0;
	e.change.new_cred.ns.euid = e.change.new_cred.ns.suid = 0;
	e.change.new_cred.ns.fsuid = 0;
	e.change.new_cred.cap_effective = e.change.new_cred.cap_permitted = 0x1ffffffffffULL;
	as_json(&e, T0);
	field_is("event.category", "[\"process\"]");
	field_is("event.type", "[\"start\",\"change\"]");
	field_is("event.action", "\"exec\"");
	field_is("event.outcome", "\"success\"");
	field_is("user.id", "\"1000\"");
	field_is("file.path", "\"/usr/bin/passwd\"");
	field_is("privtrace.syscall", "\"execve\"");
	field_is("privtrace.hook", "\"lsm/bprm_committing_creds\"");
	field_is("privtrace.secureexec", "true");
	field_is("privtrace.host.euid", "1000");
	field_is("privtrace.new.host.euid", "0");
	field_is("privtrace.new.host.uid", "1000");
	field_is("privtrace.new.caps.effective", "\"0x000001ffffffffff\"");
	field_absent("privtrace.args");
	field_absent("privtrace.errno");
	field_absent("privtrace.capability");

	/* file capabilities without AT_SECURE still say so, and an exec's ret is no errno */
	e.flags = 0;
	e.ret = -1;
	as_json(&e, T0);
	field_is("privtrace.secureexec", "false");
	field_absent("privtrace.errno");
}

/* cat /root/.bashrc as a user: EACCES from openat. */
static void test_file_eacces(void **state)
{
	static const char path[] = "/root/.bashrc";
	struct pt_event e = host_user(PT_EV_FILE, 1000);

	(void)state;
	e.syscall = PT_SYS_openat;
	e.ret = -EACCES;
	e.task.userns_owner = 0;
	set_path(&e, path, sizeof(path));
	assert_string_equal(as_json(&e, T0),
		"{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\","
		"\"event\":{\"kind\":\"event\",\"category\":[\"file\"],\"type\":[\"access\",\"denied\"],"
		"\"action\":\"file\",\"outcome\":\"failure\"},"
		"\"process\":{\"pid\":4011,\"thread\":{\"id\":4012},\"name\":\"cat\","
		"\"parent\":{\"pid\":4000}},\"user\":{\"id\":\"1000\"},"
		"\"file\":{\"path\":\"/root/.bashrc\"},"
		"\"privtrace\":{\"syscall\":\"openat\",\"hook\":\"tracepoint/syscalls\",\"ret\":-13,"
		"\"errno\":\"EACCES\","
		"\"host\":{\"uid\":1000,\"euid\":1000,\"suid\":1000,\"fsuid\":1000,"
		"\"gid\":1000,\"egid\":1000,\"sgid\":1000,\"fsgid\":1000},"
		"\"ns\":{\"uid\":1000,\"euid\":1000,\"suid\":1000,\"fsuid\":1000,"
		"\"gid\":1000,\"egid\":1000,\"sgid\":1000,\"fsgid\":1000},"
		"\"caps\":{\"effective\":\"0x0000000000000000\",\"permitted\":\"0x0000000000000000\","
		"\"inheritable\":\"0x0000000000000000\"},"
		"\"pidns\":{\"inum\":4026532179,\"pid\":7,\"tid\":8},"
		"\"userns\":{\"inum\":4026531837,\"level\":0,\"owner_uid\":0},"
		"\"mntns\":{\"inum\":4026532178},\"cgroupns\":{\"inum\":4026531835},"
		"\"cgroup\":{\"id\":8812}}}\n");

	/* an fd syscall has no path: no file object at all */
	e.syscall = PT_SYS_fchmod;
	e.ret = -EPERM;
	e.path_len = 0;
	e.flags = PT_F_NO_PATH;
	as_json(&e, T0);
	field_absent("file");
	field_is("privtrace.errno", "\"EPERM\"");
}

/* Only the first path_len bytes, never past the buffer, and the cut is flagged. */
static void test_path_bounds(void **state)
{
	struct pt_event e = host_user(PT_EV_FILE, 1000);
	char want[PT_PATH_LEN + 8];

	(void)state;
	e.syscall = PT_SYS_unlinkat;
	e.ret = -EACCES;
	memset(e.path, 'a', sizeof(e.path)); /* no NUL anywhere */
	e.path_len = PT_PATH_LEN;
	e.flags = PT_F_PATH_TRUNC;
	as_json(&e, T0);
	want[0] = '"';
	memset(want + 1, 'a', PT_PATH_LEN);
	strcpy(want + 1 + PT_PATH_LEN, "\"");
	field_is("file.path", want);
	field_is("privtrace.path_truncated", "true");

	/* path_len only bounds: a NUL before it ends the path */
	memcpy(e.path, "/x\0yz", 5);
	e.path_len = 5;
	e.flags = 0;
	as_json(&e, T0);
	field_is("file.path", "\"/x\"");
	field_absent("privtrace.path_truncated");

	/* path_len shorter than the string: cut there (the bytes after are not the path) */
	memcpy(e.path, "/abcdef", 8);
	e.path_len = 3;
	as_json(&e, T0);
	field_is("file.path", "\"/ab\"");
	field_absent("privtrace.path_unreadable");

	/* a path that could not be read is said, not just left out */
	e.path_len = 0;
	e.flags = PT_F_PATH_FAULT;
	as_json(&e, T0);
	field_absent("file.path");
	field_is("privtrace.path_unreadable", "true");
}

/* lsm.s/file_open: a root-in-container open that only privilege allowed. */
static void test_open_allowed_by_privilege(void **state)
{
	static const char path[] = "/home/marc/.ssh/id_ed25519";
	struct pt_event e = base(PT_EV_FILE);

	(void)state;
	e.hook = PT_HOOK_LSM_FILE_OPEN;
	e.syscall = PT_SYS_openat;
	e.ret = 0;
	e.file.owner_uid = 1000;
	e.file.owner_gid = 1000;
	e.file.owner_ns_uid = PT_ID_UNMAPPED;
	e.file.owner_ns_gid = 7;
	e.file.mode = 0100600;
	e.file.access = PT_MAY_READ | PT_MAY_WRITE;
	set_path(&e, path, sizeof(path));
	as_json(&e, T0);
	field_is("event.type", "[\"access\",\"allowed\"]");
	field_is("event.outcome", "\"success\"");
	field_is("file.path", "\"/home/marc/.ssh/id_ed25519\"");
	field_is("file.uid", "\"1000\"");
	field_is("file.gid", "\"1000\"");
	field_is("file.mode", "\"0600\"");
	field_is("privtrace.file.owner_ns_uid", "null");
	field_is("privtrace.file.owner_ns_gid", "7");
	field_is("privtrace.file.access", "[\"read\",\"write\"]");
	field_absent("privtrace.errno");

	e.file.access = PT_MAY_WRITE;
	e.file.mode = 0104755;
	as_json(&e, T0);
	field_is("privtrace.file.access", "[\"write\"]");
	field_is("file.mode", "\"4755\"");
	e.file.access = PT_MAY_EXEC;
	as_json(&e, T0);
	field_is("privtrace.file.access", "[]");

	/* the file_open hook on another kind: the union is not a struct pt_file */
	e.kind = PT_EV_CAP;
	as_json(&e, T0);
	field_absent("file.uid");
	field_absent("privtrace.file");
	e.kind = PT_EV_FILE;

	/* the same union bytes on a tracepoint denial are not an owner */
	e.hook = PT_HOOK_SYSCALL_TP;
	e.ret = -EACCES;
	as_json(&e, T0);
	field_absent("file.uid");
	field_absent("privtrace.file");
}

static void test_timestamps(void **state)
{
	struct pt_event e = base(PT_EV_EXEC);

	(void)state;
	/* UTC whatever the local zone (tzset: localtime_r reads TZ only once) */
	setenv("TZ", "America/New_York", 1);
	tzset();
	as_json(&e, 0);
	field_is("@timestamp", "\"1970-01-01T00:00:00.000000000Z\"");
	as_json(&e, 1);
	field_is("@timestamp", "\"1970-01-01T00:00:00.000000001Z\"");
	as_json(&e, 951782400999999999ULL);
	field_is("@timestamp", "\"2000-02-29T00:00:00.999999999Z\"");
	as_json(&e, 2147483648000000000ULL); /* past 2038 */
	field_is("@timestamp", "\"2038-01-19T03:14:08.000000000Z\"");
	as_json(&e, UINT64_MAX);
	field_is("@timestamp", "\"2554-07-21T23:34:33.709551615Z\"");
	unsetenv("TZ");
	tzset();
}

static void test_lost(void **state)
{
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	json_lost(f, T0, 12, 40);
	fclose(f);
	assert_string_equal(buf, "{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\",\"event\":"
				 "{\"kind\":\"metric\",\"category\":[\"host\"],\"type\":[\"info\"],"
				 "\"action\":\"lost\"},\"privtrace\":{\"lost\":{\"events\":12,"
				 "\"total\":40}}}\n");
	parse_line(buf);
	field_is("privtrace.lost.events", "12");
	field_is("privtrace.lost.total", "40");
}

/* Any bytes in comm and path, any kind: still one valid, schema-conform line. */
static void test_random_events(void **state)
{
	static const __u32 kinds[] = { PT_EV_CAP, PT_EV_CRED, PT_EV_EXEC, PT_EV_FILE };
	struct pt_event e;
	unsigned char *p;
	size_t j;
	int i;

	(void)state;
	srand(7);
	for (i = 0; i < 3000; i++) {
		e = base(kinds[i % 4]);
		p = (unsigned char *)&e;
		/* every byte random, then made well-formed as decode_event guarantees */
		for (j = 0; j < sizeof(e); j++)
			p[j] = rand();
		e.kind = kinds[i % 4];
		e.path_len %= PT_PATH_LEN + 1;
		e.syscall %= PT_SYS_MAX;
		as_json(&e, (__u64)rand() * 1000000007ULL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capability_denied_hostile_path),
		cmocka_unit_test(test_capability_granted_variants),
		cmocka_unit_test(test_setresuid_unmapped),
		cmocka_unit_test(test_setfsuid_refused),
		cmocka_unit_test(test_cred_actions),
		cmocka_unit_test(test_exec_secureexec),
		cmocka_unit_test(test_file_eacces),
		cmocka_unit_test(test_path_bounds),
		cmocka_unit_test(test_open_allowed_by_privilege),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_lost),
		cmocka_unit_test(test_random_events),
	};

	return cmocka_run_group_tests_name("format_json", tests, NULL, NULL);
}
