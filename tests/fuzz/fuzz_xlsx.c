/* fuzz_xlsx.c: the xlsx reader (xlsx.h) on any workbook: an xlsx file as
 * it is, or a bundle of parts (fuzz.h) zipped without compression so that
 * the fuzzer reaches the XML. Every sheet is read and every cell looked up
 * where the sheet says it is. */
#include "fuzz.h"
#include "xlsx.h"

#define PART_MAX (1u << 20) /* a small limit, so that the limit is tried too */

static void read_sheet(struct xlsx_book *book, size_t i)
{
	struct xlsx_sheet *sheet;
	struct error err;
	(void)xlsx_sheet_name(book, i);
	if (xlsx_sheet_read(book, i, &sheet, &err))
		return;
	for (size_t k = 0; k < sheet->n_cells; k++) {
		const struct xlsx_cell *c = &sheet->cells[k];
		fuzz_require(c->row >= 1 && c->row <= sheet->rows && c->col >= 1 && c->col <= sheet->cols,
			     "a cell outside the sheet's extent");
		fuzz_require(xlsx_cell(sheet, c->row, c->col) == c, "a cell not found where it is");
		char ref[XLSX_REF_MAX];
		(void)xlsx_ref(c->row, c->col, ref);
	}
	xlsx_sheet_free(sheet);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlsx_book *book;
	struct error err;
	if (xlsx_open(fuzz_workbook_file(data, size), &book, &err))
		return 0;
	xlsx_set_part_max(book, PART_MAX);
	for (size_t i = 0; i < xlsx_sheet_count(book); i++)
		read_sheet(book, i);
	xlsx_free(book);
	return 0;
}
