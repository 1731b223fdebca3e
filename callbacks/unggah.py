"""Placeholder until the page lands."""


def register(app, services) -> None:
    return None
