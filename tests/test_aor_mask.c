/* test_aor_mask.c: sets of AORs (aor_mask.h): a bit of its own for every
 * AOR of the vocabulary, AOR_MASK_ALL apart from every set of them, and
 * room for a vocabulary twice as long. */
#include "support.h"

#include <limits.h>

#include "aor_mask.h"

static void test_every_aor_has_its_bit(void **state)
{
	(void)state;
	aor_mask_t every = 0;
	for (int a = 0; a < vocab_aor.count; a++) {
		aor_mask_t bit = aor_mask_of(a);
		assert_int_equal(every & bit, 0);
		every |= bit;
		assert_true(aor_mask_has(bit, a));
		assert_false(aor_mask_has(bit, a == 0 ? 1 : 0));
		assert_false(aor_mask_has(bit, UNSET));
	}
	assert_int_equal(vocab_aor.count, VOCAB_AORS);
	/* an officer of every AOR is not unrestricted: people of no known AOR
	 * stay out of their lists */
	assert_int_not_equal(every, AOR_MASK_ALL);
	assert_false(aor_mask_has(every, UNSET));
	assert_true(aor_mask_has(AOR_MASK_ALL, UNSET));
	assert_true(aor_mask_has(every, VOCAB_AORS - 1));
	assert_int_equal(aor_mask_of(UNSET), AOR_MASK_ALL);
}

/* The mask is 64 bits wide: a vocabulary of up to 63 AORs fits (a 32-bit
 * mask had room for 31, and 25 are in use). */
static void test_room_to_grow(void **state)
{
	(void)state;
	assert_int_equal(sizeof(aor_mask_t) * CHAR_BIT, 64);
	for (int a = 32; a < 63; a++) {
		aor_mask_t bit = aor_mask_of(a);
		assert_int_not_equal(bit, AOR_MASK_ALL);
		assert_true(aor_mask_has(bit, a));
		assert_false(aor_mask_has(bit, a - 32));
		assert_false(aor_mask_has(aor_mask_of(a - 32), a));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_aor_has_its_bit),
		cmocka_unit_test(test_room_to_grow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
