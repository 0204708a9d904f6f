// SPDX-License-Identifier: GPL-2.0
/*
 * pcsc-pin: PIN pad through PC/SC part 10 (FEATURE_VERIFY_PIN_DIRECT,
 * FEATURE_MODIFY_PIN_DIRECT), for the gadget-pin scenario.
 *
 *   pcsc-pin SUBSTR verify|modify
 *
 * Connects to the first reader whose name contains SUBSTR, reads the
 * feature list (CM_IOCTL_GET_FEATURE_REQUEST), and sends the card model's
 * VERIFY (00 20 00 01, one 8-byte block) or CHANGE REFERENCE DATA
 * (00 24 00 01, two blocks) for the PIN pad to fill, in ASCII. Prints
 * "verify: ok SW1 SW2" (or modify), or the SCARD_* failure.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <PCSC/reader.h>
#include <PCSC/winscard.h>

#define PIN_BLOCK	8
#define FMT_ASCII_BYTES	0x82	/* system units bytes, position 0, ASCII */
#define PIN_MIN_MAX	0x0408	/* 4 to 8 digits */
#define VALID_KEY	0x02	/* validation key pressed */
#define LANG_EN_US	0x0409

static int fail(const char *what, LONG rv)
{
	printf("%s: %s\n", what, pcsc_stringify_error(rv));
	return 1;
}

int main(int argc, char **argv)
{
	uint8_t buf[512], rx[258];
	char readers[4096], *r;
	SCARDCONTEXT ctx;
	SCARDHANDLE card;
	DWORD len = sizeof(readers), proto, n;
	uint32_t ioctl_code = 0;
	int modify;
	LONG rv;

	if (argc != 3 || (strcmp(argv[2], "verify") && strcmp(argv[2], "modify"))) {
		fprintf(stderr, "usage: pcsc-pin SUBSTR verify|modify\n");
		return 2;
	}
	modify = !strcmp(argv[2], "modify");
	rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &ctx);
	if (rv != SCARD_S_SUCCESS)
		return fail("context", rv);
	rv = SCardListReaders(ctx, NULL, readers, &len);
	if (rv != SCARD_S_SUCCESS)
		return fail("list", rv);
	for (r = readers; *r && !strstr(r, argv[1]); r += strlen(r) + 1)
		;
	if (!*r) {
		printf("no reader matching %s\n", argv[1]);
		return 1;
	}
	rv = SCardConnect(ctx, r, SCARD_SHARE_SHARED,
			  SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &proto);
	if (rv != SCARD_S_SUCCESS)
		return fail("connect", rv);

	rv = SCardControl(card, CM_IOCTL_GET_FEATURE_REQUEST, NULL, 0, buf,
			  sizeof(buf), &n);
	if (rv != SCARD_S_SUCCESS)
		return fail("features", rv);
	for (DWORD i = 0; i + 6 <= n; i += 2 + buf[i + 1]) {
		if (buf[i] == (modify ? FEATURE_MODIFY_PIN_DIRECT :
				FEATURE_VERIFY_PIN_DIRECT) && buf[i + 1] == 4) {
			memcpy(&ioctl_code, buf + i + 2, 4);
			ioctl_code = ntohl(ioctl_code);
		}
	}
	if (!ioctl_code) {
		printf("%s: feature not announced\n", argv[2]);
		return 1;
	}

	memset(buf, 0, sizeof(buf));
	if (!modify) {
		PIN_VERIFY_STRUCTURE *v = (PIN_VERIFY_STRUCTURE *)buf;
		const uint8_t apdu[] = { 0x00, 0x20, 0x00, 0x01, PIN_BLOCK };

		v->bmFormatString = FMT_ASCII_BYTES;
		v->bmPINBlockString = PIN_BLOCK;
		v->wPINMaxExtraDigit = PIN_MIN_MAX;
		v->bEntryValidationCondition = VALID_KEY;
		v->bNumberMessage = 1;
		v->wLangId = LANG_EN_US;
		v->ulDataLength = sizeof(apdu) + PIN_BLOCK;
		memcpy(v->abData, apdu, sizeof(apdu));
		memset(v->abData + sizeof(apdu), 0xFF, PIN_BLOCK);
		len = sizeof(*v) + v->ulDataLength;
	} else {
		PIN_MODIFY_STRUCTURE *m = (PIN_MODIFY_STRUCTURE *)buf;
		const uint8_t apdu[] = { 0x00, 0x24, 0x00, 0x01, 2 * PIN_BLOCK };

		m->bmFormatString = FMT_ASCII_BYTES;
		m->bmPINBlockString = PIN_BLOCK;
		m->bInsertionOffsetOld = 0;
		m->bInsertionOffsetNew = PIN_BLOCK;
		m->wPINMaxExtraDigit = PIN_MIN_MAX;
		m->bConfirmPIN = 0x03;
		m->bEntryValidationCondition = VALID_KEY;
		m->bNumberMessage = 3;
		m->wLangId = LANG_EN_US;
		m->bMsgIndex2 = 1;
		m->bMsgIndex3 = 2;
		m->ulDataLength = sizeof(apdu) + 2 * PIN_BLOCK;
		memcpy(m->abData, apdu, sizeof(apdu));
		memset(m->abData + sizeof(apdu), 0xFF, 2 * PIN_BLOCK);
		len = sizeof(*m) + m->ulDataLength;
	}
	rv = SCardControl(card, ioctl_code, buf, len, rx, sizeof(rx), &n);
	if (rv != SCARD_S_SUCCESS)
		return fail(argv[2], rv);
	printf("%s: ok", argv[2]);
	for (DWORD i = 0; i < n; i++)
		printf(" %02x", rx[i]);
	printf("\n");
	SCardDisconnect(card, SCARD_LEAVE_CARD);
	SCardReleaseContext(ctx);
	return 0;
}
