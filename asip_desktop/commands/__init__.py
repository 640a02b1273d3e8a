"""Sub-commands of ``asip-desktop``; one module each, with ``register(subparsers)``."""

COMMAND_MODULES: tuple[str, ...] = (
    "orient",
    "rules",
    "forms",
    "cases",
    "indicators",
    "directory",
    "team",
)
