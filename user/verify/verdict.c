// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdarg.h>
#include <stdio.h>

#include "event/names.h"
#include "verify/verdict.h"

static const char *const words[] = { "isolated", "isolated_with_warnings", "not_isolated", "error" };

const char *verdict_word(enum verdict v)
{
	return words[v];
}

static void say(struct subject *s, enum verdict at_least, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One evidence line; the verdict is at least at_least. */
static void say(struct subject *s, enum verdict at_least, const char *fmt, ...)
{
	va_list ap;

	if (s->v < at_least)
		s->v = at_least;
	if (s->n_lines == VERDICT_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(s->lines[s->n_lines++], VERDICT_LINE_LEN, fmt, ap);
	va_end(ap);
}

static int caps_count(__u64 m)
{
	return __builtin_popcountll(m);
}

void verdict_judge(struct subject *s)
{
	const struct facts *f = &s->f;
	char map[VERDICT_LINE_LEN - 64];
	int i;

	s->v = V_ISOLATED;
	s->n_lines = 0;
	if (!f->read) {
		say(s, V_ERROR, "its first process could not be read: %s", f->why);
		return;
	}
	facts_map_text(f->uid_map, f->n_uid, map, sizeof(map));
	if (f->shares_host_userns) {
		say(s, V_NOT_ISOLATED, "kernel: pid %d lives in the host's user namespace (inode %llu): "
			"its root is host root", f->pid, (unsigned long long)f->userns_inum);
	} else if (f->root_mapped && f->root_host_uid == 0) {
		say(s, V_NOT_ISOLATED, "kernel: its user namespace maps root to host uid 0 (uid_map %s)",
		    map);
	} else if (f->root_mapped) {
		say(s, V_ISOLATED, "kernel: root is host uid %u (uid_map %s)", f->root_host_uid, map);
	} else {
		say(s, V_ISOLATED, "kernel: root is not mapped to any host uid (uid_map %s)",
		    f->n_uid ? map : "empty");
	}
	if (!f->shares_host_userns && f->host_root_mapped && f->root_host_uid != 0)
		say(s, V_NOT_ISOLATED, "kernel: host uid 0 is mapped in, as ns uid %u", f->host_root_ns_uid);
	if (!f->shares_host_userns && f->root_host_uid != 0 && f->host_gid0_mapped)
		say(s, V_WARNINGS, "kernel: host gid 0 is mapped in (gid_map)");
	/* with root host root, every account is: only a remapped namespace's are worth a line */
	for (i = 0; i < f->n_accounts && !f->shares_host_userns && f->root_host_uid != 0; i++)
		say(s, V_WARNINGS, "kernel: host account %s (uid %u) is inside the map, as ns uid %u: "
			"the container can act as it", f->accounts[i].name, f->accounts[i].host_uid,
		    f->accounts[i].ns_uid);
	if (f->n_accounts_all > f->n_accounts && !f->shares_host_userns && f->root_host_uid != 0)
		say(s, V_WARNINGS, "kernel: %d more host accounts are inside the map",
		    f->n_accounts_all - f->n_accounts);
	if (f->cap_eff)
		say(s, s->v, "kernel: pid %d holds %d capabilities (effective)%s", f->pid,
		    caps_count(f->cap_eff),
		    (f->shares_host_userns || f->root_host_uid == 0) && (f->cap_eff >> 21 & 1) ?
			    ", CAP_SYS_ADMIN among them: host root's" : "");
	/* what the runtime says, against it */
	if (s->daemon_known) {
		if (s->daemon_remaps && s->meta.userns_host)
			say(s, V_NOT_ISOLATED, "runtime: the daemon remaps user namespaces "
				"(userns-remap), but this container opted out (UsernsMode=host, "
				"--userns=host)");
		else if (s->daemon_remaps && f->shares_host_userns)
			say(s, V_NOT_ISOLATED, "runtime: the daemon remaps user namespaces, yet the "
				"kernel shows this container in the host's: a mismatch");
		else if (s->daemon_remaps)
			say(s, s->v, "runtime: the daemon remaps user namespaces (userns-remap)");
		else if (!f->shares_host_userns)
			say(s, s->v, "runtime: the daemon does not remap; this container has a user "
				"namespace of its own");
		else
			say(s, s->v, "runtime: the daemon does not remap user namespaces (no userns-remap)");
	} else {
		say(s, s->v, "runtime: the daemon's userns-remap setting could not be had");
	}
}
