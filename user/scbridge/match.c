// SPDX-License-Identifier: GPL-2.0
/*
 * Driver ranking, after Windows' "how Windows ranks drivers": a driver
 * listing the device's hardware ID beats one listing only a compatible ID,
 * and an earlier compatible ID beats a later one. Among equal ranks the
 * newest version wins, then the first in the index. IDs compare without
 * regard to case (Windows emits lower-case hex, INF files often write
 * upper case; Documentation/userspace-api/scfilter.rst).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match.h"

/**
 * scb_version_cmp() - compare dotted versions
 * @a: version
 * @b: version
 *
 * Components separated by '.', '-', '+' or '_' compare numerically when
 * both are numbers, otherwise as strings; a version with more components
 * is newer when the common ones are equal ("1.0.1" > "1.0").
 *
 * Return: <0, 0 or >0 as @a is older than, equal to or newer than @b.
 */
int scb_version_cmp(const char *a, const char *b)
{
	static const char sep[] = ".-+_";

	while (*a && *b) {
		size_t la = strcspn(a, sep), lb = strcspn(b, sep);
		int c;

		if (la && lb && strspn(a, "0123456789") == la &&
		    strspn(b, "0123456789") == lb) {
			while (la > 1 && *a == '0') {
				a++;
				la--;
			}
			while (lb > 1 && *b == '0') {
				b++;
				lb--;
			}
			if (la != lb)
				return la < lb ? -1 : 1;
			c = strncmp(a, b, la);
		} else {
			c = strncmp(a, b, la < lb ? la : lb);
			if (!c && la != lb)
				c = la < lb ? -1 : 1;
		}
		if (c)
			return c < 0 ? -1 : 1;
		a += la;
		b += lb;
		if (*a)
			a++;
		if (*b)
			b++;
	}
	if (*a)
		return 1;
	if (*b)
		return -1;
	return 0;
}

static int listed(char *const *list, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(list[i], id))
			return 1;
	return 0;
}

/**
 * scb_match_rank() - how well a package serves a card
 * @pkg: package
 * @ids: the card's IDs
 *
 * Return: SCB_RANK_* (lower is better) or SCB_RANK_NONE.
 */
int scb_match_rank(const struct scb_package *pkg,
		   const struct scb_card_ids *ids)
{
	size_t i;

	if (ids->pnp_id && *ids->pnp_id) {
		if (listed(pkg->hw_ids, pkg->nhw, ids->pnp_id))
			return SCB_RANK_HW_HW;
		if (listed(pkg->compat_ids, pkg->ncompat, ids->pnp_id))
			return SCB_RANK_HW_COMPAT;
	}
	for (i = 0; i < ids->ncompat; i++) {
		if (!ids->compat[i] || !*ids->compat[i])
			continue;
		if (listed(pkg->hw_ids, pkg->nhw, ids->compat[i]) ||
		    listed(pkg->compat_ids, pkg->ncompat, ids->compat[i]))
			return SCB_RANK_COMPAT + 2 * (int)i;
	}
	return SCB_RANK_NONE;
}

/**
 * scb_match() - best package for a card
 * @pkgs: candidates
 * @npkgs: their number
 * @ids: the card's IDs
 * @rank: if not NULL, the rank of the result
 *
 * Return: the best package, or NULL when none serves the card.
 */
const struct scb_package *scb_match(const struct scb_package *pkgs,
				    size_t npkgs,
				    const struct scb_card_ids *ids,
				    int *rank)
{
	const struct scb_package *best = NULL;
	int best_rank = SCB_RANK_NONE;
	size_t i;

	for (i = 0; i < npkgs; i++) {
		int r = scb_match_rank(&pkgs[i], ids);

		if (r == SCB_RANK_NONE)
			continue;
		if (!best || r < best_rank ||
		    (r == best_rank &&
		     scb_version_cmp(pkgs[i].version, best->version) > 0)) {
			best = &pkgs[i];
			best_rank = r;
		}
	}
	if (rank)
		*rank = best_rank;
	return best;
}
