"""What the status check plugs into the rest of Komek. Called from
``NavigatorConfig.ready()``."""


def register() -> None:
    pass
