"""Qt-free core: the rules file, the answers vocabulary and the orientation engine."""
