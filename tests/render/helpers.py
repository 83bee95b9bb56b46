"""A small map for scene and canvas tests."""

from argmap.model import ArgumentMap, Card, Cite, MapInfo, Relation, Source


def small_map() -> ArgumentMap:
    """Five cards: a position answered by an argument, a rebuttal and evidence, and an orphan."""
    amap = ArgumentMap(MapInfo("Fund the resistance?"))
    amap.sources["axios"] = Source(
        "axios", "Ukraine asks U.S. to support a resistance movement", author="Axios", date="2022-03-18"
    )
    for card in (
        Card(
            "fund",
            "position",
            "for",
            text="The U.S. should fund a long-term resistance.",
            tag="Fund the resistance",
            speech="1AC",
        ),
        Card(
            "letter",
            "evidence",
            "for",
            tag="Ukraine asked for funds",
            quote="to allocate additional funds for the organization of the resistance movement",
            cite=Cite("axios", "Oleksiy Danilov", "para 8"),
            speech="1AC",
        ),
        Card(
            "combatant",
            "rebuttal",
            "against",
            text="Arming guerrillas could make the U.S. a co-combatant.",
            tag="Co-combatant risk",
            speech="1NC",
        ),
        Card("deterrence", "argument", "for", text="A resistance deters occupation.", tag="Deterrence"),
        Card("answer", "rebuttal", "for", text="Training is not fighting.", tag="Not combat"),
    ):
        amap.insert_card(card)
    for rel in (
        Relation("letter", "fund", "supports"),
        Relation("combatant", "fund", "rebuts"),
        Relation("deterrence", "fund", "supports"),
        Relation("answer", "combatant", "rebuts"),
    ):
        amap.insert_relation(rel)
    return amap
