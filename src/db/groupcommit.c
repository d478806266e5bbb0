/* Group commit writer: one thread, one connection, one transaction per batch of queued writes. */
#include "db/groupcommit.h"

#include "core/log.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

/* On SQLite the writer's commits do not checkpoint the WAL themselves (a checkpoint inside a commit costs
 * the writer about a seventh of its time, and every request parked on that batch waits for it): a thread of
 * its own checkpoints passively every CHECKPOINT_MS, beside the writer, never blocking it. */
#define CHECKPOINT_MS 200

/* A waiting caller's job lives on its stack (done is NULL); a submitted one is allocated here and freed by
 * the writer once done has been told. */
struct gc_job {
	db_gc_write_fn fn;
	void *arg;
	db_gc_done_fn done_fn;
	int result;
	bool done;
	struct gc_job *next;
};

struct db_gc {
	struct db_conn *conn;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work; /* the queue is not empty, or stopping */
	pthread_cond_t done; /* a batch finished */
	struct gc_job *head, *tail;
	bool stopping;
	int max_batch;
	struct db_gc_stats stats;
	/* SQLite only: the checkpointer and its connection (NULL on PostgreSQL) */
	struct db_conn *ckpt_conn;
	pthread_t ckpt_thread;
	pthread_cond_t ckpt_stop; /* signalled when stopping */
};

static struct gc_job *take_batch(struct db_gc *gc)
{
	struct gc_job *first = gc->head, *last = first;
	for (int n = 1; n < gc->max_batch && last->next; n++)
		last = last->next;
	gc->head = last->next;
	if (!gc->head)
		gc->tail = NULL;
	last->next = NULL;
	return first;
}

static void run_one(struct db_conn *c, struct gc_job *job)
{
	if (db_exec(c, "SAVEPOINT gc_write")) {
		job->result = DB_ERROR;
		return;
	}
	job->result = job->fn(c, job->arg);
	if (job->result && db_exec(c, "ROLLBACK TO SAVEPOINT gc_write"))
		log_error("group commit: a failed write could not be undone alone");
	if (db_exec(c, "RELEASE SAVEPOINT gc_write"))
		log_error("group commit: savepoint release failed");
}

/* Runs a batch in one transaction; on a failed begin or commit every job in it fails. */
static void run_batch(struct db_gc *gc, struct gc_job *batch, uint64_t *committed, uint64_t *failed)
{
	bool ok = !db_begin(gc->conn);
	for (struct gc_job *j = batch; j; j = j->next) {
		if (ok)
			run_one(gc->conn, j);
		else
			j->result = DB_ERROR;
	}
	if (ok && db_commit(gc->conn))
		ok = false;
	for (struct gc_job *j = batch; j; j = j->next) {
		if (!ok)
			j->result = DB_ERROR;
		if (j->result)
			(*failed)++;
		else
			(*committed)++;
	}
}

/* Tells the submitted jobs of a finished batch their result and frees them (outside the lock: a callback
 * may take locks of its own); returns the waiting callers' jobs, still linked. */
static struct gc_job *tell_submitted(struct gc_job *batch)
{
	struct gc_job *waiting = NULL, **tail = &waiting;
	for (struct gc_job *j = batch; j;) {
		struct gc_job *next = j->next;
		if (j->done_fn) {
			j->done_fn(j->arg, j->result);
			free(j);
		} else {
			*tail = j;
			tail = &j->next;
		}
		j = next;
	}
	*tail = NULL;
	return waiting;
}

static void *writer_main(void *arg)
{
	struct db_gc *gc = arg;
	pthread_mutex_lock(&gc->lock);
	for (;;) {
		while (!gc->head && !gc->stopping)
			pthread_cond_wait(&gc->work, &gc->lock);
		if (!gc->head && gc->stopping)
			break;
		struct gc_job *batch = take_batch(gc);
		pthread_mutex_unlock(&gc->lock);

		uint64_t committed = 0, failed = 0;
		run_batch(gc, batch, &committed, &failed);

		batch = tell_submitted(batch);

		pthread_mutex_lock(&gc->lock);
		gc->stats.commits++;
		gc->stats.writes += committed;
		gc->stats.failed += failed;
		for (struct gc_job *j = batch; j;) {
			struct gc_job *next = j->next; /* j dies once its caller sees done */
			j->done = true;
			j = next;
		}
		pthread_cond_broadcast(&gc->done);
	}
	pthread_mutex_unlock(&gc->lock);
	return NULL;
}

static void *checkpointer_main(void *arg)
{
	struct db_gc *gc = arg;
	pthread_mutex_lock(&gc->lock);
	while (!gc->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += CHECKPOINT_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&gc->ckpt_stop, &gc->lock, &until);
		if (gc->stopping)
			break;
		pthread_mutex_unlock(&gc->lock);
		if (db_exec(gc->ckpt_conn, "PRAGMA wal_checkpoint(PASSIVE)"))
			log_error("group commit: a WAL checkpoint failed: %s", db_errmsg(gc->ckpt_conn));
		pthread_mutex_lock(&gc->lock);
	}
	pthread_mutex_unlock(&gc->lock);
	return NULL;
}

/* Stops the checkpointer (if any), then checkpoints once more so the WAL does not outgrow the run. */
static void stop_checkpointer(struct db_gc *gc)
{
	if (!gc->ckpt_conn)
		return;
	pthread_mutex_lock(&gc->lock);
	gc->stopping = true;
	pthread_cond_signal(&gc->ckpt_stop);
	pthread_mutex_unlock(&gc->lock);
	pthread_join(gc->ckpt_thread, NULL);
	if (db_exec(gc->ckpt_conn, "PRAGMA wal_checkpoint(PASSIVE)"))
		log_error("group commit: the last WAL checkpoint failed");
	db_conn_close(gc->ckpt_conn);
	gc->ckpt_conn = NULL;
}

/* SQLite: the writer stops checkpointing in its commits and the checkpointer starts. Returns 0 or -1. */
static int checkpointer_start(struct db_pool *pool, struct db_gc *gc)
{
	if (db_conn_backend(gc->conn) != DB_SQLITE)
		return 0;
	if (db_conn_open_private(pool, &gc->ckpt_conn))
		return -1;
	if (db_exec(gc->conn, "PRAGMA wal_autocheckpoint=0") ||
	    pthread_create(&gc->ckpt_thread, NULL, checkpointer_main, gc)) {
		log_error("cannot start the WAL checkpointer");
		db_conn_close(gc->ckpt_conn);
		gc->ckpt_conn = NULL;
		return -1;
	}
	return 0;
}

int db_gc_start(struct db_pool *pool, int max_batch, struct db_gc **out)
{
	*out = NULL;
	struct db_gc *gc = calloc(1, sizeof *gc);
	if (!gc)
		return -1;
	gc->max_batch = max_batch > 0 ? max_batch : 512;
	if (db_conn_open_private(pool, &gc->conn)) {
		free(gc);
		return -1;
	}
	pthread_mutex_init(&gc->lock, NULL);
	pthread_cond_init(&gc->work, NULL);
	pthread_cond_init(&gc->done, NULL);
	pthread_cond_init(&gc->ckpt_stop, NULL);
	if (checkpointer_start(pool, gc)) {
		db_conn_close(gc->conn);
		free(gc);
		return -1;
	}
	if (pthread_create(&gc->thread, NULL, writer_main, gc)) {
		log_error("cannot start the group-commit writer");
		stop_checkpointer(gc);
		db_conn_close(gc->conn);
		free(gc);
		return -1;
	}
	*out = gc;
	return 0;
}

void db_gc_stop(struct db_gc *gc)
{
	if (!gc)
		return;
	pthread_mutex_lock(&gc->lock);
	gc->stopping = true;
	pthread_cond_signal(&gc->work);
	pthread_mutex_unlock(&gc->lock);
	pthread_join(gc->thread, NULL);
	stop_checkpointer(gc);
	db_conn_close(gc->conn);
	pthread_mutex_destroy(&gc->lock);
	pthread_cond_destroy(&gc->work);
	pthread_cond_destroy(&gc->done);
	pthread_cond_destroy(&gc->ckpt_stop);
	free(gc);
}

/* Appends job to the queue under the lock; false when gc is stopping. */
static bool enqueue(struct db_gc *gc, struct gc_job *job)
{
	if (gc->stopping)
		return false;
	if (gc->tail)
		gc->tail->next = job;
	else
		gc->head = job;
	gc->tail = job;
	pthread_cond_signal(&gc->work);
	return true;
}

int db_gc_submit(struct db_gc *gc, db_gc_write_fn fn, void *arg, db_gc_done_fn done)
{
	struct gc_job *job = calloc(1, sizeof *job);
	if (!job)
		return DB_ERROR;
	job->fn = fn;
	job->arg = arg;
	job->done_fn = done;
	pthread_mutex_lock(&gc->lock);
	bool queued = enqueue(gc, job);
	pthread_mutex_unlock(&gc->lock);
	if (!queued) {
		free(job);
		return DB_ERROR;
	}
	return 0;
}

int db_gc_write(struct db_gc *gc, db_gc_write_fn fn, void *arg)
{
	struct gc_job job = {.fn = fn, .arg = arg};
	pthread_mutex_lock(&gc->lock);
	if (!enqueue(gc, &job)) {
		pthread_mutex_unlock(&gc->lock);
		return DB_ERROR;
	}
	while (!job.done)
		pthread_cond_wait(&gc->done, &gc->lock);
	pthread_mutex_unlock(&gc->lock);
	return job.result;
}

void db_gc_stats(struct db_gc *gc, struct db_gc_stats *out)
{
	pthread_mutex_lock(&gc->lock);
	*out = gc->stats;
	pthread_mutex_unlock(&gc->lock);
}
