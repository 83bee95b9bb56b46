"""PyYAML, imported without the quarter of a Python start its import spends on a class argmap never uses.

``import yaml`` compiles its pure-Python reader's ``NON_PRINTABLE``: a character class written as the
complement of everything YAML allows, up to U+10FFFF. Python's regex compiler walks the code points of
its ranges one by one, about 8 ms (a bare interpreter starts in about 35 ms), and every command that
reads a map paid it, although argmap reads through libyaml, which never runs that reader. The same
class written as the few characters YAML refuses compiles in about 1 ms and matches exactly the same
characters (tests/core/test_yamlsafe.py checks every code point). It is put in CPython's regex cache
under PyYAML's spelling before ``yaml`` is imported, so PyYAML's reader is handed that one; where the
cache is not there to use, PyYAML compiles its own as before.

Import PyYAML in argmap as ``from .pyyaml import yaml``.
"""

from __future__ import annotations

import re

# What YAML's reader refuses, as PyYAML spells it (yaml/reader.py, Reader.NON_PRINTABLE).
PYYAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
# The same characters, listed: C0 controls but tab, line feed and carriage return; DEL and the C1
# controls but next line (U+0085); lone surrogates; U+FFFE and U+FFFF.
NON_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

_cache = getattr(re, "_cache", None)  # re.compile looks here first, keyed by (type, pattern, flags)
if isinstance(_cache, dict):
    _cache.setdefault((str, PYYAML_NON_PRINTABLE, 0), NON_PRINTABLE)

import yaml as yaml  # noqa: E402 - after the cache holds the class; `as yaml`: argmap imports it from here
