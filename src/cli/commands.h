/* commands.h: the entry point of every command (one file each: cmd_*.c). */
#ifndef CUSTODY_COMMANDS_H
#define CUSTODY_COMMANDS_H

#include "cli.h"

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_ingest(struct cli *cli, int argc, char **argv);
int cmd_add(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_facilities(struct cli *cli, int argc, char **argv);
int cmd_occupancy(struct cli *cli, int argc, char **argv);
int cmd_log(struct cli *cli, int argc, char **argv);
int cmd_rebuild(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);
int cmd_generate(struct cli *cli, int argc, char **argv);
int cmd_flags(struct cli *cli, int argc, char **argv);
int cmd_candidates(struct cli *cli, int argc, char **argv);
int cmd_place(struct cli *cli, int argc, char **argv);
int cmd_rules(struct cli *cli, int argc, char **argv);
int cmd_atd(struct cli *cli, int argc, char **argv);
int cmd_hearings(struct cli *cli, int argc, char **argv);
int cmd_stats(struct cli *cli, int argc, char **argv);
int cmd_import_ice(struct cli *cli, int argc, char **argv);
int cmd_import_population(struct cli *cli, int argc, char **argv);
int cmd_official(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_profile(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_access_log(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_verify(struct cli *cli, int argc, char **argv);

/* Check the ledger file at path whole (audit.h), printing each problem and
 * the head; --head (head_text, or NULL) must still be in its log. Returns
 * the exit status: 0 sound, 2 a bad --head, 3 a problem or a failure. */
int cli_verify_file(struct cli *cli, const char *command, const char *path, const char *head_text);

#endif
