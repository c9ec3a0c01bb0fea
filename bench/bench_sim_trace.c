/*
 * Debug-build helper (make sim-debug CONFIG=...): runs one small GEMM on the traced model and
 * writes an FST waveform. Usage: tsim-trace-<config> [out.fst] [M K N].
 */
#include <stdio.h>
#include <stdlib.h>

#include "tests/sim/sim_harness.h"
#include "tritium_regs.h"

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "tritium.fst";
    ts_job j = {0};
    j.m = argc > 4 ? strtoul(argv[2], NULL, 0) : 40;
    j.k = argc > 4 ? strtoul(argv[3], NULL, 0) : 70;
    j.n = argc > 4 ? strtoul(argv[4], NULL, 0) : 3;
    j.seed = 1;
    char err[512];
    tdrv_dev *d = NULL;
    const tdrv_open_args args = {.trace = path};
    if (tdrv_open_with("sim", &args, &d, err, sizeof err) != TDRV_OK) {
        fprintf(stderr, "tsim-trace: %s\n", err);
        return 1;
    }
    ts_result r;
    int rc = ts_run(d, &j, &r);
    printf("%s M=%zu K=%zu N=%zu: status %#x, %d mismatches, %llu busy cycles, waveform %s\n",
           tdrv_get_info(d)->config, j.m, j.k, j.n, r.status, r.mismatches, (unsigned long long)r.perf.busy, path);
    rc = rc || r.mismatches || r.status != TRITIUM_STATUS_DONE;
    ts_result_free(&r);
    tdrv_close(d);
    return rc;
}
