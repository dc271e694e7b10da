// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The kernel's own order of decisions (fs/namei.c generic_permission(),
 * kernel/capability.c capable_wrt_inode_uidgid(), security/commoncap.c
 * cap_capable()) is what makes these derivations sound:
 *  - the mode bits are checked first; only when they refuse does the kernel
 *    ask for CAP_DAC_READ_SEARCH / CAP_DAC_OVERRIDE (CAP_FOWNER, CAP_CHOWN
 *    for ownership checks). A denied override therefore means "the mode bits
 *    deny and the capability is not there to override them";
 *  - capable_wrt_inode_uidgid() asks ns_capable() in the caller's own user
 *    namespace first, and only then requires the inode's owner to be mapped
 *    into that namespace. A granted override followed by EACCES/EPERM in the
 *    same syscall is therefore the unmapped owner: root of a remapped
 *    container facing a host file;
 *  - cap_capable() grants a capability in the effective set only when the
 *    target namespace is the credentials' own or a descendant of it.
 */
#include <stdio.h>
#include <string.h>

#include "event/explain.h"
#include "event/names.h"

#define CAP_DAC_OVERRIDE 1
#define CAP_DAC_READ_SEARCH 2
#define CAP_FOWNER 3
#define MODE_CAPS ((1ULL << CAP_DAC_OVERRIDE) | (1ULL << CAP_DAC_READ_SEARCH))
#define DAC_CAPS (MODE_CAPS | (1ULL << CAP_FOWNER))

static const char *const codes[PT_R_MAX] = {
	[PT_R_CAP_NOT_EFFECTIVE] = "cap_not_effective",
	[PT_R_CAP_OUTSIDE_USERNS] = "cap_outside_userns",
	[PT_R_OWNER_UNMAPPED] = "owner_unmapped",
	[PT_R_MODE_DENIES] = "mode_denies",
	[PT_R_NO_OVERRIDE] = "no_override",
	[PT_R_SECURITY_MODULE] = "security_module",
	[PT_R_NOT_DAC] = "not_dac",
	[PT_R_HOST_ROOT_FILE] = "host_root_file",
	[PT_R_PRIVILEGE] = "privilege",
};

const char *reason_code(enum pt_reason r)
{
	return r > PT_R_NONE && r < PT_R_MAX ? codes[r] : NULL;
}

/* "CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH" for the set bits of mask. */
static void cap_list(char *buf, size_t len, __u64 mask)
{
	size_t used = 0;
	int cap, n = 0, total = __builtin_popcountll(mask);

	buf[0] = '\0';
	for (cap = 0; cap < 64 && used < len; cap++) {
		const char *name;
		int w;

		if (!(mask & (1ULL << cap)))
			continue;
		name = cap_name(cap);
		w = snprintf(buf + used, len - used, "%s%s", n == 0 ? "" : n == total - 1 ? " and " : ", ",
			     name ? name : "an unknown capability");
		if (w < 0)
			break;
		used += (size_t)w;
		n++;
	}
}

static void set(struct explanation *x, enum pt_reason code, const char *fmt, const char *arg)
{
	x->code = code;
	snprintf(x->text, sizeof(x->text), fmt, arg);
}

static void explain_cap(const struct pt_event *e, struct explanation *x)
{
	const char *name = cap_name(e->cap.cap);
	char cap[32];

	snprintf(cap, sizeof(cap), "%s", name ? name : "the capability");
	if (e->cap.cap < 0 || e->cap.cap >= 64 || !(e->cred.cap_effective & (1ULL << e->cap.cap)))
		set(x, PT_R_CAP_NOT_EFFECTIVE, "%s is not in the effective set", cap);
	else if (e->flags & PT_F_CAP_TARGET_OUTSIDE)
		set(x, PT_R_CAP_OUTSIDE_USERNS,
		    "%s is held only in the task's user namespace; the target belongs to an "
		    "ancestor namespace", cap);
	else
		set(x, PT_R_SECURITY_MODULE,
		    "%s is effective for this target, yet it was refused: a security module said no",
		    cap);
}

/* A file syscall that failed with EACCES/EPERM, or a failed credential change. */
static void explain_syscall(const struct pt_event *e, struct explanation *x)
{
	__u64 denied = e->sys_caps_denied, granted = e->sys_caps_granted & ~denied;
	__u64 refused_effective = denied & e->cred.cap_effective;
	char caps[128];

	if (denied && !refused_effective) {
		cap_list(caps, sizeof(caps), denied);
		/* only the mode-bit overrides say "the mode bits deny"; CAP_FOWNER is about ownership */
		if (e->kind == PT_EV_FILE && (denied & MODE_CAPS))
			set(x, PT_R_MODE_DENIES,
			    "the mode bits deny and no override applies: %s not in the effective set",
			    caps);
		else
			set(x, PT_R_CAP_NOT_EFFECTIVE, "%s not in the effective set", caps);
		return;
	}
	if (refused_effective) {
		/* effective, yet refused: the target is not within the task's namespace */
		cap_list(caps, sizeof(caps), refused_effective);
		set(x, e->task.userns_level > 0 ? PT_R_CAP_OUTSIDE_USERNS : PT_R_SECURITY_MODULE,
		    e->task.userns_level > 0 ?
			    "%s held only in the task's user namespace; the target belongs to an "
			    "ancestor namespace" :
			    "%s effective, yet refused: a security module said no",
		    caps);
		return;
	}
	/* a credential change refused for other reasons (EINVAL, setgroups denied) has none here */
	if (e->kind != PT_EV_FILE)
		return;
	if ((granted & DAC_CAPS) && e->task.userns_level > 0) {
		cap_list(caps, sizeof(caps), granted & DAC_CAPS);
		set(x, PT_R_OWNER_UNMAPPED,
		    __builtin_popcountll(granted & DAC_CAPS) > 1 ?
			    "the owner is not mapped into the caller's user namespace, so %s held "
			    "there do not apply" :
			    "the owner is not mapped into the caller's user namespace, so %s held "
			    "there does not apply",
		    caps);
		return;
	}
	if (granted) {
		cap_list(caps, sizeof(caps), granted);
		set(x, PT_R_NOT_DAC,
		    __builtin_popcountll(granted) > 1 ?
			    "refused although %s were granted: not a permission-bit decision "
			    "(security module, mount option or file attribute)" :
			    "refused although %s was granted: not a permission-bit decision "
			    "(security module, mount option or file attribute)",
		    caps);
		return;
	}
	set(x, PT_R_NO_OVERRIDE, "%s",
	    "the mode bits deny and no override applies: no capability was even asked "
	    "(no exec bit, a mount option or a security module)");
}

void explain_event(const struct pt_event *e, struct explanation *x)
{
	char what[64];

	memset(x, 0, sizeof(*x));
	switch (e->kind) {
	case PT_EV_CAP:
		if (e->ret < 0)
			explain_cap(e, x);
		return;
	case PT_EV_CRED:
		if (!event_success(e))
			explain_syscall(e, x);
		return;
	case PT_EV_FILE:
		break;
	default:
		return;
	}
	if (e->ret < 0) {
		explain_syscall(e, x);
		return;
	}
	if (e->flags & PT_F_HOST_ROOT_FILE) {
		snprintf(what, sizeof(what), "%s a root-only host file (mode %04o)",
			 e->file.access & PT_MAY_WRITE ? "writing" : "reading", e->file.mode & 07777);
		set(x, PT_R_HOST_ROOT_FILE, "host root %s: container root is host root", what);
		return;
	}
	if (e->flags & PT_F_OWNER) {
		if (e->sys_caps_granted & DAC_CAPS) {
			cap_list(what, sizeof(what), e->sys_caps_granted & DAC_CAPS);
			set(x, PT_R_PRIVILEGE, "allowed by %s", what);
		} else {
			set(x, PT_R_PRIVILEGE, "%s", "allowed by privilege: the mode bits alone refuse it");
		}
	}
}
