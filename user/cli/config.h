/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The config file (--config PATH, /etc/privtrace/privtrace.conf for the
 * service): the long options, one a line, read before the command line.
 *
 *     # comment
 *     output = json
 *     sink = "file:/var/log/privtrace/events.json"
 *     denied-only
 *
 * A name is a long option's whole name, without "--"; a bare name is a flag.
 * Blanks around names and values are dropped; a value may be quoted "..."
 * (\" and \\ inside), which keeps blanks and '#'. '#' at the start of a line,
 * or after a blank outside quotes, starts a comment. Repeatable options
 * (container, docker-socket, sink, backend) may be given on several lines.
 */
#ifndef PT_CONFIG_H
#define PT_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#define CONFIG_MAX_LINE 4096 /* bytes, newline included */

/*
 * What a setting does: applied as the command-line option of that name
 * would be (value NULL for a flag; it lives as long as the process). 0, or
 * -1 with the reason in why.
 */
typedef int (*config_apply)(void *arg, const char *name, char *value, char *why, size_t why_len);

/*
 * Every setting of the file to apply(arg, ...) in order. Every bad line is
 * told on err as "privtrace: PATH:LINE: reason"; then -1.
 */
int config_load(const char *path, config_apply apply, void *arg, FILE *err);

#endif
