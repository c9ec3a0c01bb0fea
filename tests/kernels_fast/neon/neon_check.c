/*
 * Cross-built for aarch64 and run under qemu-user by test_kernels_fast (suite fast_neon): the NEON and the
 * portable GEMM in both weight layouts against kr_gemm_ref bit for bit, and the ops as dispatched
 * there (the kernels_ref definitions compiled for aarch64, where a fused multiply-add is one
 * instruction away) and the
 * portable quantization and head paths against their definitions. Plain C, no Check: the test
 * runner only needs the exit status and the printed summary.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_blockfmt.h"
#include "kernels_fast/kr_fast.h"
#include "kernels_ref/kr_formats.h"
#include "kernels_fast/kr_head.h"
#include "kernels_ref/kr_gemm.h"
#include "kernels_fast/kr_ops.h"
#include "kernels_ref/kr_quant.h"
#include "kernels_fast/kr_quant_fast.h"

static uint64_t nc_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static int nc_gemm(size_t M, size_t K, size_t N, int extreme, uint64_t *s, kr_pool *pool, int *runs)
{
    kr_tern w;
    if (kr_tern_alloc(&w, M, K) != KR_OK)
        return 1;
    for (size_t m = 0; m < M; m++)
        for (size_t k = 0; k < K; k++)
            kr_tern_set(&w, m, k, extreme ? 1 : (int)(nc_rand(s) % 3) - 1);
    const size_t ldq = K + 1, ldy = M + 2;
    int8_t *q = malloc(N * ldq);
    int32_t *ref = calloc(N * ldy, sizeof *ref), *y = malloc(N * ldy * sizeof *y);
    int bad = !q || !ref || !y;
    for (size_t i = 0; !bad && i < N * ldq; i++)
        q[i] = extreme ? -128 : (int8_t)(nc_rand(s) & 0xff);
    if (!bad && kr_gemm_ref(&w, q, N, ldq, ref, ldy) != KR_OK)
        bad = 1;
    static const kr_isa isas[] = {KR_ISA_SCALAR, KR_ISA_NEON};
    static const kr_fast_layout layouts[] = {KR_LAYOUT_2BIT, KR_LAYOUT_BASE3};
    for (int li = 0; li < 2 && !bad; li++)
        for (int i = 0; i < 2 && !bad; i++) {
            if (!kr_fast_isa_supported(isas[i])) {
                printf("neon_check: %s not supported by this CPU\n", kr_isa_name(isas[i]));
                bad = 1;
                break;
            }
            kr_fast_w *fw = NULL;
            if (kr_fast_prepare_layout(&w, isas[i], layouts[li], &fw) != KR_OK) {
                bad = 1;
                break;
            }
            memset(y, 0, N * ldy * sizeof *y);
            if (kr_fast_gemm(fw, q, N, ldq, y, ldy, pool) != KR_OK || memcmp(y, ref, N * ldy * sizeof *y) != 0) {
                printf("neon_check: %s %s M=%zu K=%zu N=%zu differs from kr_gemm_ref\n",
                       kr_fast_layout_name(layouts[li]), kr_fast_w_kernel(fw), M, K, N);
                bad = 1;
            }
            kr_fast_free(fw);
            (*runs)++;
        }
    free(q);
    free(ref);
    free(y);
    kr_tern_free(&w);
    return bad;
}

static int nc_ops(uint64_t *s)
{
    int bad = 0;
    for (size_t n = 1; n < 300; n += 37) {
        float a[300], b[300], y[300], r[300];
        for (size_t i = 0; i < n; i++) {
            a[i] = (float)(nc_rand(s) % 20001) / 1000.0f - 10.0f;
            b[i] = (float)(nc_rand(s) % 2001) / 1000.0f - 1.0f;
        }
        float acc[16] = {0}, t8[8], t4[4];
        for (size_t i = 0; i < n; i++)
            acc[i % 16] += a[i] * b[i];
        for (int i = 0; i < 8; i++)
            t8[i] = acc[i] + acc[i + 8];
        for (int i = 0; i < 4; i++)
            t4[i] = t8[i] + t8[i + 4];
        const float want = (t4[0] + t4[2]) + (t4[1] + t4[3]), got = kr_dot_f32(a, b, n);
        if (memcmp(&want, &got, sizeof got) != 0) {
            printf("neon_check: kr_dot_f32 n=%zu: %.9g, definition %.9g\n", n, got, want);
            bad = 1;
        }
        kr_relu2_mul_f32(a, b, y, n);
        for (size_t i = 0; i < n; i++) {
            float g = a[i] > 0.0f ? a[i] : 0.0f;
            r[i] = g * g * b[i];
        }
        if (memcmp(y, r, n * sizeof *y) != 0) {
            printf("neon_check: kr_relu2_mul_f32 n=%zu differs\n", n);
            bad = 1;
        }
        int8_t q1[300], q2[300];
        float s1, s2;
        if (kr_quantize_row(a, n, q1, &s1) != KR_OK || kr_quantize_row_fast(a, n, q2, &s2) != KR_OK ||
            memcmp(q1, q2, n) != 0 || s1 != s2) {
            printf("neon_check: kr_quantize_row_fast n=%zu differs\n", n);
            bad = 1;
        }
    }
    return bad;
}

/* The portable head path (no AVX-512 here): every format and the int8 copy against a double dot of
 * the decoded rows, 1 and 3 threads. */
static int nc_head(uint64_t *s)
{
    enum { R = 77, C = 512 };
    static float W[R * C], x[C], y[R], row[C];
    static uint8_t f16[R * C * 2], q8[R * C / 32 * 34], q6[R * C / 256 * 210];
    for (size_t i = 0; i < R * C; i++) {
        W[i] = (float)(nc_rand(s) % 2001) / 20000.0f - 0.05f;
        uint16_t h = kr_f32_to_f16(W[i]);
        memcpy(f16 + 2 * i, &h, 2);
    }
    for (size_t i = 0; i < C; i++)
        x[i] = (float)(nc_rand(s) % 2001) / 1000.0f - 1.0f;
    if (kr_q8_0_from_f32(W, R * C, q8, sizeof q8) != KR_OK || kr_q6_k_from_f32(W, R * C, q6, sizeof q6) != KR_OK)
        return 1;
    const struct {
        kr_head_fmt f;
        const void *d;
        size_t len;
        int copy;
    } v[] = {{KR_HEAD_F32, W, sizeof W, 0}, {KR_HEAD_F16, f16, sizeof f16, 0}, {KR_HEAD_Q8_0, q8, sizeof q8, 0},
             {KR_HEAD_Q6_K, q6, sizeof q6, 0}, {KR_HEAD_F16, f16, sizeof f16, 1}};
    int bad = 0;
    for (size_t f = 0; f < 5; f++)
        for (int th = 1; th <= 3; th += 2) {
            kr_head *h = NULL;
            kr_pool *pool = kr_pool_new(th);
            if (!pool || kr_head_new(&h, v[f].f, v[f].d, v[f].len, R, C, v[f].copy) != KR_OK ||
                kr_head_gemv(h, x, y, pool) != KR_OK) {
                printf("neon_check: head %s setup failed\n", kr_head_fmt_name(v[f].f));
                bad = 1;
            }
            for (size_t r = 0; r < R && !bad; r++) {
                kr_head_row(h, r, row);
                double want = 0.0, amax = 0.0;
                for (size_t k = 0; k < C; k++)
                    if (fabs(row[k]) > amax)
                        amax = fabs(row[k]);
                const double step = amax / 127.0;
                if (v[f].copy) /* the int8 copy's definition: round(w / step) * step */
                    for (size_t k = 0; k < C; k++)
                        row[k] = (float)(nearbyint(row[k] / step) * step);
                for (size_t k = 0; k < C; k++)
                    want += (double)row[k] * x[k];
                if (fabs(want - y[r]) > 1e-4) {
                    printf("neon_check: head %s%s row %zu: %.7g, expected %.7g\n", kr_head_fmt_name(v[f].f),
                           v[f].copy ? " int8 copy" : "", r, y[r], want);
                    bad = 1;
                }
            }
            kr_head_free(h);
            kr_pool_free(pool);
        }
    return bad;
}

int main(void)
{
    printf("neon_check: best ISA %s\n", kr_isa_name(kr_fast_best_isa()));
    uint64_t s = 12345;
    int bad = 0, runs = 0;
    for (int th = 1; th <= 3 && !bad; th++) {
        kr_pool *pool = kr_pool_new(th);
        if (!pool)
            return 1;
        static const size_t Ms[] = {1, 15, 16, 17, 33}, Ks[] = {1, 5, 15, 16, 17, 19, 21, 100, 257}, Ns[] = {1, 2, 3, 8, 17};
        for (size_t a = 0; a < 5 && !bad; a++)
            for (size_t b = 0; b < 9 && !bad; b++)
                bad |= nc_gemm(Ms[a], Ks[b], Ns[(a + b + (size_t)th) % 5], 0, &s, pool, &runs);
        bad |= nc_gemm(20, 4099, 3, 1, &s, pool, &runs);
        bad |= nc_gemm(640, 2560, 2, 0, &s, pool, &runs);
        kr_pool_free(pool);
    }
    bad |= nc_ops(&s);
    bad |= nc_head(&s);
    printf("neon_check: %d GEMM runs (2-bit and base-3 layouts, scalar + neon, 1-3 threads) bit-exact, portable ops / quantization / head: %s\n",
           runs, bad ? "FAILED" : "ok");
    return bad ? 1 : 0;
}
