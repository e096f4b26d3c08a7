/* test_xlsx.c: the xlsx reader (src/ice/xlsx.h).
 *
 * Each test builds its own small workbook with libzip, part by part, in a
 * directory of its own: a good one with every kind of cell (shared, rich and
 * inline strings, numbers, booleans, cached formula values, errors, cells
 * with and without references, out of order), and hostile ones (not a zip,
 * a cut or corrupt zip, a missing part, malformed XML, a DTD, references
 * beyond XFD1048576, a part over the limit), whose error must name the file,
 * the part (and the line) and why. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "support.h"

#include "xlsx.h"

#define MAIN_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_NS "http://schemas.openxmlformats.org/package/2006/relationships"

struct part {
	const char *name, *text;
};

#define ROOT_RELS                                                                                              \
	{"_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"                       \
			"<Relationships xmlns=\"" PKG_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_NS          \
			"/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"}

/* A workbook of one sheet "S" (xl/worksheets/sheet1.xml), with shared strings. */
#define WORKBOOK_PART                                                                                          \
	{"xl/workbook.xml", "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>"                  \
			    "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"}
#define WORKBOOK_RELS                                                                                          \
	{"xl/_rels/workbook.xml.rels",                                                                         \
	 "<Relationships xmlns=\"" PKG_NS "\">"                                                                \
	 "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"         \
	 "<Relationship Id=\"rId2\" Type=\"" REL_NS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"         \
	 "</Relationships>"}
#define STRINGS_PART {"xl/sharedStrings.xml", "<sst xmlns=\"" MAIN_NS "\"><si><t>only</t></si></sst>"}
#define ONE_SHEET ROOT_RELS, WORKBOOK_PART, WORKBOOK_RELS, STRINGS_PART

#define SHEET(rows) "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>" rows "</sheetData></worksheet>"

/* ------------------------------------------------------------------ helpers */

static int setup(void **state)
{
	*state = tmp_new("xlsx");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return tmp_free(*state);
}


/* Write a zip archive at path holding the n parts (deflated). */
static void make_zip(const char *path, const struct part *parts, size_t n)
{
	int code = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
	if (!z)
		fail_msg("zip_open(%s): %d", path, code);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(z, parts[i].text, strlen(parts[i].text), 0);
		assert_non_null(src);
		if (zip_file_add(z, parts[i].name, src, ZIP_FL_OVERWRITE) < 0)
			fail_msg("zip_file_add(%s): %s", parts[i].name, zip_strerror(z));
	}
	if (zip_close(z) != 0)
		fail_msg("zip_close(%s): %s", path, zip_strerror(z));
}

/* A workbook like ONE_SHEET whose sheet is sheet. */
static char *one_sheet_book(void **state, const char *sheet)
{
	char *path = tmp_path(state, "book.xlsx");
	const struct part parts[] = {ONE_SHEET, {"xl/worksheets/sheet1.xml", sheet}};
	make_zip(path, parts, ROWS(parts));
	return path;
}

static void assert_contains(const char *what, const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("%s: \"%s\" does not contain \"%s\"", what, text, part);
}

/* Reading sheet 0 of the workbook at path fails with ERR_INVALID and a
 * message holding each of the NULL-terminated parts. */
static void sheet_fails(const char *path, const char *const *parts)
{
	struct xlsx_book *book;
	struct xlsx_sheet *sheet = (struct xlsx_sheet *)1;
	struct error err = {0};
	if (xlsx_open(path, &book, &err))
		fail_msg("xlsx_open(%s): %s", path, err.msg);
	assert_int_equal(xlsx_sheet_read(book, 0, &sheet, &err), ERR_INVALID);
	assert_null(sheet);
	for (size_t i = 0; parts[i]; i++)
		assert_contains("error", err.msg, parts[i]);
	xlsx_free(book);
}

/* Opening the workbook at path fails with code and a message holding each
 * of the NULL-terminated parts. */
static void open_fails(const char *path, int code, const char *const *parts)
{
	struct xlsx_book *book = (struct xlsx_book *)1;
	struct error err = {0};
	assert_int_equal(xlsx_open(path, &book, &err), code);
	assert_null(book);
	for (size_t i = 0; parts[i]; i++)
		assert_contains("error", err.msg, parts[i]);
}

static const struct xlsx_cell *cell_ok(const struct xlsx_sheet *s, uint32_t row, uint32_t col,
				       enum xlsx_kind kind)
{
	const struct xlsx_cell *c = xlsx_cell(s, row, col);
	char ref[XLSX_REF_MAX];
	if (!c)
		fail_msg("no cell %s", xlsx_ref(row, col, ref));
	assert_int_equal(c->row, row);
	assert_int_equal(c->col, col);
	assert_int_equal(c->kind, kind);
	return c;
}

static void text_ok(const struct xlsx_sheet *s, uint32_t row, uint32_t col, const char *text)
{
	assert_string_equal(cell_ok(s, row, col, XLSX_TEXT)->text, text);
}

static void number_ok(const struct xlsx_sheet *s, uint32_t row, uint32_t col, double v)
{
	const struct xlsx_cell *c = cell_ok(s, row, col, XLSX_NUMBER);
	assert_true(c->number == v);
	assert_null(c->text);
}

/* ------------------------------------------------------------------ a good workbook */

/* Two worksheets (one of them named with an absolute target) and a chart
 * sheet that is not listed; every kind of cell. */
static const struct part good[] = {
	ROOT_RELS,
	{"xl/workbook.xml",
	 "<?xml version=\"1.0\"?>\n<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>"
	 "<sheet name=\"First &amp; one\" sheetId=\"1\" r:id=\"rId1\"/>"
	 "<sheet name=\"Chart\" sheetId=\"3\" r:id=\"rId4\"/>"
	 "<sheet name=\"Second\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>"},
	{"xl/_rels/workbook.xml.rels",
	 "<Relationships xmlns=\"" PKG_NS "\">"
	 "<Relationship Id=\"rId2\" Type=\"" REL_NS "/worksheet\" Target=\"/xl/worksheets/two.xml\"/>"
	 "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"./worksheets/../worksheets/sheet1.xml\"/>"
	 "<Relationship Id=\"rId3\" Type=\"" REL_NS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	 "<Relationship Id=\"rId4\" Type=\"" REL_NS "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>"
	 "</Relationships>"},
	{"xl/sharedStrings.xml",
	 "<sst xmlns=\"" MAIN_NS "\" count=\"3\" uniqueCount=\"3\"><si><t>Hello</t></si>"
	 "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">Rich </t></r><r><t>text</t></r>"
	 "<rPh sb=\"0\" eb=\"1\"><t>reading</t></rPh></si><si><t/></si></sst>"},
	{"xl/worksheets/sheet1.xml",
	 SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"3\"><v>42.5</v></c>"
	       "<c r=\"C1\" t=\"inlineStr\"><is><t>inline</t></is></c><c r=\"D1\" t=\"s\"><v>2</v></c></row>\n"
	       "<row><c t=\"b\"><v>1</v></c><c><f>1+1</f><v>2</v></c><c t=\"str\"><f>\"a\"&amp;\"b\"</f><v>ab</v></c>"
	       "<c t=\"e\"><v>#N/A</v></c><c s=\"1\"/><c t=\"n\"><v> -1.25E-3 </v></c></row>\n"
	       "<row r=\"5\"><c r=\"C5\"><v>7</v></c><c><v>8</v></c></row>\n"
	       "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"s\"><v>1</v></c></row>")},
	{"xl/worksheets/two.xml",
	 SHEET("<row r=\"3\"><c r=\"B3\"><v>3</v></c></row><row r=\"1\"><c r=\"A1\"><v>1</v></c>"
	       "<c r=\"C1\" t=\"d\"><v>2025-02-03T00:00:00</v></c></row>")},
};

static void test_good_workbook(void **state)
{
	char *path = tmp_path(state, "good.xlsx");
	make_zip(path, good, ROWS(good));
	struct xlsx_book *book;
	struct error err = {0};
	if (xlsx_open(path, &book, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(xlsx_sheet_count(book), 2);
	assert_string_equal(xlsx_sheet_name(book, 0), "First & one");
	assert_string_equal(xlsx_sheet_name(book, 1), "Second");

	struct xlsx_sheet *s;
	if (xlsx_sheet_read(book, 0, &s, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(s->n_cells, 12);
	assert_int_equal(s->rows, XLSX_ROWS_MAX);
	assert_int_equal(s->cols, XLSX_COLS_MAX);
	text_ok(s, 1, 1, "Hello");
	number_ok(s, 1, 2, 42.5);
	text_ok(s, 1, 3, "inline");
	text_ok(s, 1, 4, "");
	const struct xlsx_cell *b = cell_ok(s, 2, 1, XLSX_BOOL);
	assert_true(b->number == 1);
	number_ok(s, 2, 2, 2);
	text_ok(s, 2, 3, "ab");
	assert_string_equal(cell_ok(s, 2, 4, XLSX_ERROR)->text, "#N/A");
	assert_null(xlsx_cell(s, 2, 5)); /* styled, no value */
	number_ok(s, 2, 6, -1.25e-3);
	number_ok(s, 5, 3, 7);
	number_ok(s, 5, 4, 8); /* no reference: the next column */
	text_ok(s, XLSX_ROWS_MAX, XLSX_COLS_MAX, "Rich text");
	assert_null(xlsx_cell(s, 3, 1));
	for (size_t i = 1; i < s->n_cells; i++)
		assert_true(s->cells[i - 1].row < s->cells[i].row ||
			    (s->cells[i - 1].row == s->cells[i].row && s->cells[i - 1].col < s->cells[i].col));
	xlsx_sheet_free(s);

	if (xlsx_sheet_read(book, 1, &s, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(s->n_cells, 3);
	assert_int_equal(s->cells[0].row, 1); /* sorted */
	number_ok(s, 1, 1, 1);
	text_ok(s, 1, 3, "2025-02-03T00:00:00");
	number_ok(s, 3, 2, 3);
	xlsx_sheet_free(s);
	xlsx_free(book);
	free(path);
}

static void test_ref(void **state)
{
	(void)state;
	char ref[XLSX_REF_MAX];
	assert_string_equal(xlsx_ref(1, 1, ref), "A1");
	assert_string_equal(xlsx_ref(39, 3, ref), "C39");
	assert_string_equal(xlsx_ref(7, 26, ref), "Z7");
	assert_string_equal(xlsx_ref(7, 27, ref), "AA7");
	assert_string_equal(xlsx_ref(1, 702, ref), "ZZ1");
	assert_string_equal(xlsx_ref(1, 703, ref), "AAA1");
	assert_string_equal(xlsx_ref(XLSX_ROWS_MAX, XLSX_COLS_MAX, ref), "XFD1048576");
}

static void test_without_shared_strings(void **state)
{
	char *path = tmp_path(state, "plain.xlsx");
	const struct part parts[] = {
		ROOT_RELS,
		{"xl/workbook.xml", "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>"
				    "<sheet name=\"P\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
		{"xl/_rels/workbook.xml.rels",
		 "<Relationships xmlns=\"" PKG_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_NS
		 "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
		{"xl/worksheets/sheet1.xml", SHEET("<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>x</t></is></c></row>")},
	};
	make_zip(path, parts, ROWS(parts));
	struct xlsx_book *book;
	struct xlsx_sheet *s;
	struct error err = {0};
	if (xlsx_open(path, &book, &err) || xlsx_sheet_read(book, 0, &s, &err))
		fail_msg("%s", err.msg);
	text_ok(s, 2, 2, "x");
	xlsx_sheet_free(s);
	xlsx_free(book);

	/* a shared string then refers to nothing */
	free(path);
	path = tmp_path(state, "plain2.xlsx");
	const struct part bad[] = {parts[0], parts[1], parts[2],
				   {"xl/worksheets/sheet1.xml", SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")}};
	make_zip(path, bad, ROWS(bad));
	sheet_fails(path, LINES(path, "xl/worksheets/sheet1.xml", "line 1", "shared string \"0\" does not exist"));
	free(path);
}

/* ------------------------------------------------------------------ hostile input */

static void test_no_such_file(void **state)
{
	char *path = tmp_path(state, "absent.xlsx");
	open_fails(path, ERR_NOTFOUND, LINES(path));
	free(path);
}

static void test_not_a_zip(void **state)
{
	char *path = tmp_path(state, "text.xlsx");
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("Name,City\nKROME,Miami\n", f);
	fclose(f);
	open_fails(path, ERR_INVALID, LINES(path, "cannot be read as an xlsx workbook", "Not a zip archive"));
	free(path);
}

static void test_missing_workbook(void **state)
{
	char *path = tmp_path(state, "empty.xlsx");
	const struct part parts[] = {ROOT_RELS, {"[Content_Types].xml", "<Types/>"}};
	make_zip(path, parts, ROWS(parts));
	open_fails(path, ERR_INVALID, LINES(path, "part xl/workbook.xml is missing"));
	free(path);

	path = tmp_path(state, "norels.xlsx");
	const struct part none[] = {{"[Content_Types].xml", "<Types/>"}};
	make_zip(path, none, ROWS(none));
	open_fails(path, ERR_INVALID, LINES(path, "part _rels/.rels is missing"));
	free(path);
}

static void test_missing_sheet_part(void **state)
{
	char *path = tmp_path(state, "nosheet.xlsx");
	const struct part parts[] = {ONE_SHEET};
	make_zip(path, parts, ROWS(parts));
	sheet_fails(path, LINES(path, "part xl/worksheets/sheet1.xml is missing"));
	free(path);
}

static void test_sheet_without_relationship(void **state)
{
	char *path = tmp_path(state, "norel.xlsx");
	const struct part parts[] = {
		ROOT_RELS,
		{"xl/workbook.xml", "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>"
				    "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId9\"/></sheets></workbook>"},
		{"xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"" PKG_NS "\"/>"},
	};
	make_zip(path, parts, ROWS(parts));
	open_fails(path, ERR_INVALID, LINES(path, "sheet \"S\"", "rId9", "xl/_rels/workbook.xml.rels"));
	free(path);
}

static void test_malformed_xml(void **state)
{
	char *path = one_sheet_book(state, "<worksheet xmlns=\"" MAIN_NS "\">\n<sheetData>\n"
					   "<row r=\"1\"><c r=\"A1\"><v>1</v></row>\n</sheetData></worksheet>");
	sheet_fails(path, LINES(path, "xl/worksheets/sheet1.xml: line 3, column 32: malformed XML (mismatched tag)"));
	free(path);

	/* cut short */
	path = one_sheet_book(state, "<worksheet xmlns=\"" MAIN_NS "\">\n<sheetData><row r=\"1\">");
	sheet_fails(path, LINES(path, "xl/worksheets/sheet1.xml", "line 2", "malformed XML"));
	free(path);
}

static void test_dtd_refused(void **state)
{
	char *path = one_sheet_book(state, "<?xml version=\"1.0\"?>\n<!DOCTYPE lol [<!ENTITY lol \"lol\">]>\n"
					   "<worksheet xmlns=\"" MAIN_NS "\"><sheetData/></worksheet>");
	sheet_fails(path, LINES(path, "xl/worksheets/sheet1.xml", "line 2", "DTD"));
	free(path);
}

static void test_absurd_references(void **state)
{
	static const struct {
		const char *sheet, *why;
	} cases[] = {
		{SHEET("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"), "cell reference \"XFE1\": its column is beyond XFD"},
		{SHEET("<row r=\"1\"><c r=\"AAAAAAAAAAAAAAA1\"><v>1</v></c></row>"), "its column is beyond XFD"},
		{SHEET("<row r=\"1\"><c r=\"A1048577\"><v>1</v></c></row>"),
		 "cell reference \"A1048577\": its row is beyond 1048576"},
		{SHEET("<row r=\"1\"><c r=\"A99999999999999999999\"><v>1</v></c></row>"), "its row is beyond 1048576"},
		{SHEET("<row r=\"1\"><c r=\"A0\"><v>1</v></c></row>"), "\"A0\": it is not a cell reference"},
		{SHEET("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"), "\"1A\": it is not a cell reference"},
		{SHEET("<row r=\"1\"><c r=\"a1\"><v>1</v></c></row>"), "\"a1\": it is not a cell reference"},
		{SHEET("<row r=\"1048577\"><c><v>1</v></c></row>"), "row \"1048577\" is not a row number"},
		{SHEET("<row r=\"-1\"/>"), "row \"-1\" is not a row number"},
		{SHEET("<row r=\"1048576\"/><row><c><v>1</v></c></row>"), "a row beyond 1048576"},
		{SHEET("<row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c><v>2</v></c></row>"), "beyond column XFD"},
		{SHEET("<c><v>1</v></c>"), "a cell without a reference outside a row"},
		{SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row>"), "cell A1 is given twice"},
		{SHEET("<row r=\"1\"><c r=\"A1\"><v>1x</v></c></row>"), "\"1x\" is not a number"},
		{SHEET("<row r=\"1\"><c r=\"A1\"><v>1e999</v></c></row>"), "\"1e999\" is not a number"},
		{SHEET("<row r=\"1\"><c r=\"A1\"><v>nan</v></c></row>"), "\"nan\" is not a number"},
		{SHEET("<row r=\"1\"><c r=\"A1\" t=\"b\"><v>2</v></c></row>"), "\"2\" is not a boolean"},
		{SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>"), "shared string \"7\" does not exist"},
		{SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>-1</v></c></row>"), "shared string \"-1\" does not exist"},
		{SHEET("<row r=\"1\"><c r=\"A1\" t=\"zz\"><v>1</v></c></row>"), "unknown cell type \"zz\""},
		{SHEET("<row r=\"1\"><c r=\"A1\"><c r=\"B1\"/></c></row>"), "a cell inside a cell"},
	};
	for (size_t i = 0; i < ROWS(cases); i++) {
		char *path = one_sheet_book(state, cases[i].sheet);
		sheet_fails(path, LINES(path, "xl/worksheets/sheet1.xml", "line 1", cases[i].why));
		free(path);
	}
	/* a repeat out of order is found once the cells are sorted */
	char *path = one_sheet_book(state, SHEET("<row r=\"2\"><c r=\"B2\"><v>1</v></c></row>"
						 "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
						 "<row r=\"2\"><c r=\"B2\"><v>2</v></c></row>"));
	sheet_fails(path, LINES(path, "xl/worksheets/sheet1.xml: cell B2 is given twice"));
	free(path);
}

/* A sheet of n rows of numbers, about 40 bytes each; the caller frees it. */
static char *big_sheet(size_t n)
{
	size_t size = 200 + n * 64;
	char *text = malloc(size);
	assert_non_null(text);
	size_t len = (size_t)snprintf(text, size, "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>");
	for (size_t r = 1; r <= n; r++)
		len += (size_t)snprintf(text + len, size - len, "<row r=\"%zu\"><c r=\"A%zu\"><v>%zu</v></c></row>\n", r,
					r, r * 7919 % 100003);
	snprintf(text + len, size - len, "</sheetData></worksheet>");
	return text;
}

static void test_part_over_the_limit(void **state)
{
	char *sheet = big_sheet(2000);
	char *path = one_sheet_book(state, sheet);
	struct xlsx_book *book;
	struct xlsx_sheet *s;
	struct error err = {0};
	if (xlsx_open(path, &book, &err))
		fail_msg("%s", err.msg);
	if (xlsx_sheet_read(book, 0, &s, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(s->n_cells, 2000);
	xlsx_sheet_free(s);
	xlsx_set_part_max(book, 10000);
	assert_int_equal(xlsx_sheet_read(book, 0, &s, &err), ERR_INVALID);
	assert_null(s);
	assert_contains("error", err.msg, path);
	assert_contains("error", err.msg, "xl/worksheets/sheet1.xml: larger than the limit of 10000 bytes");
	xlsx_free(book);
	free(path);
	free(sheet);
}

/* The size of the file at path. */
static long file_size(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	fclose(f);
	return n;
}

static void test_cut_zip(void **state)
{
	char *path = one_sheet_book(state, SHEET(""));
	assert_int_equal(truncate(path, file_size(path) / 2), 0);
	open_fails(path, ERR_INVALID, LINES(path, "cannot be read as an xlsx workbook"));
	free(path);
}

/* Bytes of a big sheet's compressed data overwritten: the archive opens
 * (its directory is intact) but the sheet does not read. */
static void test_corrupt_data(void **state)
{
	char *sheet = big_sheet(20000);
	char *path = tmp_path(state, "corrupt.xlsx");
	const struct part parts[] = {{"xl/worksheets/sheet1.xml", sheet}, ONE_SHEET};
	make_zip(path, parts, ROWS(parts));
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, file_size(path) / 3, SEEK_SET), 0);
	for (int i = 0; i < 64; i++)
		fputc(0x5a ^ i, f);
	fclose(f);
	sheet_fails(path, LINES(path, "xl/worksheets/sheet1.xml"));
	free(path);
	free(sheet);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good_workbook, setup, teardown),
		cmocka_unit_test(test_ref),
		cmocka_unit_test_setup_teardown(test_without_shared_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_such_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_zip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_workbook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_sheet_part, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sheet_without_relationship, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_xml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dtd_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absurd_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_part_over_the_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_zip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_data, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
