// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge's scfilter client: parsing of reader, slot and card nests as
 * the kernel builds them, and their JSON form (the keys scripts use).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "nl.h"
#include "nl_out.h"

static const uint8_t qemu_atr[] = {
	0x3B, 0x7A, 0x18, 0x00, 0x00, 0x73, 0x66, 0x74, 0x65, 0x20, 0x63,
	0x64, 0x31, 0x34, 0x34,
};
#define QEMU_ID "SCFILTER\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D"

/* The card nest of card0s0 as scfilter.ko fills it; @atr_len may lie */
static struct nlattr *card_nest(struct nl_msg *msg, int with_reader,
				size_t atr_len, int bound)
{
	struct nlattr *nest = nla_nest_start(msg, SCF_A_CARD);
	static uint8_t atr[64];

	memcpy(atr, qemu_atr, sizeof(qemu_atr));
	if (with_reader)
		nla_put_u32(msg, SCF_A_CARD_READER, 0);
	nla_put_u32(msg, SCF_A_CARD_SLOT, 0);
	nla_put_string(msg, SCF_A_CARD_NAME, "card0s0");
	nla_put_u32(msg, SCF_A_CARD_STATE, SCF_CARD_STATE_READY);
	nla_put_u32(msg, SCF_A_CARD_SOURCE, SCF_SOURCE_CARDID);
	nla_put(msg, SCF_A_CARD_ATR, (int)atr_len, atr);
	nla_put_string(msg, SCF_A_CARD_PNP_ID, QEMU_ID);
	nla_put_string(msg, SCF_A_CARD_MODALIAS,
		       "smartcard:cidd2e980e288514f8781d64f254e38001d");
	if (bound) {
		nla_put_string(msg, SCF_A_CARD_MINIDRIVER_NAME, "msdrv");
		nla_put_string(msg, SCF_A_CARD_MINIDRIVER_VERSION, "1.0");
	}
	nla_nest_end(msg, nest);
	return nest;
}

static void test_card(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct scf_card_info c;
	struct nlattr *nest;

	(void)state;
	nest = card_nest(msg, 1, sizeof(qemu_atr), 0);
	assert_int_equal(scf_nl_parse_card(nest, &c), 0);
	assert_int_equal(c.reader, 0);
	assert_int_equal(c.slot, 0);
	assert_string_equal(c.name, "card0s0");
	assert_int_equal(c.state, SCF_CARD_STATE_READY);
	assert_string_equal(scf_nl_state_name(c.state), "ready");
	assert_string_equal(scf_nl_source_name(c.source), "cardid");
	assert_int_equal(c.atr_len, sizeof(qemu_atr));
	assert_memory_equal(c.atr, qemu_atr, sizeof(qemu_atr));
	assert_string_equal(c.pnp_id, QEMU_ID);
	assert_string_equal(c.compat_ids, "");
	assert_string_equal(c.md_name, "");
	nlmsg_free(msg);
}

static void test_card_malformed(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct scf_card_info c;

	(void)state;
	/* No reader: refused */
	assert_int_equal(scf_nl_parse_card(card_nest(msg, 0, 15, 0), &c),
			 -EBADMSG);
	nlmsg_free(msg);
	/* An ATR longer than any ATR: refused, not copied */
	msg = nlmsg_alloc();
	assert_int_equal(scf_nl_parse_card(card_nest(msg, 1, 34, 0), &c),
			 -EBADMSG);
	nlmsg_free(msg);
}

static void test_card_json(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct scf_card_info c;
	json_t *j, *md;

	(void)state;
	assert_int_equal(scf_nl_parse_card(card_nest(msg, 1, 15, 1), &c), 0);
	j = scf_card_json(&c);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "atr")),
			    "3b7a18000073667465206364313434");
	assert_string_equal(json_string_value(json_object_get(j, "pnp_id")),
			    QEMU_ID);
	assert_string_equal(json_string_value(json_object_get(j, "state")),
			    "ready");
	assert_int_equal(json_array_size(json_object_get(j, "compatible_ids")),
			 0);
	md = json_object_get(j, "minidriver");
	assert_string_equal(json_string_value(json_object_get(md, "name")),
			    "msdrv");
	assert_string_equal(json_string_value(json_object_get(md, "version")),
			    "1.0");
	json_decref(j);
	nlmsg_free(msg);
}

static void test_card_json_no_id(void **state)
{
	struct scf_card_info c;
	json_t *j, *ids;

	(void)state;
	memset(&c, 0, sizeof(c));
	strcpy(c.name, "card1s2");
	c.reader = 1;
	c.slot = 2;
	c.state = SCF_CARD_STATE_PNP_DISABLED;
	strcpy(c.compat_ids, "SCFILTER\\CID_A SCFILTER\\CID_B");
	j = scf_card_json(&c);
	assert_true(json_is_null(json_object_get(j, "pnp_id")));
	assert_true(json_is_null(json_object_get(j, "modalias")));
	assert_true(json_is_null(json_object_get(j, "minidriver")));
	assert_string_equal(json_string_value(json_object_get(j, "state")),
			    "pnp-disabled");
	assert_string_equal(json_string_value(json_object_get(j, "atr")), "");
	ids = json_object_get(j, "compatible_ids");
	assert_int_equal(json_array_size(ids), 2);
	assert_string_equal(json_string_value(json_array_get(ids, 1)),
			    "SCFILTER\\CID_B");
	json_decref(j);
}

static void test_reader_slot(void **state)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct scf_reader_info r;
	struct scf_slot_info s;
	struct nlattr *nest;
	json_t *j;

	(void)state;
	nest = nla_nest_start(msg, SCF_A_READER);
	nla_put_u32(msg, SCF_A_READER_INDEX, 3);
	nla_put_u16(msg, SCF_A_READER_VENDOR, 0x08e6);
	nla_put_u16(msg, SCF_A_READER_PRODUCT, 0x4433);
	nla_put_u32(msg, SCF_A_READER_SLOTS, 1);
	nla_put_string(msg, SCF_A_READER_SERIAL, "SCPNP0001");
	nla_put_string(msg, SCF_A_READER_NAME, "QEMU USB CCID");
	nla_nest_end(msg, nest);
	assert_int_equal(scf_nl_parse_reader(nest, &r), 0);
	assert_int_equal(r.index, 3);
	j = scf_reader_json(&r);
	assert_string_equal(json_string_value(json_object_get(j, "vendor")),
			    "08e6");
	assert_string_equal(json_string_value(json_object_get(j, "product")),
			    "4433");
	assert_string_equal(json_string_value(json_object_get(j, "serial")),
			    "SCPNP0001");
	json_decref(j);

	nest = nla_nest_start(msg, SCF_A_SLOT);
	nla_put_u32(msg, SCF_A_SLOT_READER, 3);
	nla_put_u32(msg, SCF_A_SLOT_INDEX, 1);
	nla_put_string(msg, SCF_A_SLOT_NODE, "ccid3s1");
	nla_put_u8(msg, SCF_A_SLOT_CARD_PRESENT, 1);
	nla_nest_end(msg, nest);
	assert_int_equal(scf_nl_parse_slot(nest, &s), 0);
	assert_int_equal(s.reader, 3);
	assert_int_equal(s.slot, 1);
	assert_string_equal(s.node, "ccid3s1");
	assert_int_equal(s.card_present, 1);
	nlmsg_free(msg);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(scf_nl_event_name(SCF_CMD_CARD_INSERT),
			    "card-insert");
	assert_string_equal(scf_nl_event_name(SCF_CMD_READER_DEL),
			    "reader-del");
	assert_string_equal(scf_nl_event_name(SCF_CMD_DRIVER_BOUND),
			    "driver-bound");
	assert_string_equal(scf_nl_event_name(SCF_CMD_CARD_GET), "unknown");
	assert_string_equal(scf_nl_state_name(99), "unknown");
	assert_string_equal(scf_nl_source_name(SCF_SOURCE_HIST),
			    "historical-bytes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_card),
		cmocka_unit_test(test_card_malformed),
		cmocka_unit_test(test_card_json),
		cmocka_unit_test(test_card_json_no_id),
		cmocka_unit_test(test_reader_slot),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
