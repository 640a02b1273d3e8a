"""A keyring backend that keeps secrets in a dict (unit and GUI tests)."""

from __future__ import annotations

import keyring.backend


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


# The tests install it with keyring.set_keyring(): allowed in this process only
# (ASIP Desktop refuses any backend that is not a known OS secret store).
def _allow() -> None:
    from asip_desktop.store import keys

    keys.allow_backend_class(MemoryKeyring)


_allow()
