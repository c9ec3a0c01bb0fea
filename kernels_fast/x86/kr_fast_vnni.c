/* AVX-512 VNNI panel kernel: one VPDPBUSD per 64 weight-activation products. */
#if defined(__x86_64__)
#define KR_TILE_DOT(acc, u, xb) ((acc) = _mm512_dpbusd_epi32((acc), (u), (xb)))
#define KR_TILE_KERNEL kr_fast_kernel_vnni
#include "kernels_fast/x86/kr_simd_tile512.h"
#endif
