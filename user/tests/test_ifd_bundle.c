// SPDX-License-Identifier: GPL-2.0
/*
 * The built bundle as pcscd loads it: Info.plist names the library, the
 * library resolves against the host program's log_msg() only, exports the
 * IFD handler v3 entry points, and refuses device names it cannot serve
 * the way pcscd expects (no such device; unparseable name -> fallback).
 */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <ifdhandler.h>

#define BUNDLE "../ifd/ifd-scpnp.bundle"

static int logged;

/* What pcscd exports to its drivers */
__attribute__((visibility("default")))
void log_msg(const int priority, const char *fmt, ...)
{
	va_list ap;

	(void)priority;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	logged++;
}

static void *lib;

static int setup(void **state)
{
	(void)state;
	lib = dlopen(BUNDLE "/Contents/Linux/libifd-scpnp.so",
		     RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		fprintf(stderr, "%s\n", dlerror());
	return lib ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return dlclose(lib);
}

static void test_plist(void **state)
{
	char line[256];
	int exe = 0, name = 0;
	FILE *f;

	(void)state;
	f = fopen(BUNDLE "/Contents/Info.plist", "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "<string>libifd-scpnp.so</string>"))
			exe++;
		if (strstr(line, "<string>SCPNP</string>"))
			name++;
	}
	fclose(f);
	assert_int_equal(exe, 1);
	assert_int_equal(name, 1);
}

static void test_symbols(void **state)
{
	static const char *const syms[] = {
		"IFDHCreateChannelByName", "IFDHCreateChannel",
		"IFDHCloseChannel", "IFDHGetCapabilities",
		"IFDHSetCapabilities", "IFDHSetProtocolParameters",
		"IFDHPowerICC", "IFDHTransmitToICC", "IFDHControl",
		"IFDHICCPresence",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
		assert_non_null(dlsym(lib, syms[i]));
	/* helpers stay private */
	assert_null(dlsym(lib, "ifd_errno_to_ifd"));
	assert_null(dlsym(lib, "ifd_sysfs_lookup"));
}

static void test_refusals(void **state)
{
	RESPONSECODE (*create)(DWORD, LPSTR) =
		(RESPONSECODE (*)(DWORD, LPSTR))dlsym(lib, "IFDHCreateChannelByName");
	RESPONSECODE (*presence)(DWORD) =
		(RESPONSECODE (*)(DWORD))dlsym(lib, "IFDHICCPresence");
	RESPONSECODE (*control)(DWORD, DWORD, PUCHAR, DWORD, PUCHAR, DWORD,
				LPDWORD) =
		(RESPONSECODE (*)(DWORD, DWORD, PUCHAR, DWORD, PUCHAR, DWORD,
				  LPDWORD))dlsym(lib, "IFDHControl");
	char gone[] = "usb:08e6/4433:libudev:0:/dev/bus/usb/255/255";
	char odd[] = "usb:08e6/4433:hal:/org/freedesktop/x";
	UCHAR rx[64];
	DWORD n = 1;

	(void)state;
	logged = 0;
	assert_int_equal(create(0, gone), IFD_NO_SUCH_DEVICE);
	assert_int_equal(create(0x10000, odd), IFD_COMMUNICATION_ERROR);
	assert_int_equal(create(0x100000, gone), IFD_COMMUNICATION_ERROR);
	assert_true(logged > 0);
	/* nothing opened: every call on a Lun fails cleanly */
	assert_int_equal(presence(0), IFD_COMMUNICATION_ERROR);
	assert_int_equal(control(0, 0x42000d48, NULL, 0, rx, sizeof(rx), &n),
			 IFD_COMMUNICATION_ERROR);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plist),
		cmocka_unit_test(test_symbols),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests_name("ifd_bundle", tests, setup, teardown);
}
