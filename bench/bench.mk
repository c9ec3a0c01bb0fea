# bench: see ../shared/ARCHITECTURE.md
bench:
	@echo "bench: nothing yet"
