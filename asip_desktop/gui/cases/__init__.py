"""Qt: the Dossiers area: case list, case page, closing and purge."""
