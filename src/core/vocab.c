#include "vocab.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define VOCAB(var, label, ...)                                                          \
	static const char *const var##_words[] = {__VA_ARGS__};                          \
	const struct vocab var = {label, var##_words, (int)(sizeof var##_words / sizeof var##_words[0])}

VOCAB(vocab_event_type, "event type", "facility_open", "facility_capacity", "facility_close",
      "arrest", "book_in", "transfer", "classify", "removal_order", "stay_of_removal",
      "travel_document", "noncooperation", "custody_review", "bond", "hearing", "book_out",
      "departure", "atd_enroll", "atd_checkin", "atd_alert", "atd_change", "atd_end", "void");
VOCAB(vocab_aor, "AOR", "ATL", "BAL", "BOS", "BUF", "CHI", "DAL", "DEN", "DET", "ELP", "HLG",
      "HOU", "LOS", "MIA", "NEW", "NOL", "NYC", "PHI", "PHO", "SEA", "SFR", "SLC", "SNA", "SND",
      "SPM", "WAS");
_Static_assert(sizeof vocab_aor_words / sizeof *vocab_aor_words == VOCAB_AORS, "VOCAB_AORS is vocab_aor's count");
VOCAB(vocab_facility_kind, "facility type", "SPC", "CDF", "IGSA", "DIGSA", "USMS_IGA",
      "USMS_CDF", "BOP", "FAMILY", "STAGING", "STATE", "DOD", "HOLD", "MEDICAL", "OTHER");
VOCAB(vocab_facility_sex, "facility sex", "M", "F", "any");
VOCAB(vocab_person_sex, "sex", "M", "F", "X");
VOCAB(vocab_agency, "agency", "ICE", "CBP");
VOCAB(vocab_criminality, "criminality", "convicted", "pending", "none");
VOCAB(vocab_mandatory, "mandatory basis", "none", "236c", "235b", "241a", "laken_riley");
VOCAB(vocab_stay_status, "stay status", "granted", "lifted");
VOCAB(vocab_travel_status, "travel document status", "requested", "issued", "refused");
VOCAB(vocab_noncoop_status, "non-cooperation status", "start", "end");
VOCAB(vocab_review_kind, "review kind", "90_day", "180_day", "annual", "requested");
VOCAB(vocab_decision, "decision", "continue", "release");
VOCAB(vocab_bond_status, "bond status", "set", "denied", "posted");
VOCAB(vocab_bond_by, "bond authority", "ICE", "IJ");
VOCAB(vocab_hearing_status, "hearing status", "scheduled", "attended", "missed", "adjourned");
VOCAB(vocab_release_reason, "book-out reason", "removed", "bonded_out", "recognizance",
      "supervision", "paroled", "proceedings_terminated", "relief_granted", "transferred_usms",
      "transferred", "other", "no_removal_foreseeable", "court_order", "capacity",
      "transferred_hhs", "death", "escape");
VOCAB(vocab_technology, "technology", "app", "ankle", "wrist", "phone", "none");
VOCAB(vocab_checkin_result, "check-in result", "ok", "failed_verification");
VOCAB(vocab_alert_kind, "alert kind", "tamper", "battery", "signal_loss");
VOCAB(vocab_atd_end_reason, "enrolment end reason", "case_closed", "removed", "departed",
      "absconded", "detained", "other");
/* ISO 3166-1 alpha-2, the officially assigned codes. */
VOCAB(vocab_country, "ISO 3166-1 alpha-2 country code",
      "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
      "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
      "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
      "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
      "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
      "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
      "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
      "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
      "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
      "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
      "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
      "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
      "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
      "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
      "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
      "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
      "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW");

int vocab_find(const struct vocab *v, const char *word)
{
	if (v->count <= VOCAB_LINEAR_MAX) {
		for (int i = 0; i < v->count; i++)
			if (strcmp(v->words[i], word) == 0)
				return i;
		return -1;
	}
	/* the long vocabularies (AOR, country) are in byte order */
	int lo = 0, hi = v->count;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2, c = strcmp(v->words[mid], word);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const char *vocab_word(const struct vocab *v, int i)
{
	assert(i >= 0 && i < v->count);
	return v->words[i];
}

char *vocab_list(const struct vocab *v, char *buf, size_t size)
{
	assert(size > 4);
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < v->count; i++) {
		int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", v->words[i]);
		if (n < 0 || (size_t)n >= size - used) {
			memcpy(buf + size - 4, "...", 4);
			break;
		}
		used += (size_t)n;
	}
	return buf;
}

int release_is_discretionary(int reason)
{
	return reason == OUT_RECOGNIZANCE || reason == OUT_SUPERVISION || reason == OUT_PAROLED ||
	       reason == OUT_CAPACITY || reason == OUT_BONDED_OUT;
}
