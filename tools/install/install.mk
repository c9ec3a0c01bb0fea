# make install: the programs, the public headers, the static libraries and tritium.pc.
#   make install PREFIX=/usr/local DESTDIR=/staging
# Headers keep their repository paths under $(PREFIX)/include/tritium/ (their own #include lines name
# them so); private headers (*_impl.h, *_internal.h: docs/architecture.md) are not installed. The
# simulator link set is not installed: `tritium` carries its models, a library user gets the cpu
# backend and the driver (device backends register themselves when linked).
PREFIX  ?= /usr/local
DESTDIR ?=
TRITIUM_VERSION := 0.11.0

INSTALL_BINS    := $(BUILD)/tritium $(BUILD)/tritium-mkmodel $(BUILD)/tritium-convert
INSTALL_LIBS    := $(RT_LIB) $(DRV_LIB) $(KF_LIB) $(KR_LIB)
INSTALL_HEADERS := $(filter-out %_impl.h %_internal.h,$(wildcard kernels_ref/*.h kernels_fast/*.h driver/*.h \
                     $(foreach m,$(RT_MODULES),runtime/$(m)/*.h)))
INSTALL_PC      := $(BUILD)/install/tritium.pc

$(INSTALL_PC): tools/install/tritium.pc.in tools/install/install.mk
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(TRITIUM_VERSION)|' $< > $@.tmp && mv $@.tmp $@

# The .pc file names PREFIX: rebuild it whenever install runs (PREFIX may differ from the last time).
.PHONY: install install-pc-fresh
install-pc-fresh:
	@rm -f $(INSTALL_PC)

install: install-pc-fresh $(INSTALL_BINS) $(INSTALL_LIBS) $(GEN_HEADERS)
	@$(MAKE) --no-print-directory $(INSTALL_PC)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/tritium
	install -m 755 $(INSTALL_BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(INSTALL_LIBS) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 $(INSTALL_PC) $(DESTDIR)$(PREFIX)/lib/pkgconfig/
	@set -e; for h in $(INSTALL_HEADERS); do \
	  install -D -m 644 $$h $(DESTDIR)$(PREFIX)/include/tritium/$$h; done
	install -m 644 $(GEN_HEADERS) $(DESTDIR)$(PREFIX)/include/tritium/
	@echo "installed tritium $(TRITIUM_VERSION) in $(DESTDIR)$(PREFIX) ($(words $(INSTALL_HEADERS)) headers)"
