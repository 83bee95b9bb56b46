"""The judge's decision in words, and the flow on paper (Markdown, Excel), every answer on its row."""

from __future__ import annotations

from pathlib import Path

from argmap.cli import main
from argmap.decision import decide
from argmap.flow import POLICY, flow_round
from argmap.flow_export import to_markdown, write_xlsx
from argmap.format import load

from .test_flow import round_map

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "maps" / "ukraine-resistance.yaml"


def test_the_decision_names_what_stands_per_sheet_and_why():
    decision = decide(round_map(), POLICY)
    assert [(s.root, s.verdict) for s in decision.sheets] == [
        ("plan", "falls"),
        ("da", "stands"),
        ("t", "stands"),  # the 1AR dropped the block's answer to the perm: conceded, so T stands
    ]
    text = decision.text()
    assert "Decision: the negative" in text
    assert "It falls to \u201cda\u201d (negative, 1NC)" in text
    # the 1AR never answered t-ext: conceded, so the perm it answers falls
    assert "Conceded: \u201ct-ext\u201d (negative, 2NC/1NR) was dropped in the 1AR." in text
    assert "Conceded: \u201cda-2nr\u201d (negative, 2NR) was dropped in the 2AR." in text
    assert (
        "Standing: \u201cda-2nr\u201d (negative, 2NR) answers \u201cno-link-ans\u201d, which falls." in text
    )


def test_a_late_answer_to_a_drop_does_not_count():
    from .maps import build

    amap = build(
        "plan:f t:a perm:f late:a",
        "t>plan perm>t late>perm",
        speeches={"plan": "1AC", "t": "1NC", "perm": "2AC", "late": "2NR"},
        kinds={"plan": "position", "t": "position"},
    )
    decision = decide(amap, POLICY)
    text = decision.text()
    assert (
        "Conceded: \u201cperm\u201d (affirmative, 2AC) was dropped in the 2NC/1NR; "
        "the answer in the 2NR came too late." in text
    )
    assert decision.winner == "for"


def test_mid_round_the_decision_weighs_only_what_has_been_said():
    decision = decide(round_map(), POLICY, 2)  # the 2AC is in progress: only the 1AC and the 1NC count
    assert "through the 1NC" in decision.text()
    assert decision.winner == "against"
    assert all(c not in decision.evaluation.labels for c in ("no-link", "perm", "da-2nr"))


def rows_of_markdown(text: str) -> dict[str, list[list[str]]]:
    sheets: dict[str, list[list[str]]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## Sheet"):
            current = sheets.setdefault(line, [])
        elif current is not None and line.startswith("| ") and not line.startswith("| 1AC"):
            current.append([c.strip() for c in line.strip("|").split(" | ")])
    return sheets


def test_the_markdown_flow_keeps_every_answer_on_the_row_of_what_it_answers():
    amap = load(SHIPPED).map
    flow = flow_round(amap, POLICY)
    sheets = rows_of_markdown(to_markdown(amap, flow))
    assert len(sheets) == len(flow.sheets) == 3
    for rows, sheet in zip(sheets.values(), flow.sheets, strict=True):
        for card_id, cell in sheet.cells.items():
            words = " ".join(amap.card(card_id).headline.split())
            assert words in rows[cell.row][cell.column], (card_id, rows[cell.row])
            if cell.across_from in sheet.cells and sheet.cells[cell.across_from].column != cell.column:
                assert cell.row >= sheet.cells[cell.across_from].row


def test_the_workbook_has_a_worksheet_per_sheet_and_each_answer_on_its_row(tmp_path):
    from openpyxl import load_workbook

    amap = load(SHIPPED).map
    flow = flow_round(amap, POLICY)
    path = tmp_path / "flow.xlsx"
    write_xlsx(amap, flow, path)
    book = load_workbook(path)
    assert len(book.worksheets) == 4 and book.worksheets[-1]["A1"].value.startswith("Reason for decision")
    for ws, sheet in zip(book.worksheets, flow.sheets, strict=False):
        assert [c.value for c in ws[1]] == [c.name for c in POLICY.columns]
        for card_id, cell in sheet.cells.items():
            value = ws.cell(row=cell.row + 2, column=cell.column + 1).value
            assert " ".join(amap.card(card_id).headline.split()) in value
            if cell.across_from in sheet.cells:
                parent = sheet.cells[cell.across_from]
                if parent.column != cell.column and cell.number <= 1:
                    assert cell.row == parent.row, card_id  # the first answer is level with what it answers


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path):
    from openpyxl import load_workbook

    from .maps import build

    amap = build("plan:f", "")
    from argmap.edits import UpdateCard
    from argmap.model import with_fields

    amap.apply(UpdateCard(with_fields(amap.card("plan"), text='=HYPERLINK("http://x","y")')))
    path = tmp_path / "f.xlsx"
    write_xlsx(amap, flow_round(amap, POLICY), path)
    cell = load_workbook(path).worksheets[0]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_the_command_line_writes_md_xlsx_and_decides(tmp_path, capsys):
    for name in ("flow.md", "flow.xlsx"):
        assert main(["flow", str(SHIPPED), "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 0
    assert main(["flow", str(SHIPPED), "-o", str(tmp_path / "flow.txt")]) == 2
    assert main(["decide", str(SHIPPED), "--through", "3NR"]) == 2
    capsys.readouterr()
    assert main(["decide", str(SHIPPED), "-o", str(tmp_path / "rfd.txt")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Reason for decision:") and (tmp_path / "rfd.txt").read_text() == out
    assert "Traceback" not in capsys.readouterr().err
