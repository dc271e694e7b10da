// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * JSON Lines output (user/format/json.c) on hand-built, realistic events.
 * Every line produced is parsed by a strict reader below (one line, compact,
 * valid UTF-8, no raw control byte, no duplicate key), and every field it
 * holds is checked against docs/schema.md's names and types; the events
 * that matter most are compared whole.
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

#include "format/json.h"

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
		if (*cur == '{') { /* objects: their fields are leaves under the array's path */
			parse_object(path);
			t = 'O';
		} else if (*cur == '"') {
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
	{ "ecs.version", "s" },
	{ "event.kind", "s" },
	{ "event.sequence", "n" },
	{ "event.category", "S" },
	{ "event.type", "S" },
	{ "event.action", "s" },
	{ "event.outcome", "s" },
	{ "event.reason", "s" },
	{ "event.start", "s" },
	{ "event.end", "s" },
	{ "process.pid", "n" },
	{ "process.thread.id", "n" },
	{ "process.thread.capabilities.effective", "SA" },
	{ "process.thread.capabilities.permitted", "SA" },
	{ "process.name", "s" },
	{ "process.parent.pid", "n" },
	{ "user.id", "s" },
	{ "user.name", "s" },
	{ "container.id", "s" },
	{ "container.name", "s" },
	{ "container.image.name", "s" },
	{ "container.runtime", "s" },
	{ "orchestrator.type", "s" },
	{ "orchestrator.namespace", "s" },
	{ "orchestrator.resource.type", "s" },
	{ "orchestrator.resource.name", "s" },
	{ "orchestrator.resource.id", "s" },
	{ "privtrace.kubernetes.container.name", "s" },
	{ "file.path", "s" },
	{ "file.uid", "s" },
	{ "file.gid", "s" },
	{ "file.mode", "s" },
	{ "privtrace.host.*", "n" },
	{ "privtrace.ns.user_name", "s" },
	{ "privtrace.ns.*", "nz" },
	{ "privtrace.caps.inheritable", "SA" },
	{ "privtrace.pidns.*", "n" },
	{ "privtrace.userns.inum", "n" },
	{ "privtrace.userns.level", "n" },
	{ "privtrace.userns.owner_uid", "n" },
	{ "privtrace.userns.root_is_host_root", "b" },
	{ "privtrace.userns.map.uid", "s" },
	{ "privtrace.userns.map.gid", "s" },
	{ "privtrace.mntns.inum", "n" },
	{ "privtrace.cgroupns.inum", "n" },
	{ "privtrace.cgroup.id", "n" },
	{ "privtrace.cgroup.path", "s" },
	{ "privtrace.reason", "s" },
	{ "privtrace.container.ns_match", "b" },
	{ "privtrace.syscall", "s" },
	{ "privtrace.syscall_abi", "s" },
	{ "privtrace.syscall_nr", "n" },
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
	{ "privtrace.capability.loader_call", "s" },
	{ "privtrace.capability.checked_creds.host.*", "n" },
	{ "privtrace.capability.checked_creds.ns.*", "nz" },
	{ "privtrace.capability.checked_creds.caps.*", "SA" },
	{ "privtrace.file.owner_ns_uid", "nz" },
	{ "privtrace.file.owner_ns_gid", "nz" },
	{ "privtrace.file.access", "SA" },
	{ "privtrace.file.directory", "O" },
	{ "privtrace.file.directory.uid", "s" },
	{ "privtrace.file.directory.gid", "s" },
	{ "privtrace.file.directory.mode", "s" },
	{ "privtrace.file.directory.ns_uid", "nz" },
	{ "privtrace.file.directory.ns_gid", "nz" },
	{ "privtrace.args", "N" },
	{ "privtrace.new.host.*", "n" },
	{ "privtrace.new.ns.*", "nz" },
	{ "privtrace.new.caps.*", "SA" },
	{ "privtrace.secureexec", "b" },
	{ "privtrace.lost.events", "n" },
	{ "privtrace.lost.total", "n" },
	{ "privtrace.health.events", "n" },
	{ "privtrace.health.emitted", "n" },
	{ "privtrace.health.filtered", "n" },
	{ "privtrace.health.lost", "n" },
	{ "privtrace.health.untracked", "n" },
	{ "privtrace.health.coalesced", "n" },
	{ "privtrace.repeat.count", "n" },
	{ "privtrace.health.dropped", "n" },
	{ "privtrace.health.sinks", "OA" },
	{ "privtrace.health.sinks.name", "s" },
	{ "privtrace.health.sinks.written", "n" },
	{ "privtrace.health.sinks.dropped", "n" },
	{ "privtrace.health.sinks.queued", "n" },
	{ "privtrace.health.sinks.up", "b" },
	{ "privtrace.dropped.sink", "s" },
	{ "privtrace.dropped.records", "n" },
	{ "privtrace.dropped.total", "n" },
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

/* A record as the enrich stage leaves it, as one line, parsed and checked against the schema. */
static const char *record_json(const struct record *r)
{
	struct wbuf w = WBUF_INIT;

	json_record(&w, r);
	take(&w);
	parse_line(buf);
	return buf;
}

/* e alone: explained, nothing enriched. */
static const char *as_json(const struct pt_event *e, __u64 t)
{
	struct record r;

	record_init(&r, e, t);
	return record_json(&r);
}

/* The 41 capabilities of 0x000001ffffffffff (linux/capability.h order), as ECS has a set. */
#define ALL_CAPS \
	"[\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_DAC_READ_SEARCH\",\"CAP_FOWNER\"," \
	"\"CAP_FSETID\",\"CAP_KILL\",\"CAP_SETGID\",\"CAP_SETUID\",\"CAP_SETPCAP\"," \
	"\"CAP_LINUX_IMMUTABLE\",\"CAP_NET_BIND_SERVICE\",\"CAP_NET_BROADCAST\"," \
	"\"CAP_NET_ADMIN\",\"CAP_NET_RAW\",\"CAP_IPC_LOCK\",\"CAP_IPC_OWNER\"," \
	"\"CAP_SYS_MODULE\",\"CAP_SYS_RAWIO\",\"CAP_SYS_CHROOT\",\"CAP_SYS_PTRACE\"," \
	"\"CAP_SYS_PACCT\",\"CAP_SYS_ADMIN\",\"CAP_SYS_BOOT\",\"CAP_SYS_NICE\"," \
	"\"CAP_SYS_RESOURCE\",\"CAP_SYS_TIME\",\"CAP_SYS_TTY_CONFIG\",\"CAP_MKNOD\"," \
	"\"CAP_LEASE\",\"CAP_AUDIT_WRITE\",\"CAP_AUDIT_CONTROL\",\"CAP_SETFCAP\"," \
	"\"CAP_MAC_OVERRIDE\",\"CAP_MAC_ADMIN\",\"CAP_SYSLOG\",\"CAP_WAKE_ALARM\"," \
	"\"CAP_BLOCK_SUSPEND\",\"CAP_AUDIT_READ\",\"CAP_PERFMON\",\"CAP_BPF\"," \
	"\"CAP_CHECKPOINT_RESTORE\"]"

/* process.thread of a container root holding every capability */
#define ALL_CAPS_THREAD \
	"\"thread\":{\"id\":4012,\"capabilities\":{\"effective\":" ALL_CAPS ",\"permitted\":" ALL_CAPS "}}"

#define COMMON_CONTAINER                                                                   \
	"\"caps\":{\"inheritable\":[]},\"pidns\":{\"inum\":4026532179,\"pid\":7,"     \
	"\"tid\":8},\"userns\":{\"inum\":4026532177,\"level\":1,\"owner_uid\":1000},"          \
	"\"mntns\":{\"inum\":4026532178},\"cgroupns\":{\"inum\":4026531835},"                  \
	"\"cgroup\":{\"id\":8812}"

/*
 * CAP_DAC_OVERRIDE refused inside openat of a path built to forge a record:
 * container root holds it in its own namespace only, and the target is the
 * host's, so the BPF side set PT_F_CAP_TARGET_OUTSIDE.
 */
static void test_capability_denied_hostile_path(void **state)
{
	static const char path[] = "/etc/shadow\"}\n{\"event\":{\"kind\":\"event\"}}\x1b[31m\xff"
				   "\xe2\x80\xae";
	struct pt_event e = base(PT_EV_CAP);

	(void)state;
	e.ret = -EPERM;
	e.syscall = PT_SYS_openat;
	e.hook = PT_HOOK_TP_CAP_CAPABLE;
	e.flags = PT_F_IN_SYSCALL | PT_F_CAP_TARGET_OUTSIDE;
	e.cap.cap = 1;
	e.cap.target_userns_inum = INIT_USERNS;
	e.cap.target_userns_level = 0;
	memcpy(e.task.comm, "x\"}\n\xc0\xaf\x9b" "2Jabcdefghi", 16); /* full: no NUL */
	e.cred.ns.fsgid = PT_ID_UNMAPPED;
	set_path(&e, path, sizeof(path));
	assert_string_equal(as_json(&e, T0),
		"{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\",\"ecs\":{\"version\":\"9.4.0\"},"
		"\"event\":{\"kind\":\"event\",\"category\":[\"process\"],\"type\":[\"access\"],"
		"\"action\":\"capability\",\"outcome\":\"failure\",\"sequence\":0,"
		"\"reason\":\"CAP_DAC_OVERRIDE is held only in the task's user namespace; the target "
		"belongs to an ancestor namespace\"},"
		"\"file\":{\"path\":\"/etc/shadow\\\"}\\n{\\\"event\\\":{\\\"kind\\\":\\\"event\\\"}}"
		"\\u001b[31m\\\\xff\\u202e\"},"
		"\"process\":{\"pid\":4011," ALL_CAPS_THREAD ","
		"\"name\":\"x\\\"}\\n\\\\xc0\\\\xaf\\\\x9b2Jabcdefg\",\"parent\":{\"pid\":4000}},"
		"\"user\":{\"id\":\"100000\"},"
		"\"privtrace\":{\"syscall\":\"openat\",\"syscall_abi\":\"x86_64\",\"syscall_nr\":0,\"hook\":\"tp_btf/cap_capable\","
		"\"reason\":\"cap_outside_userns\",\"ret\":-1,"
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

	/* dropped from the effective set (docker --cap-drop): that is the reason, wherever the target */
	e.cred.cap_effective &= ~CAPBIT(CAP_DAC_OVERRIDE);
	as_json(&e, T0);
	field_is("privtrace.reason", "\"cap_not_effective\"");
	field_is("event.reason", "\"CAP_DAC_OVERRIDE is not in the effective set\"");
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
	field_is("event.type", "[\"access\"]");
	field_is("event.outcome", "\"success\"");
	field_is("privtrace.capability.name", "\"CAP_SYS_ADMIN\"");
	field_is("privtrace.capability.capable_userns.inum", "4026532177");
	field_absent("privtrace.syscall"); /* not inside a traced syscall */
	field_absent("privtrace.errno");
	field_absent("file");
	field_absent("privtrace.capability.noaudit");
	field_absent("event.reason"); /* granted: nothing to explain */
	field_absent("privtrace.reason");

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

	/* a BPF loader's own checks, labelled with the call they were made in */
	field_absent("privtrace.capability.loader_call");
	e.flags |= PT_F_IN_BPF;
	as_json(&e, T0);
	field_is("privtrace.capability.loader_call", "\"bpf\"");
	e.flags ^= PT_F_IN_BPF | PT_F_IN_PERF_EVENT_OPEN;
	as_json(&e, T0);
	field_is("privtrace.capability.loader_call", "\"perf_event_open\"");
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
		"{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\",\"ecs\":{\"version\":\"9.4.0\"},"
		"\"event\":{\"kind\":\"event\",\"category\":[\"iam\"],\"type\":[\"change\",\"user\"],"
		"\"action\":\"setuid\",\"outcome\":\"success\",\"sequence\":0},"
		"\"process\":{\"pid\":4011," ALL_CAPS_THREAD ",\"name\":\"cat\","
		"\"parent\":{\"pid\":4000}},\"user\":{\"id\":\"100000\"},"
		"\"privtrace\":{\"syscall\":\"setresuid\",\"syscall_abi\":\"x86_64\",\"syscall_nr\":0,\"hook\":\"tracepoint/syscalls\",\"ret\":0,"
		"\"host\":{\"uid\":100000,\"euid\":100000,\"suid\":0,\"fsuid\":100000,"
		"\"gid\":100000,\"egid\":100000,\"sgid\":100000,\"fsgid\":100000},"
		"\"ns\":{\"uid\":0,\"euid\":0,\"suid\":null,\"fsuid\":0,\"gid\":0,\"egid\":0,\"sgid\":0,"
		"\"fsgid\":0}," COMMON_CONTAINER ","
		"\"args\":[1000,1000,4294967295],"
		"\"new\":{\"host\":{\"uid\":101000,\"euid\":101000,\"suid\":0,\"fsuid\":101000,"
		"\"gid\":100000,\"egid\":100000,\"sgid\":100000,\"fsgid\":100000},"
		"\"ns\":{\"uid\":1000,\"euid\":1000,\"suid\":null,\"fsuid\":1000,\"gid\":0,\"egid\":0,"
		"\"sgid\":0,\"fsgid\":0},"
		"\"caps\":{\"effective\":[],\"permitted\":" ALL_CAPS ",\"inheritable\":[]}}}}\n");

	/* a sign-extended -1 in args is still the u32 the kernel took */
	e.change.args[2] = -1;
	as_json(&e, T0);
	field_is("privtrace.args", "[1000,1000,4294967295]");

	field_absent("event.reason"); /* it worked */
	field_absent("privtrace.reason");

	/* refused: CAP_SETUID dropped (docker --cap-drop SETUID), the kernel asked for it */
	e.ret = -EPERM;
	e.cred.cap_effective &= ~CAPBIT(CAP_SETUID);
	e.sys_caps_denied = CAPBIT(CAP_SETUID);
	e.change.new_cred = e.cred;
	as_json(&e, T0);
	field_is("event.outcome", "\"failure\"");
	field_is("privtrace.ret", "-1");
	field_is("privtrace.errno", "\"EPERM\"");
	field_is("privtrace.reason", "\"cap_not_effective\"");
	field_is("event.reason", "\"CAP_SETUID not in the effective set\"");
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
	field_is("privtrace.new.caps.effective", "[]");

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
	field_is("privtrace.new.caps.effective", ALL_CAPS);
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

/*
 * The same calls through the 32-bit ABI (int $0x80): the syscall's meaning,
 * its ABI and its number there.
 */
static void test_ia32_syscalls(void **state)
{
	struct pt_event e = ia32_open_denied();

	(void)state;
	as_json(&e, T0);
	field_is("privtrace.syscall", "\"open\"");
	field_is("privtrace.syscall_abi", "\"ia32\"");
	field_is("privtrace.syscall_nr", "5");
	field_is("privtrace.reason", "\"mode_denies\"");
	field_is("file.path", "\"/root/.bashrc\"");

	/* setuid32(0) refused */
	e = ia32_setuid_refused();
	as_json(&e, T0);
	field_is("event.action", "\"setuid\"");
	field_is("event.outcome", "\"failure\"");
	field_is("privtrace.syscall", "\"setuid\"");
	field_is("privtrace.syscall_abi", "\"ia32\"");
	field_is("privtrace.syscall_nr", "213");
	field_is("privtrace.args", "[0]");

	/* x32, and a capability check inside a 64-bit syscall */
	e.flags = PT_F_ABI_X32;
	e.sys_nr = 105;
	as_json(&e, T0);
	field_is("privtrace.syscall_abi", "\"x32\"");
	e = host_user(PT_EV_CAP, 1000);
	e.flags = PT_F_IN_SYSCALL;
	e.syscall = PT_SYS_openat;
	e.sys_nr = 257;
	as_json(&e, T0);
	field_is("privtrace.syscall_abi", "\"x86_64\"");
	field_is("privtrace.syscall_nr", "257");
	/* no syscall, no ABI */
	e.flags = 0;
	e.syscall = PT_SYS_NONE;
	as_json(&e, T0);
	field_absent("privtrace.syscall");
	field_absent("privtrace.syscall_abi");
	field_absent("privtrace.syscall_nr");
}

/* A repeat record: the event again, with how many more and from when to when. */
static void test_repeat_record(void **state)
{
	struct pt_event e = ia32_open_denied();

	(void)state;
	as_json(&e, T0);
	field_absent("privtrace.repeat");
	field_absent("event.start");
	e.repeat = 299999;
	e.task.ts_ns = 5000000000ULL;
	e.repeat_first_ns = 4500000000ULL; /* half a second before */
	as_json(&e, T0);
	field_is("privtrace.repeat.count", "299999");
	field_is("event.start", "\"2026-11-24T09:04:05.623456789Z\"");
	field_is("event.end", "\"2026-11-24T09:04:06.123456789Z\"");
	field_is("@timestamp", "\"2026-11-24T09:04:06.123456789Z\"");
	field_is("privtrace.syscall", "\"open\"");
}

/* cat /root/.bashrc as a user: EACCES from openat. */
static void test_file_eacces(void **state)
{
	static const char path[] = "/root/.bashrc";
	struct pt_event e = host_user(PT_EV_FILE, 1000);

	(void)state;
	e.syscall = PT_SYS_openat;
	e.ret = -EACCES;
	/* the mode bits refused; the kernel asked for the overrides, and they were not there */
	e.sys_caps_denied = DAC_READ_CAPS;
	e.task.userns_owner = 0;
	set_path(&e, path, sizeof(path));
	assert_string_equal(as_json(&e, T0),
		"{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\",\"ecs\":{\"version\":\"9.4.0\"},"
		"\"event\":{\"kind\":\"event\",\"category\":[\"file\"],\"type\":[\"access\"],"
		"\"action\":\"file\",\"outcome\":\"failure\",\"sequence\":0,"
		"\"reason\":\"the mode bits deny and no override applies: CAP_DAC_OVERRIDE and "
		"CAP_DAC_READ_SEARCH not in the effective set\"},"
		"\"file\":{\"path\":\"/root/.bashrc\"},"
		"\"process\":{\"pid\":4011,\"thread\":{\"id\":4012,\"capabilities\":"
		"{\"effective\":[],\"permitted\":[]}},\"name\":\"cat\","
		"\"parent\":{\"pid\":4000}},\"user\":{\"id\":\"1000\"},"
		"\"privtrace\":{\"syscall\":\"openat\",\"syscall_abi\":\"x86_64\",\"syscall_nr\":0,\"hook\":\"tracepoint/syscalls\","
		"\"reason\":\"mode_denies\",\"ret\":-13,"
		"\"errno\":\"EACCES\","
		"\"host\":{\"uid\":1000,\"euid\":1000,\"suid\":1000,\"fsuid\":1000,"
		"\"gid\":1000,\"egid\":1000,\"sgid\":1000,\"fsgid\":1000},"
		"\"ns\":{\"uid\":1000,\"euid\":1000,\"suid\":1000,\"fsuid\":1000,"
		"\"gid\":1000,\"egid\":1000,\"sgid\":1000,\"fsgid\":1000},"
		"\"caps\":{\"inheritable\":[]},"
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

/*
 * lsm.s/file_open: container root opens a container user's key (ns 1000 is
 * host 101000; mapped, or no override could apply), by privilege alone.
 */
static void test_open_allowed_by_privilege(void **state)
{
	static const char path[] = "/home/app/.ssh/id_ed25519";
	struct pt_event e = base(PT_EV_FILE);

	(void)state;
	e.hook = PT_HOOK_LSM_FILE_OPEN;
	e.flags |= PT_F_OWNER;
	e.syscall = PT_SYS_openat;
	e.ret = 0;
	e.file.owner_uid = 101000;
	e.file.owner_gid = 101001;
	e.file.owner_ns_uid = 1000;
	e.file.owner_ns_gid = 1001;
	e.file.mode = 0100600;
	e.file.access = PT_MAY_READ | PT_MAY_WRITE;
	set_path(&e, path, sizeof(path));
	as_json(&e, T0);
	field_is("event.type", "[\"access\"]");
	field_is("event.outcome", "\"success\"");
	field_is("file.path", "\"/home/app/.ssh/id_ed25519\"");
	field_is("file.uid", "\"101000\"");
	field_is("file.gid", "\"101001\"");
	field_is("file.mode", "\"0600\"");
	field_is("privtrace.file.owner_ns_uid", "1000");
	field_is("privtrace.file.owner_ns_gid", "1001");
	field_is("privtrace.file.access", "[\"read\",\"write\"]");
	field_absent("privtrace.errno");
	/* the LSM hook tells no capabilities: privilege, unnamed */
	field_is("privtrace.reason", "\"privilege\"");
	field_is("event.reason", "\"allowed by privilege: the mode bits alone refuse it\"");

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

	/* the syscall exit saw it (no BPF LSM): an owner too, and the capabilities granted */
	e.hook = PT_HOOK_SYSCALL_TP;
	e.file.access = PT_MAY_READ;
	e.sys_caps_granted = DAC_READ_CAPS;
	as_json(&e, T0);
	field_is("file.uid", "\"101000\"");
	field_is("privtrace.file.access", "[\"read\"]");
	field_is("privtrace.reason", "\"privilege\"");
	field_is("event.reason", "\"allowed by CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH\"");

	/*
	 * a host user's key instead: refused, although the overrides were
	 * granted in the container's namespace, because host uid 1000 is not
	 * mapped there. A tracepoint denial never has PT_F_OWNER: the union's
	 * bytes are not an owner.
	 */
	set_path(&e, "/home/marc/.ssh/id_ed25519", 27);
	e.file.owner_uid = e.file.owner_gid = 1000;
	e.file.owner_ns_uid = e.file.owner_ns_gid = PT_ID_UNMAPPED;
	e.ret = -EACCES;
	e.flags &= ~PT_F_OWNER;
	as_json(&e, T0);
	field_absent("file.uid");
	field_absent("privtrace.file");
	field_is("event.type", "[\"access\"]");
	field_is("privtrace.reason", "\"owner_unmapped\"");
	field_is("event.reason", "\"the owner of the file or of a directory on its path is not mapped into the caller's user namespace, so "
				 "CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH held there do not apply\"");
}

/*
 * Host root in a container whose user namespace maps 0 to 0 (podman
 * --uidmap 0:0:65536) reads a host root-only file: no privilege needed, the
 * mode bits let its owner in. The file's group is outside the map: null.
 */
static void test_open_host_root_file(void **state)
{
	static const char path[] = "/host/etc/ssh/ssh_host_ed25519_key";
	struct pt_event e = base(PT_EV_FILE);

	(void)state;
	ids(&e.cred.host, 0, 0);
	e.syscall = PT_SYS_openat;
	e.flags = PT_F_OWNER | PT_F_HOST_ROOT_FILE;
	e.file.owner_uid = 0;
	e.file.owner_gid = 70000;
	e.file.owner_ns_uid = 0;
	e.file.owner_ns_gid = PT_ID_UNMAPPED;
	e.file.mode = 0100600;
	e.file.access = PT_MAY_READ;
	set_path(&e, path, sizeof(path));
	as_json(&e, T0);
	field_is("event.outcome", "\"success\"");
	field_is("user.id", "\"0\"");
	field_is("file.uid", "\"0\"");
	field_is("file.gid", "\"70000\"");
	field_is("privtrace.file.owner_ns_uid", "0");
	field_is("privtrace.file.owner_ns_gid", "null");
	field_is("privtrace.reason", "\"host_root_file\"");
	field_is("event.reason", "\"host root reading a root-only host file (mode 0600): container "
				 "root is host root\"");
}

/*
 * Host root in a --userns=host container removed host root's file from a
 * bind-mounted host directory only root may write: done, with no
 * capability, and both owners said.
 */
static void test_host_root_change(void **state)
{
	static const char path[] = "/host/bin/sh";
	struct pt_event e = base(PT_EV_FILE);

	(void)state;
	ids(&e.cred.host, 0, 0);
	e.syscall = PT_SYS_unlinkat;
	e.flags = PT_F_OWNER | PT_F_HOST_ROOT_CHANGE | PT_F_DIR_OWNER;
	e.file.mode = 0100755;
	e.file.access = PT_MAY_WRITE;
	e.file.dir_gid = 70000;
	e.file.dir_ns_gid = PT_ID_UNMAPPED;
	e.file.dir_mode = 040700;
	set_path(&e, path, sizeof(path));
	as_json(&e, T0);
	field_is("event.outcome", "\"success\"");
	field_is("event.type", "[\"deletion\"]");
	field_is("file.uid", "\"0\"");
	field_is("file.mode", "\"0755\"");
	field_is("privtrace.file.access", "[\"write\"]");
	field_is("privtrace.file.directory.uid", "\"0\"");
	field_is("privtrace.file.directory.gid", "\"70000\"");
	field_is("privtrace.file.directory.mode", "\"0700\"");
	field_is("privtrace.file.directory.ns_uid", "0");
	field_is("privtrace.file.directory.ns_gid", "null");
	field_is("privtrace.reason", "\"host_root_change\"");
	/* a mode change: no directory, event.type change */
	e.syscall = PT_SYS_fchmodat;
	e.flags &= ~PT_F_DIR_OWNER;
	as_json(&e, T0);
	field_is("event.type", "[\"change\"]");
	field_absent("privtrace.file.directory");
}

/* ---- what the enrich stage adds: container, names, user-namespace picture ---- */

static void test_container_docker(void **state)
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
	r.cgroup_path = ct.cgroup;
	assert_string_equal(record_json(&r),
		"{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\",\"ecs\":{\"version\":\"9.4.0\"},"
		"\"event\":{\"kind\":\"event\",\"category\":[\"file\"],\"type\":[\"access\"],"
		"\"action\":\"file\",\"outcome\":\"failure\",\"sequence\":0,\"reason\":\"the owner of the file or of a directory on its path is "
		"not mapped into "
		"the caller's user namespace, so CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH held there "
		"do not apply\"},"
		"\"file\":{\"path\":\"/host/etc/shadow\"},"
		"\"process\":{\"pid\":4011," ALL_CAPS_THREAD ",\"name\":\"cat\","
		"\"parent\":{\"pid\":4000}},\"user\":{\"id\":\"1000\",\"name\":\"marc\"},"
		"\"container\":{\"id\":\"" DOCKER_ID "\",\"name\":\"web\","
		"\"image\":{\"name\":\"nginx:1.27\"},\"runtime\":\"docker\"},"
		"\"privtrace\":{\"syscall\":\"openat\",\"syscall_abi\":\"x86_64\",\"syscall_nr\":0,\"hook\":\"tracepoint/syscalls\","
		"\"reason\":\"owner_unmapped\",\"ret\":-13,\"errno\":\"EACCES\","
		"\"host\":{\"uid\":1000,\"euid\":1000,\"suid\":1000,\"fsuid\":1000,"
		"\"gid\":1000,\"egid\":1000,\"sgid\":1000,\"fsgid\":1000},"
		"\"ns\":{\"uid\":0,\"euid\":0,\"suid\":0,\"fsuid\":0,\"gid\":0,\"egid\":0,\"sgid\":0,"
		"\"fsgid\":0,\"user_name\":\"root\"},"
		"\"caps\":{\"inheritable\":[]},"
		"\"pidns\":{\"inum\":4026532179,\"pid\":7,\"tid\":8},"
		"\"userns\":{\"inum\":4026532177,\"level\":1,\"owner_uid\":1000,"
		"\"root_is_host_root\":false,"
		"\"map\":{\"uid\":\"0:1000:1,1:100000:65536\",\"gid\":\"0:1000:1,1:100000:65536\"}},"
		"\"mntns\":{\"inum\":4026532178},\"cgroupns\":{\"inum\":4026531835},"
		"\"cgroup\":{\"id\":8812,\"path\":\"/system.slice/docker-" DOCKER_ID ".scope\"}}}\n");
	/* no pod: nothing of an orchestrator is invented */
	field_absent("orchestrator");
	field_absent("kubernetes");
	/* the namespace cross-check: said only when known, and only for a container */
	field_absent("privtrace.container");
	r.ns_match = 1;
	record_json(&r);
	field_is("privtrace.container.ns_match", "true");
	r.ns_match = 0;
	record_json(&r);
	field_is("privtrace.container.ns_match", "false");
	r.ct = NULL;
	record_json(&r);
	field_absent("privtrace.container");
	r.ct = &ct;
	r.ns_match = -1;

	/* the runtime has not answered yet (or never will): the id and runtime alone */
	docker_container(&ct, "", "");
	record_json(&r);
	field_is("container.id", "\"" DOCKER_ID "\"");
	field_is("container.runtime", "\"docker\"");
	field_absent("container.name");
	field_absent("container.image");

	/* only the namespace's name known, and a map whose root is host root */
	r.host_user = NULL;
	map.root_is_host_root = true;
	record_json(&r);
	field_absent("user.name");
	field_is("user.id", "\"1000\"");
	field_is("privtrace.ns.user_name", "\"root\"");
	field_is("privtrace.userns.root_is_host_root", "true");
}

static void test_container_kubernetes(void **state)
{
	struct pt_event e = base(PT_EV_CAP);
	struct container ct;
	struct userns_map map;
	struct record r;

	(void)state;
	e.ret = -EPERM;
	e.cap.cap = CAP_SYS_ADMIN;
	e.cred.cap_effective &= ~CAPBIT(CAP_SYS_ADMIN);
	e.cap.target_userns_inum = e.task.userns_inum;
	e.cap.target_userns_level = 1;
	k8s_container(&ct);
	remapped_map(&map);
	record_init(&r, &e, T0);
	r.ct = &ct;
	r.map = &map;
	record_json(&r);
	field_is("container.id", "\"" K8S_ID "\"");
	field_is("container.name", "\"nginx\"");
	field_is("container.image.name", "\"docker.io/library/nginx:1.27\"");
	field_is("container.runtime", "\"containerd\"");
	field_is("orchestrator.type", "\"kubernetes\"");
	field_is("orchestrator.namespace", "\"shop\"");
	field_is("orchestrator.resource.type", "\"pod\"");
	field_is("orchestrator.resource.name", "\"web-7d9f8b6c5-x2k4q\"");
	field_is("orchestrator.resource.id", "\"" K8S_POD_UID "\"");
	field_is("privtrace.kubernetes.container.name", "\"nginx\"");
	field_absent("kubernetes"); /* not ECS: what it adds is under privtrace. */
	field_is("privtrace.userns.root_is_host_root", "false");
	field_is("privtrace.userns.map.uid", "\"0:100000:65536\"");
	field_is("privtrace.userns.map.gid", "\"0:100000:65536\"");
	field_is("privtrace.reason", "\"cap_not_effective\"");
	field_is("event.reason", "\"CAP_SYS_ADMIN is not in the effective set\"");
	field_absent("user.name");
	field_absent("privtrace.ns.user_name");
	field_absent("privtrace.cgroup.path");

	/* before the runtime answered: the pod uid the kubepods cgroup path gave, nothing more */
	memset(&ct.meta, 0, sizeof(ct.meta));
	ct.meta_done = false;
	record_json(&r);
	field_is("container.id", "\"" K8S_ID "\"");
	field_is("container.runtime", "\"containerd\"");
	field_absent("container.name");
	field_absent("container.image");
	field_is("orchestrator.type", "\"kubernetes\"");
	field_absent("orchestrator.namespace");
	field_is("orchestrator.resource.type", "\"pod\"");
	field_is("orchestrator.resource.id", "\"" K8S_POD_UID "\"");
	field_absent("orchestrator.resource.name");
	field_absent("privtrace.kubernetes");
}

/* The host: no container, no orchestrator; its names and its (identity) map only when known. */
static void test_host_record(void **state)
{
	struct pt_event e = host_user(PT_EV_FILE, 1000);
	struct userns_map map;
	struct record r;

	(void)state;
	e.syscall = PT_SYS_openat;
	e.ret = -EACCES;
	e.sys_caps_denied = DAC_READ_CAPS;
	set_path(&e, "/root/.bashrc", 14);
	as_json(&e, T0);
	field_absent("container");
	field_absent("orchestrator");
	field_absent("kubernetes");
	field_absent("user.name");
	field_absent("privtrace.ns.user_name");
	field_absent("privtrace.userns.root_is_host_root");
	field_absent("privtrace.userns.map");
	field_absent("privtrace.cgroup.path");
	field_is("privtrace.reason", "\"mode_denies\"");

	/* enriched: the init namespace's identity map, the host's name, the cgroup */
	init_map(&map);
	record_init(&r, &e, T0);
	r.map = &map;
	r.host_user = "marc";
	r.cgroup_path = "/user.slice/user-1000.slice/session-3.scope";
	record_json(&r);
	field_absent("container");
	field_absent("orchestrator");
	field_absent("kubernetes");
	field_absent("privtrace.ns.user_name");
	field_is("user.name", "\"marc\"");
	field_is("privtrace.userns.root_is_host_root", "true");
	field_is("privtrace.userns.map.uid", "\"0:0:4294967295\"");
	field_is("privtrace.userns.map.gid", "\"0:0:4294967295\"");
	field_is("privtrace.cgroup.path", "\"/user.slice/user-1000.slice/session-3.scope\"");
}

/*
 * Names chosen inside a container (its name, image, /etc/passwd, pod):
 * escaped like comm and paths, one line whatever the bytes.
 */
#define HOSTILE_JSON "\"x\\\"}\\n{\\\"a\\\":1}\\u001b[2J\\u0007\\\\xff\\\\xc0\\\\xaf" \
		     "\\u202e\\u2066\\u0085\\\\\""

static void test_hostile_metadata(void **state)
{
	struct pt_event e;
	struct container ct;
	struct userns_map map;
	struct record r;

	(void)state;
	rootless_root(&e, &map);
	docker_container(&ct, HOSTILE, HOSTILE);
	snprintf(ct.meta.pod_name, sizeof(ct.meta.pod_name), "%s", HOSTILE);
	snprintf(ct.meta.pod_namespace, sizeof(ct.meta.pod_namespace), "%s", HOSTILE);
	snprintf(ct.meta.pod_uid, sizeof(ct.meta.pod_uid), "%s", HOSTILE);
	snprintf(ct.meta.k8s_container, sizeof(ct.meta.k8s_container), "%s", HOSTILE);
	record_init(&r, &e, T0);
	r.ct = &ct;
	r.map = &map;
	r.host_user = HOSTILE;
	r.ns_user = HOSTILE;
	r.cgroup_path = HOSTILE;
	record_json(&r); /* one line, valid UTF-8, no raw control, no forged key */
	field_is("container.name", HOSTILE_JSON);
	field_is("container.image.name", HOSTILE_JSON);
	field_is("user.name", HOSTILE_JSON);
	field_is("privtrace.ns.user_name", HOSTILE_JSON);
	field_is("privtrace.cgroup.path", HOSTILE_JSON);
	field_is("orchestrator.namespace", HOSTILE_JSON);
	field_is("orchestrator.resource.name", HOSTILE_JSON);
	field_is("orchestrator.resource.id", HOSTILE_JSON);
	field_is("privtrace.kubernetes.container.name", HOSTILE_JSON);
	field_absent("a");
}

/*
 * The task's fragments are kept from one record to the next (user/format/json.c):
 * whatever changes between two records of the same task shows in the second.
 */
static void test_task_fragments_follow_changes(void **state)
{
	struct pt_event e = base(PT_EV_CAP), other = base(PT_EV_CAP);
	struct container ct;
	struct record r, ro;
	int i;

	(void)state;
	e.ret = 0;
	e.cap.cap = CAP_SYS_ADMIN;
	docker_container(&ct, "web", "nginx");
	record_init(&r, &e, T0);
	r.host_user = "alice";
	record_json(&r);
	field_is("user.name", "\"alice\"");
	field_absent("container");
	/* the same task, everything else the same: the same record */
	record_json(&r);
	field_is("user.name", "\"alice\"");
	/* its name for the uid changed (/etc/passwd was edited) */
	r.host_user = "bob";
	record_json(&r);
	field_is("user.name", "\"bob\"");
	r.host_user = NULL;
	record_json(&r);
	field_absent("user.name");
	/* its container became known, then named, then the cross-check came */
	r.ct = &ct;
	r.cgroup_path = ct.cgroup;
	ct.meta.name[0] = 0;
	record_json(&r);
	field_absent("container.name");
	snprintf(ct.meta.name, sizeof(ct.meta.name), "web");
	record_json(&r);
	field_is("container.name", "\"web\"");
	field_absent("privtrace.container.ns_match");
	r.ns_match = 0;
	record_json(&r);
	field_is("privtrace.container.ns_match", "false");
	/* it changed its ids and its capabilities, its comm, it moved to another pid namespace */
	e.cred.host.euid = 4242;
	e.cred.cap_effective = CAPBIT(CAP_CHOWN);
	record_json(&r);
	field_is("user.id", "\"4242\"");
	field_is("process.thread.capabilities.effective", "[\"CAP_CHOWN\"]");
	memcpy(e.task.comm, "renamed", 8);
	e.task.ns_pid = 99;
	record_json(&r);
	field_is("process.name", "\"renamed\"");
	field_is("privtrace.pidns.pid", "99");
	/* two tasks taking turns keep their own */
	other.task.tid = other.task.pid = 777;
	record_init(&ro, &other, T0);
	for (i = 0; i < 3; i++) {
		record_json(&ro);
		field_is("process.thread.id", "777");
		field_absent("container");
		record_json(&r);
		field_is("process.thread.id", "4012");
		field_is("container.name", "\"web\"");
	}
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
	struct wbuf w = WBUF_INIT;

	(void)state;
	json_lost(&w, T0, 7, 12, 40);
	take(&w);
	assert_string_equal(buf, "{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\","
				 "\"ecs\":{\"version\":\"9.4.0\"},\"event\":{\"kind\":\"metric\","
				 "\"action\":\"lost\",\"sequence\":7},\"privtrace\":{\"lost\":{\"events\":12,"
				 "\"total\":40}}}\n");
	parse_line(buf);
	field_is("privtrace.lost.events", "12");
	field_is("privtrace.lost.total", "40");
}

static void test_health(void **state)
{
	struct health h = {
		.real_ns = T0, .events = 100, .emitted = 90, .filtered = 10, .lost = 3, .untracked = 2,
		.dropped = 7, .n_sinks = 2, .seq = 9,
	};
	struct wbuf w = WBUF_INIT;

	(void)state;
	h.sinks[0].name = "file:/var/log/privtrace.json";
	h.sinks[0].written = 90;
	h.sinks[0].up = true;
	/* a sink's name is the operator's spec: escaped like any string */
	h.sinks[1].name = "syslog+tcp://siem\"\n:514";
	h.sinks[1].written = 83;
	h.sinks[1].dropped = 7;
	json_health(&w, &h);
	take(&w);
	assert_string_equal(buf,
		"{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\",\"ecs\":{\"version\":\"9.4.0\"},"
		"\"event\":{\"kind\":\"metric\",\"action\":\"health\",\"sequence\":9},"
		"\"privtrace\":{\"health\":{\"events\":100,\"emitted\":90,\"filtered\":10,\"lost\":3,"
		"\"untracked\":2,\"coalesced\":0,\"dropped\":7,\"sinks\":[{\"name\":\"file:/var/log/privtrace.json\",\"written\":90,"
		"\"dropped\":0,\"queued\":0,\"up\":true},{\"name\":\"syslog+tcp://siem\\\"\\n:514\","
		"\"written\":83,\"dropped\":7,\"queued\":0,\"up\":false}]}}}\n");
	parse_line(buf);
	field_is("privtrace.health.dropped", "7");
	field_is("privtrace.health.untracked", "2");
	/* no sink: an empty list, still the same field */
	h.n_sinks = 0;
	json_health(&w, &h);
	take(&w);
	parse_line(buf);
	field_is("privtrace.health.sinks", "[]");
}

static void test_dropped(void **state)
{
	struct wbuf w = WBUF_INIT;

	(void)state;
	json_dropped(&w, "syslog+tcp://127.0.0.1:5514", 17, 42, T0);
	take(&w);
	/* a sink's own: outside event.sequence */
	assert_string_equal(buf, "{\"@timestamp\":\"2026-11-24T09:04:06.123456789Z\","
				 "\"ecs\":{\"version\":\"9.4.0\"},\"event\":{\"kind\":\"metric\","
				 "\"action\":\"dropped\"},\"privtrace\":{\"dropped\":"
				 "{\"sink\":\"syslog+tcp://127.0.0.1:5514\",\"records\":17,\"total\":42}}}\n");
	parse_line(buf);
	/* the name holds a path the user chose: escaped */
	json_dropped(&w, "file:/tmp/a\"b\n", 1, 1, T0);
	take(&w);
	assert_non_null(strstr(buf, "\"sink\":\"file:/tmp/a\\\"b\\n\""));
	parse_line(buf);
}

/* Any bytes in comm and path, any kind: still one valid, schema-conform line. */
/*
 * overlayfs checks its mounter's credentials (the runtime's: host root) when
 * a remapped container's task touches an image file: the record's subject
 * stays the task, the credentials checked are apart, the reason says so.
 */
static void test_checked_creds_apart(void **state)
{
	struct pt_event e = base(PT_EV_CAP);

	(void)state;
	e.cap.cap = CAP_DAC_OVERRIDE;
	e.cap.target_userns_inum = INIT_USERNS;
	e.flags = PT_F_CRED_OVERRIDE;
	ids(&e.cap.checked.host, 0, 0);
	ids(&e.cap.checked.ns, 0, 0);
	e.cap.checked.cap_effective = e.cap.checked.cap_permitted = CAPBIT(CAP_CHOWN);
	e.ret = -EPERM;
	as_json(&e, T0);
	field_is("user.id", "\"100000\"");
	field_is("privtrace.host.euid", "100000");
	field_is("privtrace.ns.euid", "0");
	field_is("privtrace.capability.checked_creds.host.euid", "0");
	field_is("privtrace.capability.checked_creds.ns.euid", "0");
	field_is("privtrace.capability.checked_creds.caps.effective", "[\"CAP_CHOWN\"]");
	/* the task's own set has CAP_DAC_OVERRIDE; the checked one has not: that is the reason */
	field_is("privtrace.reason", "\"cap_not_effective\"");
	field_is("event.reason", "\"CAP_DAC_OVERRIDE is not in the effective set (in credentials the "
				 "kernel checked for the task, not its own: "
				 "privtrace.capability.checked_creds)\"");
	/* its own check: nothing apart */
	e.flags = 0;
	e.ret = 0;
	as_json(&e, T0);
	field_absent("privtrace.capability.checked_creds");
}

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
		cmocka_unit_test(test_ia32_syscalls),
		cmocka_unit_test(test_repeat_record),
		cmocka_unit_test(test_path_bounds),
		cmocka_unit_test(test_open_allowed_by_privilege),
		cmocka_unit_test(test_open_host_root_file),
		cmocka_unit_test(test_host_root_change),
		cmocka_unit_test(test_container_docker),
		cmocka_unit_test(test_container_kubernetes),
		cmocka_unit_test(test_host_record),
		cmocka_unit_test(test_hostile_metadata),
		cmocka_unit_test(test_task_fragments_follow_changes),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_lost),
		cmocka_unit_test(test_health),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_checked_creds_apart),
		cmocka_unit_test(test_random_events),
	};

	return cmocka_run_group_tests_name("format_json", tests, NULL, NULL);
}
