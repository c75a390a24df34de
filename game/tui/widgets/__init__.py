"""The play screen's parts: the story so far (past passages and the current one), the choices, the dossier and
the status line."""
