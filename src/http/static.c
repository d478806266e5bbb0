/* Static files from the web folder: content types, ETag and Cache-Control, and no way out of the folder
 * (no "." or ".." segments after decoding, no hidden files, and the resolved real path must stay inside). */
#include "http/http_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct mime {
	const char *ext;
	const char *type;
};

static const struct mime MIMES[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".mjs", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".txt", "text/plain; charset=utf-8"},
	{".webmanifest", "application/manifest+json"},
};

static const char *mime_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof MIMES / sizeof MIMES[0]; i++)
			if (!strcmp(dot, MIMES[i].ext))
				return MIMES[i].type;
	return "application/octet-stream";
}

/* True when every segment of path is a plain name: not empty, not ".", "..", or hidden. */
static bool path_is_plain(const char *path)
{
	if (path[0] != '/')
		return false;
	const char *s = path + 1;
	while (*s) {
		const char *end = strchr(s, '/');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (len == 0 || s[0] == '.' || memchr(s, '\\', len))
			return false;
		s += len;
		if (*s == '/')
			s++;
	}
	return true;
}

static void not_found(struct http_request *req)
{
	char detail[160];
	snprintf(detail, sizeof detail, "There is nothing at %.100s.", req->path);
	http_reply_problem(req, 404, "not_found", detail);
}

static bool inside_root(const char *real, const char *root)
{
	size_t n = strlen(root);
	return !strncmp(real, root, n) && real[n] == '/';
}

static bool etag_matches(const char *header, const char *etag)
{
	if (!header)
		return false;
	if (!strcmp(header, "*"))
		return true;
	return strstr(header, etag) != NULL;
}

void http_static_serve(struct http_request *req)
{
	const char *path = !strcmp(req->path, "/") ? "/index.html" : req->path;
	if (!path_is_plain(path) || strlen(path) > 512) {
		not_found(req);
		return;
	}
	char full[PATH_MAX];
	if ((size_t)snprintf(full, sizeof full, "%s%s", req->srv->web_root_real, path) >= sizeof full) {
		not_found(req);
		return;
	}
	char *real = realpath(full, NULL);
	if (!real || !inside_root(real, req->srv->web_root_real)) {
		free(real);
		not_found(req);
		return;
	}
	int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(real);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		not_found(req);
		return;
	}
	char etag[64];
	snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)st.st_size,
		 (unsigned long long)st.st_mtim.tv_sec * 1000000000ull + (unsigned long long)st.st_mtim.tv_nsec);
	struct MHD_Response *r;
	int status;
	if (etag_matches(MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH), etag)) {
		close(fd);
		r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		status = 304;
	} else {
		r = MHD_create_response_from_fd((uint64_t)st.st_size, fd); /* MHD closes fd */
		status = 200;
		if (r)
			MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, mime_of(path));
	}
	if (r) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
		/* No build step means no fingerprinted names: clients revalidate every time, cheaply by ETag. */
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
		if (!strcmp(mime_of(path), "text/html; charset=utf-8")) {
			MHD_add_response_header(r, "Content-Security-Policy",
						"default-src 'self'; img-src 'self' data:; style-src 'self'; "
						"script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'");
			MHD_add_response_header(r, "X-Frame-Options", "DENY");
			MHD_add_response_header(r, "Referrer-Policy", "same-origin");
		}
	} else {
		close(fd);
	}
	http_reply_response(req, status, r);
}
