"""Sample objects for the role × URL test, registered by each app.

Every route that takes arguments needs real objects to point at. Each app registers, in
its ``AppConfig.ready()``, the dotted path of a module (``<app>/samples.py``) with

- ``build(made: dict) -> dict[str, dict]``: make the app's sample objects, store those
  that higher apps build on in ``made`` (the office is there already), and return the
  URL arguments of each of its routes: ``{"people:detail": {"pk": person.pk}}``;
- optionally ``grant(made: dict, user) -> None``: give a probe user the per-record access
  that the work of its role would give it (an assignment, the ownership of a file).

Modules are imported only when the test runs, and built in the order of registration,
which follows the order of the apps and so the direction of their dependencies.
"""

from django.utils.module_loading import import_string

_modules: list[str] = []


def register(module: str) -> None:
    if module not in _modules:
        _modules.append(module)


def build(made: dict) -> dict[str, dict]:
    """Every registered app's samples, as ``{url_name: kwargs}``."""
    samples: dict[str, dict] = {}
    for module in _modules:
        samples.update(import_string(f"{module}.build")(made))
    return samples


def grant(made: dict, user) -> None:
    for module in _modules:
        try:
            app_grant = import_string(f"{module}.grant")
        except ImportError:
            continue
        app_grant(made, user)
