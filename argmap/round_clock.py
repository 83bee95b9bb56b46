"""Speech and preparation time, Qt-free: countdowns read from a clock the caller gives.

A :class:`Countdown` never reads the time itself: each call takes ``now`` from the clock the owner
holds (``time.monotonic`` in the editor, a number a test moves by hand), so tests never sleep.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Countdown:
    """Seconds left of a fixed allowance, started and paused any number of times (prep time is)."""

    seconds: float
    used: float = 0.0
    started_at: float | None = None

    @property
    def running(self) -> bool:
        return self.started_at is not None

    def start(self, now: float) -> None:
        if self.started_at is None:
            self.started_at = now

    def pause(self, now: float) -> None:
        if self.started_at is not None:
            self.used += max(0.0, now - self.started_at)
            self.started_at = None

    def toggle(self, now: float) -> None:
        self.pause(now) if self.running else self.start(now)

    def reset(self, seconds: float | None = None) -> None:
        self.seconds = self.seconds if seconds is None else seconds
        self.used, self.started_at = 0.0, None

    def remaining(self, now: float) -> float:
        """Seconds left; negative once the time is over (a speaker past time)."""
        running = max(0.0, now - self.started_at) if self.started_at is not None else 0.0
        return self.seconds - self.used - running


def clock_text(seconds: float) -> str:
    """``m:ss`` as a timekeeper shows it, ``-m:ss`` past time."""
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))  # 7:59.2 left reads 8:00 until a second passes
    return f"{sign}{whole // 60}:{whole % 60:02d}"
