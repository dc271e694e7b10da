// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdbool.h>

#include "lib/escape.h"

/*
 * Length of the valid, shortest-form UTF-8 sequence at s (at most n bytes),
 * with its code point in *cp; 0 if the bytes there are not one. Only the
 * n bytes are read: a sequence cut by the buffer bound is invalid.
 */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned int *cp)
{
	unsigned int c = s[0], min;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, min = 0x80, c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, min = 0x800, c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0; /* continuation byte, 0xc0/0xc1 overlong lead, or > U+10FFFF lead */
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0; /* overlong, out of range, or a UTF-16 surrogate */
	*cp = c;
	return len;
}

/*
 * Code points that are valid text yet can drive a terminal (C1: 0x9b is
 * CSI), break a line for JavaScript readers (U+2028/9), or make a line read
 * differently from its bytes (bidi controls, "Trojan Source", CVE-2021-42574).
 */
static bool dangerous(unsigned int cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||
	       cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static size_t bounded_len(const char *s, size_t n)
{
	size_t len = 0;

	while (len < n && s[len])
		len++;
	return len;
}

void escape_json(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = s ? bounded_len(s, n) : 0, i = 0, k;
	unsigned int cp;

	fputc('"', out);
	while (i < len) {
		k = utf8_seq(p + i, len - i, &cp);
		if (!k) {
			/* one byte at a time: the next may start a valid sequence */
			fprintf(out, "\\\\x%02x", p[i]);
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", cp);
		else if (cp == '\n')
			fputs("\\n", out);
		else if (cp == '\t')
			fputs("\\t", out);
		else if (cp == '\r')
			fputs("\\r", out);
		else if (cp < 0x20 || cp == 0x7f || dangerous(cp))
			fprintf(out, "\\u%04x", cp);
		else
			fwrite(p + i, 1, k, out);
		i += k;
	}
	fputc('"', out);
}

size_t escape_text(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = s ? bounded_len(s, n) : 0, i = 0, k, cols = 0;
	unsigned int cp;
	int w;

	while (i < len) {
		k = utf8_seq(p + i, len - i, &cp);
		if (!k || cp < 0x20 || cp == 0x7f) {
			w = fprintf(out, "\\x%02x", p[i]);
			i++;
		} else {
			if (cp == '\\')
				w = fprintf(out, "\\\\");
			else if (dangerous(cp))
				w = fprintf(out, "\\u{%04x}", cp);
			else
				w = fwrite(p + i, 1, k, out) == k ? 1 : 0;
			i += k;
		}
		/* escapes are ASCII, one column per byte; a raw character is one */
		cols += w > 0 ? (size_t)w : 0;
	}
	return cols;
}
