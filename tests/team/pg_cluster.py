"""A throw-away PostgreSQL cluster for the test session (Debian's ``postgresql`` package).

``initdb`` refuses to run as root (CI runs as root): the server then runs as the
package's ``postgres`` user, in a temp dir it owns, listening only on a Unix socket
in that dir (no TCP port, nothing reachable from the network).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


def bindir() -> Path | None:
    """The folder of initdb/pg_ctl, or None when PostgreSQL is not installed."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        folder = Path(out.stdout.strip())
        if (folder / "initdb").exists():
            return folder
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    return None


class Cluster:
    def __init__(self, binaries: Path) -> None:
        self.bin = binaries
        self.root = Path(tempfile.mkdtemp(prefix="asip-pg-"))
        self.data = self.root / "data"
        self.socket = self.root  # the socket lives beside the data folder
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.superuser = "postgres" if self.as_user else pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self.as_user, *args], check=True, capture_output=True, text=True, cwd=self.root
        )

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            self.superuser,
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )

    def start(self) -> None:
        options = f"-k {self.socket} -c listen_addresses='' -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str, user: str | None = None) -> str:
        return f"postgresql://{user or self.superuser}@/{database}?host={self.socket}"

    def createdb(self, name: str) -> None:
        self._run(str(self.bin / "createdb"), "-h", str(self.socket), "-U", self.superuser, name)

    def dump(self, database: str, *options: str) -> bytes:
        out = subprocess.run(
            [
                *self.as_user,
                str(self.bin / "pg_dump"),
                "-h",
                str(self.socket),
                "-U",
                self.superuser,
                *options,
                database,
            ],
            check=True,
            capture_output=True,
            cwd=self.root,
        )
        return out.stdout

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def running_cluster() -> Iterator[Cluster]:
    """A throw-away server for a benchmark script: started, yielded, destroyed; exits with a
    plain message when PostgreSQL is not installed."""
    binaries = bindir()
    if binaries is None:
        sys.exit("PostgreSQL is not installed (./dev.sh test installs it).")
    cluster = Cluster(binaries)
    cluster.init()
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.destroy()
