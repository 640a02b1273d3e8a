"""Errors whose message is meant for the user: French, and free of personal data."""


class UserError(Exception):
    """An error the user can fix; ``str(err)`` is a French sentence shown as is.

    ``exit_code`` is what the command line returns for it.
    """

    exit_code = 2

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {d}" for d in self.details)
