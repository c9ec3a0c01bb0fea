/*
 * The fast CPU ternary matmul: SIMD (AVX2, AVX-512/VNNI, NEON) and threads, bit-exact with
 * kr_gemm_ref. Weights are repacked once into a layout chosen for speed.
 */
#ifndef KR_FAST_H
#define KR_FAST_H

#include <stddef.h>
#include <stdint.h>
#include "kernels_ref/kr_status.h"
#include "kernels_ref/kr_ternary.h"
#include "kernels_fast/kr_pool.h"

typedef enum { KR_ISA_AUTO = 0, KR_ISA_SCALAR, KR_ISA_AVX2, KR_ISA_AVX512, KR_ISA_AVX512VNNI, KR_ISA_NEON } kr_isa;

typedef struct kr_fast_w kr_fast_w;

/* Best ISA this CPU supports, and whether a given one can run here. */
kr_isa kr_fast_best_isa(void);
int kr_fast_isa_supported(kr_isa isa);
const char *kr_isa_name(kr_isa isa);

/* Repacks w for isa (KR_ISA_AUTO = best); w may be freed afterwards. KR_ERR_SIZE also means "isa
 * cannot run on this CPU" (ask kr_fast_isa_supported first); KR_ERR_CODE an invalid weight code. */
kr_status kr_fast_prepare(const kr_tern *w, kr_isa isa, kr_fast_w **out);
void kr_fast_free(kr_fast_w *fw);
/* Same contract as kr_gemm_ref. pool may be NULL. */
kr_status kr_fast_gemm(const kr_fast_w *fw, const int8_t *q, size_t n, size_t ldq,
                       int32_t *y, size_t ldy, kr_pool *pool);

#endif
