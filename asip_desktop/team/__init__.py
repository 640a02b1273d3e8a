"""The team case base: a CDAS's cases on a shared PostgreSQL server, encrypted on the
desk before they are sent (docs/team.md). No Qt here."""
