# runtime: see ../shared/ARCHITECTURE.md
