/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Commands of scbridge that talk to scfilter.ko and the slot nodes.
 */
#ifndef SCBRIDGE_SCF_CMDS_H
#define SCBRIDGE_SCF_CMDS_H

int cmd_list(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_apdu(int argc, char **argv);
int cmd_bind(int argc, char **argv);
int cmd_policy(int argc, char **argv);

#endif /* SCBRIDGE_SCF_CMDS_H */
