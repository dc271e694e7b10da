/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Why a privileged access was denied (or is worth a flag although granted),
 * in one phrase, derived only from what the kernel reported with the event:
 * the checked credentials' effective set, where the target's user namespace
 * sits relative to them (PT_F_CAP_TARGET_OUTSIDE), and which capability
 * checks the kernel made, and how they ended, inside the syscall that failed
 * (pt_event.sys_caps_granted/denied).
 */
#ifndef PT_EXPLAIN_H
#define PT_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include "privtrace.h"

/* privtrace.reason (docs/schema.md) */
enum pt_reason {
	PT_R_NONE = 0,
	PT_R_CAP_NOT_EFFECTIVE, /* the capability is not in the effective set */
	PT_R_CAP_OUTSIDE_USERNS, /* held only in a child user namespace; the target is an ancestor's */
	PT_R_OWNER_UNMAPPED,    /* the capability was granted in the caller's namespace, and the
				 * file still refused: its owner is not mapped there */
	PT_R_MODE_DENIES,       /* the mode bits deny and the override was asked and refused */
	PT_R_NO_OVERRIDE,       /* refused without any capability being asked */
	PT_R_SECURITY_MODULE,   /* the capability is effective and in scope, yet refused */
	PT_R_NOT_DAC,           /* refused although every capability asked was granted */
	PT_R_HOST_ROOT_FILE,    /* granted: container root is host root, read a root-only host file */
	PT_R_PRIVILEGE,         /* granted: an open the mode bits alone refuse */
	PT_R_HOST_ROOT_CHANGE,  /* done: container root is host root, changed host root's file */
	PT_R_MAX,
};

#define EXPLAIN_TEXT_LEN 320

struct explanation {
	enum pt_reason code;
	/* event.reason; "" with PT_R_NONE. Printable ASCII from fixed phrases and
	 * capability names only, never a string the traced task chose */
	char text[EXPLAIN_TEXT_LEN];
};

/*
 * Fill x for a denied capability check, a failed file syscall or credential
 * change, or a flagged granted open; x->code is PT_R_NONE for anything else.
 * e must have passed decode_event; ok is its outcome (event_success: the
 * caller decided it already).
 */
void explain_event(const struct pt_event *e, bool ok, struct explanation *x);

/* "cap_not_effective", ...; NULL for PT_R_NONE. */
const char *reason_code(enum pt_reason r);

#endif
