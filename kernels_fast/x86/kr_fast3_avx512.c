/* AVX-512BW base-3 panel kernel (CPUs without VBMI): digits by two unsigned compares each, then
 * VPMADDUBSW (pairs, cannot saturate: |2 * 2 * 128| < 32768) and VPMADDWD against ones. */
#if defined(__x86_64__)
#define KR3_VBMI 0
#define KR3_DOT(acc, u, xb)                                                                         \
    ((acc) = _mm512_add_epi32((acc), _mm512_madd_epi16(_mm512_maddubs_epi16((u), (xb)),           \
                                                       _mm512_set1_epi16(1))))
#define KR3_KERNEL kr_fast3_kernel_avx512
#include "kernels_fast/x86/kr_fast3_tile512.h"
#endif
