"""Argument templates: every built-in loads and inserts as one exact, undoable edit; broken files are
reported with their line and column; users can add their own."""

from __future__ import annotations

import pytest

from argmap.analysis import evaluate
from argmap.format import dumps, loads
from argmap.model import ArgumentMap, Card, MapError
from argmap.templates import (
    TemplateError,
    builtin_folder,
    instantiate,
    list_templates,
    load_template,
    parse_template,
)

EXPECTED = {
    "disadvantage",
    "disadvantage-answers",
    "counterplan",
    "counterplan-answers",
    "kritik",
    "kritik-answers",
    "topicality",
    "topicality-answers",
    "case-advantage",
    "case-answers",
}


def plan_map() -> ArgumentMap:
    amap = ArgumentMap()
    amap.insert_card(Card("plan", "position", "for", text="The plan", speech="1AC"))
    return amap


def test_every_built_in_template_loads_without_problems():
    templates, problems = list_templates()
    assert problems == []
    assert {t.id for t in templates} == EXPECTED
    assert {t.answers for t in templates if t.answers} == {
        "disadvantage",
        "counterplan",
        "kritik",
        "topicality",
        "case-advantage",
    }


@pytest.mark.parametrize("template_id", sorted(EXPECTED))
def test_inserting_a_template_gives_a_valid_map_and_undoes_exactly(template_id):
    template = {t.id: t for t in list_templates()[0]}[template_id]
    amap = plan_map()
    before = amap.snapshot()
    edit = instantiate(template, amap, "plan", template.side, speech="1NC")
    inverse = amap.apply(edit)
    assert len(amap) == 1 + len(template.cards)
    result = loads(dumps(amap))
    assert [p for p in result.problems if p.severity == "error"] == []
    assert all(amap.card(c).tag and amap.card(c).text for c in amap.card_ids() if c != "plan")
    for top in template.top_cards():
        new_id = next(c for c in amap.card_ids() if c.startswith(top.key))
        assert amap.relation(new_id, "plan").type == template.attach
    amap.apply(inverse)
    assert amap.snapshot() == before


def test_inserting_twice_gives_fresh_readable_ids():
    template = load_template(builtin_folder() / "disadvantage.yaml")
    amap = plan_map()
    amap.apply(instantiate(template, amap, "plan", "against"))
    amap.apply(instantiate(template, amap, "plan", "against"))
    assert {"da", "da-2", "da-link", "da-link-2"} <= set(amap.card_ids())
    assert amap.card("da-2").side == "against"


def test_a_disadvantage_falls_when_its_link_is_answered():
    amap = plan_map()
    amap.apply(instantiate(load_template(builtin_folder() / "disadvantage.yaml"), amap, "plan", "against"))
    assert evaluate(amap).labels["plan"] == "out"
    answers = load_template(builtin_folder() / "disadvantage-answers.yaml")
    no_link = next(c for c in answers.cards if c.key == "no-link")
    single = type(answers)(answers.id, answers.name, "", "for", "rebuts", "", (no_link,), ())
    amap.apply(instantiate(single, amap, "da-link", "for"))
    labels = evaluate(amap).labels
    assert labels["da-link"] == "out" and labels["da"] == "out" and labels["plan"] == "in"


def test_inserting_without_a_parent_and_bad_arguments():
    template = load_template(builtin_folder() / "kritik.yaml")
    amap = plan_map()
    amap.apply(instantiate(template, amap, None, "against"))
    assert not amap.answered_by("k")
    with pytest.raises(MapError):
        instantiate(template, amap, "nowhere", "against")
    with pytest.raises(MapError):
        instantiate(template, amap, "plan", "neg")


BROKEN = """template: 1
id: my-da
name: My DA
side: against
attach: rebutz
cards:
  - id: da
    kind: evidence
    tag: DA
    text: x
  - id: da
    kind: argument
    tga: Link
    text: y
relations:
  - {from: da, to: nowhere, type: supports}
"""


def test_a_broken_template_reports_every_problem_with_its_place():
    with pytest.raises(TemplateError) as caught:
        parse_template(BROKEN, "my-da.yaml")
    found = {(p.line, p.column, p.message.split(";")[0]) for p in caught.value.problems}
    assert (5, 9, "'attach' is 'rebutz'") in found
    assert (8, 11, "'kind' is 'evidence'") in found
    assert (11, 9, "card id 'da' is used twice in this template") in found
    assert (13, 5, "unknown key 'tga'") in found
    assert any(p.message.startswith("'tag' is missing") and p.line == 11 for p in caught.value.problems)
    assert (16, 20, "no card 'nowhere' in this template") in found
    assert all(p.file == "my-da.yaml" for p in caught.value.problems)


def test_yaml_syntax_errors_in_a_template_are_located():
    with pytest.raises(TemplateError) as caught:
        parse_template("template: 1\nid: x\ncards: [\n", "bad.yaml")
    assert caught.value.problems[0].line >= 3 and "YAML syntax" in caught.value.problems[0].message


def test_user_templates_are_listed_and_broken_ones_reported(tmp_path):
    (tmp_path / "spending.yaml").write_text(
        "template: 1\nid: spending-da\nname: Spending DA\nside: against\nattach: rebuts\n"
        "cards:\n  - {id: spending, kind: argument, tag: Spending, text: '[The plan costs too much.]'}\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.yaml").write_text("template: 1\nid: b\n", encoding="utf-8")
    (tmp_path / "disadvantage.yaml").write_text(
        "template: 1\nid: disadvantage\nname: Our DA\nside: against\nattach: rebuts\n"
        "cards:\n  - {id: da, kind: argument, tag: DA, text: '[...]'}\n",
        encoding="utf-8",
    )
    templates, problems = list_templates(tmp_path)
    by_id = {t.id: t for t in templates}
    assert (
        "spending-da" in by_id and by_id["disadvantage"].name == "Our DA"
    )  # the user's replaces the built-in
    assert len(templates) == len(EXPECTED) + 1
    assert [(p.file.endswith("broken.yaml"), p.severity) for p in problems] == [(True, "error")] * len(
        problems
    )
    assert any("'name' is missing" in p.message for p in problems)
