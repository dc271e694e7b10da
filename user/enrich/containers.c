// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Entries are keyed by cgroup id, except in the v2 root of a host with v1
 * hierarchies, where only the pid tells who is who (cgroup_resolve.c):
 * there a marker under the id says "look up (id, pid)". Containers and
 * host answers have LRU lists with bounds of their own, so a host busy
 * with short-lived processes cannot push the containers out.
 *
 * Metadata: requests and answers travel in a fixed set of slots, moved
 * between rings under one mutex. The worker only ever touches the slot it
 * took, never an entry, so entries need no lock; a full set of slots drops
 * the request rather than wait.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "enrich/cgroup_path.h"
#include "enrich/cgroup_resolve.h"
#include "enrich/containers.h"

#define DEF_ENTRIES 1024
#define DEF_QUEUE 64
#define MAX_BOUND (1u << 20)

enum kind { K_HOST, K_PER_PID, K_CONTAINER };

struct entry {
	struct entry *hnext;
	struct entry *prev, *next;   /* its LRU list, most recent first */
	__u64 cgroup_id;
	__u32 pid;                   /* 0: keyed by the id alone */
	enum kind kind;
	bool pending;                /* a request for this container is out */
	bool truncated;              /* ct->cgroup is an ancestor (long path) */
	__u64 start_time;            /* pid entries: to notice a reused pid */
	struct container *ct;        /* K_CONTAINER only */
};

struct lru {
	struct entry head;           /* sentinel of a circular list */
	unsigned int count, max;
};

struct request {
	struct container ct;         /* the worker's own copy */
	struct ct_meta meta;
	int rc;
};

/* a FIFO of slot indices */
struct ring {
	unsigned int *idx, head, len, cap;
};

struct containers {
	struct cgroup_resolver *res;
	struct entry **buckets;
	unsigned int mask;
	struct lru cts, hosts;
	struct containers_stats stats;
	struct container scratch;    /* an answer that could not be cached */
	int (*query)(void *arg, const struct container *c, struct ct_meta *out);
	void *query_arg;
	int efd;
	/* shared with the worker, under lock */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct request *slots;
	struct ring todo, done, free;
	bool stop;
	bool worker_on;
	pthread_t worker;
};

static void ring_push(struct ring *r, unsigned int i)
{
	r->idx[(r->head + r->len++) % r->cap] = i;
}

static unsigned int ring_pop(struct ring *r)
{
	unsigned int i = r->idx[r->head];

	r->head = (r->head + 1) % r->cap;
	r->len--;
	return i;
}

static unsigned int hash(__u64 id, __u32 pid)
{
	__u64 h = id * 0x9e3779b97f4a7c15ULL ^ (__u64)pid * 0xc2b2ae3d27d4eb4fULL;

	return (unsigned int)(h ^ h >> 29);
}

static struct entry *find(struct containers *cs, __u64 id, __u32 pid)
{
	struct entry *e = cs->buckets[hash(id, pid) & cs->mask];

	while (e && (e->cgroup_id != id || e->pid != pid))
		e = e->hnext;
	return e;
}

static struct lru *lru_of(struct containers *cs, const struct entry *e)
{
	return e->kind == K_CONTAINER ? &cs->cts : &cs->hosts;
}

static void lru_unlink(struct entry *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
}

static void lru_front(struct lru *l, struct entry *e)
{
	e->next = l->head.next;
	e->prev = &l->head;
	l->head.next->prev = e;
	l->head.next = e;
}

static void touch(struct containers *cs, struct entry *e)
{
	lru_unlink(e);
	lru_front(lru_of(cs, e), e);
}

static void drop(struct containers *cs, struct entry *e)
{
	struct entry **p = &cs->buckets[hash(e->cgroup_id, e->pid) & cs->mask];

	while (*p != e)
		p = &(*p)->hnext;
	*p = e->hnext;
	lru_unlink(e);
	lru_of(cs, e)->count--;
	free(e->ct);
	free(e);
}

static struct entry *insert(struct containers *cs, __u64 id, __u32 pid, enum kind kind)
{
	struct entry *e, **b;
	struct lru *l;

	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->cgroup_id = id;
	e->pid = pid;
	e->kind = kind;
	if (kind == K_CONTAINER && !(e->ct = calloc(1, sizeof(*e->ct)))) {
		free(e);
		return NULL;
	}
	l = lru_of(cs, e);
	if (l->count >= l->max) {
		if (kind == K_CONTAINER)
			cs->stats.evictions++;
		else
			cs->stats.host_evictions++;
		drop(cs, l->head.prev);
	}
	b = &cs->buckets[hash(id, pid) & cs->mask];
	e->hnext = *b;
	*b = e;
	lru_front(l, e);
	l->count++;
	return e;
}

static bool same(const struct container *a, const struct container *b)
{
	return a->runtime == b->runtime && !strcmp(a->id, b->id);
}

/* The worker hands back whatever the callback wrote: make it strings. */
static void terminate(struct ct_meta *m)
{
	m->name[CT_NAME_LEN - 1] = 0;
	m->image[CT_NAME_LEN - 1] = 0;
	m->pod_name[CT_NAME_LEN - 1] = 0;
	m->pod_namespace[CT_NAME_LEN - 1] = 0;
	m->pod_uid[CT_NAME_LEN - 1] = 0;
	m->k8s_container[CT_NAME_LEN - 1] = 0;
}

static void *worker(void *arg)
{
	struct containers *cs = arg;
	struct request *r;
	unsigned int i;

	pthread_mutex_lock(&cs->lock);
	for (;;) {
		while (!cs->stop && !cs->todo.len)
			pthread_cond_wait(&cs->wake, &cs->lock);
		if (cs->stop)
			break;
		i = ring_pop(&cs->todo);
		r = &cs->slots[i];
		pthread_mutex_unlock(&cs->lock);

		memset(&r->meta, 0, sizeof(r->meta));
		r->rc = cs->query(cs->query_arg, &r->ct, &r->meta);
		terminate(&r->meta);

		pthread_mutex_lock(&cs->lock);
		ring_push(&cs->done, i);
		pthread_mutex_unlock(&cs->lock);
		eventfd_write(cs->efd, 1);
		pthread_mutex_lock(&cs->lock);
	}
	pthread_mutex_unlock(&cs->lock);
	return NULL;
}

/*
 * Another cgroup of the same container (a sub-cgroup, another pid of a v1
 * container) shares its answer or its request in flight.
 */
static void ask_meta(struct containers *cs, struct entry *e)
{
	struct entry *o;
	struct request *r;

	if (!cs->query) {
		e->ct->meta_done = true;
		return;
	}
	for (o = cs->cts.head.next; o != &cs->cts.head; o = o->next) {
		if (o == e || !same(o->ct, e->ct))
			continue;
		if (o->ct->meta_done) {
			e->ct->meta = o->ct->meta;
			e->ct->meta_done = true;
			return;
		}
		if (o->pending) {
			e->pending = true;
			return;
		}
	}
	pthread_mutex_lock(&cs->lock);
	if (!cs->free.len) {
		pthread_mutex_unlock(&cs->lock);
		cs->stats.meta_dropped++;
		e->ct->meta_done = true;
		return;
	}
	r = &cs->slots[ring_pop(&cs->free)];
	r->ct = *e->ct;
	ring_push(&cs->todo, r - cs->slots);
	pthread_cond_signal(&cs->wake);
	pthread_mutex_unlock(&cs->lock);
	e->pending = true;
	cs->stats.meta_requests++;
}

const struct container *containers_get(struct containers *cs, __u64 cgroup_id, __u32 pid)
{
	struct cgroup_where w;
	struct entry *e;
	bool is_ct;
	int err;

	cs->stats.lookups++;
	e = find(cs, cgroup_id, 0);
	if (e && e->kind == K_PER_PID) {
		touch(cs, e);
		e = pid ? find(cs, cgroup_id, pid) : NULL;
	}
	if (e) {
		touch(cs, e);
		return e->kind == K_CONTAINER ? e->ct : NULL;
	}
	cs->stats.misses++;
	err = cgroup_resolve(cs->res, cgroup_id, pid, &w);
	if (err == -ENOENT) {
		/* the cgroup is gone, and its id will not come back */
		insert(cs, cgroup_id, 0, K_HOST);
		return NULL;
	}
	if (err) {
		cs->stats.unresolved++;
		return NULL;
	}
	is_ct = cgroup_path_parse(w.path, &cs->scratch);
	/* no metadata will be asked for an answer that is not kept */
	cs->scratch.meta_done = true;
	if (!w.by_id) {
		if (!find(cs, cgroup_id, 0))
			insert(cs, cgroup_id, 0, K_PER_PID);
		/* without a start time a reused pid could not be noticed */
		if (!pid || !w.start_time)
			return is_ct ? &cs->scratch : NULL;
	}
	e = insert(cs, cgroup_id, w.by_id ? 0 : pid, is_ct ? K_CONTAINER : K_HOST);
	if (!e)
		return is_ct ? &cs->scratch : NULL;
	e->start_time = w.start_time;
	e->truncated = w.truncated;
	if (!is_ct)
		return NULL;
	*e->ct = cs->scratch;
	e->ct->meta_done = false;
	ask_meta(cs, e);
	return e->ct;
}

void containers_note(struct containers *cs, __u64 cgroup_id, const char *path)
{
	struct entry *e;

	cs->stats.notes++;
	if (cgroup_resolver_note(cs->res, cgroup_id, path))
		cs->stats.notes_unused++;
	/* renamed: an answer cached for the id named its old path */
	if (path && (e = find(cs, cgroup_id, 0)) && e->kind != K_PER_PID)
		drop(cs, e);
}

int containers_fd(struct containers *cs)
{
	return cs->efd;
}

static void apply(struct containers *cs, const struct request *r)
{
	struct entry *e;

	cs->stats.meta_results++;
	if (r->rc < 0)
		cs->stats.meta_failed++;
	for (e = cs->cts.head.next; e != &cs->cts.head; e = e->next) {
		if (!e->pending || !same(e->ct, &r->ct))
			continue;
		if (r->rc >= 0)
			e->ct->meta = r->meta;
		else
			memset(&e->ct->meta, 0, sizeof(e->ct->meta));
		e->ct->meta_done = true;
		e->pending = false;
	}
}

int containers_poll(struct containers *cs)
{
	eventfd_t v;
	unsigned int i;
	int n = 0;

	/* read first: an answer pushed after it writes the fd again */
	eventfd_read(cs->efd, &v);
	pthread_mutex_lock(&cs->lock);
	while (cs->done.len) {
		i = ring_pop(&cs->done);
		apply(cs, &cs->slots[i]);
		ring_push(&cs->free, i);
		n++;
	}
	pthread_mutex_unlock(&cs->lock);
	return n;
}

void containers_sweep(struct containers *cs)
{
	struct entry *e, *next;
	bool alive;

	for (e = cs->cts.head.next; e != &cs->cts.head; e = next) {
		next = e->next;
		if (e->pid)
			alive = cgroup_pid_alive(cs->res, e->pid, e->start_time);
		else
			alive = cgroup_alive(cs->res, e->cgroup_id, e->ct->cgroup, e->truncated);
		if (!alive) {
			drop(cs, e);
			cs->stats.swept++;
		}
	}
	/* host answers by id stay: a gone cgroup's id never comes back */
	for (e = cs->hosts.head.next; e != &cs->hosts.head; e = next) {
		next = e->next;
		if (e->kind == K_HOST && e->pid &&
		    !cgroup_pid_alive(cs->res, e->pid, e->start_time)) {
			drop(cs, e);
			cs->stats.swept++;
		}
	}
}

void containers_stats(const struct containers *cs, struct containers_stats *out)
{
	*out = cs->stats;
	out->noted = cgroup_resolver_noted(cs->res);
}

static unsigned int bound(unsigned int v, unsigned int def)
{
	if (!v)
		return def;
	return v > MAX_BOUND ? MAX_BOUND : v;
}

static int ring_init(struct ring *r, unsigned int cap)
{
	r->idx = calloc(cap, sizeof(*r->idx));
	r->cap = cap;
	return r->idx ? 0 : -ENOMEM;
}

struct containers *containers_new(const struct containers_cfg *cfg)
{
	static const struct containers_cfg defaults;
	struct containers *cs;
	unsigned int n, i;
	sigset_t all, old;
	int err;

	if (!cfg)
		cfg = &defaults;
	cs = calloc(1, sizeof(*cs));
	if (!cs)
		return NULL;
	cs->efd = -1;
	pthread_mutex_init(&cs->lock, NULL);
	pthread_cond_init(&cs->wake, NULL);
	cs->cts.max = bound(cfg->max_entries, DEF_ENTRIES);
	cs->hosts.max = bound(cfg->max_hosts, 4 * cs->cts.max);
	cs->cts.head.next = cs->cts.head.prev = &cs->cts.head;
	cs->hosts.head.next = cs->hosts.head.prev = &cs->hosts.head;
	for (n = 64; n < cs->cts.max + cs->hosts.max; n <<= 1)
		;
	cs->mask = n - 1;
	cs->query = cfg->query;
	cs->query_arg = cfg->query_arg;
	cs->buckets = calloc(n, sizeof(*cs->buckets));
	n = bound(cfg->max_queue, DEF_QUEUE);
	cs->slots = calloc(n, sizeof(*cs->slots));
	if (!cs->buckets || !cs->slots || ring_init(&cs->todo, n) ||
	    ring_init(&cs->done, n) || ring_init(&cs->free, n)) {
		err = ENOMEM;
		goto fail;
	}
	for (i = 0; i < n; i++)
		ring_push(&cs->free, i);
	cs->res = cgroup_resolver_new(cfg->cgroup_root, cfg->proc_root);
	if (!cs->res) {
		err = errno;
		goto fail;
	}
	cs->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (cs->efd < 0) {
		err = errno;
		goto fail;
	}
	if (cs->query) {
		/* signals are the event loop's: the worker takes none of them */
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		err = pthread_create(&cs->worker, NULL, worker, cs);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (err)
			goto fail;
		cs->worker_on = true;
	}
	return cs;
fail:
	containers_free(cs);
	errno = err;
	return NULL;
}

void containers_free(struct containers *cs)
{
	struct entry *e, *next;
	struct lru *lists[2];
	int i;

	if (!cs)
		return;
	if (cs->worker_on) {
		pthread_mutex_lock(&cs->lock);
		cs->stop = true;
		pthread_cond_signal(&cs->wake);
		pthread_mutex_unlock(&cs->lock);
		pthread_join(cs->worker, NULL);
	}
	lists[0] = &cs->cts;
	lists[1] = &cs->hosts;
	for (i = 0; i < 2; i++)
		for (e = lists[i]->head.next; e && e != &lists[i]->head; e = next) {
			next = e->next;
			free(e->ct);
			free(e);
		}
	cgroup_resolver_free(cs->res);
	if (cs->efd >= 0)
		close(cs->efd);
	free(cs->todo.idx);
	free(cs->done.idx);
	free(cs->free.idx);
	free(cs->slots);
	free(cs->buckets);
	pthread_mutex_destroy(&cs->lock);
	pthread_cond_destroy(&cs->wake);
	free(cs);
}
