// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Microsoft CardID decoder: a strict DER reader (ITU-T X.690 section 10)
 * for exactly the structure the PnP applet returns, bounded by explicit
 * lengths; anything else is refused.
 */

#include "cardid.h"

/* Universal tags (X.690 8.1.2), primitive unless noted */
#define DER_TAG_INTEGER		0x02
#define DER_TAG_OCTET_STRING	0x04
#define DER_TAG_IA5STRING	0x16
#define DER_TAG_SEQUENCE	0x30	/* constructed */

/* Length octets (X.690 8.1.3, 10.1) */
#define DER_LEN_LONG		0x80	/* long form: low bits count the octets */
#define DER_LEN_LONG_MASK	0x7F
#define DER_LEN_MAX_OCTETS	2	/* a CardID is far below 64 KiB */
#define DER_SHORT_MAX		0x7F

#define IA5_MAX			0x7F

/* A bounded cursor over DER bytes */
struct der {
	const u8 *p;
	size_t left;
};

/*
 * Read one TLV with the expected tag; on success *val and *vlen describe its
 * contents and the cursor moves past it.
 */
static int der_read(struct der *d, u8 tag, const u8 **val, size_t *vlen)
{
	size_t len, n, i;

	if (d->left < 2 || d->p[0] != tag)
		return -EBADMSG;
	len = d->p[1];
	d->p += 2;
	d->left -= 2;
	if (len & DER_LEN_LONG) {
		n = len & DER_LEN_LONG_MASK;
		/* 0x80 is the indefinite form, not allowed in DER */
		if (!n || n > DER_LEN_MAX_OCTETS || n > d->left)
			return -EBADMSG;
		/* Minimal encoding: no leading zero octet, no long form
		 * for a length the short form can carry.
		 */
		if (!d->p[0])
			return -EBADMSG;
		len = 0;
		for (i = 0; i < n; i++)
			len = len << 8 | d->p[i];
		if (len <= DER_SHORT_MAX)
			return -EBADMSG;
		d->p += n;
		d->left -= n;
	}
	if (len > d->left)
		return -EBADMSG;
	*val = d->p;
	*vlen = len;
	d->p += len;
	d->left -= len;
	return 0;
}

int scf_cardid_parse(const u8 *der, size_t len, struct scf_cardid *id)
{
	struct der top = { .p = der, .left = len };
	struct der seq, list;
	const u8 *v;
	size_t vlen, i;
	int ret;

	memset(id, 0, sizeof(*id));

	ret = der_read(&top, DER_TAG_SEQUENCE, &v, &vlen);
	if (ret || top.left)
		goto bad;
	seq.p = v;
	seq.left = vlen;

	/* version INTEGER: 0, encoded as the single octet 00 */
	ret = der_read(&seq, DER_TAG_INTEGER, &v, &vlen);
	if (ret || vlen != 1 || v[0])
		goto bad;

	/* vendor IA5String: 7-bit characters, no NUL */
	ret = der_read(&seq, DER_TAG_IA5STRING, &v, &vlen);
	if (ret)
		goto bad;
	for (i = 0; i < vlen; i++) {
		if (!v[i] || v[i] > IA5_MAX)
			goto bad;
		if (i < SCF_CARDID_VENDOR_MAX)
			id->vendor[i] = (char)v[i];
	}

	/* SEQUENCE OF OCTET STRING (SIZE (16)), at least one */
	ret = der_read(&seq, DER_TAG_SEQUENCE, &v, &vlen);
	if (ret || seq.left)
		goto bad;
	list.p = v;
	list.left = vlen;
	while (list.left) {
		ret = der_read(&list, DER_TAG_OCTET_STRING, &v, &vlen);
		if (ret || vlen != SCF_GUID_LEN)
			goto bad;
		if (!id->nguids)
			memcpy(id->guid, v, SCF_GUID_LEN);
		id->nguids++;
	}
	if (!id->nguids)
		goto bad;
	return 0;

bad:
	memset(id, 0, sizeof(*id));
	return -EBADMSG;
}
