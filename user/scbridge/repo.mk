# SPDX-License-Identifier: GPL-2.0
# The driver repository side of scbridge (match, fetch, verify, install,
# register, daemon): sources and libraries, included by the Makefile.
SCB_REPO_SRCS := config.c daemon.c daemon_log.c daemon_nl.c fetch.c \
	install.c install_pipeline.c match.c repo.c repo_build.c \
	repo_update.c cmd_repo.c cmd_install.c cmd_drivers.c cmd_remove.c \
	cmd_daemon.c
SCB_REPO_PKGS := libnl-genl-3.0 jansson libsodium libcurl
SCB_REPO_CFLAGS := $(shell pkg-config --cflags $(SCB_REPO_PKGS))
SCB_REPO_LIBS := $(shell pkg-config --libs $(SCB_REPO_PKGS))
