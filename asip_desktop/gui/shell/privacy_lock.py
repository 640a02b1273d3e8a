"""The privacy lock: the screen faces the public.

After an idle delay, or at once on Ctrl+L, every area (and every other open
window of the application) is hidden behind a lock screen; the agent's PIN
brings back the exact state. Ctrl+L is caught by the application-wide input
watch, not by a window shortcut: a window-modal dialog (a fiche with the
person's NIR) blocks its parent's shortcuts, and the lock must work from it.
The PIN is set on first use and kept only as a scrypt hash in the settings.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from asip_desktop.errors import UserError
from asip_desktop.pin import PIN_MAX, hash_pin, verify_pin


def _activity_events() -> set[QEvent.Type]:
    # built when watching starts: Qt's big QEvent.Type enum is costly to create,
    # and start-up should not pay for it before the first paint
    return {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }


LOCK_KEYS = QKeySequence("Ctrl+L")


def _is_lock_key(event: QEvent) -> bool:
    if not isinstance(event, QKeyEvent):
        return False
    return QKeySequence(event.keyCombination()) == LOCK_KEYS


def _pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(PIN_MAX)
    field.setValidator(QRegularExpressionValidator(r"\d{0,8}"))
    field.setAccessibleName(name)
    return field


class LockScreen(QWidget):
    """What the public may see: no personal datum, a PIN field."""

    unlock_requested = Signal(str)
    pin_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock-screen")
        self.setAccessibleName("Écran verrouillé")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.title = QLabel("<h2>Écran verrouillé</h2>")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.title)
        outer.addWidget(self.explain)

        form_host = QWidget()
        form = QFormLayout(form_host)
        self.pin = _pin_field("Code de déverrouillage")
        self.new_pin = _pin_field("Nouveau code")
        self.confirm_pin = _pin_field("Confirmer le code")
        self.pin_label = QLabel("&Code :")
        self.pin_label.setBuddy(self.pin)
        self.new_label = QLabel("&Nouveau code :")
        self.new_label.setBuddy(self.new_pin)
        self.confirm_label = QLabel("Con&firmer le code :")
        self.confirm_label.setBuddy(self.confirm_pin)
        form.addRow(self.pin_label, self.pin)
        form.addRow(self.new_label, self.new_pin)
        form.addRow(self.confirm_label, self.confirm_pin)
        outer.addWidget(form_host, 0, Qt.AlignmentFlag.AlignHCenter)

        self.button = QPushButton("&Déverrouiller")
        self.button.setDefault(True)
        self.button.setAutoDefault(True)
        outer.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message = QLabel()
        self.message.setObjectName("lock-message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setAccessibleName("Message")
        outer.addWidget(self.message)
        outer.addStretch(2)

        self.button.clicked.connect(self._submit)
        for field in (self.pin, self.new_pin, self.confirm_pin):
            field.returnPressed.connect(self._submit)
        self.set_mode(choose_pin=False)

    def set_mode(self, choose_pin: bool) -> None:
        self.choose_pin = choose_pin
        for w in (self.pin, self.pin_label):
            w.setVisible(not choose_pin)
        for w in (self.new_pin, self.new_label, self.confirm_pin, self.confirm_label):
            w.setVisible(choose_pin)
        if choose_pin:
            self.explain.setText(
                "Choisissez votre code de déverrouillage (4 à 8 chiffres). Il protège les "
                "données des personnes quand vous quittez le poste."
            )
            self.button.setText("&Enregistrer le code et déverrouiller")
        else:
            self.explain.setText("Les données sont masquées. Saisissez votre code.")
            self.button.setText("&Déverrouiller")
        self.clear()

    def clear(self) -> None:
        for field in (self.pin, self.new_pin, self.confirm_pin):
            field.clear()
        self.message.clear()

    def focus_first(self) -> None:
        (self.new_pin if self.choose_pin else self.pin).setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _submit(self) -> None:
        if self.choose_pin:
            self.pin_chosen.emit(self.new_pin.text(), self.confirm_pin.text())
        else:
            self.unlock_requested.emit(self.pin.text())


class PrivacyLock(QObject):
    """Switches ``shell`` between the content and the lock screen."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        shell: QStackedWidget,
        content: QWidget,
        get_pin_hash: Callable[[], str],
        save_pin_hash: Callable[[str], None],
        idle_minutes: float,
    ) -> None:
        super().__init__(shell)
        self.shell = shell
        self.content = content
        self._screen: LockScreen | None = None
        self._activity: set[QEvent.Type] = set()
        self._get_pin_hash = get_pin_hash
        self._save_pin_hash = save_pin_hash
        self._hidden_windows: list[QWidget] = []
        self._focus_before: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.timer.setInterval(max(int(idle_minutes * 60_000), 1))

    def start_watching(self) -> None:
        """Watch the application's input and start the idle delay (after the first paint)."""
        if not self._activity:
            self._activity = _activity_events()
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
        self.timer.start()

    @property
    def screen(self) -> LockScreen:
        """The lock screen, built the first time it is needed."""
        if self._screen is None:
            self._screen = LockScreen()
            self.shell.addWidget(self._screen)
            self._screen.unlock_requested.connect(self.try_unlock)
            self._screen.pin_chosen.connect(self.choose_pin)
        return self._screen

    def stop(self) -> None:
        """The window is closing: stop watching the application's input."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @property
    def locked(self) -> bool:
        return self._screen is not None and self.shell.currentWidget() is self._screen

    def set_idle_delay_ms(self, delay_ms: int) -> None:
        self.timer.setInterval(max(delay_ms, 1))
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in self._activity and not self.locked:
            if kind == QEvent.Type.KeyPress and _is_lock_key(event):
                self.lock()
                return True
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.locked:
            return
        window = self.shell.window()
        active = QApplication.activeWindow()
        self._focus_before = (active or window).focusWidget()
        if self._focus_before is None or not self._focus_before.isVisible():
            self._focus_before = window.focusWidget()
        self._hidden_windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not window and w.isVisible() and not w.isHidden()
        ]
        for w in self._hidden_windows:
            w.hide()
        self.screen.set_mode(choose_pin=not self._get_pin_hash())
        self.shell.setCurrentWidget(self.screen)
        self.screen.focus_first()
        self.timer.stop()
        self.locked_changed.emit(True)

    def try_unlock(self, pin: str) -> bool:
        if not verify_pin(pin, self._get_pin_hash()):
            self.screen.clear()
            self.screen.show_message("Code incorrect. Les données restent masquées.")
            self.screen.focus_first()
            return False
        self._unlock()
        return True

    def choose_pin(self, pin: str, confirmation: str) -> None:
        if pin != confirmation:
            self.screen.clear()
            self.screen.show_message("« Confirmer le code » : les deux codes sont différents.")
            self.screen.focus_first()
            return
        try:
            self._save_pin_hash(hash_pin(pin))
        except UserError as err:
            self.screen.clear()
            self.screen.show_message(str(err))
            self.screen.focus_first()
            return
        self._unlock()

    def _unlock(self) -> None:
        self.screen.clear()
        self.shell.setCurrentWidget(self.content)
        for w in self._hidden_windows:
            w.show()
        self._hidden_windows = []
        if self._focus_before is not None:
            self._focus_before.setFocus()
        self.timer.start()
        self.locked_changed.emit(False)
