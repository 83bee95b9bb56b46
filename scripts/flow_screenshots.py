"""Take the README's flow pictures, on a virtual screen:
`xvfb-run -a -s "-screen 0 1600x1000x24" python scripts/flow_screenshots.py`.

Opens the default map in the real window, shows the Flow dock (floating, large) on the case sheet
with the round over (drops marked), and saves docs/screenshots/flow-sheet.png and flow-decision.png;
then writes the flow as a PDF and renders its second page with pdftoppm to flow-pdf-page.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from argmap.flow import POLICY  # noqa: E402
from argmap.render.flow_print import export_flow as write_flow  # noqa: E402
from argmap.resources import DEFAULT_MAP  # noqa: E402
from argmap.ui.app import apply_palette, make_app, open_window  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def settle(app: QApplication, rounds: int = 20) -> None:
    from PySide6.QtTest import QTest

    for _ in range(rounds):
        app.processEvents()
    QTest.qWait(300)


def main() -> int:
    app = make_app(["argmap"])
    settings = QSettings(str(OUT / ".flow-screenshot-settings.ini"), QSettings.IniFormat)
    settings.clear()
    apply_palette(app, "light")
    OUT.mkdir(parents=True, exist_ok=True)
    window = open_window(DEFAULT_MAP, settings)
    window.resize(1600, 1000)
    settle(app)
    flow = window.flow_view
    flow.show_flow()
    flow.setFloating(True)  # the flow alone, as large as a sheet of paper on the screen
    flow.resize(1560, 760)
    flow.set_now(len(flow.preset.columns))  # the round is over
    flow.tabs.setCurrentIndex(1)  # the case
    flow.table.setCurrentIndex(flow.model.index(1, 2))
    settle(app)
    flow.grab().save(str(OUT / "flow-sheet.png"))
    view = flow.show_decision()
    view.resize(900, 640)
    settle(app)
    view.grab().save(str(OUT / "flow-decision.png"))
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "flow.pdf"
        write_flow(window.document.amap, POLICY, pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-f",
                "2",
                "-l",
                "2",
                "-r",
                "80",
                "-png",
                "-singlefile",
                str(pdf),
                str(OUT / "flow-pdf-page"),
            ],
            check=True,
        )
    for name in ("flow-sheet.png", "flow-decision.png", "flow-pdf-page.png"):
        print(OUT / name)
    window.document.undo_stack.setClean()
    (OUT / ".flow-screenshot-settings.ini").unlink(missing_ok=True)
    QTimer.singleShot(0, app.quit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
