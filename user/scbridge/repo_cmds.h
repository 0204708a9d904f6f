/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Commands of the driver repository side of scbridge.
 */
#ifndef SCBRIDGE_REPO_CMDS_H
#define SCBRIDGE_REPO_CMDS_H

int cmd_repo(int argc, char **argv);
int cmd_install(int argc, char **argv);
int cmd_drivers(int argc, char **argv);
int cmd_remove(int argc, char **argv);
int cmd_daemon(int argc, char **argv);

#endif /* SCBRIDGE_REPO_CMDS_H */
