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
 *   burst N PATH UID [ODD]    drop to UID (from root), then N opens of PATH (the
 *                             middle one of ODD instead)
 *   euid                      print the effective uid
 *   sethostname               sethostname("privtrace"), as a user only (CAP_SYS_ADMIN
 *                             refused: a real check, never the noise filter's)
 *   setxattrat PATH           setxattrat(AT_FDCWD, PATH, 0, "trusted.privtrace", ...) (6.13)
 * With garbage in the upper half of the syscall number register (the kernel
 * runs the low 32 bits' syscall; a tracer that reads all 64 would not):
 *   hibits-open PATH          openat(AT_FDCWD, PATH, O_RDONLY), rax 1<<32 | 257
 *   hibits-setresuid R E S    setresuid, rax 1<<32 | 117
 * The same calls through the 32-bit ABI (int $0x80 from this 64-bit
 * process, as a 32-bit program or an evasive one would make them):
 *   ia32-open PATH            open(PATH, O_RDONLY)                      (5)
 *   ia32-setuid UID           setuid32(UID)                             (213)
 *   ia32-setuid16 UID         the old setuid, 16-bit ids                (23)
 *   ia32-setresuid16 R E S    the old setresuid (65535 is -1)           (164)
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <grp.h>

/*
 * The 32-bit ABI's numbers (arch/x86/entry/syscalls/syscall_32.tbl): a
 * frozen ABI, and asm/unistd_32.h cannot be included beside the 64-bit one.
 */
#define IA32_OPEN 5
#define IA32_SETUID16 23
#define IA32_SETRESUID16 164
#define IA32_SETUID32 213

/*
 * int $0x80 in a 64-bit process: the kernel runs the 32-bit ABI's syscall
 * with the low 32 bits of ebx, ecx, edx as its arguments, so a pointer must
 * lie below 4 GiB.
 */
static int ia32_call(int nr, unsigned int a, unsigned int b, unsigned int c)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return (int)ret < 0 ? -(int)ret : 0;
}

static int ia32_open(const char *path)
{
	char *low = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT,
			 -1, 0);
	long ret;

	if (low == MAP_FAILED || strlen(path) >= 4096)
		return ENOMEM;
	strcpy(low, path);
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(IA32_OPEN), "b"((unsigned int)(unsigned long)low),
			 "c"(O_RDONLY), "d"(0) : "memory");
	if ((int)ret < 0)
		return -(int)ret;
	close((int)ret);
	return 0;
}

#define HIBITS (1L << 32)
#define NR_SETXATTRAT 463 /* 6.13; newer than this build's headers may be */

struct xattr_args_v0 {
	unsigned long long value;
	unsigned int size, flags;
};

static int setxattrat_path(const char *path)
{
	struct xattr_args_v0 args = { .value = (unsigned long)"1", .size = 1 };

	return syscall(NR_SETXATTRAT, AT_FDCWD, path, 0, "trusted.privtrace", &args, sizeof(args)) ?
		       errno : 0;
}

static int hibits_open(const char *path)
{
	long fd = syscall(HIBITS | SYS_openat, AT_FDCWD, path, O_RDONLY);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

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

static int burst(long n, const char *path, unsigned int uid, const char *odd)
{
	long i, denied = 0;

	if (setgroups(0, NULL) || setgid(uid) || setuid(uid))
		return errno;
	for (i = 0; i < n; i++) {
		int fd = open(i == n / 2 && odd ? odd : path, O_RDONLY);

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
	if (!strcmp(cmd, "burst") && (argc == 5 || argc == 6))
		return burst(num(argv[2]), argv[3], num(argv[4]), argc == 6 ? argv[5] : NULL);
	if (!strcmp(cmd, "sethostname") && argc == 2) {
		if (geteuid() == 0) {
			fprintf(stderr, "pthelper: sethostname is for users: root would rename the host\n");
			return 100;
		}
		return syscall(SYS_sethostname, "privtrace", 9) ? errno : 0;
	}
	if (!strcmp(cmd, "setxattrat") && argc == 3)
		return setxattrat_path(argv[2]);
	if (!strcmp(cmd, "hibits-open") && argc == 3)
		return hibits_open(argv[2]);
	if (!strcmp(cmd, "hibits-setresuid") && argc == 5)
		return syscall(HIBITS | SYS_setresuid, num(argv[2]), num(argv[3]), num(argv[4])) ? errno : 0;
	if (!strcmp(cmd, "ia32-open") && argc == 3)
		return ia32_open(argv[2]);
	if (!strcmp(cmd, "ia32-setuid") && argc == 3)
		return ia32_call(IA32_SETUID32, num(argv[2]), 0, 0);
	if (!strcmp(cmd, "ia32-setuid16") && argc == 3)
		return ia32_call(IA32_SETUID16, num(argv[2]), 0, 0);
	if (!strcmp(cmd, "ia32-setresuid16") && argc == 5)
		return ia32_call(IA32_SETRESUID16, num(argv[2]), num(argv[3]), num(argv[4]));
	if (!strcmp(cmd, "bpf-gate") && argc == 2) {
		/*
		 * a map lookup on no map: EBADF where bpf() lets any task ask
		 * about an fd it holds, EPERM where the kernel refuses every
		 * command without CAP_BPF (unprivileged BPF disabled, before 6.5)
		 */
		union bpf_attr attr = { .map_fd = (__u32)-1 };

		return syscall(SYS_bpf, BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr)) ? errno : 0;
	}
	if (!strcmp(cmd, "euid") && argc == 2) {
		printf("%u\n", geteuid());
		return 0;
	}
	fprintf(stderr, "usage: pthelper open PATH | read PATH | setuid UID | setfsuid UID | setresuid R E S |\n"
			"       setgid GID | setgroups [GID...] | capset-drop | comm NAME PATH |\n"
			"       burst N PATH UID [ODD] | euid | ia32-open PATH | ia32-setuid UID |\n"
			"       ia32-setuid16 UID | ia32-setresuid16 R E S | hibits-open PATH |\n"
			"       hibits-setresuid R E S | setxattrat PATH | sethostname | bpf-gate\n");
	return 100;
}
