/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * RFC 5424 framing: what a syslog message carries before its MSG (the JSON
 * record). The structured data repeats the fields a SIEM rule keys on so
 * that it can filter without parsing the JSON:
 *
 *   <PRI>1 TIMESTAMP HOSTNAME privtrace PROCID MSGID [privtrace@32473 ...] {"@timestamp":...}
 *
 * SD-ID "privtrace@32473": an enterprise-specific SD-ID needs an IANA
 * Private Enterprise Number; 32473 is the one RFC 5612 reserves for
 * documentation and examples, used until privtrace has its own.
 */
#ifndef PT_FORMAT_SYSLOG_H
#define PT_FORMAT_SYSLOG_H

#include <stddef.h>
#include <linux/types.h>

#include "enrich/record.h"
#include "lib/wbuf.h"

#define SYSLOG_SD_ID "privtrace@32473"
#define SYSLOG_FACILITY_AUTHPRIV 10

/* RFC 5424 severities privtrace uses */
#define SYSLOG_SEV_WARNING RECORD_SEV_WARNING /* a denial, a refused change; a sink's dropped record */
#define SYSLOG_SEV_NOTICE RECORD_SEV_NOTICE   /* a privileged access granted, a change, an exec */
#define SYSLOG_SEV_INFO 6                     /* health records, the kernel's loss records */

/*
 * "<PRI>1 TIMESTAMP HOSTNAME privtrace PROCID MSGID " into w. A facility
 * outside 0..23 is authpriv, a severity outside 0..7 SYSLOG_SEV_INFO; a MSGID that is
 * not 1..32 printable ASCII is NILVALUE. hostname must be printable ASCII
 * already (syslog_hostname).
 */
void syslog_header(struct wbuf *w, int facility, int severity, __u64 real_ns,
		   const char *hostname, int pid, const char *msgid);

/*
 * The record's structured data into w: [privtrace@32473 action="file"
 * outcome="failure" pid="4011" uid="100000" ns_uid="0" container="..."
 * container_name="..." reason="..."]
 */
void syslog_sd(struct wbuf *w, const struct record *r);

/*
 * An SD-PARAM value from untrusted bytes (a container's name) into w: '"',
 * ']' and backslash escaped with a backslash as RFC 5424 says (so that a
 * backslash we write starts an escape); control characters, DEL and invalid
 * UTF-8 as \xNN, C1, line separators and bidi controls as \u{XXXX}
 * (escape_text's rules); the rest (valid UTF-8) unchanged. Stops at a NUL.
 */
void syslog_sd_escape(struct wbuf *w, const char *s, size_t n);

/* gethostname() as an RFC 5424 HOSTNAME: bytes outside '!'..'~' become '_', "-" if none. */
void syslog_hostname(char *buf, size_t len);

#endif
