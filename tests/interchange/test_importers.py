"""Each importer on a realistic sample: cards, kinds, sides, relations, notes and a valid map."""

from __future__ import annotations

import pytest

from argmap.format import dumps, loads
from argmap.interchange import FORMATS, argdown
from argmap.interchange.base import ID_PATTERN

from .helpers import SAMPLES

SAMPLE_FORMATS = [
    ("resistance.argdown", "argdown"),
    ("aifdb.json", "aif"),
    ("ova-save.json", "aif"),
    ("yed.graphml", "graphml"),
    ("resistance-kialo.txt", "kialo"),
    ("verbatim-resistance.docx", "verbatim"),
]


def read(sample: str, fmt: str):
    result = FORMATS[fmt].read(SAMPLES / sample)
    assert result.map is not None and not result.has_errors, result.problems
    return result


def relations(amap) -> set[tuple[str, str, str]]:
    return {(r.source, r.target, r.type) for r in amap.relations()}


@pytest.mark.parametrize("sample,fmt", SAMPLE_FORMATS)
def test_every_sample_imports_as_a_valid_map_with_readable_ids(sample, fmt):
    amap = read(sample, fmt).map
    assert len(amap) >= 4
    assert all(
        ID_PATTERN.match(c.id) and not c.id.startswith(("n0", "node-", "untitled")) for c in amap.cards()
    )
    assert not loads(dumps(amap), "imported.yaml").has_errors


def test_argdown_sample_reads_statements_arguments_relations_and_pcs():
    result = read("resistance.argdown", "argdown")
    amap = result.map
    assert amap.info.title == "Should the U.S. back a Ukrainian resistance movement?"
    fund = amap.card("fund-the-resistance")
    assert (fund.kind, fund.side, fund.tag) == ("position", "for", "Fund the resistance")
    assert fund.text == "The U.S. should fund, train and arm a long-term Ukrainian resistance movement."
    assert amap.card("co-combatant").side == "against"  # from the #against tag
    assert amap.card("co-combatant").kind == "rebuttal"  # inferred: it attacks
    assert amap.card("not-a-party").side == "for"  # inferred: it rebuts an 'against' card
    assert {
        ("ukraine-asked", "fund-the-resistance", "supports"),
        ("legal-structure", "fund-the-resistance", "supports"),
        ("co-combatant", "fund-the-resistance", "rebuts"),
        ("law-in-force", "legal-structure", "supports"),  # '<+' under the argument
        ("not-a-party", "co-combatant", "rebuts"),
        ("letter-unconfirmed", "ukraine-asked", "rebuts"),  # an undercut
        ("escalation", "stay-within-defensive-aid", "supports"),  # the PCS's conclusion
        ("stay-within-defensive-aid", "fund-the-resistance", "rebuts"),  # '->' under a PCS statement
    } <= relations(amap)
    premises = [c for c in amap.cards() if c.text.startswith(("Arming partisans", "Escalation with"))]
    assert len(premises) == 2 and all(amap.has_relation(p.id, "escalation") for p in premises)
    assert any("undercut" in n for n in result.notes) and any("premise" in n for n in result.notes)
    assert any("kinds inferred" in n for n in result.notes)


def test_aifdb_sample_reads_ra_and_ca_and_drops_dialogue_nodes():
    result = read("aifdb.json", "aif")
    amap = result.map
    by_text = {c.text: c for c in amap.cards()}
    assert len(amap) == 5  # the five I-nodes; the L-node is dialogue
    thesis = by_text["The U.S. should fund a long-term Ukrainian resistance movement"]
    asked = by_text["Ukraine's national security chief asked the U.S. for funding, training and weaponry"]
    combatant = by_text["Arming irregular forces could make the U.S. a co-combatant"]
    party = by_text["Supplying weapons does not make a state a party to the conflict"]
    assert (thesis.kind, thesis.side) == ("position", "for")
    assert (combatant.kind, combatant.side) == ("rebuttal", "against")
    assert (party.kind, party.side) == ("rebuttal", "for")
    assert relations(amap) >= {
        (asked.id, thesis.id, "supports"),
        (combatant.id, thesis.id, "rebuts"),
        (party.id, combatant.id, "rebuts"),
    }
    assert any("3 dialogue nodes" in n for n in result.notes)


def test_ova_save_imports_with_its_layout():
    result = read("ova-save.json", "aif")
    amap = result.map
    by_text = {c.text: c.id for c in amap.cards()}
    assert amap.layout.positions[by_text["The U.S. should fund a long-term resistance movement"]] == (420, 40)
    assert amap.layout.positions[
        by_text["Russia has already escalated regardless of what the West supplies"]
    ] == (180, 700)
    assert len(amap.layout.positions) == 4
    assert sum(1 for _ in amap.relations()) == 3
    assert any("layout taken from OVA" in n for n in result.notes)


def test_yed_graphml_uses_labels_and_edge_labels():
    result = read("yed.graphml", "graphml")
    amap = result.map
    by_text = {c.text: c for c in amap.cards()}
    thesis = by_text["The U.S. should arm Ukraine's resistance"]
    risk = by_text["Co-combatant risk"]
    assert thesis.kind == "position" and risk.side == "against"
    assert (risk.id, thesis.id, "rebuts") in relations(amap)  # edge label "attack"
    assert (by_text["Arms supply is not co-belligerence"].id, risk.id, "rebuts") in relations(amap)  # "con"
    assert amap.layout.positions[thesis.id] == (300, 20)


def test_kialo_sample_reads_pro_con_tree_and_see_links():
    result = read("resistance-kialo.txt", "kialo")
    amap = result.map
    assert amap.info.title == "Should the U.S. fund a Ukrainian resistance movement?"
    by_start = {c.text.split()[0] + " " + c.text.split()[1]: c for c in amap.cards()}
    thesis, asked = by_start["The U.S."], by_start["Ukraine itself"]
    unconfirmed, reliable = by_start["Nobody has"], by_start["Axios obtained"]
    combatant, escalation = by_start["Arming irregular"], by_start["Escalation with"]
    assert (thesis.kind, thesis.side) == ("position", "for")
    assert (asked.kind, asked.side) == ("argument", "for")
    assert (unconfirmed.kind, unconfirmed.side) == ("rebuttal", "against")  # Con flips the side
    assert (reliable.kind, reliable.side) == ("rebuttal", "for")  # Con of a Con
    assert (escalation.kind, escalation.side) == ("argument", "against")  # Pro keeps its parent's side
    assert {
        (asked.id, thesis.id, "supports"),
        (unconfirmed.id, asked.id, "rebuts"),
        (reliable.id, unconfirmed.id, "rebuts"),
        (escalation.id, combatant.id, "supports"),
        (escalation.id, thesis.id, "rebuts"),
    } <= relations(amap)  # the last from "-> See 1.3.2."
    law = by_start["Ukraine's Law"]
    assert law.text.endswith("so U.S. support would go to a lawful structure.")  # a two-paragraph claim
    assert len(amap) == 8
    assert any("inferred" in n for n in result.notes)


def test_verbatim_file_gives_evidence_cards_grouped_under_blocks():
    result = read("verbatim-resistance.docx", "verbatim")
    amap = result.map
    evidence = [c for c in amap.cards() if c.kind == "evidence"]
    assert len(evidence) == 4
    danilov = amap.card("ukraine-s-danilov-letter-asks-for-funds")  # tagged with the "Tag" style
    assert danilov.quote.startswith("The letter was dated March 6")
    assert "to allocate additional funds" in danilov.quote
    assert (
        danilov.cite.source == "axios-22" and danilov.cite.by == "Axios staff" and danilov.cite.at == "p. 2"
    )
    assert danilov.side == "for" and danilov.speech == "1AC"
    assert set(amap.sources) == {"axios-22"}
    source = amap.sources["axios-22"]
    assert source.title == "Ukraine asks U.S. to support a resistance movement"
    assert source.date == "2022-03-18" and source.url.startswith("https://www.axios.com/")
    block = amap.card("ukraine-formally-asked-for-resistance")
    assert block.kind == "argument" and amap.has_relation(danilov.id, block.id)
    answer = amap.card("a2-ukraine-asked")
    assert (answer.kind, answer.side, answer.speech) == ("rebuttal", "against", "1NC")
    receipt = amap.card("the-letter-s-receipt-was-never-confirmed")
    assert receipt.side == "against" and amap.has_relation(receipt.id, answer.id)
    analytic = amap.card("the-request-is-not-a-plan-it-is-the")
    assert analytic.kind == "argument" and not analytic.quote
    assert [p.line for p in result.problems] == [21]  # the cite with no card text, by paragraph number
    assert "paragraph 21" in result.problems[0].message


# ---------------------------------------------------------------------------------------------
# Argdown as the real parser reads it (defects seen on real files, issue #14)
# ---------------------------------------------------------------------------------------------


def _cards_by_headline(result):
    assert result.map is not None, [str(p) for p in result.problems]
    return {c.headline: c for c in result.map.cards()}


def _relations(result):
    cards = {c.id: c.headline for c in result.map.cards()}
    return sorted((cards[r.source], cards[r.target], r.type) for r in result.map.relations())


def test_argdown_reconstruction_belongs_to_the_argument_above_it_not_the_last_one_made():
    text = (
        "<A>: desc of a\n  + [x]: x text\n\n(1) [P1]: first\n----\n(2) [C]: concl\n\n"
        "<B>: desc b\n\n[S]: s\n  - <B>\n\n(1) [Q]: q premise\n-- rule --\n(2) [D]: d concl\n"
    )
    result = argdown.loads(text)
    relations = _relations(result)
    assert ("P1", "A", "supports") in relations and ("A", "C", "supports") in relations
    assert ("Q", "B", "supports") not in relations  # [S] stands above it, not <B>
    untitled = _cards_by_headline(result)["Argument for: d concl"]
    assert ("Q", untitled.headline, "supports") in relations
    assert "Inference: rule" in untitled.notes
    assert any("no argument title above them" in n for n in result.notes)


def test_argdown_untitled_statement_with_relations_is_a_card_and_prose_is_counted():
    result = argdown.loads(
        "Plain claim no title\n  + [Sup]: support it\n  - another untitled child\n\nJust prose here.\n"
    )
    assert _relations(result) == [
        ("Sup", "Plain claim no title", "supports"),
        ("another untitled child", "Plain claim no title", "rebuts"),
    ]
    assert any("1 paragraph(s) of plain text" in n for n in result.notes)


def test_argdown_comments_over_lines_and_inside_relation_lists_are_not_there():
    result = argdown.loads(
        "<!--\nmulti\nline\n-->\n[T]: t\n  <!-- c -->\n  + [U]: u\n  // one-line\n  - [V]: v /* x\n  y */\n"
        "  + [W]: w\n"
    )
    assert not result.problems
    assert _relations(result) == [("U", "T", "supports"), ("V", "T", "rebuts"), ("W", "T", "supports")]


def test_argdown_inference_rule_between_dashes_is_not_glued_to_the_premise():
    result = argdown.loads("<Arg>\n\n(1) [P]: premise\n--\nModus ponens {uses: 1}\n--\n(2) [C]: conclusion\n")
    cards = _cards_by_headline(result)
    assert cards["P"].text == "premise"
    assert "Inference: Modus ponens" in cards["Arg"].notes and '"uses": 1' in cards["Arg"].notes


def test_argdown_tags_and_data_are_kept_in_notes_and_said_so():
    result = argdown.loads("[A]: a claim #budget #(hard choice) {weight: 0.8}\n  + [B]: b #position\n")
    cards = _cards_by_headline(result)
    assert "Argdown tags: #budget #(hard choice)" in cards["A"].notes
    assert 'Argdown data: {"weight": 0.8}' in cards["A"].notes
    assert cards["B"].kind == "position" and "Argdown tags" not in cards["B"].notes
    assert any("kept Argdown tags, data" in n for n in result.notes)


def test_argdown_statement_used_in_two_arguments_is_one_card():
    result = argdown.loads(
        "<A>\n\n(1) [Shared]: shared premise\n----\n(2) [C1]: one\n\n"
        "<B>\n\n(1) [Shared]\n(2) [Other]: other\n----\n(3) [C2]: two\n"
    )
    cards = [c for c in result.map.cards() if c.tag == "Shared"]
    assert len(cards) == 1
    assert ("Shared", "A", "supports") in _relations(result) and ("Shared", "B", "supports") in _relations(
        result
    )


def test_argdown_bad_front_matter_or_data_warns_with_a_location_and_imports_the_rest():
    result = argdown.loads(
        "===\ntitle: x\na: &a [1, 1]\nb: [*a, *a]\n===\n\n[A]: a {x: &y [1], z: *y}\n  + [B]: b\n"
    )
    assert result.map is not None and len(result.map) == 2
    assert [(p.line, p.severity) for p in result.problems] == [(3, "warning"), (7, "warning")]
    assert "aliases" in result.problems[0].message


def test_argdown_non_finite_and_huge_positions_are_dropped_not_raised():
    result = argdown.loads(
        "[A]: a {x: .nan, y: 1e400}\n  + [B]: b {x: 99999999999999999999999999999999999999, y: 2}\n"
    )
    assert result.map is not None and not result.map.layout.positions
    assert all("unusable position" in p.message for p in result.problems)


def test_argdown_many_continuation_lines_join_in_one_pass():
    text = "[A]: start\n" + "more words\n" * 20000 + "  + [B]: b\n"
    result = argdown.loads(text)
    assert result.map is not None and len(result.map.card("a").text) > 200000


def test_kialo_newer_export_with_markers_on_their_own_lines_and_footnotes():
    result = read("resistance-kialo-new.txt", "kialo")
    amap = result.map
    assert amap.info.title == "Should the U.S. fund a Ukrainian resistance movement?"
    cards = {c.text: c for c in amap.cards()}
    asked = cards["Ukraine itself asked for it in a March 6 letter (reported by Axios)."]  # escapes undone
    assert (asked.kind, asked.side) == ("argument", "for")
    assert "[1] Axios, 2022-03-18 https://www.axios.com/" in asked.notes
    combatant = cards["Arming irregular forces could make the U.S. a co-combatant."]
    assert (combatant.kind, combatant.side) == ("rebuttal", "against")
    assert "[2] A note without an address." in combatant.notes
    assert sorted(s.url for s in amap.sources.values()) == [
        "https://www.axios.com/2022/03/18/ukraine-resistance-letter",
        "https://www.icrc.org/en/law-and-policy",
    ]
    escalation = cards["Escalation with a nuclear power must be avoided."]
    assert {amap.relation(escalation.id, t).type for t in amap.answered_by(escalation.id)} == {"supports"}
    assert len(list(amap.answered_by(escalation.id))) == 2  # its own parent and the "-> See" link
    assert any("footnotes" in n for n in result.notes)


# ---------------------------------------------------------------------------------------------
# GraphML from other tools (defects seen on real files, issue #14)
# ---------------------------------------------------------------------------------------------

YED_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:y="http://www.yworks.com/xml/graphml">\n'
)


def _yed_node(node_id, *labels, x="0", y="0", shape="ShapeNode"):
    body = "".join(f"<y:NodeLabel>{label}</y:NodeLabel>" for label in labels)
    return (
        f'<node id="{node_id}"><data key="g"><y:{shape}><y:Geometry x="{x}" y="{y}" width="9" height="9"/>'
        f"{body}</y:{shape}></data></node>\n"
    )


def _yed_edge(source, target, colour="#000000", label="", arrow="standard"):
    return (
        f'<edge source="{source}" target="{target}"><data key="e"><y:PolyLineEdge>'
        f'<y:LineStyle color="{colour}" type="line"/><y:Arrows source="none" target="{arrow}"/>'
        + (f"<y:EdgeLabel>{label}</y:EdgeLabel>" if label else "")
        + "</y:PolyLineEdge></data></edge>\n"
    )


def test_graphml_yed_html_labels_groups_notes_and_edge_colours():
    text = (
        YED_HEAD
        + '<graph id="G" edgedefault="directed">\n'
        + '<key id="g" for="node" yfiles.type="nodegraphics"/>'
        + '<key id="e" for="edge" yfiles.type="edgegraphics"/>\n'
        + _yed_node(
            "a",
            "&lt;html&gt;&lt;b&gt;Thesis&lt;/b&gt;&lt;/html&gt;",
            "&lt;html&gt;We should &lt;br/&gt;act.&lt;/html&gt;",
            x="10",
            y="20",
        )
        + '<node id="grp" yfiles.foldertype="group"><data key="g"><y:ProxyAutoBoundsNode>'
        + '<y:Realizers active="0"><y:GroupNode><y:NodeLabel>Economy</y:NodeLabel></y:GroupNode>'
        + "</y:Realizers></y:ProxyAutoBoundsNode></data>\n"
        + '<graph id="grp:" edgedefault="directed">'
        + _yed_node("b", "Costs too much", x="30", y="90")
        + _yed_node("c", "Creates jobs", x="60", y="90")
        + "</graph></node>\n"
        + _yed_node("n", "Check the 2023 figures", shape="UMLNoteNode")
        + _yed_node("w", "   ", x="5", y="5")
        + _yed_edge("b", "a", colour="#FF0000")
        + _yed_edge("c", "a", colour="#00ff00")
        + _yed_edge("w", "a", arrow="t_shape")
        + _yed_edge("n", "b")
        + "</graph></graphml>\n"
    )
    result = FORMATS["graphml"].read(_write(text, "drawing.graphml"))
    amap = result.map
    by_text = {c.text: c for c in amap.cards()}
    thesis = by_text["We should act."]
    assert thesis.tag == "Thesis" and amap.layout.positions[thesis.id] == (10, 20)
    costs, jobs = by_text["Costs too much"], by_text["Creates jobs"]
    assert amap.relation(costs.id, thesis.id).type == "rebuts"  # red
    assert amap.relation(jobs.id, thesis.id).type == "supports"  # green
    assert "Group: Economy" in costs.notes and "Check the 2023 figures" in costs.notes
    blank = by_text["w"]  # a whitespace label is no label: named by its id, and said so
    assert amap.relation(blank.id, thesis.id).type == "rebuts"  # tee arrow
    assert len(amap) == 4  # neither the group nor the note is a card
    assert any(p.severity == "warning" and "no label" in p.message for p in result.problems)
    notes = " ".join(result.notes)
    assert "group" in notes and "note node" in notes and "colour" in notes


def _write(text, name):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_graphml_plain_without_yed_keys_inside_graph_and_desc():
    text = (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n<graph id="G" edgedefault="directed">\n'
        "<desc>Tuition debate</desc>\n"
        '<key id="l" for="node" attr.name="label" attr.type="string"/>\n'
        '<key id="r" for="edge" attr.name="relation" attr.type="string"><default>support</default></key>\n'
        '<node id="1"><data key="l">Free tuition</data></node>\n'
        '<node id="2"><desc>Costs rise for everyone</desc></node>\n'
        '<node id="3"><data key="l">Access widens</data></node>\n'
        '<edge source="2" target="1"><data key="r">attack</data></edge>\n'
        '<edge source="3" target="1"/>\n'
        "</graph></graphml>\n"
    )
    result = FORMATS["graphml"].read(_write(text, "plain.graphml"))
    amap = result.map
    assert amap.info.description == "Tuition debate"
    by_text = {c.text: c.id for c in amap.cards()}
    assert amap.relation(by_text["Costs rise for everyone"], by_text["Free tuition"]).type == "rebuts"
    assert amap.relation(by_text["Access widens"], by_text["Free tuition"]).type == "supports"  # the default


def test_graphml_networkx_output_imports():
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_node("a", label="Ban it", x=1.0, y=float("nan"))
    graph.add_node("b", label="It works", x=3.0, y=4.0)
    graph.add_edge("b", "a", type="support")
    path = _write("", "nx.graphml")
    nx.write_graphml(graph, path)
    result = FORMATS["graphml"].read(path)
    amap = result.map
    assert sorted(c.text for c in amap.cards()) == ["Ban it", "It works"]
    assert [r.type for r in amap.relations()] == ["supports"]
    assert len(amap.layout.positions) == 1  # NaN is no position: dropped, with a warning
    assert any("unusable position" in p.message for p in result.problems)


def test_graphml_long_chain_infers_sides_in_one_pass():
    nodes = "".join(f'<node id="n{i}"><data key="l">claim {i}</data></node>' for i in range(3000))
    edges = "".join(
        f'<edge source="n{i + 1}" target="n{i}"><data key="t">attack</data></edge>' for i in range(2999)
    )
    text = (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="l" for="node" attr.name="label"/>'
        '<key id="t" for="edge" attr.name="type"/><graph edgedefault="directed">'
        + nodes
        + edges
        + "</graph></graphml>"
    )
    amap = FORMATS["graphml"].read(_write(text, "chain.graphml")).map
    sides = [amap.card(f"claim-{i}").side for i in (0, 1, 2, 2999)]
    assert sides == ["for", "against", "for", "against"]


# ---------------------------------------------------------------------------------------------
# AIF from other tools, and what hostile AIF may hold (issues #14, #18)
# ---------------------------------------------------------------------------------------------


def _aif(text):
    return FORMATS["aif"].read(_write(text, "x.json"))


AIF_PAIR = (
    '"nodes": [{"nodeID": 1, "text": "Tax carbon", "type": "I"},'
    ' {"nodeID": 2, "text": "It works", "type": "I"},'
    ' {"nodeID": 3, "text": "Default Inference", "type": "RA"},'
    ' {"nodeID": 4, "text": "Asserting", "type": "YA"},'
    ' {"nodeID": 5, "text": "Bob: it works", "type": "L"}],'
    ' "edges": [{"fromID": 2, "toID": 3}, {"fromID": 3, "toID": 1}, {"fromID": 5, "toID": 4},'
    ' {"fromID": 4, "toID": 3}]'
)


def test_aif_top_level_nodes_beside_a_metadata_object_is_aif():
    result = _aif('{"aif": {"version": "1.0", "source": "AIFdb"}, ' + AIF_PAIR + "}")
    assert result.map is not None and len(result.map) == 2


def test_aif_inference_anchored_in_dialogue_is_imported_and_not_reported_dropped():
    result = _aif("{" + AIF_PAIR + "}")
    assert [r.type for r in result.map.relations()] == ["supports"]
    notes = " ".join(result.notes)
    assert "2 dialogue nodes" in notes and "inferences" not in notes


def test_aif_attack_on_an_inference_is_counted_as_dropped():
    text = (
        '{"nodes": [{"nodeID": "1", "text": "a", "type": "I"}, {"nodeID": "2", "text": "b", "type": "I"},'
        ' {"nodeID": "3", "text": "c", "type": "I"}, {"nodeID": "4", "text": "RA", "type": "RA"},'
        ' {"nodeID": "5", "text": "CA", "type": "CA"}],'
        ' "edges": [{"fromID": "2", "toID": "4"}, {"fromID": "4", "toID": "1"},'
        ' {"fromID": "3", "toID": "5"}, {"fromID": "5", "toID": "4"}]}'
    )
    result = _aif(text)
    assert [r.type for r in result.map.relations()] == ["supports"]
    assert any("1 attacks on inferences" in n for n in result.notes)


@pytest.mark.parametrize(
    "text, words",
    [
        ("[" * 5000 + "]" * 5000, "nests deeper"),
        ('{"nodes": [{"nodeID": ' + "9" * 5000 + ', "type": "I", "text": "x"}], "edges": []}', None),
        (
            '{"nodes": [{"nodeID": 1, "type": "I", "text": NaN}], "edges": [], "OVA": {"nodes": '
            '[{"nodeID": 1, "x": Infinity, "y": NaN}]}}',
            None,
        ),
    ],
    ids=["deep", "huge-integer", "nan-infinity"],
)
def test_hostile_aif_gives_a_map_or_a_located_problem_never_a_traceback(text, words):
    result = _aif(text)
    if words:
        assert result.map is None and words in result.problems[0].message
        assert result.problems[0].line == 1 and result.problems[0].column > 1
    else:
        assert result.map is not None and len(result.map) == 1 and not result.map.layout.positions
