"""What the rule pages plug into the rest of Komek. Called from ``NavigatorConfig.ready()``."""


def register() -> None:
    pass
