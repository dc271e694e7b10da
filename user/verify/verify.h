/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * `privtrace verify`: does each running container's user namespace keep
 * its root from being the host's? From what the kernel says
 * (user/verify/facts.h) next to what the runtime says (Docker: the
 * daemon's userns-remap, the container's UsernsMode), a verdict per
 * container with its evidence: isolated, isolated with warnings, not
 * isolated. Text, JSON or JUnit XML. Exit 0 all isolated, 1 any not, 2 on
 * error.
 */
#ifndef PT_VERIFY_H
#define PT_VERIFY_H

/* The subcommand: argv[0] is "verify". */
int verify_main(int argc, char **argv);

#endif
