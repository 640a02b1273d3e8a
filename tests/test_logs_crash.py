"""Logs and crash reports carry no personal data."""

from __future__ import annotations

import logging
import os
import stat

from asip_desktop import config
from asip_desktop.crash import write_crash_report
from asip_desktop.logs import scrub, setup_logging

NIR = "1 85 05 78 006 084 36"


def test_scrub_masks_nir_phone_email():
    text = scrub(f"nir {NIR} / 185057800608436 tel 06 12 34 56 78 +33612345678 a.b@c.fr ok 2026")
    assert "85 05" not in text and "185057800608436" not in text
    assert "06 12" not in text and "612345678" not in text and "a.b@c.fr" not in text
    assert "ok 2026" in text
    assert text.count("[NIR masqué]") == 2 and text.count("[téléphone masqué]") == 2


def test_log_file_is_owner_only_and_scrubbed(isolated_data_dir):
    path = setup_logging()
    log = logging.getLogger("asip_desktop.test")
    log.info("case %s opened for %s", 42, "jean.dupont@example.org")
    try:
        raise ValueError(f"bad NIR {NIR} for Dupont")
    except ValueError:
        log.exception("validation failed")
    for handler in logging.getLogger("asip_desktop").handlers:
        handler.flush()
    content = path.read_text("utf-8")
    assert "case 42 opened" in content
    assert "jean.dupont" not in content and "Dupont" not in content and "85 05" not in content
    assert "ValueError" in content and "test_logs_crash.py" in content
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert str(path).startswith(str(config.data_dir()))


def test_crash_report_has_stack_and_versions_but_no_message(isolated_data_dir):
    def inner(name: str) -> None:
        raise RuntimeError(f"cannot save case of {name}, NIR {NIR}")

    try:
        inner("Yannick Le Bihan")
    except RuntimeError as exc:
        path = write_crash_report(exc)
    report = path.read_text("utf-8")
    assert "Le Bihan" not in report and "85 05" not in report
    assert "builtins.RuntimeError (message non conservé)" in report
    assert "in inner" in report and "asip-desktop :" in report
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
