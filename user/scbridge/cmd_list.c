// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge list [--json]: readers, their slots and the cards in them, as
 * scfilter.ko reports them over netlink (the same values as sysfs).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nl_out.h"
#include "scf_cmds.h"
#include "sanitize.h"

/* A growable array of one kind of object */
struct vec {
	void *v;
	size_t n;
	size_t cap;
	size_t size;
};

static int vec_push(struct vec *vec, const void *obj)
{
	if (vec->n == vec->cap) {
		size_t cap = vec->cap ? 2 * vec->cap : 8;
		void *v = realloc(vec->v, cap * vec->size);

		if (!v)
			return -ENOMEM;
		vec->v = v;
		vec->cap = cap;
	}
	memcpy((char *)vec->v + vec->n * vec->size, obj, vec->size);
	vec->n++;
	return 0;
}

static int add_reader(const struct scf_reader_info *r, void *arg)
{
	return vec_push(arg, r);
}

static int add_slot(const struct scf_slot_info *s, void *arg)
{
	return vec_push(arg, s);
}

static int add_card(const struct scf_card_info *c, void *arg)
{
	return vec_push(arg, c);
}

struct snapshot {
	struct vec readers;
	struct vec slots;
	struct vec cards;
	int pnp;
};

static const struct scf_card_info *find_card(const struct snapshot *s,
					     uint32_t reader, uint32_t slot)
{
	const struct scf_card_info *c = s->cards.v;
	size_t i;

	for (i = 0; i < s->cards.n; i++)
		if (c[i].reader == reader && c[i].slot == slot)
			return &c[i];
	return NULL;
}

static int print_json(const struct snapshot *s)
{
	const struct scf_reader_info *r = s->readers.v;
	const struct scf_slot_info *sl = s->slots.v;
	json_t *root, *readers;
	size_t i, j;
	int ret;

	readers = json_array();
	root = json_pack("{s:b, s:o}", "pnp", s->pnp == 1, "readers", readers);
	if (!root)
		return -ENOMEM;
	for (i = 0; i < s->readers.n; i++) {
		json_t *jr = scf_reader_json(&r[i]);
		json_t *slots = json_array();

		json_object_set_new(jr, "slots", slots);
		json_array_append_new(readers, jr);
		for (j = 0; j < s->slots.n; j++) {
			const struct scf_card_info *c;

			if (sl[j].reader != r[i].index)
				continue;
			c = find_card(s, sl[j].reader, sl[j].slot);
			json_array_append_new(slots,
				json_pack("{s:I, s:s, s:o}",
					  "slot", (json_int_t)sl[j].slot,
					  "node", sl[j].node,
					  "card", c ? scf_card_json(c) :
						      json_null()));
		}
	}
	ret = json_dumpf(root, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
	json_decref(root);
	return ret ? -EIO : 0;
}

static void print_text(const struct snapshot *s)
{
	const struct scf_reader_info *r = s->readers.v;
	const struct scf_slot_info *sl = s->slots.v;
	size_t i, j;

	for (i = 0; i < s->readers.n; i++) {
		printf("reader %u: %04x:%04x %s, serial %s, %u slot%s\n",
		       r[i].index, r[i].vendor, r[i].product,
		       r[i].name[0] ? SCB_SAFE(r[i].name) : "(no name)",
		       r[i].serial[0] ? SCB_SAFE(r[i].serial) : "(none)",
		       r[i].nslots,
		       r[i].nslots == 1 ? "" : "s");
		for (j = 0; j < s->slots.n; j++) {
			const struct scf_card_info *c;

			if (sl[j].reader != r[i].index)
				continue;
			c = find_card(s, sl[j].reader, sl[j].slot);
			printf("  slot %u (/dev/%s): %s\n", sl[j].slot,
			       SCB_SAFE(sl[j].node), c ? SCB_SAFE(c->name) : "empty");
			if (c)
				scf_card_print(stdout, c);
		}
	}
	if (!s->readers.n)
		printf("no reader\n");
	printf("pnp discovery: %s\n", s->pnp == 1 ? "on" : "off");
}

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct snapshot s = {
		.readers = { .size = sizeof(struct scf_reader_info) },
		.slots = { .size = sizeof(struct scf_slot_info) },
		.cards = { .size = sizeof(struct scf_card_info) },
	};
	struct scf_nl *nl;
	int json = 0, c, ret;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		if (c == 'j') {
			json = 1;
			continue;
		}
		fprintf(c == 'h' ? stdout : stderr,
			"usage: scbridge list [--json]\n"
			"Readers, slots and cards as scfilter.ko sees them: ATR, PnP IDs,\n"
			"discovery state and minidriver binding.\n");
		return c == 'h' ? 0 : 2;
	}
	if (optind < argc) {
		fprintf(stderr, "usage: scbridge list [--json]\n");
		return 2;
	}
	if (scf_cli_open(&nl))
		return 1;
	ret = scf_nl_get_pnp(nl, &s.pnp);
	if (!ret)
		ret = scf_nl_dump_readers(nl, add_reader, &s.readers);
	if (!ret)
		ret = scf_nl_dump_slots(nl, add_slot, &s.slots);
	if (!ret)
		ret = scf_nl_dump_cards(nl, add_card, &s.cards);
	if (ret)
		scf_cli_error(nl, "list", ret);
	else if (json)
		ret = print_json(&s);
	else
		print_text(&s);
	scf_nl_close(nl);
	free(s.readers.v);
	free(s.slots.v);
	free(s.cards.v);
	return ret ? 1 : 0;
}
