// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka: `scbridge atr` against its contract
 * (Documentation/scbridge-atr.rst), running the built binary ($SCBRIDGE,
 * default ../scbridge/scbridge) on valid and malformed ATRs: exit codes,
 * stderr on refusal, and the JSON fields.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "atr.h"
#include "atr_cases.h"
#include "table.h"

#define OUT_MAX		65536

struct run {
	int status;		/* exit status, or -1 when not exited */
	char out[OUT_MAX];
	char err[OUT_MAX];
};

static const char *scbridge_path(void)
{
	const char *p = getenv("SCBRIDGE");

	return p ? p : "../scbridge/scbridge";
}

static void drain(int fd, char *buf)
{
	size_t n = 0;
	ssize_t r;

	while (n < OUT_MAX - 1 && (r = read(fd, buf + n, OUT_MAX - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
}

/* Run scbridge with argv (NULL-terminated); stderr goes to a temp file. */
static void run_scbridge(struct run *r, char *const argv[])
{
	char errname[] = "/tmp/scbridge-atr-err.XXXXXX";
	int out[2], errfd, wst;
	pid_t pid;

	assert_int_equal(pipe(out), 0);
	errfd = mkstemp(errname);
	assert_true(errfd >= 0);
	unlink(errname);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(out[1], STDOUT_FILENO);
		dup2(errfd, STDERR_FILENO);
		close(out[0]);
		execv(scbridge_path(), argv);
		_exit(127);
	}
	close(out[1]);
	drain(out[0], r->out);
	close(out[0]);
	assert_int_equal(waitpid(pid, &wst, 0), pid);
	r->status = WIFEXITED(wst) ? WEXITSTATUS(wst) : -1;
	lseek(errfd, 0, SEEK_SET);
	drain(errfd, r->err);
	close(errfd);
}

static void run_atr(struct run *r, const char *hex, bool json)
{
	char *argv[5];
	int i = 0;

	argv[i++] = (char *)"scbridge";
	argv[i++] = (char *)"atr";
	if (json)
		argv[i++] = (char *)"--json";
	if (hex)
		argv[i++] = (char *)hex;
	argv[i] = NULL;
	run_scbridge(r, argv);
}

static json_t *run_json(struct run *r, const char *hex, int status)
{
	json_error_t e;
	json_t *o;

	run_atr(r, hex, true);
	assert_int_equal(r->status, status);
	o = json_loads(r->out, 0, &e);
	if (!o)
		fail_msg("not JSON (%s): %s", e.text, r->out);
	return o;
}

static bool has_code(json_t *arr, const char *code)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		if (!strcmp(json_string_value(json_object_get(v, "code")),
			    code))
			return true;
	}
	return false;
}

static void qemu_card(void **state)
{
	struct run *r = malloc(sizeof(*r));
	json_t *o, *tck, *protos;

	(void)state;
	o = run_json(r, "3B 7A 18 00 00 73 66 74 65 20 63 64 31 34 34", 0);
	assert_string_equal(json_string_value(json_object_get(o,
					       "historical_bytes")),
			    "73667465206364313434");
	assert_string_equal(json_string_value(json_object_get(o, "pnp_id")),
			    "SCFILTER\\CID_73667465206364313434");
	protos = json_object_get(o, "protocols");
	assert_int_equal(json_array_size(protos), 1);
	assert_int_equal(json_integer_value(json_array_get(protos, 0)), 0);
	tck = json_object_get(o, "tck");
	assert_true(json_is_false(json_object_get(tck, "present")));
	assert_true(json_is_false(json_object_get(tck, "valid")));
	assert_int_equal(json_array_size(json_object_get(o, "errors")), 0);
	assert_true(json_is_array(json_object_get(o, "warnings")));
	json_decref(o);
	free(r);
}

static void facts_example(void **state)
{
	struct run *r = malloc(sizeof(*r));
	json_t *o;

	(void)state;
	o = run_json(r, "3b:04:51:ff:08:00", 0);
	assert_string_equal(json_string_value(json_object_get(o, "pnp_id")),
			    "SCFILTER\\CID_51ff0800");
	json_decref(o);
	free(r);
}

static void violations_listed(void **state)
{
	static const struct {
		const char *hex;
		const char *code;
		bool tck_present, tck_valid;
	} t[] = {
		{ "3BF81300008131FE15597562696B657934D5", "tck-bad", true,
		  false },
		{ "3BF81300008131FE15597562696B657934", "tck-missing", false,
		  false },
		{ "3B7A180000736674652063643134340000", "extra-bytes", false,
		  false },
		{ "3B800F8F", "t15-in-td1", true, true },
		{ "3B10 71", "ta1-reserved", false, false },
		{ "3B9011 1081", "ta2-protocol", false, false },
	};
	struct run *r = malloc(sizeof(*r));
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		json_t *o = run_json(r, t[i].hex, 0), *tck;

		assert_true(has_code(json_object_get(o, "errors"), t[i].code));
		tck = json_object_get(o, "tck");
		assert_int_equal(json_is_true(json_object_get(tck, "present")),
				 t[i].tck_present);
		assert_int_equal(json_is_true(json_object_get(tck, "valid")),
				 t[i].tck_valid);
		json_decref(o);
	}
	free(r);
}

static void no_historical_bytes(void **state)
{
	struct run *r = malloc(sizeof(*r));
	json_t *o;

	(void)state;
	o = run_json(r, "3B00", 0);
	assert_true(json_is_null(json_object_get(o, "pnp_id")));
	assert_string_equal(json_string_value(json_object_get(o,
					       "historical_bytes")), "");
	assert_true(has_code(json_object_get(o, "warnings"),
			     "no-historical-bytes"));
	json_decref(o);
	free(r);
}

/* Not walkable: exit 1, a message on stderr, nothing on stdout. */
static void refused(void **state)
{
	static const char *const t[] = {
		"3C00",					/* bad TS */
		"00",
		"3B",					/* no T0 */
		"3B7A18",				/* truncated */
		"3B7A180000736674652063643134",		/* history short */
		"3B7A18000073667465206364313434 0000000000000000000000000000"
		"00000000000000000000",			/* 34 bytes */
	};
	struct run *r = malloc(sizeof(*r));
	size_t i;
	int json;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		for (json = 0; json < 2; json++) {
			run_atr(r, t[i], json);
			assert_int_equal(r->status, 1);
			assert_true(strlen(r->err) > 0);
			assert_int_equal(strlen(r->out), 0);
		}
	}
	free(r);
}

static void usage_errors(void **state)
{
	static const char *const t[] = { "zz", "3B0", "3B 0 7A", "3B-00" };
	struct run *r = malloc(sizeof(*r));
	size_t i;

	(void)state;
	run_atr(r, NULL, true);
	assert_int_equal(r->status, 2);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		run_atr(r, t[i], false);
		assert_int_equal(r->status, 2);
		assert_true(strlen(r->err) > 0);
	}
	free(r);
}

static void text_form(void **state)
{
	struct run *r = malloc(sizeof(*r));

	(void)state;
	run_atr(r, "3B 7A 18 00 00 73 66 74 65 20 63 64 31 34 34", false);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out,
			       "PnP ID: SCFILTER\\CID_73667465206364313434"));
	assert_non_null(strstr(r->out, "Protocols: T=0"));
	free(r);
}

static void help(void **state)
{
	char *argv[] = { "scbridge", "--help", NULL };
	struct run *r = malloc(sizeof(*r));

	(void)state;
	run_scbridge(r, argv);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "atr"));
	free(r);
}

/* Every vector of the parser tables: the exit code follows the parser. */
static void table_row(void **state)
{
	const struct atr_case *c = *state;
	struct run *r = malloc(sizeof(*r));
	char hex[2 * sizeof(c->atr) + 1];
	size_t i;

	for (i = 0; i < c->len; i++)
		sprintf(hex + 2 * i, "%02x", c->atr[i]);
	hex[2 * c->len] = '\0';
	run_atr(r, hex, true);
	assert_int_equal(r->status, c->ret ? 1 : 0);
	if (!c->ret) {
		json_t *o = json_loads(r->out, 0, NULL);

		assert_non_null(o);
		assert_int_equal(json_array_size(json_object_get(o, "errors")),
				 __builtin_popcount(c->errors));
		assert_int_equal(json_array_size(json_object_get(o,
								 "warnings")),
				 __builtin_popcount(c->warnings));
		json_decref(o);
	}
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_card),
		cmocka_unit_test(facts_example),
		cmocka_unit_test(violations_listed),
		cmocka_unit_test(no_historical_bytes),
		cmocka_unit_test(refused),
		cmocka_unit_test(usage_errors),
		cmocka_unit_test(text_form),
		cmocka_unit_test(help),
	};
	int fails = 0;

	if (access(scbridge_path(), X_OK)) {
		fprintf(stderr, "%s: not built\n", scbridge_path());
		return 1;
	}
	fails += cmocka_run_group_tests_name("scbridge_atr", tests, NULL,
					     NULL);
	fails += RUN_TABLE("scbridge_atr_vectors", table_row, atr_cases);
	return fails ? 1 : 0;
}
