// SPDX-License-Identifier: GPL-2.0
/*
 * scbridge daemon: the event loop.
 *
 * On start it dumps the kernel's cards and runs the pipeline for every
 * named card that has no driver bound yet, so that a restart, or events
 * that came while it was not running, lose nothing. Then it follows the
 * "monitor" group: each CARD_INSERT runs the pipeline and reports the
 * outcome with BIND_DRIVER. A gap in the event sequence numbers or a
 * receive-buffer overflow is repaired with another dump.
 *
 * With idle_exit set it exits that many seconds after its last request
 * once no reader remains (udev starts it again when one appears). A reader
 * seen makes it write the state file that lets the unit start at boot.
 * Documentation/admin-guide/service.rst.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "daemon_log.h"
#include "lifecycle.h"
#include "match.h"

#define SCB_COMPAT_IDS_MAX	16
#define SCB_POLL_MS		1000
#define SCB_FAMILY_WAIT_S	10

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/**
 * scb_bind_report() - tell scfilter which driver serves a card
 * @nl: connection (NULL: nothing to tell, e.g. a test without a kernel)
 * @reader: R
 * @slot: S
 * @b: the pipeline's outcome
 *
 * Return: 0 or a negative error (logged).
 */
int scb_bind_report(struct scf_nl *nl, uint32_t reader, uint32_t slot,
		    const struct scb_binding *b)
{
	int ret;

	if (!nl || b->kind == SCB_BIND_NONE)
		return 0;
	if (strlen(b->name) >= SCF_MINIDRIVER_NAME_MAX ||
	    strlen(b->version) >= SCF_MINIDRIVER_VERSION_MAX) {
		scb_err("card%us%u: driver %s %s: name or version too long to report",
			reader, slot, b->name, b->version);
		return -ENAMETOOLONG;
	}
	ret = scf_nl_bind(nl, reader, slot, b->name, b->version);
	if (ret < 0) {
		scb_err("card%us%u: bind-driver %s %s: %s%s%s", reader, slot,
			b->name, b->version, strerror(-ret),
			*scf_nl_errmsg(nl) ? ": " : "", scf_nl_errmsg(nl));
		return ret;
	}
	scb_info("card%us%u: bound to %s %s (%s)", reader, slot, b->name,
		 b->version, scb_bind_kind_str(b->kind));
	return 0;
}

/**
 * scb_handle_card() - run the pipeline for a card and report the binding
 * @cfg: configuration
 * @nl: connection
 * @card: the card
 *
 * Return: 0 or a negative error (logged).
 */
int scb_handle_card(const struct scb_config *cfg, struct scf_nl *nl,
		    const struct scf_card_info *card)
{
	const char *compat[SCB_COMPAT_IDS_MAX];
	char buf[sizeof(card->compat_ids)], *tok, *save = NULL;
	struct scb_card_ids ids = { .compat = compat };
	struct scb_binding b;
	int ret;

	if (!card->pnp_id[0] && !card->compat_ids[0]) {
		scb_dbg("card%us%u: no IDs (state %u): nothing to match",
			card->reader, card->slot, card->state);
		return 0;
	}
	snprintf(buf, sizeof(buf), "%s", card->compat_ids);
	for (tok = strtok_r(buf, " ", &save); tok && ids.ncompat <
	     SCB_COMPAT_IDS_MAX; tok = strtok_r(NULL, " ", &save))
		compat[ids.ncompat++] = tok;
	ids.pnp_id = card->pnp_id;
	scb_info("card%us%u: %s%s%s", card->reader, card->slot,
		 card->pnp_id[0] ? card->pnp_id : "(no hardware ID)",
		 card->compat_ids[0] ? " compatible " : "", card->compat_ids);
	ret = scb_pipeline(cfg, &ids, &b);
	if (b.kind == SCB_BIND_NONE)
		return ret;
	if (!strcmp(card->md_name, b.name) &&
	    !strcmp(card->md_version, b.version))
		return 0;
	return scb_bind_report(nl, card->reader, card->slot, &b);
}

struct loop {
	const struct scb_config *cfg;
	struct scf_nl *nl;
	uint64_t seq;
	int resync;
	time_t last_request;
	struct scb_pidlock *lock;
	int reader_seen;
};

/*
 * Idle time is measured on the monotonic clock: wall-clock steps (NTP, a
 * guest's clock catching up) must not end the daemon early.
 */
static time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

struct card_list {
	struct scf_card_info *cards;
	size_t n;
};

static int collect_card(const struct scf_card_info *card, void *arg)
{
	struct card_list *cl = arg;
	struct scf_card_info *p;

	p = realloc(cl->cards, (cl->n + 1) * sizeof(*p));
	if (!p)
		return -ENOMEM;
	cl->cards = p;
	cl->cards[cl->n++] = *card;
	return 0;
}

/**
 * scb_cards_get() - every card the kernel knows, as an array
 * @nl: connection
 * @cards: result, free() it
 * @n: its length
 *
 * Collected before anything is done with them: a request on the same
 * socket must not interleave with the dump.
 *
 * Return: 0 or a negative errno.
 */
int scb_cards_get(struct scf_nl *nl, struct scf_card_info **cards, size_t *n)
{
	struct card_list cl = { NULL, 0 };
	int ret;

	ret = scf_nl_dump_cards(nl, collect_card, &cl);
	if (ret < 0) {
		free(cl.cards);
		return ret;
	}
	*cards = cl.cards;
	*n = cl.n;
	return 0;
}

static int resync(struct loop *l)
{
	struct scf_card_info *cards;
	size_t n, i;
	int ret;

	l->resync = 0;
	ret = scb_cards_get(l->nl, &cards, &n);
	if (ret < 0) {
		scb_err("card dump failed: %s", strerror(-ret));
		return ret;
	}
	for (i = 0; i < n; i++) {
		/* Bound already (before a restart): nothing lost */
		if (cards[i].md_name[0])
			continue;
		l->last_request = now_s();
		scb_handle_card(l->cfg, l->nl, &cards[i]);
	}
	free(cards);
	return 0;
}

static int on_event(const struct scf_event *ev, void *arg)
{
	struct loop *l = arg;

	if (l->seq && ev->seq != l->seq + 1) {
		scb_warn("event sequence gap (%llu after %llu): resynchronising",
			 (unsigned long long)ev->seq,
			 (unsigned long long)l->seq);
		l->resync = 1;
	}
	l->seq = ev->seq;
	if (ev->cmd == SCF_CMD_CARD_INSERT && ev->has_card && !l->resync) {
		l->last_request = now_s();
		scb_handle_card(l->cfg, l->nl, &ev->card);
	}
	return 0;
}

/* Any slot node left? (class "ccid" devices) */
static int readers_present(const struct scb_config *cfg)
{
	char path[4096];
	struct dirent *de;
	int found = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/class/ccid", cfg->sysfs_root);
	d = opendir(path);
	if (!d)
		return 0;
	while (!found && (de = readdir(d)))
		found = de->d_name[0] != '.';
	closedir(d);
	return found;
}

/*
 * Leave on idle, unless a reader came meanwhile. The lock goes first: a
 * udev fallback start for a reader that appears from now on takes it and
 * starts a new daemon; one that came earlier found the lock held and left
 * it to us, and its reader is in sysfs (the kernel adds the device before
 * it sends the uevent), so the check below sees it and we stay.
 *
 * Return: true to exit.
 */
static bool idle_leave(struct loop *l)
{
	if (!l->lock || l->lock->fd < 0)
		return !readers_present(l->cfg);
	scb_pidlock_release(l->lock);
	if (!readers_present(l->cfg))
		return true;
	if (scb_pidlock_take(l->lock, l->lock->path, NULL))
		return true;	/* a new daemon has taken over */
	scb_pidlock_write(l->lock);
	scb_info("a reader came as the daemon was leaving: staying");
	return false;
}

/* A reader is connected: stay, and remember it for the next boot */
static void reader_check(struct loop *l)
{
	if (!readers_present(l->cfg))
		return;
	l->last_request = now_s();
	/* Once per run: a failure is logged, not repeated every second */
	if (!l->reader_seen) {
		scb_reader_seen_mark(l->cfg);
		l->reader_seen = 1;
	}
}

static int open_nl(struct scf_nl **nl)
{
	int ret, i;

	/* udev may start us before scfilter.ko has registered its family */
	for (i = 0; i < SCB_FAMILY_WAIT_S && !stop; i++) {
		ret = scf_nl_open(nl);
		if (!ret) {
			ret = scf_nl_monitor(*nl);
			if (ret)
				scf_nl_close(*nl);
		}
		if (ret != -ENOENT)
			return ret;
		sleep(1);
	}
	return -ENOENT;
}

/**
 * scb_daemon_run() - the daemon's main loop
 * @cfg: configuration
 * @once: handle the cards present now, then return
 * @lock: the instance lock held (NULL: none), released on an idle exit
 *
 * Return: 0 on a requested or idle exit, a negative error otherwise.
 */
int scb_daemon_run(const struct scb_config *cfg, int once,
		   struct scb_pidlock *lock)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct loop l = { .cfg = cfg, .lock = lock };
	struct pollfd pfd;
	int ret;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	ret = open_nl(&l.nl);
	if (ret) {
		scb_err("cannot reach the scfilter netlink family: %s",
			ret == -ENOENT ? "is scfilter.ko loaded?" :
			strerror(-ret));
		return ret;
	}
	scb_info("started (auto_install %s, %zu mirror(s))",
		 cfg->auto_install ? "on" : "off", cfg->nmirrors);
	l.last_request = now_s();
	reader_check(&l);
	/* Subscribed first, then dumped: nothing falls in between */
	resync(&l);
	if (once)
		goto out;
	pfd.fd = scf_nl_monitor_fd(l.nl);
	pfd.events = POLLIN;
	while (!stop) {
		ret = poll(&pfd, 1, SCB_POLL_MS);
		if (ret < 0 && errno != EINTR) {
			ret = -errno;
			scb_err("poll: %s", strerror(errno));
			break;
		}
		if (ret > 0) {
			ret = scf_nl_read_events(l.nl, on_event, &l);
			if (ret == -ENOBUFS) {
				scb_warn("events lost: resynchronising");
				l.resync = 1;
			} else if (ret) {
				scb_err("netlink receive failed");
				break;
			}
		}
		ret = 0;
		if (l.resync)
			resync(&l);
		/* The idle time counts from the last reader's departure */
		reader_check(&l);
		if (cfg->idle_exit > 0 &&
		    now_s() - l.last_request >= cfg->idle_exit) {
			if (idle_leave(&l)) {
				scb_info("no reader for %ld s: exiting",
					 cfg->idle_exit);
				break;
			}
			l.last_request = now_s();
		}
	}
out:
	scf_nl_close(l.nl);
	return ret;
}
