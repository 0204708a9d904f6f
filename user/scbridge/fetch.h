/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fetching repository files over HTTP(S) and file:// (libcurl), bounded in
 * size and time, with retries, back-off and mirror fallback.
 */
#ifndef SCBRIDGE_FETCH_H
#define SCBRIDGE_FETCH_H

#include <stddef.h>

#include "config.h"

/**
 * struct scb_buf - a fetched body
 * @data: bytes (NUL-terminated for convenience, not counted in @len)
 * @len: length
 */
struct scb_buf {
	char *data;
	size_t len;
};

void scb_buf_free(struct scb_buf *b);
int scb_fetch_init(void);
int scb_fetch_url(const struct scb_config *cfg, const char *url, size_t max,
		  const char *label, struct scb_buf *out,
		  char *err, size_t errlen);
int scb_fetch_mirror_file(const struct scb_config *cfg, const char *mirror,
			  const char *rel, size_t max, const char *label,
			  struct scb_buf *out, char *err, size_t errlen);
void scb_fetch_set_progress(int on);
long scb_fetch_count(void);

#endif /* SCBRIDGE_FETCH_H */
