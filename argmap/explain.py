"""Why a card stands or falls, in a debater's words: the sentence the evaluation overlay shows.

Qt-free: it reads an :class:`~argmap.analysis.Evaluation` of the map and names cards by their tags.
A rejected card names the rebuttal that defeats it (directly, or the card it rests on) and why that
rebuttal stands; an accepted card says that nothing rebuts it or that every rebuttal of it falls, and
why; an undecided card names the rebuttals that are themselves undecided (rebuttals in a circle).
"""

from __future__ import annotations

from .analysis import Evaluation
from .authoring import headline_words
from .model import ArgumentMap

_REFUTER = "refuted:"


def _name(amap: ArgumentMap, card_id: str) -> str:
    return headline_words(amap.card(card_id), 50) if card_id in amap else card_id


def _why_it_stands(amap: ArgumentMap, ev: Evaluation, card_id: str) -> str:
    """A short reason an accepted card stands (one level down, so the sentence stays readable)."""
    if ev.assumptions.get(card_id) == "conceded":
        return "it is supposed conceded"
    attackers = [a for a in ev.framework.attackers.get(card_id, ()) if a in ev.labels]
    if not attackers:
        return "nothing rebuts it"
    if len(attackers) == 1:
        return f"its one rebuttal, {_name(amap, attackers[0])}, falls"
    return f"all {len(attackers)} rebuttals of it fall"


def explain(amap: ArgumentMap, ev: Evaluation, card_id: str) -> str:
    """One or two sentences saying why ``card_id`` is accepted, rejected or undecided."""
    this = _name(amap, card_id)
    label = ev.labels.get(card_id)
    if label == "in":
        return f"{this} stands: {_why_it_stands(amap, ev, card_id)}."
    if label == "out":
        reasons = ev.defeaters(card_id)
        if not reasons:
            return f"{this} falls."
        attacker, target = reasons[0]
        if attacker.startswith(_REFUTER):
            if target == card_id:
                return f"{this} falls: it is supposed refuted (what-if)."
            return f"{this} falls: it rests on {_name(amap, target)}, which is supposed refuted (what-if)."
        rebuttal = _name(amap, attacker)
        why = _why_it_stands(amap, ev, attacker)
        more = (
            f" ({len(reasons) - 1} other standing rebuttal{'s' if len(reasons) > 2 else ''} too)"
            if len(reasons) > 1
            else ""
        )
        if target == card_id:
            return f"{this} falls: {rebuttal} rebuts it and stands, because {why}{more}."
        return (
            f"{this} falls: it rests on {_name(amap, target)}, which {rebuttal} rebuts; "
            f"that rebuttal stands, because {why}{more}."
        )
    if label == "undec":
        open_ = [a for a in sorted(ev.framework.attackers.get(card_id, ())) if ev.labels.get(a) == "undec"]
        if open_:
            names = ", ".join(_name(amap, a) for a in open_[:2])
            return (
                f"{this} is undecided: {names} rebut{'s' if len(open_) == 1 else ''} it, and "
                f"{'that rebuttal is' if len(open_) == 1 else 'those rebuttals are'} undecided too "
                "(rebuttals answering each other in a circle)."
            )
        return f"{this} is undecided: it rests on a card that is undecided."
    return f"{this} is not evaluated."


__all__ = ["explain"]
