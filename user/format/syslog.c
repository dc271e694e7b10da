// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>
#include <unistd.h>

#include "format/syslog.h"
#include "event/names.h"
#include "lib/timefmt.h"
#include "lib/utf8.h"

#define APP_NAME "privtrace"
#define MSGID_MAX 32

static bool printusascii(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (i >= max || s[i] < 33 || s[i] > 126)
			return false;
	return i > 0;
}

void syslog_hostname(char *buf, size_t len)
{
	char h[256] = "";
	size_t i;

	if (gethostname(h, sizeof(h) - 1))
		h[0] = 0;
	h[sizeof(h) - 1] = 0;
	/* RFC 5424 6.2.4: 1*255PRINTUSASCII, "-" when unknown */
	for (i = 0; h[i] && i + 1 < len; i++)
		buf[i] = h[i] >= 33 && h[i] <= 126 ? h[i] : '_';
	buf[i] = 0;
	if (!i && len >= 2)
		strcpy(buf, "-");
}

void syslog_sd_escape(struct wbuf *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	unsigned int cp;

	while (s && i < n && p[i]) {
		k = utf8_seq(p + i, n - i, &cp);
		if (!k || cp < 0x20 || cp == 0x7f) {
			/* a control byte or one that is not UTF-8: visible, never raw */
			char x[4] = { '\\', 'x', hex[p[i] >> 4], hex[p[i] & 15] };

			wbuf_put(w, x, 4);
			k = 1;
		} else if (cp == '"' || cp == '\\' || cp == ']') {
			char e[2] = { '\\', (char)cp }; /* RFC 5424 6.3.3 */

			wbuf_put(w, e, 2);
		} else if (utf8_dangerous(cp)) {
			/* valid, but drives terminals (C1), breaks lines or reorders text (bidi) */
			char u[8] = { '\\', 'u', '{', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15],
				      hex[(cp >> 4) & 15], hex[cp & 15], '}' };

			wbuf_put(w, u, 8);
		} else {
			wbuf_put(w, p + i, k);
		}
		i += k;
	}
}

void syslog_header(struct wbuf *w, int facility, int severity, __u64 real_ns,
		   const char *hostname, int pid, const char *msgid)
{
	if (facility < 0 || facility > 23)
		facility = SYSLOG_FACILITY_AUTHPRIV;
	if (severity < 0 || severity > 7)
		severity = SYSLOG_SEV_INFO;
	wbuf_ch(w, '<');
	wbuf_u64(w, facility * 8 + severity);
	wbuf_lit(w, ">1 ");
	/* RFC 5424 6.2.3: RFC 3339, at most microseconds; UTC */
	timefmt_rfc3339_us(w, real_ns);
	wbuf_ch(w, ' ');
	wbuf_str(w, hostname);
	wbuf_lit(w, " " APP_NAME " ");
	wbuf_u64(w, pid);
	wbuf_ch(w, ' ');
	if (msgid && printusascii(msgid, MSGID_MAX))
		wbuf_str(w, msgid);
	else
		wbuf_ch(w, '-');
	wbuf_ch(w, ' ');
}

/* " name=\"value\"": a value we wrote */
static void param(struct wbuf *w, const char *name, const char *value)
{
	wbuf_ch(w, ' ');
	wbuf_str(w, name);
	wbuf_lit(w, "=\"");
	wbuf_str(w, value);
	wbuf_ch(w, '"');
}

static void param_u32(struct wbuf *w, const char *name, __u32 v)
{
	wbuf_ch(w, ' ');
	wbuf_str(w, name);
	wbuf_lit(w, "=\"");
	wbuf_u64(w, v);
	wbuf_ch(w, '"');
}

/* An SD-PARAM whose value a container chose. */
static void param_untrusted(struct wbuf *w, const char *name, const char *value, size_t max)
{
	wbuf_ch(w, ' ');
	wbuf_str(w, name);
	wbuf_lit(w, "=\"");
	syslog_sd_escape(w, value, max);
	wbuf_ch(w, '"');
}

void syslog_sd(struct wbuf *w, const struct record *r)
{
	const struct pt_event *e = r->e;
	const char *reason = reason_code(r->why.code);

	wbuf_lit(w, "[" SYSLOG_SD_ID);
	param(w, "action", r->action);
	param(w, "outcome", r->ok ? "success" : "failure");
	param_u32(w, "pid", e->task.pid);
	param_u32(w, "uid", e->cred.host.euid);
	/* unmapped in the task's namespace: left out, as JSON's null says nothing numeric */
	if (e->cred.ns.euid != PT_ID_UNMAPPED)
		param_u32(w, "ns_uid", e->cred.ns.euid);
	if (r->ct) {
		param_untrusted(w, "container", r->ct->id, sizeof(r->ct->id));
		if (r->ct->meta.name[0])
			param_untrusted(w, "container_name", r->ct->meta.name, sizeof(r->ct->meta.name));
	}
	if (reason)
		param(w, "reason", reason);
	wbuf_ch(w, ']');
}
