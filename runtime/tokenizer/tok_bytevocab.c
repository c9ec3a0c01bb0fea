/* The small byte-level vocabulary mkmodel and the tests write when the LLaMA-3 one is not wanted. */
#include <stdio.h>
#include <string.h>

#include "runtime/tokenizer/tok_bytes_impl.h"
#include "runtime/tokenizer/tokenizer.h"

/* Merges in rank order, written in the byte alphabet ("\xc4\xa0" is U+0120, standing for a space). */
static const char *const merges[] = {
    "\xc4\xa0 t", "h e", "\xc4\xa0t he", "i n", "e r", "\xc4\xa0 a", "o n", "r e",
};
static const char *const specials[] = {
    "<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>",
};

int tok_write_byte_vocab(gguf_writer *w)
{
    enum { NB = 256, NM = sizeof merges / sizeof merges[0], NS = sizeof specials / sizeof specials[0] };
    char bytes[NB][4], merged[NM][16];
    gguf_str toks[NB + NM + NS], mstr[NM];
    int32_t types[NB + NM + NS];
    int n = 0;
    for (int b = 0; b < NB; b++, n++) {
        toks[n].len = tok_utf8_put(tok_byte_to_cp((uint8_t)b), bytes[b]);
        toks[n].ptr = bytes[b];
        types[n] = TOK_T_NORMAL;
    }
    for (int m = 0; m < NM; m++, n++) {
        const char *sp = strchr(merges[m], ' ');
        snprintf(merged[m], sizeof merged[m], "%.*s%s", (int)(sp - merges[m]), merges[m], sp + 1);
        toks[n] = (gguf_str){merged[m], strlen(merged[m])};
        types[n] = TOK_T_NORMAL;
        mstr[m] = (gguf_str){merges[m], strlen(merges[m])};
    }
    const int first_special = n;
    for (int s = 0; s < NS; s++, n++) {
        toks[n] = (gguf_str){specials[s], strlen(specials[s])};
        types[n] = TOK_T_CONTROL;
    }
    if (gguf_w_str(w, "tokenizer.ggml.model", "gpt2") || gguf_w_str(w, "tokenizer.ggml.pre", "llama-bpe") ||
        gguf_w_arr_str(w, "tokenizer.ggml.tokens", toks, (size_t)n) ||
        gguf_w_arr_i32(w, "tokenizer.ggml.token_type", types, (size_t)n) ||
        gguf_w_arr_str(w, "tokenizer.ggml.merges", mstr, NM) ||
        gguf_w_u32(w, "tokenizer.ggml.bos_token_id", (uint32_t)first_special) ||
        gguf_w_u32(w, "tokenizer.ggml.eos_token_id", (uint32_t)first_special + 1))
        return -1;
    return n;
}
