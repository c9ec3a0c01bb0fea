/* Driver status and device ERR_CODE values as words a user can act on. */
#include "driver/tdrv.h"
#include "tritium_regs.h"

const char *tdrv_strerror(tdrv_status st)
{
    switch (st) {
    case TDRV_OK: return "success";
    case TDRV_ERR_ARG: return "invalid argument (NULL pointer, zero or out-of-range value)";
    case TDRV_ERR_NOMEM: return "out of host or device memory";
    case TDRV_ERR_BACKEND: return "backend unknown or failed to open";
    case TDRV_ERR_ID: return "device ID is not a tritium accelerator";
    case TDRV_ERR_VERSION: return "device version not supported by this driver";
    case TDRV_ERR_CONFIG: return "device configuration not supported by this driver";
    case TDRV_ERR_BUS: return "register access failed";
    case TDRV_ERR_BOUNDS: return "access outside the buffer";
    case TDRV_ERR_BUSY: return "device busy with another job";
    case TDRV_ERR_TIMEOUT: return "device did not finish within the timeout";
    case TDRV_ERR_DEVICE: return "device stopped the job with an error";
    case TDRV_ERR_UNSUPPORTED: return "operation not provided by this backend";
    }
    return "unknown driver status";
}

static const struct {
    uint32_t code;
    const char *name, *msg;
} k_dev_err[] = {
#define TDRV_DEV_ERR(NAME, code, msg) {code, "ERR_" #NAME, msg},
    TRITIUM_ERRORS(TDRV_DEV_ERR)
#undef TDRV_DEV_ERR
};

const char *tdrv_dev_err_name(uint32_t code)
{
    for (size_t i = 0; i < sizeof k_dev_err / sizeof k_dev_err[0]; i++)
        if (k_dev_err[i].code == code)
            return k_dev_err[i].name;
    return "ERR_UNKNOWN";
}

const char *tdrv_dev_err_msg(uint32_t code)
{
    for (size_t i = 0; i < sizeof k_dev_err / sizeof k_dev_err[0]; i++)
        if (k_dev_err[i].code == code)
            return k_dev_err[i].msg;
    return "an error code this driver does not know (newer hardware?)";
}
