/* The fuzz harnesses' byte-level vocabulary (vocab_fixture.h). */
#include "tests/fuzz/vocab_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "runtime/gguf/gguf.h"

tok_vocab *fuzz_byte_vocab(void)
{
    char path[] = "/tmp/tritium-fuzz-vocab-XXXXXX", err[256] = "";
    int fd = mkstemp(path);
    gguf_writer *w = gguf_writer_new(32);
    if (fd < 0 || !w || gguf_w_str(w, "general.architecture", "bitnet-b1.58") || tok_write_byte_vocab(w) < 0 ||
        gguf_w_save(w, path, err, sizeof err)) {
        fprintf(stderr, "fuzz: cannot write the vocabulary: %s %s\n", err, w ? gguf_w_error(w) : "");
        abort();
    }
    gguf_writer_free(w);
    close(fd);
    gguf_file *f = gguf_open(path, err, sizeof err);
    unlink(path);
    tok_vocab *v = f ? tok_load(f, err, sizeof err) : NULL;
    if (!v) {
        fprintf(stderr, "fuzz: cannot load the vocabulary: %s\n", err);
        abort();
    }
    /* the vocabulary copies what it keeps: the file can go (tok_load's contract is checked here too) */
    gguf_close(f);
    return v;
}
