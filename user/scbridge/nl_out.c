// SPDX-License-Identifier: GPL-2.0
/*
 * JSON and text forms of scfilter's readers and cards (the JSON keys follow
 * the sysfs attribute names of the card device), and errors in plain words.
 */
#include <errno.h>
#include <string.h>

#include "nl_out.h"
#include "sanitize.h"

/**
 * scf_hex() - lower-case hex, no separators (as sysfs "atr")
 * @buf: bytes
 * @len: their number
 * @out: 2 * @len + 1 bytes
 */
void scf_hex(const uint8_t *buf, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[buf[i] >> 4];
		out[2 * i + 1] = digits[buf[i] & 0x0F];
	}
	out[2 * len] = '\0';
}

static json_t *str_or_null(const char *s)
{
	return *s ? json_string(s) : json_null();
}

json_t *scf_reader_json(const struct scf_reader_info *r)
{
	char vid[8], pid[8];

	snprintf(vid, sizeof(vid), "%04x", r->vendor);
	snprintf(pid, sizeof(pid), "%04x", r->product);
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}",
			 "index", (json_int_t)r->index,
			 "vendor", vid, "product", pid,
			 "nslots", (json_int_t)r->nslots,
			 "serial", r->serial, "name", r->name);
}

/* Space-separated IDs as an array */
static json_t *ids_json(const char *ids)
{
	json_t *a = json_array();
	const char *p = ids;

	while (a && *p) {
		size_t n = strcspn(p, " ");

		if (n)
			json_array_append_new(a, json_stringn(p, n));
		p += n;
		p += strspn(p, " ");
	}
	return a;
}

json_t *scf_card_json(const struct scf_card_info *c)
{
	char atr[2 * SCF_NL_ATR_MAX + 1];
	json_t *md;

	scf_hex(c->atr, c->atr_len, atr);
	if (c->md_name[0])
		md = json_pack("{s:s, s:s}", "name", c->md_name,
			       "version", c->md_version);
	else
		md = json_null();
	return json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
			 "name", c->name,
			 "reader", (json_int_t)c->reader,
			 "slot", (json_int_t)c->slot,
			 "state", scf_nl_state_name(c->state),
			 "source", scf_nl_source_name(c->source),
			 "atr", atr,
			 "pnp_id", str_or_null(c->pnp_id),
			 "compatible_ids", ids_json(c->compat_ids),
			 "modalias", str_or_null(c->modalias),
			 "minidriver", md);
}

/**
 * scf_card_print() - a card's details, one per line, indented
 * @f: output
 * @c: the card
 */
void scf_card_print(FILE *f, const struct scf_card_info *c)
{
	char atr[2 * SCF_NL_ATR_MAX + 1];

	scf_hex(c->atr, c->atr_len, atr);
	fprintf(f, "    state       %s (%s)\n", scf_nl_state_name(c->state),
		scf_nl_source_name(c->source));
	fprintf(f, "    atr         %s\n", atr);
	fprintf(f, "    pnp_id      %s\n",
		c->pnp_id[0] ? SCB_SAFE(c->pnp_id) : "-");
	fprintf(f, "    compatible  %s\n",
		c->compat_ids[0] ? SCB_SAFE(c->compat_ids) : "-");
	fprintf(f, "    modalias    %s\n",
		c->modalias[0] ? SCB_SAFE(c->modalias) : "-");
	if (c->md_name[0])
		fprintf(f, "    minidriver  %s %s\n", SCB_SAFE(c->md_name),
			SCB_SAFE(c->md_version));
	else
		fprintf(f, "    minidriver  -\n");
}

/**
 * scf_cli_open() - connect to scfilter, or say why not on stderr
 * @nl: the connection
 *
 * Return: 0 or a negative errno.
 */
int scf_cli_open(struct scf_nl **nl)
{
	int ret = scf_nl_open(nl);

	if (ret == -ENOENT)
		fprintf(stderr,
			"scbridge: the scfilter netlink family is not there: is scfilter.ko loaded? (modprobe scfilter)\n");
	else if (ret)
		fprintf(stderr, "scbridge: cannot reach scfilter: %s\n",
			strerror(-ret));
	return ret;
}

/**
 * scf_cli_error() - report a failed request in plain words
 * @nl: the connection (for the kernel's message)
 * @what: the request, e.g. "bind-driver"
 * @err: its negative errno
 */
void scf_cli_error(const struct scf_nl *nl, const char *what, int err)
{
	const char *msg = scf_nl_errmsg(nl);

	if (err == -EPERM || err == -EACCES)
		fprintf(stderr,
			"scbridge: permission denied: %s needs CAP_NET_ADMIN (run it as root)\n",
			what);
	else if (*msg)
		fprintf(stderr, "scbridge: %s: %s (%s)\n", what, msg,
			strerror(-err));
	else
		fprintf(stderr, "scbridge: %s: %s\n", what, strerror(-err));
}
