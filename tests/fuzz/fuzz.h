/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the harnesses share: the oracle's failure (abort, so libFuzzer keeps
 * the input), a UTF-8 decoder of their own (the oracle must not trust
 * user/lib/utf8.c, which it checks), and a FILE that goes nowhere.
 */
#ifndef PT_FUZZ_H
#define PT_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* An oracle's verdict: what broke, where, then abort() (a crash libFuzzer keeps). */
#define fuzz_check(cond, ...)                                                   \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "%s:%d: oracle: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
			abort();                                                \
		}                                                               \
	} while (0)

/* Shortest-form UTF-8 at s: its length and *cp, or 0 (written from RFC 3629, not utf8.c). */
static inline size_t fz_utf8(const unsigned char *s, size_t n, unsigned int *cp)
{
	unsigned int v, min;
	size_t need, i;

	if (!n)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		need = 1, min = 0x80, v = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 2, min = 0x800, v = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 3, min = 0x10000, v = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n <= need)
		return 0;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return need + 1;
}

/* What must never be written raw: C0, DEL, C1, line separators, bidi controls. */
static inline bool fz_dangerous(unsigned int cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 ||
	       cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * p[0..n) is valid UTF-8 and holds none of the above, but allow_lf
 * newlines at its very end: a safe line. abort()s, naming what, if not.
 */
static inline void fz_check_safe(const char *what, const char *p, size_t n, size_t allow_lf)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned int cp;
	size_t i = 0, k;

	while (n && allow_lf && s[n - 1] == '\n') {
		n--;
		allow_lf--;
	}
	while (i < n) {
		k = fz_utf8(s + i, n - i, &cp);
		fuzz_check(k, "%s: invalid UTF-8 at byte %zu of %zu: %.*s", what, i, n, (int)n, p);
		fuzz_check(!fz_dangerous(cp), "%s: raw U+%04X at byte %zu: %.*s", what, cp, i,
			   (int)n, p);
		i += k;
	}
}

static inline ssize_t fz_nowhere_write(void *c, const char *buf, size_t n)
{
	(void)c;
	(void)buf;
	return n;
}

/* A FILE whose writes all succeed and go nowhere: messages cost no I/O. */
static inline FILE *fz_nowhere(void)
{
	static const cookie_io_functions_t io = { .write = fz_nowhere_write };

	return fopencookie(NULL, "w", io);
}

#endif
