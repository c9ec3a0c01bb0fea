/* GPT-2's byte alphabet: every byte is shown as a printable Unicode character in token texts. */
#ifndef TOK_BYTES_H
#define TOK_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* Code point standing for byte b. */
uint32_t tok_byte_to_cp(uint8_t b);
/* Byte a code point stands for, -1 if it is not part of the alphabet. */
int tok_cp_to_byte(uint32_t cp);
/* UTF-8 encoding of cp into out (at least 4 bytes); returns its length. */
size_t tok_utf8_put(uint32_t cp, char *out);
/* Decodes one UTF-8 sequence at s (n bytes left); returns its length (>= 1) and sets *cp, or 0 if
 * malformed. */
size_t tok_utf8_get(const char *s, size_t n, uint32_t *cp);

#endif
