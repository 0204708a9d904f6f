/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CLI's client of the scfilter generic netlink family (libnl-genl-3):
 * requests, dumps and the "monitor" group. Errors are negative errnos; the
 * kernel's extended ACK message, when it sent one, is kept for the caller.
 */
#ifndef SCBRIDGE_NL_H
#define SCBRIDGE_NL_H

#include <stddef.h>
#include <stdint.h>

#include <linux/scpnp.h>

struct nlattr;

#define SCF_NL_STR_MAX		128
#define SCF_NL_ATR_MAX		CCID_ATR_MAX

/**
 * struct scf_reader_info - SCF_A_READER
 * @index: R
 * @vendor: USB idVendor
 * @product: USB idProduct
 * @nslots: slots of the reader
 * @serial: USB serial string
 * @name: USB product string
 */
struct scf_reader_info {
	uint32_t index;
	uint16_t vendor;
	uint16_t product;
	uint32_t nslots;
	char serial[SCF_NL_STR_MAX];
	char name[SCF_NL_STR_MAX];
};

/**
 * struct scf_slot_info - SCF_A_SLOT
 * @reader: R
 * @slot: S
 * @node: "ccid<R>s<S>"
 * @card_present: a card device exists
 */
struct scf_slot_info {
	uint32_t reader;
	uint32_t slot;
	char node[SCF_NL_STR_MAX];
	int card_present;
};

/**
 * struct scf_card_info - SCF_A_CARD
 * @reader: R
 * @slot: S
 * @name: "card<R>s<S>"
 * @state: enum scf_card_state
 * @source: enum scf_id_source
 * @atr: answer to reset
 * @atr_len: its length
 * @pnp_id: device ID, "" when none
 * @compat_ids: compatible IDs, space-separated, "" when none
 * @modalias: "" when none
 * @md_name: bound minidriver, "" when none
 * @md_version: its version
 */
struct scf_card_info {
	uint32_t reader;
	uint32_t slot;
	char name[SCF_NL_STR_MAX];
	uint32_t state;
	uint32_t source;
	uint8_t atr[SCF_NL_ATR_MAX];
	size_t atr_len;
	char pnp_id[SCF_NL_STR_MAX];
	char compat_ids[2 * SCF_NL_STR_MAX];
	char modalias[SCF_NL_STR_MAX];
	char md_name[SCF_MINIDRIVER_NAME_MAX];
	char md_version[SCF_MINIDRIVER_VERSION_MAX];
};

/**
 * struct scf_event - a notification of the "monitor" group
 * @cmd: SCF_CMD_READER_ADD, ..._DEL, CARD_INSERT, CARD_REMOVE, DRIVER_BOUND
 * @seq: SCF_A_SEQ
 * @has_reader: @reader is valid
 * @has_card: @card is valid
 * @reader: the reader (reader events)
 * @card: the card (card events)
 */
struct scf_event {
	int cmd;
	uint64_t seq;
	int has_reader;
	int has_card;
	struct scf_reader_info reader;
	struct scf_card_info card;
};

struct scf_nl;

typedef int (*scf_reader_fn)(const struct scf_reader_info *r, void *arg);
typedef int (*scf_slot_fn)(const struct scf_slot_info *s, void *arg);
typedef int (*scf_card_fn)(const struct scf_card_info *c, void *arg);
typedef int (*scf_event_fn)(const struct scf_event *ev, void *arg);

int scf_nl_open(struct scf_nl **nl);
void scf_nl_close(struct scf_nl *nl);
const char *scf_nl_errmsg(const struct scf_nl *nl);
uint64_t scf_nl_last_seq(const struct scf_nl *nl);

int scf_nl_dump_readers(struct scf_nl *nl, scf_reader_fn fn, void *arg);
int scf_nl_dump_slots(struct scf_nl *nl, scf_slot_fn fn, void *arg);
int scf_nl_dump_cards(struct scf_nl *nl, scf_card_fn fn, void *arg);
int scf_nl_bind(struct scf_nl *nl, uint32_t reader, uint32_t slot,
		const char *name, const char *version);
int scf_nl_set_pnp(struct scf_nl *nl, int on);
int scf_nl_get_pnp(struct scf_nl *nl, int *on);

int scf_nl_monitor(struct scf_nl *nl);
int scf_nl_monitor_fd(const struct scf_nl *nl);
int scf_nl_read_events(struct scf_nl *nl, scf_event_fn fn, void *arg);

/* Message parsing, exposed for the unit tests */
int scf_nl_parse_reader(struct nlattr *nest, struct scf_reader_info *r);
int scf_nl_parse_slot(struct nlattr *nest, struct scf_slot_info *s);
int scf_nl_parse_card(struct nlattr *nest, struct scf_card_info *c);

const char *scf_nl_state_name(uint32_t state);
const char *scf_nl_source_name(uint32_t source);
const char *scf_nl_event_name(int cmd);

#endif /* SCBRIDGE_NL_H */
