# The tree's rules (docs/architecture.md): arrows between folders, private headers, no backend-name
# comparison outside the registries. A python3 script with a Check-style summary line.
TEST_BINS += tests/tree/test_tree.py
