// SPDX-License-Identifier: GPL-2.0
/* The shared parser kernel/lib/ccid_msg.c, compiled into this module (lib/fdt.c pattern). */
#include "../lib/ccid_msg.c"
