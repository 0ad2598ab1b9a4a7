"""Optional stages: the modules of a pipeline that this installation has.

Annotators and linkers are modules named in a fixed order; a missing one is skipped (layers arrive one at
a time, and a user may drop one), but an import error inside a present module is not hidden.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType


def present_modules(package: str, names: Iterable[str]) -> list[ModuleType]:
    found = []
    for name in names:
        try:
            found.append(importlib.import_module(f"{package}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{name}":
                raise
    return found
