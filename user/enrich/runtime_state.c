// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "enrich/docker_api.h"
#include "lib/json_scan.h"
#include "lib/procstat.h"
#include "enrich/runtime_state.h"
#include "lib/open_regular.h"

#define MAX_DIRS 16	/* namespaces or storage drivers looked into */

/* An OCI annotation and the ct_meta field it fills (the first one found wins). */
struct annot {
	const char *key;
	size_t off;
};

#define FIELD(f) offsetof(struct ct_meta, f)

/* containerd's CRI plugin (pkg/cri/annotations) */
static const struct annot cri_annots[] = {
	{ "io.kubernetes.cri.container-name", FIELD(name) },
	{ "io.kubernetes.cri.container-name", FIELD(k8s_container) },
	{ "io.kubernetes.cri.sandbox-name", FIELD(pod_name) },
	{ "io.kubernetes.cri.sandbox-namespace", FIELD(pod_namespace) },
	{ "io.kubernetes.cri.sandbox-uid", FIELD(pod_uid) },
	{ "io.kubernetes.cri.image-name", FIELD(image) },
	/* a pod's sandbox (pause) container names its image here, newer containerd */
	{ "io.kubernetes.cri.podsandbox.image-name", FIELD(image) },
};

/* CRI-O sets the kubelet's label names as annotations */
static const struct annot crio_annots[] = {
	{ "io.kubernetes.container.name", FIELD(name) },
	{ "io.kubernetes.container.name", FIELD(k8s_container) },
	{ "io.kubernetes.pod.name", FIELD(pod_name) },
	{ "io.kubernetes.pod.namespace", FIELD(pod_namespace) },
	{ "io.kubernetes.pod.uid", FIELD(pod_uid) },
	{ "io.kubernetes.cri-o.ImageName", FIELD(image) },
};

static int path_of(char *buf, size_t size, const char *a, const char *b, const char *c,
		   const char *d)
{
	int n = snprintf(buf, size, "%s/%s%s%s%s%s", a, b, c ? "/" : "", c ? c : "",
			 d ? "/" : "", d ? d : "");

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/*
 * The whole of a regular file of at most max bytes, NUL-terminated. A FIFO
 * or device in the runtime's directory is never opened for reading
 * (lib/open_regular.h): it must not block, feed us forever, or be acted on.
 */
static int read_file(const char *path, size_t max, char **buf, size_t *len)
{
	size_t cap, n = 0;
	struct stat st;
	char *b = NULL, *nb;
	ssize_t r;
	int fd, err = 0;

	*buf = NULL;
	*len = 0;
	fd = open_regular(AT_FDCWD, path, 0, (off_t)max);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st)) {
		err = -errno;
		goto cleanup;
	}
	/* the size may change while it is read: read to EOF, never past max */
	cap = (size_t)st.st_size + 4096 > max + 1 ? max + 1 : (size_t)st.st_size + 4096;
	b = malloc(cap + 1);
	if (!b) {
		err = -ENOMEM;
		goto cleanup;
	}
	for (;;) {
		if (n == cap) {
			if (cap == max + 1) {
				err = -EFBIG;
				goto cleanup;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			nb = realloc(b, cap + 1);
			if (!nb) {
				err = -ENOMEM;
				goto cleanup;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = -errno;
			goto cleanup;
		}
		if (!r)
			break;
		n += r;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	b = NULL;
cleanup:
	free(b);
	close(fd);
	return err;
}

/* A pid file: decimal digits, maybe a newline. */
static int read_pid(const char *path)
{
	char *buf;
	size_t len, i;
	long long pid = 0;

	if (read_file(path, 32, &buf, &len))
		return 0;
	for (i = 0; i < len && buf[i] >= '0' && buf[i] <= '9'; i++) {
		pid = pid * 10 + (buf[i] - '0');
		if (pid > INT_MAX)
			break;
	}
	if (i == 0 || pid > INT_MAX || (i < len && strcmp(buf + i, "\n")))
		pid = 0;
	free(buf);
	return pid;
}

/* The runtime made no user namespace: linux.namespaces lists none of type "user". */
static bool oci_no_userns(const struct json_val *root)
{
	struct json_val list, ns, type;
	struct json_iter it;

	if (json_get(root, JSON_PATH("linux", "namespaces"), &list) || list.type != JSON_ARRAY ||
	    json_iter_init(&it, &list))
		return false;	/* not said: not claimed */
	while (json_array_next(&it, &ns))
		if (!json_get(&ns, JSON_PATH("type"), &type) &&
		    json_string_eq(&type, "user"))
			return false;
	return true;
}

/* <dir>/config.json, an OCI runtime spec: annotations by map, userns_host. */
static int oci_config(const char *dir, const struct annot *map, size_t n, struct ct_meta *out)
{
	struct json_val root, annots;
	char path[PATH_MAX], *buf;
	size_t len, i;
	char *field;
	int err;

	err = path_of(path, sizeof(path), dir, "config.json", NULL, NULL);
	if (err)
		return err;
	err = read_file(path, STATE_FILE_MAX, &buf, &len);
	if (err)
		return err;
	if (json_parse(buf, len, &root) || root.type != JSON_OBJECT) {
		free(buf);
		return -EBADMSG;
	}
	if (!json_get(&root, JSON_PATH("annotations"), &annots)) {
		for (i = 0; i < n; i++) {
			field = (char *)out + map[i].off;
			if (!field[0])
				json_get_string(&annots, (const char *const[]){ map[i].key, NULL },
						field, CT_NAME_LEN);
		}
	}
	out->userns_host = oci_no_userns(&root);
	free(buf);
	return 0;
}

/* Names of the subdirectories of root that pass keep(), at most MAX_DIRS. */
static int list_dirs(const char *root, bool (*keep)(const char *name),
		     char names[MAX_DIRS][CT_NAME_LEN])
{
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = opendir(root);
	if (!d)
		return -errno;
	while (n < MAX_DIRS && (de = readdir(d))) {
		if (!docker_ref_ok(de->d_name) || (keep && !keep(de->d_name)))
			continue;
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		snprintf(names[n++], CT_NAME_LEN, "%s", de->d_name);
	}
	closedir(d);
	return n;
}

/* "overlay-containers", "vfs-containers", ...: one per storage driver */
static bool is_driver_dir(const char *name)
{
	size_t n = strlen(name);

	return n > 11 && !strcmp(name + n - 11, "-containers");
}

static bool found(const struct ct_meta *m)
{
	return m->name[0] || m->image[0] || m->pod_name[0] || m->init_pid;
}

int rtstate_docker(const char *root, const char *id, struct ct_meta *out)
{
	char path[PATH_MAX], *buf, mode[16];
	struct json_val host;
	size_t len;
	int err;

	memset(out, 0, sizeof(*out));
	if (!docker_ref_ok(id))
		return -EINVAL;
	root = root ? root : STATE_DOCKER_ROOT;
	err = path_of(path, sizeof(path), root, "containers", id, "config.v2.json");
	if (!err)
		err = read_file(path, STATE_FILE_MAX, &buf, &len);
	if (err)
		return err;
	err = docker_meta_from_json(buf, len, out);
	free(buf);
	if (err)
		return err;
	/* the user namespace mode is kept apart, with the rest of HostConfig */
	if (!path_of(path, sizeof(path), root, "containers", id, "hostconfig.json") &&
	    !read_file(path, STATE_FILE_MAX, &buf, &len)) {
		if (!json_parse(buf, len, &host))
			out->userns_host = json_get_string(&host, JSON_PATH("UsernsMode"), mode,
							   sizeof(mode)) == 4 &&
					   !strcmp(mode, "host");
		free(buf);
	}
	return 0;
}

int rtstate_containerd(const char *root, const char *id, struct ct_meta *out)
{
	char ns[MAX_DIRS][CT_NAME_LEN];
	int i, n, err;

	memset(out, 0, sizeof(*out));
	if (!docker_ref_ok(id))
		return -EINVAL;
	root = root ? root : STATE_CONTAINERD_ROOT;
	n = list_dirs(root, NULL, ns);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		err = rtstate_containerd_in(root, ns[i], id, out);
		if (err != -ENOENT && err != -ENOTDIR)
			return err;
	}
	memset(out, 0, sizeof(*out));
	return -ENOENT;
}

int rtstate_containerd_in(const char *root, const char *ns, const char *id, struct ct_meta *out)
{
	char dir[PATH_MAX], path[PATH_MAX];
	int err;

	memset(out, 0, sizeof(*out));
	if (!docker_ref_ok(id) || !docker_ref_ok(ns))
		return -EINVAL;
	root = root ? root : STATE_CONTAINERD_ROOT;
	if (path_of(dir, sizeof(dir), root, ns, id, NULL))
		return -ENAMETOOLONG;
	err = oci_config(dir, cri_annots, sizeof(cri_annots) / sizeof(cri_annots[0]), out);
	if (err) {
		memset(out, 0, sizeof(*out));
		return err;
	}
	if (!path_of(path, sizeof(path), dir, "init.pid", NULL, NULL))
		out->init_pid = read_pid(path);
	return 0;
}

int rtstate_crio(const char *run_root, const char *graph_root, const char *id, struct ct_meta *out)
{
	const char *roots[2] = {
		run_root ? run_root : STATE_CRIO_ROOT,
		graph_root ? graph_root : STATE_STORAGE_ROOT,
	};
	char drv[MAX_DIRS][CT_NAME_LEN], dir[PATH_MAX], path[PATH_MAX];
	bool have_config = false;
	int r, i, n, err = -ENOENT, e;

	memset(out, 0, sizeof(*out));
	if (!docker_ref_ok(id))
		return -EINVAL;
	for (r = 0; r < 2; r++) {
		n = list_dirs(roots[r], is_driver_dir, drv);
		for (i = 0; i < n; i++) {
			if (path_of(dir, sizeof(dir), roots[r], drv[i], id, "userdata"))
				continue;
			if (!have_config) {
				e = oci_config(dir, crio_annots,
					       sizeof(crio_annots) / sizeof(crio_annots[0]), out);
				if (!e)
					have_config = true;
				else if (e != -ENOENT && e != -ENOTDIR)
					err = e;
			}
			if (!out->init_pid && !path_of(path, sizeof(path), dir, "pidfile", NULL, NULL))
				out->init_pid = read_pid(path);
		}
	}
	if (have_config || out->init_pid)
		return 0;
	memset(out, 0, sizeof(*out));
	return err;
}

/* One element of containers.json (containers/storage's Container). */
static void storage_entry(const struct json_val *e, struct ct_meta *out)
{
	struct json_val names, first, md, doc;
	struct json_iter it;
	char *buf;
	long n;

	if (!json_get(e, JSON_PATH("names"), &names) && names.type == JSON_ARRAY &&
	    !json_iter_init(&it, &names) && json_array_next(&it, &first))
		json_string(&first, out->name, sizeof(out->name));
	/*
	 * "metadata" is a JSON document in a string, the runtime's own:
	 * Podman's and CRI-O's both have "image-name", CRI-O's "pod-name".
	 * Decoded it is never longer than its escaped form.
	 */
	if (!json_get(e, JSON_PATH("metadata"), &md) && md.type == JSON_STRING &&
	    (buf = malloc(md.len))) {
		n = json_string(&md, buf, md.len);
		if (n >= 0 && (size_t)n < md.len && !json_parse(buf, n, &doc) &&
		    doc.type == JSON_OBJECT) {
			json_get_string(&doc, JSON_PATH("image-name"), out->image, sizeof(out->image));
			json_get_string(&doc, JSON_PATH("pod-name"), out->pod_name,
					sizeof(out->pod_name));
		}
		free(buf);
	}
	/* the image id, when the runtime kept no name: better than nothing */
	if (!out->image[0])
		json_get_string(e, JSON_PATH("image"), out->image, sizeof(out->image));
}

/* path is a containers.json: 0 and *out if it lists id. */
static int storage_file(const char *path, const char *id, struct ct_meta *out)
{
	struct json_val root, e, v;
	struct json_iter it;
	char *buf;
	size_t len;
	int err;

	err = read_file(path, STATE_LIST_MAX, &buf, &len);
	if (err)
		return err;
	err = -EBADMSG;
	if (!json_parse(buf, len, &root) && root.type == JSON_ARRAY &&
	    !json_iter_init(&it, &root)) {
		err = -ENOENT;
		while (json_array_next(&it, &e)) {
			if (e.type != JSON_OBJECT || json_get(&e, JSON_PATH("id"), &v) ||
			    !json_string_eq(&v, id))
				continue;
			storage_entry(&e, out);
			err = 0;
			break;
		}
	}
	free(buf);
	return err;
}

int rtstate_storage(const char *graph_root, const char *run_root, const char *id,
		    struct ct_meta *out)
{
	static const struct {
		int root;	/* 0 graph, 1 run */
		const char *file;
	} lists[] = {
		{ 0, "containers.json" },
		{ 0, "volatile-containers.json" },
		{ 1, "volatile-containers.json" },	/* transient store */
	};
	const char *roots[2] = {
		graph_root ? graph_root : STATE_STORAGE_ROOT,
		run_root ? run_root : STATE_CRIO_ROOT,
	};
	char drv[2][MAX_DIRS][CT_NAME_LEN], path[PATH_MAX];
	int ndrv[2], l, i, err = -ENOENT, e;

	memset(out, 0, sizeof(*out));
	if (!docker_ref_ok(id))
		return -EINVAL;
	for (l = 0; l < 2; l++)
		ndrv[l] = list_dirs(roots[l], is_driver_dir, drv[l]);
	for (l = 0; l < (int)(sizeof(lists) / sizeof(lists[0])); l++) {
		int r = lists[l].root;

		for (i = 0; i < ndrv[r]; i++) {
			if (path_of(path, sizeof(path), roots[r], drv[r][i], lists[l].file, NULL))
				continue;
			e = storage_file(path, id, out);
			if (!e && found(out))
				return 0;
			memset(out, 0, sizeof(*out));
			if (e != -ENOENT)
				err = e;
		}
	}
	return err;
}

int rtstate_runc(const char *root, const char *id, struct ct_meta *out)
{
	struct json_val st, nss, ns;
	struct json_iter it;
	char path[PATH_MAX], *buf;
	long long pid, start;
	size_t len;
	bool userns = false;
	int err;

	memset(out, 0, sizeof(*out));
	if (!docker_ref_ok(id))
		return -EINVAL;
	root = root ? root : STATE_RUNC_ROOT;
	err = path_of(path, sizeof(path), root, id, "state.json", NULL);
	if (!err)
		err = read_file(path, STATE_FILE_MAX, &buf, &len);
	if (err)
		return err;
	if (json_parse(buf, len, &st) || json_get_int(&st, JSON_PATH("init_process_pid"), &pid) ||
	    pid <= 0 || pid > INT32_MAX || json_get_int(&st, JSON_PATH("init_process_start"), &start)) {
		free(buf);
		return -EBADMSG;
	}
	/* the state outlives a container that stopped: its pid may be anyone's by now */
	snprintf(path, sizeof(path), "/proc/%lld/stat", pid);
	if (start <= 0 || proc_start_time(AT_FDCWD, path) != (__u64)start) {
		free(buf);
		return -ESRCH;
	}
	if (!json_get(&st, JSON_PATH("config", "namespaces"), &nss) && !json_iter_init(&it, &nss))
		while (json_array_next(&it, &ns)) {
			char type[16];

			if (json_get_string(&ns, JSON_PATH("type"), type, sizeof(type)) > 0 &&
			    !strcmp(type, "NEWUSER"))
				userns = true;
		}
	free(buf);
	out->init_pid = (int)pid;
	out->userns_host = !userns;
	snprintf(out->name, sizeof(out->name), "%s", id);
	return 0;
}

int rtstate_runc_list(const char *root, char (*ids)[CT_ID_LEN], int max)
{
	struct dirent *de;
	int n = 0;
	DIR *d = opendir(root ? root : STATE_RUNC_ROOT);

	if (!d)
		return -errno;
	while (n < max && (de = readdir(d)))
		if (docker_ref_ok(de->d_name) && strlen(de->d_name) < CT_ID_LEN &&
		    (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN))
			snprintf(ids[n++], CT_ID_LEN, "%.64s", de->d_name); /* < CT_ID_LEN: whole */
	closedir(d);
	return n;
}

int rtstate_containerd_list(const char *root, char (*ids)[2 * CT_ID_LEN], int max)
{
	char ns[MAX_DIRS][CT_NAME_LEN], dir[PATH_MAX];
	int i, n, k = 0;

	root = root ? root : STATE_CONTAINERD_ROOT;
	n = list_dirs(root, NULL, ns);
	for (i = 0; i < n && k < max; i++) {
		struct dirent *de;
		DIR *d;

		if (strlen(ns[i]) >= CT_ID_LEN || path_of(dir, sizeof(dir), root, ns[i], NULL, NULL))
			continue;
		d = opendir(dir);
		if (!d)
			continue;
		while (k < max && (de = readdir(d)))
			if (docker_ref_ok(de->d_name) && strlen(de->d_name) < CT_ID_LEN &&
			    (de->d_type == DT_DIR || de->d_type == DT_UNKNOWN))
				/* both checked shorter than CT_ID_LEN: whole */
				snprintf(ids[k++], 2 * CT_ID_LEN, "%.64s/%.64s", ns[i], de->d_name);
		closedir(d);
	}
	return n < 0 ? n : k;
}
