/* test_workbook.c: ICE's detention-statistics workbooks read (workbook.h)
 * and written (writer.h).
 *
 * For each of ICE's real workbooks ($CUSTODY_ICE_DATA), the figures read
 * must be the workbook's own printed Total cells (hard-coded below, with
 * the sheet and cell they are in); the facility codes of FY2025 must be
 * those of profiles/fy2025.ini ($CUSTODY_PROFILES); a workbook written with
 * ice_write() must read back into the same figures, and with
 * ICE_WRITE_PUBLIC show small counts as "<10". Small workbooks built here
 * move the tables around, rename the rows the way other years do, and
 * break them. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "support.h"

#include "official.h"
#include "vocab.h"
#include "workbook.h"
#include "writer.h"
#include "xlsx.h"

/* ------------------------------------------------------------------ golden figures */

struct golden {
	const char *file;
	int fy;
	size_t facilities;
	double book_ins_total, book_ins[ICE_AGENCIES];
	double outs_total, outs[OUT_OTHER + 1], bond[2];
	double atd_total;
	double adp;
	double removals, detained, court_attended, court_missed;
};

static const struct golden goldens[] = {
	{
		.file = "FY24_detentionStats.xlsx",
		.fy = 2024,
		.facilities = 109, /* "Facilities EOFY24" rows 8 to 116 */
		/* "Detention FY24", initial book-ins: V20 (Total), V22 (ICE), V21 (CBP) */
		.book_ins_total = 277913,
		.book_ins = {[AGENCY_ICE] = 90615, [AGENCY_CBP] = 187298},
		/* "Detention FY24", final book-outs, column O: O37 (Total), then each reason's Total row */
		.outs_total = 268480,
		.outs = {[OUT_BONDED_OUT] = 11394,       /* O38 */
			 [OUT_RECOGNIZANCE] = 26546,      /* O50 */
			 [OUT_SUPERVISION] = 7930,        /* O54 */
			 [OUT_PAROLED] = 60620,           /* O58 */
			 [OUT_PROCEEDINGS_TERMINATED] = 1217, /* O62 */
			 [OUT_REMOVED] = 152982,          /* O66 */
			 [OUT_RELIEF_GRANTED] = 1283,     /* O70 */
			 [OUT_TRANSFERRED_USMS] = 6023,   /* O74 */
			 [OUT_TRANSFERRED] = 451,         /* O78 */
			 [OUT_OTHER] = 34},               /* O82 */
		.bond = {3162, 8232}, /* O42 (Bond Set by ICE), O46 (by IJ) */
		.atd_total = 179071,  /* "ATD EOFY24" B15 */
		.adp = 37721.803278688501, /* "Detention FY24" N99 (Average, FY Overall) */
		.removals = 271484,   /* "Detention FY24" P29 */
		.detained = 37684,    /* "Detention FY24" F20 */
		.court_attended = 78887, .court_missed = 1101, /* "ATD EOFY24" F10, F11 */
	},
	{
		.file = "FY25_detentionStats09242025.xlsx",
		.fy = 2025,
		.facilities = 189, /* "Facilities FY25" rows 8 to 196 */
		/* "Detention FY25", initial book-ins: V20 (Total), V22 (ICE), V21 (CBP) */
		.book_ins_total = 310181,
		.book_ins = {[AGENCY_ICE] = 222832, [AGENCY_CBP] = 87349},
		/* "Detention FY25", final book-outs, column O: O38 (Total), then each reason's Total row */
		.outs_total = 284019,
		.outs = {[OUT_BONDED_OUT] = 16482,       /* O39 */
			 [OUT_RECOGNIZANCE] = 6586,       /* O51 */
			 [OUT_SUPERVISION] = 2669,        /* O55 */
			 [OUT_PAROLED] = 20553,           /* O59 */
			 [OUT_PROCEEDINGS_TERMINATED] = 918, /* O63 */
			 [OUT_REMOVED] = 222401,          /* O67 */
			 [OUT_RELIEF_GRANTED] = 1764,     /* O71 */
			 [OUT_TRANSFERRED_USMS] = 9736,   /* O75 */
			 [OUT_TRANSFERRED] = 2856,        /* O79 */
			 [OUT_OTHER] = 54},               /* O83 */
		.bond = {1059, 15423}, /* O43 (Bond Set by ICE), O47 (by IJ) */
		.atd_total = 181210,   /* "ATD FY25 YTD" B15 */
		.adp = 48404.481690140798, /* "Detention FY25" N100 (Average, FY Overall) */
		.removals = 319980,    /* "Detention FY25" P29 */
		.detained = 59762,     /* "Detention FY25" F20 */
		.court_attended = 86798, .court_missed = 1636, /* "ATD FY25 YTD" F9, F10 */
	},
};

#define ALL_TABLES                                                                                             \
	(ICE_T_FACILITIES | ICE_T_BOOK_INS | ICE_T_BOOK_OUTS | ICE_T_ADP | ICE_T_ALOS | ICE_T_DETAINED |       \
	 ICE_T_ATD_TECH | ICE_T_ATD_AOR | ICE_T_COURT | ICE_T_REMOVALS)

/* ------------------------------------------------------------------ helpers */

static int setup(void **state)
{
	*state = tmp_new("workbook");
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	return tmp_free(*state);
}


/* The path of ICE's workbook file, in $CUSTODY_ICE_DATA (or
 * ../shared/data/ice); the caller frees it. */
static char *ice_file(const char *file)
{
	const char *dir = getenv("CUSTODY_ICE_DATA");
	return fmt("%s/%s", dir ? dir : "../shared/data/ice", file);
}

static void read_ok(const char *path, int fy, struct ice_official *o)
{
	struct error err = {0};
	if (ice_read(path, fy, o, &err))
		fail_msg("ice_read(%s): %s", path, err.msg);
}

static void write_ok(const char *path, const struct ice_official *o, const struct ice_cohorts *c, unsigned flags)
{
	struct error err = {0};
	if (ice_write(path, o, c, flags, &err))
		fail_msg("ice_write(%s): %s", path, err.msg);
}

static void assert_contains(const char *what, const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("%s: \"%s\" does not contain \"%s\"", what, text, part);
}

/* Whether a and b are the same figure: both unknown (NAN), or equal to the
 * 16 significant digits libxlsxwriter writes. */
static bool same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b || fabs(a - b) <= 1e-15 * fabs(a);
}

static void same_array(const char *what, const double *a, const double *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!same(a[i], b[i]))
			fail_msg("%s[%zu]: %.17g then %.17g", what, i, a[i], b[i]);
}

/* The figures of field (a double or an array of them) of a and b are the same. */
#define SAME(field)                                                                                            \
	same_array(#field, (const double *)&a->field, (const double *)&b->field, sizeof a->field / sizeof(double))

static void same_facilities(const struct ice_official *a, const struct ice_official *b)
{
	assert_int_equal(a->n_facilities, b->n_facilities);
	for (size_t i = 0; i < a->n_facilities; i++) {
		const struct ice_facility *x = &a->facilities[i], *y = &b->facilities[i];
		assert_int_equal(x->row, i);
		assert_int_equal(y->row, i);
		assert_string_equal(x->code, y->code);
		assert_string_equal(x->name, y->name);
		assert_string_equal(x->city, y->city);
		assert_string_equal(x->state, y->state);
		assert_int_equal(x->aor, y->aor);
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->sex, y->sex);
		assert_int_equal(x->guaranteed_minimum, y->guaranteed_minimum);
		if (!same(x->adp, y->adp) || !same(x->alos, y->alos))
			fail_msg("facility %s: adp %.17g alos %.17g then %.17g %.17g", x->code, x->adp, x->alos, y->adp,
				 y->alos);
	}
}

static void same_official(const struct ice_official *a, const struct ice_official *b)
{
	assert_int_equal(a->fy, b->fy);
	assert_int_equal(a->tables, b->tables);
	same_facilities(a, b);
	SAME(book_ins);
	SAME(book_outs);
	SAME(bond_set_by);
	SAME(adp);
	SAME(alos);
	SAME(detained);
	SAME(removals);
	SAME(atd_total);
	SAME(atd_alip);
	SAME(atd_by_tech);
	SAME(atd_by_aor);
	SAME(atd_alip_by_aor);
	SAME(atd_by_aor_tech);
	SAME(court_attended);
	SAME(court_missed);
}

static double sum(const double *v, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s;
}

/* ------------------------------------------------------------------ ICE's workbooks */

static void check_golden(const struct golden *g)
{
	char *path = ice_file(g->file);
	struct ice_official o;
	read_ok(path, 0, &o);
	assert_int_equal(o.fy, g->fy);
	assert_int_equal(o.tables, ALL_TABLES);
	assert_int_equal(o.n_facilities, g->facilities);

	assert_true(o.book_ins[AGENCY_ICE][ICE_MONTHS] == g->book_ins[AGENCY_ICE]);
	assert_true(o.book_ins[AGENCY_CBP][ICE_MONTHS] == g->book_ins[AGENCY_CBP]);
	assert_true(o.book_ins[AGENCY_ICE][ICE_MONTHS] + o.book_ins[AGENCY_CBP][ICE_MONTHS] == g->book_ins_total);
	for (int a = 0; a < ICE_AGENCIES; a++) /* the months add up to the year */
		assert_true(sum(o.book_ins[a], ICE_MONTHS) == o.book_ins[a][ICE_MONTHS]);

	double outs = 0;
	for (int r = 0; r < OUT_REASON_COUNT; r++) {
		double want = r <= OUT_OTHER ? g->outs[r] : 0;
		if (o.book_outs[r][ICE_CRIMS][ICE_MONTHS] != want)
			fail_msg("%s: book-outs %s: %g, not %g", g->file, vocab_word(&vocab_release_reason, r),
				 o.book_outs[r][ICE_CRIMS][ICE_MONTHS], want);
		outs += o.book_outs[r][ICE_CRIMS][ICE_MONTHS];
		/* the criminalities add up to the reason's Total */
		assert_true(o.book_outs[r][0][ICE_MONTHS] + o.book_outs[r][1][ICE_MONTHS] + o.book_outs[r][2][ICE_MONTHS] ==
			    o.book_outs[r][ICE_CRIMS][ICE_MONTHS]);
	}
	assert_true(outs == g->outs_total); /* the bond sub-rows are in no sum */
	assert_true(o.bond_set_by[0][ICE_CRIMS][ICE_MONTHS] == g->bond[0]);
	assert_true(o.bond_set_by[1][ICE_CRIMS][ICE_MONTHS] == g->bond[1]);

	assert_true(o.atd_total == g->atd_total);
	assert_true(sum(o.atd_by_tech, ICE_TECHS) == g->atd_total);
	assert_true(sum(o.atd_by_aor, ICE_AORS) == g->atd_total);
	double by_aor_tech = 0;
	for (int a = 0; a < ICE_AORS; a++)
		by_aor_tech += sum(o.atd_by_aor_tech[a], ICE_TECHS);
	assert_true(by_aor_tech == g->atd_total);

	assert_true(o.adp[ICE_AGENCIES][ICE_CRIMS][ICE_MONTHS] == g->adp);
	assert_true(o.removals == g->removals);
	assert_true(o.detained[ICE_AGENCIES][ICE_CRIMS] == g->detained);
	assert_true(o.detained[AGENCY_ICE][ICE_CRIMS] + o.detained[AGENCY_CBP][ICE_CRIMS] == g->detained);
	assert_true(o.court_attended == g->court_attended);
	assert_true(o.court_missed == g->court_missed);
	for (size_t i = 0; i < o.n_facilities; i++) {
		assert_true(o.facilities[i].aor >= 0); /* every AOR of the sheet is known */
		assert_true(o.facilities[i].adp > 0);
	}
	ice_official_free(&o);
	free(path);
}

static void test_fy24_golden(void **state)
{
	(void)state;
	check_golden(&goldens[0]);
}

static void test_fy25_golden(void **state)
{
	(void)state;
	check_golden(&goldens[1]);

	/* ICE's office names are the right AORs ("ATD FY25 YTD", column B) */
	static const struct {
		const char *aor;
		double participants;
	} aors[] = {{"ATL", 5943},  /* B31 Atlanta */
		    {"NOL", 6377},  /* B94 New Orleans */
		    {"NYC", 11411}, /* B99 New York */
		    {"NEW", 11171}, /* B105 Newark */
		    {"SLC", 6413},  /* B120 Salt Lake City */
		    {"SNA", 3414},  /* B125 San Antonio */
		    {"SND", 1493},  /* B129 San Diego */
		    {"SFR", 20173}, /* B134 San Francisco */
		    {"SEA", 10266}, /* B139 Seattle */
		    {"SPM", 3651},  /* B144 St Paul */
		    {"WAS", 7052}}; /* B149 Washington DC */
	char *path = ice_file(goldens[1].file);
	struct ice_official o;
	read_ok(path, 0, &o);
	for (size_t i = 0; i < ROWS(aors); i++)
		assert_true(o.atd_by_aor[vocab_find(&vocab_aor, aors[i].aor)] == aors[i].participants);
	int mia = vocab_find(&vocab_aor, "MIA");
	assert_true(o.atd_by_aor_tech[mia][TECH_NONE] == 19); /* B90, Miami's No Tech */
	assert_true(o.atd_alip_by_aor[mia] == 613.85138376923533); /* C88 */
	ice_official_free(&o);
	free(path);
}

/* FY24's workbook also has the ATD sheet of FY23 ("ATD EOFY23 "), with the
 * older words: GPS, Veriwatch, No Technology, Dual Technology. */
static void test_fy23_atd_sheet(void **state)
{
	(void)state;
	char *path = ice_file(goldens[0].file);
	struct ice_official o;
	read_ok(path, 2023, &o);
	assert_int_equal(o.fy, 2023);
	assert_int_equal(o.tables, ICE_T_ATD_TECH | ICE_T_ATD_AOR | ICE_T_COURT);
	assert_true(o.atd_total == 194427);         /* "ATD EOFY23 " B15 */
	assert_true(o.atd_by_tech[TECH_ANKLE] == 12576); /* B9, GPS */
	assert_true(o.atd_by_tech[TECH_APP] == 173590);  /* B10 */
	assert_true(o.atd_by_tech[TECH_PHONE] == 7320);  /* B11 */
	assert_true(o.atd_by_tech[TECH_WRIST] == 42);    /* B12, Veriwatch */
	assert_true(o.atd_by_tech[TECH_NONE] == 386);    /* B13, No Technology */
	assert_true(o.atd_by_tech[ICE_TECH_DUAL] == 513); /* B14, Dual Technology */
	assert_true(sum(o.atd_by_aor, ICE_AORS) == 194427);
	assert_true(o.court_attended == 78716 && o.court_missed == 736); /* F10, F11 */
	assert_int_equal(o.n_facilities, 0);
	ice_official_free(&o);

	struct error err = {0};
	assert_int_equal(ice_read(path, 2019, &o, &err), ERR_INVALID);
	assert_contains("error", err.msg, path);
	assert_contains("error", err.msg, "FY2019");
	assert_null(o.facilities);
	free(path);
}

/* profiles/fy2025.ini [facilities]: code = aor|kind|capacity|sex|state|city|name,
 * in the order of the workbook's sheet. */
static void test_fy25_codes_match_profile(void **state)
{
	(void)state;
	const char *dir = getenv("CUSTODY_PROFILES");
	char *profile = fmt("%s/fy2025.ini", dir ? dir : "profiles"), *path = ice_file(goldens[1].file);
	FILE *f = fopen(profile, "r");
	if (!f)
		fail_msg("cannot open %s (set CUSTODY_PROFILES)", profile);
	struct ice_official o;
	read_ok(path, 0, &o);
	char *line = NULL;
	size_t cap = 0, n = 0;
	bool in_section = false;
	while (read_line(f, &line, &cap) >= 0) {
		if (line[0] == '[')
			in_section = strcmp(line, "[facilities]") == 0;
		if (!in_section || line[0] == ';' || !strchr(line, '='))
			continue;
		char code[32], aor[8], kind[16], sex[8], state2[4], city[64], name[ICE_NAME_MAX];
		if (sscanf(line, "%31s = %7[^|]|%15[^|]|%*[^|]|%7[^|]|%3[^|]|%63[^|]|%127[^\n]", code, aor, kind, sex, state2,
			   city, name) != 7)
			fail_msg("profile line \"%s\"", line);
		assert_true(n < o.n_facilities);
		const struct ice_facility *fac = &o.facilities[n++];
		/* the profile keeps the codes of custody before facility_id.h */
		if (strcmp(fac->name, name) != 0)
			fail_msg("facility %zu: \"%s\", the profile has %s \"%s\"", n, fac->name, code, name);
		assert_string_equal(vocab_word(&vocab_aor, fac->aor), aor);
		assert_string_equal(vocab_word(&vocab_facility_kind, fac->kind), kind);
		assert_string_equal(vocab_word(&vocab_facility_sex, fac->sex), sex);
		assert_string_equal(fac->state, state2);
		assert_int_equal(strcasecmp(fac->city, city), 0);
	}
	assert_int_equal(n, o.n_facilities);
	free(line);
	fclose(f);
	ice_official_free(&o);
	free(path);
	free(profile);
}

/* ------------------------------------------------------------------ facility codes */

static void code_of(const char *name, const char *state, const struct ice_facility *taken, size_t n,
		    char code[FACILITY_CODE_MAX + 1])
{
	struct ice_facility f = {0};
	struct error err = {0};
	snprintf(f.name, sizeof f.name, "%s", name);
	snprintf(f.state, sizeof f.state, "%s", state);
	if (ice_facility_code(&f, taken, n, code, &err))
		fail_msg("%s: %s", name, err.msg);
}

/* A derived code depends on the name and state only: the same place has
 * the same code whatever the year (and ICE's abbreviations), two places
 * of one name in two states have two. */
static void test_facility_code(void **state)
{
	(void)state;
	char a[FACILITY_CODE_MAX + 1], b[FACILITY_CODE_MAX + 1];
	code_of("ORANGE COUNTY JAIL", "FL", NULL, 0, a);
	code_of("ORANGE COUNTY JAIL", "NY", NULL, 0, b);
	assert_string_not_equal(a, b);
	assert_memory_equal(a, "ORANGEFL", 8);
	code_of("ORANGE COUNTY JAIL (FL)", "FL", NULL, 0, b);
	assert_string_equal(a, b);
	code_of("PICKENS COUNTY DET CTR", "AL", NULL, 0, a);
	code_of("Pickens County Detention Center", "AL", NULL, 0, b);
	assert_string_equal(a, b);
	code_of("ROBERT A. DEYTON DETENTION FACILITY", "GA", NULL, 0, a);
	code_of("ROBERT A DEYTON DETENTION FACILITY", "GA", NULL, 0, b);
	assert_string_equal(a, b);
	code_of("FOLKSTON ANNEX IPC", "GA", NULL, 0, a);
	code_of("FOLKSTON MAIN IPC", "GA", NULL, 0, b);
	assert_string_not_equal(a, b);
	/* taken by a row before it in the sheet: another hash */
	struct ice_facility taken = {0};
	snprintf(taken.code, sizeof taken.code, "%s", a);
	code_of("FOLKSTON ANNEX IPC", "GA", &taken, 1, b);
	assert_string_not_equal(a, b);
	assert_memory_equal(a, b, 8);
	code_of("EPC", "", NULL, 0, a);
	assert_memory_equal(a, "EPCXX", 5);

	struct ice_facility bad = {.name = "(X)"};
	struct error err = {0};
	assert_int_equal(ice_facility_code(&bad, NULL, 0, a, &err), ERR_INVALID);
	assert_contains("error", err.msg, "\"(X)\"");
}

/* ------------------------------------------------------------------ writing */

static void test_round_trip(void **state)
{
	for (size_t i = 0; i < ROWS(goldens); i++) {
		char *ice = ice_file(goldens[i].file), *path = tmp_path(state, "written.xlsx");
		struct ice_official a, b;
		read_ok(ice, 0, &a);
		write_ok(path, &a, NULL, 0);
		read_ok(path, 0, &b);
		same_official(&a, &b);
		ice_official_free(&b);

		/* the sheets are named as ICE names them */
		struct xlsx_book *book;
		struct error err = {0};
		if (xlsx_open(path, &book, &err))
			fail_msg("%s", err.msg);
		char want[32];
		assert_int_equal(xlsx_sheet_count(book), 4);
		assert_string_equal(xlsx_sheet_name(book, 0), "Header");
		snprintf(want, sizeof want, "ATD FY%02d YTD", a.fy % 100);
		assert_string_equal(xlsx_sheet_name(book, 1), want);
		snprintf(want, sizeof want, "Detention FY%02d", a.fy % 100);
		assert_string_equal(xlsx_sheet_name(book, 2), want);
		snprintf(want, sizeof want, "Facilities FY%02d", a.fy % 100);
		assert_string_equal(xlsx_sheet_name(book, 3), want);
		xlsx_free(book);

		/* a table left out is absent when read back */
		a.tables &= ~(unsigned)(ICE_T_FACILITIES | ICE_T_ADP | ICE_T_COURT);
		write_ok(path, &a, NULL, 0);
		read_ok(path, 0, &b);
		assert_int_equal(b.tables, a.tables);
		assert_int_equal(b.n_facilities, 0);
		assert_true(b.adp[ICE_AGENCIES][ICE_CRIMS][ICE_MONTHS] == 0);
		assert_true(b.court_attended == 0);
		same_array("alos", &a.alos[0][0][0], &b.alos[0][0][0], sizeof a.alos / sizeof(double));
		ice_official_free(&b);
		ice_official_free(&a);
		free(path);
		free(ice);
	}
}

/* The figures of the ledger's own reasons (not ICE's) are written too. */
static void test_round_trip_ledger_reasons(void **state)
{
	char *path = tmp_path(state, "ledger.xlsx");
	struct ice_official a, b;
	ice_official_init(&a, 2026);
	a.tables = ICE_T_BOOK_OUTS | ICE_T_FACILITIES;
	a.book_outs[OUT_CAPACITY][CRIM_NONE][3] = 4;
	a.book_outs[OUT_CAPACITY][ICE_CRIMS][3] = 4;
	a.book_outs[OUT_DEATH][ICE_CRIMS][ICE_MONTHS] = 1;
	a.book_outs[OUT_COURT_ORDER][CRIM_PENDING][0] = NAN;
	a.n_facilities = 1;
	a.facilities = calloc(1, sizeof *a.facilities);
	assert_non_null(a.facilities);
	a.facilities[0] = (struct ice_facility){.code = "KRO", .name = "KROME NORTH SPC", .city = "MIAMI",
						.state = "FL", .aor = vocab_find(&vocab_aor, "MIA"), .kind = FAC_SPC,
						.sex = FSEX_M, .adp = 512.25, .alos = 31.5, .guaranteed_minimum = -1};
	write_ok(path, &a, NULL, 0);
	read_ok(path, 0, &b);
	same_official(&a, &b);
	ice_official_free(&a);
	ice_official_free(&b);
	free(path);
}

/* A cell of sheet whose text is "<10", if any. */
static bool has_suppressed(const struct xlsx_sheet *s)
{
	for (size_t i = 0; i < s->n_cells; i++)
		if (s->cells[i].kind == XLSX_TEXT && strcmp(s->cells[i].text, "<10") == 0)
			return true;
	return false;
}

/* Whether a count v of a breakdown by facility or AOR is suppressed. */
static bool small(double v)
{
	return v > 0 && v < 10;
}

static void test_public(void **state)
{
	char *ice = ice_file(goldens[1].file), *path = tmp_path(state, "public.xlsx");
	struct ice_official a, b;
	read_ok(ice, 0, &a);
	write_ok(path, &a, NULL, ICE_WRITE_PUBLIC);

	struct xlsx_book *book;
	struct error err = {0};
	if (xlsx_open(path, &book, &err))
		fail_msg("%s", err.msg);
	for (size_t i = 0; i < xlsx_sheet_count(book); i++) {
		struct xlsx_sheet *s;
		if (xlsx_sheet_read(book, i, &s, &err))
			fail_msg("%s", err.msg);
		const char *name = xlsx_sheet_name(book, i);
		/* only the breakdowns by facility and by AOR (on the ATD sheet) */
		assert_int_equal(has_suppressed(s), strncmp(name, "Facilities", 10) == 0 || strncmp(name, "ATD", 3) == 0);
		xlsx_sheet_free(s);
	}
	xlsx_free(book);

	read_ok(path, 0, &b);
	size_t suppressed = 0;
	for (size_t i = 0; i < a.n_facilities; i++) {
		double x = a.facilities[i].adp, y = b.facilities[i].adp;
		assert_true(small(x) ? isnan(y) : same(x, y));
		suppressed += small(x);
	}
	for (int k = 0; k < ICE_AORS; k++) {
		assert_true(small(a.atd_by_aor[k]) ? isnan(b.atd_by_aor[k]) : a.atd_by_aor[k] == b.atd_by_aor[k]);
		for (int t = 0; t < ICE_TECHS; t++) {
			double x = a.atd_by_aor_tech[k][t], y = b.atd_by_aor_tech[k][t];
			assert_true(small(x) ? isnan(y) : x == y);
			suppressed += small(x);
		}
	}
	assert_true(suppressed > 0);
	/* totals and national tables stay exact */
	assert_true(b.atd_total == goldens[1].atd_total);
	assert_true(b.atd_by_tech[TECH_NONE] == a.atd_by_tech[TECH_NONE]); /* 19 */
	assert_true(b.atd_by_tech[ICE_TECH_DUAL] == 8);
	same_array("book_outs", &a.book_outs[0][0][0], &b.book_outs[0][0][0], sizeof a.book_outs / sizeof(double));

	/* written again as read (NAN is "<10"), it reads the same */
	write_ok(path, &b, NULL, 0);
	struct ice_official c;
	read_ok(path, 0, &c);
	same_official(&b, &c);
	ice_official_free(&a);
	ice_official_free(&b);
	ice_official_free(&c);
	free(path);
	free(ice);
}

static void test_cohorts_sheet(void **state)
{
	char *path = tmp_path(state, "cohorts.xlsx");
	struct ice_official o;
	ice_official_init(&o, 2025);
	struct ice_cohorts c = {.at = "2025-09-30T23:59:59Z", .n = 2};
	c.rows[0] = (struct ice_cohort_row){.label = "2024-10", .arrested = 100, .states = {10, 50, 20, 15, 1, 4}};
	c.rows[1] = (struct ice_cohort_row){.label = "Total", .arrested = 100, .states = {10, 50, 20, 15, 1, 4}};
	write_ok(path, &o, &c, 0);

	struct xlsx_book *book;
	struct xlsx_sheet *s;
	struct error err = {0};
	if (xlsx_open(path, &book, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(xlsx_sheet_count(book), 2);
	assert_string_equal(xlsx_sheet_name(book, 1), "Cohorts");
	if (xlsx_sheet_read(book, 1, &s, &err))
		fail_msg("%s", err.msg);
	assert_string_equal(xlsx_cell(s, 2, 2)->text, "2025-09-30T23:59:59Z");
	assert_string_equal(xlsx_cell(s, 4, 1)->text, "Month of Arrest");
	assert_string_equal(xlsx_cell(s, 4, 2)->text, "Arrested");
	for (int k = 0; k < ICE_COHORT_STATES; k++)
		assert_string_equal(xlsx_cell(s, 4, 3 + (uint32_t)k)->text, ice_cohort_states[k]);
	assert_string_equal(xlsx_cell(s, 5, 1)->text, "2024-10");
	assert_true(xlsx_cell(s, 5, 2)->number == 100);
	assert_true(xlsx_cell(s, 5, 4)->number == 50);
	assert_string_equal(xlsx_cell(s, 6, 1)->text, "Total");
	xlsx_sheet_free(s);
	xlsx_free(book);

	/* no ICE table in it */
	struct ice_official back;
	assert_int_equal(ice_read(path, 0, &back, &err), ERR_INVALID);
	assert_contains("error", err.msg, path);
	assert_contains("error", err.msg, "no table of ICE's detention statistics");
	free(path);
}

static void test_write_errors(void **state)
{
	char *path = tmp_path(state, "bad.xlsx"), *nowhere = tmp_path(state, "no/such/dir.xlsx");
	struct ice_official o;
	struct error err = {0};
	ice_official_init(&o, 1999);
	assert_int_equal(ice_write(path, &o, NULL, 0, &err), ERR_INVALID);
	assert_contains("error", err.msg, "fiscal year 1999");
	o.fy = 2025;
	assert_int_equal(ice_write(path, &o, NULL, 4, &err), ERR_INVALID);
	assert_contains("error", err.msg, "unknown flags");
	o.tables = ICE_T_REMOVALS;
	o.removals = INFINITY;
	assert_int_equal(ice_write(path, &o, NULL, 0, &err), ERR_INVALID);
	assert_contains("error", err.msg, "infinite");
	assert_int_equal(access(path, F_OK), -1); /* no file left */
	o.removals = 1;
	assert_int_equal(ice_write(nowhere, &o, NULL, 0, &err), ERR_IO);
	assert_contains("error", err.msg, nowhere);
	free(path);
	free(nowhere);
}

/* ------------------------------------------------------------------ layouts of other years */

static void put(lxw_worksheet *ws, const char *ref, const char *text)
{
	assert_int_equal(worksheet_write_string(ws, CELL(ref), text, NULL), LXW_NO_ERROR);
}

static void putn(lxw_worksheet *ws, const char *ref, double v)
{
	assert_int_equal(worksheet_write_number(ws, CELL(ref), v, NULL), LXW_NO_ERROR);
}

/* Book-ins at C5 with its header two rows down, the year column first and
 * months named in full; an AOR table whose columns are swapped, with
 * "St. Paul", "Washington, D.C.", GPS and VeriWatch; a court table beside;
 * and the same book-ins table on a sheet of an earlier year. */
static void build_moved(const char *path, const char *book_in_label)
{
	static const char *const months[ICE_MONTHS] = {"October", "November", "December", "January",
							  "February", "March", "April", "May",
							  "June", "July", "August", "September"};
	lxw_workbook *wb = workbook_new(path);
	assert_non_null(wb);
	lxw_worksheet *old = workbook_add_worksheet(wb, "Old");
	put(old, "A1", "ICE DETENTION DATA, FY2029");
	put(old, "A3", "ICE Initial Book-Ins by Arresting Agency and Month: FY2029");
	put(old, "A4", "Agency");
	put(old, "B4", "Oct");
	put(old, "C4", "Total");
	put(old, "A5", "ICE");
	putn(old, "B5", 999);
	putn(old, "C5", 999);

	lxw_worksheet *ws = workbook_add_worksheet(wb, "Numbers");
	put(ws, "A1", "ICE DETENTION DATA, FY2030");
	put(ws, "C5", "ICE Initial Book-Ins by Arresting Agency and Month: FY2030");
	put(ws, "C7", "Agency");
	put(ws, "D7", "Total");
	put(ws, "E7", "Note");
	for (int m = 0; m < ICE_MONTHS; m++) {
		put(ws, (const char *[]){"F7", "G7", "H7", "I7", "J7", "K7", "L7", "M7", "N7", "O7", "P7", "Q7"}[m],
		    months[m]);
		putn(ws, (const char *[]){"F8", "G8", "H8", "I8", "J8", "K8", "L8", "M8", "N8", "O8", "P8", "Q8"}[m],
		     m + 1);
	}
	put(ws, "C8", book_in_label);
	putn(ws, "D8", 78);
	put(ws, "E8", "a note");
	put(ws, "C9", "CBP");
	put(ws, "D9", " <10 ");
	put(ws, "J14", "FY30 thru June Court Appearance: Total Hearings*");
	put(ws, "J15", "Metric");
	put(ws, "K15", "Count");
	put(ws, "J16", "Attended");
	putn(ws, "K16", 10);
	put(ws, "J17", "Failed to Attend");
	putn(ws, "K17", 2);
	put(ws, "J18", "Total");
	putn(ws, "K18", 12);
	put(ws, "J19", "Court Data from BI Inc.");

	lxw_worksheet *atd = workbook_add_worksheet(wb, "ATD");
	put(atd, "A2", "ICE ALTERNATIVES TO DETENTION DATA, FY30");
	put(atd, "B10", "Active ATD Participants and Average Length in Program, as of 6/30/2030, by AOR");
	put(atd, "B11", "AOR/Technology");
	put(atd, "C11", "Average Length in Program");
	put(atd, "D11", "Count");
	const char *rows[][3] = {{"Total", "500", "100"},   {"St. Paul", "400", "60"}, {"GPS", "", "55"},
				 {"VeriWatch", "", "5"},    {"Washington, D.C.", "650", "40"},
				 {"smartlink", "", "40"}};
	for (int i = 0; i < 6; i++) {
		char ref[8];
		snprintf(ref, sizeof ref, "B%d", 12 + i);
		put(atd, ref, rows[i][0]);
		if (rows[i][1][0]) {
			snprintf(ref, sizeof ref, "C%d", 12 + i);
			putn(atd, ref, atof(rows[i][1]));
		}
		snprintf(ref, sizeof ref, "D%d", 12 + i);
		putn(atd, ref, atof(rows[i][2]));
	}
	put(atd, "B19", "Data from BI Inc.");
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void test_moved_tables(void **state)
{
	char *path = tmp_path(state, "moved.xlsx");
	build_moved(path, "ICE  ");
	struct ice_official o;
	read_ok(path, 0, &o);
	assert_int_equal(o.fy, 2030);
	assert_int_equal(o.tables, ICE_T_BOOK_INS | ICE_T_COURT | ICE_T_ATD_AOR);
	for (int m = 0; m < ICE_MONTHS; m++)
		assert_true(o.book_ins[AGENCY_ICE][m] == m + 1);
	assert_true(o.book_ins[AGENCY_ICE][ICE_MONTHS] == 78);
	assert_true(isnan(o.book_ins[AGENCY_CBP][ICE_MONTHS]));
	assert_true(o.book_ins[AGENCY_CBP][0] == 0); /* blank */
	assert_true(o.court_attended == 10 && o.court_missed == 2);
	int spm = vocab_find(&vocab_aor, "SPM"), was = vocab_find(&vocab_aor, "WAS");
	assert_true(o.atd_total == 100 && o.atd_alip == 500);
	assert_true(o.atd_by_aor[spm] == 60 && o.atd_alip_by_aor[spm] == 400);
	assert_true(o.atd_by_aor_tech[spm][TECH_ANKLE] == 55 && o.atd_by_aor_tech[spm][TECH_WRIST] == 5);
	assert_true(o.atd_by_aor[was] == 40 && o.atd_alip_by_aor[was] == 650);
	assert_true(o.atd_by_aor_tech[was][TECH_APP] == 40);
	ice_official_free(&o);

	/* the earlier year's sheet, asked for */
	read_ok(path, 2029, &o);
	assert_int_equal(o.tables, ICE_T_BOOK_INS);
	assert_true(o.book_ins[AGENCY_ICE][ICE_MONTHS] == 999);
	ice_official_free(&o);
	free(path);
}

static void test_bad_tables(void **state)
{
	char *path = tmp_path(state, "bad.xlsx");
	struct ice_official o;
	struct error err = {0};
	build_moved(path, "DHS");
	assert_int_equal(ice_read(path, 0, &o, &err), ERR_INVALID);
	assert_contains("error", err.msg, path);
	assert_contains("error", err.msg, "sheet \"Numbers\" cell C8: \"DHS\" is not ICE, CBP or Total");
	assert_null(o.facilities);

	/* not an xlsx workbook at all */
	const char *text = "Agency,Oct\nICE,1\n";
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(ice_read(path, 0, &o, &err), ERR_INVALID);
	assert_contains("error", err.msg, path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fy24_golden),
		cmocka_unit_test(test_fy25_golden),
		cmocka_unit_test(test_fy23_atd_sheet),
		cmocka_unit_test(test_fy25_codes_match_profile),
		cmocka_unit_test(test_facility_code),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_ledger_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_public, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cohorts_sheet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_tables, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
