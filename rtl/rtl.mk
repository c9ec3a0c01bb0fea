# rtl: see ../shared/ARCHITECTURE.md
lint:
	@echo "lint: rtl/ not written yet"
