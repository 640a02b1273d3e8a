"""Qt: the Annuaires area."""
