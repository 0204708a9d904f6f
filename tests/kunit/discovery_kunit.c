// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the Windows PnP discovery sequence of scfilter.ko
 * (kernel/scfilter/discovery.c), against a fake slot that replays APDU
 * transcripts: each case lists the commands the sequence must send, in
 * order, with the card's answer (or the transport's error) to each.
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/scpnp.h>

#include "../../kernel/lib/atr.c"
#include "../../kernel/lib/cardid.c"
#include "../../kernel/lib/pnpid.c"
#include "../../kernel/scfilter/discovery.c"

#define BYTES(...)	((const u8[]){ __VA_ARGS__ })
#define NBYTES(...)	sizeof((const u8[]){ __VA_ARGS__ })
#define CMD(...)	.cmd = BYTES(__VA_ARGS__), .cmd_len = NBYTES(__VA_ARGS__)
#define RSP(...)	.rsp = BYTES(__VA_ARGS__), .rsp_len = NBYTES(__VA_ARGS__)
#define ATR(...)	.atr = BYTES(__VA_ARGS__), .atr_len = NBYTES(__VA_ARGS__)
#define SCRIPT(...)							\
	.script = (const struct xchg[]){ __VA_ARGS__ },			\
	.nscript = sizeof((const struct xchg[]){ __VA_ARGS__ }) /	\
		   sizeof(struct xchg)

/* The commands of the sequence */
#define C_SELECT_PNP	0x00, 0xA4, 0x04, 0x00, 0x0B, 0xA0, 0x00, 0x00, 0x03, \
			0x97, 0x43, 0x49, 0x44, 0x5F, 0x01, 0x00
#define C_GET_CARDID	0x00, 0xCA, 0x7F, 0x68, 0x00
#define C_SELECT_MF	0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00
#define C_SELECT_EF_ATR	0x00, 0xA4, 0x00, 0x0C, 0x02, 0x2F, 0x01
#define C_READ_BINARY	0x00, 0xB0, 0x00, 0x00, 0x00
#define C_SELECT_PIV	0x00, 0xA4, 0x04, 0x00, 0x09, 0xA0, 0x00, 0x00, 0x03, \
			0x08, 0x00, 0x00, 0x10, 0x00
#define C_SELECT_GIDS	0x00, 0xA4, 0x04, 0x00, 0x09, 0xA0, 0x00, 0x00, 0x03, \
			0x97, 0x42, 0x54, 0x46, 0x59

/* Answers */
#define SW_OK		0x90, 0x00
#define SW_NOT_FOUND	0x6A, 0x82	/* file or application not found */
#define SW_NO_DATA	0x6A, 0x88	/* referenced data not found */
#define SW_INS		0x6D, 0x00	/* instruction not supported */
#define SW_EOF		0x62, 0x82

/* QEMU's emulated card: its ATR and the CardID of its PnP applet */
#define ATR_QEMU	0x3B, 0x7A, 0x18, 0x00, 0x00, 0x73, 0x66, 0x74, 0x65, \
			0x20, 0x63, 0x64, 0x31, 0x34, 0x34
#define ID_QEMU_HIST	"SCFILTER\\CID_73667465206364313434"
#define GUID_QEMU	0xE2, 0x80, 0xE9, 0xD2, 0x51, 0x88, 0x87, 0x4F, 0x81, \
			0xD6, 0x4F, 0x25, 0x4E, 0x38, 0x00, 0x1D
#define ID_QEMU_GUID	"SCFILTER\\CID_D2E980E2-8851-4F87-81D6-4F254E38001D"
/* SEQUENCE { INTEGER 0, IA5String "MSFT", SEQUENCE { OCTET STRING } } */
#define DER_CARDID(ver)	0x30, 0x1D, 0x02, 0x01, ver, 0x16, 0x04, 'M', 'S', \
			'F', 'T', 0x30, 0x12, 0x04, 0x10, GUID_QEMU
/* The public example of Microsoft's documentation: ATR 3B 04 51 FF 08 00 */
#define ATR_SHORT	0x3B, 0x04, 0x51, 0xFF, 0x08, 0x00
#define ID_SHORT	"SCFILTER\\CID_51ff0800"
/* No historical bytes */
#define ATR_NO_HIST	0x3B, 0x00

#define GIDS_ID		"SCFILTER\\CID_00112233-4455-6677-8899-AABBCCDDEEFF"

/* The steps before PIV, each failing */
#define NO_CARDID	{ CMD(C_SELECT_PNP), RSP(SW_NOT_FOUND) }
#define NO_MF		{ CMD(C_SELECT_MF), RSP(SW_NOT_FOUND) }
#define NO_PIV		{ CMD(C_SELECT_PIV), RSP(SW_NOT_FOUND) }
#define NO_GIDS		{ CMD(C_SELECT_GIDS), RSP(SW_NOT_FOUND) }

struct xchg {
	const u8 *cmd;
	size_t cmd_len;
	const u8 *rsp;
	size_t rsp_len;
	int err;		/* the transport fails instead */
};

struct disc_case {
	const char *name;
	const u8 *atr;
	size_t atr_len;
	const struct xchg *script;
	size_t nscript;
	const char *gids;	/* configured GIDS compatible ID */
	unsigned int budget;	/* APDUs before the time is up, 0: no limit */
	int ret;
	u32 source;
	bool selected;
	const char *pnp_id;
	const char *compat_ids;
};

static const struct disc_case disc_cases[] = {
	{
		.name = "cardid",
		ATR(ATR_QEMU),
		SCRIPT({ CMD(C_SELECT_PNP), RSP(SW_OK) },
		       { CMD(C_GET_CARDID), RSP(DER_CARDID(0x00), SW_OK) }),
		.source = SCF_SOURCE_CARDID, .selected = true,
		.pnp_id = ID_QEMU_GUID, .compat_ids = "",
	},
	{
		/* A transport that leaves GET RESPONSE to the caller */
		.name = "cardid-select-61xx",
		ATR(ATR_QEMU),
		SCRIPT({ CMD(C_SELECT_PNP), RSP(0x61, 0x10) },
		       { CMD(C_GET_CARDID), RSP(DER_CARDID(0x00), SW_OK) }),
		.source = SCF_SOURCE_CARDID, .selected = true,
		.pnp_id = ID_QEMU_GUID, .compat_ids = "",
	},
	{
		.name = "cardid-bad-version",
		ATR(ATR_QEMU),
		SCRIPT({ CMD(C_SELECT_PNP), RSP(SW_OK) },
		       { CMD(C_GET_CARDID), RSP(DER_CARDID(0x01), SW_OK) },
		       NO_MF, NO_PIV),
		.source = SCF_SOURCE_HIST, .selected = true,
		.pnp_id = ID_QEMU_HIST, .compat_ids = "",
	},
	{
		.name = "cardid-truncated-der",
		ATR(ATR_QEMU),
		SCRIPT({ CMD(C_SELECT_PNP), RSP(SW_OK) },
		       { CMD(C_GET_CARDID),
			 RSP(0x30, 0x1D, 0x02, 0x01, 0x00, 0x16, 0x04, SW_OK) },
		       NO_MF, NO_PIV),
		.source = SCF_SOURCE_HIST, .selected = true,
		.pnp_id = ID_QEMU_HIST, .compat_ids = "",
	},
	{
		.name = "cardid-short-guid",
		ATR(ATR_QEMU),
		SCRIPT({ CMD(C_SELECT_PNP), RSP(SW_OK) },
		       { CMD(C_GET_CARDID),
			 RSP(0x30, 0x0F, 0x02, 0x01, 0x00, 0x16, 0x04, 'M',
			     'S', 'F', 'T', 0x30, 0x04, 0x04, 0x02, 0xAA, 0xBB,
			     SW_OK) },
		       NO_MF, NO_PIV),
		.source = SCF_SOURCE_HIST, .selected = true,
		.pnp_id = ID_QEMU_HIST, .compat_ids = "",
	},
	{
		.name = "cardid-wrong-sw",
		ATR(ATR_QEMU),
		SCRIPT({ CMD(C_SELECT_PNP), RSP(SW_OK) },
		       { CMD(C_GET_CARDID), RSP(DER_CARDID(0x00), SW_NO_DATA) },
		       NO_MF, NO_PIV),
		.source = SCF_SOURCE_HIST, .selected = true,
		.pnp_id = ID_QEMU_HIST, .compat_ids = "",
	},
	{
		/* An answer without a status word is no success */
		.name = "select-one-byte-answer",
		ATR(ATR_QEMU),
		SCRIPT({ CMD(C_SELECT_PNP), RSP(0x90) }, NO_MF, NO_PIV),
		.source = SCF_SOURCE_HIST,
		.pnp_id = ID_QEMU_HIST, .compat_ids = "",
	},
	{
		.name = "ef-atr-cardid",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID,
		       { CMD(C_SELECT_MF), RSP(SW_OK) },
		       { CMD(C_SELECT_EF_ATR), RSP(SW_OK) },
		       { CMD(C_READ_BINARY),
			 RSP(0x47, 0x03, 0x00, 0x00, 0x00,
			     0x7F, 0x68, 0x1F, DER_CARDID(0x00), SW_OK) }),
		.source = SCF_SOURCE_EF_ATR, .selected = true,
		.pnp_id = ID_QEMU_GUID, .compat_ids = "",
	},
	{
		.name = "ef-atr-hist",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID,
		       { CMD(C_SELECT_MF), RSP(SW_OK) },
		       { CMD(C_SELECT_EF_ATR), RSP(SW_OK) },
		       { CMD(C_READ_BINARY),
			 RSP(0x00, 0xFF, 0x5F, 0x52, 0x04, 0x51, 0xFF, 0x08,
			     0x00, 0x00, 0x00, SW_OK) }),
		.source = SCF_SOURCE_EF_ATR, .selected = true,
		.pnp_id = ID_SHORT, .compat_ids = "",
	},
	{
		/* A file shorter than Le: warning 6282 still carries data */
		.name = "ef-atr-hist-eof",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID,
		       { CMD(C_SELECT_MF), RSP(SW_OK) },
		       { CMD(C_SELECT_EF_ATR), RSP(SW_OK) },
		       { CMD(C_READ_BINARY),
			 RSP(0x5F, 0x52, 0x04, 0x51, 0xFF, 0x08, 0x00,
			     SW_EOF) }),
		.source = SCF_SOURCE_EF_ATR, .selected = true,
		.pnp_id = ID_SHORT, .compat_ids = "",
	},
	{
		/* A bad CardID in EF.ATR: the 5F52 object still names it */
		.name = "ef-atr-bad-cardid-then-hist",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID,
		       { CMD(C_SELECT_MF), RSP(SW_OK) },
		       { CMD(C_SELECT_EF_ATR), RSP(SW_OK) },
		       { CMD(C_READ_BINARY),
			 RSP(0x7F, 0x68, 0x1F, DER_CARDID(0x05),
			     0x5F, 0x52, 0x04, 0x51, 0xFF, 0x08, 0x00,
			     SW_OK) }),
		.source = SCF_SOURCE_EF_ATR, .selected = true,
		.pnp_id = ID_SHORT, .compat_ids = "",
	},
	{
		.name = "ef-atr-no-id",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID,
		       { CMD(C_SELECT_MF), RSP(SW_OK) },
		       { CMD(C_SELECT_EF_ATR), RSP(SW_OK) },
		       { CMD(C_READ_BINARY),
			 RSP(0x47, 0x03, 0x00, 0x00, 0x00, SW_OK) },
		       NO_PIV),
		.source = SCF_SOURCE_HIST, .selected = true,
		.pnp_id = ID_QEMU_HIST, .compat_ids = "",
	},
	{
		/* A length running past the data: nothing is read beyond */
		.name = "ef-atr-overlong-tlv",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID,
		       { CMD(C_SELECT_MF), RSP(SW_OK) },
		       { CMD(C_SELECT_EF_ATR), RSP(SW_OK) },
		       { CMD(C_READ_BINARY),
			 RSP(0x5F, 0x52, 0x10, 0x51, 0xFF, SW_OK) },
		       NO_PIV),
		.source = SCF_SOURCE_HIST, .selected = true,
		.pnp_id = ID_QEMU_HIST, .compat_ids = "",
	},
	{
		.name = "ef-atr-hist-too-long",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID,
		       { CMD(C_SELECT_MF), RSP(SW_OK) },
		       { CMD(C_SELECT_EF_ATR), RSP(SW_OK) },
		       { CMD(C_READ_BINARY),
			 RSP(0x5F, 0x52, 0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
			     11, 12, 13, 14, 15, 16, SW_OK) },
		       NO_PIV),
		.source = SCF_SOURCE_HIST, .selected = true,
		.pnp_id = ID_QEMU_HIST, .compat_ids = "",
	},
	{
		.name = "ef-atr-unreadable",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID,
		       { CMD(C_SELECT_MF), RSP(SW_OK) },
		       { CMD(C_SELECT_EF_ATR), RSP(SW_OK) },
		       { CMD(C_READ_BINARY), RSP(0x69, 0x82) },
		       NO_PIV),
		.source = SCF_SOURCE_HIST, .selected = true,
		.pnp_id = ID_QEMU_HIST, .compat_ids = "",
	},
	{
		.name = "ef-atr-absent",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID,
		       { CMD(C_SELECT_MF), RSP(SW_OK) },
		       { CMD(C_SELECT_EF_ATR), RSP(SW_NOT_FOUND) },
		       NO_PIV),
		.source = SCF_SOURCE_HIST, .selected = true,
		.pnp_id = ID_QEMU_HIST, .compat_ids = "",
	},
	{
		.name = "piv",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID, NO_MF, { CMD(C_SELECT_PIV), RSP(SW_OK) }),
		.source = SCF_SOURCE_PIV, .selected = true,
		.pnp_id = ID_QEMU_HIST, .compat_ids = SCF_PIV_COMPAT_ID,
	},
	{
		.name = "piv-no-hist",
		ATR(ATR_NO_HIST),
		SCRIPT(NO_CARDID, NO_MF, { CMD(C_SELECT_PIV), RSP(SW_OK) }),
		.source = SCF_SOURCE_PIV, .selected = true,
		.pnp_id = SCF_PIV_COMPAT_ID, .compat_ids = SCF_PIV_COMPAT_ID,
	},
	{
		.name = "gids",
		ATR(ATR_SHORT),
		SCRIPT(NO_CARDID, NO_MF, NO_PIV,
		       { CMD(C_SELECT_GIDS), RSP(SW_OK) }),
		.gids = GIDS_ID,
		.source = SCF_SOURCE_GIDS, .selected = true,
		.pnp_id = ID_SHORT, .compat_ids = GIDS_ID,
	},
	{
		.name = "gids-no-hist",
		ATR(ATR_NO_HIST),
		SCRIPT(NO_CARDID, NO_MF, NO_PIV,
		       { CMD(C_SELECT_GIDS), RSP(SW_OK) }),
		.gids = GIDS_ID,
		.source = SCF_SOURCE_GIDS, .selected = true,
		.pnp_id = GIDS_ID, .compat_ids = GIDS_ID,
	},
	{
		.name = "gids-absent",
		ATR(ATR_SHORT),
		SCRIPT(NO_CARDID, NO_MF, NO_PIV, NO_GIDS),
		.gids = GIDS_ID,
		.source = SCF_SOURCE_HIST,
		.pnp_id = ID_SHORT, .compat_ids = "",
	},
	{
		/* Without a configured GIDS ID the step is not even tried */
		.name = "gids-unconfigured",
		ATR(ATR_SHORT),
		SCRIPT(NO_CARDID, NO_MF, NO_PIV),
		.source = SCF_SOURCE_HIST,
		.pnp_id = ID_SHORT, .compat_ids = "",
	},
	{
		.name = "hist",
		ATR(ATR_SHORT),
		SCRIPT({ CMD(C_SELECT_PNP), RSP(SW_INS) },
		       { CMD(C_SELECT_MF), RSP(SW_INS) },
		       { CMD(C_SELECT_PIV), RSP(SW_INS) }),
		.source = SCF_SOURCE_HIST,
		.pnp_id = ID_SHORT, .compat_ids = "",
	},
	{
		.name = "none",
		ATR(ATR_NO_HIST),
		SCRIPT(NO_CARDID, NO_MF, NO_PIV),
		.ret = -ENOENT, .source = SCF_SOURCE_NONE,
		.pnp_id = "", .compat_ids = "",
	},
	{
		/* An ATR that cannot be walked has no historical bytes */
		.name = "none-bad-atr",
		ATR(0x12, 0x34, 0x56),
		SCRIPT(NO_CARDID, NO_MF, NO_PIV),
		.ret = -ENOENT, .source = SCF_SOURCE_NONE,
		.pnp_id = "", .compat_ids = "",
	},
	{
		.name = "mute",
		ATR(ATR_QEMU),
		SCRIPT({ CMD(C_SELECT_PNP), .err = -ETIMEDOUT }),
		.ret = -ETIMEDOUT, .source = SCF_SOURCE_NONE,
		.pnp_id = "", .compat_ids = "",
	},
	{
		/* Mute after a SELECT: no ID, but the card must be reset */
		.name = "mute-after-select",
		ATR(ATR_QEMU),
		SCRIPT({ CMD(C_SELECT_PNP), RSP(SW_OK) },
		       { CMD(C_GET_CARDID), .err = -ETIMEDOUT }),
		.ret = -ETIMEDOUT, .source = SCF_SOURCE_NONE, .selected = true,
		.pnp_id = "", .compat_ids = "",
	},
	{
		.name = "mute-at-piv",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID, NO_MF, { CMD(C_SELECT_PIV), .err = -ETIMEDOUT }),
		.ret = -ETIMEDOUT, .source = SCF_SOURCE_NONE,
		.pnp_id = "", .compat_ids = "",
	},
	{
		.name = "card-pulled",
		ATR(ATR_QEMU),
		SCRIPT(NO_CARDID, { CMD(C_SELECT_MF), .err = -ENOMEDIUM }),
		.ret = -ENOMEDIUM, .source = SCF_SOURCE_NONE,
		.pnp_id = "", .compat_ids = "",
	},
	{
		.name = "reader-gone",
		ATR(ATR_QEMU),
		SCRIPT({ CMD(C_SELECT_PNP), .err = -ENODEV }),
		.ret = -ENODEV, .source = SCF_SOURCE_NONE,
		.pnp_id = "", .compat_ids = "",
	},
	{
		/* The time budget runs out after two APDUs */
		.name = "budget",
		ATR(ATR_QEMU),
		SCRIPT({ CMD(C_SELECT_PNP), RSP(SW_OK) },
		       { CMD(C_GET_CARDID), RSP(SW_NO_DATA) }),
		.budget = 2,
		.ret = -ETIMEDOUT, .source = SCF_SOURCE_NONE, .selected = true,
		.pnp_id = "", .compat_ids = "",
	},
};

static void disc_case_desc(const struct disc_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(disc, disc_cases, disc_case_desc);

/* The fake slot: replays a transcript, checking every command */
struct fake_slot {
	struct kunit *test;
	const struct disc_case *c;
	size_t pos;
};

static int fake_transmit(void *ctx, const u8 *cmd, size_t cmd_len, u8 *rx,
			 size_t rx_size, size_t *rx_len)
{
	struct fake_slot *f = ctx;
	struct kunit *test = f->test;
	const struct xchg *x;

	KUNIT_EXPECT_LT_MSG(test, f->pos, f->c->nscript,
			    "APDU %zu beyond the transcript", f->pos + 1);
	if (f->pos >= f->c->nscript)
		return -EIO;
	x = &f->c->script[f->pos++];
	KUNIT_EXPECT_EQ_MSG(test, cmd_len, x->cmd_len, "APDU %zu length",
			    f->pos);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(cmd, x->cmd,
					 min(cmd_len, x->cmd_len)), 0,
			    "APDU %zu bytes", f->pos);
	if (x->err)
		return x->err;
	KUNIT_ASSERT_LE(test, x->rsp_len, rx_size);
	memcpy(rx, x->rsp, x->rsp_len);
	*rx_len = x->rsp_len;
	return 0;
}

static bool fake_expired(void *ctx)
{
	struct fake_slot *f = ctx;

	return f->c->budget && f->pos >= f->c->budget;
}

static const struct scf_disc_ops fake_ops = {
	.transmit = fake_transmit,
	.expired = fake_expired,
};

static void disc_test(struct kunit *test)
{
	const struct disc_case *c = test->param_value;
	struct fake_slot f = { .test = test, .c = c };
	struct scf_disc_result res;
	int ret;

	ret = scf_discover(&fake_ops, &f, c->atr, c->atr_len, c->gids, &res);
	KUNIT_EXPECT_EQ(test, ret, c->ret);
	KUNIT_EXPECT_EQ(test, f.pos, c->nscript);
	KUNIT_EXPECT_EQ(test, res.napdus, (unsigned int)c->nscript);
	KUNIT_EXPECT_EQ(test, res.source, c->source);
	KUNIT_EXPECT_EQ(test, res.selected, c->selected);
	KUNIT_EXPECT_STREQ(test, res.pnp_id, c->pnp_id);
	KUNIT_EXPECT_STREQ(test, res.compat_ids, c->compat_ids);
}

/* The modalias of the QEMU card's ID, as the card device publishes it */
static void disc_modalias_test(struct kunit *test)
{
	char alias[SCF_MODALIAS_MAX];

	KUNIT_EXPECT_GT(test, scf_modalias(ID_QEMU_GUID, alias, sizeof(alias)),
			0);
	KUNIT_EXPECT_STREQ(test, alias,
			   "smartcard:cidd2e980e288514f8781d64f254e38001d");
	KUNIT_EXPECT_GT(test, scf_modalias(ID_SHORT, alias, sizeof(alias)), 0);
	KUNIT_EXPECT_STREQ(test, alias, "smartcard:cid51ff0800");
}

static struct kunit_case discovery_test_cases[] = {
	KUNIT_CASE_PARAM(disc_test, disc_gen_params),
	KUNIT_CASE(disc_modalias_test),
	{}
};

static struct kunit_suite discovery_test_suite = {
	.name = "scfilter-discovery",
	.test_cases = discovery_test_cases,
};
kunit_test_suites(&discovery_test_suite);

MODULE_DESCRIPTION("KUnit tests of scfilter's PnP discovery");
MODULE_LICENSE("GPL");
