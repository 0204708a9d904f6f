# SPDX-License-Identifier: GPL-2.0
# Unit tests of the pcscd IFD handler (user/ifd), included by the tests
# Makefile (or run alone: make -f ../common.mk -f ifd.mk ifd-check).
IFD_SRC := ../ifd
IFD_TEST_CFLAGS := -I$(IFD_SRC) $(shell pkg-config --cflags libpcsclite cmocka)
IFD_TEST_LIBS := $(shell pkg-config --libs cmocka)
IFD_TESTS := test_ifd_util test_ifd_part10 test_ifd_sysfs test_ifd_bundle

test_ifd_util_SRCS := ifd_util.c ifd_names.c
test_ifd_part10_SRCS := ifd_part10.c
test_ifd_sysfs_SRCS := ifd_sysfs.c ifd_util.c

$(IFD_SRC)/ifd_readers.h: $(IFD_SRC)/readers.list
	$(MAKE) -C $(IFD_SRC) ifd_readers.h

IFD_BUNDLE_LIB := $(IFD_SRC)/ifd-scpnp.bundle/Contents/Linux/libifd-scpnp.so

$(IFD_BUNDLE_LIB): $(wildcard $(IFD_SRC)/*.c $(IFD_SRC)/*.h) $(IFD_SRC)/readers.list
	$(MAKE) -C $(IFD_SRC)

# loads the bundle with dlopen(), exporting log_msg() as pcscd does
test_ifd_bundle: test_ifd_bundle.c $(IFD_BUNDLE_LIB)
	$(CC) $(CFLAGS) $(IFD_TEST_CFLAGS) -rdynamic -o $@ $< $(IFD_TEST_LIBS) -ldl

.SECONDEXPANSION:
$(filter-out test_ifd_bundle,$(IFD_TESTS)): %: %.c $(IFD_SRC)/ifd_readers.h $$(addprefix $(IFD_SRC)/,$$($$*_SRCS))
	$(CC) $(CFLAGS) $(IFD_TEST_CFLAGS) -o $@ $< \
		$(addprefix $(IFD_SRC)/,$($*_SRCS)) $(IFD_TEST_LIBS)

.PHONY: ifd-check
ifd-check: $(IFD_TESTS)
	@set -e; for t in $(IFD_TESTS); do ./$$t; done
