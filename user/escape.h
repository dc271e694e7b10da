/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Escaping of strings a traced process controls (comm, paths): whatever the
 * bytes, the output is one line of valid UTF-8 that cannot end the record,
 * start a new one, or drive a terminal.
 */
#ifndef PT_ESCAPE_H
#define PT_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/*
 * A JSON string literal, quotes included, of at most n bytes of s (stopping
 * at a NUL). Control characters, C1 controls, line/paragraph separators and
 * bidi overrides become \uXXXX; a byte that is not valid shortest-form UTF-8
 * becomes the text \xNN (written \\xNN in JSON).
 */
void escape_json(FILE *out, const char *s, size_t n);

/*
 * The same bytes for a terminal or a log line, without quotes: printable
 * ASCII and valid UTF-8 pass, a backslash is doubled, control bytes and
 * invalid UTF-8 become \xNN, dangerous code points \u{XXXX}.
 */
size_t escape_text(FILE *out, const char *s, size_t n); /* returns bytes written */

#endif
