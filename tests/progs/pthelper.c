// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The real syscalls the integration tests make privtrace watch. Each
 * subcommand does one thing and exits 0 on success or with the errno.
 *   open PATH                 open(PATH, O_RDONLY)
 *   read PATH                 open(PATH, O_RDONLY) and read it to the end
 *   setuid UID | setfsuid UID | setresuid R E S
 *   setgid GID | setgroups [GID...]
 *   capset-drop               clear the effective and permitted sets
 *   comm NAME PATH            prctl(PR_SET_NAME, NAME), then open PATH
 *   burst N PATH UID          drop to UID (from root), then N opens of PATH
 *   euid                      print the effective uid
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <grp.h>

static int open_path(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int read_path(const char *path)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	close(fd);
	return n < 0 ? errno : 0;
}

static unsigned int num(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*end) {
		fprintf(stderr, "pthelper: not a number: %s\n", s);
		exit(100);
	}
	return v;
}

static int drop_caps(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	return syscall(SYS_capset, &hdr, data) ? errno : 0;
}

static int burst(long n, const char *path, unsigned int uid)
{
	long i, denied = 0;

	if (setgroups(0, NULL) || setgid(uid) || setuid(uid))
		return errno;
	for (i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY);

		if (fd >= 0)
			close(fd);
		else if (errno == EACCES)
			denied++;
	}
	printf("%ld\n", denied);
	return denied == n ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "open") && argc == 3)
		return open_path(argv[2]);
	if (!strcmp(cmd, "read") && argc == 3)
		return read_path(argv[2]);
	if (!strcmp(cmd, "setuid") && argc == 3)
		return setuid(num(argv[2])) ? errno : 0;
	if (!strcmp(cmd, "setresuid") && argc == 5)
		return setresuid(num(argv[2]), num(argv[3]), num(argv[4])) ? errno : 0;
	if (!strcmp(cmd, "setgid") && argc == 3)
		return setgid(num(argv[2])) ? errno : 0;
	if (!strcmp(cmd, "setgroups") && argc <= 2 + 16) {
		gid_t groups[16];
		int i;

		for (i = 2; i < argc; i++)
			groups[i - 2] = num(argv[i]);
		return setgroups(argc - 2, groups) ? errno : 0;
	}
	if (!strcmp(cmd, "setfsuid") && argc == 3) {
		unsigned int want = num(argv[2]);

		setfsuid(want);
		/* setfsuid returns the previous id; asking again shows what stuck */
		return (unsigned int)setfsuid(-1) == want ? 0 : EPERM;
	}
	if (!strcmp(cmd, "capset-drop") && argc == 2)
		return drop_caps();
	if (!strcmp(cmd, "comm") && argc == 4) {
		prctl(PR_SET_NAME, argv[2], 0, 0, 0);
		return open_path(argv[3]);
	}
	if (!strcmp(cmd, "burst") && argc == 5)
		return burst(num(argv[2]), argv[3], num(argv[4]));
	if (!strcmp(cmd, "euid") && argc == 2) {
		printf("%u\n", geteuid());
		return 0;
	}
	fprintf(stderr, "usage: pthelper open PATH | read PATH | setuid UID | setfsuid UID | setresuid R E S |\n"
			"       setgid GID | setgroups [GID...] | capset-drop | comm NAME PATH |\n"
			"       burst N PATH UID | euid\n");
	return 100;
}
