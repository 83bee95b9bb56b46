"""What a window offers the features it installs (export, evaluation, flow, templates, import), declared.

A feature is given this instead of probing the window with ``getattr``/``hasattr`` or finding a menu
by its label text: renaming "&Edit" or moving a dock cannot silently drop a feature's actions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QSettings, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu


@dataclass(frozen=True)
class Menus:
    """The window's menus a feature may add to."""

    file: QMenu
    edit: QMenu
    view: QMenu
    panels: QMenu  # View > Panels: one toggle per dock
    export: QMenu  # File > Export (hidden until a feature adds to it)
    import_: QMenu  # File > Import (likewise)
    help: QMenu


@dataclass
class FeatureContext:
    """Menus, shared actions, settings, the status line and the document signal of one window."""

    menus: Menus
    settings: QSettings
    status: Callable[[str, int], None]  # a message for the status bar, and for how many ms
    document_changed: SignalInstance  # emits the MapDocument the window now shows
    side_docks: tuple[QDockWidget, ...] = ()  # the right-hand docks a new panel tabs with, first on top
    card_actions: list[QAction] = field(default_factory=list)  # the map's right-click menu for cards

    def offer_card_actions(self, actions: tuple[QAction, ...] | list[QAction]) -> None:
        """Put ``actions`` in the map's right-click menu for cards (once each)."""
        for action in actions:
            if action not in self.card_actions:
                self.card_actions.append(action)
