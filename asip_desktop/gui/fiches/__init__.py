"""Qt: the fiches: editor dialogs, preview and saving, secure-sending panel."""
