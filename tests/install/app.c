/*
 * A program a user writes against an installed tritium: built by tests/install/test_install.sh with
 * nothing but `pkg-config --cflags --libs tritium`. It uses the public headers of the runtime, the
 * driver and the kernels, runs one matmul on the cpu backend and checks it against kernels_ref.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/tdrv.h"
#include "kernels_ref/kr_gemm.h"
#include "runtime/backend/rt_backend.h"
#include "runtime/gguf/gguf.h"
#include "runtime/model/model.h"
#include "tritium_regs.h"

#define M 67
#define K 300
#define N 3

int main(void)
{
    int bad = 0;
    /* no simulator linked: the registry has the cpu backend and no device */
    rt_backend_desc d;
    if (rt_backend_desc_at(0, &d) != 0 || rt_backend_desc_at(1, &d) == 0 || tdrv_backend(0) != NULL) {
        fprintf(stderr, "app: unexpected backend registry\n");
        bad++;
    }
    kr_tern w;
    static int8_t q[N * K];
    static int32_t y[N * M], ref[N * M];
    if (kr_tern_alloc(&w, M, K) != KR_OK)
        return 1;
    for (size_t m = 0; m < M; m++)
        for (size_t k = 0; k < K; k++)
            kr_tern_set(&w, m, k, (int)((m * 5 + k * 3) % 3) - 1);
    for (size_t i = 0; i < N * K; i++)
        q[i] = (int8_t)(i * 29 + 7);
    char err[512];
    rt_backend *b = rt_backend_open(d.name, NULL, err, sizeof err);
    rt_weights *rw = NULL;
    if (!b || rt_backend_prepare(b, &w, &rw, err, sizeof err) || rt_backend_matmul(b, rw, q, N, K, y, M, err, sizeof err)) {
        fprintf(stderr, "app: %s\n", err);
        return 1;
    }
    kr_gemm_ref(&w, q, N, K, ref, M);
    if (memcmp(y, ref, sizeof y) != 0) {
        fprintf(stderr, "app: the cpu backend differs from kr_gemm_ref\n");
        bad++;
    }
    if (gguf_open("/nonexistent.gguf", err, sizeof err) != NULL || !strstr(err, "nonexistent")) {
        fprintf(stderr, "app: gguf_open of a missing file: '%s'\n", err);
        bad++;
    }
    printf("app: %s backend, %d x %d x %d matmul %s; register map ID 0x%08x; KV types %s/%s\n", rt_backend_name(b), M,
           K, N, bad ? "FAILED" : "exact", (unsigned)TRITIUM_ID_VALUE, model_kv_name(MODEL_KV_F32),
           model_kv_name(MODEL_KV_F16));
    rt_backend_release(b, rw);
    rt_backend_close(b);
    kr_tern_free(&w);
    return bad ? 1 : 0;
}
