"""Atomic, owner-only writes."""

from __future__ import annotations

import stat

import pytest

from asip_desktop.files import write_private_atomic


def test_replaces_atomically_owner_only(tmp_path):
    target = tmp_path / "fiche.pdf"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_private_atomic(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["fiche.pdf"]


def test_failure_leaves_no_temp_file(tmp_path):
    target = tmp_path / "dir-in-the-way"
    target.mkdir()
    (target / "child").write_text("x")
    with pytest.raises(OSError):
        write_private_atomic(target, b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir-in-the-way"]
