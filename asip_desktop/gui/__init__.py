"""Qt layer: windows, wizard and views. Imports the Qt-free layers, never the reverse."""
