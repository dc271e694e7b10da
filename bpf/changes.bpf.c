// SPDX-License-Identifier: GPL-2.0
/*
 * The files a container's host root changes.
 *
 * Host uid 0 needs no capability to unlink, chmod or rename host root's
 * files: the mode bits let the owner through, so no capability check and no
 * failure marks the change. What marks every change of a name, an owner, a
 * mode or a size is the inode's ctime: the kernel sets it on the object and
 * on the directory (inode_set_ctime_current()). The timestamp tracepoints
 * fire there with the inode, which the syscall programs never have (they see
 * a path string, and after an unlink no inode is left to find). Only a call
 * whose entry chose to watch it (PT_TS_WATCH, bpf/syscalls.bpf.c) is noted;
 * the exit judges what was noted. For any other task a ctime update costs a
 * task-storage lookup and a test.
 *
 * inode_set_ctime_to_ts fires for file systems with coarse timestamps,
 * ctime_ns_xchg and ctime_xchg_skip for multigrain ones (ext4, xfs, tmpfs,
 * btrfs): between them every inode_set_ctime_current(). They came in Linux
 * 6.13; where they are missing the loader leaves these out and --probe
 * says so. (Before them a ctime was set from current_time(inode), which
 * returns a struct by value: no trampoline attaches there. What is left
 * there is a program per operation, on vfs_unlink() and the like.)
 */
#include "emit.bpf.h"

#define PROC_SUPER_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572
#define PIPEFS_MAGIC 0x50495045
#define SOCKFS_MAGIC 0x534F434B
#define DEVPTS_SUPER_MAGIC 0x1cd1
#define ANON_INODE_FS_MAGIC 0x09041934

/*
 * The kernel's own file systems: proc's and sysfs's files (a sysctl written
 * is judged as the open it is), pipes, sockets, terminals and anonymous
 * inodes (a runtime's fchown of the container's stdio). Not the host's files.
 */
static __always_inline bool kernel_fs(unsigned long magic)
{
	return magic == PROC_SUPER_MAGIC || magic == SYSFS_MAGIC || magic == PIPEFS_MAGIC ||
	       magic == SOCKFS_MAGIC || magic == DEVPTS_SUPER_MAGIC || magic == ANON_INODE_FS_MAGIC;
}

#define S_IFMT 00170000
#define S_IFDIR 0040000

/* I_NEW: an enum's value since 6.16 (bit 0), before it a #define, bit 3 */
static __always_inline __u32 i_new(void)
{
	if (bpf_core_enum_value_exists(enum inode_state_flags_t, I_NEW))
		return bpf_core_enum_value(enum inode_state_flags_t, I_NEW);
	return 1 << 3;
}

static __always_inline bool is_dir(const struct pt_touched *t)
{
	return (t->mode & S_IFMT) == S_IFDIR;
}

/*
 * Which role an inode plays is decided as it comes, so the exit has only to
 * read: the directory is the directory with the most links (a removed one
 * has fewer than 2 left, its parent at least 2), the object the first other
 * inode, a file before a directory. An attribute change (chmod, chown,
 * truncate, times, xattrs) has only its object: the last one noted, since
 * what a lookup refreshes on its way (a network file system's attributes)
 * comes before it. A directory renamed into another is one of three
 * directories: which is the object is then a guess (the ABI says so).
 */
static __always_inline void note_touched(struct inode *inode)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct task_state *st = state_get(task, false);
	struct pt_touched t;
	struct super_block *sb;

	if (!st || !(st->flags & PT_TS_WATCH))
		return;
	/*
	 * An inode being set up (a file system loading it from disk sets
	 * its ctime, ext4_iget()): no change to anything. A file being made
	 * is set up the same way; its directory says what counts.
	 */
	if (inode->i_state & i_new())
		return;
	/*
	 * Someone else's credentials: overlayfs writing the image's upper
	 * layer as its mounter, on the task's behalf. Not the task's change.
	 */
	if (task->cred != task->real_cred)
		return;
	sb = inode->i_sb;
	/* the task's own root file system (a container's image) is not the host's files */
	if (sb == task->fs->root.dentry->d_sb || kernel_fs(sb->s_magic))
		return;
	t.inode = (__u64)inode;
	t.ino = inode->i_ino;
	t.sb = (__u64)sb;
	/* set twice in one call: its mtime and ctime, a rename's one directory */
	if ((st->obj.inode && st->obj.ino == t.ino && st->obj.sb == t.sb) ||
	    (st->dir.inode && st->dir.ino == t.ino && st->dir.sb == t.sb))
		return;
	t.uid = inode->i_uid.val;
	t.gid = inode->i_gid.val;
	t.mode = inode->i_mode;
	t.nlink = inode->i_nlink;
	if (st->flags & PT_TS_ATTR) {
		st->obj = t;
		return;
	}
	if (is_dir(&t) && (!st->dir.inode || t.nlink > st->dir.nlink)) {
		/* the directory it displaces is the object, if there is none yet */
		if (st->dir.inode && !st->obj.inode)
			st->obj = st->dir;
		st->dir = t;
	} else if (!st->obj.inode || (is_dir(&st->obj) && !is_dir(&t))) {
		st->obj = t;
	}
}

SEC("tp_btf/inode_set_ctime_to_ts")
int BPF_PROG(ctime_set, struct inode *inode, struct timespec64 *ctime)
{
	note_touched(inode);
	return 0;
}

SEC("tp_btf/ctime_ns_xchg")
int BPF_PROG(ctime_xchg, struct inode *inode, __u32 old, __u32 new, __u32 cur)
{
	note_touched(inode);
	return 0;
}

SEC("tp_btf/ctime_xchg_skip")
int BPF_PROG(ctime_skip, struct inode *inode, struct timespec64 *ctime)
{
	note_touched(inode);
	return 0;
}

