/* event.h: one event of the contract (events.md), parsed and validated.
 *
 * event_parse() turns one JSON object into a struct event, checking every
 * field against the contract: required and allowed fields per type, types,
 * vocabularies, bounds, A-number normalisation and time parsing. It does not
 * look at any other event; timeline rules live in timeline.h. */
#ifndef CUSTODY_EVENT_H
#define CUSTODY_EVENT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "timestamp.h"
#include "vocab.h"

#define EVENT_ID_MAX 64
#define ANUMBER_LEN 10 /* "A" + 9 digits */
#define FACILITY_CODE_MAX 16
#define NOTE_MAX 2000
#define TEXT_MAX 200       /* names, places, methods, reasons */
#define FUTURE_TOLERANCE 300 /* an event may be at most 5 minutes ahead */

/* Threat level values: UNSET (not given), THREAT_NULL (given as null). */
#define THREAT_NULL 0

struct event {
	char id[EVENT_ID_MAX + 1];
	int type; /* enum event_type */
	ts_t at;
	char person[ANUMBER_LEN + 1]; /* "" for facility events (and a void without one) */
	char *note;                   /* owned; NULL when absent */

	/* facility events */
	char facility[FACILITY_CODE_MAX + 1]; /* also book_in, transfer */
	char *name, *city;                    /* owned; NULL when absent */
	char state[3];
	int aor;  /* facility_open, arrest, atd_enroll (optional there) */
	int kind; /* facility type */
	int capacity; /* UNSET when absent */
	int facility_sex;

	/* arrest and identity */
	int agency;
	int border; /* UNSET, 0, 1 */
	char *method, *family_name, *given_name; /* owned */
	ts_t birth_date; /* TS_NONE when absent */
	int sex;
	char citizenship[3], birth_country[3];

	/* classification (arrest, classify) */
	int criminality;
	int threat_level; /* UNSET, THREAT_NULL, 1, 2, 3 */
	int mandatory;
	int protected_; /* UNSET, 0, 1 */

	/* case */
	ts_t final_date; /* removal_order: midnight UTC of the final date */
	int status;      /* stay_of_removal, travel_document, noncooperation, bond, hearing */
	char country[3]; /* travel_document, book_out, departure */
	int review_kind, decision, removal_foreseeable; /* removal_foreseeable: UNSET, 0, 1 */
	int amount;      /* bond set: whole USD; UNSET otherwise */
	int by;          /* bond authority */
	ts_t hearing_at; /* hearing */

	/* book_out and supervision */
	int reason;        /* release reason (book_out) or end reason (atd_end) */
	int technology;
	int checkin_days;  /* UNSET when absent */
	int result;        /* atd_checkin */
	int alert;         /* atd_alert */
	char *reason_text; /* atd_change, void: free text; owned */
	char target[EVENT_ID_MAX + 1]; /* void */
};

/* Set every field of ev to "absent" (no allocation). */
void event_init(struct event *ev);

/* Free the strings ev owns and reset it with event_init(). */
void event_free(struct event *ev);

/* Parse one event from the JSON text json[0..len). now is the ledger's clock:
 * `at` may not be more than FUTURE_TOLERANCE seconds after it (pass TS_NONE
 * to skip that check, as when replaying the log). On success returns 0 and
 * fills *ev, which the caller frees with event_free(); on failure returns
 * ERR_INVALID, leaves *ev empty, and err names the field, the value and what
 * was expected: `field "reason": "bailed" is not one of removed, ...`. */
int event_parse(const char *json, size_t len, ts_t now, struct event *ev, struct error *err);

/* Room for the canonical text of any event (every field at its longest). */
#define EVENT_TEXT_MAX 8192

/* Write ev's canonical compact JSON (see event_to_json) into buf with a
 * terminating NUL; returns its length, or 0 when it does not fit (or out
 * of memory). Allocates nothing that outlives the call. */
size_t event_format(const struct event *ev, char *buf, size_t size);

/* Serialise ev as canonical compact JSON (fields in contract order, times in
 * UTC, the A-number normalised). Two events have the same content exactly
 * when their canonical forms are equal. Returns a malloc'd string the caller
 * frees, or NULL when out of memory. */
char *event_to_json(const struct event *ev);

/* Whether the type is a facility event (no person). */
bool event_is_facility(int type);

/* Normalise an A-number ("A-123-456-789", "A12345678") into out as "A" and 9
 * digits. Returns 0 or ERR_INVALID. */
int anumber_normalize(const char *text, char out[ANUMBER_LEN + 1], struct error *err);

/* Whether id is 1-64 characters of A-Z a-z 0-9 . _ : - */
bool event_id_valid(const char *id);

#endif
