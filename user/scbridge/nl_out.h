/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the scfilter commands of scbridge print: JSON and text forms of
 * readers and cards, and errors in plain words.
 */
#ifndef SCBRIDGE_NL_OUT_H
#define SCBRIDGE_NL_OUT_H

#include <stdio.h>

#include <jansson.h>

#include "nl.h"

json_t *scf_reader_json(const struct scf_reader_info *r);
json_t *scf_card_json(const struct scf_card_info *c);
void scf_hex(const uint8_t *buf, size_t len, char *out);
void scf_card_print(FILE *f, const struct scf_card_info *c);
int scf_cli_open(struct scf_nl **nl);
void scf_cli_error(const struct scf_nl *nl, const char *what, int err);

#endif /* SCBRIDGE_NL_OUT_H */
