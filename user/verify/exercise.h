/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* `privtrace verify --exercise`: a probe in each container's user namespace, traced. */
#ifndef PT_VERIFY_EXERCISE_H
#define PT_VERIFY_EXERCISE_H

#include "verify/verdict.h"

#define VERIFY_EXERCISE_MAX 16 /* containers one run exercises */

/*
 * The probe for s[0..n-1] (their facts read), traced by privtrace's own
 * tracer, its records appended to records (NULL: a file of its own,
 * removed after): fills each s[i].ex. -1 when any could not be exercised
 * (its ex.why says why).
 */
int exercise_run(struct subject *s, int n, const char *records);

/* The probe itself: `privtrace verify --probe-into I:PID:JOIN:DIR ...` (the tracer's command). */
int exercise_probe_main(char **specs, int n);

/* "read", "chmod", "create", "remove" */
const char *exercise_step_name(enum trial_step s);

#endif
