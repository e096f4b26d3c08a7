#include "chain.h"

#include <sodium.h>
#include <string.h>

static void put_u64(crypto_generichash_state *h, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	crypto_generichash_update(h, b, sizeof b);
}

/* A text column as its length and bytes; NULL (or empty: the store keeps
 * an empty person as NULL) as the length all ones. */
static void put_text(crypto_generichash_state *h, const char *s, size_t len)
{
	if (!s || !len) {
		put_u64(h, s ? 0 : UINT64_MAX);
		return;
	}
	put_u64(h, len);
	crypto_generichash_update(h, (const unsigned char *)s, len);
}

void chain_hash(const unsigned char prev[CHAIN_HASH_BYTES], const struct stored_event *ev,
		unsigned char out[CHAIN_HASH_BYTES])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, CHAIN_HASH_BYTES);
	crypto_generichash_update(&h, prev, CHAIN_HASH_BYTES);
	put_u64(&h, (uint64_t)ev->seq);
	put_text(&h, ev->id, strlen(ev->id));
	put_text(&h, ev->type, strlen(ev->type));
	put_text(&h, ev->person && ev->person[0] ? ev->person : NULL, ev->person ? strlen(ev->person) : 0);
	put_u64(&h, (uint64_t)ev->at);
	put_u64(&h, (uint64_t)ev->recorded_at);
	put_text(&h, ev->actor, strlen(ev->actor));
	put_text(&h, ev->body, ev->body_len);
	crypto_generichash_final(&h, out, CHAIN_HASH_BYTES);
}

static const char *text_arg(sqlite3_value *v)
{
	return (const char *)sqlite3_value_text(v);
}

static void sql_event_hash(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_bytes(argv[0]) != CHAIN_HASH_BYTES) {
		sqlite3_result_error(ctx, "custody_event_hash: the previous hash is not 32 bytes", -1);
		return;
	}
	unsigned char prev[CHAIN_HASH_BYTES], out[CHAIN_HASH_BYTES];
	memcpy(prev, sqlite3_value_blob(argv[0]), CHAIN_HASH_BYTES);
	struct stored_event ev = {
		.seq = sqlite3_value_int64(argv[1]),
		.id = text_arg(argv[2]),
		.type = text_arg(argv[3]),
		.person = text_arg(argv[4]),
		.at = sqlite3_value_int64(argv[5]),
		.recorded_at = sqlite3_value_int64(argv[6]),
		.actor = text_arg(argv[7]),
		.body = text_arg(argv[8]),
		.body_len = (size_t)sqlite3_value_bytes(argv[8]),
	};
	if (!ev.id || !ev.type || !ev.actor || !ev.body) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	chain_hash(prev, &ev, out);
	sqlite3_result_blob(ctx, out, CHAIN_HASH_BYTES, SQLITE_TRANSIENT);
}

int chain_register(sqlite3 *db)
{
	if (sodium_init() < 0)
		return SQLITE_ERROR;
	return sqlite3_create_function(db, "custody_event_hash", 9, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				       sql_event_hash, NULL, NULL);
}
