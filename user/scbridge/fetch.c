// SPDX-License-Identifier: GPL-2.0
/*
 * Fetching with libcurl.
 *
 * Only http, https and file are allowed (redirects: http and https only).
 * Each transfer is bounded by the configured size and time; transient
 * failures (connection refused or reset, time-out, HTTP 5xx or 429) are
 * retried with exponential back-off before the caller falls back to the
 * next mirror. Certificate checks stay on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "daemon_log.h"
#include "fetch.h"

#define SCB_MAX_REDIRS		5
#define SCB_BAR_WIDTH		30
#define SCB_BACKOFF_MAX_MS	30000
#define SCB_HTTP_TOO_MANY	429
#define SCB_HTTP_SERVER_ERR	500

static int progress_on;
static long fetch_count;

struct sink {
	struct scb_buf *buf;
	size_t max;
	int too_big;
	const char *label;
	int drawn;
};

void scb_buf_free(struct scb_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

int scb_fetch_init(void)
{
	static int done;

	if (done)
		return 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		return -EIO;
	done = 1;
	return 0;
}

/* Show a progress bar (only ever turned on when stderr is a terminal) */
void scb_fetch_set_progress(int on)
{
	progress_on = on;
}

/* Number of transfers attempted by this process (tests, auto_install) */
long scb_fetch_count(void)
{
	return fetch_count;
}

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct sink *s = arg;
	size_t n = size * nmemb;
	char *p;

	if (n > s->max - s->buf->len) {
		s->too_big = 1;
		return 0;
	}
	p = realloc(s->buf->data, s->buf->len + n + 1);
	if (!p)
		return 0;
	memcpy(p + s->buf->len, ptr, n);
	s->buf->data = p;
	s->buf->len += n;
	p[s->buf->len] = '\0';
	return n;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
		       curl_off_t ultotal, curl_off_t ulnow)
{
	struct sink *s = arg;
	int fill, i;

	(void)ultotal;
	(void)ulnow;
	if (dltotal <= 0)
		return 0;
	fill = (int)(dlnow * SCB_BAR_WIDTH / dltotal);
	fprintf(stderr, "\r%-24.24s [", s->label);
	for (i = 0; i < SCB_BAR_WIDTH; i++)
		fputc(i < fill ? '#' : ' ', stderr);
	fprintf(stderr, "] %3d%% %lld/%lld KiB", (int)(dlnow * 100 / dltotal),
		(long long)dlnow / 1024, (long long)dltotal / 1024);
	s->drawn = 1;
	return 0;
}

static int transient(CURLcode rc, long http)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_COULDNT_RESOLVE_HOST:
		return 1;
	case CURLE_HTTP_RETURNED_ERROR:
		return http == SCB_HTTP_TOO_MANY || http >= SCB_HTTP_SERVER_ERR;
	default:
		return 0;
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int fetch_once(const struct scb_config *cfg, const char *url,
		      struct sink *s, long *http, char *err, size_t errlen)
{
	char ebuf[CURL_ERROR_SIZE] = "";
	CURLcode rc;
	CURL *c;

	c = curl_easy_init();
	if (!c) {
		snprintf(err, errlen, "%s: cannot start a transfer", url);
		return -ENOMEM;
	}
	fetch_count++;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)SCB_MAX_REDIRS);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->fetch_timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg->connect_timeout);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->max);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "scbridge/1");
	if (progress_on) {
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, s);
	}
	rc = curl_easy_perform(c);
	*http = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, http);
	curl_easy_cleanup(c);
	if (s->drawn) {
		fputc('\n', stderr);
		s->drawn = 0;
	}
	if (rc == CURLE_OK)
		return 0;
	if (s->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(err, errlen, "%s: larger than the %zu-byte bound", url,
			 s->max);
		return -EFBIG;
	}
	snprintf(err, errlen, "%s: %s", url, *ebuf ? ebuf :
		 curl_easy_strerror(rc));
	return transient(rc, *http) ? -EAGAIN : -EIO;
}

/**
 * scb_fetch_url() - fetch one URL into memory
 * @cfg: bounds, retries
 * @url: http, https or file URL
 * @max: size bound in bytes
 * @label: shown on the progress bar
 * @out: result (free with scb_buf_free())
 * @err: message buffer
 * @errlen: its size
 *
 * Return: 0, -EFBIG (over @max), -EAGAIN (transient failure persisted over
 * every retry) or -EIO.
 */
int scb_fetch_url(const struct scb_config *cfg, const char *url, size_t max,
		  const char *label, struct scb_buf *out,
		  char *err, size_t errlen)
{
	long delay = cfg->retry_delay_ms, attempt, http;
	int ret = -EIO;

	memset(out, 0, sizeof(*out));
	for (attempt = 0; attempt <= cfg->retries; attempt++) {
		struct sink s = { .buf = out, .max = max, .label = label };

		if (attempt) {
			scb_dbg("%s; retrying in %ld ms", err, delay);
			sleep_ms(delay);
			delay = delay * 2 > SCB_BACKOFF_MAX_MS ?
				SCB_BACKOFF_MAX_MS : delay * 2;
		}
		scb_buf_free(out);
		ret = fetch_once(cfg, url, &s, &http, err, errlen);
		if (ret != -EAGAIN)
			break;
	}
	if (ret)
		scb_buf_free(out);
	else if (!out->data) {
		out->data = calloc(1, 1);
		if (!out->data)
			return -ENOMEM;
	}
	return ret;
}

/**
 * scb_fetch_mirror_file() - fetch <mirror>/<rel>
 * @cfg: bounds, retries
 * @mirror: base URL
 * @rel: path below it
 * @max: size bound
 * @label: progress label
 * @out: result
 * @err: message buffer
 * @errlen: its size
 *
 * Return: as scb_fetch_url().
 */
int scb_fetch_mirror_file(const struct scb_config *cfg, const char *mirror,
			  const char *rel, size_t max, const char *label,
			  struct scb_buf *out, char *err, size_t errlen)
{
	size_t n = strlen(mirror);
	char *url;
	int ret;

	while (n && mirror[n - 1] == '/')
		n--;
	if (asprintf(&url, "%.*s/%s", (int)n, mirror, rel) < 0)
		return -ENOMEM;
	ret = scb_fetch_url(cfg, url, max, label, out, err, errlen);
	free(url);
	return ret;
}
