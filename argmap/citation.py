"""Cites in Verbatim's shape: "Lastname 22" in the cite style, then the full citation in brackets.

Verbatim (the Word template policy debaters cut evidence in) puts the author's last name and the year's
two digits first, in bold, because that is what a debater says aloud; the full citation follows so a
judge or an opponent can find the source: qualifications, title, publication, date, URL, and when the
cutter read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Cite, Source

_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md"}


@dataclass(frozen=True)
class CiteLine:
    """The spoken part ("Basu 22") and the bracketed full citation."""

    head: str
    rest: str

    def __str__(self) -> str:
        return f"{self.head} {self.rest}".strip()


def last_name(author: str) -> str:
    """The name a debater says: the last word of the first author, without "Jr." and degrees."""
    first = re.split(r"\s*(?:;|&|\band\b)\s*|,(?=\s*\w+\s+\w+)", author.strip())[0]
    if "," in first:  # "Danilov, Oleksiy" is already last-name first
        return first.split(",")[0].strip()
    words = [w for w in first.split() if w.lower().strip(",") not in _SUFFIXES]
    return words[-1].strip(",") if words else ""


def short_year(date: str) -> str:
    """'22' from '2022-03-18' (Verbatim's two-digit year); '' when the date has no year."""
    m = re.search(r"\b(1[89]|20)(\d\d)\b", date)
    return m.group(2) if m else ""


def cite_line(source: Source | None, cite: Cite | None) -> CiteLine:
    """The cite of an evidence card in Verbatim's shape."""
    if source is None:
        who = cite.by if cite else ""
        return CiteLine(" ".join(p for p in (last_name(who), "") if p), f"[{who}]" if who else "")
    author = source.author or source.publisher or (cite.by if cite else "")
    head = " ".join(p for p in (last_name(author), short_year(source.date)) if p)
    parts = [
        author,
        source.qualifications,
        f'"{source.title}"' if source.title else "",
        source.publisher if source.publisher and source.publisher != author else "",
        source.date,
        source.url,
        f"accessed {source.accessed}" if source.accessed else "",
    ]
    if cite is not None and cite.by and cite.by not in (author, source.publisher):
        parts.append(f"quoting {cite.by}")
    if cite is not None and cite.at:
        parts.append(cite.at)
    rest = ", ".join(p for p in parts if p)
    return CiteLine(head or author, f"[{rest}]" if rest else "")
