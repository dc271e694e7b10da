// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdbool.h>

#include <string.h>

#include "lib/escape.h"
#include "lib/utf8.h"

static const char hexdig[] = "0123456789abcdef";

static size_t bounded_len(const char *s, size_t n)
{
	const char *z = memchr(s, 0, n);

	return z ? (size_t)(z - s) : n;
}

/* Bytes JSON and text alike pass as they are: printable ASCII but '"' and '\'. */
static inline bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

static void put_u4(struct wbuf *w, const char *prefix, size_t plen, unsigned int cp,
		   const char *suffix, size_t slen)
{
	char tmp[16];
	size_t o = 0;

	memcpy(tmp, prefix, plen);
	o = plen;
	tmp[o++] = hexdig[(cp >> 12) & 15];
	tmp[o++] = hexdig[(cp >> 8) & 15];
	tmp[o++] = hexdig[(cp >> 4) & 15];
	tmp[o++] = hexdig[cp & 15];
	memcpy(tmp + o, suffix, slen);
	wbuf_put(w, tmp, o + slen);
}

static void put_x(struct wbuf *w, const char *prefix, size_t plen, unsigned char c)
{
	char tmp[8];

	memcpy(tmp, prefix, plen);
	tmp[plen] = hexdig[c >> 4];
	tmp[plen + 1] = hexdig[c & 15];
	wbuf_put(w, tmp, plen + 2);
}

void escape_json(struct wbuf *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = s ? bounded_len(s, n) : 0, i = 0, run, k;
	unsigned int cp;

	wbuf_ch(w, '"');
	while (i < len) {
		/* the common case: a run of plain ASCII, copied at once */
		for (run = i; run < len && plain(p[run]); run++)
			;
		if (run > i) {
			wbuf_put(w, p + i, run - i);
			i = run;
			if (i == len)
				break;
		}
		k = utf8_seq(p + i, len - i, &cp);
		if (!k) {
			/* one byte at a time: the next may start a valid sequence */
			put_x(w, "\\\\x", 3, p[i]);
			i++;
			continue;
		}
		if (cp == '"')
			wbuf_lit(w, "\\\"");
		else if (cp == '\\')
			wbuf_lit(w, "\\\\");
		else if (cp == '\n')
			wbuf_lit(w, "\\n");
		else if (cp == '\t')
			wbuf_lit(w, "\\t");
		else if (cp == '\r')
			wbuf_lit(w, "\\r");
		else if (cp < 0x20 || cp == 0x7f || utf8_dangerous(cp))
			put_u4(w, "\\u", 2, cp, "", 0);
		else
			wbuf_put(w, p + i, k);
		i += k;
	}
	wbuf_ch(w, '"');
}

static size_t text(struct wbuf *w, const char *s, size_t n, bool word)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = s ? bounded_len(s, n) : 0, i = 0, k, cols = 0, run;
	unsigned int cp;

	while (i < len) {
		for (run = i; run < len && (plain(p[run]) || p[run] == '"') && !(word && p[run] == ' ');
		     run++)
			;
		if (run > i) {
			wbuf_put(w, p + i, run - i);
			cols += run - i;
			i = run;
			if (i == len)
				break;
		}
		k = utf8_seq(p + i, len - i, &cp);
		if (!k || cp < 0x20 || cp == 0x7f || (word && cp == ' ')) {
			put_x(w, "\\x", 2, p[i]);
			cols += 4;
			i++;
			continue;
		}
		if (cp == '\\') {
			wbuf_lit(w, "\\\\");
			cols += 2;
		} else if (utf8_dangerous(cp)) {
			put_u4(w, "\\u{", 3, cp, "}", 1);
			cols += 8;
		} else {
			wbuf_put(w, p + i, k);
			cols++;
		}
		i += k;
	}
	return cols;
}

size_t escape_text(struct wbuf *w, const char *s, size_t n)
{
	return text(w, s, n, false);
}

size_t escape_text_word(struct wbuf *w, const char *s, size_t n)
{
	return text(w, s, n, true);
}

const char *escape_text_cstr(struct wbuf *w, const char *s)
{
	wbuf_reset(w);
	escape_text(w, s, strlen(s));
	wbuf_ch(w, '\0');
	return w->oom ? "(a message that did not fit in memory)" : w->buf;
}
