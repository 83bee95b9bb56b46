"""The web export: one self-contained page, user text only as data, and a viewer that works in a real browser.

The browser tests drive Debian's Chromium through Playwright with real key, mouse and touch-free pointer
events; they are skipped only where no Chromium is installed (``make test`` installs it).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from argmap.export.html import html_document, map_data, script_safe_json
from argmap.export.options import ExportOptions, title_block
from argmap.model import Card, Relation
from argmap.resources import DEFAULT_MAP

from .conftest import SCRIPT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
EVIL = '</script><script>document.title="pwned"</script><img src=x onerror="document.title=1">'


def page_of(amap, **changes) -> str:
    options = ExportOptions(format="html", **changes)
    return html_document(amap, options, title_block(amap, options))


def embedded_json(page: str) -> dict:
    start = page.index('<script type="application/json" id="argmap-data">') + len(
        '<script type="application/json" id="argmap-data">'
    )
    return json.loads(page[start : page.index("</script>", start)])


def evil_map(tricky_map):
    amap = tricky_map.copy()
    amap.insert_card(Card("evil", "rebuttal", "against", text=EVIL, tag="Ends </script> early & <b>"))
    amap.insert_relation(Relation("evil", "pos", "rebuts"))
    return amap


# -- the file ----------------------------------------------------------------------------------


def test_user_text_is_only_data_never_markup(tricky_map):
    page = page_of(evil_map(tricky_map))
    data = embedded_json(page)
    texts = {c["id"]: c for c in data["cards"]}
    assert texts["evil"]["text"] == EVIL and texts["pos"]["tag"] == f"Plan {SCRIPT}"
    assert data["title"] == f"Tags & {SCRIPT}"
    # Outside the JSON block, none of the map's text appears; inside it, no '<' survives unescaped.
    start = page.index('id="argmap-data">')
    block = page[start : page.index("</script>", start)]
    assert "<" not in block.removeprefix('id="argmap-data">') and "&" not in block
    outside = page.replace(block, "")
    for needle in ("alert(1)", "pwned", "onerror", "Plan text", "R&D Weekly"):
        assert needle not in outside


def test_the_page_is_self_contained_and_pins_its_own_code():
    from argmap.format import read_map

    page = page_of(read_map(DEFAULT_MAP))
    viewer = page[: page.index('<script type="application/json"')]
    # No external script, style, font, image or frame; no URL the browser would fetch.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", viewer)
    assert "@import" not in page and "url(http" not in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "img-src 'none'" in policy

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    script = re.search(r"<script>(.*)</script>\s*</body>", page, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    assert f"script-src {digest(script)}" in policy and f"style-src {digest(style)}" in policy


def test_cards_carry_argmaps_layout_and_every_relation(default_map):
    data = map_data(default_map, ExportOptions(format="html"), title_block(default_map, ExportOptions()))
    assert [c["id"] for c in data["cards"]] == default_map.card_ids()
    assert len(data["relations"]) == sum(1 for _ in default_map.relations())
    boxes = [(c["x"], c["y"], c["w"], c["h"]) for c in data["cards"]]
    for i, (x, y, w, h) in enumerate(boxes):  # argmap's layout: no two cards overlap
        for x2, y2, w2, h2 in boxes[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y


def test_collapsed_cards_come_along_collapsed_and_filtered_cards_stay_out(default_map):
    amap = default_map.copy()
    amap.layout.collapsed.add("ukraine-asked")
    under = amap.subtree("ukraine-asked")
    filtered = next(cid for cid in amap.card_ids() if cid not in under and cid != "ukraine-asked")
    # The editor hides both what collapse hides and what its filters hide.
    options = ExportOptions(format="html", hidden=frozenset({filtered, *under}))
    data = map_data(amap, options, title_block(amap, options))
    ids = [c["id"] for c in data["cards"]]
    assert "ukraine-asked" in data["collapsed"] and under <= set(ids)
    assert filtered not in ids


def test_script_safe_json_round_trips_every_character():
    value = {"t": "</script>\u2028\u2029<!-- & 'quote' \"x\" \U0001f600 \u202e"}
    text = script_safe_json(value)
    assert "<" not in text and "\u2028" not in text and json.loads(text) == value


def test_cli_writes_html_without_loading_qt(tmp_path):
    out = tmp_path / "map.html"
    code = (
        "import sys; from argmap.cli import main; rc = main(['export', sys.argv[1], '-o', sys.argv[2]]); "
        "assert 'PySide6.QtGui' not in sys.modules, 'Qt was loaded'; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(DEFAULT_MAP), str(out)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out}: 39 cards")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_refuses_an_unknown_subtree_with_a_sentence(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "argmap.cli",
            "export",
            str(DEFAULT_MAP),
            "-o",
            str(tmp_path / "m.html"),
            "--subtree",
            "nope",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "no card with id 'nope'" in done.stderr and "Traceback" not in done.stderr


def test_editor_exports_a_web_page_through_the_file_menu(qtbot, tmp_path, monkeypatch):
    import shutil as _shutil

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

    from argmap.ui import export_actions
    from argmap.ui.main_window import MainWindow

    for name in ("ukraine-resistance.yaml", "ukraine-resistance.source.txt"):
        _shutil.copy(DEFAULT_MAP.parent / name, tmp_path / name)
    win = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    monkeypatch.setattr(win, "ask_unsaved_changes", lambda: QMessageBox.Discard)
    qtbot.addWidget(win)
    assert win.open_path(tmp_path / "ukraine-resistance.yaml", guard=False)
    target = tmp_path / "briefing.html"

    def choose_web_page(dialog):
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("html"))
        dialog.accept()
        return QDialog.Accepted

    monkeypatch.setattr(export_actions.ExportDialog, "exec", choose_web_page)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    export = next(
        a for a in win.context.menus.export.actions() if a.text().replace("&", "").startswith("Export")
    )
    export.trigger()
    data = embedded_json(target.read_text(encoding="utf-8"))
    assert len(data["cards"]) == 39 and data["made"].startswith("Made from ukraine-resistance.yaml")


# -- in a real browser --------------------------------------------------------------------------

browser_needed = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (make test installs it)"
)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            # The flags keep a headless Chromium from reaching for Google's services on a closed network.
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


class Page:
    """A page opened from a file on disk, recording every request and every console complaint."""

    def __init__(self, browser, path: Path, width=1400, height=900):
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("dialog", lambda d: (self.problems.append("dialog: " + d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", timeout=10_000)

    def shown_ids(self) -> set[str]:
        return set(self.page.eval_on_selector_all(".card:not([hidden])", "els => els.map(e => e.dataset.id)"))

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def default_page_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "ukraine.html"
    from argmap.format import read_map

    amap = read_map(DEFAULT_MAP)
    out.write_text(page_of(amap, made_from="ukraine-resistance.yaml"), encoding="utf-8")
    return out


@pytest.fixture()
def page(browser, default_page_file):
    p = Page(browser, default_page_file)
    yield p
    p.close()


@browser_needed
def test_every_card_is_on_the_page_and_nothing_was_fetched(page, default_map):
    labels = page.page.eval_on_selector_all(
        ".card", "els => els.map(e => [e.dataset.id, e.getAttribute('aria-label')])"
    )
    assert [cid for cid, _ in labels] == default_map.card_ids()
    for cid, label in labels:
        card = default_map.card(cid)
        assert (card.tag or card.text) in label
    assert page.page.inner_text("#map-title") == default_map.info.title
    assert "Legend" in page.page.inner_text("#legend")
    assert page.requests == [page.page.url] and page.problems == []


@browser_needed
def test_search_steps_through_matches_with_the_keyboard(page):
    page.page.keyboard.press("/")
    page.page.keyboard.type("co-combatant")
    count = page.page.inner_text("#search-count")
    total = int(re.search(r"(\d+) match", count).group(1))
    assert total >= 2
    page.page.keyboard.press("Enter")
    assert page.page.inner_text("#search-count").startswith(f"1 of {total}")
    first = page.page.get_attribute(".card.current", "data-id")
    page.page.keyboard.press("Enter")
    second = page.page.get_attribute(".card.current", "data-id")
    assert second != first and page.page.inner_text("#search-count").startswith(f"2 of {total}")
    page.page.keyboard.press("Shift+Enter")
    assert page.page.get_attribute(".card.current", "data-id") == first
    # The current match is on screen.
    box = page.page.locator(".card.current").bounding_box()
    assert 0 <= box["x"] < 1400 and 0 <= box["y"] < 900
    assert page.page.locator(".card.dim").count() > 0


@browser_needed
def test_collapse_and_expand_with_a_click_and_with_space(page, default_map):
    everything = page.shown_ids()
    assert len(everything) == len(default_map)
    under = default_map.subtree("aff-support")
    page.page.locator('.card[data-id="aff-support"] .toggle').click()
    hidden_now = everything - page.shown_ids()
    assert hidden_now and hidden_now <= under
    assert page.page.get_attribute('.card[data-id="aff-support"]', "aria-expanded") == "false"
    # Expand again from the keyboard: focus the card, press Space.
    page.page.locator('.card[data-id="aff-support"]').focus()
    page.page.keyboard.press("Space")
    assert page.shown_ids() == everything


@browser_needed
def test_filters_hide_a_side_and_a_click_reads_a_card_whole(page, default_map):
    page.page.locator('input[data-filter="side:against"]').uncheck()
    shown = page.shown_ids()
    assert shown and all(default_map.card(cid).side == "for" for cid in shown)
    page.page.locator('input[data-filter="side:against"]').check()
    evidence = next(c for c in default_map.cards() if c.kind == "evidence" and c.cite and len(c.quote) > 150)
    page.page.locator(f'.card[data-id="{evidence.id}"]').click()
    details = page.page.locator("#details")
    assert details.is_visible()
    body = page.page.inner_text("#details")
    assert evidence.tag in body
    assert " ".join(evidence.quote.split()) in " ".join(body.split())  # the whole quote, not cut
    source = default_map.sources[evidence.cite.source]
    assert source.title in body
    page.page.keyboard.press("Escape")
    assert not details.is_visible()


@browser_needed
def test_tab_reaches_cards_with_their_text_as_names(page, default_map):
    names = []
    for _ in range(40):
        page.page.keyboard.press("Tab")
        focused = page.page.evaluate("document.activeElement.dataset.id || ''")
        if focused:
            names.append(focused)
        if len(names) == 3:
            break
    assert names == default_map.card_ids()[:3]
    page.page.keyboard.press("Enter")
    assert page.page.locator("#details").is_visible()


@browser_needed
def test_wheel_zooms_and_dragging_empty_space_pans(page):
    def transform():
        return page.page.evaluate("getComputedStyle(document.getElementById('world')).transform")

    before = transform()
    page.page.mouse.move(300, 700)
    page.page.mouse.wheel(0, -400)
    zoomed = transform()
    assert zoomed != before
    page.page.mouse.move(40, 850)
    page.page.mouse.down()
    page.page.mouse.move(240, 800, steps=5)
    page.page.mouse.up()
    assert transform() != zoomed


@browser_needed
def test_a_phone_gets_the_outline_of_the_whole_map(browser, default_page_file, default_map):
    phone = Page(browser, default_page_file, width=390, height=800)
    try:
        assert not phone.page.locator("#stage").is_visible()
        assert phone.page.locator("#outline").is_visible()
        listed = set(phone.page.eval_on_selector_all("#outline li", "els => els.map(e => e.dataset.id)"))
        assert listed == set(default_map.card_ids())
    finally:
        phone.close()


@browser_needed
def test_hostile_text_stays_text_in_the_browser(browser, tmp_path, tricky_map):
    path = tmp_path / "evil.html"
    path.write_text(page_of(evil_map(tricky_map)), encoding="utf-8")
    evil = Page(browser, path)
    try:
        assert evil.page.title() == f"Tags & {SCRIPT}"
        text = evil.page.locator('.card[data-id="evil"] .text').text_content()
        assert text == EVIL
        assert evil.page.locator("img").count() == 0 and evil.problems == []
        assert evil.requests == [evil.page.url]
    finally:
        evil.close()


@browser_needed
@pytest.mark.skipif(not os.environ.get("ARGMAP_SCREENSHOTS"), reason="set ARGMAP_SCREENSHOTS=1 to retake")
def test_screenshot_for_the_readme(page):
    target = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "html-export.png"
    page.page.keyboard.press("/")
    page.page.keyboard.type("co-combatant")
    page.page.keyboard.press("Enter")
    page.page.keyboard.press("Enter")  # the evidence card, with its quote and source
    page.page.locator(".card.current").click()
    page.page.screenshot(path=str(target))
