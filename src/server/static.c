/* static.c: the dashboard's files (web/), and nothing outside them.
 *
 * A path is served only when every segment is a plain name (no "..", no
 * hidden file, no backslash or NUL) and the file it resolves to, symbolic
 * links followed, is a regular file under the root. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
	{".json", "application/json"},		{".svg", "image/svg+xml"},
	{".png", "image/png"},			{".ico", "image/x-icon"},
	{".map", "application/json"},		{".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

/* Whether every segment of path ("/a/b.js") is a plain, visible name. */
static bool plain_segments(const char *path)
{
	if (path[0] != '/' || strchr(path, '\\'))
		return false;
	for (const char *seg = path + 1; *seg;) {
		size_t n = strcspn(seg, "/");
		if (n == 0 || seg[0] == '.')
			return false;
		seg += n + (seg[n] == '/');
	}
	return true;
}

/* Open root + path when it resolves to a regular file inside root. */
static int open_inside(const char *root, const char *path, struct stat *st)
{
	char joined[PATH_MAX], real_root[PATH_MAX], real[PATH_MAX];
	if ((size_t)snprintf(joined, sizeof joined, "%s%s", root, path) >= sizeof joined ||
	    !realpath(root, real_root) || !realpath(joined, real))
		return -1;
	size_t n = strlen(real_root);
	if (strncmp(real, real_root, n) != 0 || real[n] != '/')
		return -1;
	int fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

void api_static(struct app *app, const struct http_request *req, struct http_response *res)
{
	const char *path = strcmp(req->path, "/") == 0 ? "/index.html" : req->path;
	const char *type = type_of(path);
	struct stat st;
	int fd = type && plain_segments(path) && strlen(path) < 1024 ? open_inside(app->cfg.web_root, path, &st) : -1;
	if (fd < 0) {
		http_error(res, 404, NULL, "not found");
		return;
	}
	res->status = 200;
	res->fd = fd;
	res->fd_size = (size_t)st.st_size;
	res->content_type = type;
}
