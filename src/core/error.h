/* error.h: error codes and the message a caller receives on failure.
 *
 * Every fallible function in custody returns 0 on success or one of the
 * negative codes below, and writes a human-readable message into the
 * struct error the caller passes (which may be NULL when the caller does not
 * want the message). */
#ifndef CUSTODY_ERROR_H
#define CUSTODY_ERROR_H

enum {
	ERR_OK = 0,
	ERR_INVALID = -1,  /* malformed input: a field, a line, an argument */
	ERR_REJECTED = -2, /* well-formed, but the timeline or a rule forbids it */
	ERR_CONFLICT = -3, /* same id already recorded with different content */
	ERR_NOTFOUND = -4, /* the thing asked for does not exist */
	ERR_IO = -5,       /* file or database failure */
	ERR_NOMEM = -6,    /* allocation failure */
	ERR_EXISTS = -7,   /* refusing to overwrite something that exists */
	ERR_DENIED = -8    /* not signed in, or not allowed to */
};

#define ERROR_MSG_MAX 1024

struct error {
	int code;
	char msg[ERROR_MSG_MAX];
};

/* Fill err (if not NULL) with code and a printf-style message; returns code
 * so that callers can write `return error_set(err, ERR_INVALID, ...)`. */
int error_set(struct error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepend a printf-style context ("line 17: ") to the message already in
 * err, which then carries code: a caller passes the code the error has
 * from its point of view (ERR_IO for a stored log that does not parse,
 * however the parser classed it), or the code it received to keep it.
 * Returns code. */
int error_prefix(struct error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The length of the longest prefix of the UTF-8 text s that has at most max
 * bytes and ends on a character boundary: quote a cut value in a message
 * with "%.*s" and this length, so messages stay valid UTF-8. */
int error_cut(const char *s, int max);

/* Reset err to "no error". */
void error_clear(struct error *err);

#endif
