/*
 * GPT-2 byte-level BPE tokenizer as LLaMA-3 uses it (tokenizer.ggml.model = "gpt2",
 * tokenizer.ggml.pre = "llama-bpe"), built from GGUF metadata. Matches llama.cpp's tokenization:
 * special (control / user-defined) tokens are cut out first when parse_special is on, the rest is split
 * by the LLaMA-3 pre-tokenizer regex, each piece is mapped to GPT-2's byte alphabet and merged by
 * merge rank.
 */
#ifndef TOKENIZER_H
#define TOKENIZER_H

#include <stddef.h>
#include <stdint.h>
#include "runtime/gguf/gguf.h"

typedef struct tok_vocab tok_vocab;

/* Token types of tokenizer.ggml.token_type (llama.cpp's values). */
enum { TOK_T_NORMAL = 1, TOK_T_UNKNOWN = 2, TOK_T_CONTROL = 3, TOK_T_USER = 4, TOK_T_UNUSED = 5, TOK_T_BYTE = 6 };

/* Builds the tokenizer from a file's tokenizer.* metadata; the file may be closed afterwards. */
tok_vocab *tok_load(const gguf_file *f, char *err, size_t errlen);
void tok_free(tok_vocab *v);

int32_t tok_n_vocab(const tok_vocab *v);
int32_t tok_bos(const tok_vocab *v);         /* -1 if the file names none */
int32_t tok_eos(const tok_vocab *v);         /* -1 if the file names none */
int32_t tok_eot(const tok_vocab *v);         /* <|eot_id|> (or tokenizer.ggml.eot_token_id), -1 if none */
int tok_is_eog(const tok_vocab *v, int32_t id); /* end of generation: eos or eot */
int tok_type(const tok_vocab *v, int32_t id);   /* TOK_T_*, 0 for an id out of range */
/* The token's text as stored (GPT-2 byte alphabet for normal tokens); NULL for an id out of range. */
const char *tok_text(const tok_vocab *v, int32_t id, size_t *len);
/* Id of a token with exactly this stored text, -1 if none. */
int32_t tok_find(const tok_vocab *v, const char *text, size_t len);

/*
 * Encodes len bytes of UTF-8 text. *ids is allocated (free() it) and holds *n_ids ids.
 * add_bos prepends the BOS token; parse_special matches control/user-defined token texts in the
 * text (otherwise "<|eot_id|>" is tokenized as plain characters). Returns 0, or -1 with err.
 */
int tok_encode(const tok_vocab *v, const char *text, size_t len, int add_bos, int parse_special,
               int32_t **ids, size_t *n_ids, char *err, size_t errlen);

/*
 * The bytes token id stands for (GPT-2 byte alphabet undone). Control tokens give their text only
 * when special is nonzero, else nothing. Writes up to cap bytes to buf (not NUL-terminated) and
 * returns the piece's full length (more than cap means it was cut), or -1 for an invalid id.
 * A piece may end inside a UTF-8 sequence: streaming output concatenates pieces.
 */
int tok_token_to_piece(const tok_vocab *v, int32_t id, int special, char *buf, size_t cap);

/* Decodes n ids into a NUL-terminated malloc'd string (*len bytes without the NUL); NULL + err on
 * an invalid id. */
char *tok_decode(const tok_vocab *v, const int32_t *ids, size_t n, int special, size_t *len, char *err,
                 size_t errlen);

/*
 * Writes the small byte-level vocabulary into w's metadata (tokenizer.* keys): the 256 byte tokens,
 * a few merges (" t", "he", " the", "in", ...), and the LLaMA-3 special tokens. Returns the number of
 * tokens written, or -1 (reason in gguf_w_error(w)).
 */
int tok_write_byte_vocab(gguf_writer *w);

/* The chat prompt of BitNet b1.58 models, as llama.cpp's bitnet template writes it:
 * "System: S<|eot_id|>User: U<|eot_id|>Assistant: " (the system turn only when system is not NULL; each
 * message trimmed of surrounding whitespace), to be encoded with special tokens parsed. A malloc'd
 * NUL-terminated string (its length in *len when len is not NULL), NULL when out of memory. */
char *tok_chat_prompt(const char *system, const char *user, size_t *len);

#endif
