"""A keyring backend keeping secrets in a JSON file named by ``ASIP_TEST_KEYRING_FILE``.

For tests that run the command line as several processes without a Secret Service
(the fuzz test). It is NOT a safe store: ASIP Desktop refuses it unless an
administrator allows it by name in ``settings.json`` — which the test does, so it
also exercises that path.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend

NAME = "tests.support.file_keyring.FileKeyring"


class FileKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def path(self) -> Path:
        return Path(os.environ["ASIP_TEST_KEYRING_FILE"])

    def _load(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self.path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self.path.write_text(json.dumps(data))
