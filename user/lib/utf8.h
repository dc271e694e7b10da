/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The one UTF-8 decoder (and encoder): escaping, syslog structured data and the JSON readers share it. */
#ifndef PT_UTF8_H
#define PT_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Length of the valid, shortest-form UTF-8 sequence at s (at most n bytes),
 * with its code point in *cp; 0 if the bytes there are not one (a
 * continuation byte, an overlong form, a surrogate, beyond U+10FFFF, or a
 * sequence cut by n).
 */
size_t utf8_seq(const unsigned char *s, size_t n, unsigned int *cp);

/* cp (at most U+10FFFF) as UTF-8 into out: its length, 1 to 4. */
size_t utf8_put(unsigned int cp, unsigned char out[4]);

/*
 * Code points that are valid text yet can drive a terminal (C1: 0x9b is
 * CSI), break a line for JavaScript readers (U+2028/9), or make a line read
 * differently from its bytes (bidi controls, "Trojan Source", CVE-2021-42574).
 */
static inline bool utf8_dangerous(unsigned int cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

#endif
