/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run one cmocka test per row of a table of test vectors (the *_cases.h
 * shared with KUnit). Each row starts with its name; the test function
 * gets the row as *state.
 */
#ifndef SCPNP_USER_TESTS_TABLE_H
#define SCPNP_USER_TESTS_TABLE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

static inline int run_table(const char *group, CMUnitTestFunction fn,
			    const void *table, size_t n, size_t size)
{
	struct CMUnitTest *tests = calloc(n, sizeof(*tests));
	const char *base = table;
	size_t i;
	int ret;

	if (!tests)
		return 1;
	for (i = 0; i < n; i++) {
		tests[i].name = *(const char *const *)(base + i * size);
		tests[i].test_func = fn;
		tests[i].initial_state = (void *)(base + i * size);
	}
	ret = _cmocka_run_group_tests(group, tests, n, NULL, NULL);
	free(tests);
	return ret;
}

#define RUN_TABLE(group, fn, table) \
	run_table(group, fn, table, ARRAY_SIZE(table), sizeof((table)[0]))

#endif /* SCPNP_USER_TESTS_TABLE_H */
