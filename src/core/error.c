#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int error_set(struct error *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	err->code = code;
	return code;
}

int error_prefix(struct error *err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	char prefix[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	char joined[ERROR_MSG_MAX];
	if (snprintf(joined, sizeof joined, "%s%s", prefix, err->msg) >= 0)
		memcpy(err->msg, joined, sizeof joined);
	err->code = code;
	return code;
}

void error_clear(struct error *err)
{
	if (!err)
		return;
	err->code = ERR_OK;
	err->msg[0] = '\0';
}

int error_cut(const char *s, int max)
{
	int n = 0;
	while (n < max && s[n])
		n++;
	if (s[n] == '\0')
		return n;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}
