// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding of every CCID message for dynamic debug:
 *   echo 'module ccid +p' > /sys/kernel/debug/dynamic_debug/control
 */

#include <linux/printk.h>

#include "ccid.h"

/* Bytes of abData dumped per message */
#define CCID_DBG_DUMP_MAX	64

const char *ccid_msg_name(u8 type)
{
	switch (type) {
	case PC_TO_RDR_SET_PARAMETERS:
		return "SetParameters";
	case PC_TO_RDR_ICC_POWER_ON:
		return "IccPowerOn";
	case PC_TO_RDR_ICC_POWER_OFF:
		return "IccPowerOff";
	case PC_TO_RDR_GET_SLOT_STATUS:
		return "GetSlotStatus";
	case PC_TO_RDR_SECURE:
		return "Secure";
	case PC_TO_RDR_T0_APDU:
		return "T0APDU";
	case PC_TO_RDR_ESCAPE:
		return "Escape";
	case PC_TO_RDR_GET_PARAMETERS:
		return "GetParameters";
	case PC_TO_RDR_RESET_PARAMETERS:
		return "ResetParameters";
	case PC_TO_RDR_ICC_CLOCK:
		return "IccClock";
	case PC_TO_RDR_XFR_BLOCK:
		return "XfrBlock";
	case PC_TO_RDR_MECHANICAL:
		return "Mechanical";
	case PC_TO_RDR_ABORT:
		return "Abort";
	case PC_TO_RDR_SET_RATE_CLOCK:
		return "SetDataRateAndClockFrequency";
	case RDR_TO_PC_DATA_BLOCK:
		return "DataBlock";
	case RDR_TO_PC_SLOT_STATUS:
		return "SlotStatus";
	case RDR_TO_PC_PARAMETERS:
		return "Parameters";
	case RDR_TO_PC_ESCAPE:
		return "Escape";
	case RDR_TO_PC_RATE_CLOCK:
		return "DataRateAndClockFrequency";
	case RDR_TO_PC_NOTIFY_SLOT_CHANGE:
		return "NotifySlotChange";
	case RDR_TO_PC_HARDWARE_ERROR:
		return "HardwareError";
	default:
		return "unknown";
	}
}

static const char *ccid_icc_name(u8 status)
{
	switch (status & CCID_ICC_STATUS_MASK) {
	case CCID_ICC_ACTIVE:
		return "active";
	case CCID_ICC_INACTIVE:
		return "inactive";
	case CCID_ICC_ABSENT:
		return "absent";
	default:
		return "rfu";
	}
}

static const char *ccid_cmd_status_name(u8 status)
{
	switch (status & CCID_CMD_STATUS_MASK) {
	case CCID_CMD_OK:
		return "ok";
	case CCID_CMD_FAILED:
		return "failed";
	case CCID_CMD_TIME_EXT:
		return "time-extension";
	default:
		return "rfu";
	}
}

/**
 * ccid_dbg_msg() - log one CCID message when dynamic debug asks for it
 * @rdr: the reader
 * @out: PC_to_RDR (true) or RDR_to_PC
 * @buf: the message
 * @len: its length
 */
void ccid_dbg_msg(struct ccid_reader *rdr, bool out, const u8 *buf,
		  size_t len)
{
	struct device *dev = &rdr->intf->dev;

	if (!len)
		return;
	if (buf[0] == RDR_TO_PC_NOTIFY_SLOT_CHANGE ||
	    buf[0] == RDR_TO_PC_HARDWARE_ERROR || len < CCID_HDR_LEN) {
		dev_dbg(dev, "%s %s (%zu bytes) %*ph\n", out ? "->" : "<-",
			ccid_msg_name(buf[0]), len,
			(int)min_t(size_t, len, CCID_DBG_DUMP_MAX), buf);
		return;
	}
	if (out)
		dev_dbg(dev, "-> %s slot %u seq %u len %u [%02x %02x %02x]\n",
			ccid_msg_name(buf[0]), buf[5], buf[6],
			get_unaligned_le32(buf + 1), buf[7], buf[8], buf[9]);
	else
		dev_dbg(dev,
			"<- %s slot %u seq %u len %u icc %s cmd %s error %#04x param %#04x\n",
			ccid_msg_name(buf[0]), buf[5], buf[6],
			get_unaligned_le32(buf + 1), ccid_icc_name(buf[7]),
			ccid_cmd_status_name(buf[7]), buf[8], buf[9]);
	if (len > CCID_HDR_LEN)
		dev_dbg(dev, "   data %*ph%s\n",
			(int)min_t(size_t, len - CCID_HDR_LEN, CCID_DBG_DUMP_MAX),
			buf + CCID_HDR_LEN,
			len - CCID_HDR_LEN > CCID_DBG_DUMP_MAX ? " ..." : "");
}
