"""The fault tests' missing-capability rule: a skip on a developer's machine, a failure
under CI (where a skip would hide the fault under test)."""

from __future__ import annotations

import pytest

from tests.support.system import unavailable


def test_under_ci_a_missing_capability_fails(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must provide it"):
        unavailable("chattr absent")


def test_elsewhere_it_skips_with_the_reason(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chattr absent"):
        unavailable("chattr absent")
