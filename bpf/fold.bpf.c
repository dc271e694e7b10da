// SPDX-License-Identifier: GPL-2.0
/*
 * Floods folded in the kernel (bpf/fold.bpf.h): the slots' functions, and
 * the loader's sweep, an iterator over every task run by reading it
 * (user/kernel/loader.c, every second and at exit) that sends out the repeat
 * records of windows that have passed, so that a flood that stopped is told
 * without waiting for its task's next event or exit.
 */
#include "fold.bpf.h"

/*
 * A slot's count as a repeat record. 0 when it went out (or there was
 * nothing to send), -1 when the ring is full: the count is kept.
 */
__noinline int fold_flush(struct fold_slot *s)
{
	struct pt_event *e;

	if (!s || !s->count)
		return 0;
	if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) + sizeof(*e) + 8 > ringbuf_bytes)
		return -1;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return -1;
	bpf_probe_read_kernel(e, sizeof(*e), &s->ev);
	e->repeat = s->count;
	e->repeat_first_ns = s->first_ns;
	e->task.ts_ns = s->last_ns;
	bpf_ringbuf_submit(e, 0);
	s->count = 0;
	return 0;
}

struct fold_find {
	struct fold_state *fs;
	const struct fold_key *k;
	const char *path;   /* the event's path, len bytes (with the NUL) */
	__u32 len;
	int hit;            /* the matching slot, -1 none */
};

static long fold_path_word(__u64 i, void *ctx)
{
	struct fold_find *f = ctx;
	const char *a, *b;
	__u64 x = 0, y = 0, mask = ~0ULL;
	__u32 slot = f->hit, left;

	barrier_var(slot);
	if (slot >= PT_FOLD_SLOTS || i >= PT_PATH_LEN / 8)
		return 1;
	a = &f->fs->slot[slot].ev.path[i * 8];
	b = f->path + i * 8;
	bpf_probe_read_kernel(&x, sizeof(x), a);
	bpf_probe_read_kernel(&y, sizeof(y), b);
	/* the bytes past the path are whatever the buffers held before */
	left = f->len - i * 8;
	if (left < 8)
		mask = (1ULL << (left * 8)) - 1;
	if ((x ^ y) & mask) {
		f->hit = -1;
		return 1;
	}
	return 0;
}

static long fold_slot_match(__u64 i, void *ctx)
{
	struct fold_find *f = ctx;
	const __u64 *a, *b;
	struct fold_slot *s;
	int j;

	if (i >= PT_FOLD_SLOTS)
		return 1;
	s = &f->fs->slot[i];
	if (!s->window_ns)
		return 0;
	a = (const __u64 *)&s->key;
	b = (const __u64 *)f->k;
	for (j = 0; j < sizeof(struct fold_key) / 8; j++)
		if (a[j] != b[j])
			return 0;
	f->hit = i;
	return 1;
}

__noinline int fold_try(const struct fold_key *k, __u64 path)
{
	struct fold_find f = { .k = k, .path = (const char *)path, .hit = -1 };
	struct fold_slot *s;
	__u64 now;
	__u32 i;

	if (!k || !fold_events)
		return 0;
	f.fs = bpf_task_storage_get(&fold_state, bpf_get_current_task_btf(), 0, 0);
	if (!f.fs)
		return 0;
	bpf_loop(PT_FOLD_SLOTS, fold_slot_match, &f, 0);
	f.len = k->path_len;
	if (f.hit >= 0 && f.len)
		bpf_loop((f.len + 7) / 8, fold_path_word, &f, 0);
	/* -1 wraps above the slots; the check must stay for the verifier */
	i = f.hit;
	barrier_var(i);
	if (i >= PT_FOLD_SLOTS)
		return 0;
	s = &f.fs->slot[i];
	now = bpf_ktime_get_boot_ns();
	if (now - s->window_ns >= PT_FOLD_WINDOW_NS) {
		/* nothing came in the window that passed: report this one again */
		if (!s->count) {
			s->window_ns = 0;
			return 0;
		}
		if (!fold_flush(s))
			s->window_ns = now;
	}
	if (!s->count)
		s->first_ns = now;
	s->count++;
	s->last_ns = now;
	count(PT_CNT_FOLDED);
	return 1;
}

__noinline int fold_note(const struct fold_key *k, __u64 e, struct task_state *st)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fold_state *fs;
	struct fold_slot *s;
	__u64 now, oldest = ~0ULL;
	int i, victim = 0;

	if (!k || !st || !fold_events)
		return 0;
	now = bpf_ktime_get_boot_ns();
	fs = bpf_task_storage_get(&fold_state, task, 0, 0);
	if (!fs) {
		if (now - st->flood_start_ns >= PT_FLOOD_WINDOW_NS) {
			st->flood_start_ns = now;
			st->flood_events = 0;
		}
		if (++st->flood_events < PT_FLOOD_EVENTS)
			return 0;
		fs = bpf_task_storage_get(&fold_state, task, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (!fs)
			return 0;
	}
	for (i = 0; i < PT_FOLD_SLOTS; i++) {
		__u64 used = fs->slot[i].window_ns;

		if (fs->slot[i].last_ns > used)
			used = fs->slot[i].last_ns;
		if (!fs->slot[i].window_ns) {
			victim = i;
			break;
		}
		if (used < oldest) {
			oldest = used;
			victim = i;
		}
	}
	s = &fs->slot[victim];
	/* a count that cannot go out keeps its slot: this event is then not a template */
	if (fold_flush(s))
		return 0;
	s->key = *k;
	bpf_probe_read_kernel(&s->ev, sizeof(s->ev), (const void *)e);
	s->window_ns = now;
	s->first_ns = s->last_ns = now;
	s->count = 0;
	return 0;
}


__u32 sweep_all; /* bss: 1 for the last sweep at exit, every count out */

SEC("iter/task")
int fold_sweep(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	if (task)
		fold_sweep_task(task, sweep_all);
	return 0;
}
