/* The byte-level BPE vocabulary (tok_write_byte_vocab: merges and special tokens) the tokenizer and
 * chat harnesses share, written to a temporary GGUF file and loaded once. */
#ifndef VOCAB_FIXTURE_H
#define VOCAB_FIXTURE_H

#include "runtime/tokenizer/tokenizer.h"

/* The loaded vocabulary; aborts with a message when it cannot be made. */
tok_vocab *fuzz_byte_vocab(void);

#endif
