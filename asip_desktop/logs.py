"""Application log: rotating, in the user log dir, never any personal data.

The code logs identifiers, counts and kinds only. As a second line of
defence, a filter masks anything shaped like a NIR, a phone number or an
e-mail address before a record is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path
from typing import Any

from asip_desktop import config

LOG_FILE = "asip-desktop.log"
MAX_BYTES = 512 * 1024
BACKUPS = 5

_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[courriel masqué]"),
    (re.compile(r"(?<!\d)[12](?:[\s.]?\d){12}(?:[\s.]?\d{2})?(?!\d)"), "[NIR masqué]"),
    (
        re.compile(r"(?<!\d)(?:\+33|0033|0)[\s.-]?[1-9](?:[\s.-]?\d{2}){4}(?!\d)"),
        "[téléphone masqué]",
    ),
]


def scrub(text: str) -> str:
    """Mask e-mails, NIR-like and phone-like numbers."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = None
        if record.exc_info:
            # never write exception messages: they may quote user input
            record.exc_text = None
        return True


class NoExceptionMessageFormatter(logging.Formatter):
    def formatException(self, ei: Any) -> str:
        from asip_desktop.crash import format_traceback_without_values

        return format_traceback_without_values(ei[1]) if ei and ei[1] else ""


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the ``asip_desktop`` loggers to the rotating file; return its path."""
    path = config.log_dir() / LOG_FILE
    logger = logging.getLogger("asip_desktop")
    for handler in list(logger.handlers):
        if getattr(handler, "_asip", False):
            logger.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler._asip = True  # type: ignore[attr-defined]
    handler.addFilter(ScrubFilter())
    handler.setFormatter(
        NoExceptionMessageFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    logger.addHandler(handler)
    logger.setLevel(level)
    path.chmod(0o600)
    return path
