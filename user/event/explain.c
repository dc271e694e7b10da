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
	[PT_R_HOST_ROOT_CHANGE] = "host_root_change",
};

const char *reason_code(enum pt_reason r)
{
	return r > PT_R_NONE && r < PT_R_MAX ? codes[r] : NULL;
}

/*
 * The phrase is put together from fixed pieces and capability names (no
 * printf: this runs for every denial of a flood): appended, cut at the
 * buffer's end, always terminated.
 */
struct phrase {
	char *p;
	size_t left; /* room, the NUL's included */
};

static void put(struct phrase *ph, const char *s)
{
	size_t n = strlen(s);

	if (n >= ph->left)
		n = ph->left - 1;
	memcpy(ph->p, s, n);
	ph->p += n;
	ph->left -= n;
	*ph->p = 0;
}

/* "CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH" for the set bits of mask. */
static void put_caps(struct phrase *ph, __u64 mask)
{
	int cap, n = 0, total = __builtin_popcountll(mask);

	for (cap = 0; cap < 64; cap++) {
		const char *name;

		if (!(mask & (1ULL << cap)))
			continue;
		if (n)
			put(ph, n == total - 1 ? " and " : ", ");
		name = cap_name(cap);
		put(ph, name ? name : "an unknown capability");
		n++;
	}
}

/* x's phrase from the start: code, then the pieces appended by the caller. */
static struct phrase start(struct explanation *x, enum pt_reason code, const char *first)
{
	struct phrase ph = { x->text, sizeof(x->text) };

	x->code = code;
	x->text[0] = 0;
	put(&ph, first);
	return ph;
}

static void set(struct explanation *x, enum pt_reason code, const char *text)
{
	start(x, code, text);
}

/* before, the capabilities in mask, after */
static void set_caps(struct explanation *x, enum pt_reason code, const char *before, __u64 mask,
		     const char *after)
{
	struct phrase ph = start(x, code, before);

	put_caps(&ph, mask);
	put(&ph, after);
}

static void explain_cap(const struct pt_event *e, struct explanation *x)
{
	const char *name = cap_name(e->cap.cap);
	struct phrase ph;

	/* the verdict is about the credentials checked: someone else's, perhaps (overlayfs) */
	const struct pt_creds *cr = e->flags & PT_F_CRED_OVERRIDE ? &e->cap.checked : &e->cred;

	if (e->cap.cap < 0 || e->cap.cap >= 64 || !(cr->cap_effective & (1ULL << e->cap.cap))) {
		ph = start(x, PT_R_CAP_NOT_EFFECTIVE, name ? name : "the capability");
		put(&ph, " is not in the effective set");
	} else if (e->flags & PT_F_CAP_TARGET_OUTSIDE) {
		ph = start(x, PT_R_CAP_OUTSIDE_USERNS, name ? name : "the capability");
		put(&ph, " is held only in the task's user namespace; the target belongs to an "
			 "ancestor namespace");
	} else {
		ph = start(x, PT_R_SECURITY_MODULE, name ? name : "the capability");
		put(&ph, " is effective for this target, yet it was refused: a security module said no");
	}
	if (e->flags & PT_F_CRED_OVERRIDE)
		put(&ph, " (in credentials the kernel checked for the task, not its own: "
			 "privtrace.capability.checked_creds)");
}

/* A file syscall that failed with EACCES/EPERM, or a failed credential change. */
static void explain_syscall(const struct pt_event *e, struct explanation *x)
{
	__u64 denied = e->sys_caps_denied, granted = e->sys_caps_granted & ~denied;
	__u64 refused_effective = denied & e->cred.cap_effective;

	/*
	 * An override granted in a child namespace and still refused: the
	 * owner is not mapped there (capable_wrt_inode_uidgid()), whatever
	 * else was refused before it (CAP_DAC_READ_SEARCH is asked first, and
	 * the default container set lacks it: holding it would not have helped)
	 */
	if (e->kind == PT_EV_FILE && (granted & DAC_CAPS) && e->task.userns_level > 0 &&
	    !refused_effective) {
		set_caps(x, PT_R_OWNER_UNMAPPED,
			 "the owner of the file or of a directory on its path is not mapped into "
			 "the caller's user namespace, so ",
			 granted & DAC_CAPS,
			 __builtin_popcountll(granted & DAC_CAPS) > 1 ? " held there do not apply" :
									 " held there does not apply");
		return;
	}
	if (denied && !refused_effective) {
		/* only the mode-bit overrides say "the mode bits deny"; CAP_FOWNER is about ownership */
		if (e->kind == PT_EV_FILE && (denied & MODE_CAPS))
			set_caps(x, PT_R_MODE_DENIES,
				 "the mode bits deny and no override applies: ", denied,
				 " not in the effective set");
		else
			set_caps(x, PT_R_CAP_NOT_EFFECTIVE, "", denied, " not in the effective set");
		return;
	}
	if (refused_effective) {
		/* effective, yet refused: the target is not within the task's namespace */
		if (e->task.userns_level > 0)
			set_caps(x, PT_R_CAP_OUTSIDE_USERNS, "", refused_effective,
				 " held only in the task's user namespace; the target belongs to an "
				 "ancestor namespace");
		else
			set_caps(x, PT_R_SECURITY_MODULE, "", refused_effective,
				 " effective, yet refused: a security module said no");
		return;
	}
	/* a credential change refused for other reasons (EINVAL, setgroups denied) has none here */
	if (e->kind != PT_EV_FILE)
		return;
	if (granted) {
		set_caps(x, PT_R_NOT_DAC, "refused although ", granted,
			 __builtin_popcountll(granted) > 1 ?
				 " were granted: not a permission-bit decision (security module, "
				 "mount option or file attribute)" :
				 " was granted: not a permission-bit decision (security module, "
				 "mount option or file attribute)");
		return;
	}
	set(x, PT_R_NO_OVERRIDE,
	    "the mode bits deny and no override applies: no capability was even asked "
	    "(no exec bit, a mount option or a security module)");
}

/* mode's permission bits in four octal digits */
static void put_mode(struct phrase *ph, __u32 mode)
{
	char m[5] = { '0' + (mode >> 9 & 7), '0' + (mode >> 6 & 7), '0' + (mode >> 3 & 7),
		      '0' + (mode & 7), 0 };

	put(ph, m);
}

static void put_u32(struct phrase *ph, __u32 v)
{
	char b[11], *p = b + sizeof(b) - 1;

	*p = 0;
	do
		*--p = '0' + v % 10;
	while (v /= 10);
	put(ph, p);
}

/*
 * PT_F_HOST_ROOT_CHANGE: what was done to whose file, in whose directory,
 * and why no capability was needed. A new file is its maker's: only its
 * directory's owner is said.
 */
static void explain_change(const struct pt_event *e, struct explanation *x)
{
	const char *type = file_change_type(e), *verb = "changed", *prep = " in ";
	/* what the syscall says, not the type bits: a record's JSON keeps the permission bits only */
	bool dir = e->syscall == PT_SYS_rmdir || e->syscall == PT_SYS_mkdir ||
		   e->syscall == PT_SYS_mkdirat;
	bool made = !strcmp(type, "creation");
	struct phrase ph;

	if (!strcmp(type, "deletion")) {
		verb = "removed";
		prep = " from ";
	} else if (made) {
		verb = "made";
	} else if (e->syscall == PT_SYS_rename || e->syscall == PT_SYS_renameat ||
		   e->syscall == PT_SYS_renameat2) {
		verb = "renamed";
	}
	ph = start(x, PT_R_HOST_ROOT_CHANGE, "host root ");
	put(&ph, verb);
	if (made || e->file.owner_uid != 0) {
		put(&ph, dir ? " a directory" : " a file");
	} else {
		put(&ph, dir ? " host root's directory" : " host root's file");
	}
	if (!made && e->file.owner_uid != 0) {
		put(&ph, " of host uid ");
		put_u32(&ph, e->file.owner_uid);
	}
	put(&ph, " (mode ");
	put_mode(&ph, e->file.mode);
	put(&ph, ")");
	if (e->flags & PT_F_DIR_OWNER) {
		put(&ph, prep);
		if (e->file.dir_uid == 0) {
			put(&ph, "host root's directory (mode ");
		} else {
			put(&ph, "a directory of host uid ");
			put_u32(&ph, e->file.dir_uid);
			put(&ph, " (mode ");
		}
		put_mode(&ph, e->file.dir_mode);
		put(&ph, ")");
	}
	put(&ph, ", no capability needed: container root is host root");
}

void explain_event(const struct pt_event *e, bool ok, struct explanation *x)
{
	struct phrase ph;

	x->code = PT_R_NONE;
	x->text[0] = 0;
	switch (e->kind) {
	case PT_EV_CAP:
		if (e->ret < 0)
			explain_cap(e, x);
		return;
	case PT_EV_CRED:
		if (!ok)
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
	if (file_change_type(e)) {
		explain_change(e, x);
		return;
	}
	if (e->flags & PT_F_HOST_ROOT_FILE) {
		ph = start(x, PT_R_HOST_ROOT_FILE, e->file.access & PT_MAY_WRITE ?
			   "host root writing a root-only host file (mode " :
			   "host root reading a root-only host file (mode ");
		put_mode(&ph, e->file.mode);
		put(&ph, "): container root is host root");
		return;
	}
	if (e->flags & PT_F_OWNER) {
		if (e->sys_caps_granted & DAC_CAPS)
			set_caps(x, PT_R_PRIVILEGE, "allowed by ", e->sys_caps_granted & DAC_CAPS, "");
		else
			set(x, PT_R_PRIVILEGE, "allowed by privilege: the mode bits alone refuse it");
	}
}
