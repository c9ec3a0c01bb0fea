/* AVX-512 VBMI + VNNI base-3 panel kernel: digits by byte tables (VPERMI2B), one VPDPBUSD per 64
 * weight-activation products. */
#if defined(__x86_64__)
#define KR3_VBMI 1
#define KR3_DOT(acc, u, xb) ((acc) = _mm512_dpbusd_epi32((acc), (u), (xb)))
#define KR3_KERNEL kr_fast3_kernel_vbmi
#include "kernels_fast/x86/kr_fast3_tile512.h"
#endif
