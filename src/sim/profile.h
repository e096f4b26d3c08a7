/* profile.h: the parameters of the flow model, read from an INI file.
 *
 * A profile holds what the flow model needs to reproduce a fiscal year:
 * arrivals by month and agency, criminality, lengths of stay, release
 * reasons, standing populations, supervision and the facility table. The
 * built-in `fy2025` (profiles/fy2025.ini, compiled in) reproduces ICE's
 * published FY2025 figures. */
#ifndef CUSTODY_PROFILE_H
#define CUSTODY_PROFILE_H

#include <stddef.h>

#include "error.h"
#include "event.h"
#include "timestamp.h"
#include "vocab.h"

#define PROFILE_MONTHS 12 /* October to September */
#define PROFILE_NAME_MAX 64
#define PROFILE_REFUSING_MAX 16

struct sim_facility {
	char code[FACILITY_CODE_MAX + 1];
	char name[TEXT_MAX + 1];
	char city[TEXT_MAX + 1];
	char state[3];
	int aor, kind, capacity, sex;
};

struct profile {
	char name[PROFILE_NAME_MAX];
	ts_t from; /* default first day */
	int days;  /* default length */
	double book_ins[2][PROFILE_MONTHS]; /* [agency][month from October] */
	double criminality[2][3];           /* [agency][enum criminality] shares */
	double alos[2][3];                  /* [agency][enum criminality] days */
	double alos_trend; /* stays of arrivals lengthen by this fraction per year */
	double short_share, short_length; /* a share of stays is short: this fraction of the mean (0 0: none) */
	double alos_by_month[PROFILE_MONTHS]; /* the stays of people booked in each month, as a factor (1) */
	double standing_elapsed; /* the standing population's time held, as a fraction of the mean stay (1) */
	double release[OUT_REASON_COUNT];   /* release reason weights */
	double standing_detained, standing_atd, alip_days;
	double threat_convicted, threat_pending, threat_levels[3];
	double mandatory, border, children, transfer, refusal, noncooperation, stay_of_removal;
	int refusing[PROFILE_REFUSING_MAX]; /* country indices (vocab_country) */
	size_t n_refusing;
	double citizenship[256]; /* weights by vocab_country index */
	double technology[TECH_COUNT];
	int checkin_days;
	int history_checkin_days; /* a standing participant's schedule before the run */
	double enrol_on_release, direct_per_day, miss, abscond, attendance, hearing_every;
	struct sim_facility *facilities; /* owned */
	size_t n_facilities;
};

/* Load the profile from INI text (name says where it came from, for
 * messages). Returns 0, or ERR_INVALID naming the line and the key. The
 * caller frees *p with profile_free(), on failure too. */
int profile_parse(const char *text, const char *name, struct profile *p, struct error *err);

/* Load a built-in profile by name ("fy2025") or else an INI file by path. */
int profile_load(const char *name_or_path, struct profile *p, struct error *err);

void profile_free(struct profile *p);

/* The facility_open event of f at instant at with capacity beds, into ev
 * (initialised here). Its name and city point into f: ev must not be
 * given to event_free(). */
void profile_facility_event(const struct sim_facility *f, ts_t at, int capacity, struct event *ev);

/* The INI text of a built-in profile ("fy2025"), or NULL when there is no
 * such built-in. Static. */
const char *profile_builtin(const char *name);

#endif
