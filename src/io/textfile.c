#include "textfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
