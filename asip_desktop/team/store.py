"""A desk joined to its CDAS's team base: the cases on the server (``TeamCases``),
the desk's own settings and drafts in its local encrypted store (so that what is
being typed stays on the desk, encrypted, while the server is unreachable)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlalchemy.engine import URL

from asip_desktop import text_policy
from asip_desktop.errors import UserError
from asip_desktop.store.clock import Clock, iso, utc_now
from asip_desktop.store.store import DRAFT_SLOT, Store
from asip_desktop.store.values import DYSFUNCTION_KINDS
from asip_desktop.team import tables
from asip_desktop.team.cases import TeamCases
from asip_desktop.team.connection import make_engine, talking, where
from asip_desktop.team.membership import Membership

if TYPE_CHECKING:
    from asip_desktop.team.retention import RetentionPolicy


_UNREAD = object()


class TeamStore:
    """The same surface as ``store.Store`` for the cases, the indicators, the settings
    and the drafts; ``kind`` says which base the desk uses."""

    kind = "equipe"

    def __init__(
        self,
        member: Membership,
        local: Store,
        *,
        cdas_key: bytes | None = None,
        url: URL | None = None,
        clock: Clock = utc_now,
    ) -> None:
        """``cdas_key`` and ``url`` (with its password) bypass the secret store
        (benchmarks, a helper process)."""
        self.member = member
        self.local = local
        self.folder = local.folder
        self.clock = clock
        self.cdas = member.cdas
        self.desk = member.desk
        self.cdas_key = cdas_key if cdas_key is not None else member.cdas_key()
        self.engine = make_engine(url if url is not None else member.connection_url())
        self.cases = TeamCases(self)
        self.wipe_pending = False
        self.closed = False  # the window's late answers start no read on a closed store
        self._policy: object = _UNREAD

    @classmethod
    def open(
        cls, member: Membership, folder: Path | None = None, *, clock: Clock = utc_now
    ) -> TeamStore:
        local = Store.open(folder, clock=clock)
        try:
            return cls(member, local, clock=clock)
        except BaseException:
            local.close()
            raise

    @property
    def path(self) -> Path:
        return self.local.path

    def description(self) -> str:
        """Which base, for Paramètres and the self-test (no password)."""
        return f"base d'équipe du {self.cdas} ({where(self.member.url)})"

    def forget_keys(self) -> None:
        """The window locked: the case keys unwrapped this session are dropped."""
        self.cases.forget_keys()

    def close(self) -> None:
        self.closed = True
        self.cases.forget_keys()
        self.engine.dispose()
        self.local.close()

    def __enter__(self) -> TeamStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> str:
        return iso(self.clock())

    # settings and drafts: this desk's own, in its local store
    def get_setting(self, name: str) -> str | None:
        return self.local.get_setting(name)

    def set_setting(self, name: str, value: str | None) -> None:
        self.local.set_setting(name, value)

    def retention_policy(self) -> RetentionPolicy | None:
        """The CDAS's retention policy (``team policy``), read once a session; None while
        the administrator has set none (the desk's own settings apply then)."""
        if self._policy is _UNREAD:
            from asip_desktop.team.retention import read_policy

            with talking(), self.engine.connect() as conn:
                self._policy = read_policy(conn)
        return self._policy  # type: ignore[return-value]

    def review_days(self) -> int:
        policy = self.retention_policy()
        return policy.retention_days if policy is not None else self.local.review_days()

    def retention_days(self) -> int | None:
        policy = self.retention_policy()
        if policy is None:
            return self.local.retention_days()
        return policy.retention_days if policy.auto_purge else None

    def save_draft(self, data: dict[str, Any], slot: str = DRAFT_SLOT) -> None:
        self.local.save_draft(data, slot)

    def load_draft(self, slot: str = DRAFT_SLOT) -> dict[str, Any] | None:
        return self.local.load_draft(slot)

    def discard_draft(self, slot: str = DRAFT_SLOT) -> None:
        self.local.discard_draft(slot)

    def emitting_cdas(self, override: str | None = None) -> str:
        """On a team base the CDAS is the one the desk joined; another one is refused."""
        if override is not None and override.strip():
            asked = text_policy.clean(override, "CDAS émetteur").strip()
            if asked != self.cdas:
                raise UserError(
                    f"CDAS émetteur : ce poste est rattaché à la base d'équipe du {self.cdas} ; "
                    f"il ne peut pas ouvrir de dossier pour « {asked} »."
                )
        return self.cdas

    def report_dysfunction(self, kind: str, cdas: str | None = None) -> None:
        if kind not in DYSFUNCTION_KINDS:
            raise UserError(
                f"Type de dysfonctionnement « {kind} » inconnu, attendu une valeur parmi : "
                + ", ".join(DYSFUNCTION_KINDS)
            )
        emitting = self.emitting_cdas(cdas)
        with talking(), self.engine.begin() as conn:
            conn.execute(
                insert(tables.dysfunction_reports).values(
                    month=self.now()[:7], cdas=emitting, kind=kind
                )
            )


def open_desk_store(folder: Path | None = None, *, clock: Clock = utc_now) -> Store | TeamStore:
    """The store this desk uses: its team base once joined (``equipe.json``), else the
    local one; a permanence laptop (joined with ``--permanence``) keeps its local store
    (its cases go to the team base with ``team transfer``). The entry point of the
    command line and the window."""
    from asip_desktop.team import membership

    member = membership.load(folder)
    if member is None or member.permanence:
        return Store.open(folder, clock=clock)
    return TeamStore.open(member, folder, clock=clock)
