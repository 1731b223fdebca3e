"""Entry points on top of everything: the app factory (``pws.app``) and the ``pws`` CLI (``pws.cli``)."""
