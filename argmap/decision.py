"""A judge's decision, Qt-free: what stands on each sheet at the end of the round, and why, in words.

The flow (:func:`argmap.flow.flow_round`) says what each side dropped; a dropped argument is
*conceded*: the judge evaluates the map (grounded semantics, docs/evaluation.md) supposing every drop
conceded, so an answer that came only after the speech that dropped it does not count. Then, per
sheet: whether the sheet's first card stands, what it falls to, the conceded drops, and the answers
left standing. The bottom line follows the stock rule of policy judging: the negative wins when the
affirmative's case falls, a negative position against it stands, or (in policy) an off-case position
stands; the affirmative wins when its case stands and every position against it falls; otherwise the
flow alone does not decide (two cases that both stand must be weighed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import Evaluation, evaluate
from .flow import Preset, flow_round
from .model import ArgumentMap

VERDICT = {"in": "stands", "out": "falls", "undec": "is undecided"}


def side_words(flow_preset: Preset) -> dict[str, str]:
    """What a format calls its sides: affirmative and negative, or pro and con in Public Forum."""
    if flow_preset.key.startswith("pf"):
        return {"for": "pro", "against": "con"}
    return {"for": "affirmative", "against": "negative"}


@dataclass
class SheetDecision:
    title: str
    side: str
    root: str
    label: str  # the evaluation's label of the sheet's first card: in, out, undec
    reasons: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return VERDICT[self.label]


@dataclass
class Decision:
    """The reason for decision: a bottom line and one entry per sheet."""

    title: str
    preset: Preset
    over: bool
    through: str  # the last speech that has passed, or "" when none has
    winner: str | None  # "for", "against", or None when the flow does not decide
    bottom_line: str
    sheets: list[SheetDecision]
    evaluation: Evaluation

    def text(self) -> str:
        """The reason for decision as plain text, ready to read out or paste into a ballot."""
        when = "the round is over" if self.over else f"through the {self.through}" if self.through else ""
        lines = [
            f"Reason for decision: {self.title}",
            f"{self.preset.title} flow" + (f"; {when}" if when else ""),
        ]
        lines += ["", f"Decision: {self.bottom_line}", ""]
        words = side_words(self.preset)
        for i, sheet in enumerate(self.sheets, start=1):
            lines.append(f"{i}. {sheet.title} ({words[sheet.side]}) {sheet.verdict}.")
            lines += [f"   - {r}" for r in sheet.reasons]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def _quote(amap: ArgumentMap, card_id: str, limit: int = 80) -> str:
    words = " ".join((amap.card(card_id).headline or card_id).split())
    return "\u201c" + (words if len(words) <= limit else words[: limit - 1] + "\u2026") + "\u201d"


def decide(amap: ArgumentMap, flow_preset: Preset, now: int | str | None = None) -> Decision:
    """Judge the round on the flow as of the speech ``now`` (None: the round is over)."""
    flow = flow_round(amap, flow_preset, now)
    if not flow.over:  # mid-round: judge only what has been said in the speeches that have passed
        spoken = amap.copy()
        for card_id, cell in flow.whole.cells.items():
            if cell.column >= flow.now:
                spoken.graph.remove_node(card_id)
        amap = spoken
        flow = flow_round(amap, flow_preset, flow.now)
    conceded = {d.card_id: "conceded" for d in flow.drops}
    evaluation = evaluate(amap, "grounded", conceded)
    labels = evaluation.labels
    words = side_words(flow_preset)
    columns = flow_preset.columns

    def who(card_id: str) -> str:
        card = amap.card(card_id)
        cell = flow.whole.cells.get(card_id)
        speech = columns[cell.column].name if cell else card.speech
        return f"{words[card.side]}, {speech}"

    sheets = []
    for index, sheet in enumerate(flow.sheets):
        root = sheet.root or ""
        entry = SheetDecision(sheet.title, sheet.side or "for", root, labels[root])
        if labels[root] == "out":
            for attacker, rebutted in evaluation.defeaters(root):
                if attacker in amap:
                    through = (
                        "" if rebutted == root else f" (through {_quote(amap, rebutted)}, which it rests on)"
                    )
                    entry.reasons.append(f"It falls to {_quote(amap, attacker)} ({who(attacker)}){through}.")
        elif labels[root] == "in" and root not in conceded:  # a conceded one says so below
            rebutted_by = [x for x in amap.answers_to(root) if amap.relation(x, root).type == "rebuts"]
            if rebutted_by:
                entry.reasons.append("Every answer to it was answered in turn.")
            else:
                entry.reasons.append("Nothing on the flow answers it.")
        else:
            entry.reasons.append("It and what answers it defeat each other; the flow leaves the clash open.")
        for drop in sheet.drops:
            late = [
                x
                for x in amap.answers_to(drop.card_id)
                if amap.relation(x, drop.card_id).type == "rebuts"
                and flow.whole.cells[x].column > drop.missed_in
            ]
            line = (
                f"Conceded: {_quote(amap, drop.card_id)} ({who(drop.card_id)}) was dropped in the "
                f"{columns[drop.missed_in].name}"
            )
            if drop.made_in != flow.whole.cells[drop.card_id].column:
                line += f" after its extension in the {columns[drop.made_in].name}"
            if late:
                line += f"; the answer in the {columns[flow.whole.cells[late[0]].column].name} came too late"
            if drop.extended:
                line += "; its side extended it"
            entry.reasons.append(line + ".")
        for card_id in sheet.cells:
            if card_id == root or labels[card_id] != "in":
                continue
            for target in amap.answered_by(card_id):
                if amap.relation(card_id, target).type == "rebuts" and flow.sheet_of.get(target) == index:
                    entry.reasons.append(
                        f"Standing: {_quote(amap, card_id)} ({who(card_id)}) answers {_quote(amap, target)}"
                        + (", which falls." if labels[target] == "out" else ".")
                    )
        sheets.append(entry)

    winner, bottom = _bottom_line(amap, sheets, words, flow_preset.key == "policy")
    through = columns[flow.now - 1].name if 0 < flow.now <= len(columns) else ""
    return Decision(amap.info.title, flow_preset, flow.over, through, winner, bottom, sheets, evaluation)


def _bottom_line(amap, sheets, words, policy: bool) -> tuple[str | None, str]:
    aff = [s for s in sheets if s.side == "for"]
    neg = [s for s in sheets if s.side == "against"]
    if not aff:
        return None, f"the flow has no {words['for']} position to weigh."
    fallen = [s for s in aff if s.label == "out"]
    if fallen:
        return "against", (
            f"the {words['against']}: the {words['for']}'s {_quote(amap, fallen[0].root)} falls."
        )
    standing = [s for s in neg if s.label == "in"]
    against_case = [
        s
        for s in standing
        if any(
            amap.card(t).side == "for" and amap.relation(s.root, t).type == "rebuts"
            for t in amap.answered_by(s.root)
        )
    ]
    if against_case:
        return "against", (
            f"the {words['against']}: {_quote(amap, against_case[0].root)} stands against the {words['for']}."
        )
    if standing and policy:  # off-case that stands is a reason to reject the plan (T, a DA, a CP, a K)
        return "against", (
            f"the {words['against']}: the off-case {_quote(amap, standing[0].root)} stands, a reason "
            "to reject the plan."
        )
    if standing:
        return None, (
            f"the flow alone does not decide the round: both sides' positions stand "
            f"({_quote(amap, aff[0].root)} and {_quote(amap, standing[0].root)}); weigh them."
        )
    if all(s.label == "in" for s in aff):
        return "for", (
            f"the {words['for']}: {_quote(amap, aff[0].root)} stands and every position against it falls."
        )
    return None, "the flow alone does not decide the round: the main clash is left undecided."
