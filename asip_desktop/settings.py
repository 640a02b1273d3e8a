"""The desk's settings: the agent's profile, delays, and window state.

Stored as JSON in the data directory (owner-only, written atomically). The
agent's own professional contact is kept here to prefill the forms; nothing
about the people received at the desk is ever stored here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from asip_desktop import config
from asip_desktop.errors import UserError
from asip_desktop.files import write_private_atomic

SETTINGS_FILE = "settings.json"
LOCK_DELAY_RANGE = (1, 60)  # minutes
REVIEW_RANGE = (7, 3650)  # days; the value itself lives in the case store
TEXT_SCALE_RANGE = (0.8, 2.0)
PALETTES = ("systeme", "clair", "sombre", "contraste")  # labels in gui/widgets/colors.py


@dataclass
class AgentProfile:
    nom: str = ""
    prenom: str = ""
    telephone: str = ""
    cdas: str = ""


@dataclass
class Settings:
    agent: AgentProfile = field(default_factory=AgentProfile)
    niveau: int = 1
    lock_delay_minutes: int = 5
    pin_hash: str = ""
    text_scale: float = 1.0
    palette: str = "systeme"  # colours: the desk's own, light, dark or high contrast
    window_geometry: str = ""
    last_area: str = ""
    # Set by an administrator only, by hand: the full class name of a keyring
    # backend that is not an OS secret store but is to be accepted anyway
    # (asip_desktop/store/keys.py; the self-test then warns).
    allowed_keyring_backend: str = ""

    def validate(self) -> None:
        problems = []
        if self.niveau not in (1, 2):
            problems.append("« Niveau d'accueil » : 1 ou 2.")
        lo, hi = LOCK_DELAY_RANGE
        if not lo <= self.lock_delay_minutes <= hi:
            problems.append(f"« Verrouillage après » : entre {lo} et {hi} minutes.")
        lo_s, hi_s = TEXT_SCALE_RANGE
        if not lo_s <= self.text_scale <= hi_s:
            problems.append(f"« Taille du texte » : entre {lo_s:.0%} et {hi_s:.0%}.")
        if self.palette not in PALETTES:
            problems.append("« Couleurs » : Système, Clair, Sombre ou Contraste élevé.")
        if problems:
            raise UserError("Paramètres invalides :", problems)


def settings_path() -> Path:
    return config.data_dir() / SETTINGS_FILE


def _from_dict(data: dict[str, Any]) -> Settings:
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in data.items() if k in known and k != "agent"}
    agent_known = {f.name for f in fields(AgentProfile)}
    agent = {k: str(v) for k, v in dict(data.get("agent") or {}).items() if k in agent_known}
    settings = Settings(agent=AgentProfile(**agent), **values)
    return settings


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults; a damaged file is set aside, not lost."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text("utf-8"))
        settings = _from_dict(data)
        settings.validate()
        return settings
    except FileNotFoundError:
        return Settings()
    except (ValueError, TypeError, UserError):
        path.replace(path.with_suffix(".damaged.json"))
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    settings.validate()
    path = path or settings_path()
    config.ensure_private_dir(path.parent)
    write_private_atomic(path, json.dumps(asdict(settings), ensure_ascii=False, indent=2).encode())
