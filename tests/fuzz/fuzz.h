/* fuzz.h: what the libFuzzer targets of tests/fuzz share (support.c).
 *
 * Every target is a file fuzz_<name>.c defining LLVMFuzzerTestOneInput();
 * tests/fuzz/CMakeLists.txt builds it as fuzz_<name> (-DCUSTODY_FUZZ=ON)
 * and its seeds are tests/fuzz/corpus/<name>/. docs/security.md says how
 * to run them. A helper that cannot do its job (out of memory, no
 * temporary file) aborts: the fuzzer reports it as a crash. */
#ifndef CUSTODY_FUZZ_H
#define CUSTODY_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A malloc'd NUL-terminated copy of data, as a text file is read
 * (textfile.h): NULL when data holds a NUL byte (textfile_read refuses
 * such a file). The caller frees it. */
char *fuzz_text(const uint8_t *data, size_t size);

/* Abort with message when ok is false (the harness itself failed). */
void fuzz_require(int ok, const char *message);

/* Write the workbook that data describes into a file and return its path
 * (valid until the next call). data is either an xlsx file as it is (it
 * begins with "PK") or a bundle of parts, zipped here without compression
 * so that the fuzzer works on the XML itself:
 *
 *	@@ xl/workbook.xml          a part, named, up to the next "\n@@ "
 *	<workbook ...>...
 *	@@ cells:Sheet name         a worksheet written here from its cells
 *	A1	ICE DETENTION DATA, FY2024
 *	B7	123
 *
 * A "cells:" part holds lines "REF<TAB>VALUE": a number is written as a
 * number, anything else as an inline string. When the bundle has any
 * "cells:" part, the package's and the workbook's parts that list those
 * sheets are written too (_rels/.rels, xl/workbook.xml and its
 * relationships), unless the bundle gives them. */
const char *fuzz_workbook_file(const uint8_t *data, size_t size);

#endif
