// SPDX-License-Identifier: GPL-2.0
/*
 * ccidtest: drive one slot node step by step, for VM scenarios.
 *
 *   ccidtest DEV STEP...
 *
 * Steps (each prints one line "STEP: ok [data]" or "STEP: ERRNAME"):
 *   status  atr  info  begin  begin-nb  end  end-reset  reset-cold
 *   reset-warm  poweroff  apdu:HEX  raw:HEX  escape:HEX  sleep:SECONDS
 *   wait:SECONDS (poll for a card event; "ok event" or "ok timeout")
 *   loop:HEX:N (N APDUs or until the first error: "ok N" or "ERRNAME after K")
 *   unplug-loop:HEX:N (as loop, but an ENOMEDIUM does not end it: a card
 *	taken out ahead of its reader; "ERRNAME after K (M ENOMEDIUM)")
 *   proto:MASK (1 T=0, 2 T=1, 3 either)
 *   echo:N (ECHO, INS EE, of N pattern bytes, extended when N > 255; "ok N"
 *	when the answer is the data and 90 00)
 *   getdata:N (GET DATA, INS CA, P1P2 = N, Le 00 or 0000; "ok N" when the
 *	answer is bytes 0, 1, 2 ... (mod 256) and 90 00)
 *   secure:HEX (CCID_IOC_SECURE; prints the answer)
 *   escape:HEX (CCID_IOC_ESCAPE; prints the answer)
 *   nonblock (O_NONBLOCK for the following steps)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/scpnp.h>

#include "unhex.h"

static const char *errname(int e)
{
	switch (e) {
	case ENOMEDIUM: return "ENOMEDIUM";
	case ECONNRESET: return "ECONNRESET";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EIO: return "EIO";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case EBUSY: return "EBUSY";
	case EINTR: return "EINTR";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case EOVERFLOW: return "EOVERFLOW";
	case EPERM: return "EPERM";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EPROTO: return "EPROTO";
	case ENOTTY: return "ENOTTY";
	case EFAULT: return "EFAULT";
	default: return strerror(e);
	}
}

static void hex(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%s%02x", i ? " " : "", b[i]);
}

static int xfer(int fd, const uint8_t *cmd, size_t len, uint8_t *rx,
		size_t *rx_len, unsigned int flags)
{
	struct ccid_xfer x = {
		.tx = (uintptr_t)cmd, .rx = (uintptr_t)rx,
		.tx_len = (uint32_t)len, .rx_len = (uint32_t)*rx_len,
		.flags = flags,
	};

	if (ioctl(fd, CCID_IOC_TRANSMIT, &x))
		return errno;
	*rx_len = x.rx_len;
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t cmd[CCID_APDU_MAX_CMD], rx[CCID_APDU_MAX_RESP];
	int fd, i;

	if (argc < 3) {
		fprintf(stderr, "usage: ccidtest DEV STEP...\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("open: %s\n", errname(errno));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (i = 2; i < argc; i++) {
		const char *s = argv[i], *arg = strchr(s, ':');
		size_t len, rx_len = sizeof(rx);
		int e = 0;

		arg = arg ? arg + 1 : "";
		if (!strcmp(s, "status") || !strcmp(s, "atr")) {
			struct ccid_status st;

			if (ioctl(fd, CCID_IOC_GET_STATUS, &st)) {
				e = errno;
			} else if (!strcmp(s, "atr")) {
				printf("%s: ok ", s);
				hex(st.atr, st.atr_len);
				printf("\n");
				continue;
			} else {
				printf("%s: ok state=%u protocol=%u flags=%u events=%llu atr_len=%u\n",
				       s, st.state, st.protocol, st.flags,
				       (unsigned long long)st.card_events,
				       st.atr_len);
				continue;
			}
		} else if (!strcmp(s, "info")) {
			struct ccid_reader_info in;

			if (ioctl(fd, CCID_IOC_GET_INFO, &in)) {
				e = errno;
			} else {
				printf("%s: ok %04x:%04x level=%u protocols=%u max_message=%u pin=%u slot=%u/%u busy=%u int=%u features=0x%08x\n",
				       s, in.vendor, in.product,
				       in.exchange_level, in.protocols,
				       in.max_message, in.pin_support, in.slot,
				       in.nslots, in.busy_slots,
				       in.has_interrupt, in.features);
				continue;
			}
		} else if (!strcmp(s, "begin") || !strcmp(s, "begin-nb")) {
			int fl = fcntl(fd, F_GETFL);

			fcntl(fd, F_SETFL, !strcmp(s, "begin-nb") ?
			      fl | O_NONBLOCK : fl & ~O_NONBLOCK);
			if (ioctl(fd, CCID_IOC_TXN_BEGIN))
				e = errno;
			fcntl(fd, F_SETFL, fl);
		} else if (!strcmp(s, "end") || !strcmp(s, "end-reset")) {
			if (ioctl(fd, CCID_IOC_TXN_END, !strcmp(s, "end") ?
				  CCID_TXN_LEAVE : CCID_TXN_RESET))
				e = errno;
		} else if (!strcmp(s, "reset-cold") || !strcmp(s, "reset-warm")) {
			if (ioctl(fd, CCID_IOC_RESET, !strcmp(s, "reset-cold") ?
				  CCID_RESET_COLD : CCID_RESET_WARM))
				e = errno;
		} else if (!strcmp(s, "nonblock")) {
			if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK))
				e = errno;
		} else if (!strcmp(s, "poweroff")) {
			if (ioctl(fd, CCID_IOC_POWER_OFF))
				e = errno;
		} else if (!strncmp(s, "proto:", 6)) {
			uint32_t mask = (uint32_t)strtoul(arg, NULL, 0);

			if (ioctl(fd, CCID_IOC_SET_PROTOCOL, &mask)) {
				e = errno;
			} else {
				printf("%s: ok %u\n", s, mask);
				continue;
			}
		} else if (!strncmp(s, "sleep:", 6)) {
			usleep((useconds_t)(atof(arg) * 1e6));
		} else if (!strncmp(s, "wait:", 5)) {
			struct pollfd p = { .fd = fd, .events = POLLIN | POLLPRI };
			int r = poll(&p, 1, (int)(atof(arg) * 1000));

			if (r < 0) {
				e = errno;
			} else {
				printf("%s: ok %s%s\n", s, r ? "event" : "timeout",
				       (p.revents & POLLHUP) ? " hup" : "");
				continue;
			}
		} else if (!strncmp(s, "apdu:", 5) || !strncmp(s, "raw:", 4)) {
			len = unhex(arg, cmd, sizeof(cmd));
			e = xfer(fd, cmd, len, rx, &rx_len,
				 s[0] == 'r' ? CCID_XFER_RAW : 0);
			if (!e) {
				printf("%s: ok ", s);
				hex(rx, rx_len);
				printf("\n");
				continue;
			}
		} else if (!strncmp(s, "escape:", 7) ||
			   !strncmp(s, "secure:", 7)) {
			struct ccid_ctrl c = { .tx = (uintptr_t)cmd,
					       .rx = (uintptr_t)rx,
					       .rx_len = sizeof(rx) };

			c.tx_len = (uint32_t)unhex(arg, cmd, sizeof(cmd));
			if (ioctl(fd, s[0] == 'e' ? CCID_IOC_ESCAPE :
				  CCID_IOC_SECURE, &c)) {
				e = errno;
			} else {
				printf("%.6s: ok ", s);
				hex(rx, c.rx_len);
				printf("\n");
				continue;
			}
		} else if (!strncmp(s, "echo:", 5) ||
			   !strncmp(s, "getdata:", 8)) {
			size_t n = strtoul(arg, NULL, 0), k, off;
			int echo = s[0] == 'e';

			cmd[0] = 0x00;
			cmd[1] = echo ? 0xEE : 0xCA;
			cmd[2] = echo ? 0 : (uint8_t)(n >> 8);
			cmd[3] = echo ? 0 : (uint8_t)n;
			len = 4;
			if (echo && n <= 255 && n) {
				cmd[len++] = (uint8_t)n;
			} else if (echo && n) {
				cmd[len++] = 0;
				cmd[len++] = (uint8_t)(n >> 8);
				cmd[len++] = (uint8_t)n;
			}
			off = len;
			if (echo)
				for (k = 0; k < n; k++)
					cmd[len++] = (uint8_t)(k * 7 + 3);
			/* Le: 00 (short) or 00 00 (extended) */
			if ((echo && n > 255) || (!echo && n > 256)) {
				if (!echo)
					cmd[len++] = 0;
				cmd[len++] = 0;
				cmd[len++] = 0;
			} else {
				cmd[len++] = 0;
			}
			e = xfer(fd, cmd, len, rx, &rx_len, 0);
			if (!e) {
				int good = rx_len == n + 2 &&
					   rx[n] == 0x90 && rx[n + 1] == 0;

				for (k = 0; good && k < n; k++)
					good = rx[k] == (echo ? cmd[off + k] :
							 (uint8_t)k);
				if (good)
					printf("%s: ok %zu\n", s, n);
				else
					printf("%s: bad answer of %zu bytes, ends %02x %02x\n",
					       s, rx_len,
					       rx_len > 1 ? rx[rx_len - 2] : 0,
					       rx_len > 0 ? rx[rx_len - 1] : 0);
				continue;
			}
		} else if (!strncmp(s, "loop:", 5) ||
			   !strncmp(s, "unplug-loop:", 12)) {
			char *hx = strdup(arg), *cnt = strrchr(hx, ':');
			int unplug = s[0] == 'u';
			long n, k, nomedium = 0;

			if (!cnt) {
				fprintf(stderr, "loop:HEX:N\n");
				return 2;
			}
			*cnt++ = 0;
			n = strtol(cnt, NULL, 0);
			len = unhex(hx, cmd, sizeof(cmd));
			for (k = 0; k < n; k++) {
				rx_len = sizeof(rx);
				e = xfer(fd, cmd, len, rx, &rx_len, 0);
				if (e == ENOMEDIUM && unplug) {
					nomedium++;
					usleep(10000);
					continue;
				}
				if (e)
					break;
			}
			free(hx);
			if (e && unplug)
				printf("loop: %s after %ld (%ld ENOMEDIUM)\n",
				       errname(e), k - nomedium, nomedium);
			else if (e)
				printf("loop: %s after %ld\n", errname(e), k);
			else
				printf("loop: ok %ld\n", k);
			continue;
		} else {
			fprintf(stderr, "unknown step %s\n", s);
			return 2;
		}
		if (e)
			printf("%s: %s\n", s, errname(e));
		else
			printf("%s: ok\n", s);
	}
	close(fd);
	return 0;
}
