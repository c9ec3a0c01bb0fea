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

/* How a prepared matrix stores its weights (docs/kernels.md): 2-bit codes, 4 weights a byte, or
 * base-3 bytes, 5 weights a byte (1.6 bits a weight: a decode step reads 20% fewer bytes). Both
 * give the same integers; which is faster depends on the CPU and the number of tokens. */
typedef enum { KR_LAYOUT_2BIT = 0, KR_LAYOUT_BASE3 } kr_fast_layout;
const char *kr_fast_layout_name(kr_fast_layout layout);
/* The layout that decodes fastest with the kernels isa (KR_ISA_AUTO = best) has on this CPU and
 * the given thread count; prefill runs on the same copy (docs/kernels.md, "Which layout"). */
kr_fast_layout kr_fast_layout_auto(kr_isa isa, int threads);

/* Best ISA this CPU supports, and whether a given one can run here. */
kr_isa kr_fast_best_isa(void);
int kr_fast_isa_supported(kr_isa isa);
const char *kr_isa_name(kr_isa isa);

/* Repacks w for isa (KR_ISA_AUTO = best); w may be freed afterwards. KR_ERR_SIZE also means "isa
 * cannot run on this CPU" (ask kr_fast_isa_supported first); KR_ERR_CODE an invalid weight code. */
kr_status kr_fast_prepare(const kr_tern *w, kr_isa isa, kr_fast_w **out);
/* The same with a layout of choice (kr_fast_prepare = KR_LAYOUT_2BIT); KR_ERR_SIZE also for an
 * unknown layout. */
kr_status kr_fast_prepare_layout(const kr_tern *w, kr_isa isa, kr_fast_layout layout, kr_fast_w **out);
void kr_fast_free(kr_fast_w *fw);
kr_fast_layout kr_fast_w_layout(const kr_fast_w *fw);
/* Bytes of packed weights (what a GEMV streams). */
size_t kr_fast_w_bytes(const kr_fast_w *fw);
/* Name of the kernel that runs fw ("avx512vnni", "avx512vbmi+vnni", ...). */
const char *kr_fast_w_kernel(const kr_fast_w *fw);
/* Same contract as kr_gemm_ref. pool may be NULL. */
kr_status kr_fast_gemm(const kr_fast_w *fw, const int8_t *q, size_t n, size_t ldq,
                       int32_t *y, size_t ldy, kr_pool *pool);

#endif
