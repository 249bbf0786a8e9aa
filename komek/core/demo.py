"""Demo data, loaded by ``komek seed_demo`` and by tests that need a populated centre.

Each app registers its loader from ``AppConfig.ready()``, so the command names no app.
A loader is safe to run again; ``order`` puts it after the loaders whose rows it uses
(offices and users first, then partners, people, contacts, cases...). ``describe``
turns what the loader returns into the line the command prints.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Loader:
    name: str
    load: Callable[[], Any]
    order: int
    describe: Callable[[Any], str]


_loaders: dict[str, Loader] = {}


def register(name: str, load: Callable[[], Any], *, order: int, describe=str) -> None:
    _loaders[name] = Loader(name=name, load=load, order=order, describe=describe)


def loaders() -> list[Loader]:
    return sorted(_loaders.values(), key=lambda loader: loader.order)


def load(*names: str) -> list[str]:
    """Run the loaders named (every one if none is), in order; say what each made."""
    unknown = set(names) - set(_loaders)
    if unknown:
        raise KeyError(f"No demo loader named {', '.join(sorted(unknown))}.")
    return [
        loader.describe(loader.load()) for loader in loaders() if not names or loader.name in names
    ]
