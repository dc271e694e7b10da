/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Escaping of strings a traced process controls (comm, paths): whatever the
 * bytes, the output is one line of valid UTF-8 that cannot end the record,
 * start a new one, or drive a terminal. This is the security boundary of the
 * output: a traced container chooses these bytes.
 */
#ifndef PT_ESCAPE_H
#define PT_ESCAPE_H

#include <stddef.h>

#include "lib/wbuf.h"

/*
 * A JSON string literal, quotes included, of at most n bytes of s (stopping
 * at the first NUL; s may be NULL: ""). Rules, in order:
 *   '"' and '\'                     -> \" and \\
 *   LF, TAB, CR                     -> \n, \t, \r (JSON's short forms)
 *   other U+0000-U+001F, U+007F     -> \u00XX
 *   C1 controls U+0080-U+009F, line/paragraph separators U+2028/U+2029,
 *   bidi embeddings/overrides U+202A-U+202E, isolates U+2066-U+2069
 *                                   -> \uXXXX
 *   other valid shortest-form UTF-8 -> unchanged
 *   any other byte (overlong, surrogate, > U+10FFFF, truncated, stray
 *   continuation)                   -> \\xNN, lowercase: decodes to the 4
 *                                      characters \xNN (docs/schema.md)
 */
void escape_json(struct wbuf *w, const char *s, size_t n);

/*
 * The same bytes for a terminal or a log line, without quotes: printable
 * ASCII (space included) and valid UTF-8 pass, '\' becomes \\, every other
 * byte below 0x20, DEL and each byte of invalid UTF-8 becomes \xNN, the
 * code points escaped in JSON above become \u{XXXX}. Nothing written is a
 * control byte. Returns the columns written, counting one per code point,
 * so a caller can pad a column (east-asian wide characters count one).
 */
size_t escape_text(struct wbuf *w, const char *s, size_t n);

/*
 * The same, for a value that must stay one word after a label (a user
 * name after "ns:"): a space too becomes \x20, so that a name cannot add a
 * label of its own.
 */
size_t escape_text_word(struct wbuf *w, const char *s, size_t n);

/*
 * escape_text() of the C string s into w (emptied first), NUL-terminated,
 * for a message: its buffer, or a fixed text if memory ran out.
 */
const char *escape_text_cstr(struct wbuf *w, const char *s);

#endif
