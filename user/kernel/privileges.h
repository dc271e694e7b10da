/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What privtrace needs of root, asked of the kernel (capget), not assumed
 * from uid 0: a root whose capabilities are bounded (a container, systemd's
 * CapabilityBoundingSet) may lack some. dist/privtrace.service bounds it to
 * exactly these; README and privtrace(8) name the same five.
 */
#ifndef PT_PRIVILEGES_H
#define PT_PRIVILEGES_H

/*
 * CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN, which stands in for both) are
 * needed: without them one line on stderr says which is missing, and -1.
 * Each of CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE, CAP_SYSLOG missing is said
 * with what is lost without it, and the run goes on.
 */
int privileges_check(void);

#endif
