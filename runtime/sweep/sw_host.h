/* The host model's two figures measured on this machine, one thread (as the runtime's CPU work of a
 * token is measured in its reports): read bandwidth over a buffer far larger than the caches, and
 * float multiply-add throughput of the runtime's own dot product (kr_dot_f32) on data in L1. */
#ifndef SW_HOST_H
#define SW_HOST_H

/* Returns 0 and the figures, or -1 when memory for the buffer ran out. */
int sw_host_measure(double *gbs, double *gflops);

#endif
