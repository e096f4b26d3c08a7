#include "textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_all(FILE *f, const char *path, size_t max, char **text, size_t *len, struct error *err)
{
	size_t cap = 0;
	for (;;) {
		if (*len + 4096 + 1 > cap) {
			size_t want = cap ? cap * 2 : 65536;
			if (cap > max)
				return error_set(err, ERR_INVALID, "%s: larger than %zu bytes", path, max);
			char *grown = realloc(*text, want);
			if (!grown)
				return error_set(err, ERR_NOMEM, "%s: out of memory", path);
			*text = grown;
			cap = want;
		}
		size_t got = fread(*text + *len, 1, cap - *len - 1, f);
		*len += got;
		if (got == 0)
			break;
	}
	if (*len > max)
		return error_set(err, ERR_INVALID, "%s: larger than %zu bytes", path, max);
	if (ferror(f))
		return error_set(err, ERR_IO, "%s: read error", path);
	(*text)[*len] = '\0';
	return memchr(*text, '\0', *len) ? error_set(err, ERR_INVALID, "%s: not a text file (NUL byte)", path) : 0;
}

int textfile_read(const char *path, size_t max, char **out, struct error *err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, "%s: %s", path, strerror(errno));
	char *text = NULL;
	size_t len = 0;
	int rc = read_all(f, path, max, &text, &len, err);
	fclose(f);
	if (rc)
		free(text);
	else
		*out = text;
	return rc;
}

/* Write all of text to fd and sync it. */
static int write_synced(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		text += n;
		len -= (size_t)n;
	}
	return fsync(fd);
}

/* Sync the directory holding path, so that a rename in it is durable. */
static int sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int textfile_replace(const char *path, const char *text, size_t len, struct error *err)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= sizeof tmp)
		return error_set(err, ERR_IO, "%s: path too long", path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return error_set(err, ERR_IO, "%s: cannot create a file beside it: %s", path, strerror(errno));
	int rc = fchmod(fd, 0644) ? -1 : write_synced(fd, text, len);
	int saved = errno;
	if (close(fd) && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && rename(tmp, path)) {
		rc = -1;
		saved = errno;
	}
	if (rc) {
		unlink(tmp);
		return error_set(err, ERR_IO, "%s: cannot write it: %s", path, strerror(saved));
	}
	return sync_dir(path) ? error_set(err, ERR_IO, "%s: written, but its directory cannot be synced: %s", path,
					 strerror(errno))
			      : 0;
}
