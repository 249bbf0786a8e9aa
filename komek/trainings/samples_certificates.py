def build(made: dict) -> dict[str, dict]:
    return {}
