// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The outermost recognisable container on a path wins, e.g. the first
 * Docker id of /docker/<a>/docker/<b>. Whatever lies below a container's
 * own cgroup is named by whoever runs inside it (Docker-in-Docker, systemd
 * in a container, or an attacker with a writable cgroupfs who creates
 * /docker/<a>/docker/<someone-else's-id>); only the outer component was made
 * by the host's runtime, so only it says which container this is.
 */
#include <stddef.h>
#include <string.h>

#include "enrich/cgroup_path.h"

#define HEX_ID_LEN 64

struct comp {
	const char *s;
	size_t n;
};

static bool is(struct comp c, const char *word)
{
	return c.n == strlen(word) && !memcmp(c.s, word, c.n);
}

static bool starts(struct comp c, const char *pre)
{
	size_t n = strlen(pre);

	return c.n >= n && !memcmp(c.s, pre, n);
}

static bool ends(struct comp c, const char *suf)
{
	size_t n = strlen(suf);

	return c.n >= n && !memcmp(c.s + c.n - n, suf, n);
}

static bool contains(struct comp c, const char *word)
{
	size_t n = strlen(word), i;

	for (i = 0; i + n <= c.n; i++)
		if (!memcmp(c.s + i, word, n))
			return true;
	return false;
}

static bool lower_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

static bool hex_id(const char *s, size_t n)
{
	size_t i;

	if (n != HEX_ID_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (!lower_hex(s[i]))
			return false;
	return true;
}

/* c is exactly pre + 64 lowercase hex + suf: the id goes to id[]. */
static bool hex_between(struct comp c, const char *pre, const char *suf, char *id)
{
	size_t np = strlen(pre), ns = strlen(suf);

	if (c.n != np + HEX_ID_LEN + ns || !starts(c, pre) || !ends(c, suf) ||
	    !hex_id(c.s + np, HEX_ID_LEN))
		return false;
	memcpy(id, c.s + np, HEX_ID_LEN);
	id[HEX_ID_LEN] = 0;
	return true;
}

/*
 * A Kubernetes pod uid: a UUID (8-4-4-4-12 lowercase hex) or, for static
 * pods, the 32-hex hash the kubelet gives them. The systemd driver writes
 * the UUID's dashes as '_' because '-' means nesting in slice names.
 */
static bool pod_uid(const char *s, size_t n, char sep, char *out)
{
	size_t i;

	if (n == 32) {
		for (i = 0; i < n; i++)
			if (!lower_hex(s[i]))
				return false;
	} else if (n == 36) {
		for (i = 0; i < n; i++) {
			bool dash = i == 8 || i == 13 || i == 18 || i == 23;

			if (dash ? s[i] != sep : !lower_hex(s[i]))
				return false;
		}
	} else {
		return false;
	}
	for (i = 0; i < n; i++)
		out[i] = s[i] == sep ? '-' : s[i];
	out[n] = 0;
	return true;
}

/*
 * LXC and nspawn ids are names; they are printed and compared, so only
 * visible ASCII: no control bytes, no spaces, nothing a terminal acts on.
 */
static bool name_ok(const char *s, size_t n)
{
	size_t i;

	if (!n || n >= CT_ID_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return false;
	return !(n == 1 && s[0] == '.') && !(n == 2 && s[0] == '.' && s[1] == '.');
}

static bool copy_name(const char *s, size_t n, char *id)
{
	if (!name_ok(s, n))
		return false;
	memcpy(id, s, n);
	id[n] = 0;
	return true;
}

static int unhex(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* systemd unit-name escaping undone: "my\x2dbox" -> "my-box". */
static bool unescape_name(const char *s, size_t n, char *id)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (ch == '\\') {
			int hi, lo;

			if (i + 3 >= n)
				return false;
			if (s[i + 1] != 'x' || (hi = unhex(s[i + 2])) < 0 ||
			    (lo = unhex(s[i + 3])) < 0)
				return false;
			ch = (char)(hi << 4 | lo);
			i += 3;
		}
		if (o + 1 >= CT_ID_LEN)
			return false;
		id[o++] = ch;
	}
	id[o] = 0;
	return name_ok(id, o);
}

/*
 * The kernel prints cgroup paths canonical: "/" or "/a/b", no empty, "."
 * or ".." component. Anything else did not come from it as such, and a
 * ".." could make "/docker/<a>/../../docker/<b>" stat() as b but read as a.
 */
bool cgroup_path_canonical(const char *path)
{
	const char *p = path;

	if (path[0] != '/')
		return false;
	if (!path[1])
		return true;
	while (*p == '/') {
		size_t n = strcspn(++p, "/");

		if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p += n;
	}
	return true;
}

enum verdict { GO_ON, FOUND, HOST };

struct walk {
	struct comp prev;
	bool kube;               /* below a kubepods cgroup */
	bool after_pod;          /* prev is a pod cgroup */
	char pod_uid[CT_NAME_LEN];
};

/* One component, with what came before it in w. */
static enum verdict match(struct walk *w, struct comp cur, struct container *c)
{
	char *id = c->id;

	/* Docker, systemd driver, also under kubepods (dockershim) */
	if (hex_between(cur, "docker-", ".scope", id)) {
		c->runtime = CT_RT_DOCKER;
		return FOUND;
	}
	/* Docker, cgroupfs driver */
	if (is(w->prev, "docker") && hex_between(cur, "", "", id)) {
		c->runtime = CT_RT_DOCKER;
		return FOUND;
	}
	if (hex_between(cur, "cri-containerd-", ".scope", id)) {
		c->runtime = CT_RT_CONTAINERD;
		return FOUND;
	}
	/*
	 * conmon, CRI-O's and Podman's monitor, runs in its own scope on the
	 * host, in none of the container's namespaces, with the runtime's
	 * privileges: what it does is the host's doing, not the container's.
	 */
	if (hex_between(cur, "crio-conmon-", ".scope", id) ||
	    hex_between(cur, "libpod-conmon-", ".scope", id))
		return HOST;
	/* CRI-O: systemd driver, then cgroupfs driver */
	if (hex_between(cur, "crio-", ".scope", id) || hex_between(cur, "crio-", "", id)) {
		c->runtime = CT_RT_CRIO;
		return FOUND;
	}
	/* Podman: systemd (also rootless, under user@.service), then cgroupfs */
	if (hex_between(cur, "libpod-", ".scope", id) || hex_between(cur, "libpod-", "", id)) {
		c->runtime = CT_RT_PODMAN;
		return FOUND;
	}
	if (starts(cur, "kubepods") || contains(cur, "-kubepods"))
		w->kube = true;
	if (w->kube) {
		/* cgroupfs driver: pod<uid>; systemd: kubepods-<qos>-pod<uid_>.slice */
		if (starts(cur, "pod") && pod_uid(cur.s + 3, cur.n - 3, '-', w->pod_uid)) {
			w->after_pod = true;
			return GO_ON;
		}
		if (ends(cur, ".slice")) {
			size_t end = cur.n - 6, i;

			for (i = end; i >= 4; i--)
				if (!memcmp(cur.s + i - 4, "-pod", 4))
					break;
			if (i >= 4 && pod_uid(cur.s + i, end - i, '_', w->pod_uid)) {
				w->after_pod = true;
				return GO_ON;
			}
		}
		/*
		 * A bare id right under the pod: containerd's cgroupfs layout
		 * (dockershim's is the same; the metadata query can tell).
		 */
		if (w->after_pod && hex_between(cur, "", "", id)) {
			c->runtime = CT_RT_CONTAINERD;
			return FOUND;
		}
	}
	w->after_pod = false;
	/*
	 * LXC: /lxc/<name> (cgroupfs), lxc.payload.<name> and lxc.payload/<name>
	 * (LXC 4+). lxc.monitor.<name> holds the monitor: host side, as conmon.
	 */
	if (starts(cur, "lxc.monitor.") || is(w->prev, "lxc.monitor"))
		return HOST;
	if ((is(w->prev, "lxc") || is(w->prev, "lxc.payload")) && copy_name(cur.s, cur.n, id)) {
		c->runtime = CT_RT_LXC;
		return FOUND;
	}
	if (starts(cur, "lxc.payload.") && copy_name(cur.s + 12, cur.n - 12, id)) {
		c->runtime = CT_RT_LXC;
		return FOUND;
	}
	/* systemd-nspawn: machine.slice/machine-<escaped name>.scope */
	if (is(w->prev, "machine.slice") && starts(cur, "machine-") && ends(cur, ".scope") &&
	    cur.n > 8 + 6 && unescape_name(cur.s + 8, cur.n - 8 - 6, id)) {
		/*
		 * libvirt puts its QEMU VMs here too (machine-qemu\x2d1\x2dvm):
		 * that is a host process running a VM, not a container.
		 */
		if (!strncmp(id, "qemu-", 5))
			return HOST;
		c->runtime = CT_RT_NSPAWN;
		return FOUND;
	}
	return GO_ON;
}

bool cgroup_path_parse(const char *path, struct container *c)
{
	struct walk w = { 0 };
	const char *p;
	size_t len, keep;

	memset(c, 0, sizeof(*c));
	if (!path || !cgroup_path_canonical(path))
		return false;
	for (p = path; *p == '/' && p[1];) {
		struct comp cur;

		/* two statements: the increment is sequenced before its use (clang -Wunsequenced) */
		p++;
		cur = (struct comp){ p, strcspn(p, "/") };
		enum verdict v;

		v = match(&w, cur, c);
		p += cur.n;
		if (v == HOST)
			break;
		if (v == GO_ON) {
			w.prev = cur;
			continue;
		}
		/* p is just past the container's own component */
		len = strlen(path);
		keep = len;
		if (len >= CT_PATH_LEN) {
			for (keep = CT_PATH_LEN - 1; keep > 0 && path[keep] != '/'; keep--)
				;
			if (keep < (size_t)(p - path))
				break;
		}
		memcpy(c->cgroup, path, keep);
		c->cgroup[keep] = 0;
		if (w.kube)
			memcpy(c->pod_uid, w.pod_uid, sizeof(c->pod_uid));
		return true;
	}
	memset(c, 0, sizeof(*c));
	return false;
}
