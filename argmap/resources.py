"""Where the project's resources (schema, styles, icons, templates) live."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
MAPS = Path(__file__).resolve().parent.parent / "maps"
DEFAULT_MAP = MAPS / "ukraine-resistance.yaml"


def resource_path(name: str) -> Path:
    """The path of a file in resources/."""
    return RESOURCES / name
