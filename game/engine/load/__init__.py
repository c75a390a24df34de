"""Loading a story folder: safe YAML, the file models, the source map, and compiling to a ``Story``."""

MANIFEST = "story.yaml"  # the file that makes a folder a story; scene files are every other *.yaml in it
