/* textfile.h: read a whole text file (a rules file, a generator profile),
 * and replace one at once. */
#ifndef CUSTODY_TEXTFILE_H
#define CUSTODY_TEXTFILE_H

#include <stddef.h>

#include "error.h"

/* Read the file at path, at most max bytes, into *out (NUL-terminated,
 * malloc'd: the caller frees it). Fails with ERR_NOTFOUND when there is no
 * such file, ERR_INVALID when it is larger than max or holds a NUL byte
 * (not text), ERR_IO on a read error; *out is then NULL. */
int textfile_read(const char *path, size_t max, char **out, struct error *err);

/* Replace the file at path by text (len bytes) so that a reader sees the
 * old file or the new one, whole, never a part, even across a crash: the
 * text goes to a temporary file beside it, synced, then renamed over it
 * and the directory synced. ERR_IO naming the step on failure (the old
 * file is then untouched). */
int textfile_replace(const char *path, const char *text, size_t len, struct error *err);

#endif
