// SPDX-License-Identifier: GPL-2.0
/*
 * scfilter generic netlink client of the scbridge CLI (libnl-genl-3).
 *
 * One socket for requests (every request waits for its ACK or its dump's
 * end, and the kernel's error and extended ACK message are kept), a second
 * one for the "monitor" group, so that notifications never mix with
 * replies.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK		270
#endif

/* Receive buffer of the monitor socket: room for bursts of events */
#define SCF_NL_MON_RCVBUF	(1 << 20)

struct scf_nl {
	struct nl_sock *req;
	struct nl_sock *mon;
	int family;
	uint64_t last_seq;
	char errmsg[256];
};

static struct nla_policy top_policy[SCF_A_MAX + 1] = {
	[SCF_A_SEQ] = { .type = NLA_U64 },
	[SCF_A_READER] = { .type = NLA_NESTED },
	[SCF_A_SLOT] = { .type = NLA_NESTED },
	[SCF_A_CARD] = { .type = NLA_NESTED },
	[SCF_A_POLICY] = { .type = NLA_NESTED },
};

static struct nla_policy reader_policy[SCF_A_READER_MAX + 1] = {
	[SCF_A_READER_INDEX] = { .type = NLA_U32 },
	[SCF_A_READER_VENDOR] = { .type = NLA_U16 },
	[SCF_A_READER_PRODUCT] = { .type = NLA_U16 },
	[SCF_A_READER_SLOTS] = { .type = NLA_U32 },
	[SCF_A_READER_SERIAL] = { .type = NLA_STRING },
	[SCF_A_READER_NAME] = { .type = NLA_STRING },
};

static struct nla_policy slot_policy[SCF_A_SLOT_MAX + 1] = {
	[SCF_A_SLOT_READER] = { .type = NLA_U32 },
	[SCF_A_SLOT_INDEX] = { .type = NLA_U32 },
	[SCF_A_SLOT_NODE] = { .type = NLA_STRING },
	[SCF_A_SLOT_CARD_PRESENT] = { .type = NLA_U8 },
};

static struct nla_policy card_policy[SCF_A_CARD_MAX + 1] = {
	[SCF_A_CARD_READER] = { .type = NLA_U32 },
	[SCF_A_CARD_SLOT] = { .type = NLA_U32 },
	[SCF_A_CARD_NAME] = { .type = NLA_STRING },
	[SCF_A_CARD_STATE] = { .type = NLA_U32 },
	[SCF_A_CARD_SOURCE] = { .type = NLA_U32 },
	[SCF_A_CARD_ATR] = { .type = NLA_UNSPEC },
	[SCF_A_CARD_PNP_ID] = { .type = NLA_STRING },
	[SCF_A_CARD_COMPAT_IDS] = { .type = NLA_STRING },
	[SCF_A_CARD_MODALIAS] = { .type = NLA_STRING },
	[SCF_A_CARD_MINIDRIVER_NAME] = { .type = NLA_STRING },
	[SCF_A_CARD_MINIDRIVER_VERSION] = { .type = NLA_STRING },
};

static struct nla_policy policy_policy[SCF_A_POLICY_MAX + 1] = {
	[SCF_A_POLICY_PNP] = { .type = NLA_U8 },
};

static void copy_str(char *dst, size_t size, struct nlattr *a)
{
	dst[0] = '\0';
	if (a)
		nla_strlcpy(dst, a, size);
}

/**
 * scf_nl_parse_reader() - decode an SCF_A_READER nest
 * @nest: the attribute
 * @r: filled in
 *
 * Return: 0 or -EBADMSG (malformed, or no index).
 */
int scf_nl_parse_reader(struct nlattr *nest, struct scf_reader_info *r)
{
	struct nlattr *tb[SCF_A_READER_MAX + 1];

	memset(r, 0, sizeof(*r));
	if (nla_parse_nested(tb, SCF_A_READER_MAX, nest, reader_policy) ||
	    !tb[SCF_A_READER_INDEX])
		return -EBADMSG;
	r->index = nla_get_u32(tb[SCF_A_READER_INDEX]);
	if (tb[SCF_A_READER_VENDOR])
		r->vendor = nla_get_u16(tb[SCF_A_READER_VENDOR]);
	if (tb[SCF_A_READER_PRODUCT])
		r->product = nla_get_u16(tb[SCF_A_READER_PRODUCT]);
	if (tb[SCF_A_READER_SLOTS])
		r->nslots = nla_get_u32(tb[SCF_A_READER_SLOTS]);
	copy_str(r->serial, sizeof(r->serial), tb[SCF_A_READER_SERIAL]);
	copy_str(r->name, sizeof(r->name), tb[SCF_A_READER_NAME]);
	return 0;
}

/**
 * scf_nl_parse_slot() - decode an SCF_A_SLOT nest
 * @nest: the attribute
 * @s: filled in
 *
 * Return: 0 or -EBADMSG.
 */
int scf_nl_parse_slot(struct nlattr *nest, struct scf_slot_info *s)
{
	struct nlattr *tb[SCF_A_SLOT_MAX + 1];

	memset(s, 0, sizeof(*s));
	if (nla_parse_nested(tb, SCF_A_SLOT_MAX, nest, slot_policy) ||
	    !tb[SCF_A_SLOT_READER] || !tb[SCF_A_SLOT_INDEX])
		return -EBADMSG;
	s->reader = nla_get_u32(tb[SCF_A_SLOT_READER]);
	s->slot = nla_get_u32(tb[SCF_A_SLOT_INDEX]);
	copy_str(s->node, sizeof(s->node), tb[SCF_A_SLOT_NODE]);
	if (tb[SCF_A_SLOT_CARD_PRESENT])
		s->card_present = nla_get_u8(tb[SCF_A_SLOT_CARD_PRESENT]);
	return 0;
}

/**
 * scf_nl_parse_card() - decode an SCF_A_CARD nest
 * @nest: the attribute
 * @c: filled in
 *
 * Return: 0 or -EBADMSG (malformed, no reader or slot, ATR too long).
 */
int scf_nl_parse_card(struct nlattr *nest, struct scf_card_info *c)
{
	struct nlattr *tb[SCF_A_CARD_MAX + 1];

	memset(c, 0, sizeof(*c));
	if (nla_parse_nested(tb, SCF_A_CARD_MAX, nest, card_policy) ||
	    !tb[SCF_A_CARD_READER] || !tb[SCF_A_CARD_SLOT])
		return -EBADMSG;
	c->reader = nla_get_u32(tb[SCF_A_CARD_READER]);
	c->slot = nla_get_u32(tb[SCF_A_CARD_SLOT]);
	c->state = tb[SCF_A_CARD_STATE] ? nla_get_u32(tb[SCF_A_CARD_STATE]) :
		   SCF_CARD_STATE_UNKNOWN;
	c->source = tb[SCF_A_CARD_SOURCE] ?
		    nla_get_u32(tb[SCF_A_CARD_SOURCE]) : SCF_SOURCE_NONE;
	if (tb[SCF_A_CARD_ATR]) {
		if ((size_t)nla_len(tb[SCF_A_CARD_ATR]) > sizeof(c->atr))
			return -EBADMSG;
		c->atr_len = nla_len(tb[SCF_A_CARD_ATR]);
		memcpy(c->atr, nla_data(tb[SCF_A_CARD_ATR]), c->atr_len);
	}
	copy_str(c->name, sizeof(c->name), tb[SCF_A_CARD_NAME]);
	copy_str(c->pnp_id, sizeof(c->pnp_id), tb[SCF_A_CARD_PNP_ID]);
	copy_str(c->compat_ids, sizeof(c->compat_ids),
		 tb[SCF_A_CARD_COMPAT_IDS]);
	copy_str(c->modalias, sizeof(c->modalias), tb[SCF_A_CARD_MODALIAS]);
	copy_str(c->md_name, sizeof(c->md_name),
		 tb[SCF_A_CARD_MINIDRIVER_NAME]);
	copy_str(c->md_version, sizeof(c->md_version),
		 tb[SCF_A_CARD_MINIDRIVER_VERSION]);
	return 0;
}

const char *scf_nl_state_name(uint32_t state)
{
	static const char *const names[] = {
		[SCF_CARD_STATE_DISCOVERING] = "discovering",
		[SCF_CARD_STATE_READY] = "ready",
		[SCF_CARD_STATE_UNKNOWN] = "unknown",
		[SCF_CARD_STATE_PNP_DISABLED] = "pnp-disabled",
	};

	return state < sizeof(names) / sizeof(names[0]) ? names[state] :
							   "unknown";
}

const char *scf_nl_source_name(uint32_t source)
{
	static const char *const names[] = {
		[SCF_SOURCE_NONE] = "none",
		[SCF_SOURCE_CARDID] = "cardid",
		[SCF_SOURCE_EF_ATR] = "ef-atr",
		[SCF_SOURCE_PIV] = "piv",
		[SCF_SOURCE_GIDS] = "gids",
		[SCF_SOURCE_HIST] = "historical-bytes",
	};

	return source < sizeof(names) / sizeof(names[0]) ? names[source] :
							    "none";
}

const char *scf_nl_event_name(int cmd)
{
	switch (cmd) {
	case SCF_CMD_READER_ADD:
		return "reader-add";
	case SCF_CMD_READER_DEL:
		return "reader-del";
	case SCF_CMD_CARD_INSERT:
		return "card-insert";
	case SCF_CMD_CARD_REMOVE:
		return "card-remove";
	case SCF_CMD_DRIVER_BOUND:
		return "driver-bound";
	default:
		return "unknown";
	}
}

static struct nl_sock *connect_sock(void)
{
	struct nl_sock *s = nl_socket_alloc();
	int one = 1;

	if (!s)
		return NULL;
	if (genl_connect(s)) {
		nl_socket_free(s);
		return NULL;
	}
	/* Extended ACK: the kernel says what was wrong with a request */
	setsockopt(nl_socket_get_fd(s), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	setsockopt(nl_socket_get_fd(s), SOL_NETLINK, NETLINK_CAP_ACK, &one,
		   sizeof(one));
	return s;
}

/**
 * scf_nl_open() - connect to the scfilter family
 * @nl: the connection, on success
 *
 * Return: 0, -ENOENT when the family is not registered (scfilter.ko not
 * loaded), -ENOMEM or -EIO.
 */
int scf_nl_open(struct scf_nl **nl)
{
	struct scf_nl *n = calloc(1, sizeof(*n));
	int ret = -EIO;

	if (!n)
		return -ENOMEM;
	n->req = connect_sock();
	if (!n->req)
		goto err_close;
	n->family = genl_ctrl_resolve(n->req, SCF_GENL_NAME);
	if (n->family < 0) {
		ret = -ENOENT;
		goto err_close;
	}
	*nl = n;
	return 0;

err_close:
	scf_nl_close(n);
	return ret;
}

void scf_nl_close(struct scf_nl *nl)
{
	if (!nl)
		return;
	if (nl->mon)
		nl_socket_free(nl->mon);
	if (nl->req)
		nl_socket_free(nl->req);
	free(nl);
}

/**
 * scf_nl_errmsg() - the kernel's message about the last failed request
 * @nl: connection
 *
 * Return: the extended ACK message, "" when there was none.
 */
const char *scf_nl_errmsg(const struct scf_nl *nl)
{
	return nl->errmsg;
}

/**
 * scf_nl_last_seq() - event sequence number of the last reply
 * @nl: connection
 *
 * Return: SCF_A_SEQ of the newest reply or dump message (the state they
 * show includes every event up to it).
 */
uint64_t scf_nl_last_seq(const struct scf_nl *nl)
{
	return nl->last_seq;
}

/* One request in flight */
struct req {
	struct scf_nl *nl;
	int done;
	int err;
	int (*parse)(struct req *r, struct nlattr **tb, int cmd);
	void *fn;
	void *arg;
	int cb_ret;
};

static void take_extack(struct scf_nl *nl, const struct nlmsgerr *e)
{
	const struct nlmsghdr *nlh = (const void *)((const char *)e -
						    NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);
	size_t total = nlh->nlmsg_len - NLMSG_HDRLEN;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (off >= total)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + off), total - off, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(nl->errmsg, tb[NLMSGERR_ATTR_MSG],
			    sizeof(nl->errmsg));
}

static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct req *r = arg;

	(void)who;
	r->err = e->error;
	take_extack(r->nl, e);
	r->done = 1;
	return NL_STOP;
}

static int on_done(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;

	(void)msg;
	r->done = 1;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[SCF_A_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, SCF_A_MAX, top_policy) < 0)
		return NL_SKIP;
	if (tb[SCF_A_SEQ] && nla_get_u64(tb[SCF_A_SEQ]) > r->nl->last_seq)
		r->nl->last_seq = nla_get_u64(tb[SCF_A_SEQ]);
	if (r->parse && !r->cb_ret)
		r->cb_ret = r->parse(r, tb, gh->cmd);
	return NL_OK;
}

/* Send @msg (consumed) and receive until its ACK, error or dump end */
static int scf_nl_exchange(struct scf_nl *nl, struct nl_msg *msg,
			   struct req *r)
{
	struct nl_cb *cb;
	int ret;

	r->nl = nl;
	nl->errmsg[0] = '\0';
	ret = nl_send_auto(nl->req, msg);
	nlmsg_free(msg);
	if (ret < 0)
		return -EIO;
	cb = nl_cb_clone(nl_socket_get_cb(nl->req));
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_done, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);
	while (!r->done) {
		ret = nl_recvmsgs(nl->req, cb);
		if (ret < 0 && !r->done) {
			r->err = -EIO;
			break;
		}
	}
	nl_cb_put(cb);
	if (r->err)
		return r->err;
	return r->cb_ret;
}

static struct nl_msg *scf_nl_msg(struct scf_nl *nl, int cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags,
			 cmd, SCF_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int parse_reader(struct req *r, struct nlattr **tb, int cmd)
{
	struct scf_reader_info info;

	(void)cmd;
	if (!tb[SCF_A_READER] || scf_nl_parse_reader(tb[SCF_A_READER], &info))
		return 0;
	return ((scf_reader_fn)r->fn)(&info, r->arg);
}

static int parse_slot(struct req *r, struct nlattr **tb, int cmd)
{
	struct scf_slot_info info;

	(void)cmd;
	if (!tb[SCF_A_SLOT] || scf_nl_parse_slot(tb[SCF_A_SLOT], &info))
		return 0;
	return ((scf_slot_fn)r->fn)(&info, r->arg);
}

static int parse_card(struct req *r, struct nlattr **tb, int cmd)
{
	struct scf_card_info info;

	(void)cmd;
	if (!tb[SCF_A_CARD] || scf_nl_parse_card(tb[SCF_A_CARD], &info))
		return 0;
	return ((scf_card_fn)r->fn)(&info, r->arg);
}

static int scf_nl_dump(struct scf_nl *nl, int cmd,
		       int (*parse)(struct req *, struct nlattr **, int),
		       void *fn, void *arg)
{
	struct req r = { .parse = parse, .fn = fn, .arg = arg };
	struct nl_msg *msg = scf_nl_msg(nl, cmd, NLM_F_DUMP);

	if (!msg)
		return -ENOMEM;
	return scf_nl_exchange(nl, msg, &r);
}

/**
 * scf_nl_dump_readers() - call @fn for every reader
 * @nl: connection
 * @fn: callback; a non-zero return is passed back (the dump is read on)
 * @arg: its argument
 *
 * Return: 0, the first non-zero return of @fn, or a negative errno.
 */
int scf_nl_dump_readers(struct scf_nl *nl, scf_reader_fn fn, void *arg)
{
	return scf_nl_dump(nl, SCF_CMD_READER_GET, parse_reader, (void *)fn,
			   arg);
}

/**
 * scf_nl_dump_slots() - call @fn for every slot
 * @nl: connection
 * @fn: callback
 * @arg: its argument
 *
 * Return: as scf_nl_dump_readers().
 */
int scf_nl_dump_slots(struct scf_nl *nl, scf_slot_fn fn, void *arg)
{
	return scf_nl_dump(nl, SCF_CMD_SLOT_GET, parse_slot, (void *)fn, arg);
}

/**
 * scf_nl_dump_cards() - call @fn for every card
 * @nl: connection
 * @fn: callback
 * @arg: its argument
 *
 * Return: as scf_nl_dump_readers().
 */
int scf_nl_dump_cards(struct scf_nl *nl, scf_card_fn fn, void *arg)
{
	return scf_nl_dump(nl, SCF_CMD_CARD_GET, parse_card, (void *)fn, arg);
}

/**
 * scf_nl_bind() - record the minidriver serving a card (CAP_NET_ADMIN)
 * @nl: connection
 * @reader: R
 * @slot: S
 * @name: minidriver name, "" to clear the binding
 * @version: its version, or NULL
 *
 * Return: 0 or a negative errno (-EPERM without CAP_NET_ADMIN).
 */
int scf_nl_bind(struct scf_nl *nl, uint32_t reader, uint32_t slot,
		const char *name, const char *version)
{
	struct req r = { 0 };
	struct nl_msg *msg = scf_nl_msg(nl, SCF_CMD_BIND_DRIVER, NLM_F_ACK);
	struct nlattr *nest;

	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, SCF_A_CARD);
	if (!nest || nla_put_u32(msg, SCF_A_CARD_READER, reader) ||
	    nla_put_u32(msg, SCF_A_CARD_SLOT, slot) ||
	    nla_put_string(msg, SCF_A_CARD_MINIDRIVER_NAME, name) ||
	    (version &&
	     nla_put_string(msg, SCF_A_CARD_MINIDRIVER_VERSION, version))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return scf_nl_exchange(nl, msg, &r);
}

/**
 * scf_nl_set_pnp() - the kernel's "pnp" switch (CAP_NET_ADMIN)
 * @nl: connection
 * @on: send discovery APDUs to cards inserted from now on
 *
 * Return: 0 or a negative errno (-EPERM without CAP_NET_ADMIN).
 */
int scf_nl_set_pnp(struct scf_nl *nl, int on)
{
	struct req r = { 0 };
	struct nl_msg *msg = scf_nl_msg(nl, SCF_CMD_SET_POLICY, NLM_F_ACK);
	struct nlattr *nest;

	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, SCF_A_POLICY);
	if (!nest || nla_put_u8(msg, SCF_A_POLICY_PNP, !!on)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return scf_nl_exchange(nl, msg, &r);
}

static int parse_policy(struct req *r, struct nlattr **tb, int cmd)
{
	struct nlattr *p[SCF_A_POLICY_MAX + 1];

	(void)cmd;
	if (!tb[SCF_A_POLICY] ||
	    nla_parse_nested(p, SCF_A_POLICY_MAX, tb[SCF_A_POLICY],
			     policy_policy) || !p[SCF_A_POLICY_PNP])
		return -EBADMSG;
	*(int *)r->arg = nla_get_u8(p[SCF_A_POLICY_PNP]);
	return 0;
}

/**
 * scf_nl_get_pnp() - read the kernel's "pnp" switch
 * @nl: connection
 * @on: set to 0 or 1
 *
 * Return: 0 or a negative errno.
 */
int scf_nl_get_pnp(struct scf_nl *nl, int *on)
{
	struct req r = { .parse = parse_policy, .arg = on };
	struct nl_msg *msg = scf_nl_msg(nl, SCF_CMD_GET_POLICY, NLM_F_ACK);

	if (!msg)
		return -ENOMEM;
	*on = -1;
	return scf_nl_exchange(nl, msg, &r);
}

/**
 * scf_nl_monitor() - join the "monitor" group
 * @nl: connection
 *
 * Return: 0, -ENOENT (no such group) or -EIO.
 */
int scf_nl_monitor(struct scf_nl *nl)
{
	int grp;

	grp = genl_ctrl_resolve_grp(nl->req, SCF_GENL_NAME,
				    SCF_GENL_MCGRP_MONITOR);
	if (grp < 0)
		return -ENOENT;
	nl->mon = connect_sock();
	if (!nl->mon)
		return -EIO;
	nl_socket_disable_seq_check(nl->mon);
	nl_socket_set_buffer_size(nl->mon, SCF_NL_MON_RCVBUF, 0);
	if (nl_socket_add_membership(nl->mon, grp))
		return -EIO;
	return 0;
}

int scf_nl_monitor_fd(const struct scf_nl *nl)
{
	return nl->mon ? nl_socket_get_fd(nl->mon) : -1;
}

struct event_req {
	scf_event_fn fn;
	void *arg;
	int ret;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct event_req *e = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[SCF_A_MAX + 1];
	struct scf_event ev;

	if (genlmsg_parse(nlh, 0, tb, SCF_A_MAX, top_policy) < 0 ||
	    !tb[SCF_A_SEQ])
		return NL_SKIP;
	memset(&ev, 0, sizeof(ev));
	ev.cmd = gh->cmd;
	ev.seq = nla_get_u64(tb[SCF_A_SEQ]);
	if (tb[SCF_A_READER] &&
	    !scf_nl_parse_reader(tb[SCF_A_READER], &ev.reader))
		ev.has_reader = 1;
	if (tb[SCF_A_CARD] && !scf_nl_parse_card(tb[SCF_A_CARD], &ev.card))
		ev.has_card = 1;
	if (!e->ret)
		e->ret = e->fn(&ev, e->arg);
	return e->ret ? NL_STOP : NL_OK;
}

/**
 * scf_nl_read_events() - receive notifications (blocks for the first)
 * @nl: connection with scf_nl_monitor() done
 * @fn: called for each; a non-zero return stops and is passed back
 * @arg: its argument
 *
 * Return: 0, the non-zero return of @fn, -ENOBUFS when the socket
 * overflowed (events were lost: dump to resynchronise), or -EIO.
 */
int scf_nl_read_events(struct scf_nl *nl, scf_event_fn fn, void *arg)
{
	struct event_req e = { .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int ret;

	cb = nl_cb_clone(nl_socket_get_cb(nl->mon));
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &e);
	ret = nl_recvmsgs(nl->mon, cb);
	nl_cb_put(cb);
	if (e.ret)
		return e.ret;
	/* libnl reports the socket's ENOBUFS as NLE_NOMEM */
	if (ret == -NLE_NOMEM)
		return -ENOBUFS;
	return ret < 0 ? -EIO : 0;
}
