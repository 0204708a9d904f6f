// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "scfilter": readers, slots and cards (do and
 * dump), bind-driver and set-policy (CAP_NET_ADMIN), and the "monitor"
 * multicast group. Documentation/netlink/specs/scfilter.yaml describes it.
 *
 * Every notification carries SCF_A_SEQ, a 64-bit sequence number taken
 * and sent under scf_lock, so listeners see the numbers in order; a
 * notification that cannot be built still consumes its number, so the
 * listener sees a gap and resynchronises by dumping. Replies carry the
 * number of the last event, which tells a listener which notifications a
 * dump already reflects.
 */

#include <linux/kernel.h>
#include <linux/ctype.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "scfilter.h"

enum scf_mcgrp {
	SCF_MCGRP_MONITOR,
};

static const struct genl_multicast_group scf_mcgrps[] = {
	[SCF_MCGRP_MONITOR] = { .name = SCF_GENL_MCGRP_MONITOR },
};

static u64 scf_seq;	/* last event sequence number, under scf_lock */

/* Request policies: only what each request may carry (strict) */
static const struct nla_policy scf_reader_req_policy[SCF_A_READER_MAX + 1] = {
	[SCF_A_READER_INDEX] = { .type = NLA_U32 },
};

static const struct nla_policy scf_slot_req_policy[SCF_A_SLOT_MAX + 1] = {
	[SCF_A_SLOT_READER] = { .type = NLA_U32 },
	[SCF_A_SLOT_INDEX] = { .type = NLA_U32 },
};

static const struct nla_policy scf_card_req_policy[SCF_A_CARD_MAX + 1] = {
	[SCF_A_CARD_READER] = { .type = NLA_U32 },
	[SCF_A_CARD_SLOT] = { .type = NLA_U32 },
};

static const struct nla_policy scf_bind_req_policy[SCF_A_CARD_MAX + 1] = {
	[SCF_A_CARD_READER] = { .type = NLA_U32 },
	[SCF_A_CARD_SLOT] = { .type = NLA_U32 },
	[SCF_A_CARD_MINIDRIVER_NAME] = {
		.type = NLA_NUL_STRING,
		.len = SCF_MINIDRIVER_NAME_MAX - 1,
	},
	[SCF_A_CARD_MINIDRIVER_VERSION] = {
		.type = NLA_NUL_STRING,
		.len = SCF_MINIDRIVER_VERSION_MAX - 1,
	},
};

static const struct nla_policy scf_policy_req_policy[SCF_A_POLICY_MAX + 1] = {
	[SCF_A_POLICY_PNP] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy scf_reader_get_policy[SCF_A_MAX + 1] = {
	[SCF_A_READER] = NLA_POLICY_NESTED(scf_reader_req_policy),
};

static const struct nla_policy scf_slot_get_policy[SCF_A_MAX + 1] = {
	[SCF_A_SLOT] = NLA_POLICY_NESTED(scf_slot_req_policy),
};

static const struct nla_policy scf_card_get_policy[SCF_A_MAX + 1] = {
	[SCF_A_CARD] = NLA_POLICY_NESTED(scf_card_req_policy),
};

static const struct nla_policy scf_bind_policy[SCF_A_MAX + 1] = {
	[SCF_A_CARD] = NLA_POLICY_NESTED(scf_bind_req_policy),
};

static const struct nla_policy scf_set_policy_policy[SCF_A_MAX + 1] = {
	[SCF_A_POLICY] = NLA_POLICY_NESTED(scf_policy_req_policy),
};

static struct genl_family scf_family;

/* Message contents ------------------------------------------------------ */

static int scf_put_reader(struct sk_buff *skb, const struct scf_reader *rdr)
{
	const struct ccid_slot_ident *id = &rdr->ident;
	struct nlattr *nest;

	nest = nla_nest_start(skb, SCF_A_READER);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, SCF_A_READER_INDEX, id->reader) ||
	    nla_put_u16(skb, SCF_A_READER_VENDOR, id->vendor) ||
	    nla_put_u16(skb, SCF_A_READER_PRODUCT, id->product) ||
	    nla_put_u32(skb, SCF_A_READER_SLOTS, id->nslots) ||
	    nla_put_string(skb, SCF_A_READER_SERIAL, id->serial) ||
	    nla_put_string(skb, SCF_A_READER_NAME, id->product_name))
		goto err_cancel;
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int scf_put_slot(struct sk_buff *skb, const struct scf_slot *s)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, SCF_A_SLOT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, SCF_A_SLOT_READER, s->ident.reader) ||
	    nla_put_u32(skb, SCF_A_SLOT_INDEX, s->ident.slot) ||
	    nla_put_string(skb, SCF_A_SLOT_NODE, s->ident.name) ||
	    nla_put_u8(skb, SCF_A_SLOT_CARD_PRESENT, !!s->card))
		goto err_cancel;
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int scf_put_card_locked(struct sk_buff *skb, struct scf_card *card)
{
	if (nla_put_u32(skb, SCF_A_CARD_READER, card->reader) ||
	    nla_put_u32(skb, SCF_A_CARD_SLOT, card->slot) ||
	    nla_put_string(skb, SCF_A_CARD_NAME, dev_name(&card->dev)) ||
	    nla_put_u32(skb, SCF_A_CARD_STATE, card->state) ||
	    nla_put_u32(skb, SCF_A_CARD_SOURCE, card->source) ||
	    nla_put(skb, SCF_A_CARD_ATR, card->atr_len, card->atr))
		return -EMSGSIZE;
	if (card->pnp_id[0] &&
	    nla_put_string(skb, SCF_A_CARD_PNP_ID, card->pnp_id))
		return -EMSGSIZE;
	if (card->compat_ids[0] &&
	    nla_put_string(skb, SCF_A_CARD_COMPAT_IDS, card->compat_ids))
		return -EMSGSIZE;
	if (card->modalias[0] &&
	    nla_put_string(skb, SCF_A_CARD_MODALIAS, card->modalias))
		return -EMSGSIZE;
	if (card->md_name[0] &&
	    (nla_put_string(skb, SCF_A_CARD_MINIDRIVER_NAME, card->md_name) ||
	     nla_put_string(skb, SCF_A_CARD_MINIDRIVER_VERSION,
			    card->md_version)))
		return -EMSGSIZE;
	return 0;
}

static int scf_put_card(struct sk_buff *skb, struct scf_card *card)
{
	struct nlattr *nest;
	int ret;

	nest = nla_nest_start(skb, SCF_A_CARD);
	if (!nest)
		return -EMSGSIZE;
	mutex_lock(&card->lock);
	ret = scf_put_card_locked(skb, card);
	mutex_unlock(&card->lock);
	if (ret) {
		nla_nest_cancel(skb, nest);
		return ret;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* One message: header, SCF_A_SEQ, then one object. Context: scf_lock */
enum scf_obj { SCF_OBJ_READER, SCF_OBJ_SLOT, SCF_OBJ_CARD };

static int scf_fill(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		    u8 cmd, u64 event_seq, enum scf_obj kind, void *obj)
{
	void *hdr;
	int ret;

	hdr = genlmsg_put(skb, portid, seq, &scf_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	ret = nla_put_u64_64bit(skb, SCF_A_SEQ, event_seq, SCF_A_PAD);
	if (ret)
		goto err_cancel;
	switch (kind) {
	case SCF_OBJ_READER:
		ret = scf_put_reader(skb, obj);
		break;
	case SCF_OBJ_SLOT:
		ret = scf_put_slot(skb, obj);
		break;
	case SCF_OBJ_CARD:
		ret = scf_put_card(skb, obj);
		break;
	}
	if (ret)
		goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Notifications ----------------------------------------------------------- */

static void scf_notify(u8 cmd, enum scf_obj kind, void *obj)
{
	struct sk_buff *skb;
	u64 seq;

	lockdep_assert_held(&scf_lock);
	seq = ++scf_seq;
	if (!genl_has_listeners(&scf_family, &init_net, SCF_MCGRP_MONITOR))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (scf_fill(skb, 0, 0, 0, cmd, seq, kind, obj)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast(&scf_family, skb, 0, SCF_MCGRP_MONITOR, GFP_KERNEL);
}

/**
 * scf_notify_reader() - multicast reader-add or reader-del
 * @cmd: SCF_CMD_READER_ADD or SCF_CMD_READER_DEL
 * @rdr: the reader
 *
 * Context: process, scf_lock held.
 */
void scf_notify_reader(u8 cmd, const struct scf_reader *rdr)
{
	scf_notify(cmd, SCF_OBJ_READER, (void *)rdr);
}

/**
 * scf_notify_card() - multicast card-insert, card-remove or driver-bound
 * @cmd: SCF_CMD_CARD_INSERT, SCF_CMD_CARD_REMOVE or SCF_CMD_DRIVER_BOUND
 * @card: the card
 *
 * Context: process, scf_lock held.
 */
void scf_notify_card(u8 cmd, struct scf_card *card)
{
	scf_notify(cmd, SCF_OBJ_CARD, card);
}

/* Requests ---------------------------------------------------------------- */

static int scf_reply(struct genl_info *info, enum scf_obj kind, void *obj)
{
	struct sk_buff *skb;
	int ret;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	ret = scf_fill(skb, info->snd_portid, info->snd_seq, 0,
		       info->genlhdr->cmd, scf_seq, kind, obj);
	if (ret) {
		nlmsg_free(skb);
		return ret;
	}
	return genlmsg_reply(skb, info);
}

/* Parse the nest @type of a request, required attributes checked */
static int scf_parse_nest(struct genl_info *info, int type, struct nlattr **tb,
			  int maxtype, const struct nla_policy *policy)
{
	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;
	return nla_parse_nested(tb, maxtype, info->attrs[type], policy,
				info->extack);
}

static int scf_reader_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SCF_A_READER_MAX + 1];
	struct scf_reader *rdr;
	int ret;

	ret = scf_parse_nest(info, SCF_A_READER, tb, SCF_A_READER_MAX,
			     scf_reader_req_policy);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[SCF_A_READER], tb,
			      SCF_A_READER_INDEX))
		return -EINVAL;

	mutex_lock(&scf_lock);
	rdr = scf_reader_find(nla_get_u32(tb[SCF_A_READER_INDEX]));
	if (rdr) {
		ret = scf_reply(info, SCF_OBJ_READER, rdr);
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SCF_A_READER_INDEX],
				    "no such reader");
		ret = -ENODEV;
	}
	mutex_unlock(&scf_lock);
	return ret;
}

static int scf_reader_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct scf_reader *rdr;
	int ret = 0;

	/* cb->args[0]: index of the next reader to dump */
	mutex_lock(&scf_lock);
	list_for_each_entry(rdr, &scf_readers, node) {
		if (rdr->ident.reader < cb->args[0])
			continue;
		ret = scf_fill(skb, NETLINK_CB(cb->skb).portid,
			       cb->nlh->nlmsg_seq, NLM_F_MULTI,
			       SCF_CMD_READER_GET, scf_seq, SCF_OBJ_READER, rdr);
		if (ret)
			break;
		cb->args[0] = rdr->ident.reader + 1;
	}
	mutex_unlock(&scf_lock);
	return ret && !skb->len ? ret : skb->len;
}

/*
 * Slot and card dumps resume by key (reader, slot) + 1 in cb->args[0] and
 * may be filtered by reader: cb->args[1] is the reader + 1, 0 for all.
 */
static unsigned long scf_slot_key(const struct scf_slot *s)
{
	return ((unsigned long)s->ident.reader << 8 | s->ident.slot) + 1;
}

static int scf_dump_filter(struct netlink_callback *cb, int type,
			   const struct nla_policy *policy, int maxtype,
			   int reader_attr)
{
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	struct nlattr *tb[SCF_A_CARD_MAX + 1];
	int ret;

	if (!di->attrs[type])
		return 0;
	ret = nla_parse_nested(tb, maxtype, di->attrs[type], policy, cb->extack);
	if (ret)
		return ret;
	if (tb[reader_attr])
		cb->args[1] = (unsigned long)nla_get_u32(tb[reader_attr]) + 1;
	return 0;
}

static int scf_slot_card_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb, bool cards)
{
	struct scf_slot *s;
	int ret = 0;

	if (!cb->args[0]) {
		ret = cards ?
		      scf_dump_filter(cb, SCF_A_CARD, scf_card_req_policy,
				      SCF_A_CARD_MAX, SCF_A_CARD_READER) :
		      scf_dump_filter(cb, SCF_A_SLOT, scf_slot_req_policy,
				      SCF_A_SLOT_MAX, SCF_A_SLOT_READER);
		if (ret)
			return ret;
	}

	mutex_lock(&scf_lock);
	list_for_each_entry(s, &scf_slots, node) {
		if (scf_slot_key(s) <= cb->args[0])
			continue;
		if (cb->args[1] && s->ident.reader + 1 != cb->args[1])
			continue;
		if (cards && !s->card) {
			cb->args[0] = scf_slot_key(s);
			continue;
		}
		ret = scf_fill(skb, NETLINK_CB(cb->skb).portid,
			       cb->nlh->nlmsg_seq, NLM_F_MULTI,
			       cards ? SCF_CMD_CARD_GET : SCF_CMD_SLOT_GET,
			       scf_seq, cards ? SCF_OBJ_CARD : SCF_OBJ_SLOT,
			       cards ? (void *)s->card : (void *)s);
		if (ret)
			break;
		cb->args[0] = scf_slot_key(s);
	}
	mutex_unlock(&scf_lock);
	return ret && !skb->len ? ret : skb->len;
}

static int scf_slot_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return scf_slot_card_dumpit(skb, cb, false);
}

static int scf_card_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return scf_slot_card_dumpit(skb, cb, true);
}

/* Find the slot named by @tb[@rattr] and @tb[@sattr]. Context: scf_lock */
static struct scf_slot *scf_req_slot(struct genl_info *info, int nest,
				     struct nlattr **tb, int rattr, int sattr)
{
	struct scf_slot *s;

	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[nest], tb, rattr) ||
	    NL_REQ_ATTR_CHECK(info->extack, info->attrs[nest], tb, sattr))
		return ERR_PTR(-EINVAL);
	s = scf_slot_find(nla_get_u32(tb[rattr]), nla_get_u32(tb[sattr]));
	if (!s) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[sattr], "no such slot");
		return ERR_PTR(-ENODEV);
	}
	return s;
}

static int scf_slot_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SCF_A_SLOT_MAX + 1];
	struct scf_slot *s;
	int ret;

	ret = scf_parse_nest(info, SCF_A_SLOT, tb, SCF_A_SLOT_MAX,
			     scf_slot_req_policy);
	if (ret)
		return ret;
	mutex_lock(&scf_lock);
	s = scf_req_slot(info, SCF_A_SLOT, tb, SCF_A_SLOT_READER,
			 SCF_A_SLOT_INDEX);
	ret = IS_ERR(s) ? PTR_ERR(s) : scf_reply(info, SCF_OBJ_SLOT, s);
	mutex_unlock(&scf_lock);
	return ret;
}

/* The card of the slot a request names. Context: scf_lock */
static struct scf_card *scf_req_card(struct genl_info *info,
				     struct nlattr **tb)
{
	struct scf_slot *s;

	s = scf_req_slot(info, SCF_A_CARD, tb, SCF_A_CARD_READER,
			 SCF_A_CARD_SLOT);
	if (IS_ERR(s))
		return ERR_CAST(s);
	if (!s->card) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SCF_A_CARD_SLOT],
				    "no card in this slot");
		return ERR_PTR(-ENOMEDIUM);
	}
	return s->card;
}

static int scf_card_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SCF_A_CARD_MAX + 1];
	struct scf_card *card;
	int ret;

	ret = scf_parse_nest(info, SCF_A_CARD, tb, SCF_A_CARD_MAX,
			     scf_card_req_policy);
	if (ret)
		return ret;
	mutex_lock(&scf_lock);
	card = scf_req_card(info, tb);
	ret = IS_ERR(card) ? PTR_ERR(card) : scf_reply(info, SCF_OBJ_CARD, card);
	mutex_unlock(&scf_lock);
	return ret;
}

/* Minidriver names and versions: printable, no white space */
static bool scf_md_str_ok(const char *s)
{
	for (; *s; s++)
		if (!isgraph(*s))
			return false;
	return true;
}

static int scf_bind_driver_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SCF_A_CARD_MAX + 1];
	struct nlattr *name_attr, *ver_attr;
	const char *name, *ver = "";
	struct scf_card *card;
	int ret;

	ret = scf_parse_nest(info, SCF_A_CARD, tb, SCF_A_CARD_MAX,
			     scf_bind_req_policy);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[SCF_A_CARD], tb,
			      SCF_A_CARD_MINIDRIVER_NAME))
		return -EINVAL;
	name_attr = tb[SCF_A_CARD_MINIDRIVER_NAME];
	ver_attr = tb[SCF_A_CARD_MINIDRIVER_VERSION];
	name = nla_data(name_attr);
	if (ver_attr)
		ver = nla_data(ver_attr);
	if (!scf_md_str_ok(name)) {
		NL_SET_ERR_MSG_ATTR(info->extack, name_attr,
				    "minidriver name must be printable, without spaces");
		return -EINVAL;
	}
	if (!scf_md_str_ok(ver) || (!*name && *ver)) {
		NL_SET_ERR_MSG_ATTR(info->extack, ver_attr,
				    "minidriver version must be printable, without spaces, and needs a name");
		return -EINVAL;
	}

	mutex_lock(&scf_lock);
	card = scf_req_card(info, tb);
	if (IS_ERR(card)) {
		ret = PTR_ERR(card);
		goto out_unlock;
	}
	mutex_lock(&card->lock);
	strscpy(card->md_name, name, sizeof(card->md_name));
	strscpy(card->md_version, ver, sizeof(card->md_version));
	mutex_unlock(&card->lock);
	if (card->announced) {
		kobject_uevent(&card->dev.kobj, KOBJ_CHANGE);
		scf_notify_card(SCF_CMD_DRIVER_BOUND, card);
	}
	ret = 0;
out_unlock:
	mutex_unlock(&scf_lock);
	return ret;
}

static int scf_set_policy_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SCF_A_POLICY_MAX + 1];
	int ret;

	ret = scf_parse_nest(info, SCF_A_POLICY, tb, SCF_A_POLICY_MAX,
			     scf_policy_req_policy);
	if (ret)
		return ret;
	if (!tb[SCF_A_POLICY_PNP]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SCF_A_POLICY],
				    "no policy to set");
		return -EINVAL;
	}
	scf_set_pnp(nla_get_u8(tb[SCF_A_POLICY_PNP]));
	return 0;
}

static int scf_get_policy_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;
	u64 seq;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &scf_family, 0, SCF_CMD_GET_POLICY);
	if (!hdr)
		goto err_free;
	mutex_lock(&scf_lock);
	seq = scf_seq;
	mutex_unlock(&scf_lock);
	if (nla_put_u64_64bit(msg, SCF_A_SEQ, seq, SCF_A_PAD))
		goto err_free;
	nest = nla_nest_start(msg, SCF_A_POLICY);
	if (!nest || nla_put_u8(msg, SCF_A_POLICY_PNP, scf_pnp_enabled()))
		goto err_free;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static const struct genl_ops scf_ops[] = {
	{
		.cmd = SCF_CMD_READER_GET,
		.doit = scf_reader_get_doit,
		.dumpit = scf_reader_get_dumpit,
		.policy = scf_reader_get_policy,
		.maxattr = SCF_A_MAX,
	},
	{
		.cmd = SCF_CMD_SLOT_GET,
		.doit = scf_slot_get_doit,
		.dumpit = scf_slot_get_dumpit,
		.policy = scf_slot_get_policy,
		.maxattr = SCF_A_MAX,
	},
	{
		.cmd = SCF_CMD_CARD_GET,
		.doit = scf_card_get_doit,
		.dumpit = scf_card_get_dumpit,
		.policy = scf_card_get_policy,
		.maxattr = SCF_A_MAX,
	},
	{
		.cmd = SCF_CMD_BIND_DRIVER,
		.flags = GENL_ADMIN_PERM,
		.doit = scf_bind_driver_doit,
		.policy = scf_bind_policy,
		.maxattr = SCF_A_MAX,
	},
	{
		.cmd = SCF_CMD_SET_POLICY,
		.flags = GENL_ADMIN_PERM,
		.doit = scf_set_policy_doit,
		.policy = scf_set_policy_policy,
		.maxattr = SCF_A_MAX,
	},
	{
		.cmd = SCF_CMD_GET_POLICY,
		.doit = scf_get_policy_doit,
	},
};

static struct genl_family scf_family = {
	.name = SCF_GENL_NAME,
	.version = SCF_GENL_VERSION,
	.module = THIS_MODULE,
	.parallel_ops = true,
	.ops = scf_ops,
	.n_ops = ARRAY_SIZE(scf_ops),
	.mcgrps = scf_mcgrps,
	.n_mcgrps = ARRAY_SIZE(scf_mcgrps),
};

/**
 * scf_netlink_init() - register the scfilter family
 *
 * Return: 0 or a negative errno.
 */
int scf_netlink_init(void)
{
	return genl_register_family(&scf_family);
}

/**
 * scf_netlink_exit() - unregister the scfilter family
 */
void scf_netlink_exit(void)
{
	genl_unregister_family(&scf_family);
}
