"""Qt-free document renderers (issue 5)."""
