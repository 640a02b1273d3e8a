"""Qt: the main window, start-up, privacy lock, crash dialog, store access."""
