# SPDX-License-Identifier: GPL-2.0
# Unit tests of scbridge's daemon lifecycle (issue 7: instance lock,
# detaching, boot state file), included by the tests Makefile.
SERVICE_SRC := ../scbridge
SERVICE_PKGS := jansson libsodium libcurl inih
SERVICE_TESTS := test_service_lifecycle
SERVICE_SRCS := lifecycle.c install.c match.c config.c repo.c daemon_log.c

test_service_lifecycle: test_service_lifecycle.c \
		$(addprefix $(SERVICE_SRC)/,$(SERVICE_SRCS)) \
		$(wildcard $(SERVICE_SRC)/*.h)
	$(CC) $(CFLAGS) -I$(SERVICE_SRC) \
		$(shell pkg-config --cflags $(SERVICE_PKGS) cmocka) -o $@ $< \
		$(addprefix $(SERVICE_SRC)/,$(SERVICE_SRCS)) \
		$(shell pkg-config --libs $(SERVICE_PKGS) cmocka)

CHECKS += service-check

.PHONY: service-check service-clean
service-check: $(SERVICE_TESTS)
	@set -e; for t in $(SERVICE_TESTS); do ./$$t; done

clean: service-clean
service-clean:
	rm -f $(SERVICE_TESTS)
