/* figures.h: a fiscal year's official figures as flat named figures, the
 * form the store keeps them in (docs/ice.md): a table, a group, a
 * sub-group, a month (0-11 from October, -1 for the year) and a number or
 * a text ("<10" for a count ICE suppressed). */
#ifndef CUSTODY_ICE_FIGURES_H
#define CUSTODY_ICE_FIGURES_H

#include "official.h"

/* Called once per figure; text is NULL for a number. */
typedef int (*ice_figure_fn)(void *ctx, const char *tbl, const char *grp, const char *sub, int month, double value,
			     const char *text, struct error *err);

/* Every figure of o's present tables, in a fixed order; a figure ICE
 * suppressed (NAN, a "<10" cell) is given as the text "<10". fn's failure
 * stops the walk and is returned. */
int ice_figures_each(const struct ice_official *o, ice_figure_fn fn, void *ctx, struct error *err);

/* Set one figure of o (an ice_figure_fn with ctx the struct ice_official,
 * initialised with ice_official_init()): the inverse of
 * ice_figures_each(). ERR_INVALID naming the figure when it is not one
 * ice_figures_each() writes. */
int ice_figure_set(void *ctx, const char *tbl, const char *grp, const char *sub, int month, double value,
		   const char *text, struct error *err);

/* After the last ice_figure_set(): put the facilities back in the order
 * of their table. */
void ice_figures_finish(struct ice_official *o);

#endif
