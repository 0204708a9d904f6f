# SPDX-License-Identifier: GPL-2.0
#
# scpnp: smart card Plug and Play for Linux.
#
#   make            modules and user space
#   make check      every test (installs what it needs on Debian 12)
#   make demo       the whole story on an emulated reader, in a VM
#   make install    modules (+ depmod), scbridge, IFD bundle, udev rules, units
#   make uninstall  the same files (Documentation/admin-guide/packaging.rst)
#
# KDIR defaults to the running kernel's build tree, else to the newest
# installed Debian headers. KVER is the release of KDIR as modules_install
# names it: UTS_RELEASE of include/generated/utsrelease.h (6.1.0-57-amd64),
# not include/config/kernel.release, which Debian's headers set to the
# upstream version (6.1.192). VERSION (the file) is the project's version.

KDIR ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then \
		echo /lib/modules/$$(uname -r)/build; else \
		ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1; fi)
KVER ?= $(shell sed -n 's/^.define UTS_RELEASE "\(.*\)"$$/\1/p' \
		$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
DESTDIR ?=
PREFIX ?= /usr/local
INSTALL_MOD_DIR ?= updates/scpnp
SCPNP_VERSION := $(shell cat $(CURDIR)/VERSION)
# What DKMS builds (dkms.conf): the kbuild files and the module sources
DKMS_SRC := Kbuild kernel include
DKMS_DIR = $(DESTDIR)/usr/src/scpnp-$(SCPNP_VERSION)

export KDIR KVER DESTDIR PREFIX

.PHONY: all modules user check demo bench stress fuzz install uninstall clean deps need-kver dkms-source

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

# Both name the kernel release; without one they would install for "".
need-kver:
	@test -n "$(KVER)" || { echo "no kernel release: no $(KDIR)/include/generated/utsrelease.h (install linux-headers-amd64 or set KDIR or KVER)" >&2; exit 1; }

install: need-kver all
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))
	$(MAKE) -C user install
	$(MAKE) -C udev install

uninstall: need-kver
	rm -rf $(DESTDIR)/lib/modules/$(KVER)/$(INSTALL_MOD_DIR)
	@# updates/ is removed only when nothing else is in it
	rmdir $(DESTDIR)/lib/modules/$(KVER)/$(dir $(INSTALL_MOD_DIR)) 2>/dev/null || true
	$(if $(DESTDIR),,depmod -a $(KVER))
	$(MAKE) -C user uninstall
	$(MAKE) -C udev uninstall

# The DKMS source tree, /usr/src/scpnp-VERSION (dkms add scpnp/VERSION)
dkms-source:
	install -d $(DKMS_DIR)
	cp -R $(DKMS_SRC) $(DKMS_DIR)/
	find $(DKMS_DIR) \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '.*.d' -o -name modules.order -o -name Module.symvers \) -delete
	sed 's/#MODULE_VERSION#/$(SCPNP_VERSION)/' dkms.conf > $(DKMS_DIR)/dkms.conf

clean:
	-$(if $(KDIR),$(MAKE) -C $(KDIR) M=$(CURDIR) clean)
	$(MAKE) -C user clean
	rm -rf build
