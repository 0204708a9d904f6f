# SPDX-License-Identifier: GPL-2.0
# Tests of the driver repository side of scbridge (issue 6), included by
# the tests Makefile: cmocka unit tests built from scbridge's sources, and
# a host integration test over HTTP (python3 -m http.server on 127.0.0.1).
REPO_SRC := ../scbridge
REPO_PKGS := jansson libsodium libcurl inih
REPO_TEST_CFLAGS := -I$(REPO_SRC) $(shell pkg-config --cflags $(REPO_PKGS) cmocka)
REPO_TEST_LIBS := $(shell pkg-config --libs $(REPO_PKGS) cmocka)
REPO_TESTS := test_repo_index test_repo_verify test_repo_match \
	test_repo_config test_repo_install test_repo_pipeline \
	test_repo_sanitize

REPO_CORE := repo.c daemon_log.c
REPO_FETCH := $(REPO_CORE) fetch.c config.c repo_update.c repo_build.c \
	install.c match.c
REPO_INSTALL := $(REPO_CORE) install.c match.c config.c

test_repo_index_SRCS := $(REPO_CORE)
test_repo_verify_SRCS := $(REPO_FETCH)
test_repo_match_SRCS := match.c
test_repo_config_SRCS := $(REPO_CORE) config.c
test_repo_install_SRCS := $(REPO_INSTALL)
test_repo_pipeline_SRCS := $(sort $(REPO_FETCH) install_pipeline.c)
test_repo_sanitize_SRCS := $(REPO_INSTALL)

.SECONDEXPANSION:
$(REPO_TESTS): %: %.c test_repo_util.h $$(addprefix $(REPO_SRC)/,$$($$*_SRCS))
	$(CC) $(CFLAGS) $(REPO_TEST_CFLAGS) -o $@ $< \
		$(addprefix $(REPO_SRC)/,$($*_SRCS)) $(REPO_TEST_LIBS)

.PHONY: repo-check repo-unit-check repo-http-check
repo-check: repo-unit-check repo-http-check

repo-unit-check: $(REPO_TESTS)
	@set -e; for t in $(REPO_TESTS); do ./$$t; done

repo-http-check: $(REPO_SRC)/scbridge
	$(MAKE) -C ../testpkcs11
	./test_repo_http.sh $(REPO_SRC)/scbridge ../testpkcs11
