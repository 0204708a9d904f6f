// SPDX-License-Identifier: GPL-2.0
/*
 * scpnp test minidriver: a PKCS#11 module of the project's own.
 *
 * It forwards every call to OpenSC's opensc-pkcs11.so but reports its own
 * library description and version (C_GetInfo) and slot manufacturer
 * (C_GetSlotInfo), so a test can prove that the module an application
 * loads is the one the repository delivered, not OpenSC's.
 *
 * SCPNP_TEST_WRAPPED overrides the wrapped module (tests without OpenSC).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

#ifndef SCPNP_TEST_MAJOR
#define SCPNP_TEST_MAJOR	1
#endif
#ifndef SCPNP_TEST_MINOR
#define SCPNP_TEST_MINOR	0
#endif
#define STR2(x)			#x
#define STR(x)			STR2(x)
#define TEST_DESCRIPTION	"scpnp test minidriver " \
				STR(SCPNP_TEST_MAJOR) "." STR(SCPNP_TEST_MINOR)
#define TEST_MANUFACTURER	"scpnp project"
#define WRAPPED_DEFAULT		"opensc-pkcs11.so"
#define WRAPPED_ENV		"SCPNP_TEST_WRAPPED"

static CK_FUNCTION_LIST wrapped;	/* OpenSC's list */
static CK_FUNCTION_LIST ours;		/* the same with our overrides */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static CK_RV load_rv = CKR_GENERAL_ERROR;

/* PKCS#11 text fields are blank-padded, not NUL-terminated */
static void pad(unsigned char *field, size_t size, const char *text)
{
	size_t n = strlen(text);

	if (n > size)
		n = size;
	memset(field, ' ', size);
	memcpy(field, text, n);
}

static CK_RV our_get_info(CK_INFO_PTR info)
{
	CK_RV rv;

	if (!info)
		return CKR_ARGUMENTS_BAD;
	rv = wrapped.C_GetInfo(info);
	if (rv != CKR_OK)
		return rv;
	pad(info->manufacturerID, sizeof(info->manufacturerID),
	    TEST_MANUFACTURER);
	pad(info->libraryDescription, sizeof(info->libraryDescription),
	    TEST_DESCRIPTION);
	info->libraryVersion.major = SCPNP_TEST_MAJOR;
	info->libraryVersion.minor = SCPNP_TEST_MINOR;
	return CKR_OK;
}

static CK_RV our_get_slot_info(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info)
{
	CK_RV rv;

	rv = wrapped.C_GetSlotInfo(slot, info);
	if (rv != CKR_OK)
		return rv;
	pad(info->manufacturerID, sizeof(info->manufacturerID),
	    TEST_DESCRIPTION);
	return CKR_OK;
}

static CK_RV our_get_function_list(CK_FUNCTION_LIST_PTR_PTR list);

static void load(void)
{
	const char *path = getenv(WRAPPED_ENV);
	CK_C_GetFunctionList get;
	CK_FUNCTION_LIST_PTR fl;
	void *h;

	h = dlopen(path && *path ? path : WRAPPED_DEFAULT,
		   RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return;
	get = (CK_C_GetFunctionList)dlsym(h, "C_GetFunctionList");
	if (!get || get(&fl) != CKR_OK || !fl) {
		dlclose(h);
		return;
	}
	wrapped = *fl;
	ours = wrapped;
	ours.C_GetInfo = our_get_info;
	ours.C_GetSlotInfo = our_get_slot_info;
	ours.C_GetFunctionList = our_get_function_list;
	load_rv = CKR_OK;
	/* h stays open for the life of the process, as the list points in */
}

static CK_RV our_get_function_list(CK_FUNCTION_LIST_PTR_PTR list)
{
	if (!list)
		return CKR_ARGUMENTS_BAD;
	pthread_once(&once, load);
	if (load_rv != CKR_OK)
		return load_rv;
	*list = &ours;
	return CKR_OK;
}

__attribute__((visibility("default")))
CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list)
{
	return our_get_function_list(list);
}
