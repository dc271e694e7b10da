// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Sink specs (sink_parse_spec, user/sink/sink.h) and facility names: a spec
 * taken has one kind, C strings in every field, a facility in 0..23, a
 * numeric port, a host; one refused says why.
 */
#include <string.h>

#include "fuzz.h"
#include "sink/sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sink_spec s;
	char err[256], *spec = malloc(size + 1);
	size_t i;
	int f;

	fuzz_check(spec, "out of memory");
	memcpy(spec, data, size);
	spec[size] = '\0';
	memset(err, 0, sizeof(err));
	memset(&s, 0x5a, sizeof(s));
	if (sink_parse_spec(spec, &s, err, sizeof(err))) {
		fuzz_check(err[0] && memchr(err, 0, sizeof(err)), "refused without a reason");
	} else {
		fuzz_check(s.kind >= SINK_FILE && s.kind <= SINK_SYSLOG_UNIX, "kind %d", s.kind);
		fuzz_check(memchr(s.name, 0, sizeof(s.name)) && memchr(s.path, 0, sizeof(s.path)) &&
				   memchr(s.host, 0, sizeof(s.host)) && memchr(s.port, 0, sizeof(s.port)),
			   "a field not NUL-terminated");
		fuzz_check(s.facility >= 0 && s.facility <= 23, "facility %d", s.facility);
		if (s.kind == SINK_SYSLOG_UDP || s.kind == SINK_SYSLOG_TCP) {
			/* what a host holds is getaddrinfo's to refuse: sink.c checks no more */
			fuzz_check(s.host[0], "no host");
			fuzz_check(s.port[0], "no port");
			for (i = 0; s.port[i]; i++)
				fuzz_check(s.port[i] >= '0' && s.port[i] <= '9', "port '%s'", s.port);
		} else {
			fuzz_check(s.path[0], "no path for kind %d", s.kind);
		}
		fuzz_check(strlen(s.name) <= strlen(spec), "name longer than the spec");
	}
	f = sink_facility(spec);
	fuzz_check(f >= -1 && f <= 23, "facility %d", f);
	free(spec);
	return 0;
}
