/* The device backends linked into this build. driver.mk defines TDRV_HAVE_SIM when a simulator
 * library exists, so programs still link (with no "sim") while the model is being built. */
#include "driver/tdrv.h"
#ifdef TDRV_HAVE_SIM
#include "driver/tdrv_sim.h"
#endif

static const tdrv_ops *const k_backends[] = {
#ifdef TDRV_HAVE_SIM
    &tdrv_sim_ops,
#endif
    NULL,
};

const tdrv_ops *tdrv_backend(unsigned i)
{
    for (unsigned j = 0; k_backends[j]; j++)
        if (j == i)
            return k_backends[j];
    return NULL;
}
