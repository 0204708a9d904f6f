// SPDX-License-Identifier: GPL-2.0
/*
 * scfilter generic netlink, the daemon's side (libnl-genl-3).
 *
 * Two sockets: one joined to the "monitor" group that only receives
 * notifications, one for requests (dump, BIND_DRIVER) so that answers and
 * notifications never interleave.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "daemon_nl.h"

/* Room for a burst of notifications while the pipeline runs */
#define SCB_NL_RCVBUF	(1 << 20)

struct scb_nl {
	struct nl_sock *req;
	struct nl_sock *mon;
	int family;
};

static struct nla_policy card_policy[SCF_A_CARD_MAX + 1] = {
	[SCF_A_CARD_READER] = { .type = NLA_U32 },
	[SCF_A_CARD_SLOT] = { .type = NLA_U32 },
	[SCF_A_CARD_STATE] = { .type = NLA_U32 },
	[SCF_A_CARD_PNP_ID] = { .type = NLA_STRING },
	[SCF_A_CARD_COMPAT_IDS] = { .type = NLA_STRING },
	[SCF_A_CARD_MINIDRIVER_NAME] = { .type = NLA_STRING },
	[SCF_A_CARD_MINIDRIVER_VERSION] = { .type = NLA_STRING },
};

static void copy_str(char *dst, size_t size, struct nlattr *a)
{
	dst[0] = '\0';
	if (a)
		snprintf(dst, size, "%.*s", nla_len(a), (char *)nla_data(a));
}

/* Fill @card from a message carrying SCF_A_CARD; -ENODATA without one */
static int parse_card(struct nl_msg *msg, struct scb_card *card,
		      uint64_t *seq)
{
	struct nlattr *top[SCF_A_MAX + 1], *c[SCF_A_CARD_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	if (genlmsg_parse(nlh, 0, top, SCF_A_MAX, NULL) < 0)
		return -EINVAL;
	if (seq)
		*seq = top[SCF_A_SEQ] ? nla_get_u64(top[SCF_A_SEQ]) : 0;
	if (!top[SCF_A_CARD])
		return -ENODATA;
	if (nla_parse_nested(c, SCF_A_CARD_MAX, top[SCF_A_CARD], card_policy))
		return -EINVAL;
	if (!c[SCF_A_CARD_READER] || !c[SCF_A_CARD_SLOT])
		return -EINVAL;
	memset(card, 0, sizeof(*card));
	card->reader = nla_get_u32(c[SCF_A_CARD_READER]);
	card->slot = nla_get_u32(c[SCF_A_CARD_SLOT]);
	card->state = c[SCF_A_CARD_STATE] ? nla_get_u32(c[SCF_A_CARD_STATE]) :
		      SCF_CARD_STATE_UNKNOWN;
	copy_str(card->pnp_id, sizeof(card->pnp_id), c[SCF_A_CARD_PNP_ID]);
	copy_str(card->compat, sizeof(card->compat), c[SCF_A_CARD_COMPAT_IDS]);
	copy_str(card->md_name, sizeof(card->md_name),
		 c[SCF_A_CARD_MINIDRIVER_NAME]);
	copy_str(card->md_version, sizeof(card->md_version),
		 c[SCF_A_CARD_MINIDRIVER_VERSION]);
	return 0;
}

const char *scb_nl_strerror(int err)
{
	return nl_geterror(err < 0 ? -err : err);
}

static struct nl_sock *connect_sock(void)
{
	struct nl_sock *s = nl_socket_alloc();

	if (!s)
		return NULL;
	if (genl_connect(s)) {
		nl_socket_free(s);
		return NULL;
	}
	return s;
}

/**
 * scb_nl_open() - connect to the scfilter family
 * @nl: result
 * @monitor: also join the "monitor" group
 *
 * Return: 0, -ENOENT (scfilter.ko not loaded) or -errno.
 */
int scb_nl_open(struct scb_nl **nl, int monitor)
{
	struct scb_nl *n = calloc(1, sizeof(*n));
	int grp, ret = -ENOMEM;

	if (!n)
		return -ENOMEM;
	n->req = connect_sock();
	if (!n->req)
		goto fail;
	n->family = genl_ctrl_resolve(n->req, SCF_GENL_NAME);
	if (n->family < 0) {
		ret = -ENOENT;
		goto fail;
	}
	if (monitor) {
		n->mon = connect_sock();
		if (!n->mon)
			goto fail;
		grp = genl_ctrl_resolve_grp(n->req, SCF_GENL_NAME,
					    SCF_GENL_MCGRP_MONITOR);
		if (grp < 0) {
			ret = -ENOENT;
			goto fail;
		}
		nl_socket_disable_seq_check(n->mon);
		nl_socket_set_buffer_size(n->mon, SCB_NL_RCVBUF, 0);
		if (nl_socket_add_membership(n->mon, grp) ||
		    nl_socket_set_nonblocking(n->mon)) {
			ret = -EIO;
			goto fail;
		}
	}
	*nl = n;
	return 0;
fail:
	scb_nl_close(n);
	return ret;
}

void scb_nl_close(struct scb_nl *nl)
{
	if (!nl)
		return;
	if (nl->mon)
		nl_socket_free(nl->mon);
	if (nl->req)
		nl_socket_free(nl->req);
	free(nl);
}

int scb_nl_event_fd(struct scb_nl *nl)
{
	return nl->mon ? nl_socket_get_fd(nl->mon) : -1;
}

struct dump_ctx {
	scb_card_fn fn;
	void *arg;
};

static int on_dump(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *d = arg;
	struct scb_card card;

	if (!parse_card(msg, &card, NULL))
		d->fn(&card, d->arg);
	return NL_OK;
}

/**
 * scb_nl_dump_cards() - call @fn for every card the kernel knows
 * @nl: connection
 * @fn: callback
 * @arg: its argument
 *
 * Return: 0 or a negative libnl error.
 */
int scb_nl_dump_cards(struct scb_nl *nl, scb_card_fn fn, void *arg)
{
	struct dump_ctx d = { fn, arg };
	struct nl_cb *cb;
	int ret;

	ret = genl_send_simple(nl->req, nl->family, SCF_CMD_CARD_GET,
			       SCF_GENL_VERSION, NLM_F_DUMP);
	if (ret < 0)
		return ret;
	cb = nl_cb_clone(nl_socket_get_cb(nl->req));
	if (!cb)
		return -NLE_NOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_dump, &d);
	ret = nl_recvmsgs(nl->req, cb);
	nl_cb_put(cb);
	return ret;
}

struct event_ctx {
	scb_event_fn fn;
	void *arg;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct event_ctx *e = arg;
	struct scb_card card;
	uint64_t seq = 0;
	int r;

	r = parse_card(msg, &card, &seq);
	e->fn(gh->cmd, seq, r ? NULL : &card, e->arg);
	return NL_OK;
}

/**
 * scb_nl_read_events() - deliver the pending notifications
 * @nl: connection opened with @monitor
 * @fn: called per notification (card NULL for non-card ones)
 * @arg: its argument
 *
 * Return: 0 when drained, -ENOBUFS when notifications were lost (the
 * caller resynchronises with a dump), or another negative error.
 */
int scb_nl_read_events(struct scb_nl *nl, scb_event_fn fn, void *arg)
{
	struct event_ctx e = { fn, arg };
	struct nl_cb *cb;
	int ret;

	cb = nl_cb_clone(nl_socket_get_cb(nl->mon));
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &e);
	do {
		ret = nl_recvmsgs(nl->mon, cb);
	} while (ret >= 0);
	nl_cb_put(cb);
	if (ret == -NLE_AGAIN)
		return 0;
	if (ret == -NLE_NOMEM || ret == -NLE_MSG_OVERFLOW)
		return -ENOBUFS;
	return -EIO;
}

/**
 * scb_nl_bind() - report the driver serving a card (BIND_DRIVER)
 * @nl: connection
 * @reader: R
 * @slot: S
 * @name: driver name
 * @version: its version
 *
 * Return: 0 or a negative libnl error (scb_nl_strerror()).
 */
int scb_nl_bind(struct scb_nl *nl, uint32_t reader, uint32_t slot,
		const char *name, const char *version)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	int ret = -NLE_NOMEM;

	msg = nlmsg_alloc();
	if (!msg)
		return -NLE_NOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 NLM_F_REQUEST | NLM_F_ACK, SCF_CMD_BIND_DRIVER,
			 SCF_GENL_VERSION))
		goto out;
	nest = nla_nest_start(msg, SCF_A_CARD);
	if (!nest || nla_put_u32(msg, SCF_A_CARD_READER, reader) ||
	    nla_put_u32(msg, SCF_A_CARD_SLOT, slot) ||
	    nla_put_string(msg, SCF_A_CARD_MINIDRIVER_NAME, name) ||
	    nla_put_string(msg, SCF_A_CARD_MINIDRIVER_VERSION, version))
		goto out;
	nla_nest_end(msg, nest);
	ret = nl_send_auto(nl->req, msg);
	if (ret >= 0)
		ret = nl_wait_for_ack(nl->req);
out:
	nlmsg_free(msg);
	return ret;
}
