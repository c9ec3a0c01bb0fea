# tools: see ../shared/ARCHITECTURE.md
demo: deps-check
	@echo "demo: not yet"
