/* The server's ticker: the modules' periodic work (attempts whose time is up, later reminders of plans) on a
 * thread of its own, with a connection borrowed from the pool for each run, so no request waits for it. */
#include "cmd/cmd.h"

#include "core/log.h"
#include "core/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

struct cmd_ticker {
	struct db_pool *pool;
	const struct cmd_tick_job *jobs; /* borrowed: a static table */
	int64_t *next_at;                /* per job, epoch ms */
	size_t njobs;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake; /* signalled when stopping */
	bool stopping;
};

static void run_due(struct cmd_ticker *t, int64_t now)
{
	for (size_t i = 0; i < t->njobs; i++) {
		if (now < t->next_at[i])
			continue;
		t->next_at[i] = now + (int64_t)t->jobs[i].interval_s * 1000;
		struct db_conn *conn = db_acquire(t->pool);
		if (!conn)
			return;
		if (t->jobs[i].run(conn, now))
			log_error("ticker: %s failed: %s", t->jobs[i].name, db_errmsg(conn));
		db_release(conn);
	}
}

static void *ticker_main(void *arg)
{
	struct cmd_ticker *t = arg;
	pthread_mutex_lock(&t->lock);
	while (!t->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		int rc = pthread_cond_timedwait(&t->wake, &t->lock, &until);
		if (t->stopping)
			break;
		if (rc != ETIMEDOUT && rc != 0)
			continue;
		pthread_mutex_unlock(&t->lock);
		run_due(t, util_now_ms());
		pthread_mutex_lock(&t->lock);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

int cmd_ticker_start(struct db_pool *pool, const struct cmd_tick_job *jobs, struct cmd_ticker **out)
{
	*out = NULL;
	struct cmd_ticker *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	while (jobs[t->njobs].run)
		t->njobs++;
	t->next_at = calloc(t->njobs ? t->njobs : 1, sizeof *t->next_at);
	if (!t->next_at) {
		free(t);
		return -1;
	}
	t->pool = pool;
	t->jobs = jobs;
	/* Every job runs once a second after start (what was due while the server was down goes out then), then
	 * at its interval. */
	for (size_t i = 0; i < t->njobs; i++)
		t->next_at[i] = 0;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->wake, NULL);
	if (pthread_create(&t->thread, NULL, ticker_main, t)) {
		log_error("cannot start the ticker");
		pthread_mutex_destroy(&t->lock);
		pthread_cond_destroy(&t->wake);
		free(t->next_at);
		free(t);
		return -1;
	}
	*out = t;
	return 0;
}

void cmd_ticker_stop(struct cmd_ticker *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->stopping = true;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->wake);
	free(t->next_at);
	free(t);
}
