/* Unit tests for the vocabularies: lookups, lists and the byte order that
 * bisection needs. */
#include <stdbool.h>
#include <string.h>

#include "support.h"

#include "vocab.h"

static const struct vocab *const all[] = {
	&vocab_event_type, &vocab_aor, &vocab_facility_kind, &vocab_facility_sex, &vocab_person_sex,
	&vocab_agency, &vocab_criminality, &vocab_mandatory, &vocab_stay_status, &vocab_travel_status,
	&vocab_noncoop_status, &vocab_review_kind, &vocab_decision, &vocab_bond_status, &vocab_bond_by,
	&vocab_hearing_status, &vocab_release_reason, &vocab_technology, &vocab_checkin_result,
	&vocab_alert_kind, &vocab_atd_end_reason, &vocab_country};

static void long_vocabularies_are_sorted(void **state)
{
	(void)state;
	for (size_t v = 0; v < ROWS(all); v++) {
		if (all[v]->count <= VOCAB_LINEAR_MAX)
			continue;
		for (int i = 1; i < all[v]->count; i++)
			assert_true(strcmp(all[v]->words[i - 1], all[v]->words[i]) < 0);
	}
}

static void every_word_is_found_at_its_index(void **state)
{
	(void)state;
	for (size_t v = 0; v < ROWS(all); v++)
		for (int i = 0; i < all[v]->count; i++)
			assert_int_equal(vocab_find(all[v], all[v]->words[i]), i);
}

static void unknown_words_are_not_found(void **state)
{
	(void)state;
	assert_int_equal(vocab_find(&vocab_country, "XK"), -1);
	assert_int_equal(vocab_find(&vocab_country, "mx"), -1);
	assert_int_equal(vocab_find(&vocab_country, ""), -1);
	assert_int_equal(vocab_find(&vocab_aor, "ZZZ"), -1);
	assert_int_equal(vocab_find(&vocab_release_reason, "bailed"), -1);
	assert_int_equal(vocab_find(&vocab_event_type, "Book_in"), -1);
}

static void sizes_match_the_contract(void **state)
{
	(void)state;
	assert_int_equal(vocab_event_type.count, EV_TYPE_COUNT);
	assert_int_equal(vocab_release_reason.count, OUT_REASON_COUNT);
	assert_int_equal(vocab_technology.count, TECH_COUNT);
	assert_int_equal(vocab_aor.count, 25);
	assert_int_equal(vocab_facility_kind.count, 14);
	assert_int_equal(vocab_country.count, 249);
	assert_string_equal(vocab_word(&vocab_release_reason, OUT_TRANSFERRED_HHS), "transferred_hhs");
	assert_string_equal(vocab_word(&vocab_mandatory, MAND_LAKEN_RILEY), "laken_riley");
}

static void lists_are_joined_and_truncated(void **state)
{
	(void)state;
	char buf[400], small[16];
	assert_string_equal(vocab_list(&vocab_agency, buf, sizeof buf), "ICE, CBP");
	vocab_list(&vocab_release_reason, small, sizeof small);
	assert_int_equal(strlen(small), sizeof small - 1);
	assert_string_equal(small + strlen(small) - 3, "...");
}

static void discretionary_releases(void **state)
{
	(void)state;
	int yes[] = {OUT_RECOGNIZANCE, OUT_SUPERVISION, OUT_PAROLED, OUT_CAPACITY, OUT_BONDED_OUT};
	for (int r = 0; r < OUT_REASON_COUNT; r++) {
		bool expected = false;
		for (size_t i = 0; i < ROWS(yes); i++)
			expected |= yes[i] == r;
		assert_int_equal(release_is_discretionary(r), expected);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(long_vocabularies_are_sorted),
		cmocka_unit_test(every_word_is_found_at_its_index),
		cmocka_unit_test(unknown_words_are_not_found),
		cmocka_unit_test(sizes_match_the_contract),
		cmocka_unit_test(lists_are_joined_and_truncated),
		cmocka_unit_test(discretionary_releases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
