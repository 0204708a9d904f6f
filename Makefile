# SPDX-License-Identifier: GPL-2.0
#
# scpnp: smart card Plug and Play for Linux.
#
#   make            modules and user space
#   make check      every test (installs what it needs on Debian 12)
#   make demo       the whole story on an emulated reader, in a VM
#   make install    modules (+ depmod), scbridge, IFD bundle, udev rules, units
#
# KDIR defaults to the running kernel's build tree, else to the newest
# installed Debian headers. KVER is the release of KDIR.

KDIR ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then \
		echo /lib/modules/$$(uname -r)/build; else \
		ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1; fi)
KVER ?= $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
DESTDIR ?=
PREFIX ?= /usr/local
INSTALL_MOD_DIR ?= updates/scpnp

export KDIR KVER DESTDIR PREFIX

.PHONY: all modules user check demo bench stress fuzz install uninstall clean deps

all: modules user

modules:
	@test -n "$(KDIR)" || { echo "no kernel build tree: install linux-headers-amd64 or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

user:
	$(MAKE) -C user

deps:
	tests/install-deps

check:
	tests/check

demo:
	tests/demo

bench:
	bench/run

stress:
	tests/stress

fuzz:
	$(MAKE) -C fuzz run

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))
	$(MAKE) -C user install
	$(MAKE) -C udev install

uninstall:
	rm -rf $(DESTDIR)/lib/modules/$(KVER)/$(INSTALL_MOD_DIR)
	$(if $(DESTDIR),,depmod -a $(KVER))
	$(MAKE) -C user uninstall
	$(MAKE) -C udev uninstall

clean:
	-$(if $(KDIR),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	$(MAKE) -C user clean
	rm -rf build
