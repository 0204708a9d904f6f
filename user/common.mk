# SPDX-License-Identifier: GPL-2.0
# Flags shared by every user-space program of the project.
# Simply expanded: MAKEFILE_LIST changes with every later include
ifndef TOP
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
endif
CC ?= cc
CSTD := -std=c11 -D_GNU_SOURCE
WARN := -Wall -Wextra -Werror
CFLAGS ?= -O2 -g
CFLAGS += $(CSTD) $(WARN) -I$(TOP)/include/uapi -I$(TOP)/kernel/lib
PREFIX ?= /usr/local
# The project's version: the file VERSION at the top (scbridge --version,
# the IFD bundle's Info.plist, dkms.conf, the Debian packages)
SCPNP_VERSION := $(shell cat $(TOP)/VERSION)
CFLAGS += -DSCPNP_VERSION='"$(SCPNP_VERSION)"'
