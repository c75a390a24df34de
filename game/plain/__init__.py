"""The plain front end: the game as lines of text, for screen readers, slow links, pipes and scripts.

Output is append-only (each passage once, then its numbered choices; no escape codes, no box
drawing, no redraws); input is a number or a command word, one line at a time. It plays the same
``GameSession`` and the same saves as the TUI, and words what the engine returns with ``game.words``.
"""
