/* Small pure helpers with no domain knowledge: time, UTF-8, hex, string checks. */
#ifndef KY_CORE_UTIL_H
#define KY_CORE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Wall-clock time in epoch milliseconds. */
int64_t util_now_ms(void);
/* Monotonic clock in microseconds, for durations. */
int64_t util_mono_us(void);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (or with .mmm when ms is not whole seconds) into out (>= 25 bytes). */
void util_iso8601(int64_t epoch_ms, char out[32]);
/* Reads an ISO 8601 time with a date, a time to the second (fractions to the millisecond are kept) and a
 * zone ("Z" or +hh:mm / -hh:mm), e.g. "2026-12-03T10:15:00Z". Returns true and sets *epoch_ms, or false
 * when s is not one (or not a real date). */
bool util_iso8601_parse(const char *s, int64_t *epoch_ms);
/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF). */
bool util_utf8_valid(const char *s, size_t len);
/* Characters (code points) in s[0..len) of valid UTF-8: what a length limit a person reads means. */
size_t util_utf8_chars(const char *s, size_t len);
/* True when s is a code people type and read: 2 to max characters of letters, digits, '-' and '_', starting
 * with a letter or digit; with upper, the letters only A-Z. */
bool util_code_valid(const char *s, size_t max, bool upper);
/* Lower-case hex of n bytes into out (2n+1 bytes, NUL-terminated). */
void util_hex(const unsigned char *in, size_t n, char *out);
/* True when s is exactly 2n lower- or upper-case hex digits; decodes into out (n bytes). */
bool util_unhex(const char *s, unsigned char *out, size_t n);

#endif
