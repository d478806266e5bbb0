/* Serving stored files: straight from disk with MHD's file response (sendfile), with single byte ranges,
 * the sha256 as a strong ETag, long private caching and headers that keep browsers from sniffing. */
#include "catalog/catalog_int.h"
#include "core/log.h"
#include "http/input.h"
#include "http/list.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Loads file id and, when name is not NULL, the name it was uploaded with ("" when none). */
static int load(struct db_conn *db, int64_t id, struct catalog_file *out, char *name, size_t name_cap)
{
	struct db_stmt *st = db_prepare(db, "SELECT sha256, size, mime, kind, name FROM files WHERE id = $1");
	if (!st || db_bind_int64(st, 1, id)) {
		db_finish(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*out = (struct catalog_file){.id = id, .size = db_column_int64(st, 1)};
		snprintf(out->sha256, sizeof out->sha256, "%s", db_column_text(st, 0));
		snprintf(out->mime, sizeof out->mime, "%s", db_column_text(st, 2));
		snprintf(out->kind, sizeof out->kind, "%s", db_column_text(st, 3));
		if (name)
			snprintf(name, name_cap, "%s", db_column_null(st, 4) ? "" : db_column_text(st, 4));
	}
	db_finish(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int catalog_file_get(struct db_conn *db, int64_t id, struct catalog_file *out)
{
	return load(db, id, out, NULL, 0);
}

json_t *catalog_file_json(const struct catalog_file *f)
{
	char url[48];
	snprintf(url, sizeof url, "/api/v1/files/%lld", (long long)f->id);
	return json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)f->id, "kind", f->kind, "mime", f->mime, "size",
			 (json_int_t)f->size, "url", url);
}

/* Whether an If-None-Match list names this file's ETag (or is "*"). */
static bool etag_matches(const char *header, const char *etag)
{
	size_t n = strlen(etag);
	for (const char *p = header; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (*p == '*' || !strncmp(p, etag, n))
			return true;
		p += strcspn(p, ",");
	}
	return false;
}

static bool read_number(const char **p, uint64_t *out)
{
	if (!isdigit((unsigned char)**p))
		return false;
	uint64_t v = 0;
	for (; isdigit((unsigned char)**p); (*p)++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(**p - '0');
	}
	*out = v;
	return true;
}

/* Reads a Range header against a file of size bytes. Returns 1 with [*from, *from + *len) set, 0 when the
 * header is to be ignored (malformed, or several ranges: the whole file is sent), -1 when unsatisfiable. */
static int parse_range(const char *h, uint64_t size, uint64_t *from, uint64_t *len)
{
	if (strncasecmp(h, "bytes=", 6) || strchr(h, ','))
		return 0;
	const char *p = h + 6;
	while (*p == ' ')
		p++;
	uint64_t a = 0, b = 0;
	if (*p == '-') {
		p++;
		if (!read_number(&p, &b) || *p)
			return 0;
		if (b == 0 || size == 0)
			return -1;
		*from = b < size ? size - b : 0;
		*len = size - *from;
		return 1;
	}
	if (!read_number(&p, &a) || *p++ != '-')
		return 0;
	bool open_end = *p == '\0';
	if (!open_end && (!read_number(&p, &b) || *p || b < a))
		return 0;
	if (a >= size)
		return -1;
	uint64_t last = open_end || b >= size ? size - 1 : b;
	*from = a;
	*len = last - a + 1;
	return 1;
}

/* Content-Disposition with the uploaded name: an ASCII fallback and the exact UTF-8 name (RFC 6266). */
static void add_disposition(struct http_request *req, const char *type, const char *name)
{
	if (!name[0]) {
		http_add_header(req, "Content-Disposition", type);
		return;
	}
	char ascii[256], encoded[800], value[1200];
	size_t a = 0, e = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && a + 1 < sizeof ascii; p++)
		ascii[a++] = (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\' || *p == '%') ? '_' : (char)*p;
	ascii[a] = '\0';
	for (const unsigned char *p = (const unsigned char *)name; *p && e + 4 < sizeof encoded; p++) {
		if (isalnum(*p) || strchr("-._~", *p))
			encoded[e++] = (char)*p;
		else
			e += (size_t)snprintf(encoded + e, sizeof encoded - e, "%%%02X", *p);
	}
	encoded[e] = '\0';
	snprintf(value, sizeof value, "%s; filename=\"%s\"; filename*=UTF-8''%s", type, ascii, encoded);
	http_add_header(req, "Content-Disposition", value);
}

static void reply_unsatisfiable(struct http_request *req, uint64_t size)
{
	char cr[48];
	snprintf(cr, sizeof cr, "bytes */%" PRIu64, size);
	http_add_header(req, "Content-Range", cr);
	char detail[128];
	snprintf(detail, sizeof detail, "The range asked for starts past the end of this %" PRIu64 "-byte file.", size);
	http_reply_problem(req, 416, "range_not_satisfiable", detail);
}

static int open_stored(struct http_request *req, const struct catalog_file *f, uint64_t *size)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/files/%.2s/%s", http_config(req)->data_dir, f->sha256, f->sha256);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st)) {
		log_error("files: file %lld is missing from %s: %s", (long long)f->id, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		http_reply_problem(req, 500, "internal", "The file's bytes are missing on the server.");
		return -1;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}

void catalog_file_serve(struct http_request *req)
{
	int64_t id;
	struct db_conn *db = http_db(req);
	if (http_param_id(req, "id", &id) || !db)
		return;
	struct catalog_file f;
	char name[256];
	int found = load(db, id, &f, name, sizeof name);
	if (found <= 0) {
		found < 0 ? http_reply_db_error(req) : http_reply_not_found(req, "file");
		return;
	}
	char etag[70];
	snprintf(etag, sizeof etag, "\"%s\"", f.sha256);
	http_add_header(req, "ETag", etag);
	http_add_header(req, "Cache-Control", "private, max-age=31536000, immutable");
	http_add_header(req, "Accept-Ranges", "bytes");
	const char *inm = http_header(req, "If-None-Match");
	if (inm && etag_matches(inm, etag)) {
		http_reply_empty(req, 304);
		return;
	}
	uint64_t size;
	int fd = open_stored(req, &f, &size);
	if (fd < 0)
		return;
	bool shown = !strcmp(f.kind, "video") || !strcmp(f.kind, "image");
	if (!strcmp(f.mime, "application/pdf"))
		add_disposition(req, "inline", name);
	else if (!shown)
		add_disposition(req, "attachment", name);
	uint64_t from = 0, len = size;
	const char *range = http_header(req, "Range");
	int r = range ? parse_range(range, size, &from, &len) : 0;
	if (r < 0) {
		close(fd);
		reply_unsatisfiable(req, size);
		return;
	}
	if (r > 0) {
		char cr[80];
		snprintf(cr, sizeof cr, "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, from, from + len - 1, size);
		http_add_header(req, "Content-Range", cr);
	}
	http_reply_file(req, r > 0 ? 206 : 200, f.mime, fd, from, len);
}
