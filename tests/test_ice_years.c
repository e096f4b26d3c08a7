/* test_ice_years.c: every ICE workbook of ../shared/data/ice (FY2019,
 * FY2021, FY2024, FY2025; $CUSTODY_SHARED_DATA) read by ice_read(), each
 * figure equal to the workbook's own printed cell, read here with the
 * xlsx reader (the sheet and cell named below); the kinds of layout
 * variation between the years (docs/ice.md) on small workbooks built
 * here; and the facility identity of facility_id.h. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "support.h"

#include "facility_id.h"
#include "labels.h"
#include "official.h"
#include "vocab.h"
#include "workbook.h"
#include "xlsx.h"

/* A figure of the workbook: the cell ref of the sheet whose name begins
 * with sheet. */
struct cell_ref {
	const char *sheet, *ref;
};

struct reason_cell {
	const char *key; /* a release_reason word, or an extra reason's key */
	struct cell_ref at;
};

struct year {
	const char *file;
	int fy;
	size_t facilities;
	bool releases; /* "Final Releases" (before FY2024), not book-outs */
	struct cell_ref book_ins[ICE_AGENCIES];
	struct cell_ref outs_total;
	struct reason_cell outs[12];
	struct cell_ref bond[2];
	struct cell_ref adp, adp_by[ICE_AGENCIES], alos, alos_by[ICE_AGENCIES];
	struct cell_ref atd, removals, detained;
};

#define D19 "Detention FY19"
#define D21 "Detention FY21"
#define D24 "Detention FY24"
#define D25 "Detention FY25"

static const struct year years[] = {
	{
		.file = "FY19-detentionstats.xlsx",
		.fy = 2019,
		.facilities = 213, /* "Facilities FY19" rows 8 to 220 */
		.releases = true,
		.book_ins = {[AGENCY_ICE] = {D19, "V21"}, [AGENCY_CBP] = {D19, "V22"}},
		/* "ICE Final Releases by Release Reason and Criminality": no months, column E */
		.outs_total = {D19, "E38"},
		.outs = {{"bonded_out", {D19, "E39"}},
			 {"recognizance", {D19, "E42"}},
			 {"supervision", {D19, "E43"}},
			 {"paroled", {D19, "E44"}},
			 {"prosecutorial_discretion", {D19, "E45"}}},
		.bond = {{D19, "E40"}, {D19, "E41"}},
		.adp = {D19, "N59"},
		.adp_by = {[AGENCY_ICE] = {D19, "N56"}, [AGENCY_CBP] = {D19, "N53"}},
		.alos = {D19, "N75"},
		.alos_by = {[AGENCY_ICE] = {D19, "N71"}, [AGENCY_CBP] = {D19, "N67"}},
		.atd = {"ATD FY19", "B19"}, /* the Total of the table by AOR only */
		.removals = {D19, "P29"},
		.detained = {D19, "F20"},
	},
	{
		.file = "FY21-detentionstats.xlsx",
		.fy = 2021,
		.facilities = 135, /* "Facilities FY21 YTD" rows 8 to 142 */
		.releases = true,
		.book_ins = {[AGENCY_ICE] = {D21, "V22"}, [AGENCY_CBP] = {D21, "V21"}},
		.outs_total = {D21, "O38"},
		.outs = {{"bonded_out", {D21, "O39"}},
			 {"recognizance", {D21, "O51"}},
			 {"supervision", {D21, "O55"}},
			 {"paroled", {D21, "O59"}}},
		.bond = {{D21, "O43"}, {D21, "O47"}},
		.adp = {D21, "N76"},
		.adp_by = {[AGENCY_ICE] = {D21, "N72"}, [AGENCY_CBP] = {D21, "N68"}},
		.alos = {D21, "N93"},
		.alos_by = {[AGENCY_ICE] = {D21, "N89"}, [AGENCY_CBP] = {D21, "N85"}},
		.atd = {"ATD FY21", "B18"}, /* the Total of the table by AOR only */
		.removals = {D21, "P29"}, /* under "Removals": the header row is blank under the title */
		.detained = {D21, "F20"},
	},
	{
		.file = "FY24_detentionStats.xlsx",
		.fy = 2024,
		.facilities = 109, /* "Facilities EOFY24" rows 8 to 116 */
		.book_ins = {[AGENCY_ICE] = {D24, "V22"}, [AGENCY_CBP] = {D24, "V21"}},
		.outs_total = {D24, "O37"},
		.outs = {{"bonded_out", {D24, "O38"}},
			 {"recognizance", {D24, "O50"}},
			 {"supervision", {D24, "O54"}},
			 {"paroled", {D24, "O58"}},
			 {"proceedings_terminated", {D24, "O62"}},
			 {"removed", {D24, "O66"}},
			 {"relief_granted", {D24, "O70"}},
			 {"transferred_usms", {D24, "O74"}},
			 {"transferred", {D24, "O78"}},
			 {"other", {D24, "O82"}}},
		.bond = {{D24, "O42"}, {D24, "O46"}},
		.adp = {D24, "N99"},
		.adp_by = {[AGENCY_ICE] = {D24, "N95"}, [AGENCY_CBP] = {D24, "N91"}},
		.alos = {D24, "N116"},
		.alos_by = {[AGENCY_ICE] = {D24, "N112"}, [AGENCY_CBP] = {D24, "N108"}},
		.atd = {"ATD EOFY24", "B15"},
		.removals = {D24, "P29"},
		.detained = {D24, "F20"},
	},
	{
		.file = "FY25_detentionStats09242025.xlsx",
		.fy = 2025,
		.facilities = 189, /* "Facilities FY25" rows 8 to 196 */
		.book_ins = {[AGENCY_ICE] = {D25, "V22"}, [AGENCY_CBP] = {D25, "V21"}},
		.outs_total = {D25, "O38"},
		.outs = {{"bonded_out", {D25, "O39"}},
			 {"recognizance", {D25, "O51"}},
			 {"supervision", {D25, "O55"}},
			 {"paroled", {D25, "O59"}},
			 {"proceedings_terminated", {D25, "O63"}},
			 {"removed", {D25, "O67"}},
			 {"relief_granted", {D25, "O71"}},
			 {"transferred_usms", {D25, "O75"}},
			 {"transferred", {D25, "O79"}},
			 {"other", {D25, "O83"}}},
		.bond = {{D25, "O43"}, {D25, "O47"}},
		.adp = {D25, "N100"},
		.adp_by = {[AGENCY_ICE] = {D25, "N96"}, [AGENCY_CBP] = {D25, "N92"}},
		.alos = {D25, "N117"},
		.alos_by = {[AGENCY_ICE] = {D25, "N113"}, [AGENCY_CBP] = {D25, "N109"}},
		.atd = {"ATD FY25", "B15"},
		.removals = {D25, "P29"},
		.detained = {D25, "F20"},
	},
};

/* ------------------------------------------------------------------ helpers */

static void assert_contains(const char *what, const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("%s \"%s\" does not contain \"%s\"", what, text, part);
}

static int setup(void **state)
{
	*state = tmp_new("ice_years");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return tmp_free(*state);
}

/* The path of a workbook of ../shared/data/ice ($CUSTODY_SHARED_DATA is
 * ../shared/data); the caller frees it. */
static char *shared_file(const char *file)
{
	const char *dir = getenv("CUSTODY_SHARED_DATA");
	return fmt("%s/ice/%s", dir ? dir : "../shared/data", file);
}

/* The number in cell ref of the sheet whose name begins with sheet. */
static double cell_value(struct xlsx_book *book, const struct cell_ref *at)
{
	uint32_t col = 0, row = 0;
	const char *p = at->ref;
	for (; *p >= 'A' && *p <= 'Z'; p++)
		col = col * 26 + (uint32_t)(*p - 'A' + 1);
	row = (uint32_t)atoi(p);
	for (size_t i = 0; i < xlsx_sheet_count(book); i++) {
		if (strncmp(xlsx_sheet_name(book, i), at->sheet, strlen(at->sheet)) != 0)
			continue;
		struct xlsx_sheet *s;
		struct error err = {0};
		if (xlsx_sheet_read(book, i, &s, &err))
			fail_msg("%s: %s", at->sheet, err.msg);
		const struct xlsx_cell *c = xlsx_cell(s, row, col);
		if (!c || c->kind != XLSX_NUMBER)
			fail_msg("\"%s\" %s holds no number", at->sheet, at->ref);
		double v = c->number;
		xlsx_sheet_free(s);
		return v;
	}
	fail_msg("no sheet \"%s\"", at->sheet);
	return NAN;
}

static void figure_is(const char *what, double got, struct xlsx_book *book, const struct cell_ref *at)
{
	double want = cell_value(book, at);
	if (!(fabs(got - want) <= 1e-9 * fabs(want)))
		fail_msg("%s: %.17g, \"%s\" %s holds %.17g", what, got, at->sheet, at->ref, want);
}

/* The year's figure for a release reason word or an extra reason's key. */
static double reason_total(const struct ice_official *o, const char *key)
{
	int r = vocab_find(&vocab_release_reason, key);
	if (r >= 0)
		return o->book_outs[r][ICE_CRIMS][ICE_MONTHS];
	for (size_t i = 0; i < o->n_extra; i++)
		if (strcmp(o->extra[i].key, key) == 0)
			return o->extra[i].v[ICE_CRIMS][ICE_MONTHS];
	return NAN;
}

/* ------------------------------------------------------------------ the workbooks */

static void check_year(const struct year *y)
{
	char *path = shared_file(y->file);
	struct ice_official o;
	struct error err = {0};
	if (ice_read(path, 0, &o, &err))
		fail_msg("%s: %s", y->file, err.msg);
	struct xlsx_book *book;
	if (xlsx_open(path, &book, &err))
		fail_msg("%s: %s", y->file, err.msg);
	assert_int_equal(o.fy, y->fy); /* found without --fy */
	assert_int_equal(o.n_facilities, y->facilities);
	unsigned outs = y->releases ? ICE_T_RELEASES : ICE_T_BOOK_OUTS;
	assert_true(o.tables & outs);
	assert_false(o.tables & (ICE_T_OUTS & ~outs));
	for (int a = 0; a < ICE_AGENCIES; a++) {
		figure_is("book-ins", o.book_ins[a][ICE_MONTHS], book, &y->book_ins[a]);
		figure_is("ADP by agency", o.adp[a][ICE_CRIMS][ICE_MONTHS], book, &y->adp_by[a]);
		figure_is("ALOS by agency", o.alos[a][ICE_CRIMS][ICE_MONTHS], book, &y->alos_by[a]);
	}
	figure_is("ADP", o.adp[ICE_AGENCIES][ICE_CRIMS][ICE_MONTHS], book, &y->adp);
	figure_is("ALOS", o.alos[ICE_AGENCIES][ICE_CRIMS][ICE_MONTHS], book, &y->alos);
	double total = 0, named = 0;
	for (int r = 0; r < OUT_REASON_COUNT; r++)
		total += o.book_outs[r][ICE_CRIMS][ICE_MONTHS];
	for (size_t i = 0; i < o.n_extra; i++)
		total += o.extra[i].v[ICE_CRIMS][ICE_MONTHS];
	for (size_t i = 0; i < sizeof y->outs / sizeof *y->outs && y->outs[i].key; i++) {
		figure_is(y->outs[i].key, reason_total(&o, y->outs[i].key), book, &y->outs[i].at);
		named += reason_total(&o, y->outs[i].key);
	}
	/* every reason read is one of the cells above, and they add up to the Total */
	figure_is("book-outs or releases, all reasons", total, book, &y->outs_total);
	assert_true(named == total);
	for (int k = 0; k < 2; k++)
		figure_is("bond set by", o.bond_set_by[k][ICE_CRIMS][ICE_MONTHS], book, &y->bond[k]);
	figure_is("ATD total", o.atd_total, book, &y->atd);
	figure_is("removals", o.removals, book, &y->removals);
	figure_is("currently detained", o.detained[ICE_AGENCIES][ICE_CRIMS], book, &y->detained);
	xlsx_free(book);
	ice_official_free(&o);
	free(path);
}

static void test_fy2019(void **state)
{
	(void)state;
	check_year(&years[0]);
}

static void test_fy2021(void **state)
{
	(void)state;
	check_year(&years[1]);
}

static void test_fy2024(void **state)
{
	(void)state;
	check_year(&years[2]);
}

static void test_fy2025(void **state)
{
	(void)state;
	check_year(&years[3]);
}

/* FY2019: #N/A cells and FY2021's unlabelled ATD row are warnings naming
 * the sheet and the cell; AOR names without spaces and "TR" (the
 * Footnotes sheet's telephonic reporting) are read. */
static void test_variations_of_shared_years(void **state)
{
	(void)state;
	char *path = shared_file(years[0].file);
	struct ice_official o;
	struct error err = {0};
	if (ice_read(path, 0, &o, &err))
		fail_msg("%s", err.msg);
	assert_true(o.n_warnings > 0);
	assert_contains("warning", o.warnings[0], "sheet \"Facilities FY19\" cell R30");
	assert_contains("warning", o.warnings[0], "#N/A");
	/* "MAIN - FOLKSTON IPC (D RAY JAMES)", row 30: its ADP is unknown */
	assert_true(isnan(o.facilities[22].adp));
	assert_true(o.atd_by_aor[vocab_find(&vocab_aor, "WAS")] == 4596); /* "ATD FY19" A112 WashingtonDC, B112 */
	/* "Non-Criminal" (B55..N55): no conviction, read as none */
	assert_true(o.adp[AGENCY_CBP][CRIM_NONE][ICE_MONTHS] > 0);
	ice_official_free(&o);
	free(path);

	path = shared_file(years[1].file);
	if (ice_read(path, 0, &o, &err))
		fail_msg("%s", err.msg);
	bool a115 = false;
	for (size_t i = 0; i < o.n_warnings; i++)
		a115 = a115 || strstr(o.warnings[i], "sheet \"ATD FY21 YTD\" cell A115");
	assert_true(a115);
	/* "ATD FY21 YTD" A22: TR, 1220 participants of Atlanta by telephone */
	assert_true(o.atd_by_aor_tech[vocab_find(&vocab_aor, "ATL")][TECH_PHONE] == 1220);
	ice_official_free(&o);
	free(path);
}

/* ------------------------------------------------------------------ built workbooks */

/* An end-of-year workbook published after the next year began: the next
 * year's ATD sheet first, then the year's detention tables. */
static void test_year_of_detention_data(void **state)
{
	char *path = tmp_path(state, "eofy.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *atd = workbook_add_worksheet(wb, "ATD FY26 YTD");
	lxw_worksheet *det = workbook_add_worksheet(wb, "Detention EOFY25");
	worksheet_write_string(atd, 3, 0, "ICE ALTERNATIVES TO DETENTION DATA, FY26", NULL);
	worksheet_write_string(atd, 5, 0, "Active ATD Participants and Average Length in Program, FY26", NULL);
	worksheet_write_string(atd, 6, 0, "AOR/Technology", NULL);
	worksheet_write_string(atd, 6, 1, "Count", NULL);
	worksheet_write_string(atd, 7, 0, "Total", NULL);
	worksheet_write_number(atd, 7, 1, 999, NULL);
	worksheet_write_string(det, 2, 0, "ICE DETENTION DATA, EOFY2025", NULL);
	worksheet_write_string(det, 5, 0, "ICE Initial Book-Ins by Arresting Agency and Month: FY2025", NULL);
	const char *head[] = {"Agency", "Oct", "Total"};
	for (int c = 0; c < 3; c++)
		worksheet_write_string(det, 6, (lxw_col_t)c, head[c], NULL);
	worksheet_write_string(det, 7, 0, "ICE", NULL);
	worksheet_write_number(det, 7, 1, 5, NULL);
	worksheet_write_number(det, 7, 2, 5, NULL);
	worksheet_write_string(det, 8, 0, "", NULL);
	worksheet_write_number(det, 8, 1, 7, NULL); /* a blank label: a warning */
	worksheet_write_number(det, 8, 2, 7, NULL);
	worksheet_write_string(det, 9, 0, "CBP", NULL);
	worksheet_write_number(det, 9, 1, 3, NULL);
	worksheet_write_number(det, 9, 2, 3, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	struct ice_official o;
	struct error err = {0};
	if (ice_read(path, 0, &o, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(o.fy, 2025);
	assert_true(o.book_ins[AGENCY_ICE][ICE_MONTHS] == 5 && o.book_ins[AGENCY_CBP][ICE_MONTHS] == 3);
	assert_false(o.tables & ICE_T_ATD_AOR); /* FY26's */
	assert_int_equal(o.n_warnings, 1);
	assert_contains("warning", o.warnings[0], "sheet \"Detention EOFY25\" cell A9");
	ice_official_free(&o);
	free(path);
}

/* A facilities table with a row without a name and a facility without a
 * state: warnings naming the cells; the rows after them are read. */
static void test_facility_rows(void **state)
{
	char *path = tmp_path(state, "facilities.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Facilities FY22");
	worksheet_write_string(ws, 2, 0, "ICE FACILITIES DATA, FY22", NULL);
	const char *head[] = {"Name", "City", "State", "AOR", "Type Detailed", "Guaranteed Minimum"};
	for (int c = 0; c < 6; c++)
		worksheet_write_string(ws, 6, (lxw_col_t)c, head[c], NULL);
	const char *rows[][5] = {{"FIRST JAIL", "AVON", "OH", "DET", "IGSA"},
				 {"", "NOWHERE", "OH", "DET", "IGSA"},
				 {"THIRD JAIL", "BATH", "", "BUF", "IGSA"},
				 {"FOURTH JAIL", "CLYDE", "NY", "BUF", "USMS IGA"}};
	for (int r = 0; r < 4; r++) {
		for (int c = 0; c < 5; c++)
			worksheet_write_string(ws, (lxw_row_t)(7 + r), (lxw_col_t)c, rows[r][c], NULL);
		worksheet_write_number(ws, (lxw_row_t)(7 + r), 5, 10 + r, NULL);
	}
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	struct ice_official o;
	struct error err = {0};
	if (ice_read(path, 0, &o, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(o.fy, 2022);
	assert_int_equal(o.n_facilities, 3);
	assert_string_equal(o.facilities[1].name, "THIRD JAIL");
	assert_string_equal(o.facilities[1].state, "");
	assert_string_equal(o.facilities[2].name, "FOURTH JAIL");
	assert_int_equal(o.facilities[2].guaranteed_minimum, 13);
	assert_int_equal(o.n_warnings, 2);
	assert_contains("warning", o.warnings[0], "sheet \"Facilities FY22\" cell A9: a facility without a name");
	assert_contains("warning", o.warnings[1], "sheet \"Facilities FY22\" cell C10: facility \"THIRD JAIL\"");
	ice_official_free(&o);
	free(path);
}

/* No title with the detention data's year: the sheet named "Detention
 * FY25" gives it, not the ATD sheet of FY26 before it. */
static void test_year_of_detention_sheet(void **state)
{
	char *path = tmp_path(state, "named.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *atd = workbook_add_worksheet(wb, "ATD FY26 YTD");
	lxw_worksheet *det = workbook_add_worksheet(wb, "Detention FY25");
	worksheet_write_string(atd, 3, 0, "ICE ALTERNATIVES TO DETENTION DATA, FY26", NULL);
	worksheet_write_string(det, 5, 0, "ICE Initial Book-Ins by Arresting Agency and Month", NULL);
	worksheet_write_string(det, 6, 0, "Agency", NULL);
	worksheet_write_string(det, 6, 1, "Total", NULL);
	worksheet_write_string(det, 6, 2, "Oct", NULL);
	worksheet_write_string(det, 7, 0, "ICE", NULL);
	worksheet_write_number(det, 7, 1, 4, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	struct ice_official o;
	struct error err = {0};
	if (ice_read(path, 0, &o, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(o.fy, 2025);
	assert_true(o.book_ins[AGENCY_ICE][ICE_MONTHS] == 4);
	ice_official_free(&o);
	free(path);
}

/* A workbook without detention tables is an error, and out is empty. */
static void test_no_tables(void **state)
{
	char *path = tmp_path(state, "none.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Sheet1");
	worksheet_write_string(ws, 0, 0, "ICE DETENTION DATA, FY2025", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	struct ice_official o;
	struct error err = {0};
	assert_int_equal(ice_read(path, 0, &o, &err), ERR_INVALID);
	assert_contains("error", err.msg, "no table");
	assert_null(o.facilities);
	assert_int_equal(o.n_warnings, 0);
	free(path);
}

/* ------------------------------------------------------------------ facility identity */

static void test_facility_match(void **state)
{
	(void)state;
	const struct ice_known known[] = {
		{"STWRTGA", "STEWART DETENTION CENTER", NULL, NULL},
		{"ORANGFL", "ORANGE COUNTY JAIL", NULL, NULL},
		{"ORANGNY", "ORANGE COUNTY JAIL", NULL, NULL},
		{"PCKNSAL", "PICKENS COUNTY DET CTR", NULL, NULL},
		{"MONTGNY", "MONTGOMERY COUNTY JAIL", NULL, NULL},
		{"MONTGTX", "MONTGOMERY COUNTY JAIL", NULL, NULL},
		{"KRNRCTX", "KARNES CO IMMIGRATION PROCESS CTR", NULL, NULL},
		{"BAKERFL", "BAKER COUNTY SHERIFF DEPT.", "MACCLENNY", "FL"},
		{"LAWINCI", "WINN CORRECTIONAL CENTER", NULL, NULL}, /* CI is no state: any state */
		{"BLBNATX", "BLUEBONNET DET FCLTY", NULL, NULL},
	};
	size_t n = sizeof known / sizeof *known;
	assert_int_equal(ice_facility_match("STEWART DETENTION CENTER", "LUMPKIN", "GA", known, n), 0);
	assert_int_equal(ice_facility_match("ORANGE COUNTY JAIL (FL)", "ORLANDO", "FL", known, n), 1);
	assert_int_equal(ice_facility_match("ORANGE COUNTY JAIL", "GOSHEN", "NY", known, n), 2);
	assert_int_equal(ice_facility_match("Pickens County Detention Center", "CARROLLTON", "AL", known, n), 3);
	assert_int_equal(ice_facility_match("MONTGOMERY COUNTY JAIL", "FONDA", "NY", known, n), 4);
	assert_int_equal(ice_facility_match("KARNES COUNTY IMMIGRATION PROCESSING CENTER", "KARNES CITY", "TX", known,
					    n),
			 6);
	assert_int_equal(ice_facility_match("BAKER COUNTY SHERIFF DEPT", "MACCLENNY", "FL", known, n), 7);
	assert_int_equal(ice_facility_match("WINN CORRECTIONAL CENTER", "WINNFIELD", "LA", known, n), 8);
	assert_int_equal(ice_facility_match("BLUEBONNET DETENTION FACILITY", "ANSON", "TX", known, n), 9);
	/* not known, another state, two that match */
	assert_int_equal(ice_facility_match("ADELANTO ICE PROCESSING CENTER", "ADELANTO", "CA", known, n), -1);
	assert_int_equal(ice_facility_match("STEWART DETENTION CENTER", "LUMPKIN", "AL", known, n), -1);
	assert_int_equal(ice_facility_match("MONTGOMERY COUNTY JAIL", "", "", known, n), -1);

	char a[ICE_NORM_MAX];
	assert_string_equal(ice_name_norm("PICKENS CO DET CTR (AL)", a, sizeof a), "pickens county detention center");
	assert_true(ice_same_place("ROBERT A. DEYTON DETENTION FACILITY", "GA", "ROBERT A DEYTON DETENTION FACILITY", "GA"));
	assert_false(ice_same_place("ORANGE COUNTY JAIL", "FL", "ORANGE COUNTY JAIL", "NY"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fy2019),
		cmocka_unit_test(test_fy2021),
		cmocka_unit_test(test_fy2024),
		cmocka_unit_test(test_fy2025),
		cmocka_unit_test(test_variations_of_shared_years),
		cmocka_unit_test_setup_teardown(test_year_of_detention_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_year_of_detention_sheet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_facility_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_tables, setup, teardown),
		cmocka_unit_test(test_facility_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
