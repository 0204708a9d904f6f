/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ccid-gadget: a virtual CCID reader on raw-gadget (Documentation/testing.rst,
 * "Virtual readers"). Shared definitions of the USB side (gadget.c), the
 * scenario file (conf.c) and the card model (card.c).
 */
#ifndef CCID_GADGET_H
#define CCID_GADGET_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "atr.h"
#include "ccid_desc.h"
#include "ccid_msg.h"
#include "t1.h"

#define G_MAX_SLOTS		16
#define G_MSG_MAX		(CCID_HDR_LEN + 65544 + 16)	/* any host message */
#define G_APDU_MAX		(65544 + 16)
#define G_RESP_MAX		(65536 + 2 + 16)
#define G_PIN_MAX		16

/* Card instructions of the model (see card.c) */
#define INS_SELECT		0xA4
#define INS_GET_DATA		0xCA
#define INS_GET_RESPONSE	0xC0
#define INS_ECHO		0xEE
#define INS_SLOW		0xE1
#define INS_VERIFY		0x20
#define INS_CHANGE		0x24

enum pin_mode { PIN_OK, PIN_CANCEL, PIN_TIMEOUT };

/* One slot: its card and the reader state that goes with it */
struct g_slot {
	unsigned int index;
	pthread_mutex_t lock;	/* card state */

	/* the card */
	bool present;
	bool powered;
	u8 atr_raw[ATR_MAX_LEN];
	size_t atr_len;
	struct atr atr;
	u8 protocol;		/* ATR_T0 or ATR_T1 */
	char pin[G_PIN_MAX + 1];
	enum pin_mode pin_mode;
	unsigned int corrupt;	/* next T=1 blocks sent with a bad EDC */

	/* T=0: bytes waiting for GET RESPONSE */
	u8 *t0_pending;
	size_t t0_pending_len;

	/* T=1 card engine */
	u8 t1_ns, t1_nr, t1_ifsd;
	u8 *t1_cmd;
	size_t t1_cmd_len;
	u8 *t1_resp;
	size_t t1_resp_len, t1_resp_off, t1_chunk;
	bool t1_sending;
	unsigned int t1_wtx_left;
	u8 t1_wtx_mult;
	unsigned int t1_wtx_delay_ms;
	u8 t1_last[T1_BLOCK_MAX];
	size_t t1_last_len;

	/* APDU levels: command chain in, answer chain out */
	u8 *ch_cmd;
	size_t ch_cmd_len;
	u8 *ch_resp;
	size_t ch_resp_len, ch_resp_off;

	/* command queue of one (the bulk-OUT thread hands it over) */
	pthread_mutex_t qlock;
	pthread_cond_t qcond;
	u8 *inbox;
	size_t inbox_len;
	bool inbox_ready;
	bool busy;		/* a command is in progress (qlock) */
	u8 *msg;		/* the command being processed */
	pthread_t thread;
};

struct gadget {
	/* USB identity and CCID descriptor */
	u16 vid, pid, bcd_device;
	u8 intf_class, intf_subclass, intf_protocol;
	u8 desc[CCID_DESC_LEN];
	struct ccid_desc d;
	bool has_int;
	int num_eps;		/* -1: from has_int */
	char manufacturer[64], product[64], serial[64];
	unsigned int delay_ms;	/* per XfrBlock, to make commands overlap */
	const char *udc;
	const char *fifo;
	const char *log_path;

	unsigned int nslots;
	struct g_slot slots[G_MAX_SLOTS];

	/* runtime */
	int fd;
	int ep_in, ep_out, ep_int;
	bool configured;
	pthread_mutex_t in_lock;	/* bulk-IN writes */
	pthread_mutex_t stat_lock;
	unsigned int inflight, inflight_peak, busy_violations;
	pthread_mutex_t int_lock;
	pthread_cond_t int_cond;
	bool int_pending;
	u32 changed_mask;	/* slots changed since the last notification */
};

/* gadget.c */
void g_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int g_send(struct gadget *g, const u8 *msg, size_t len);
void g_notify(struct gadget *g);
void g_msleep(unsigned int ms);
void g_done(struct gadget *g, struct g_slot *s);

/* conf.c */
int conf_load(struct gadget *g, const char *path);
int unhex(const char *s, u8 *out, size_t max);

/* card.c */
void card_init(struct gadget *g, struct g_slot *s);
int card_set_atr(struct g_slot *s, const u8 *atr, size_t len, bool add_tck);
void card_command(struct gadget *g, struct g_slot *s, const u8 *msg,
		  size_t len);
size_t card_apdu(struct g_slot *s, const u8 *cmd, size_t len, u8 *out);

#endif /* CCID_GADGET_H */
