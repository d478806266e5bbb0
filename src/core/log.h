/* Logging: one line per event, written with a single write(2) so lines from threads never interleave. */
#ifndef KY_CORE_LOG_H
#define KY_CORE_LOG_H

/* fd 2 by default; log_open_access points the access log at a file ("-" for stderr, "off" for none). */
int log_open_access(const char *path) __attribute__((warn_unused_result));
void log_close_access(void);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_access(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
