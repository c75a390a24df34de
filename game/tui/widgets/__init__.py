"""The play screen's parts: the story transcript, the choices, the dossier and the status line."""
