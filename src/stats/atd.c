/* atd.c: alternatives-to-detention figures (see atd.h). */
#include "atd.h"

#include <string.h>

void stats_atd(const struct stats_snapshot *s, ts_t from, ts_t at, struct stats_atd *out)
{
	memset(out, 0, sizeof *out);
	uint32_t lo = stats_time(from), t = stats_instant(at);
	double days = 0, days_by_aor[STATS_ATD_AORS] = {0};
	for (size_t i = 0; i < s->enrolments.n; i++) {
		if (s->enr_reason[i] == END_ABSCONDED && s->enr_end[i] >= lo && s->enr_end[i] <= t)
			out->absconders++;
		if (!(s->enr_start[i] <= t && t < s->enr_end[i]))
			continue;
		int aor = s->enr_area[i] == STATS_NONE ? STATS_ATD_AORS - 1 : s->enr_area[i];
		int tech = s->enr_tech[i] == STATS_NONE ? TECH_NONE : s->enr_tech[i];
		double enrolled = (double)(t - s->enr_since[i]) / 86400.0;
		out->active++;
		out->by_tech[tech]++;
		out->by_aor[aor]++;
		out->by_aor_tech[aor][tech]++;
		days += enrolled;
		days_by_aor[aor] += enrolled;
	}
	out->alip_days = out->active ? days / (double)out->active : 0;
	for (int a = 0; a < STATS_ATD_AORS; a++)
		out->alip_by_aor[a] = out->by_aor[a] ? days_by_aor[a] / (double)out->by_aor[a] : 0;
	for (size_t i = 0; i < s->hearings.n; i++) {
		if (s->hearing_at[i] < lo || s->hearing_at[i] > t)
			continue;
		if (s->hearing_attended[i])
			out->attended++;
		else
			out->missed++;
	}
}
