// SPDX-License-Identifier: GPL-2.0
/* The shared parser kernel/lib/t1.c, compiled into this module (lib/fdt.c pattern). */
#include "../lib/t1.c"
