"""Test setup: Qt runs headless on its offscreen platform, with settings kept out of the user's."""

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep QSettings, autosave and recovery files of test runs away from the real user folders.
_home = tempfile.mkdtemp(prefix="argmap-test-home-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")
os.environ["XDG_CACHE_HOME"] = os.path.join(_home, "cache")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ["XDG_STATE_HOME"] = os.path.join(_home, "state")  # the editor's error log

from argmap.render.qt_environment import prepare_qt_environment  # noqa: E402 - needs ROOT on the path

prepare_qt_environment()  # pytest-qt makes the QApplication: Qt must be set up as the app sets it up


def pytest_sessionfinish(session, exitstatus):
    """Qt's offscreen clipboard crashes at exit while it still owns data: empty it first."""
    try:
        from PySide6.QtGui import QGuiApplication
    except ImportError:  # pragma: no cover - Qt not installed
        return
    if QGuiApplication.instance() is not None:
        QGuiApplication.clipboard().clear()
