"""Drawings of a story's map (``game.engine.analysis.storymap``): Mermaid and Graphviz DOT text
(``graphs``), and one self-contained HTML page to pan, zoom and read in a browser (``page``).

A story's text is untrusted: every title, label, condition and file name is escaped for the format
it goes into, so no story can break out of a label, end a script or run one.
"""
