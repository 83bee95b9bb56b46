"""Argument templates: the standard shapes of debate arguments (a disadvantage's uniqueness, link,
internal link and impact; the answers to it; ...) kept as YAML files and inserted as one undoable edit.

Built-in templates live in resources/templates/; a user's own templates sit in a folder the caller
names, and a user template with a built-in's id replaces it. docs/evaluation.md describes the file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .edits import AddCard, AddRelation, Batch
from .model import ArgumentMap, Card, MapError, Relation
from .problems import Problem
from .resources import resource_path
from .yamlsafe import Document, YamlProblems, decode, parse

TEMPLATE_VERSION = 1
TEMPLATE_KINDS = ("position", "argument", "rebuttal")  # evidence needs a real quote and source
_TOP_KEYS = ("template", "id", "name", "description", "side", "attach", "answers", "cards", "relations")
_CARD_KEYS = ("id", "kind", "side", "tag", "text")
_RELATION_KEYS = ("from", "to", "type")


class TemplateError(ValueError):
    """A template file that cannot be used; ``problems`` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class TemplateCard:
    """A card the template creates. ``side`` is ``same`` (the side passed to :func:`instantiate`) or
    ``opposite``; ``key`` is the stem of its new id."""

    key: str
    kind: str
    tag: str
    text: str
    side: str = "same"


@dataclass(frozen=True)
class Template:
    """A template: its cards, the relations among them, and how its top cards answer the parent card.

    ``attach`` is the relation (``rebuts`` or ``supports``) from each top card (one that answers no
    other template card) to the card it is inserted under. ``side`` is the side that usually reads it;
    ``answers`` names the template it answers, if any (for menus: "answers to Disadvantage").
    """

    id: str
    name: str
    description: str
    side: str
    attach: str
    answers: str
    cards: tuple[TemplateCard, ...]
    relations: tuple[tuple[str, str, str], ...]
    path: Path | None = None

    def top_cards(self) -> list[TemplateCard]:
        sources = {source for source, _, _ in self.relations}
        return [c for c in self.cards if c.key not in sources]


def builtin_folder() -> Path:
    return resource_path("templates")


def parse_template(text: str, filename: str, path: Path | None = None) -> Template:
    """A template from YAML text. Raises TemplateError with every problem found, each located."""
    try:
        doc = parse(text, filename)
    except YamlProblems as exc:
        raise TemplateError(exc.problems) from None
    checker = _Checker(doc, filename)
    template = checker.template(path)
    if checker.problems or template is None:
        raise TemplateError(checker.problems or [Problem(filename, 1, 1, "error", "this is not a template")])
    return template


def load_template(path: str | Path) -> Template:
    """A template from a file. Raises TemplateError (located problems) when it cannot be used."""
    path = Path(path)
    try:
        text = decode(path.read_bytes(), str(path))
    except YamlProblems as exc:
        raise TemplateError(exc.problems) from None
    except OSError as exc:
        raise TemplateError(
            [Problem(str(path), 1, 1, "error", f"cannot read the template: {exc.strerror}")]
        ) from None
    return parse_template(text, str(path), path)


def list_templates(user_folder: str | Path | None = None) -> tuple[list[Template], list[Problem]]:
    """The built-in templates, then the user's (``*.yaml`` in ``user_folder``), and the problems of
    every file that could not be used: a broken user file is reported, never silently skipped."""
    found: dict[str, Template] = {}
    problems: list[Problem] = []
    folders = [builtin_folder()] + ([Path(user_folder)] if user_folder else [])
    for folder in folders:
        if not folder.is_dir():
            continue
        seen_here: dict[str, Path] = {}
        for path in sorted(folder.glob("*.yaml")):
            try:
                template = load_template(path)
            except TemplateError as exc:
                problems.extend(exc.problems)
                continue
            if template.id in seen_here:
                problems.append(
                    Problem(
                        str(path),
                        1,
                        1,
                        "error",
                        f"template id {template.id!r} is already used "
                        f"by {seen_here[template.id].name}; give one of them another id",
                    )
                )
                continue
            seen_here[template.id] = path
            found.pop(template.id, None)  # a user template replaces the built-in one of the same id
            found[template.id] = template
    return list(found.values()), problems


def instantiate(
    template: Template, amap: ArgumentMap, parent_id: str | None, side: str, *, speech: str = ""
) -> Batch:
    """One edit that adds the template's cards (fresh readable ids, placeholder text) and relations,
    its top cards answering ``parent_id`` (none when it is None). Apply it with ``amap.apply``; its
    inverse removes exactly what it added. Raises MapError for an unknown parent or side."""
    if side not in ("for", "against"):
        raise MapError(f"side must be 'for' or 'against', not {side!r}")
    if parent_id is not None and parent_id not in amap:
        raise MapError(f"no card with id {parent_id!r}")
    other = "against" if side == "for" else "for"
    taken: set[str] = set()
    ids: dict[str, str] = {}
    for card in template.cards:
        new_id = amap.new_id(card.key)
        n = 2
        while new_id in taken:
            new_id = amap.new_id(f"{card.key}-{n}")
            n += 1
        taken.add(new_id)
        ids[card.key] = new_id
    edits: list = [
        AddCard(
            Card(
                ids[c.key],
                c.kind,
                side if c.side == "same" else other,  # type: ignore[arg-type]
                text=c.text,
                tag=c.tag,
                speech=speech,
            )
        )
        for c in template.cards
    ]
    edits += [AddRelation(Relation(ids[s], ids[t], kind)) for s, t, kind in template.relations]  # type: ignore[arg-type]
    if parent_id is not None:
        edits += [
            AddRelation(Relation(ids[c.key], parent_id, template.attach))  # type: ignore[arg-type]
            for c in template.top_cards()
        ]
    return Batch(tuple(edits))


class _Checker:
    """Reads a parsed template, collecting every problem with its line and column."""

    def __init__(self, doc: Document, filename: str) -> None:
        self.doc, self.filename = doc, filename
        self.problems: list[Problem] = []

    def error(self, path: tuple, message: str, key: bool = False) -> None:
        line, col = self.doc.key_mark(path) if key else self.doc.mark(path)
        self.problems.append(Problem(self.filename, line, col, "error", message))

    def unknown_keys(self, data: dict, allowed: tuple[str, ...], path: tuple) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; use {', '.join(allowed)}"
                self.error(path + (key,), f"unknown key '{key}'{hint}", key=True)

    def text(self, data: dict, key: str, path: tuple, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.error(path, f"'{key}' is missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(path + (key,), f"'{key}' must be a non-empty text")
            return ""
        return value

    def choice(self, data: dict, key: str, path: tuple, allowed: tuple[str, ...], default: str | None) -> str:
        value = data.get(key, default)
        if value not in allowed:
            shown = "missing" if value is None else repr(value)
            self.error(
                path + (key,) if key in data else path, f"'{key}' is {shown}; use {' or '.join(allowed)}"
            )
            return allowed[0]
        return value

    def template(self, path: Path | None) -> Template | None:
        data = self.doc.data
        if not isinstance(data, dict):
            self.error((), "a template is a mapping with template, id, name, cards (see docs/evaluation.md)")
            return None
        self.unknown_keys(data, _TOP_KEYS, ())
        if data.get("template") != TEMPLATE_VERSION:
            self.error(
                ("template",) if "template" in data else (),
                f"'template: {TEMPLATE_VERSION}' must come first (the template format version)",
            )
        template_id = self.text(data, "id", ())
        name = self.text(data, "name", ())
        description = self.text(data, "description", (), required=False)
        side = self.choice(data, "side", (), ("for", "against"), None)
        attach = self.choice(data, "attach", (), ("rebuts", "supports"), None)
        answers = self.text(data, "answers", (), required=False)
        cards = self.cards(data.get("cards"))
        keys = {c.key for c in cards}
        relations = self.relations(data.get("relations"), keys)
        if not cards:
            return None
        return Template(
            template_id, name, description, side, attach, answers, tuple(cards), tuple(relations), path
        )

    def cards(self, items: object) -> list[TemplateCard]:
        if not isinstance(items, list) or not items:
            self.error(("cards",), "'cards' must be a list of at least one card")
            return []
        out: list[TemplateCard] = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            path = ("cards", i)
            if not isinstance(item, dict):
                self.error(path, "each card is a mapping with id, kind, tag and text")
                continue
            self.unknown_keys(item, _CARD_KEYS, path)
            key = self.text(item, "id", path)
            if key and not key.replace("-", "").replace("_", "").replace(".", "").isalnum():
                self.error(path + ("id",), f"card id {key!r}: use letters, digits, '-', '_' and '.'")
            elif key in seen:
                self.error(path + ("id",), f"card id {key!r} is used twice in this template")
            seen.add(key)
            kind = self.choice(item, "kind", path, TEMPLATE_KINDS, None)
            card_side = self.choice(item, "side", path, ("same", "opposite"), "same")
            out.append(
                TemplateCard(
                    key, kind, self.text(item, "tag", path), self.text(item, "text", path), card_side
                )
            )
        return out

    def relations(self, items: object, keys: set[str]) -> list[tuple[str, str, str]]:
        if items is None:
            return []
        if not isinstance(items, list):
            self.error(("relations",), "'relations' must be a list of {from, to, type}")
            return []
        out: list[tuple[str, str, str]] = []
        for i, item in enumerate(items):
            path = ("relations", i)
            if not isinstance(item, dict):
                self.error(path, "each relation is {from: CARD, to: CARD, type: supports|rebuts}")
                continue
            self.unknown_keys(item, _RELATION_KEYS, path)
            ends = [self.text(item, end, path) for end in ("from", "to")]
            kind = self.choice(item, "type", path, ("supports", "rebuts"), None)
            for end, value in zip(("from", "to"), ends, strict=False):
                if value and value not in keys:
                    self.error(path + (end,), f"no card {value!r} in this template")
            if ends[0] and ends[0] == ends[1]:
                self.error(path, "a card cannot answer itself")
            if any(set(ends) == {s, t} for s, t, _ in out):
                self.error(path, f"{ends[0]!r} and {ends[1]!r} are already related")
            out.append((ends[0], ends[1], kind))
        return out
