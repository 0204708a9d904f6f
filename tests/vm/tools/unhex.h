/* SPDX-License-Identifier: GPL-2.0 */
/* Hex bytes of a command line ("00 A4 04 00" or "00:a4"), for the tools. */
#ifndef SCPNP_TOOLS_UNHEX_H
#define SCPNP_TOOLS_UNHEX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Up to @max bytes of @s into @out; stops at the first non-hex pair. */
static inline size_t unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned int v;

	while (*s && n < max) {
		if (*s == ' ' || *s == ':') {
			s++;
			continue;
		}
		if (sscanf(s, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

#endif
