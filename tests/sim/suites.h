#ifndef TESTS_SIM_SUITES_H
#define TESTS_SIM_SUITES_H
#include <check.h>

Suite *suite_sim(void);        /* the model: registers, GEMMs on every configuration, faults */
Suite *suite_sim_driver(void); /* the driver's own paths (submit, wait, errors) on the sim backend */
Suite *suite_sim_b3(void);     /* base-3 weight streams: results, padding, bad bytes, flags */
#endif
