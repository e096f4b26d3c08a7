/* chain.h: the hash chain over the event log, for the store's own modules
 * (sqlite.c, audit.c).
 *
 * Every event's hash is BLAKE2b-256 (libsodium's crypto_generichash) of
 * the previous event's hash (32 zero bytes before the first) and the
 * event's stored columns: seq, id, type, person, at, recorded_at, actor
 * and body, each integer as 8 bytes little-endian and each text as its
 * length (8 bytes; all ones for NULL) and its bytes. A change to any column
 * of any event, or a removed event, breaks every hash after it; the head
 * (the last seq and its hash) recorded elsewhere shows a cut end. */
#ifndef CUSTODY_CHAIN_H
#define CUSTODY_CHAIN_H

#include <sqlite3.h>

#include "store.h"

#define CHAIN_HASH_BYTES 32

/* The hash of ev after the event whose hash is prev. */
void chain_hash(const unsigned char prev[CHAIN_HASH_BYTES], const struct stored_event *ev,
		unsigned char out[CHAIN_HASH_BYTES]);

/* Make chain_hash() callable from SQL on db as custody_event_hash(prev,
 * seq, id, type, person, at, recorded_at, actor, body) (the migration that
 * introduces the chain computes it over an existing log). Returns an
 * SQLite result code. */
int chain_register(sqlite3 *db);

#endif
