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
    {TRITIUM_ERR_NONE, "ERR_NONE", "no error"},
    {TRITIUM_ERR_AXI_READ, "ERR_AXI_READ", "the memory answered a DMA read with SLVERR/DECERR"},
    {TRITIUM_ERR_AXI_WRITE, "ERR_AXI_WRITE", "the memory answered a DMA write with SLVERR/DECERR"},
    {TRITIUM_ERR_CMD_ZERO_DIM, "ERR_CMD_ZERO_DIM", "the command had M, K or N equal to zero"},
    {TRITIUM_ERR_CMD_ALIGN, "ERR_CMD_ALIGN", "a command address or stride was not aligned to the bus width"},
    {TRITIUM_ERR_CMD_TOO_LARGE, "ERR_CMD_TOO_LARGE", "K or a stride of the command exceeds the device buffers"},
    {TRITIUM_ERR_CMD_FLAGS, "ERR_CMD_FLAGS", "reserved command flag bits were set"},
    {TRITIUM_ERR_START_BUSY, "ERR_START_BUSY", "START was written while a job was running"},
#ifdef TRITIUM_ERR_CMD_STRIDE
    {TRITIUM_ERR_CMD_STRIDE, "ERR_CMD_STRIDE", "N > 1 and X_STRIDE < K or Y_STRIDE < 4*M"},
#endif
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
