/* vocab.h: the closed vocabularies of the event contract (events.md).
 *
 * Each vocabulary is a table of words; a value is stored as its index in the
 * table (the enums below), and -1 means "not given". */
#ifndef CUSTODY_VOCAB_H
#define CUSTODY_VOCAB_H

#include <stddef.h>

struct vocab {
	const char *name; /* what the words are, for messages: "event type" */
	const char *const *words;
	int count;
};

#define UNSET (-1)

/* The number of AORs (vocab_aor), for tables indexed by AOR. */
#define VOCAB_AORS 25

/* Vocabularies longer than this are searched by bisection, so their words
 * must be in byte order (tests/test_vocab.c checks every one). */
#define VOCAB_LINEAR_MAX 24

enum event_type {
	EV_FACILITY_OPEN, EV_FACILITY_CAPACITY, EV_FACILITY_CLOSE,
	EV_ARREST, EV_BOOK_IN, EV_TRANSFER, EV_CLASSIFY, EV_REMOVAL_ORDER,
	EV_STAY_OF_REMOVAL, EV_TRAVEL_DOCUMENT, EV_NONCOOPERATION,
	EV_CUSTODY_REVIEW, EV_BOND, EV_HEARING, EV_BOOK_OUT, EV_DEPARTURE,
	EV_ATD_ENROLL, EV_ATD_CHECKIN, EV_ATD_ALERT, EV_ATD_CHANGE, EV_ATD_END,
	EV_VOID, EV_TYPE_COUNT
};

enum criminality { CRIM_CONVICTED, CRIM_PENDING, CRIM_NONE };
enum mandatory { MAND_NONE, MAND_236C, MAND_235B, MAND_241A, MAND_LAKEN_RILEY };
enum agency { AGENCY_ICE, AGENCY_CBP };
enum stay_status { STAY_GRANTED, STAY_LIFTED };
enum travel_status { TRAVEL_REQUESTED, TRAVEL_ISSUED, TRAVEL_REFUSED };
enum noncoop_status { NONCOOP_START, NONCOOP_END };
enum review_kind { REVIEW_90_DAY, REVIEW_180_DAY, REVIEW_ANNUAL, REVIEW_REQUESTED };
enum review_decision { DECISION_CONTINUE, DECISION_RELEASE };
enum bond_status { BOND_SET, BOND_DENIED, BOND_POSTED };
enum bond_by { BY_ICE, BY_IJ };
enum hearing_status { HEARING_SCHEDULED, HEARING_ATTENDED, HEARING_MISSED, HEARING_ADJOURNED };
enum release_reason {
	OUT_REMOVED, OUT_BONDED_OUT, OUT_RECOGNIZANCE, OUT_SUPERVISION, OUT_PAROLED,
	OUT_PROCEEDINGS_TERMINATED, OUT_RELIEF_GRANTED, OUT_TRANSFERRED_USMS,
	OUT_TRANSFERRED, OUT_OTHER, OUT_NO_REMOVAL_FORESEEABLE, OUT_COURT_ORDER,
	OUT_CAPACITY, OUT_TRANSFERRED_HHS, OUT_DEATH, OUT_ESCAPE, OUT_REASON_COUNT
};
enum technology { TECH_APP, TECH_ANKLE, TECH_WRIST, TECH_PHONE, TECH_NONE, TECH_COUNT };
enum checkin_result { CHECKIN_OK, CHECKIN_FAILED_VERIFICATION };
enum alert_kind { ALERT_TAMPER, ALERT_BATTERY, ALERT_SIGNAL_LOSS };
enum atd_end_reason { END_CASE_CLOSED, END_REMOVED, END_DEPARTED, END_ABSCONDED, END_DETAINED, END_OTHER };
enum person_sex { SEX_M, SEX_F, SEX_X };
enum facility_sex { FSEX_M, FSEX_F, FSEX_ANY };
enum facility_kind {
	FAC_SPC, FAC_CDF, FAC_IGSA, FAC_DIGSA, FAC_USMS_IGA, FAC_USMS_CDF, FAC_BOP, FAC_FAMILY,
	FAC_STAGING, FAC_STATE, FAC_DOD, FAC_HOLD, FAC_MEDICAL, FAC_OTHER
};

extern const struct vocab vocab_event_type, vocab_aor, vocab_facility_kind,
	vocab_facility_sex, vocab_person_sex, vocab_agency, vocab_criminality,
	vocab_mandatory, vocab_stay_status, vocab_travel_status,
	vocab_noncoop_status, vocab_review_kind, vocab_decision, vocab_bond_status,
	vocab_bond_by, vocab_hearing_status, vocab_release_reason, vocab_technology,
	vocab_checkin_result, vocab_alert_kind, vocab_atd_end_reason, vocab_country;

/* Index of word in v, or -1 when it is not one of v's words. */
int vocab_find(const struct vocab *v, const char *word);

/* The word at index i of v; i must be a valid index. */
const char *vocab_word(const struct vocab *v, int i);

/* Write v's words as "a, b, c" into buf (truncated with "..." if long);
 * returns buf. */
char *vocab_list(const struct vocab *v, char *buf, size_t size);

/* Whether a release reason is discretionary (events.md): recognizance,
 * supervision, paroled, capacity, bonded_out. */
int release_is_discretionary(int reason);

#endif
