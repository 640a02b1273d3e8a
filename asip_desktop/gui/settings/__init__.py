"""Qt: the Paramètres area."""
