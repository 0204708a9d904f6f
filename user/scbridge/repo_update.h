/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Getting a verified index and verified packages from the mirrors.
 */
#ifndef SCBRIDGE_REPO_UPDATE_H
#define SCBRIDGE_REPO_UPDATE_H

#include <stddef.h>

#include "config.h"
#include "fetch.h"
#include "repo.h"

int scb_repo_index(const struct scb_config *cfg, struct scb_index *idx,
		   size_t *mirror, char *err, size_t errlen);
int scb_repo_package(const struct scb_config *cfg,
		     const struct scb_package *pkg, size_t first_mirror,
		     struct scb_buf *out, char *err, size_t errlen);
int scb_verify_index_bytes(const struct scb_config *cfg,
			   const struct scb_buf *index,
			   const struct scb_buf *sig, struct scb_index *idx,
			   char *err, size_t errlen);

#endif /* SCBRIDGE_REPO_UPDATE_H */
