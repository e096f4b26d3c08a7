/* xlsx.h: reading the cells of an Office Open XML workbook (.xlsx).
 *
 * A workbook is a zip archive of XML parts; this reads the parts with
 * libzip and expat, and gives each worksheet as a sorted list of the cells
 * that hold a value: numbers, text (shared or inline), booleans, error
 * values, and the cached value of a formula. Styles, formulas, merged
 * ranges and everything else are ignored.
 *
 * The input is treated as hostile: a corrupt archive, a missing part,
 * malformed XML, a DTD, a part larger than the limit, an absurd cell
 * reference or too many cells give an error that names the file, the part
 * and (for XML) the line and column, and why; nothing is trusted to be
 * small.
 *
 * Usage:
 *
 *	struct xlsx_book *book;
 *	if (xlsx_open(path, &book, &err) == 0) {
 *		for (size_t i = 0; i < xlsx_sheet_count(book); i++) {
 *			struct xlsx_sheet *sheet;
 *			if (xlsx_sheet_read(book, i, &sheet, &err) == 0) {
 *				... xlsx_cell(sheet, row, col) ...
 *				xlsx_sheet_free(sheet);
 *			}
 *		}
 *		xlsx_free(book);
 *	}
 */
#ifndef CUSTODY_XLSX_H
#define CUSTODY_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define XLSX_ROWS_MAX 1048576u          /* row 1 to 1048576 */
#define XLSX_COLS_MAX 16384u            /* column A to XFD */
#define XLSX_PART_MAX (256ull << 20)    /* default limit of a part's uncompressed size */
#define XLSX_CELLS_MAX (1u << 22)       /* cells of one sheet, and shared strings of a book */
#define XLSX_REF_MAX 12                 /* "XFD1048576" and its NUL, with room */
#define XLSX_STAMP_MAX 40               /* an instant of the core properties, and its NUL */

enum xlsx_kind {
	XLSX_NUMBER, /* number: a numeric cell, or a formula's cached number */
	XLSX_TEXT,   /* text: shared, inline, a formula's cached string, or an ISO date ("d") */
	XLSX_BOOL,   /* number: 0 or 1 */
	XLSX_ERROR   /* text: the error value, "#N/A", "#DIV/0!" */
};

struct xlsx_cell {
	uint32_t row, col; /* from 1: A1 is row 1, column 1 */
	enum xlsx_kind kind;
	double number;     /* XLSX_NUMBER and XLSX_BOOL; finite */
	const char *text;  /* XLSX_TEXT and XLSX_ERROR (UTF-8, NUL-terminated), else NULL */
};

struct xlsx_arena;

/* The cells of one worksheet that hold a value. */
struct xlsx_sheet {
	struct xlsx_cell *cells; /* n_cells, sorted by row then column, at most one per place */
	size_t n_cells;
	uint32_t rows, cols;     /* the largest row and column of a cell; 0 when there is none */
	struct xlsx_arena *text; /* private: the text of the sheet's own strings */
};

struct xlsx_book; /* opaque: an open workbook */

/* Open the workbook at path: its list of worksheets and its shared strings
 * are read now, the worksheets when asked for. On success returns 0 and sets
 * *book, which the caller frees with xlsx_free(). On failure returns
 * ERR_NOTFOUND (no such file), ERR_INVALID (not a zip archive, a missing
 * or malformed part, a part over the limit), ERR_IO or ERR_NOMEM, with the
 * file (and part, line and column) in err, and sets *book to NULL. */
int xlsx_open(const char *path, struct xlsx_book **book, struct error *err);

/* The instant the workbook was last saved, as its core properties
 * (docProps/core.xml, dcterms:modified) give it ("2025-09-25T16:04:34Z"),
 * into out; "" when the part or the element is missing or is not an
 * instant. Returns 0, or ERR_INVALID (malformed XML, a part over the
 * limit) or ERR_NOMEM with the file and the part in err. */
int xlsx_modified(struct xlsx_book *book, char out[XLSX_STAMP_MAX], struct error *err);

/* Free book and close its file. Every sheet read from it must have been
 * freed first (their shared text lives in the book). NULL is allowed. */
void xlsx_free(struct xlsx_book *book);

/* Set the limit of the uncompressed size of the parts read from now on
 * (XLSX_PART_MAX when opened); a larger part is refused, not read. */
void xlsx_set_part_max(struct xlsx_book *book, uint64_t bytes);

/* The number of worksheets of book (chart sheets are not counted). */
size_t xlsx_sheet_count(const struct xlsx_book *book);

/* The name of worksheet i (0 <= i < xlsx_sheet_count(book)), in the order
 * of the workbook's tabs; it lives as long as book. */
const char *xlsx_sheet_name(const struct xlsx_book *book, size_t i);

/* Read worksheet i of book. On success returns 0 and sets *sheet, which the
 * caller frees with xlsx_sheet_free() before freeing book. On failure
 * returns ERR_INVALID (missing part, corrupt data, malformed XML, a cell
 * reference beyond XFD1048576, a cell given twice, too many cells, a part
 * over the limit) or ERR_NOMEM, with the file, the part and the line and
 * column in err, and sets *sheet to NULL. */
int xlsx_sheet_read(struct xlsx_book *book, size_t i, struct xlsx_sheet **sheet, struct error *err);

/* The cell of sheet at row and col (from 1), or NULL when it holds no
 * value. The pointer lives as long as sheet. */
const struct xlsx_cell *xlsx_cell(const struct xlsx_sheet *sheet, uint32_t row, uint32_t col);

/* Free sheet and everything it holds. NULL is allowed. */
void xlsx_sheet_free(struct xlsx_sheet *sheet);

/* Write the A1-style reference of row and col (from 1, within
 * XLSX_ROWS_MAX and XLSX_COLS_MAX) into buf, "C39"; returns buf. */
char *xlsx_ref(uint32_t row, uint32_t col, char buf[XLSX_REF_MAX]);

#endif
