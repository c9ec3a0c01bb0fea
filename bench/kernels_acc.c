/*
 * Accuracy of the head formats against exact logits: one random float matrix (16384 x 2560,
 * N(0, 0.02)-like weights) stored as F16, Q8_0, Q6_K and F16 + int8 copy, multiplied by random
 * RMS-normalized hidden states. Reports max / mean |logit - exact| (also relative to the logits'
 * RMS) and how often the top-1 token agrees with the exact one. Random data has no dominant
 * logit, so the top-1 agreement here is a pessimistic figure for a real model.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/kernels.h"
#include "kernels_ref/kr_blockfmt.h"
#include "kernels_ref/kr_formats.h"
#include "kernels_fast/kr_head.h"

#define BA_ROWS 16384u
#define BA_COLS 2560u
#define BA_TRIALS 32

static float ba_gauss(uint64_t *s)
{
    /* Sum of 4 uniforms: cheap, bell-shaped, unit variance after scaling. */
    float a = 0.0f;
    for (int i = 0; i < 4; i++)
        a += (float)(bk_rand(s) >> 40) / 16777216.0f - 0.5f;
    return a * 1.7320508f;
}

int bk_head_accuracy(kr_pool *pool)
{
    const size_t n = (size_t)BA_ROWS * BA_COLS;
    float *W = malloc(n * sizeof *W), *x = malloc(BA_COLS * sizeof *x), *y = malloc(BA_ROWS * sizeof *y);
    double *exact = malloc(BA_ROWS * sizeof *exact);
    uint8_t *f16 = malloc(n * 2), *q8 = malloc(n / 32 * 34), *q6 = malloc(n / 256 * 210);
    int rc = -1;
    if (!W || !x || !y || !exact || !f16 || !q8 || !q6) {
        fprintf(stderr, "bench: out of memory for the accuracy check\n");
        goto out;
    }
    uint64_t s = 2024;
    for (size_t i = 0; i < n; i++) {
        W[i] = 0.02f * ba_gauss(&s);
        uint16_t h = kr_f32_to_f16(W[i]);
        memcpy(f16 + 2 * i, &h, 2);
    }
    if (kr_q8_0_from_f32(W, n, q8, n / 32 * 34) != KR_OK || kr_q6_k_from_f32(W, n, q6, n / 256 * 210) != KR_OK) {
        fprintf(stderr, "bench: Q8_0 / Q6_K encoders failed\n");
        goto out;
    }
    struct {
        const char *name;
        kr_head_fmt fmt;
        const void *data;
        size_t len;
        int copy;
    } v[] = {{"F16", KR_HEAD_F16, f16, n * 2, 0}, {"Q8_0", KR_HEAD_Q8_0, q8, n / 32 * 34, 0},
             {"Q6_K", KR_HEAD_Q6_K, q6, n / 256 * 210, 0}, {"int8-copy", KR_HEAD_F16, f16, n * 2, 1}};
    printf("\nhead accuracy vs exact float logits (%u x %u random weights, %d random normalized inputs)\n", BA_ROWS,
           BA_COLS, BA_TRIALS);
    printf("%-10s  %10s  %10s  %9s  %9s  %6s\n", "format", "max |d|", "mean |d|", "max/rms", "mean/rms", "top-1");
    for (size_t f = 0; f < 4; f++) {
        kr_head *h = NULL;
        kr_status st = kr_head_new(&h, v[f].fmt, v[f].data, v[f].len, BA_ROWS, BA_COLS, v[f].copy);
        if (st != KR_OK) {
            fprintf(stderr, "bench: kr_head_new(%s): %s\n", v[f].name, kr_strerror(st));
            goto out;
        }
        double dmax = 0.0, dsum = 0.0, rms_sum = 0.0;
        int agree = 0;
        uint64_t xs = 7;
        for (int t = 0; t < BA_TRIALS; t++) {
            double ss = 0.0;
            for (size_t k = 0; k < BA_COLS; k++) {
                x[k] = ba_gauss(&xs);
                ss += (double)x[k] * x[k];
            }
            for (size_t k = 0; k < BA_COLS; k++) /* unit RMS, as after the final RMSNorm */
                x[k] = (float)(x[k] / sqrt(ss / BA_COLS));
            double r2 = 0.0;
            size_t best_e = 0, best_g = 0;
            for (size_t r = 0; r < BA_ROWS; r++) {
                double acc = 0.0;
                for (size_t k = 0; k < BA_COLS; k++)
                    acc += (double)W[r * BA_COLS + k] * x[k];
                exact[r] = acc;
                r2 += acc * acc;
                if (acc > exact[best_e])
                    best_e = r;
            }
            kr_head_gemv(h, x, y, pool);
            for (size_t r = 0; r < BA_ROWS; r++) {
                double d = fabs((double)y[r] - exact[r]);
                dmax = d > dmax ? d : dmax;
                dsum += d;
                if (y[r] > y[best_g])
                    best_g = r;
            }
            rms_sum += sqrt(r2 / BA_ROWS);
            agree += best_e == best_g;
        }
        const double rms = rms_sum / BA_TRIALS, mean = dsum / ((double)BA_TRIALS * BA_ROWS);
        printf("%-10s  %10.3g  %10.3g  %8.2f%%  %8.3f%%  %2d/%d\n", v[f].name, dmax, mean, 100.0 * dmax / rms,
               100.0 * mean / rms, agree, BA_TRIALS);
        kr_head_free(h);
    }
    rc = 0;
out:
    free(W);
    free(x);
    free(y);
    free(exact);
    free(f16);
    free(q8);
    free(q6);
    return rc;
}
