# make install into temporary prefixes, then a program built with nothing but pkg-config against the
# installed copy. The runner is a small generated wrapper that passes this build's settings.
$(BUILD)/tests/test_install: tests/install/test_install.sh tests/install/app.c tests/install/tests.mk \
                             $(INSTALL_BINS) $(INSTALL_LIBS) $(GEN_HEADERS)
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec sh tests/install/test_install.sh "%s" "%s" "%s"\n' '$(BUILD)' '$(CC)' '$(SAN_FLAGS)' > $@.tmp
	chmod +x $@.tmp && mv $@.tmp $@
TEST_BINS += $(BUILD)/tests/test_install
