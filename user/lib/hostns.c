// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "lib/hostns.h"

static unsigned int host_ns(const char *of_pid1, const char *of_self)
{
	struct stat st;

	if (!stat(of_pid1, &st) || !stat(of_self, &st))
		return (unsigned int)st.st_ino;
	return 0;
}

unsigned int host_mntns_inum(void)
{
	return host_ns("/proc/1/ns/mnt", "/proc/self/ns/mnt");
}

unsigned int host_userns_inum(void)
{
	return host_ns("/proc/1/ns/user", "/proc/self/ns/user");
}

int host_root_id(unsigned long long *ino, unsigned int *kdev)
{
	struct stat st;

	if (stat("/proc/1/root/", &st) && stat("/", &st))
		return -1;
	*ino = st.st_ino;
	*kdev = (major(st.st_dev) << 20) | minor(st.st_dev);
	return 0;
}
