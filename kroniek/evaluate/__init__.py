"""`kroniek eval KIND`: score Kroniek on annotated data and print one JSON object.

Each kind lives in its own module of this package and registers a command on `eval_app`; modules are
imported here so adding a kind means adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

eval_app = typer.Typer(help="Score Kroniek on annotated data; prints one JSON object.", no_args_is_help=True)


def load_kinds() -> None:
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
