# Opt-in: `make test-slurm` starts a single-node Slurm on this machine (root), runs a sweep through it
# and checks its merged tables against a local run (tests/slurm/test_slurm.sh). Not part of `make test`.
.PHONY: test-slurm
test-slurm: $(BUILD)/tritium
	bash tests/slurm/test_slurm.sh $(BUILD)/tritium
