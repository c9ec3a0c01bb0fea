#!/bin/sh
# make test's soak: runs tritium-soak with the arguments given and closes with the Check-style summary
# line tools/run_tests.sh adds up (one check: every result exact, every logit identical).
"$@"
rc=$?
if [ "$rc" -eq 0 ]; then
    echo "100%: Checks: 1, Failures: 0, Errors: 0"
else
    echo "FAIL: $1 exited with $rc"
    echo "0%: Checks: 1, Failures: 1, Errors: 0"
fi
exit "$rc"
