// SPDX-License-Identifier: GPL-2.0
/*
 * Shared by the bench clients: the APDU mix, latency percentiles and the
 * JSON result (jansson).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

/* SELECT by AID: CAC Card Capability Container, Le = 00 */
const uint8_t bench_case4[] = {
	0x00, 0xA4, 0x04, 0x00, 0x07,
	0xA0, 0x00, 0x00, 0x01, 0x16, 0xDB, 0x00, 0x00
};
const size_t bench_case4_len = sizeof(bench_case4);
/* CAC GET PROPERTIES (all), Le = 0x17: what the CCC applet returns */
const uint8_t bench_case2[] = { 0x80, 0x56, 0x01, 0x00, 0x17 };
const size_t bench_case2_len = sizeof(bench_case2);

#define NS_PER_S	1000000000ULL
#define NS_PER_US	1000ULL
#define PERCENT		100

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

unsigned long bench_parse_count(const char *s)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);

	return (*end || !n) ? 0 : n;
}

int bench_init(struct bench_run *b, const char *path, unsigned long n)
{
	memset(b, 0, sizeof(*b));
	b->path = path;
	b->wanted = n;
	b->lat_ns = calloc(n, sizeof(*b->lat_ns));
	if (!b->lat_ns)
		return -1;
	b->t_start = bench_now_ns();
	return 0;
}

void bench_record(struct bench_run *b, uint64_t t0, uint64_t t1)
{
	if (b->done < b->wanted)
		b->lat_ns[b->done++] = t1 - t0;
}

void bench_error(struct bench_run *b, const char *fmt, ...)
{
	va_list ap;

	if (!b->errors++) {
		va_start(ap, fmt);
		vsnprintf(b->first_error, sizeof(b->first_error), fmt, ap);
		va_end(ap);
	}
}

int bench_sw_ok(const uint8_t *rx, size_t len)
{
	return len >= BENCH_SW_BYTES && rx[len - 2] == BENCH_SW1_OK &&
	       rx[len - 1] == 0x00;
}

/*
 * BENCH_RAW=FILE appends every completed round trip's latency (ns, one a
 * line): bench/report computes the figures of several runs of one path
 * from these.
 */
static void save_raw(const struct bench_run *b)
{
	const char *path = getenv("BENCH_RAW");
	FILE *f;

	if (!path || !*path)
		return;
	f = fopen(path, "a");
	if (!f) {
		perror(path);
		return;
	}
	for (unsigned long i = 0; i < b->done; i++)
		fprintf(f, "%llu\n", (unsigned long long)b->lat_ns[i]);
	fclose(f);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array */
static double pct_us(const uint64_t *v, unsigned long n, unsigned int p)
{
	unsigned long rank;

	if (!n)
		return 0;
	rank = (n * p + PERCENT - 1) / PERCENT;
	if (rank < 1)
		rank = 1;
	return (double)v[rank - 1] / NS_PER_US;
}

int bench_report(struct bench_run *b, json_t *extra)
{
	double secs = 0, wall;
	json_t *o;

	/*
	 * Throughput over the time spent in completed round trips: a failed
	 * one (QEMU's card now and then loses an answer, and the path waits
	 * for its timeout) is counted in "errors", not in the figures.
	 */
	b->t_end = b->t_end ? b->t_end : bench_now_ns();
	wall = (double)(b->t_end - b->t_start) / NS_PER_S;
	for (unsigned long i = 0; i < b->done; i++)
		secs += (double)b->lat_ns[i] / NS_PER_S;
	save_raw(b);
	qsort(b->lat_ns, b->done, sizeof(*b->lat_ns), cmp_u64);
	o = json_pack("{s:s, s:I, s:I, s:I, s:f, s:f, s:f, s:f, s:f, s:f}",
		      "path", b->path,
		      "round_trips", (json_int_t)b->done,
		      "wanted", (json_int_t)b->wanted,
		      "errors", (json_int_t)b->errors,
		      "seconds", secs,
		      "wall_seconds", wall,
		      "apdus_per_s", secs > 0 ? b->done / secs : 0.0,
		      "p50_us", pct_us(b->lat_ns, b->done, 50),
		      "p99_us", pct_us(b->lat_ns, b->done, 99),
		      "max_us", b->done ? (double)b->lat_ns[b->done - 1] / NS_PER_US : 0.0);
	if (!o)
		return -1;
	if (b->errors)
		json_object_set_new(o, "first_error", json_string(b->first_error));
	if (extra)
		json_object_update(o, extra);
	json_dumpf(o, stdout, JSON_COMPACT);
	putchar('\n');
	fflush(stdout);
	json_decref(o);
	json_decref(extra);
	free(b->lat_ns);
	/* a few lost answers are reported, not fatal */
	return (!b->done || b->errors >= BENCH_MAX_ERRORS) ? 1 : 0;
}
