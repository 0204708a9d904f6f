# SPDX-License-Identifier: GPL-2.0
# Tests of scbridge's scfilter netlink client (issue 5), included by the
# tests Makefile: message parsing and the JSON forms, on messages built
# with libnl (no kernel needed).
NL_SRC := ../scbridge
NL_PKGS := libnl-genl-3.0 jansson cmocka
NL_TESTS := test_nl_parse

CHECKS += nl-check

test_nl_parse: test_nl_parse.c $(NL_SRC)/nl.c $(NL_SRC)/nl_out.c \
		$(NL_SRC)/nl.h $(NL_SRC)/nl_out.h
	$(CC) $(CFLAGS) -I$(NL_SRC) $(shell pkg-config --cflags $(NL_PKGS)) \
		-o $@ $< $(NL_SRC)/nl.c $(NL_SRC)/nl_out.c \
		$(shell pkg-config --libs $(NL_PKGS))

.PHONY: nl-check
nl-check: $(NL_TESTS)
	@for t in $(NL_TESTS); do ./$$t || exit 1; done
