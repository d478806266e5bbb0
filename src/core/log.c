/* Logging to stderr and an access log; each line goes out in one write(2). */
#include "core/log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int access_fd = 2; /* set once before the server starts; read-only afterwards */

int log_open_access(const char *path)
{
	if (!path || !strcmp(path, "-")) {
		access_fd = 2;
		return 0;
	}
	if (!strcmp(path, "off")) {
		access_fd = -1;
		return 0;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	access_fd = fd;
	return 0;
}

void log_close_access(void)
{
	if (access_fd > 2)
		close(access_fd);
	access_fd = 2;
}

static void emit(int fd, const char *prefix, const char *fmt, va_list ap)
{
	if (fd < 0)
		return;
	char line[2048];
	int n = snprintf(line, sizeof line, "%s", prefix);
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof line - 2)
		len = sizeof line - 2;
	line[len++] = '\n';
	ssize_t w = write(fd, line, len);
	(void)w;
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(2, "karmayogi: ", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(2, "karmayogi: error: ", fmt, ap);
	va_end(ap);
}

void log_access(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(access_fd, "", fmt, ap);
	va_end(ap);
}
