// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <time.h>

#include "lib/clock.h"

static __s64 boot_to_real_ns;

static __u64 now(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* One offset taken at start: a later settimeofday does not reorder events. */
void clock_init(void)
{
	boot_to_real_ns = (__s64)(now(CLOCK_REALTIME) - now(CLOCK_BOOTTIME));
}

__u64 clock_boot_to_real(__u64 boot_ns)
{
	return boot_ns + boot_to_real_ns;
}

__u64 clock_real_now(void)
{
	return now(CLOCK_REALTIME);
}

__u64 clock_mono_now(void)
{
	return now(CLOCK_MONOTONIC);
}

int clock_ms_until(__u64 deadline_ns)
{
	__u64 t = clock_mono_now(), ms;

	if (deadline_ns == (__u64)-1)
		return -1;
	if (deadline_ns <= t)
		return 0;
	ms = (deadline_ns - t + 999999) / 1000000;
	return ms > 0x7fffffff ? 0x7fffffff : (int)ms;
}
