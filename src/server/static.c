/* static.c: the dashboard's files (web/): the few the page uses, listed
 * below, and nothing else. A request's path is only ever compared with the
 * list, never joined to the root: no path can reach another file. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"

#define HTML "text/html; charset=utf-8"
#define JS "text/javascript; charset=utf-8"
#define CSS "text/css; charset=utf-8"

/* The dashboard's files, and nothing else: the page (web/index.html), what
 * it loads, the modules app.js imports, and the one Chart.js build, which
 * npm installs under node_modules/ (the rest of node_modules is not
 * served). tests/e2e/headers.sh checks this list against the page. */
static const struct {
	const char *url, *file, *type; /* file: under the web root */
} web_files[] = {
	{"/", "index.html", HTML},
	{"/style.css", "style.css", CSS},
	{"/app.js", "app.js", JS},
	{"/api.js", "api.js", JS},
	{"/dom.js", "dom.js", JS},
	{"/locator.js", "locator.js", JS},
	{"/overview.js", "overview.js", JS},
	{"/person.js", "person.js", JS},
	{"/public.js", "public.js", JS},
	{"/record.js", "record.js", JS},
	{"/tables.js", "tables.js", JS},
	{"/vendor/chart.umd.js", "node_modules/chart.js/dist/chart.umd.js", JS},
};

/* Open root/path when it is a regular file (symbolic links followed:
 * node_modules may be one). */
static int open_listed(const char *root, const char *path, struct stat *st)
{
	char joined[PATH_MAX];
	if ((size_t)snprintf(joined, sizeof joined, "%s/%s", root, path) >= sizeof joined)
		return -1;
	int fd = open(joined, O_RDONLY | O_CLOEXEC);
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
	for (size_t i = 0; i < sizeof web_files / sizeof web_files[0]; i++) {
		if (strcmp(req->path, web_files[i].url) != 0)
			continue;
		struct stat st;
		int fd = open_listed(app->cfg.web_root, web_files[i].file, &st);
		if (fd < 0)
			break;
		res->status = 200;
		res->fd = fd;
		res->fd_size = (size_t)st.st_size;
		res->content_type = web_files[i].type;
		return;
	}
	http_error(res, 404, NULL, "not found");
}
