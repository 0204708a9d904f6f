/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scbridge commands: each is int cmd_NAME(int argc, char **argv), argv[0]
 * being the command name; it returns the process exit status. main.c
 * lists them in its dispatch table.
 */
#ifndef SCBRIDGE_COMMANDS_H
#define SCBRIDGE_COMMANDS_H

#include "repo_cmds.h"
#include "scf_cmds.h"

int cmd_atr(int argc, char **argv);

#endif /* SCBRIDGE_COMMANDS_H */
