/* The "sim" backend's ops table (defined only when a simulator library is linked, see driver.mk). */
#ifndef TDRV_SIM_H
#define TDRV_SIM_H
#include "driver/tdrv_ops.h"
extern const tdrv_ops tdrv_sim_ops;
#endif
