"""The encrypted case store (Qt-free): SQLCipher database, key in the OS secret store,
case lifecycle with purge at closure, anonymous indicators. See ``docs/store.md``."""
