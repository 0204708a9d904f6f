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

#include <linux/scpnp.h>

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

#define INS_ECHO	0xEE	/* tests/gadget's card: the data back */
#define INS_GET_DATA	0xCA	/* tests/gadget's card: P1P2 bytes */
#define SHORT_LC_MAX	255
#define SHORT_LE_MAX	256
#define KIB		1024.0
#define DATA_SIZE_MAX	65535	/* Lc of an extended APDU */

static uint8_t *data_cmd[2];
static size_t data_len[2];
static size_t resp_max = BENCH_RESP_MAX;

/* BENCH_MIX=data:SIZE: the two commands, built once */
static int mix_init(void)
{
	const char *mix = getenv("BENCH_MIX");
	unsigned long size;
	size_t n = 0;
	uint8_t *c;

	if (!mix || !*mix || !strcmp(mix, "qemu"))
		return 0;
	if (strncmp(mix, "data:", 5) || !(size = bench_parse_count(mix + 5)) ||
	    size > DATA_SIZE_MAX) {
		fprintf(stderr, "BENCH_MIX: qemu or data:SIZE (1..%d)\n", DATA_SIZE_MAX);
		return -1;
	}
	/* ECHO, case 4: Lc, data, Le (all bytes) */
	c = malloc(4 + 3 + size + 2);
	if (!c)
		return -1;
	c[n++] = 0x00;
	c[n++] = INS_ECHO;
	c[n++] = 0x00;
	c[n++] = 0x00;
	if (size <= SHORT_LC_MAX) {
		c[n++] = (uint8_t)size;
		memset(c + n, 0x5A, size);
		n += size;
		c[n++] = 0x00;
	} else {
		c[n++] = 0x00;
		c[n++] = (uint8_t)(size >> 8);
		c[n++] = (uint8_t)size;
		memset(c + n, 0x5A, size);
		n += size;
		c[n++] = 0x00;
		c[n++] = 0x00;
	}
	data_cmd[0] = c;
	data_len[0] = n;
	/* GET DATA, case 2: Le = SIZE */
	c = malloc(7);
	if (!c)
		return -1;
	n = 0;
	c[n++] = 0x00;
	c[n++] = INS_GET_DATA;
	c[n++] = (uint8_t)(size >> 8);
	c[n++] = (uint8_t)size;
	if (size <= SHORT_LE_MAX) {
		c[n++] = (uint8_t)size;		/* 256 is 00 */
	} else {
		c[n++] = 0x00;
		c[n++] = (uint8_t)(size >> 8);
		c[n++] = (uint8_t)size;
	}
	data_cmd[1] = c;
	data_len[1] = n;
	resp_max = BENCH_EXT_RESP_MAX;
	return 0;
}

size_t bench_cmd(unsigned long i, const uint8_t **cmd)
{
	if (data_cmd[0]) {
		*cmd = data_cmd[i & 1];
		return data_len[i & 1];
	}
	*cmd = (i & 1) ? bench_case2 : bench_case4;
	return (i & 1) ? bench_case2_len : bench_case4_len;
}

size_t bench_resp_max(void)
{
	return resp_max;
}

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
	if (mix_init())
		return -1;
	b->path = path;
	b->wanted = n;
	b->lat_ns = calloc(n, sizeof(*b->lat_ns));
	if (!b->lat_ns)
		return -1;
	b->t_start = bench_now_ns();
	return 0;
}

void bench_record(struct bench_run *b, uint64_t t0, uint64_t t1, size_t bytes)
{
	b->bytes += bytes;
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
	json_object_set_new(o, "bytes", json_integer((json_int_t)b->bytes));
	json_object_set_new(o, "kib_per_s", json_real(secs > 0 ? b->bytes / KIB / secs : 0.0));
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
