/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Publishing side of the repository: keys, building and signing.
 */
#ifndef SCBRIDGE_REPO_BUILD_H
#define SCBRIDGE_REPO_BUILD_H

int scb_repo_keygen(const char *prefix);
int scb_repo_build(const char *src, const char *out, const char *keyfile,
		   long long version, long long expires_days);
int scb_repo_sign(const char *out, const char *keyfile);

#endif /* SCBRIDGE_REPO_BUILD_H */
