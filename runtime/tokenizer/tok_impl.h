/* Tokenizer internals shared by tokenizer.c (loading, decoding) and tok_bpe.c (encoding). */
#ifndef TOK_IMPL_H
#define TOK_IMPL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "runtime/tokenizer/tok_map_impl.h"
#include "runtime/tokenizer/tokenizer.h"

struct tok_vocab {
    uint32_t n;
    char *arena;             /* all token texts, back to back */
    const char **text;       /* text[id] points into arena */
    uint32_t *len;
    uint8_t *type;           /* TOK_T_* */
    tok_strmap by_text;
    tok_pairmap merges;
    uint32_t byte_tok[256];  /* token of each byte's one-character text in the byte alphabet */
    int32_t bos, eos, eot;
    uint32_t *specials;      /* control / user-defined token ids, longest text first */
    uint32_t n_specials;
    uint8_t special_first[256]; /* 1 if some special token starts with this byte */
    pcre2_code *split;       /* the LLaMA-3 pre-tokenizer regex */
};

#endif
