// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge monitor [--json] [--count N]: one line (or JSON object) per
 * notification of scfilter's "monitor" group. Every notification carries a
 * sequence number; on a gap, or when the socket overflowed, events were
 * lost: the monitor says so and prints a fresh dump of readers and cards
 * (a "resync"), then goes on with the events newer than that dump. The
 * first line ("start") tells that the monitor is subscribed, and the
 * number of the newest event before it.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl_out.h"
#include "scf_cmds.h"
#include "sanitize.h"

struct monitor {
	struct scf_nl *nl;
	int json;
	long count;		/* events left to print, -1: no limit */
	uint64_t next;		/* sequence number expected, 0: any */
	uint64_t floor;		/* events up to this one are in a resync */
	json_t *resync_readers;	/* being filled by a resync dump */
	json_t *resync_cards;
};

static void emit(json_t *obj)
{
	json_dumpf(obj, stdout, JSON_COMPACT);
	fputc('\n', stdout);
	fflush(stdout);
	json_decref(obj);
}

static int resync_reader(const struct scf_reader_info *r, void *arg)
{
	struct monitor *m = arg;

	if (m->json)
		json_array_append_new(m->resync_readers, scf_reader_json(r));
	else
		printf("  reader %u: %04x:%04x serial %s\n", r->index, r->vendor,
		       r->product, r->serial[0] ? SCB_SAFE(r->serial) : "(none)");
	return 0;
}

static int resync_card(const struct scf_card_info *c, void *arg)
{
	struct monitor *m = arg;

	if (m->json) {
		json_array_append_new(m->resync_cards, scf_card_json(c));
	} else {
		printf("  %s\n", SCB_SAFE(c->name));
		scf_card_print(stdout, c);
	}
	return 0;
}

/*
 * Lost events: dump the state. @expected is the number that was due (0
 * when unknown), @got the one that came (0 after an overflow).
 */
static int resync(struct monitor *m, const char *reason, uint64_t expected,
		  uint64_t got)
{
	int ret;

	if (m->json) {
		m->resync_readers = json_array();
		m->resync_cards = json_array();
	} else {
		printf("resync: events lost (%s", reason);
		if (expected)
			printf(", expected seq %" PRIu64 ", got %" PRIu64,
			       expected, got);
		printf("); current state:\n");
	}
	ret = scf_nl_dump_readers(m->nl, resync_reader, m);
	if (!ret)
		ret = scf_nl_dump_cards(m->nl, resync_card, m);
	if (ret) {
		json_decref(m->resync_readers);
		json_decref(m->resync_cards);
		scf_cli_error(m->nl, "resync", ret);
		return ret;
	}
	m->next = scf_nl_last_seq(m->nl) + 1;
	m->floor = m->next - 1;
	if (m->json) {
		json_t *o = json_pack("{s:s, s:s, s:I, s:o, s:o}",
				      "event", "resync", "reason", reason,
				      "seq", (json_int_t)(m->next - 1),
				      "readers", m->resync_readers,
				      "cards", m->resync_cards);

		if (expected) {
			json_object_set_new(o, "expected",
					    json_integer((json_int_t)expected));
			json_object_set_new(o, "got",
					    json_integer((json_int_t)got));
		}
		emit(o);
	} else {
		printf("resync: done at seq %" PRIu64 "\n", m->next - 1);
		fflush(stdout);
	}
	m->resync_readers = NULL;
	m->resync_cards = NULL;
	return 0;
}

static void print_event(struct monitor *m, const struct scf_event *ev)
{
	const char *name = scf_nl_event_name(ev->cmd);
	char atr[2 * SCF_NL_ATR_MAX + 1];

	if (m->json) {
		json_t *o = json_pack("{s:I, s:s}", "seq", (json_int_t)ev->seq,
				      "event", name);

		if (ev->has_reader)
			json_object_set_new(o, "reader",
					    scf_reader_json(&ev->reader));
		if (ev->has_card)
			json_object_set_new(o, "card", scf_card_json(&ev->card));
		emit(o);
		return;
	}
	printf("seq %" PRIu64 " %s", ev->seq, name);
	if (ev->has_reader)
		printf(" reader %u %04x:%04x serial %s", ev->reader.index,
		       ev->reader.vendor, ev->reader.product,
		       ev->reader.serial[0] ? SCB_SAFE(ev->reader.serial) :
					       "(none)");
	if (ev->has_card) {
		const struct scf_card_info *c = &ev->card;

		scf_hex(c->atr, c->atr_len, atr);
		printf(" %s state=%s pnp_id=%s compat=%s atr=%s",
		       SCB_SAFE(c->name), scf_nl_state_name(c->state),
		       c->pnp_id[0] ? SCB_SAFE(c->pnp_id) : "-",
		       c->compat_ids[0] ? SCB_SAFE(c->compat_ids) : "-", atr);
		if (c->md_name[0])
			printf(" minidriver=%s/%s", SCB_SAFE(c->md_name),
			       SCB_SAFE(c->md_version));
	}
	putchar('\n');
	fflush(stdout);
}

/* Stop reading: the requested number of events was printed */
#define MONITOR_DONE	1

static int on_event(const struct scf_event *ev, void *arg)
{
	struct monitor *m = arg;
	uint64_t expected = m->next;

	/* Already reflected by a resync dump */
	if (ev->seq <= m->floor)
		return 0;
	print_event(m, ev);
	/* Older ones may still come: sent before the start, read after it */
	if (ev->seq < expected)
		return 0;
	m->next = ev->seq + 1;
	if (m->count > 0 && !--m->count)
		return MONITOR_DONE;
	if (expected && ev->seq > expected)
		return resync(m, "gap", expected, ev->seq);
	return 0;
}

int cmd_monitor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "count", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct monitor m = { .count = -1 };
	char *end;
	int c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jn:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			m.json = 1;
			continue;
		case 'n':
			m.count = strtol(optarg, &end, 10);
			if (*end || m.count <= 0) {
				fprintf(stderr, "scbridge: --count needs a positive number\n");
				return 2;
			}
			continue;
		}
		fprintf(c == 'h' ? stdout : stderr,
			"usage: scbridge monitor [--json] [--count N]\n"
			"Print scfilter's reader and card events as they come, one line\n"
			"(or JSON object) each; resynchronise by dump when events are lost.\n");
		return c == 'h' ? 0 : 2;
	}
	if (optind < argc) {
		fprintf(stderr, "usage: scbridge monitor [--json] [--count N]\n");
		return 2;
	}
	if (scf_cli_open(&m.nl))
		return 1;
	ret = scf_nl_monitor(m.nl);
	if (ret) {
		scf_cli_error(m.nl, "monitor", ret);
		goto out_close;
	}
	/* Subscribed: say so, with the number of the newest event */
	ret = scf_nl_get_pnp(m.nl, &c);
	if (ret) {
		scf_cli_error(m.nl, "monitor", ret);
		goto out_close;
	}
	m.next = scf_nl_last_seq(m.nl) + 1;
	if (m.json)
		emit(json_pack("{s:s, s:I}", "event", "start",
			       "seq", (json_int_t)(m.next - 1)));
	else
		printf("monitoring scfilter events after seq %" PRIu64 "\n",
		       m.next - 1);
	fflush(stdout);
	for (;;) {
		ret = scf_nl_read_events(m.nl, on_event, &m);
		if (ret == -ENOBUFS)
			ret = resync(&m, "overflow", 0, 0);
		if (ret)
			break;
	}
	if (ret == MONITOR_DONE)
		ret = 0;
	else
		scf_cli_error(m.nl, "monitor", ret);
out_close:
	scf_nl_close(m.nl);
	return ret ? 1 : 0;
}
