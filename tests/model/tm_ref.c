/* A slow, plain re-implementation of the BitNet block (double math, full recompute, no cache),
 * using kr_bitlinear_ref for the ternary layers: the oracle the runtime's forward pass must agree with. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels_ref/kr_formats.h"
#include "kernels_ref/kr_gemm.h"
#include "tests/model/suites.h"

static void rms(const float *x, const float *w, size_t n, float *out)
{
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (double)x[i] * x[i];
    double r = 1.0 / sqrt(ss / n + 1e-5);
    for (size_t i = 0; i < n; i++)
        out[i] = (float)(x[i] * r * w[i]);
}

/* NEOX rotation: element i of a head turns with element i + d/2 by pos * base^(-2i/d). */
static void rope(float *v, size_t heads, size_t d, size_t pos)
{
    for (size_t h = 0; h < heads; h++)
        for (size_t i = 0; i < d / 2; i++) {
            double th = pos * pow(500000.0, -2.0 * i / d);
            size_t ia = h * d + i, ib = h * d + i + d / 2;
            double a = v[ia], b = v[ib];
            v[ia] = (float)(a * cos(th) - b * sin(th));
            v[ib] = (float)(a * sin(th) + b * cos(th));
        }
}

static void lin(const kr_tern *w, const float *x, size_t n, float *out)
{
    ck_assert_int_eq(kr_bitlinear_ref(w, x, n, w->cols, out, w->rows), KR_OK);
}

void tm_reference_kv(const tm_model *m, int upstream, int kv_f16, const int32_t *tok, size_t n, float *logits)
{
    const size_t E = TM_EMBD, F = TM_FF, D = TM_EMBD / TM_HEADS, KV = D * TM_KV_HEADS;
    float *x = calloc(n * E, sizeof(float)), *xn = calloc(n * F, sizeof(float));
    float *q = calloc(n * E, sizeof(float)), *k = calloc(n * KV, sizeof(float)), *v = calloc(n * KV, sizeof(float));
    float *att = calloc(n * E, sizeof(float)), *o = calloc(n * E, sizeof(float));
    float *g = calloc(n * F, sizeof(float)), *u = calloc(n * F, sizeof(float));
    double *sc = calloc(n, sizeof(double));
    ck_assert(x && xn && q && k && v && att && o && g && u && sc);
    for (size_t t = 0; t < n; t++)
        for (size_t i = 0; i < E; i++)
            x[t * E + i] = kr_f16_to_f32(m->embd_f16[(size_t)tok[t] * E + i]);
    for (int l = 0; l < TM_LAYERS; l++) {
        const tm_layer *L = &m->layers[l];
        for (size_t t = 0; t < n; t++)
            rms(x + t * E, L->attn_norm, E, xn + t * E);
        lin(&L->lin[0], xn, n, q);
        lin(&L->lin[1], xn, n, k);
        lin(&L->lin[2], xn, n, v);
        for (size_t t = 0; t < n; t++) {
            rope(q + t * E, TM_HEADS, D, t);
            rope(k + t * KV, TM_KV_HEADS, D, t);
        }
        /* a binary16 cache holds K (after RoPE) and V rounded to nearest even */
        if (kv_f16)
            for (size_t i = 0; i < n * KV; i++) {
                k[i] = kr_scale_round_f16(k[i]);
                v[i] = kr_scale_round_f16(v[i]);
            }
        for (size_t t = 0; t < n; t++)
            for (size_t h = 0; h < TM_HEADS; h++) {
                size_t kh = h / (TM_HEADS / TM_KV_HEADS);
                double mx = -INFINITY, sum = 0;
                for (size_t p = 0; p <= t; p++) {
                    double s = 0;
                    for (size_t i = 0; i < D; i++)
                        s += (double)q[t * E + h * D + i] * k[p * KV + kh * D + i];
                    sc[p] = s / sqrt((double)D);
                    if (sc[p] > mx)
                        mx = sc[p];
                }
                for (size_t p = 0; p <= t; p++)
                    sum += (sc[p] = exp(sc[p] - mx));
                for (size_t i = 0; i < D; i++) {
                    double a = 0;
                    for (size_t p = 0; p <= t; p++)
                        a += sc[p] / sum * v[p * KV + kh * D + i];
                    att[t * E + h * D + i] = (float)a;
                }
            }
        for (size_t t = 0; t < n; t++)
            rms(att + t * E, L->attn_sub_norm, E, xn + t * E);
        lin(&L->lin[3], xn, n, o);
        for (size_t i = 0; i < n * E; i++)
            x[i] += o[i];
        for (size_t t = 0; t < n; t++)
            rms(x + t * E, L->ffn_norm, E, xn + t * E);
        lin(&L->lin[4], xn, n, g);
        lin(&L->lin[5], xn, n, u);
        for (size_t i = 0; i < n * F; i++) {
            double r = g[i] > 0 ? g[i] : 0;
            g[i] = upstream ? (float)(g[i] / (1.0 + exp(-(double)g[i])) * u[i]) : (float)(r * r * u[i]);
        }
        for (size_t t = 0; t < n; t++)
            rms(g + t * F, L->ffn_sub_norm, F, xn + t * F);
        lin(&L->lin[6], xn, n, o);
        for (size_t i = 0; i < n * E; i++)
            x[i] += o[i];
    }
    rms(x + (n - 1) * E, m->output_norm, E, xn);
    for (size_t r = 0; r < TM_VOCAB; r++) {
        double s = 0;
        for (size_t i = 0; i < E; i++)
            s += (double)kr_f16_to_f32(m->embd_f16[r * E + i]) * xn[i];
        logits[r] = (float)s;
    }
    free(x); free(xn); free(q); free(k); free(v); free(att); free(o); free(g); free(u); free(sc);
}

void tm_reference(const tm_model *m, int upstream, const int32_t *tok, size_t n, float *logits)
{
    tm_reference_kv(m, upstream, 0, tok, n, logits);
}
