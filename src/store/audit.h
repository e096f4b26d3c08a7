/* audit.h: a ledger file checked whole (`custody check`, `custody verify`),
 * and copied while writers run (`custody backup`).
 *
 * The head of a ledger is the seq of its last event and that event's hash
 * in the chain over the log (chain.h), written "SEQ:HEX". An operator who
 * keeps a head (printed by check and backup) can later prove that nothing
 * recorded up to it was changed or cut. */
#ifndef CUSTODY_AUDIT_H
#define CUSTODY_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "ledger.h"
#include "rules.h"

#define AUDIT_HASH_BYTES 32
#define AUDIT_HEAD_TEXT (20 + 1 + 2 * AUDIT_HASH_BYTES + 1)

struct audit_head {
	int64_t seq; /* 0 for an empty log */
	unsigned char hash[AUDIT_HASH_BYTES];
};

/* Write h as "SEQ:HEX" into buf; returns buf. */
char *audit_head_format(const struct audit_head *h, char buf[AUDIT_HEAD_TEXT]);

/* Parse "SEQ:HEX" (64 hexadecimal digits) into *out. ERR_INVALID naming
 * what is wrong. */
int audit_head_parse(const char *text, struct audit_head *out, struct error *err);

/* What audit_verify() found. */
struct audit_report {
	struct audit_head head; /* the log's last event and its hash as recomputed */
	size_t problems;        /* 0: the file is sound */
};

/* Check the ledger file at path without changing it: SQLite's integrity
 * check, that every stored state decodes and holds values in range, the
 * hash chain over the log and the log's head (and, when expect is not
 * NULL, that the log still holds the event of that head with that hash:
 * nothing recorded up to it was cut or changed), and that the projections
 * equal a replay of the log under rules. The work is done on a copy in
 * $TMPDIR (mode 0600, removed afterwards). fn is called with each problem
 * found; *report says how many and the head. Returns 0 when the checks
 * ran (whatever they found); ERR_NOTFOUND, ERR_IO or ERR_NOMEM when they
 * could not (no such file, not a ledger, no room for the copy). */
int audit_verify(const char *path, const struct rules *rules, const struct audit_head *expect,
		 store_problem_fn fn, void *ctx, struct audit_report *report, struct error *err);

/* Copy the ledger of l to dest, consistent as of one instant while other
 * processes write (SQLite's online backup in one step), written to a
 * temporary name beside dest, synced and then linked to dest, which must
 * not exist (ERR_EXISTS). The copy uses a rollback journal (no -wal file
 * to carry along). *head receives the copy's head. ERR_IO on failure,
 * leaving no file behind. */
int audit_backup(struct ledger *l, const char *dest, struct audit_head *head, struct error *err);

#endif
