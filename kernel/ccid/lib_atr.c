// SPDX-License-Identifier: GPL-2.0
/* The shared parser kernel/lib/atr.c, compiled into this module (lib/fdt.c pattern). */
#include "../lib/atr.c"
