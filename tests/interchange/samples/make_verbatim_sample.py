"""Writes verbatim-resistance.docx: a small Verbatim-style evidence file (Pocket / Hat / Block / Tag as
Heading 1-4, each card a tag, a cite line with the short cite in bold, then the card text with the read
parts underlined). Run it again to regenerate the sample: python make_verbatim_sample.py
"""

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE

AXIOS = (
    '(Axios staff, "Ukraine asks U.S. to support a resistance movement," Axios, 3-18-2022, '
    "https://www.axios.com/2022/03/18/ukraine-resistance-movement-letter, accessed 3-20-2022)"
)


def cite(doc, short, rest):
    p = doc.add_paragraph()
    p.add_run(short).bold = True
    p.add_run(" " + rest)


def card(doc, *parts):
    """A card paragraph: (text, underlined) parts, as debaters mark what they read."""
    p = doc.add_paragraph()
    for text, underline in parts:
        p.add_run(text).underline = underline


def main(out: Path) -> None:
    doc = docx.Document()
    tag_style = doc.styles.add_style("Tag", WD_STYLE_TYPE.PARAGRAPH)
    tag_style.base_style = doc.styles["Heading 4"]
    doc.add_paragraph("Novice packet, week 3. Cards cut from the Axios article of March 18, 2022.")
    doc.add_heading("1AC — Resistance Aff", level=1)
    doc.add_heading("Advantage 1 — Ukraine asked", level=2)
    doc.add_heading("Ukraine formally asked for resistance support", level=3)
    doc.add_heading("Ukraine asked the U.S. to fund a long-term resistance", level=4)
    cite(doc, "Axios 22", AXIOS)
    card(
        doc,
        ("Ukraine's top national security official asked earlier this month for the U.S. to ", False),
        (
            "go beyond traditional military aid and provide the country with the funding, "
            "training and weaponry to support a long-term resistance movement",
            True,
        ),
    )
    doc.add_paragraph("Ukraine's Danilov letter asks for funds", style="Tag")
    cite(
        doc,
        "Axios 22",
        '(Axios staff, para 9-10, "Ukraine asks U.S. to support a resistance movement," '
        "Axios, 3-18-2022, p. 2)",
    )
    card(
        doc,
        (
            "The letter was dated March 6 and signed by Oleksiy Danilov, Ukraine’s National Security and "
            "Defense Council secretary.",
            False,
        ),
    )
    card(
        doc,
        ('It asked the U.S. "', False),
        ("to allocate additional funds for the organization of the resistance movement", True),
        (' and voluntary formations of territorial communities throughout Ukraine."', False),
    )
    doc.add_heading("The request is not a plan — it is the country that is fighting", level=4)
    doc.add_heading("1NC — Co-combatant DA", level=1)
    doc.add_heading("A2: Ukraine asked", level=3)
    doc.add_heading("The letter's receipt was never confirmed", level=4)
    cite(doc, "Axios 22", AXIOS)
    card(
        doc,
        ("Axios could not independently confirm it was received by their agencies. ", True),
        ("None of the agencies would comment on the record when contacted by Axios.", False),
    )
    doc.add_heading("Arming guerrillas risks making the U.S. a co-combatant", level=4)
    cite(doc, "Axios 22", AXIOS)
    card(
        doc,
        (
            "the Biden administration's policies toward arming Ukraine have been colored by legal concerns "
            'over whether certain actions could make the U.S. a "co-combatant" in the war against Russia.',
            True,
        ),
    )
    doc.add_heading("Cite with no card text yet", level=4)
    cite(doc, "Hollis 21", "(Dana Hollis, unpublished lecture notes)")
    doc.save(out)


if __name__ == "__main__":
    main(Path(__file__).with_name("verbatim-resistance.docx"))
