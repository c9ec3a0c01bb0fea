/*
 * `make bench-kernels`: the fast CPU kernels against the memory bandwidth measured in the same run.
 * GEMV / GEMM on the BitNet 2B4T shapes with 1 and 2 threads in both weight layouts (2-bit and
 * base-3, timed alternately so both see the same machine), then the output head. Weights are
 * replicated across >= 256 MB and used round-robin so every GEMV streams them from DRAM, as a
 * decode step over the whole model does (one 2560 x 2560 matrix alone would sit in the L3 cache).
 * Times are the best of repeated runs lasting at least -s seconds.
 *
 * usage: kernels [-i scalar|avx2|avx512|avx512vnni] [-s seconds] [-g] [-H] [-A]
 *   -g only the GEMM table, -H only the head table, -A only the head accuracy table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/kernels.h"
#include "kernels_fast/kr_fast.h"

#define BK_COLD_BYTES ((size_t)256 << 20)

typedef struct {
    const char *name;
    size_t m, k;
} bk_shape;

static const bk_shape bk_shapes[] = {
    {"attn q/o", 2560, 2560},
    {"attn k/v", 640, 2560},
    {"ffn gate/up", 6912, 2560},
    {"ffn down", 2560, 6912},
};

typedef struct {
    kr_fast_w **fw;
    size_t copies, c;
    const int8_t *q;
    size_t n, k;
    int32_t *y;
    size_t m;
    kr_pool *pool;
} bk_gemm_ctx;

/* One GEMM on the next copy of the weights (round-robin: each call streams from DRAM). */
static void bk_gemm_call(void *arg)
{
    bk_gemm_ctx *g = arg;
    g->c = (g->c + 1) % g->copies;
    kr_fast_gemm(g->fw[g->c], g->q, g->n, g->k, g->y, g->m, g->pool);
}

#define BK_NLAYOUT 2
static const kr_fast_layout bk_layouts[BK_NLAYOUT] = {KR_LAYOUT_2BIT, KR_LAYOUT_BASE3};

/* Decode (N = 1) times of one shape per layout and thread count, for the per-layer sum. */
typedef struct {
    double us[BK_NLAYOUT][2];
} bk_decode;

/* Copies of w in one layout filling >= BK_COLD_BYTES; returns the count (0 on failure). */
static size_t bk_prepare_copies(const kr_tern *w, kr_isa isa, kr_fast_layout layout, kr_fast_w ***out, size_t *bytes)
{
    kr_fast_w *one = NULL;
    kr_status st = kr_fast_prepare_layout(w, isa, layout, &one);
    if (st != KR_OK) {
        fprintf(stderr, "bench: kr_fast_prepare_layout(%s, %s): %s\n", kr_isa_name(isa), kr_fast_layout_name(layout),
                kr_strerror(st));
        return 0;
    }
    *bytes = kr_fast_w_bytes(one);
    const size_t copies = BK_COLD_BYTES / *bytes + 1;
    kr_fast_w **fw = calloc(copies, sizeof *fw);
    if (!fw) {
        kr_fast_free(one);
        return 0;
    }
    fw[0] = one;
    for (size_t c = 1; c < copies; c++)
        if (kr_fast_prepare_layout(w, isa, layout, &fw[c]) != KR_OK) {
            for (size_t i = 0; i < c; i++)
                kr_fast_free(fw[i]);
            free(fw);
            return 0;
        }
    *out = fw;
    return copies;
}

static int bk_gemm_shape(const bk_shape *sh, kr_isa isa, kr_pool *pools[2], const bk_reader *rd, double min_s,
                         bk_decode *dec)
{
    uint64_t seed = 0x1234567ull + sh->m * 31 + sh->k;
    kr_tern w;
    if (kr_tern_alloc(&w, sh->m, sh->k) != KR_OK) {
        fprintf(stderr, "bench: out of memory for a %zu x %zu matrix\n", sh->m, sh->k);
        return -1;
    }
    for (size_t m = 0; m < sh->m; m++)
        for (size_t k = 0; k < sh->k; k++)
            kr_tern_set(&w, m, k, (int)(bk_rand(&seed) % 3) - 1);
    kr_fast_w **fw[BK_NLAYOUT] = {NULL, NULL};
    size_t copies[BK_NLAYOUT] = {0, 0}, packed[BK_NLAYOUT] = {0, 0};
    const size_t nmax = 128;
    int8_t *q = malloc(nmax * sh->k);
    int32_t *y = malloc(nmax * sh->m * sizeof *y);
    int rc = 0;
    if (!q || !y) {
        fprintf(stderr, "bench: out of memory\n");
        rc = -1;
        goto done;
    }
    for (int l = 0; l < BK_NLAYOUT; l++)
        if ((copies[l] = bk_prepare_copies(&w, isa, bk_layouts[l], &fw[l], &packed[l])) == 0) {
            rc = -1;
            goto done;
        }
    for (size_t i = 0; i < nmax * sh->k; i++)
        q[i] = (int8_t)(bk_rand(&seed) & 0xff);
    static const size_t Ns[] = {1, 8, 128};
    for (size_t ni = 0; ni < 3; ni++) {
        for (int th = 0; th < 2; th++) {
            /* Two rounds of 2-bit then base-3, best of each: a drift of the machine's bandwidth
             * during the row then favours neither layout. */
            double best[BK_NLAYOUT] = {1e30, 1e30}, bwn[BK_NLAYOUT] = {0.0, 0.0};
            for (int round = 0; round < 2; round++)
                for (int l = 0; l < BK_NLAYOUT; l++) {
                    bk_gemm_ctx g = {fw[l], copies[l], 0, q, Ns[ni], sh->k, y, sh->m, pools[th]};
                    double bw = 0.0;
                    const double t = bk_time_with_bw(bk_gemm_call, &g, pools[th], rd, packed[l], min_s / 2, &bw);
                    best[l] = t < best[l] ? t : best[l];
                    bwn[l] = bw > bwn[l] ? bw : bwn[l];
                }
            const size_t n = Ns[ni];
            for (int l = 0; l < BK_NLAYOUT; l++) {
                const double wps = (double)sh->m * (double)sh->k / best[l];
                const double gbs = (double)packed[l] / best[l] / 1e9;
                printf("%-12s %5zu x %-5zu %4zu %2d %-6s %9.1f  %8.2f  %8.1f  %7.2f  %7.1f  %5.0f%%", sh->name, sh->m,
                       sh->k, n, th + 1, kr_fast_layout_name(bk_layouts[l]), best[l] * 1e6, wps / 1e9,
                       wps * (double)n / 1e9, gbs, bwn[l], 100.0 * gbs / bwn[l]);
                if (l > 0)
                    printf("  %6.2fx", best[0] / best[l]);
                printf("\n");
                if (n == 1)
                    dec->us[l][th] = best[l] * 1e6;
            }
        }
    }
done:
    for (int l = 0; l < BK_NLAYOUT; l++) {
        for (size_t c = 0; c < copies[l]; c++)
            kr_fast_free(fw[l][c]);
        free(fw[l]);
    }
    free(q);
    free(y);
    kr_tern_free(&w);
    return rc;
}

/* Names of the kernels that run each layout for isa (asked from a tiny prepared matrix). */
typedef struct {
    char k2[32], k3[32];
} kr_kernel_names;
static kr_kernel_names bk_kernel_names(kr_isa isa)
{
    kr_kernel_names kn = {"?", "?"};
    kr_tern w;
    if (kr_tern_alloc(&w, 1, 1) != KR_OK)
        return kn;
    kr_fast_w *f = NULL;
    if (kr_fast_prepare_layout(&w, isa, KR_LAYOUT_2BIT, &f) == KR_OK)
        snprintf(kn.k2, sizeof kn.k2, "%s", kr_fast_w_kernel(f));
    kr_fast_free(f);
    f = NULL;
    if (kr_fast_prepare_layout(&w, isa, KR_LAYOUT_BASE3, &f) == KR_OK)
        snprintf(kn.k3, sizeof kn.k3, "%s", kr_fast_w_kernel(f));
    kr_fast_free(f);
    kr_tern_free(&w);
    return kn;
}

int main(int argc, char **argv)
{
    kr_isa isa = KR_ISA_AUTO;
    double min_s = 0.3;
    int do_gemm = 1, do_head = 1, do_acc = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-i") && i + 1 < argc) {
            const char *n = argv[++i];
            static const kr_isa all[] = {KR_ISA_SCALAR, KR_ISA_AVX2, KR_ISA_AVX512, KR_ISA_AVX512VNNI, KR_ISA_NEON};
            isa = (kr_isa)-1;
            for (size_t a = 0; a < sizeof all / sizeof all[0]; a++)
                if (!strcmp(n, kr_isa_name(all[a])))
                    isa = all[a];
            if ((int)isa == -1 || !kr_fast_isa_supported(isa)) {
                fprintf(stderr, "kernels: ISA '%s' unknown or not supported by this CPU (best: %s)\n", n,
                        kr_isa_name(kr_fast_best_isa()));
                return 2;
            }
        } else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
            min_s = atof(argv[++i]);
            if (min_s <= 0.0 || min_s > 60.0) {
                fprintf(stderr, "kernels: -s wants seconds in (0, 60], got '%s'\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(argv[i], "-g")) {
            do_head = do_acc = 0;
        } else if (!strcmp(argv[i], "-H")) {
            do_gemm = do_acc = 0;
        } else if (!strcmp(argv[i], "-A")) {
            do_gemm = do_head = 0;
        } else {
            fprintf(stderr, "usage: %s [-i scalar|avx2|avx512|avx512vnni] [-s seconds] [-g] [-H] [-A]\n", argv[0]);
            return 2;
        }
    }
    kr_pool *pools[2] = {kr_pool_new(1), kr_pool_new(2)};
    if (!pools[0] || !pools[1]) {
        fprintf(stderr, "kernels: cannot start the thread pool\n");
        return 1;
    }
    bk_bw bw[2] = {{0, 0}, {0, 0}};
    for (int th = 0; th < 2 && (do_gemm || do_head); th++)
        if (bk_measure_bw(pools[th], min_s, &bw[th]) != 0) {
            fprintf(stderr, "kernels: out of memory for the bandwidth buffers\n");
            return 1;
        }
    if (do_gemm || do_head)
        printf("memory bandwidth (best of runs over 512 MB): read %.1f / %.1f GB/s, copy (read+write) %.1f / %.1f GB/s"
           " with 1 / 2 threads\n",
           bw[0].read_gbs, bw[1].read_gbs, bw[0].copy_gbs, bw[1].copy_gbs);
    bk_reader rd = {NULL, 0};
    if ((do_gemm || do_head) && bk_reader_init(&rd) != 0) {
        fprintf(stderr, "kernels: out of memory for the bandwidth buffer\n");
        return 1;
    }
    int rc = 0;
    if (do_gemm) {
        kr_isa used = isa == KR_ISA_AUTO ? kr_fast_best_isa() : isa;
        printf("\nternary GEMM, ISA %s, packed weights streamed from DRAM, 2-bit and base-3 layouts (bw = best read pass of the same bytes, interleaved with the kernel's runs; %% = GB/s over bw; x = 2-bit time / base-3 time)\n",
               kr_isa_name(used));
        printf("%-12s %-13s %4s %2s %-6s %9s  %8s  %8s  %7s  %7s  %6s  %7s\n", "matrix", "M x K", "N", "th", "layout",
               "time us", "Gw/s", "GMAC/s", "GB/s", "bw GB/s", "of bw", "vs 2bit");
        enum { NSH = sizeof bk_shapes / sizeof bk_shapes[0] };
        bk_decode dec[NSH];
        memset(dec, 0, sizeof dec);
        for (size_t s = 0; s < NSH; s++)
            if (bk_gemm_shape(&bk_shapes[s], used, pools, &rd, min_s, &dec[s]) != 0)
                rc = 1;
        /* A 2B4T layer's decode GEMVs: q, o (2560 x 2560), k, v (640 x 2560), gate, up (6912 x 2560),
         * down (2560 x 6912). */
        static const int per_layer[NSH] = {2, 2, 2, 1};
        const kr_kernel_names kn = bk_kernel_names(used);
        printf("\ndecode GEMVs of one 2B4T layer (sum of the N = 1 times above x their count per layer; kernels %s / %s)\n",
               kn.k2, kn.k3);
        for (int th = 0; th < 2; th++) {
            double t[BK_NLAYOUT] = {0.0, 0.0};
            for (int l = 0; l < BK_NLAYOUT; l++)
                for (size_t s = 0; s < NSH; s++)
                    t[l] += per_layer[s] * dec[s].us[l][th];
            printf("  %d thread%s: 2bit %.1f us, base3 %.1f us: base-3 %.2fx as fast\n", th + 1, th ? "s" : " ", t[0],
                   t[1], t[0] / t[1]);
        }
    }
    if (do_head && bk_head_table(pools, &rd, min_s) != 0)
        rc = 1;
    if (do_acc && bk_head_accuracy(pools[1]) != 0)
        rc = 1;
    bk_reader_free(&rd);
    kr_pool_free(pools[0]);
    kr_pool_free(pools[1]);
    return rc;
}
