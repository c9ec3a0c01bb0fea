# sim: see ../shared/ARCHITECTURE.md
