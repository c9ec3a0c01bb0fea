/*
 * The body of the AVX-512 grouped-query attention (kr_simd_attn_heads_avx512.c), once per type of
 * cached row. Expects, before inclusion:
 *   KR_AH_T        the element type of the cached rows (float or uint16_t holding binary16)
 *   KR_AH_LOAD(p)  16 elements at p as an __m512 of floats (exact for both types)
 *   KR_AH_FN(name) the name of this instance's version of a function
 * and the helpers and constants of kr_simd_attn_heads_avx512.c.
 */

/* Into L2 (T1): L2 tracks more misses in flight than L1, and a KV head's rows are a stream too
 * short for the hardware prefetchers to ramp up on; with the cache in DRAM a layer ran faster this
 * way than with T0, at short and long contexts (docs/kernels.md, "Measured choices"). */
static inline void KR_AH_FN(prefetch_row)(const KR_AH_T *row, size_t n)
{
    const char *b = (const char *)row;
    for (size_t i = 0; i < n * sizeof(KR_AH_T); i += 64)
        _mm_prefetch(b + i, _MM_HINT_T1);
}

/* Rows ahead to prefetch: the same bytes ahead for either element type. */
#define KR_AH_AHEAD (KR_AH_PF_ROWS * sizeof(float) / sizeof(KR_AH_T))

/* Scores of NP (1 or 2) positions starting at row k0 (stride ld) for nh <= 4 heads. */
static inline __attribute__((always_inline)) void
KR_AH_FN(score_rows)(const float *q, size_t nh, size_t d, const KR_AH_T *k0, size_t ld, const int NP, float scale,
                     float *s, size_t npos)
{
    __m512 a[KR_AH_HEADS][2];
    for (size_t j = 0; j < KR_AH_HEADS; j++)
        a[j][0] = a[j][1] = _mm512_setzero_ps();
    for (size_t i = 0; i < d; i += 16) {
        const __m512 x0 = KR_AH_LOAD(k0 + i), x1 = NP == 2 ? KR_AH_LOAD(k0 + ld + i) : x0;
#pragma GCC unroll 4
        for (size_t j = 0; j < KR_AH_HEADS; j++)
            if (j < nh) {
                const __m512 qv = _mm512_loadu_ps(q + j * d + i);
                a[j][0] = _mm512_add_ps(a[j][0], _mm512_mul_ps(qv, x0));
                if (NP == 2)
                    a[j][1] = _mm512_add_ps(a[j][1], _mm512_mul_ps(qv, x1));
            }
    }
    for (size_t j = 0; j < nh; j++) {
        s[j * npos] = kr_hsum512(a[j][0]) * scale;
        if (NP == 2)
            s[j * npos + 1] = kr_hsum512(a[j][1]) * scale;
    }
}

/* s[j * npos + p] = dot(q_j, K_p) * scale for nh <= 4 heads; the V rows of the same KV head are
 * prefetched alongside when they fit in L2, as the mix reads them next. */
static void KR_AH_FN(scores)(const float *q, size_t nh, size_t d, const KR_AH_T *K, const KR_AH_T *V, size_t ld,
                             size_t npos, float scale, float *s)
{
    /* Values are fetched during the scores only while a KV head's rows fit in L2 with room to
     * spare; longer caches stream them in the mix instead (prefetching ahead there). */
    const int pfv = 2 * npos * d * sizeof(KR_AH_T) <= KR_AH_L2_ROWS_BYTES;
    size_t p = 0;
    for (; p + 2 <= npos; p += 2) {
        if (p + KR_AH_AHEAD + 2 <= npos) {
            KR_AH_FN(prefetch_row)(K + (p + KR_AH_AHEAD) * ld, d);
            KR_AH_FN(prefetch_row)(K + (p + KR_AH_AHEAD + 1) * ld, d);
        }
        if (pfv) {
            KR_AH_FN(prefetch_row)(V + p * ld, d);
            KR_AH_FN(prefetch_row)(V + (p + 1) * ld, d);
        }
        KR_AH_FN(score_rows)(q, nh, d, K + p * ld, ld, 2, scale, s + p, npos);
    }
    if (p < npos)
        KR_AH_FN(score_rows)(q, nh, d, K + p * ld, ld, 1, scale, s + p, npos);
}

/* o_j = sum over p of s[j * npos + p] * V_p, in p order from zero. Two heads per pass over the rows
 * (16 accumulators for a 128-column block), each row read whole, so the first pass streams the
 * rows from DRAM and the second finds them in L2. nk: the next KV head's keys (NULL for none),
 * whose first rows are prefetched during the last pass so its scores do not start cold. */
static void KR_AH_FN(mix)(const float *s, size_t nh, size_t npos, const KR_AH_T *V, size_t ld, size_t d, float *o,
                          const KR_AH_T *nk)
{
    for (size_t j0 = 0; j0 < nh; j0 += 2) {
        const size_t pair = nh - j0 >= 2 ? 2 : 1;
        const float *s0 = s + j0 * npos, *s1 = s0 + (pair - 1) * npos;
        const int last = j0 + 2 >= nh;
        for (size_t c = 0; c < d; c += 128) {
            const size_t nr = d - c >= 128 ? 8 : (d - c) / 16;
            __m512 a0[8], a1[8];
#pragma GCC unroll 8
            for (size_t r = 0; r < 8; r++)
                a0[r] = a1[r] = _mm512_setzero_ps();
            for (size_t p = 0; p < npos; p++) {
                const KR_AH_T *v = V + p * ld + c;
                if (p + KR_AH_AHEAD < npos)
                    KR_AH_FN(prefetch_row)(v + KR_AH_AHEAD * ld, nr * 16);
                if (last && nk && p < KR_AH_AHEAD)
                    KR_AH_FN(prefetch_row)(nk + p * ld, d);
                const __m512 b0 = _mm512_set1_ps(s0[p]), b1 = _mm512_set1_ps(s1[p]);
#pragma GCC unroll 8
                for (size_t r = 0; r < 8; r++)
                    if (r < nr) {
                        const __m512 x = KR_AH_LOAD(v + 16 * r);
                        a0[r] = _mm512_add_ps(a0[r], _mm512_mul_ps(b0, x));
                        a1[r] = _mm512_add_ps(a1[r], _mm512_mul_ps(b1, x));
                    }
            }
            for (size_t r = 0; r < nr; r++) {
                _mm512_storeu_ps(o + j0 * d + c + 16 * r, a0[r]);
                if (pair == 2)
                    _mm512_storeu_ps(o + (j0 + 1) * d + c + 16 * r, a1[r]);
            }
        }
    }
}

static void KR_AH_FN(heads)(const float *q, size_t h0, size_t h1, size_t group, const KR_AH_T *K, const KR_AH_T *V,
                            size_t kv_stride, size_t ld, size_t npos, size_t d, float scale, float *scratch, float *o)
{
    for (size_t h = h0; h < h1;) {
        const size_t kvh = h / group;
        size_t nh = (kvh + 1) * group - h;
        if (nh > h1 - h)
            nh = h1 - h;
        if (nh > KR_AH_HEADS)
            nh = KR_AH_HEADS;
        const KR_AH_T *Kh = K + kvh * kv_stride, *Vh = V + kvh * kv_stride;
        KR_AH_FN(scores)(q + h * d, nh, d, Kh, Vh, ld, npos, scale, scratch);
        kr_ah_softmax_rows(scratch, nh, npos);
        /* the next group's KV head, if it is another one */
        const size_t hn = h + nh, kvn = hn / group;
        const int next = hn < h1 && kvn != kvh;
        KR_AH_FN(mix)(scratch, nh, npos, Vh, ld, d, o + h * d, next ? K + kvn * kv_stride : NULL);
        h = hn;
    }
}
