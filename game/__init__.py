"""millones: a terminal text-adventure engine (``game.engine``) and its Textual front end (``game.tui``)."""

__version__ = "0.1.0"
