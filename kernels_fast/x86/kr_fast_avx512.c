/* AVX-512BW panel kernel for CPUs without VNNI: VPMADDUBSW (pairs, cannot saturate: |2 * 2 * 128| <
 * 32768) then VPMADDWD against ones to reach the same 4-products-per-lane grouping as VPDPBUSD. */
#if defined(__x86_64__)
#define KR_TILE_DOT(acc, u, xb)                                                                     \
    ((acc) = _mm512_add_epi32((acc), _mm512_madd_epi16(_mm512_maddubs_epi16((u), (xb)),           \
                                                       _mm512_set1_epi16(1))))
#define KR_TILE_KERNEL kr_fast_kernel_avx512
#include "kernels_fast/x86/kr_simd_tile512.h"
#endif
