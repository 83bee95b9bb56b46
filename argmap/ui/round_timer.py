"""The round's timers in the Flow dock: the speech clock (each speech's time from the format) and each
side's preparation time. The time comes from an injectable clock (``time.monotonic`` by default), so
tests drive it by hand and never sleep; a Qt timer only repaints the numbers while one runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QWidget

from ..flow import Preset
from ..round_clock import Countdown, clock_text

OVER = "color: #c62828; font-weight: bold;"


class RoundTimer(QWidget):
    """Speech: [1AC ▾] 8:00 [Start] [Reset] · Aff prep 8:00 · Neg prep 8:00."""

    speechStarted = Signal(str)  # the name of the timed speech just started

    def __init__(self, preset: Preset, clock: Callable[[], float] = time.monotonic, parent=None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.preset = preset
        self.speech = Countdown(0)
        self.prep = {"for": Countdown(0), "against": Countdown(0)}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.speech_combo = QComboBox()
        self.speech_combo.setToolTip("The speech or cross-examination to time")
        self.speech_combo.currentIndexChanged.connect(self._choose)
        self.speech_label = QLabel()
        self.speech_label.setTextFormat(Qt.PlainText)
        self.start_button = QToolButton(text="Start", toolTip="Start or pause the speech clock")
        self.start_button.clicked.connect(self.toggle_speech)
        self.reset_button = QToolButton(text="Reset", toolTip="Put the speech clock back to its full time")
        self.reset_button.clicked.connect(self.reset_speech)
        self.prep_buttons = {}
        for side, word in (("for", "Aff"), ("against", "Neg")):
            button = QToolButton(
                checkable=True, toolTip=f"Start or pause the {word.lower()} side's prep time"
            )
            button.clicked.connect(lambda _checked=False, s=side: self.toggle_prep(s))
            self.prep_buttons[side] = (button, word)
        for w in (
            QLabel("Time:"),
            self.speech_combo,
            self.speech_label,
            self.start_button,
            self.reset_button,
        ):
            layout.addWidget(w)
        for button, _word in self.prep_buttons.values():
            layout.addWidget(button)
        self._ticker = QTimer(self, interval=200, timeout=self.tick)
        self.set_preset(preset)

    def set_preset(self, preset: Preset) -> None:
        """The format changed: its speeches and times, every clock back to full."""
        self.preset = preset
        self.speech_combo.blockSignals(True)
        self.speech_combo.clear()
        for timed in preset.times:
            self.speech_combo.addItem(f"{timed.name} ({timed.minutes:g} min)", timed.name)
        self.speech_combo.blockSignals(False)
        for countdown in self.prep.values():
            countdown.reset(preset.prep_minutes * 60)
        self._choose(0)

    def _choose(self, index: int) -> None:
        times = self.preset.times
        minutes = times[index].minutes if 0 <= index < len(times) else 0
        self.speech.reset(minutes * 60)
        self.tick()

    @property
    def speech_name(self) -> str:
        return self.speech_combo.currentData() or ""

    def toggle_speech(self) -> None:
        now = self.clock()
        starting = not self.speech.running
        if starting:  # a speech starts: prep stops, as a timekeeper stops it
            for countdown in self.prep.values():
                countdown.pause(now)
        self.speech.toggle(now)
        self.tick()
        if starting and self.speech_name:
            self.speechStarted.emit(self.speech_name)

    def reset_speech(self) -> None:
        self._choose(self.speech_combo.currentIndex())

    def select_speech(self, name: str) -> None:
        """Put the speech clock on ``name``, full time, stopped."""
        index = self.speech_combo.findData(name)
        if index >= 0:
            self.speech.pause(self.clock())
            self.speech_combo.setCurrentIndex(index)
            self._choose(index)

    def toggle_prep(self, side: str) -> None:
        now = self.clock()
        if not self.prep[side].running:
            self.speech.pause(now)
            for other, countdown in self.prep.items():
                if other != side:
                    countdown.pause(now)
        self.prep[side].toggle(now)
        self.tick()

    def tick(self) -> None:
        """Show the time left on every clock (the Qt timer calls this while one runs)."""
        now = self.clock()
        left = self.speech.remaining(now)
        self.speech_label.setText(clock_text(left))
        self.speech_label.setStyleSheet(OVER if left <= 0 and self.speech.seconds else "")
        self.start_button.setText("Pause" if self.speech.running else "Start")
        for side, (button, word) in self.prep_buttons.items():
            button.setText(f"{word} prep {clock_text(self.prep[side].remaining(now))}")
            button.setChecked(self.prep[side].running)
        running = self.speech.running or any(c.running for c in self.prep.values())
        if running and not self._ticker.isActive():
            self._ticker.start()
        elif not running:
            self._ticker.stop()
