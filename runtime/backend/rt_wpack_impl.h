/* Weight preparation for the device backends: one K chunk of a ternary matrix into a device buffer. */
#ifndef RT_WPACK_IMPL_H
#define RT_WPACK_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "driver/tdrv.h"
#include "driver/tdrv_layout.h"
#include "kernels_ref/kr_ternary.h"

/* Packs rows [m0, m0 + mc) x columns [k0, k0 + kc) of t in the device-native layout into a new
 * buffer *out of *bytes. */
int rt_wpack_chunk(tdrv_dev *dev, const tdrv_info *info, tdrv_wfmt f, const kr_tern *t, size_t m0, size_t mc,
                   size_t k0, size_t kc, tdrv_buf **out, uint64_t *bytes, char *err, size_t errlen);

#endif
