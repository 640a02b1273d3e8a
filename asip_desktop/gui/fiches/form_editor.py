"""A fiche's fields as widgets, built from its :class:`FormKind` spec.

``values()`` gives the JSON contract; ``show_errors()`` puts each French
message under its field without touching what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.gui.fiches.form_specs import FieldSpec, FormKind
from asip_desktop.gui.widgets.colors import tint
from asip_desktop.gui.widgets.wrapping import wrapped

_FR_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def to_iso(text: str) -> str:
    """« 27/11/2026 » → « 2026-11-27 »; anything else is returned as typed."""
    match = _FR_DATE.match(text)
    if not match:
        return text.strip()
    day, month, year = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def to_french(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text


class FieldWidget:
    """One field: its input widget(s) and the label that shows its error."""

    def __init__(self, spec: FieldSpec, error: QLabel) -> None:
        self.spec = spec
        self.error = error
        self.edit: QLineEdit | QPlainTextEdit | None = None
        self.buttons: dict[Any, QAbstractButton] = {}
        self.group: QButtonGroup | None = None

    @property
    def focus_widget(self) -> QWidget:
        if self.edit is not None:
            return self.edit
        return next(iter(self.buttons.values()))

    def value(self) -> Any:
        kind = self.spec.kind
        if isinstance(self.edit, QPlainTextEdit):
            return self.edit.toPlainText()
        if isinstance(self.edit, QLineEdit):
            return to_iso(self.edit.text()) if kind == "date" else self.edit.text()
        if kind == "multi":
            return [k for k, b in self.buttons.items() if b.isChecked()]
        if kind == "check":
            return self.buttons[True].isChecked()
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, value: Any) -> None:
        kind = self.spec.kind
        if isinstance(self.edit, QPlainTextEdit):
            self.edit.setPlainText(str(value or ""))
        elif isinstance(self.edit, QLineEdit):
            text = str(value or "")
            self.edit.setText(to_french(text) if kind == "date" else text)
        elif kind == "multi":
            for key, button in self.buttons.items():
                button.setChecked(key in (value or ()))
        elif kind == "check":
            self.buttons[True].setChecked(bool(value))
        elif value in self.buttons:
            self.buttons[value].setChecked(True)

    def show_error(self, message: str) -> None:
        if self.spec.kind == "date":
            message = message.replace("AAAA-MM-JJ", "JJ/MM/AAAA")
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.focus_widget.setAccessibleDescription(message)


class FormEditor(QWidget):
    changed = Signal()

    def __init__(self, kind: FormKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.fields: dict[str, FieldWidget] = {}
        outer = QVBoxLayout(self)
        self.general_error = self._error_label("erreur:général")
        outer.addWidget(self.general_error)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        for spec in kind.fields:
            if spec.kind == "section":
                title = QLabel(f"<b>{spec.label}</b>")
                form.addRow(title)
                continue
            self._add_field(form, spec)
        outer.addStretch(1)

    # --- building -----------------------------------------------------------

    def _error_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        tint(label, "error")
        label.setVisible(False)
        return label

    def _add_field(self, form: QFormLayout, spec: FieldSpec) -> None:
        caption = spec.label + (" *" if spec.required else "")
        field = FieldWidget(spec, self._error_label(f"erreur:{spec.path}"))
        self.fields[spec.path] = field
        if spec.kind in ("text", "date", "multiline"):
            edit: QLineEdit | QPlainTextEdit
            if spec.kind == "multiline":
                edit = QPlainTextEdit()
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(70 if spec.path != "commentaire" else 120)
            else:
                edit = QLineEdit()
                if spec.kind == "date":
                    edit.setPlaceholderText("JJ/MM/AAAA")
            edit.textChanged.connect(self.changed)
            edit.setObjectName(spec.path)
            edit.setAccessibleName(spec.label)
            field.edit = edit
            label = QLabel(caption + " :")
            label.setBuddy(edit)
            label.setWordWrap(True)
            form.addRow(label, edit)
            form.addRow("", field.error)
            return
        if spec.kind == "check":
            box = QCheckBox(wrapped(caption))
            box.setObjectName(spec.path)
            box.setAccessibleName(spec.label)
            box.toggled.connect(self.changed)
            field.buttons[True] = box
            form.addRow(box)
            form.addRow(field.error)
            return
        group_box = QGroupBox()  # a QGroupBox title never wraps: the caption is a label
        group_box.setAccessibleName(spec.label)
        group_box.setObjectName(f"groupe:{spec.path}")
        layout = QVBoxLayout(group_box)
        title = QLabel(caption)
        title.setWordWrap(True)
        layout.addWidget(title)
        options: dict[Any, str] = (
            {True: "Oui", False: "Non"} if spec.kind == "yesno" else dict(spec.choices)
        )
        if spec.kind != "multi":
            field.group = QButtonGroup(group_box)
        for key, text in options.items():
            shown = wrapped(text)
            button: QAbstractButton = (
                QCheckBox(shown) if spec.kind == "multi" else QRadioButton(shown)
            )
            button.setObjectName(f"{spec.path}={key}")
            button.setAccessibleName(f"{spec.label} : {text}")
            button.toggled.connect(self.changed)
            if field.group is not None:
                field.group.addButton(button)
            layout.addWidget(button)
            field.buttons[key] = button
        layout.addWidget(field.error)
        form.addRow(group_box)

    # --- values and errors ---------------------------------------------------

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for path, field in self.fields.items():
            value = field.value()
            if value is None:
                continue
            node = data
            *parents, last = path.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = value
        return data

    def set_values(self, data: dict[str, Any]) -> None:
        for path, field in self.fields.items():
            node: Any = data
            for part in path.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if node is not None:
                field.set_value(node)

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Show each message under its field (clearing the others); returns the paths shown."""
        shown = []
        for path, field in self.fields.items():
            field.show_error(errors.get(path, ""))
            if path in errors:
                shown.append(path)
        rest = [m for p, m in errors.items() if p not in self.fields]
        self.general_error.setText("\n".join(rest))
        self.general_error.setVisible(bool(rest))
        return shown

    def error_text(self, path: str) -> str:
        return self.fields[path].error.text()
