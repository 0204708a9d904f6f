// SPDX-License-Identifier: GPL-2.0
/* The shared parser kernel/lib/apdu.c, compiled into this module (lib/fdt.c pattern). */
#include "../lib/apdu.c"
