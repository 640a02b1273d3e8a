"""Qt-free encrypted case store (issue 3)."""
