# driver: see ../shared/ARCHITECTURE.md
