/* fuzz_workbook.c: the importer of ICE's workbooks (workbook.h, `custody
 * import-ice`) on any workbook, best given as a bundle of "cells:" sheets
 * (fuzz.h) so that the fuzzer works on the tables rather than the XML. */
#include "fuzz.h"
#include "official.h"
#include "workbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ice_official o;
	struct error err;
	if (ice_read(fuzz_workbook_file(data, size), 0, &o, &err) == 0)
		ice_official_free(&o);
	return 0;
}
