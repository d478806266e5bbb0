/* Replies: JSON, empty, bytes and problem+json (RFC 9457); the only place error bodies are made. */
#include "http/http_int.h"

#include "core/log.h"

#include <stdlib.h>
#include <string.h>

const char *http_status_title(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad request";
	case 401: return "Not signed in";
	case 403: return "Not allowed";
	case 404: return "Not found";
	case 405: return "Method not allowed";
	case 409: return "Conflict";
	case 413: return "Request body too large";
	case 415: return "Unsupported media type";
	case 422: return "Invalid data";
	case 429: return "Too many requests";
	case 500: return "Internal error";
	case 503: return "Service unavailable";
	default: return "Error";
	}
}

bool http_replied(const struct http_request *req)
{
	return req->response != NULL;
}

void http_reply_response(struct http_request *req, int status, struct MHD_Response *response)
{
	if (!response) {
		log_error("out of memory building a response");
		response = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		status = 500;
	}
	if (req->response) {
		/* A second reply is a bug in the handler; the first one stands. */
		log_error("second reply for %s %s ignored", req->method, req->path);
		MHD_destroy_response(response);
		return;
	}
	req->response = response;
	req->status = status;
}

static void reply_owned(struct http_request *req, int status, const char *content_type, char *body, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		http_reply_response(req, 500, NULL);
		return;
	}
	if (content_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	http_reply_response(req, status, r);
}

static void reply_json_typed(struct http_request *req, int status, json_t *value, const char *content_type)
{
	char *text = value ? json_dumps(value, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
	json_decref(value);
	if (!text) {
		http_reply_problem(req, 500, "internal", "The server could not build its answer.");
		return;
	}
	reply_owned(req, status, content_type, text, strlen(text));
}

void http_reply_json(struct http_request *req, int status, json_t *value)
{
	reply_json_typed(req, status, value, "application/json");
}

void http_reply_empty(struct http_request *req, int status)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (r)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	http_reply_response(req, status, r);
}

void http_reply_bytes(struct http_request *req, int status, const char *content_type, const char *body, size_t len)
{
	char *copy = malloc(len ? len : 1);
	if (!copy) {
		http_reply_response(req, 500, NULL);
		return;
	}
	memcpy(copy, body, len);
	reply_owned(req, status, content_type, copy, len);
}

static json_t *problem_body(struct http_request *req, int status, const char *code, const char *detail)
{
	char type[96];
	snprintf(type, sizeof type, "/problems/%s", code);
	return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s}", "type", type, "title", http_status_title(status),
			 "status", status, "detail", detail, "code", code, "instance", req->path, "request_id",
			 req->request_id);
}

void http_reply_problem(struct http_request *req, int status, const char *code, const char *detail)
{
	json_t *body = problem_body(req, status, code, detail);
	reply_json_typed(req, status, body, "application/problem+json");
}

void http_reply_invalid(struct http_request *req, json_t *errors)
{
	size_t n = json_array_size(errors);
	char detail[300];
	if (n == 1) {
		json_t *e = json_array_get(errors, 0);
		snprintf(detail, sizeof detail, "%s: %s", json_string_value(json_object_get(e, "field")),
			 json_string_value(json_object_get(e, "message")));
	} else {
		snprintf(detail, sizeof detail, "%zu fields need attention; see errors.", n);
	}
	http_reply_problem_errors(req, 422, "validation_failed", detail, errors);
}

void http_reply_problem_with(struct http_request *req, int status, const char *code, const char *detail,
			     json_t *extra)
{
	json_t *body = problem_body(req, status, code, detail);
	if (body && extra)
		json_object_update_missing(body, extra);
	json_decref(extra);
	reply_json_typed(req, status, body, "application/problem+json");
}

void http_reply_problem_errors(struct http_request *req, int status, const char *code, const char *detail,
			       json_t *errors)
{
	json_t *body = problem_body(req, status, code, detail);
	if (body)
		json_object_set_new(body, "errors", errors ? errors : json_array());
	else
		json_decref(errors);
	reply_json_typed(req, status, body, "application/problem+json");
}

void http_field_error(json_t **errors, const char *field, const char *message)
{
	if (!*errors)
		*errors = json_array();
	json_array_append_new(*errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

void http_add_header(struct http_request *req, const char *name, const char *value)
{
	if (req->nheaders == HTTP_MAX_HEADERS) {
		log_error("too many headers on one reply; %s dropped", name);
		return;
	}
	char *n = strdup(name), *v = strdup(value);
	if (!n || !v) {
		free(n);
		free(v);
		return;
	}
	req->headers[req->nheaders].name = n;
	req->headers[req->nheaders].value = v;
	req->nheaders++;
}
