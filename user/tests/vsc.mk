# SPDX-License-Identifier: GPL-2.0
# Tests of the TPM-backed virtual card (issue 21), included by the tests
# Makefile: the BER-TLV module alone, and the PIV engine against a real
# swtpm that the test starts on a unix socket of its own.
VSC_SRC := ../vsc
VSC_TLV_TESTS := test_vsc_tlv
VSC_TESTS := $(VSC_TLV_TESTS) test_vsc_piv
VSC_CRYPTO := $(shell pkg-config --cflags --libs libcrypto)

test_vsc_tlv: test_vsc_tlv.c $(VSC_SRC)/tlv.c $(VSC_SRC)/tlv.h
	$(CC) $(CFLAGS) -I$(VSC_SRC) $(shell pkg-config --cflags cmocka) \
		-o $@ $< $(VSC_SRC)/tlv.c $(shell pkg-config --libs cmocka)

test_vsc_piv: test_vsc_piv.c $(VSC_SRC)/piv.c $(VSC_SRC)/piv.h \
		$(VSC_SRC)/tlv.c $(VSC_SRC)/tlv.h
	$(CC) $(CFLAGS) -I$(VSC_SRC) $(shell pkg-config --cflags cmocka) \
		-o $@ $< $(VSC_SRC)/piv.c $(VSC_SRC)/tlv.c \
		$(shell pkg-config --libs cmocka) $(VSC_CRYPTO)

CHECKS += vsc-check

.PHONY: vsc-check vsc-clean
vsc-check: $(VSC_TESTS)
	@set -e; for t in $(VSC_TESTS); do ./$$t; done

clean: vsc-clean
vsc-clean:
	rm -f $(VSC_TESTS)
