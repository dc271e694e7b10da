// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The escapers (user/lib/escape.h, syslog_sd_escape in format/syslog.h):
 * each output is compared byte for byte with a reference written here from
 * the headers' rules alone, and checked for what those rules promise
 * whatever the reference says: one safe line, quotes and backslashes only
 * as escapes, the JSON string parsing back to the input.
 */
#include <string.h>

#include "fuzz.h"
#include "format/syslog.h"
#include "lib/escape.h"
#include "lib/json_scan.h"
#include "lib/wbuf.h"

enum style { JSON, TEXT, WORD, SD };

static void ref_hex4(struct wbuf *w, const char *pre, unsigned int cp, const char *post)
{
	static const char hex[] = "0123456789abcdef";

	wbuf_str(w, pre);
	wbuf_ch(w, hex[cp >> 12 & 15]);
	wbuf_ch(w, hex[cp >> 8 & 15]);
	wbuf_ch(w, hex[cp >> 4 & 15]);
	wbuf_ch(w, hex[cp & 15]);
	wbuf_str(w, post);
}

static void ref_x(struct wbuf *w, const char *pre, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	wbuf_str(w, pre);
	wbuf_ch(w, hex[c >> 4]);
	wbuf_ch(w, hex[c & 15]);
}

/* The headers' rules, one code point (or bad byte) at a time; returns code points written. */
static size_t reference(struct wbuf *w, enum style st, const unsigned char *s, size_t n)
{
	size_t i = 0, k, cols = 0;
	unsigned int cp;

	if (st == JSON)
		wbuf_ch(w, '"');
	while (i < n && s[i]) {
		k = fz_utf8(s + i, n - i, &cp);
		if (!k) {
			ref_x(w, st == JSON ? "\\\\x" : "\\x", s[i]);
			cols += 4;
			i++;
			continue;
		}
		if (st == JSON) {
			if (cp == '"' || cp == '\\') {
				wbuf_ch(w, '\\');
				wbuf_ch(w, cp);
			} else if (cp == '\n') {
				wbuf_lit(w, "\\n");
			} else if (cp == '\t') {
				wbuf_lit(w, "\\t");
			} else if (cp == '\r') {
				wbuf_lit(w, "\\r");
			} else if (fz_dangerous(cp)) {
				ref_hex4(w, "\\u", cp, "");
			} else {
				wbuf_put(w, s + i, k);
			}
		} else if (cp < 0x20 || cp == 0x7f || (st == WORD && cp == ' ')) {
			ref_x(w, "\\x", s[i]);
			cols += 4;
		} else if (cp == '\\' || (st == SD && (cp == '"' || cp == ']'))) {
			wbuf_ch(w, '\\');
			wbuf_ch(w, cp);
			cols += 2;
		} else if (fz_dangerous(cp)) {
			ref_hex4(w, "\\u{", cp, "}");
			cols += 8;
		} else {
			wbuf_put(w, s + i, k);
			cols++;
		}
		i += k;
	}
	if (st == JSON)
		wbuf_ch(w, '"');
	return cols;
}

static size_t count_cps(const char *p, size_t n)
{
	size_t i = 0, c = 0, k;
	unsigned int cp;

	while (i < n) {
		k = fz_utf8((const unsigned char *)p + i, n - i, &cp);
		i += k ? k : 1;
		c++;
	}
	return c;
}

/* Every backslash starts one of the escapes the style has; quotes and ']' only escaped. */
static void check_escapes(enum style st, const char *p, size_t n)
{
	size_t i, j = st == JSON ? 1 : 0, end = st == JSON ? n - 1 : n;

	if (st == JSON)
		fuzz_check(n >= 2 && p[0] == '"' && p[n - 1] == '"', "not a quoted string: %.*s",
			   (int)n, p);
	for (i = j; i < end; i++) {
		char c = p[i], d = i + 1 < end ? p[i + 1] : 0;

		if (c == '"')
			fuzz_check(st == TEXT || st == WORD, "raw '\"' at %zu: %.*s", i, (int)n, p);
		if (c == ']')
			fuzz_check(st != SD, "raw ']' at %zu: %.*s", i, (int)n, p);
		if (c == ' ')
			fuzz_check(st != WORD, "raw space in a word at %zu: %.*s", i, (int)n, p);
		if (c != '\\')
			continue;
		fuzz_check(i + 1 < end, "a lone backslash at the end: %.*s", (int)n, p);
		if (d == '\\' || (d == '"' && (st == JSON || st == SD)) || (d == ']' && st == SD) ||
		    (st == JSON && (d == 'n' || d == 't' || d == 'r'))) {
			i++;
		} else if (d == 'x' && st != JSON && i + 3 < end) {
			i += 3;
		} else if (d == 'u' && st == JSON && i + 5 < end) {
			i += 5;
		} else if (d == 'u' && st != JSON && i + 7 < end && p[i + 2] == '{' && p[i + 7] == '}') {
			i += 7;
		} else {
			fuzz_check(0, "backslash starts no escape at %zu: %.*s", i, (int)n, p);
		}
	}
}

static void one(enum style st, const char *s, size_t n, bool valid)
{
	static struct wbuf got = WBUF_INIT, want = WBUF_INIT;
	static char back[8192];
	struct json_val v;
	size_t cols = 0, ref_cols;
	long dl;

	wbuf_reset(&got);
	wbuf_reset(&want);
	switch (st) {
	case JSON:
		escape_json(&got, s, n);
		break;
	case TEXT:
		cols = escape_text(&got, s, n);
		break;
	case WORD:
		cols = escape_text_word(&got, s, n);
		break;
	case SD:
		syslog_sd_escape(&got, s, n);
		break;
	}
	ref_cols = reference(&want, st, (const unsigned char *)s, n);
	fuzz_check(!got.oom && !want.oom, "out of memory");
	fuzz_check(got.len == want.len && !memcmp(got.buf, want.buf, got.len),
		   "style %d: got %.*s, the rules say %.*s", st, (int)got.len, got.buf,
		   (int)want.len, want.buf);
	fz_check_safe("escaped", got.buf, got.len, 0);
	check_escapes(st, got.buf, got.len);
	if (st == TEXT || st == WORD) {
		fuzz_check(cols == ref_cols && cols == count_cps(got.buf, got.len),
			   "columns %zu, written %zu code points", cols, count_cps(got.buf, got.len));
	}
	if (st != JSON)
		return;
	/* our own reader takes it, and gives back the input when that was text */
	fuzz_check(!json_parse(got.buf, got.len, &v) && v.type == JSON_STRING,
		   "json_scan refuses %.*s", (int)got.len, got.buf);
	dl = json_string(&v, back, sizeof(back));
	if (valid && s && got.len < sizeof(back) / 2) {
		size_t len = strnlen(s, n);

		fuzz_check(dl >= 0 && (size_t)dl == len && !memcmp(back, s, len),
			   "decodes to %ld bytes, not the %zu given", dl, len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t i = 0, k, len = strnlen(s, size);
	unsigned int cp;
	bool valid = true;

	while (i < len) {
		k = fz_utf8(data + i, len - i, &cp);
		if (!k) {
			valid = false;
			break;
		}
		i += k;
	}
	one(JSON, s, size, valid);
	one(TEXT, s, size, valid);
	one(WORD, s, size, valid);
	one(SD, s, size, valid);
	/* NULL is "" (escape.h) */
	if (!size)
		one(JSON, NULL, 0, true);
	return 0;
}
