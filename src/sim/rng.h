/* rng.h: a small, fast, seedable random number generator (xoshiro256**)
 * and the draws the flow model needs. The same seed gives the same
 * sequence on every machine. */
#ifndef CUSTODY_RNG_H
#define CUSTODY_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* Seed r from a 64-bit seed and a stream number (different streams of one
 * seed are independent). */
void rng_seed(struct rng *r, uint64_t seed, uint64_t stream);

uint64_t rng_next(struct rng *r);

/* Uniform in [0, 1). */
double rng_uniform(struct rng *r);

/* Uniform integer in [0, n), n > 0. */
uint64_t rng_below(struct rng *r, uint64_t n);

/* Whether an event of probability p happens. */
int rng_chance(struct rng *r, double p);

/* Exponential with the given mean. */
double rng_exponential(struct rng *r, double mean);

/* Index i with probability weights[i] / sum(weights); n > 0, sum > 0. */
size_t rng_pick(struct rng *r, const double *weights, size_t n);

#endif
