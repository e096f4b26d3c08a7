/* textfile.h: read a whole text file (a rules file, a generator profile). */
#ifndef CUSTODY_TEXTFILE_H
#define CUSTODY_TEXTFILE_H

#include <stddef.h>

#include "error.h"

/* Read the file at path, at most max bytes, into *out (NUL-terminated,
 * malloc'd: the caller frees it). Fails with ERR_NOTFOUND when there is no
 * such file, ERR_INVALID when it is larger than max or holds a NUL byte
 * (not text), ERR_IO on a read error; *out is then NULL. */
int textfile_read(const char *path, size_t max, char **out, struct error *err);

#endif
