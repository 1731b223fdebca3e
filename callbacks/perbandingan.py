"""Placeholder: the pages engineer fills this in (see dashboard/app.py, "How to add a page")."""


def register(app, services) -> None:
    return None
