/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * T=1 test vectors shared by KUnit and cmocka: blocks (framing, LRC, CRC,
 * malformed) and exchanges with the scripted card of script_card.h.
 */
#ifndef SCPNP_TEST_T1_CASES_H
#define SCPNP_TEST_T1_CASES_H

#include "t1.h"
#include "script_card.h"

struct t1_block_case {
	const char *name;
	u8 buf[16];
	size_t len;
	bool crc;
	int ret;
	enum t1_block_kind kind;
	u8 pcb;
	u8 inf_len;
};

static const struct t1_block_case t1_block_cases[] = {
	{ "i_block_lrc", { 0x00, 0x00, 0x05, 0x00, 0xa4, 0x04, 0x00, 0x00,
			   0xa5 }, 9, false, 0, T1_KIND_I, 0x00, 5 },
	{ "i_block_ns_more", { 0x00, 0x60, 0x01, 0x42, 0x23 }, 5, false, 0,
	  T1_KIND_I, 0x60, 1 },
	{ "r_block", { 0x00, 0x90, 0x00, 0x90 }, 4, false, 0, T1_KIND_R, 0x90,
	  0 },
	{ "r_block_edc_error", { 0x00, 0x81, 0x00, 0x81 }, 4, false, 0,
	  T1_KIND_R, 0x81, 0 },
	{ "s_wtx_request", { 0x00, 0xc3, 0x01, 0x05, 0xc7 }, 5, false, 0,
	  T1_KIND_S, 0xc3, 1 },
	{ "s_ifs_response", { 0x00, 0xe1, 0x01, 0xfe, 0x1e }, 5, false, 0,
	  T1_KIND_S, 0xe1, 1 },
	{ "s_resynch_response", { 0x00, 0xe0, 0x00, 0xe0 }, 4, false, 0,
	  T1_KIND_S, 0xe0, 0 },
	{ "s_vpp_error_response", { 0x00, 0xe4, 0x00, 0xe4 }, 4, false, 0,
	  T1_KIND_S, 0xe4, 0 },
	{ "i_block_empty", { 0x00, 0x40, 0x00, 0x40 }, 4, false, 0, T1_KIND_I,
	  0x40, 0 },
	/* CRC-16 of ISO/IEC 13239 as used by T=1 (see t1.c) */
	{ "r_block_crc", { 0x00, 0x90, 0x00, 0x20, 0x6e }, 5, true, 0,
	  T1_KIND_R, 0x90, 0 },
	/* malformed */
	{ "empty", { 0 }, 0, false, -EPROTO },
	{ "short", { 0x00, 0x00, 0x00 }, 3, false, -EPROTO },
	{ "len_longer_than_block", { 0x00, 0x00, 0x02, 0x41, 0x43 }, 5, false,
	  -EPROTO },
	{ "len_shorter_than_block", { 0x00, 0x00, 0x00, 0x41, 0x41 }, 5, false,
	  -EPROTO },
	{ "len_ff", { 0x00, 0x00, 0xff, 0xff }, 4, false, -EPROTO },
	{ "bad_lrc", { 0x00, 0x00, 0x01, 0x41, 0x41 }, 5, false, -EBADMSG },
	{ "bad_crc", { 0x00, 0x90, 0x00, 0x6e, 0x20 }, 5, true, -EBADMSG },
	{ "lrc_block_read_as_crc", { 0x00, 0x90, 0x00, 0x90 }, 4, true,
	  -EPROTO },
	{ "i_block_rfu_bits", { 0x00, 0x01, 0x00, 0x01 }, 4, false, -EPROTO },
	{ "r_block_rfu_bit", { 0x00, 0xa0, 0x00, 0xa0 }, 4, false, -EPROTO },
	{ "r_block_error_3", { 0x00, 0x83, 0x00, 0x83 }, 4, false, -EPROTO },
	{ "r_block_with_inf", { 0x00, 0x80, 0x01, 0x00, 0x81 }, 5, false,
	  -EPROTO },
	{ "s_unknown_type", { 0x00, 0xc5, 0x00, 0xc5 }, 4, false, -EPROTO },
	{ "s_wtx_no_inf", { 0x00, 0xc3, 0x00, 0xc3 }, 4, false, -EPROTO },
	{ "s_ifs_two_bytes", { 0x00, 0xc1, 0x02, 0x20, 0x00, 0xe3 }, 6, false,
	  -EPROTO },
	{ "s_resynch_with_inf", { 0x00, 0xc0, 0x01, 0x00, 0xc1 }, 5, false,
	  -EPROTO },
	{ "s_vpp_error_request", { 0x00, 0xc4, 0x00, 0xc4 }, 4, false,
	  -EPROTO },
};

/* PCBs */
#define PI(ns, m)	(T1_I_BLOCK | ((ns) ? T1_I_NS : 0) | ((m) ? T1_I_MORE : 0))
#define PR(nr, e)	(T1_R_BLOCK | ((nr) ? T1_R_NR : 0) | (e))
#define PSQ(t)		(T1_S_BLOCK | (t))
#define PSR(t)		(T1_S_BLOCK | T1_S_RESPONSE | (t))

/* Halves of a step */
#define TX_I(ns, m, off, n)	.tx_pcb = PI(ns, m), .tx_off = (off), .tx_len = (n)
#define TX_R(nr, e)		.tx_pcb = PR(nr, e)
#define TX_S(p, b)		.tx_pcb = (p), .tx_len = 1, .tx_byte = (b)
#define TX_S0(p)		.tx_pcb = (p)
#define RX_I(ns, m, off, n)	.rx_pcb = PI(ns, m), .rx_off = (off), .rx_len = (n)
#define RX_R(nr, e)		.rx_pcb = PR(nr, e)
#define RX_S(p, b)		.rx_pcb = (p), .rx_len = 1, .rx_byte = (b)
#define RX_S0(p)		.rx_pcb = (p)
#define RX_GARBAGE		.flags = T1S_GARBAGE
#define OK_	T1_R_OK
#define EDC_	T1_R_EDC_ERR
#define OTH_	T1_R_OTHER_ERR

static const struct t1_case t1_cases[] = {
	{ .name = "single_i_block", .cmd_len = 5, .ifsc = 254, .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_I(0, 0, 0, 4) } }, .nsteps = 1,
	  .answer_len = 4, .ns = 1, .nr = 1 },
	{ .name = "sequence_numbers_continue", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254, .ns0 = 1, .nr0 = 1,
	  .steps = { { TX_I(1, 0, 0, 5), RX_I(1, 0, 0, 4) } }, .nsteps = 1,
	  .answer_len = 4, .ns = 0, .nr = 0 },
	{ .name = "card_chains", .cmd_len = 5, .ifsc = 254, .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_I(0, 1, 0, 32) },
		     { TX_R(1, OK_), RX_I(1, 0, 32, 8) } }, .nsteps = 2,
	  .answer_len = 40, .ns = 1, .nr = 0 },
	{ .name = "host_chains_ifsc_16", .cmd_len = 40, .ifsc = 16,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 1, 0, 16), RX_R(1, OK_) },
		     { TX_I(1, 1, 16, 16), RX_R(0, OK_) },
		     { TX_I(0, 0, 32, 8), RX_I(0, 0, 0, 2) } }, .nsteps = 3,
	  .answer_len = 2, .ns = 1, .nr = 1 },
	{ .name = "both_chain", .cmd_len = 20, .ifsc = 16, .ifsd = 16,
	  .steps = { { TX_I(0, 1, 0, 16), RX_R(1, OK_) },
		     { TX_I(1, 0, 16, 4), RX_I(0, 1, 0, 16) },
		     { TX_R(1, OK_), RX_I(1, 0, 16, 3) } }, .nsteps = 3,
	  .answer_len = 19, .ns = 0, .nr = 0 },
	{ .name = "wtx_multiplier_next_exchange", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_S(PSQ(T1_S_WTX), 5) },
		     { TX_S(PSR(T1_S_WTX), 5), .wtx = 5, RX_I(0, 1, 0, 10) },
		     { TX_R(1, OK_), RX_I(1, 0, 10, 1) } }, .nsteps = 3,
	  .answer_len = 11, .ns = 1, .nr = 0, .wtx_count = 1 },
	{ .name = "card_ifs_request", .cmd_len = 40, .ifsc = 16, .ifsd = 254,
	  .steps = { { TX_I(0, 1, 0, 16), RX_S(PSQ(T1_S_IFS), 32) },
		     { TX_S(PSR(T1_S_IFS), 32), RX_R(1, OK_) },
		     { TX_I(1, 0, 16, 24), RX_I(0, 0, 0, 2) } }, .nsteps = 3,
	  .answer_len = 2, .ns = 0, .nr = 1, .ifsc_after = 32 },
	{ .name = "card_ifs_request_invalid", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_S(PSQ(T1_S_IFS), 0xff) },
		     { TX_R(0, OTH_), RX_I(0, 0, 0, 4) } }, .nsteps = 2,
	  .answer_len = 4, .ns = 1, .nr = 1, .retransmits = 1 },
	{ .name = "edc_error_from_card", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_I(0, 0, 0, 4),
		       .flags = T1S_BAD_EDC },
		     { TX_R(0, EDC_), RX_I(0, 0, 0, 4) } }, .nsteps = 2,
	  .answer_len = 4, .ns = 1, .nr = 1, .retransmits = 1 },
	{ .name = "garbage_from_card", .cmd_len = 5, .ifsc = 254, .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_GARBAGE },
		     { TX_R(0, OTH_), RX_I(0, 0, 0, 4) } }, .nsteps = 2,
	  .answer_len = 4, .ns = 1, .nr = 1, .retransmits = 1 },
	{ .name = "card_asks_retransmission", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_R(0, EDC_) },
		     { TX_I(0, 0, 0, 5), RX_I(0, 0, 0, 4) } }, .nsteps = 2,
	  .answer_len = 4, .ns = 1, .nr = 1, .retransmits = 1 },
	{ .name = "sequence_error_from_card", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_I(1, 0, 0, 4) },
		     { TX_R(0, OTH_), RX_I(0, 0, 0, 4) } }, .nsteps = 2,
	  .answer_len = 4, .ns = 1, .nr = 1, .retransmits = 1 },
	{ .name = "chained_block_retransmitted", .cmd_len = 20, .ifsc = 16,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 1, 0, 16), RX_R(0, EDC_) },
		     { TX_I(0, 1, 0, 16), RX_R(1, OK_) },
		     { TX_I(1, 0, 16, 4), RX_I(0, 0, 0, 1) } }, .nsteps = 3,
	  .answer_len = 1, .ns = 0, .nr = 1, .retransmits = 1 },
	{ .name = "i_block_while_host_chains", .cmd_len = 20, .ifsc = 16,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 1, 0, 16), RX_I(0, 0, 0, 2) },
		     { TX_R(0, OTH_), RX_R(1, OK_) },
		     { TX_I(1, 0, 16, 4), RX_I(0, 0, 0, 2) } }, .nsteps = 3,
	  .answer_len = 2, .ns = 0, .nr = 1, .retransmits = 1 },
	{ .name = "empty_chained_i_block", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_I(0, 1, 0, 0) },
		     { TX_R(0, OTH_), RX_I(0, 0, 0, 3) } }, .nsteps = 2,
	  .answer_len = 3, .ns = 1, .nr = 1, .retransmits = 1 },
	{ .name = "i_block_over_ifsd", .cmd_len = 5, .ifsc = 254, .ifsd = 16,
	  .steps = { { TX_I(0, 0, 0, 5), RX_I(0, 0, 0, 17) },
		     { TX_R(0, OTH_), RX_I(0, 0, 0, 16) } }, .nsteps = 2,
	  .answer_len = 16, .ns = 1, .nr = 1, .retransmits = 1 },
	{ .name = "unexpected_s_response", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_S(PSR(T1_S_WTX), 1) },
		     { TX_R(0, OTH_), RX_I(0, 0, 0, 4) } }, .nsteps = 2,
	  .answer_len = 4, .ns = 1, .nr = 1, .retransmits = 1 },
	{ .name = "crc_exchange", .cmd_len = 5, .ifsc = 254, .ifsd = 254,
	  .crc = true,
	  .steps = { { TX_I(0, 0, 0, 5), RX_I(0, 0, 0, 4) } }, .nsteps = 1,
	  .answer_len = 4, .ns = 1, .nr = 1 },
	{ .name = "crc_error_from_card", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254, .crc = true,
	  .steps = { { TX_I(0, 0, 0, 5), RX_I(0, 0, 0, 4),
		       .flags = T1S_BAD_EDC },
		     { TX_R(0, EDC_), RX_I(0, 0, 0, 4) } }, .nsteps = 2,
	  .answer_len = 4, .ns = 1, .nr = 1, .retransmits = 1 },
	/* recovery exhausted, failures */
	{ .name = "resynch_after_3_retries", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254, .ns0 = 1, .nr0 = 1,
	  .steps = { { TX_I(1, 0, 0, 5), RX_GARBAGE },
		     { TX_R(1, OTH_), RX_GARBAGE },
		     { TX_R(1, OTH_), RX_GARBAGE },
		     { TX_R(1, OTH_), RX_GARBAGE },
		     { TX_S0(PSQ(T1_S_RESYNCH)), RX_S0(PSR(T1_S_RESYNCH)) } },
	  .nsteps = 5, .ret = -ECONNRESET, .ns = 0, .nr = 0,
	  .retransmits = 3, .resynchs = 1 },
	{ .name = "resynch_unanswered", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_GARBAGE },
		     { TX_R(0, OTH_), RX_GARBAGE },
		     { TX_R(0, OTH_), RX_GARBAGE },
		     { TX_R(0, OTH_), RX_GARBAGE },
		     { TX_S0(PSQ(T1_S_RESYNCH)), RX_GARBAGE },
		     { TX_S0(PSQ(T1_S_RESYNCH)), RX_GARBAGE },
		     { TX_S0(PSQ(T1_S_RESYNCH)), RX_R(0, OK_) } },
	  .nsteps = 7, .ret = -EPROTO, .ns = 0, .nr = 0, .retransmits = 3 },
	{ .name = "answer_overflow_drains_chain", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254, .rx_size = 4,
	  .steps = { { TX_I(0, 0, 0, 5), RX_I(0, 1, 0, 8) },
		     { TX_R(1, OK_), RX_I(1, 0, 8, 2) } }, .nsteps = 2,
	  .ret = -EOVERFLOW, .ns = 1, .nr = 0 },
	{ .name = "card_abort", .cmd_len = 5, .ifsc = 254, .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_S0(PSQ(T1_S_ABORT)) } },
	  .nsteps = 1, .ret = -EPROTO, .ns = 0, .nr = 0 },
	{ .name = "endless_wtx", .cmd_len = 5, .ifsc = 254, .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), RX_S(PSQ(T1_S_WTX), 1) },
		     { TX_S(PSR(T1_S_WTX), 1), RX_S(PSQ(T1_S_WTX), 1) } },
	  .nsteps = 2, .repeat_last = true, .ret = -ETIMEDOUT, .ns = 0,
	  .nr = 0, .wtx_count = T1_MAX_WTX },
	{ .name = "xfer_error_passed_through", .cmd_len = 5, .ifsc = 254,
	  .ifsd = 254,
	  .steps = { { TX_I(0, 0, 0, 5), .ret = -ETIMEDOUT } }, .nsteps = 1,
	  .ret = -ETIMEDOUT, .ns = 0, .nr = 0 },
	{ .name = "empty_command", .cmd_len = 0, .ifsc = 254, .ifsd = 254,
	  .nsteps = 0, .ret = -EINVAL },
	/* the host's S(IFS) */
	{ .name = "negotiate_ifsd", .negotiate = true, .ifsc = 32,
	  .ifsd = 254,
	  .steps = { { TX_S(PSQ(T1_S_IFS), 254), RX_S(PSR(T1_S_IFS), 254) } },
	  .nsteps = 1, .ifsd_after = 254 },
	{ .name = "negotiate_ifsd_after_error", .negotiate = true, .ifsc = 32,
	  .ifsd = 254,
	  .steps = { { TX_S(PSQ(T1_S_IFS), 254), RX_GARBAGE },
		     { TX_S(PSQ(T1_S_IFS), 254), RX_S(PSR(T1_S_IFS), 254) } },
	  .nsteps = 2, .ifsd_after = 254 },
	{ .name = "negotiate_ifsd_refused", .negotiate = true, .ifsc = 32,
	  .ifsd = 254,
	  .steps = { { TX_S(PSQ(T1_S_IFS), 254), RX_S(PSR(T1_S_IFS), 32) },
		     { TX_S(PSQ(T1_S_IFS), 254), RX_GARBAGE },
		     { TX_S(PSQ(T1_S_IFS), 254), RX_R(0, OK_) },
		     { TX_S(PSQ(T1_S_IFS), 254), RX_GARBAGE } },
	  .nsteps = 4, .ret = -EPROTO, .ifsd_after = 32 },
};

#endif /* SCPNP_TEST_T1_CASES_H */
