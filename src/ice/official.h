/* official.h: the figures of one fiscal year of ICE's detention-statistics
 * workbook, in the event contract's vocabularies.
 *
 * The same struct carries ICE's published figures (read by ice_read(),
 * workbook.h) and the ledger's own figures for the same tables (filled by
 * the report, written by ice_write()), so that the two can be set side by
 * side and a written workbook reads back into the same figures.
 *
 * Months are indexed from October (0) to September (11) of the fiscal
 * year; index ICE_MONTHS of a monthly row is the fiscal-year figure. A
 * table the workbook does not have is marked absent in `tables`. */
#ifndef CUSTODY_ICE_OFFICIAL_H
#define CUSTODY_ICE_OFFICIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "vocab.h"

#define ICE_MONTHS 12
#define ICE_AGENCIES 2 /* enum agency; index ICE_AGENCIES is "all" */
#define ICE_CRIMS 3    /* enum criminality; index ICE_CRIMS is "all" */
#define ICE_AORS VOCAB_AORS
/* ATD technologies: enum technology, then ICE's "Dual Tech" */
#define ICE_TECH_DUAL TECH_COUNT
#define ICE_TECHS (TECH_COUNT + 1)
#define ICE_NAME_MAX 128

/* Which tables a workbook had (bits of struct ice_official.tables). */
enum ice_table {
	ICE_T_FACILITIES = 1 << 0,
	ICE_T_BOOK_INS = 1 << 1,  /* initial book-ins by arresting agency and month */
	ICE_T_BOOK_OUTS = 1 << 2, /* final book-outs by release reason, criminality, month */
	ICE_T_ADP = 1 << 3,       /* ADP by arresting agency, criminality, month */
	ICE_T_ALOS = 1 << 4,      /* ALOS by arresting agency, criminality, month */
	ICE_T_DETAINED = 1 << 5,  /* currently detained by criminality and agency */
	ICE_T_ATD_TECH = 1 << 6,  /* active ATD participants by technology */
	ICE_T_ATD_AOR = 1 << 7,   /* by AOR (and technology) with average length in program */
	ICE_T_COURT = 1 << 8,     /* court appearance of ATD participants */
	ICE_T_REMOVALS = 1 << 9,  /* removals, fiscal-year total */
	/* final releases by release reason (ICE's tables before FY2024: release
	 * reasons only, no removals), kept in book_outs and bond_set_by; a
	 * workbook has book-outs or releases, never both */
	ICE_T_RELEASES = 1 << 10
};

/* The tables of figures by release reason: book-outs or releases. */
#define ICE_T_OUTS (ICE_T_BOOK_OUTS | ICE_T_RELEASES)

#define ICE_KEY_MAX 48

/* A release reason the event contract has no word for ("Prosecutorial
 * Discretion"), kept under a key made from ICE's label
 * ("prosecutorial_discretion") and counted in the totals. */
struct ice_reason_extra {
	char key[ICE_KEY_MAX];
	double v[ICE_CRIMS + 1][ICE_MONTHS + 1];
};

/* One row of the facilities table. */
struct ice_facility {
	char code[FACILITY_CODE_MAX + 1]; /* the sheet's, else derived (ice_facility_code), else a known one (facility_id.h) */
	char name[ICE_NAME_MAX];
	char city[64];
	char state[3];
	int aor;  /* vocab_aor index, UNSET when the sheet's is not one */
	int kind; /* enum facility_kind (ICE's "Type Detailed"), FAC_OTHER when unknown */
	int sex;  /* enum facility_sex (ICE's "Male/Female"), FSEX_ANY when blank */
	double adp;  /* the facility's fiscal-year ADP: the sum of its ADP by threat level */
	double alos; /* days */
	int64_t guaranteed_minimum; /* beds, -1 when the sheet has none ("N/A", blank) */
	size_t row; /* its place in the table (kept by the store, figures.h) */
	bool code_given; /* the sheet gave the code ("Facility Code"): not derived, kept as it is */
};

#define ICE_RELEASED_MAX 40

struct ice_official {
	int fy;          /* fiscal year N: 1 October N-1 to 30 September N */
	/* the release: the instant the workbook was last saved
	 * (docProps/core.xml), "" when it does not say (docs/ice.md) */
	char released[ICE_RELEASED_MAX];
	unsigned tables; /* enum ice_table bits: which tables are present */

	struct ice_facility *facilities; /* owned, n_facilities rows in sheet order */
	size_t n_facilities;

	double book_ins[ICE_AGENCIES][ICE_MONTHS + 1];
	/* by release reason (enum release_reason; ICE's ten reasons, and
	 * court_order where a year publishes it) */
	double book_outs[OUT_REASON_COUNT][ICE_CRIMS + 1][ICE_MONTHS + 1];
	/* sub-rows of "Bonded Out": bond set by ICE (0) and by IJ (1); kept out
	 * of every sum */
	double bond_set_by[2][ICE_CRIMS + 1][ICE_MONTHS + 1];
	struct ice_reason_extra *extra; /* owned, n_extra reasons beyond book_outs' */
	size_t n_extra;
	double adp[ICE_AGENCIES + 1][ICE_CRIMS + 1][ICE_MONTHS + 1];
	double alos[ICE_AGENCIES + 1][ICE_CRIMS + 1][ICE_MONTHS + 1];
	double detained[ICE_AGENCIES + 1][ICE_CRIMS + 1];
	double removals;

	double atd_total;
	double atd_alip; /* mean days in program of all participants */
	double atd_by_tech[ICE_TECHS];
	double atd_by_aor[ICE_AORS];        /* participants */
	double atd_alip_by_aor[ICE_AORS];   /* their average length in program, days */
	double atd_by_aor_tech[ICE_AORS][ICE_TECHS];
	double court_attended, court_missed; /* hearings of participants with court tracking */

	/* what ice_read() read as unknown (a blank label, an Excel error, a
	 * blank state), one message each naming the sheet and the cell; owned */
	char **warnings;
	size_t n_warnings;
};

/* What became of the people arrested in each month of a fiscal year
 * (statistics.md, cohort outcomes): the Cohorts sheet that ICE does not
 * publish. states[] are counted in the order of ice_cohort_states. */
#define ICE_COHORT_STATES 6
extern const char *const ice_cohort_states[ICE_COHORT_STATES]; /* "detained", ... "never_detained" */

struct ice_cohort_row {
	char label[32]; /* "2024-10" for October 2024; "Total" for the year */
	double arrested;
	double states[ICE_COHORT_STATES];
};

struct ice_cohorts {
	char at[32]; /* the instant the states are taken at, RFC 3339 UTC */
	struct ice_cohort_row rows[ICE_MONTHS + 1]; /* twelve months, then the year */
	size_t n;
};

/* The beds custody gives a facility of ICE's table: the larger of its
 * guaranteed minimum and its ADP rounded up (an ADP a rounding error above
 * a whole number, 2.0000000000000019, is that number), at most
 * ICE_BEDS_MAX. */
#define ICE_BEDS_MAX 1000000
int64_t ice_facility_beds(const struct ice_facility *f);

/* Whether a figure is a small count a public report suppresses: above 0
 * and below 10 (statistics.md, public release). */
int ice_suppressed(double x);

/* Whether any movement or population figure of o is other than 0 (a
 * ledger holding only imported facilities has none for a year). */
int ice_official_has_data(const struct ice_official *o);

/* Initialise o as an empty year: no tables, no facilities. */
void ice_official_init(struct ice_official *o, int fy);

/* The extra reason with this key (ICE_KEY_MAX at most), added with every
 * figure 0 when o has none; NULL out of memory. */
struct ice_reason_extra *ice_extra_reason(struct ice_official *o, const char *key);

/* Free what o owns (the facilities, the extra reasons, the warnings); o
 * may be initialised again. */
void ice_official_free(struct ice_official *o);

#endif
