// SPDX-License-Identifier: GPL-2.0
/*
 * The shared parsers of kernel/lib that scfilter.ko uses, compiled into
 * this module (lib/fdt.c pattern): ATR walker, CardID decoder, PnP IDs.
 */
#include "../lib/atr.c"
#include "../lib/cardid.c"
#include "../lib/pnpid.c"
