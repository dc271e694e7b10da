/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef PT_PARSE_H
#define PT_PARSE_H

/*
 * Strict numeric parsing for every number a user gives (options, config,
 * sink specs): the whole string, decimal digits only (no sign, no space),
 * within [min, max]. 0, or -1 with *out untouched.
 */
int parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *out);

#endif
