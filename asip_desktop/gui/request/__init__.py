"""Qt: the request area: wizard, expert mode, result page, draft, 'Pourquoi ?'."""
