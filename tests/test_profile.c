/* test_profile.c: the generator's profile files (profile.h).
 *
 * A profile's facility table becomes facility_open events: a facility
 * whose name, city or state the event contract refuses is refused when the
 * profile is read, naming the line and the facility, rather than stopping
 * `generate` halfway with an event that does not serialise (found by
 * tests/fuzz/fuzz_profile). */
#include <stdlib.h>
#include <string.h>

#include "support.h"

#include "profile.h"

/* The built-in profile with one more facility line, parsed. */
static int parse_with(const char *facility_line, struct profile *p, struct error *err)
{
	char *text = fmt("%s\n[facilities]\n%s\n", profile_builtin("fy2025"), facility_line);
	int rc = profile_parse(text, "extra.ini", p, err);
	free(text);
	return rc;
}

static void refused(const char *facility_line, const char *why)
{
	struct profile p;
	struct error err = {0};
	assert_int_equal(parse_with(facility_line, &p, &err), ERR_INVALID);
	profile_free(&p);
	if (!strstr(err.msg, "extra.ini line ") || !strstr(err.msg, "[facilities] ZZFUZZ: ") || !strstr(err.msg, why))
		fail_msg("message \"%s\" does not say \"%s\"", err.msg, why);
}

static void a_facility_the_contract_refuses_is_refused(void **state)
{
	(void)state;
	refused("ZZFUZZ = ATL|IGSA|60|any|GA|Tiffin|SENECA C\xff\xfe COUNTY JAIL", "name or city is not UTF-8");
	refused("ZZFUZZ = ATL|IGSA|60|any|GA|Tif\xc3" "fin|JAIL", "name or city is not UTF-8");
	refused("ZZFUZZ = ATL|IGSA|60|any|GA|Tiffin|JAIL\x01", "field \"name\": contains control characters");
	refused("ZZFUZZ = ATL|IGSA|60|any|g1|Tiffin|JAIL", "field \"state\"");
}

static void a_facility_the_contract_takes_is_kept(void **state)
{
	(void)state;
	struct profile p;
	struct error err = {0};
	assert_int_equal(parse_with("ZZFUZZ = ATL|IGSA|60|any|GA|Tiffin|Caf\xc3\xa9 & County \"Jail\"", &p, &err), 0);
	const struct sim_facility *f = &p.facilities[p.n_facilities - 1];
	assert_string_equal(f->code, "ZZFUZZ");
	assert_string_equal(f->name, "Caf\xc3\xa9 & County \"Jail\"");
	profile_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_facility_the_contract_refuses_is_refused),
		cmocka_unit_test(a_facility_the_contract_takes_is_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
