/* File uploads: a multipart body streamed to a temporary file under the data folder while it is hashed
 * (SHA-256) and its type read from the first bytes, then renamed to files/<2 hex>/<sha256>, stored once. */
#include "catalog/catalog_int.h"
#include "core/config.h"
#include "core/log.h"
#include "core/util.h"
#include "http/audit.h"
#include "http/input.h"
#include "http/multipart.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIB (1024ull * 1024ull)
/* Room for the multipart framing around the file: a body declared bigger than the kind's limit plus this
 * holds a file over the limit, and is refused before a byte is read. */
#define FRAMING_SLACK (64u * 1024u)
#define SNIFF_BYTES 12

struct kind_rule {
	const char *kind;
	uint64_t limit;
};

static const struct kind_rule kinds[] = {
	{"video", 512 * MIB},
	{"pdf", 64 * MIB},
	{"image", 5 * MIB},
};

/* The types accepted, each known by its first bytes, with the kind it serves and the names it may carry. */
struct file_type {
	const char *mime;
	const char *kind;
	const char *what; /* for a person */
	const char *exts[4];
};

static const struct file_type types[] = {
	{"video/mp4", "video", "an MP4 video", {"mp4", "m4v", "mov", NULL}},
	{"video/webm", "video", "a WebM video", {"webm", NULL}},
	{"application/pdf", "pdf", "a PDF document", {"pdf", NULL}},
	{"image/png", "image", "a PNG image", {"png", NULL}},
	{"image/jpeg", "image", "a JPEG image", {"jpg", "jpeg", NULL}},
	{"image/webp", "image", "a WebP image", {"webp", NULL}},
};
enum { T_MP4, T_WEBM, T_PDF, T_PNG, T_JPEG, T_WEBP };

/* Extensions of what a browser would run or render as a page: refused whatever the bytes say. */
static const char *const active_exts[] = {"html", "htm", "xhtml", "shtml", "svg", "svgz", "js", "mjs", "xml", "xsl"};

struct upload {
	struct http_request *req;
	const struct kind_rule *kind;
	struct http_multipart mp;
	bool file_seen, in_file, file_done;
	char filename[256];
	char ext[16];
	int fd;
	bool tmp_made;
	char tmp_path[PATH_MAX];
	crypto_hash_sha256_state sha;
	uint64_t size;
	unsigned char head[SNIFF_BYTES];
	size_t head_len;
	const struct file_type *type;
};

static const struct file_type *sniff(const unsigned char *b, size_t n)
{
	if (n >= 8 && !memcmp(b + 4, "ftyp", 4))
		return &types[T_MP4];
	if (n >= 4 && !memcmp(b, "\x1a\x45\xdf\xa3", 4))
		return &types[T_WEBM];
	if (n >= 5 && !memcmp(b, "%PDF-", 5))
		return &types[T_PDF];
	if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
		return &types[T_PNG];
	if (n >= 3 && !memcmp(b, "\xff\xd8\xff", 3))
		return &types[T_JPEG];
	if (n >= 12 && !memcmp(b, "RIFF", 4) && !memcmp(b + 8, "WEBP", 4))
		return &types[T_WEBP];
	return NULL;
}

/* Names what unaccepted bytes look like, for the 415. */
static const char *describe_unknown(const unsigned char *b, size_t n)
{
	size_t i = (n >= 3 && !memcmp(b, "\xef\xbb\xbf", 3)) ? 3 : 0;
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
		i++;
	if (i < n && b[i] == '<')
		return "markup (HTML, SVG or XML), which a browser could run";
	if (n == 0)
		return "an empty file";
	return "bytes of no accepted type";
}

static bool ext_in(const char *ext, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n && list[i]; i++)
		if (!strcasecmp(ext, list[i]))
			return true;
	return false;
}

static int fail(struct upload *u, int status, const char *code, const char *detail)
{
	http_reply_problem(u->req, status, code, detail);
	return 1;
}

static int refuse_type(struct upload *u, const char *found)
{
	char detail[400];
	snprintf(detail, sizeof detail,
		 "The file is %s; a %s upload takes %s. Types a browser could run (HTML, SVG, JavaScript) are never "
		 "accepted.",
		 found, u->kind->kind,
		 !strcmp(u->kind->kind, "video") ? "MP4 or WebM" : !strcmp(u->kind->kind, "pdf") ? "PDF" : "PNG, JPEG or WebP");
	return fail(u, 415, "unsupported_media_type", detail);
}

/* Checks the name's extension against the kind before any byte is stored. */
static int check_name(struct upload *u)
{
	const char *dot = strrchr(u->filename, '.');
	if (!dot || !dot[1])
		return 0;
	snprintf(u->ext, sizeof u->ext, "%s", dot + 1);
	char detail[400];
	if (ext_in(u->ext, active_exts, sizeof active_exts / sizeof active_exts[0])) {
		snprintf(detail, sizeof detail, "Files named .%s could run in a browser and are never accepted.", u->ext);
		return fail(u, 415, "unsupported_media_type", detail);
	}
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(types[i].kind, u->kind->kind) && ext_in(u->ext, types[i].exts, 4))
			return 0;
	snprintf(detail, sizeof detail, "The name %.200s does not fit a %s upload.", u->filename, u->kind->kind);
	return fail(u, 415, "unsupported_media_type", detail);
}

/* Decides the type from the first bytes: it must be accepted, of the upload's kind, and agree with the
 * name's extension. */
static int decide_type(struct upload *u)
{
	const struct file_type *t = sniff(u->head, u->head_len);
	if (!t)
		return refuse_type(u, describe_unknown(u->head, u->head_len));
	if (strcmp(t->kind, u->kind->kind))
		return refuse_type(u, t->what);
	if (u->ext[0] && !ext_in(u->ext, t->exts, 4)) {
		char detail[400];
		snprintf(detail, sizeof detail, "The name %.200s says .%s, but the bytes are %s.", u->filename, u->ext,
			 t->what);
		return fail(u, 415, "unsupported_media_type", detail);
	}
	u->type = t;
	return 0;
}

static int open_temp(struct upload *u)
{
	const char *data = http_config(u->req)->data_dir;
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/tmp", data);
	if (config_mkdirs(dir) ||
	    snprintf(u->tmp_path, sizeof u->tmp_path, "%s/upload-XXXXXX", dir) >= (int)sizeof u->tmp_path) {
		log_error("files: cannot make the folder %s", dir);
		return fail(u, 500, "internal", "The server could not store the file.");
	}
	u->fd = mkstemp(u->tmp_path);
	if (u->fd < 0) {
		log_error("files: cannot create a temporary file in %s: %s", dir, strerror(errno));
		return fail(u, 500, "internal", "The server could not store the file.");
	}
	u->tmp_made = true;
	return 0;
}

static int on_part_begin(void *cls, const struct http_multipart_part *part)
{
	struct upload *u = cls;
	if (strcmp(part->name, "file"))
		return 0; /* other fields are read past */
	if (u->file_seen)
		return fail(u, 400, "bad_request", "Send one file, in one part named file.");
	u->file_seen = u->in_file = true;
	const char *base = part->filename;
	for (const char *p = part->filename; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (!util_utf8_valid(base, strlen(base)))
		return fail(u, 400, "invalid_utf8", "The file's name is not valid UTF-8.");
	snprintf(u->filename, sizeof u->filename, "%s", base);
	if (check_name(u))
		return 1;
	crypto_hash_sha256_init(&u->sha);
	return open_temp(u);
}

static int write_all(struct upload *u, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(u->fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_error("files: writing %s: %s", u->tmp_path, strerror(errno));
			return fail(u, 500, "internal", "The server could not store the file (disk full?).");
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int on_part_data(void *cls, const char *data, size_t len)
{
	struct upload *u = cls;
	if (!u->in_file)
		return 0;
	u->size += len;
	if (u->size > u->kind->limit) {
		char detail[160];
		snprintf(detail, sizeof detail, "A %s file may be at most %llu MiB.", u->kind->kind,
			 (unsigned long long)(u->kind->limit / MIB));
		return fail(u, 413, "payload_too_large", detail);
	}
	if (!u->type) {
		size_t take = len < SNIFF_BYTES - u->head_len ? len : SNIFF_BYTES - u->head_len;
		memcpy(u->head + u->head_len, data, take);
		u->head_len += take;
		if (u->head_len == SNIFF_BYTES && decide_type(u))
			return 1;
	}
	crypto_hash_sha256_update(&u->sha, (const unsigned char *)data, len);
	return write_all(u, data, len);
}

static int on_part_end(void *cls)
{
	struct upload *u = cls;
	if (!u->in_file)
		return 0;
	u->in_file = false;
	u->file_done = true;
	return u->type ? 0 : decide_type(u);
}

static const struct http_multipart_callbacks multipart_callbacks = {on_part_begin, on_part_data, on_part_end};

static const struct kind_rule *kind_named(const char *name)
{
	for (size_t i = 0; name && i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(name, kinds[i].kind))
			return &kinds[i];
	return NULL;
}

static void upload_begin(struct http_request *req)
{
	const struct kind_rule *kind = kind_named(http_query(req, "kind"));
	if (!kind) {
		json_t *errors = NULL;
		http_field_error(&errors, "kind", "Say what the file is: kind=video, pdf or image.");
		http_reply_invalid(req, errors);
		return;
	}
	int64_t declared = http_content_length(req);
	if (declared > 0 && (uint64_t)declared > kind->limit + FRAMING_SLACK) {
		char detail[160];
		snprintf(detail, sizeof detail, "A %s file may be at most %llu MiB.", kind->kind,
			 (unsigned long long)(kind->limit / MIB));
		http_reply_problem(req, 413, "payload_too_large", detail);
		return;
	}
	struct upload *u = arena_alloc(http_arena(req), sizeof *u);
	if (!u) {
		http_reply_problem(req, 500, "internal", "The server could not take the upload.");
		return;
	}
	memset(u, 0, sizeof *u);
	u->req = req;
	u->kind = kind;
	u->fd = -1;
	http_set_stream_state(req, u);
	if (http_multipart_init(&u->mp, http_header(req, "Content-Type"), &multipart_callbacks, u))
		http_reply_problem(req, 415, "unsupported_media_type",
				   "Send the file as multipart/form-data (with its boundary), in a part named file.");
}

static void upload_chunk(struct http_request *req, const char *data, size_t len)
{
	struct upload *u = http_stream_state(req);
	int rc = http_multipart_feed(&u->mp, data, len);
	if (rc < 0 && !http_replied(req))
		http_reply_problem(req, 400, "bad_request", "The multipart body is malformed.");
}

/* Whatever happened, no temporary file outlives the request. */
static void upload_done(struct http_request *req)
{
	struct upload *u = http_stream_state(req);
	if (!u)
		return;
	if (u->fd >= 0)
		close(u->fd);
	if (u->tmp_made)
		unlink(u->tmp_path);
}

/* Looks the file up by its hash. Returns 1 found, 0 not, -1 on error. */
static int find_by_sha(struct db_conn *db, const char *sha, struct catalog_file *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM files WHERE sha256 = $1");
	if (!st || db_bind_text(st, 1, sha)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finish(st);
	if (rc < 0)
		return -1;
	return id ? catalog_file_get(db, id, out) : 0;
}

/* Moves the temporary file to files/<2 hex>/<sha256> and makes it durable there. */
static int store(struct upload *u, const char *sha)
{
	const char *data = http_config(u->req)->data_dir;
	char dir[PATH_MAX], path[PATH_MAX];
	snprintf(dir, sizeof dir, "%s/files/%.2s", data, sha);
	if (snprintf(path, sizeof path, "%s/%s", dir, sha) >= (int)sizeof path || config_mkdirs(dir) ||
	    fsync(u->fd) || rename(u->tmp_path, path)) {
		log_error("files: cannot store %s: %s", path, strerror(errno));
		return -1;
	}
	u->tmp_made = false;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return 0;
}

static int insert_file(struct http_request *req, struct db_conn *db, struct upload *u, const char *sha,
		       struct catalog_file *out)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO files (sha256, size, mime, kind, name, created_by, created_at) "
					    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	int rc = DB_ERROR;
	if (st && !db_bind_text(st, 1, sha) && !db_bind_int64(st, 2, (int64_t)u->size) &&
	    !db_bind_text(st, 3, u->type->mime) && !db_bind_text(st, 4, u->kind->kind) &&
	    !(u->filename[0] ? db_bind_text(st, 5, u->filename) : db_bind_null(st, 5)) &&
	    !db_bind_int64(st, 6, http_user(req)->id) && !db_bind_int64(st, 7, util_now_ms()))
		rc = db_step(st);
	int64_t id = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_finish(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERROR;
	*out = (struct catalog_file){.id = id, .size = (int64_t)u->size};
	snprintf(out->sha256, sizeof out->sha256, "%s", sha);
	snprintf(out->mime, sizeof out->mime, "%s", u->type->mime);
	snprintf(out->kind, sizeof out->kind, "%s", u->kind->kind);
	json_t *after = catalog_file_json(out);
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	if (after && u->filename[0])
		json_object_set_new(after, "name", json_string(u->filename));
	rc = after ? http_audit(req, "file.upload", "file", idtext, http_user(req)->org_id, NULL, after) : DB_ERROR;
	json_decref(after);
	return rc;
}

static void reply_file(struct http_request *req, int status, const struct catalog_file *f)
{
	char location[64];
	snprintf(location, sizeof location, "/api/v1/files/%lld", (long long)f->id);
	if (status == 201)
		http_add_header(req, "Location", location);
	http_reply_json(req, status, catalog_file_json(f));
}

/* The whole body is in: the file is complete; store it once. */
static void upload_finish(struct http_request *req)
{
	struct upload *u = http_stream_state(req);
	if (!http_multipart_finished(&u->mp)) {
		http_reply_problem(req, 400, "bad_request",
				   "The upload ended before its closing boundary: the body is truncated. Send it again.");
		return;
	}
	if (!u->file_done) {
		http_reply_problem(req, 400, "bad_request", "The body holds no part named file.");
		return;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	char sha[65];
	crypto_hash_sha256_final(&u->sha, digest);
	util_hex(digest, sizeof digest, sha);
	struct db_conn *db = http_db(req);
	if (!db)
		return;
	struct catalog_file f;
	int found = find_by_sha(db, sha, &f);
	if (found) {
		found > 0 ? reply_file(req, 200, &f) : http_reply_db_error(req);
		return;
	}
	if (store(u, sha)) {
		http_reply_problem(req, 500, "internal", "The server could not store the file.");
		return;
	}
	int rc = db_begin(db);
	if (!rc)
		rc = insert_file(req, db, u, sha, &f);
	if (!rc)
		rc = db_commit(db);
	if (!rc) {
		reply_file(req, 201, &f);
		return;
	}
	db_rollback(db);
	/* The same bytes, stored by another upload in the meantime: that one stands. */
	if (rc == DB_CONSTRAINT && find_by_sha(db, sha, &f) > 0)
		reply_file(req, 200, &f);
	else
		http_reply_db_error(req);
}

static void upload(struct http_request *req)
{
	const char *data;
	size_t len;
	switch (http_stream_event(req, &data, &len)) {
	case HTTP_STREAM_BEGIN: upload_begin(req); break;
	case HTTP_STREAM_CHUNK: upload_chunk(req, data, len); break;
	case HTTP_STREAM_END: upload_finish(req); break;
	case HTTP_STREAM_DONE: upload_done(req); break;
	}
}

const struct http_route catalog_file_routes[] = {
	{"POST", "/api/v1/files", upload, "content_creator", HTTP_STREAM | (512 * MIB + FRAMING_SLACK)},
	{"GET", "/api/v1/files/{id}", catalog_file_serve, HTTP_SESSION, 0},
	{NULL, NULL, NULL, NULL, 0},
};
