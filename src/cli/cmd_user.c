/* custody user: the server's users (docs/api.md). */
#include <string.h>

#include "admin_views.h"
#include "auth.h"
#include "commands.h"

/* Open the ledger, run op with the store, close; report failures. */
static int with_store(struct cli *cli, int (*op)(struct store *s, const struct cli *cli, void *ctx, struct error *err),
		      void *ctx)
{
	struct ledger *l;
	int rc = cli_open(cli, STORE_OPEN, &l);
	if (rc)
		return rc;
	struct error err;
	rc = auth_init(&err);
	if (rc == 0)
		rc = op(ledger_store(l), cli, ctx, &err);
	ledger_close(l);
	return rc ? cli_fail(&err) : EXIT_OK;
}

struct user_args {
	const char *name, *role, *aors;
};

static int add(struct store *s, const struct cli *cli, void *ctx, struct error *err)
{
	const struct user_args *a = ctx;
	int rc = auth_user_add(s, a->name, a->role, a->aors, cli->now, err);
	if (rc == 0)
		printf("added %s (%s%s%s); give them a token with `custody user token %s`\n", a->name, a->role,
		       a->aors ? " of " : "", a->aors ? a->aors : "", a->name);
	return rc;
}

static int remove_user(struct store *s, const struct cli *cli, void *ctx, struct error *err)
{
	(void)cli;
	const struct user_args *a = ctx;
	int rc = store_user_remove(s, a->name, err);
	if (rc == 0)
		printf("removed %s\n", a->name);
	return rc;
}

static int token(struct store *s, const struct cli *cli, void *ctx, struct error *err)
{
	const struct user_args *a = ctx;
	char t[AUTH_TOKEN_MAX];
	int rc = auth_user_token(s, a->name, cli->now, t, err);
	if (rc == 0)
		printf("%s\n", t);
	memset(t, 0, sizeof t);
	return rc;
}

static int print_user(void *ctx, const struct store_user *u, struct error *err)
{
	(void)ctx, (void)err;
	char created[TS_TEXT_MAX], issued[TS_TEXT_MAX];
	printf("%-20s %-10s %-24s %s  %s\n", u->name, u->role, u->aors ? u->aors : "(all)",
	       ts_format(u->created_at, created), u->token_at == TS_NONE ? "no token" : ts_format(u->token_at, issued));
	return 0;
}

static int list(struct store *s, const struct cli *cli, void *ctx, struct error *err)
{
	(void)cli;
	if (*(const bool *)ctx)
		return admin_view_users(stdout, s, err);
	printf("%-20s %-10s %-24s %-20s  %s\n", "name", "role", "aors", "created", "token issued");
	return store_users(s, print_user, NULL, err);
}

int cmd_user(struct cli *cli, int argc, char **argv)
{
	bool json = false;
	struct user_args a = {0};
	const struct cli_option opts[] = {
		{"role", NULL, &a.role, 0}, {"aor", NULL, &a.aors, 0}, {"json", &json, NULL, 0}, {NULL, NULL, NULL, 0}};
	char *pos[2];
	int npos;
	int rc = cli_parse("user", argc, argv, opts, pos, 2, &npos);
	if (rc)
		return cli_done(rc);
	const char *sub = npos ? pos[0] : "";
	a.name = npos > 1 ? pos[1] : NULL;
	bool named = strcmp(sub, "list") != 0;
	if (strcmp(sub, "add") && strcmp(sub, "remove") && strcmp(sub, "token") && strcmp(sub, "list"))
		return cli_usage_error("user", "give add, remove, token or list%s", "");
	if (named != (a.name != NULL))
		return cli_usage_error("user", named ? "%s needs a NAME" : "%s takes no NAME", sub);
	if (strcmp(sub, "add") == 0 && !a.role)
		return cli_usage_error("user", "add needs --role viewer|officer|supervisor|admin%s", "");
	if (strcmp(sub, "add") && (a.role || a.aors))
		return cli_usage_error("user", "--role and --aor go with add, not %s", sub);
	if (strcmp(sub, "add") == 0)
		return with_store(cli, add, &a);
	if (strcmp(sub, "remove") == 0)
		return with_store(cli, remove_user, &a);
	if (strcmp(sub, "token") == 0)
		return with_store(cli, token, &a);
	return with_store(cli, list, &json);
}
