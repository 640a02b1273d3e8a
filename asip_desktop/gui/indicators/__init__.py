"""Qt: the Indicateurs area."""
