/*
 * kr_fast: run-time ISA choice, the one-time repack into the panel layout (kr_fast_kern_impl.h) and the
 * threaded GEMM driver. Threads split the panels, so each streams its own contiguous slice of
 * the packed weights and no two threads write the same output element.
 */
#include "kernels_fast/kr_fast.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <emmintrin.h>
#endif
#if defined(__aarch64__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

#include "kernels_fast/kr_fast3_impl.h"
#include "kernels_fast/kr_fast_kern_impl.h"
#include "kernels_ref/kr_gemm.h"

const char *kr_isa_name(kr_isa isa)
{
    switch (isa) {
    case KR_ISA_AUTO: return "auto";
    case KR_ISA_SCALAR: return "scalar";
    case KR_ISA_AVX2: return "avx2";
    case KR_ISA_AVX512: return "avx512";
    case KR_ISA_AVX512VNNI: return "avx512vnni";
    case KR_ISA_NEON: return "neon";
    }
    return "unknown";
}

int kr_fast_isa_supported(kr_isa isa)
{
    switch (isa) {
    case KR_ISA_AUTO:
    case KR_ISA_SCALAR:
        return 1;
#if defined(__x86_64__)
    case KR_ISA_AVX2:
        return __builtin_cpu_supports("avx2");
    case KR_ISA_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
    case KR_ISA_AVX512VNNI:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vnni");
#endif
#if defined(__aarch64__)
    case KR_ISA_NEON:
        return (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) != 0;
#endif
    default:
        return 0;
    }
}

kr_isa kr_fast_best_isa(void)
{
    static const kr_isa order[] = {KR_ISA_AVX512VNNI, KR_ISA_AVX512, KR_ISA_AVX2, KR_ISA_NEON};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (kr_fast_isa_supported(order[i]))
            return order[i];
    return KR_ISA_SCALAR;
}

const char *kr_fast_layout_name(kr_fast_layout layout)
{
    switch (layout) {
    case KR_LAYOUT_2BIT: return "2bit";
    case KR_LAYOUT_BASE3: return "base3";
    }
    return "unknown";
}

kr_fast_layout kr_fast_layout_auto(kr_isa isa, int threads)
{
    if (isa == KR_ISA_AUTO)
        isa = kr_fast_best_isa();
    /* Only the VBMI kernel decodes base-3 bytes fast enough to gain from reading fewer of them,
     * and one core of it does not keep up with what one core reads from DRAM: base-3 wins when
     * two or more cores share the stream. Its prefill GEMM is within ~8% of the 2-bit one, so one
     * copy serves both (docs/kernels.md, "Which layout"). */
#if defined(__x86_64__)
    if (isa == KR_ISA_AVX512VNNI && __builtin_cpu_supports("avx512vbmi") && threads >= 2)
        return KR_LAYOUT_BASE3;
#else
    (void)threads;
#endif
    return KR_LAYOUT_2BIT;
}

/* The kernel for a layout and ISA (supported by this CPU), with its name. */
static void kr_fast_pick(struct kr_fast_w *fw)
{
    const int b3 = fw->layout == KR_LAYOUT_BASE3;
    fw->kname = kr_isa_name(fw->isa);
    switch (fw->isa) {
#if defined(__x86_64__)
    case KR_ISA_AVX2:
        fw->kern = b3 ? kr_fast3_kernel_avx2 : kr_fast_kernel_avx2;
        return;
    case KR_ISA_AVX512:
        fw->kern = b3 ? kr_fast3_kernel_avx512 : kr_fast_kernel_avx512;
        return;
    case KR_ISA_AVX512VNNI:
        fw->kern = kr_fast_kernel_vnni;
        if (b3) {
            /* Base-3 decodes fastest with byte tables (VPERMI2B); without VBMI the AVX-512BW
             * kernel's compares do it. */
            const int vbmi = __builtin_cpu_supports("avx512vbmi");
            fw->kern = vbmi ? kr_fast3_kernel_vbmi : kr_fast3_kernel_avx512;
            fw->kname = vbmi ? "avx512vbmi+vnni" : "avx512";
            fw->code = vbmi ? KR_FAST3_CODE_LUT : KR_FAST3_CODE_TQ1;
        }
        return;
#endif
#if defined(__aarch64__)
    case KR_ISA_NEON:
        fw->kern = b3 ? kr_fast3_kernel_neon : kr_fast_kernel_neon;
        return;
#endif
    default:
        fw->kern = b3 ? kr_fast3_kernel_scalar : kr_fast_kernel_scalar;
        fw->kname = kr_isa_name(KR_ISA_SCALAR);
        return;
    }
}

/* For one source byte (4 canonical codes), the 4 offset codes c = w + 1 in bytes 0..3, or
 * UINT32_MAX if a code is invalid. */
static void kr_fast_build_table(uint32_t t[256])
{
    static const uint8_t off[4] = {1, 2, 0xff, 0}; /* 00 -> 0+1, 01 -> +1+1, 10 bad, 11 -> -1+1 */
    for (unsigned v = 0; v < 256; v++) {
        uint32_t r = 0;
        for (unsigned i = 0; i < 4; i++) {
            uint8_t c = off[(v >> (2 * i)) & 3u];
            if (c == 0xff) {
                r = UINT32_MAX;
                break;
            }
            r |= (uint32_t)c << (8 * i);
        }
        t[v] = r;
    }
}

/* The 2-bit repack (layout: kr_fast_kern_impl.h). */
static kr_status kr_fast2_pack(const kr_tern *w, kr_fast_w *fw)
{
    const size_t kp = (w->cols + KR_FAST_KG - 1) / KR_FAST_KG * KR_FAST_KG;
    const size_t panels = (w->rows + KR_FAST_PR - 1) / KR_FAST_PR;
    const size_t panel_bytes = kp * 4u;
    if (panels > SIZE_MAX / panel_bytes)
        return KR_ERR_SIZE;
    fw->kp = kp;
    fw->panels = panels;
    fw->panel_bytes = panel_bytes;
    fw->packed = aligned_alloc(64, panels * panel_bytes);
    if (!fw->packed)
        return KR_ERR_NOMEM;
    memset(fw->packed, 0, panels * panel_bytes);
    uint32_t tab[256];
    kr_fast_build_table(tab);
    /* Source byte i of a row holds k = 4i..4i+3, which land in bytes 4l..4l+3 of group i/4 at
     * bit 2*(i%4): one table lookup, shift and OR per 4 weights. */
    for (size_t m = 0; m < w->rows; m++) {
        const uint8_t *src = w->codes + m * w->stride;
        uint8_t *dst = fw->packed + (m / KR_FAST_PR) * panel_bytes + 4u * (m % KR_FAST_PR);
        for (size_t i = 0; i < w->stride; i++) {
            uint32_t c = tab[src[i]];
            if (c == UINT32_MAX)
                return KR_ERR_CODE;
            uint32_t word;
            uint8_t *d = dst + (i / 4u) * KR_FAST_GROUP_BYTES;
            memcpy(&word, d, 4);
            word |= c << (2u * (i % 4u));
            memcpy(d, &word, 4);
        }
    }
    return KR_OK;
}

kr_status kr_fast_prepare_layout(const kr_tern *w, kr_isa isa, kr_fast_layout layout, kr_fast_w **out)
{
    if (!out)
        return KR_ERR_NULL;
    *out = NULL;
    if (!w || !w->codes)
        return KR_ERR_NULL;
    if (w->rows == 0 || w->cols == 0 || w->cols > KR_GEMM_MAX_K || w->stride != kr_tern_row_bytes(w->cols))
        return KR_ERR_SIZE;
    if (layout != KR_LAYOUT_2BIT && layout != KR_LAYOUT_BASE3)
        return KR_ERR_SIZE;
    if (isa == KR_ISA_AUTO)
        isa = kr_fast_best_isa();
    if (!kr_fast_isa_supported(isa))
        return KR_ERR_SIZE;
    kr_fast_w *fw = calloc(1, sizeof *fw);
    if (!fw)
        return KR_ERR_NOMEM;
    fw->isa = isa;
    fw->layout = layout;
    fw->rows = w->rows;
    fw->cols = w->cols;
    kr_fast_pick(fw);
    if (fw->code == KR_FAST3_CODE_LUT)
        kr_fast3_tables_init();
    kr_status st = layout == KR_LAYOUT_BASE3 ? kr_fast3_pack(w, fw, (kr_fast3_code_kind)fw->code) : kr_fast2_pack(w, fw);
    if (st != KR_OK) {
        kr_fast_free(fw);
        return st;
    }
    *out = fw;
    return KR_OK;
}

kr_status kr_fast_prepare(const kr_tern *w, kr_isa isa, kr_fast_w **out)
{
    return kr_fast_prepare_layout(w, isa, KR_LAYOUT_2BIT, out);
}

kr_fast_layout kr_fast_w_layout(const kr_fast_w *fw) { return fw->layout; }
size_t kr_fast_w_bytes(const kr_fast_w *fw) { return fw->panels * fw->panel_bytes; }
const char *kr_fast_w_kernel(const kr_fast_w *fw) { return fw->kname; }

void kr_fast_free(kr_fast_w *fw)
{
    if (!fw)
        return;
    free(fw->packed);
    free(fw);
}

typedef struct {
    const kr_fast_w *fw;
    kr_sched sched;      /* panels */
    const int8_t *x;
    size_t n, ldx;
    const int32_t *sumx;
    int32_t *y;
    size_t ldy;
} kr_fast_job;

/* Threads stream their own contiguous runs of panels and relieve each other at the end (kr_sched):
 * on a loaded machine one thread is often descheduled, and a static split would make the other wait. */
static void kr_fast_worker(void *arg, int tid, int nthreads)
{
    kr_fast_job *j = arg;
    (void)nthreads;
    size_t p0, p1;
    while (kr_sched_next(&j->sched, tid, &p0, &p1))
        j->fw->kern(j->fw, j->x, j->n, j->ldx, j->sumx, j->y, j->ldy, p0, p1);
}

/* Sum of K int8 values. Each GEMV needs it (the kernels' +1 weight offset), on the calling thread
 * before the workers start, so a scalar loop showed in a decode step (docs/kernels.md, "Measured
 * choices"); SSE2 (every x86-64) sums 16 at a time with PSADBW on the values offset to unsigned. */
static int32_t kr_fast_sum_i8(const int8_t *x, size_t K)
{
    int64_t s = 0;
    size_t k = 0;
#if defined(__x86_64__)
    const __m128i bias = _mm_set1_epi8((char)0x80), zero = _mm_setzero_si128();
    __m128i acc = zero;
    for (; k + 16 <= K; k += 16) {
        const __m128i v = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(x + k)), bias);
        acc = _mm_add_epi64(acc, _mm_sad_epu8(v, zero));
    }
    s = (int64_t)_mm_cvtsi128_si64(acc) + (int64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(acc, acc)) -
        128 * (int64_t)k;
#endif
    for (; k < K; k++)
        s += x[k];
    return (int32_t)s;
}

kr_status kr_fast_gemm(const kr_fast_w *fw, const int8_t *q, size_t n, size_t ldq, int32_t *y, size_t ldy,
                       kr_pool *pool)
{
    if (!fw || !q || !y)
        return KR_ERR_NULL;
    if (n == 0 || ldq < fw->cols || ldy < fw->rows)
        return KR_ERR_SIZE;
    const size_t K = fw->cols, kp = fw->kp;
    /* Kernels read whole groups of x (16 or 20 bytes): a K that is not a multiple of the group needs a
     * zero-padded copy. */
    int8_t *pad = NULL;
    const int8_t *x = q;
    size_t ldx = ldq;
    int32_t sum_small[16], *sumx = sum_small;
    if (n > 16) {
        sumx = malloc(n * sizeof *sumx);
        if (!sumx)
            return KR_ERR_NOMEM;
    }
    if (kp != K) {
        if (n > SIZE_MAX / kp) {
            if (sumx != sum_small)
                free(sumx);
            return KR_ERR_SIZE;
        }
        pad = malloc(n * kp);
        if (!pad) {
            if (sumx != sum_small)
                free(sumx);
            return KR_ERR_NOMEM;
        }
        for (size_t t = 0; t < n; t++) {
            memcpy(pad + t * kp, q + t * ldq, K);
            memset(pad + t * kp + K, 0, kp - K);
        }
        x = pad;
        ldx = kp;
    }
    for (size_t t = 0; t < n; t++)
        sumx[t] = kr_fast_sum_i8(q + t * ldq, K);
    kr_fast_job job = {.fw = fw, .x = x, .n = n, .ldx = ldx, .sumx = sumx,
                       .y = y, .ldy = ldy};
    /* Pieces of 4 panels (64 rows, 40 KB of a 2560-wide matrix): the smallest share a thread can be
     * relieved of; the AVX-512 tile takes panels in pairs. */
    kr_sched_init(&job.sched, fw->panels, 4, 2, kr_pool_threads(pool));
    kr_pool_run(pool, kr_fast_worker, &job);
    free(pad);
    if (sumx != sum_small)
        free(sumx);
    return KR_OK;
}
