/* support.c: what the fuzz targets share (fuzz.h). */
#define _GNU_SOURCE /* memfd_create */
#include "fuzz.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zip.h>

#define SHEETS_MAX 64 /* "cells:" parts of a bundle taken, at most */

void fuzz_require(int ok, const char *message)
{
	if (ok)
		return;
	fprintf(stderr, "fuzz harness: %s\n", message);
	abort();
}

char *fuzz_text(const uint8_t *data, size_t size)
{
	if (memchr(data, '\0', size))
		return NULL;
	char *text = malloc(size + 1);
	fuzz_require(text != NULL, "out of memory");
	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

/* ------------------------------------------------------------------ XML text */

/* Write s (n bytes) as XML character data or an attribute value: the
 * markup characters escaped, control characters (which XML 1.0 refuses)
 * as spaces. */
static void put_escaped(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(c < 0x20 && c != '\t' ? ' ' : c, out);
		}
	}
}

/* Whether s (n bytes) is a finite number and nothing else. */
static bool is_number(const char *s, size_t n)
{
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *end;
	double v = strtod(buf, &end);
	return *end == '\0' && isfinite(v);
}

/* The worksheet XML of the lines "REF<TAB>VALUE" of body (n bytes),
 * malloc'd, *len bytes. */
static char *sheet_xml(const char *body, size_t n, size_t *len)
{
	char *xml;
	FILE *out = open_memstream(&xml, len);
	fuzz_require(out != NULL, "out of memory");
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
	      out);
	for (const char *line = body, *end = body + n; line < end;) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		eol = eol ? eol : end;
		const char *tab = memchr(line, '\t', (size_t)(eol - line));
		if (tab) {
			const char *v = tab + 1;
			size_t vn = (size_t)(eol - v);
			fputs("<c r=\"", out);
			put_escaped(out, line, (size_t)(tab - line));
			fputs(is_number(v, vn) ? "\"><v>" : "\" t=\"inlineStr\"><is><t>", out);
			put_escaped(out, v, vn);
			fputs(is_number(v, vn) ? "</v></c>" : "</t></is></c>", out);
		}
		line = eol + 1;
	}
	fputs("</sheetData></worksheet>\n", out);
	fuzz_require(fclose(out) == 0, "out of memory");
	return xml;
}

/* ------------------------------------------------------------------ the zip */

static void add_part(zip_t *z, const char *name, const void *data, size_t len, bool owned)
{
	zip_source_t *src = zip_source_buffer(z, data, len, owned);
	fuzz_require(src != NULL, "zip_source_buffer");
	zip_int64_t i = zip_file_add(z, name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
	if (i < 0) { /* a name libzip refuses (empty): the part is left out */
		zip_source_free(src);
		return;
	}
	zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

static void add_text(zip_t *z, const char *name, char *text, size_t len)
{
	add_part(z, name, text, len, true);
}

/* The parts that list the n_sheets worksheets named names (each n_names
 * bytes): the package's relationships, the workbook and its relationships,
 * each unless the bundle has it already. */
static void add_structure(zip_t *z, const char *const *names, const size_t *n_names, size_t n_sheets)
{
	static const char rels_ns[] = "http://schemas.openxmlformats.org/package/2006/relationships";
	static const char office[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
	char *text;
	size_t len;
	if (zip_name_locate(z, "_rels/.rels", 0) < 0) {
		FILE *out = open_memstream(&text, &len);
		fuzz_require(out != NULL, "out of memory");
		fprintf(out, "<Relationships xmlns=\"%s\"><Relationship Id=\"rId1\" Type=\"%s/officeDocument\" "
			     "Target=\"xl/workbook.xml\"/></Relationships>\n", rels_ns, office);
		fuzz_require(fclose(out) == 0, "out of memory");
		add_text(z, "_rels/.rels", text, len);
	}
	if (zip_name_locate(z, "xl/workbook.xml", 0) < 0) {
		FILE *out = open_memstream(&text, &len);
		fuzz_require(out != NULL, "out of memory");
		fprintf(out, "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
			     "xmlns:r=\"%s\"><sheets>", office);
		for (size_t i = 0; i < n_sheets; i++) {
			fputs("<sheet name=\"", out);
			put_escaped(out, names[i], n_names[i]);
			fprintf(out, "\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", i + 1, i + 1);
		}
		fputs("</sheets></workbook>\n", out);
		fuzz_require(fclose(out) == 0, "out of memory");
		add_text(z, "xl/workbook.xml", text, len);
	}
	if (zip_name_locate(z, "xl/_rels/workbook.xml.rels", 0) < 0) {
		FILE *out = open_memstream(&text, &len);
		fuzz_require(out != NULL, "out of memory");
		fprintf(out, "<Relationships xmlns=\"%s\">", rels_ns);
		for (size_t i = 0; i < n_sheets; i++)
			fprintf(out, "<Relationship Id=\"rId%zu\" Type=\"%s/worksheet\" Target=\"worksheets/sheet%zu.xml\"/>",
				i + 1, office, i + 1);
		fputs("</Relationships>\n", out);
		fuzz_require(fclose(out) == 0, "out of memory");
		add_text(z, "xl/_rels/workbook.xml.rels", text, len);
	}
}

/* The first line from p on (p at the start of a line) that begins a part
 * ("@@ "), or NULL. */
static const char *next_header(const char *p, const char *end)
{
	while (p < end) {
		if (end - p >= 3 && memcmp(p, "@@ ", 3) == 0)
			return p;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	return NULL;
}

/* Zip the parts of the bundle text (n bytes) into *out (malloc'd, *len bytes). */
static void zip_bundle(const char *text, size_t n, void **out, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
	fuzz_require(buf != NULL, "zip_source_buffer_create");
	zip_source_keep(buf);
	zip_t *z = zip_open_from_source(buf, ZIP_TRUNCATE, &ze);
	fuzz_require(z != NULL, "zip_open_from_source");
	const char *names[SHEETS_MAX];
	size_t n_names[SHEETS_MAX], n_sheets = 0;
	const char *end = text + n;
	for (const char *p = next_header(text, end); p;) {
		const char *name = p + 3, *eol = memchr(name, '\n', (size_t)(end - name));
		const char *body = eol ? eol + 1 : end;
		const char *next = next_header(body, end);
		const char *stop = !next ? end : next > body ? next - 1 : body;
		char part[256];
		snprintf(part, sizeof part, "%.*s", (int)((eol ? eol : end) - name), name);
		if (strncmp(part, "cells:", 6) == 0 && n_sheets < SHEETS_MAX) {
			size_t xml_len;
			char *xml = sheet_xml(body, (size_t)(stop - body), &xml_len);
			names[n_sheets] = name + 6;
			n_names[n_sheets++] = strlen(part + 6);
			snprintf(part, sizeof part, "xl/worksheets/sheet%zu.xml", n_sheets);
			add_text(z, part, xml, xml_len);
		} else {
			add_part(z, part, body, (size_t)(stop - body), false);
		}
		p = next;
	}
	if (n_sheets)
		add_structure(z, names, n_names, n_sheets);
	*out = NULL;
	*len = 0;
	if (zip_get_num_entries(z, 0) == 0) { /* libzip writes no empty archive: an empty file then */
		zip_discard(z);
		zip_source_free(buf);
		return;
	}
	fuzz_require(zip_close(z) == 0, "zip_close");
	zip_stat_t st;
	fuzz_require(zip_source_stat(buf, &st) == 0 && zip_source_open(buf) == 0, "zip_source_open");
	*out = malloc(st.size ? st.size : 1);
	fuzz_require(*out != NULL, "out of memory");
	fuzz_require(zip_source_read(buf, *out, st.size) == (zip_int64_t)st.size, "zip_source_read");
	*len = st.size;
	zip_source_close(buf);
	zip_source_free(buf);
}

const char *fuzz_workbook_file(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("fuzz.xlsx", 0);
		fuzz_require(fd >= 0, "memfd_create");
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	void *zipped = NULL;
	size_t len = size;
	if (!(size >= 2 && memcmp(data, "PK", 2) == 0))
		zip_bundle((const char *)data, size, &zipped, &len);
	const void *bytes = zipped ? zipped : data;
	fuzz_require(ftruncate(fd, 0) == 0 && pwrite(fd, bytes, len, 0) == (ssize_t)len, "writing the workbook");
	free(zipped);
	return path;
}
