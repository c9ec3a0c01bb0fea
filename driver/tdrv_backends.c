/* The device backends linked into this build (a board backend joins this list). */
#include "driver/tdrv.h"
#include "driver/tdrv_sim.h"

static const tdrv_ops *const k_backends[] = {
    &tdrv_sim_ops,
    NULL,
};

const tdrv_ops *tdrv_backend(unsigned i)
{
    for (unsigned j = 0; k_backends[j]; j++)
        if (j == i)
            return k_backends[j];
    return NULL;
}
