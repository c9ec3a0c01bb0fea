# tools: the model maker (build/tritium-mkmodel) and build helpers.
MKMODEL_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tools/mkmodel*.c))
ifneq ($(MKMODEL_OBJS),)
$(BUILD)/tritium-mkmodel: $(MKMODEL_OBJS) $(RT_LINK)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $(MKMODEL_OBJS) $(RT_LINK) $(RT_LDLIBS)
ALL_TARGETS += $(BUILD)/tritium-mkmodel
endif

demo: deps-check
	@echo "demo: not yet"
