/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one sanitiser for strings scbridge did not write itself: anything
 * from the network (index, signature envelope, package entries), from a
 * card or from a USB device (reader product and serial strings) passes
 * through scb_safe() before it reaches a terminal, a log line or syslog.
 *
 * Printable ASCII (0x20-0x7e) is kept; every other byte (control
 * characters such as ESC, CR and LF, DEL, and every byte of a multi-byte
 * sequence) becomes "\xNN", so that a string can neither move the cursor,
 * recolour the terminal, nor start a new, forged log line. The backslash
 * is kept as it is (card IDs contain it), so scb_safe() is idempotent.
 */
#ifndef SCBRIDGE_SANITIZE_H
#define SCBRIDGE_SANITIZE_H

#include <stddef.h>

/* Room for a 512-byte string with a few escapes; longer ones end in "..." */
#define SCB_SAFE_MAX	1024

/**
 * scb_safe() - @s made safe to print
 * @s: untrusted NUL-terminated string, or NULL (printed as "")
 * @buf: result
 * @size: its size, at least 8
 *
 * Return: @buf.
 */
static inline const char *scb_safe(const char *s, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (!s)
		s = "";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		size_t need = (c >= 0x20 && c < 0x7f) ? 1 : 4;

		if (o + need + 4 > size) {
			buf[o++] = '.';
			buf[o++] = '.';
			buf[o++] = '.';
			break;
		}
		if (need == 1) {
			buf[o++] = (char)c;
			continue;
		}
		buf[o++] = '\\';
		buf[o++] = 'x';
		buf[o++] = hex[c >> 4];
		buf[o++] = hex[c & 15];
	}
	buf[o] = '\0';
	return buf;
}

/*
 * SCB_SAFE(s) - scb_safe() into a buffer that lives until the end of the
 * enclosing block, for use as a printf argument.
 */
#define SCB_SAFE(s)	scb_safe((s), (char[SCB_SAFE_MAX]){ 0 }, SCB_SAFE_MAX)

#endif /* SCBRIDGE_SANITIZE_H */
