"""The identity fields of annex 2 in a form: a caption (its buddy), the field (the
address on a few lines), and a French error line under it, hidden until needed. Used
by the wizard's person page and the case page's identity editor."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit

from asip_desktop.gui.widgets.colors import tint

Field = QLineEdit | QPlainTextEdit


def add_identity_fields(
    form: QFormLayout,
    labels: Iterable[tuple[str, str]],
    prefix: str,
    on_change: Callable[[], None] | None = None,
) -> tuple[dict[str, Field], dict[str, QLabel]]:
    """One row per (key, label), the field named ``{prefix}-{key}``: (fields, errors)."""
    fields: dict[str, Field] = {}
    errors: dict[str, QLabel] = {}
    for key, label in labels:
        field: Field
        if key == "adresse":
            field = QPlainTextEdit()
            field.setTabChangesFocus(True)
            field.setFixedHeight(60)
        else:
            field = QLineEdit()
        if on_change is not None:
            field.textChanged.connect(lambda *_: on_change())
        field.setObjectName(f"{prefix}-{key}")
        field.setAccessibleName(label)
        caption = QLabel(f"{label} :")
        caption.setWordWrap(True)
        caption.setBuddy(field)
        error = QLabel()
        error.setObjectName(f"erreur-{key}")
        tint(error, "error")
        error.setWordWrap(True)
        error.hide()
        form.addRow(caption, field)
        form.addRow("", error)
        fields[key] = field
        errors[key] = error
    return fields, errors


def field_text(field: Field) -> str:
    text = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
    return text.strip()


def set_field_text(field: Field, value: str) -> None:
    if isinstance(field, QPlainTextEdit):
        field.setPlainText(value)
    else:
        field.setText(value)
