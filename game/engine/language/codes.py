"""What a language code looks like, as story files, the command line and the settings write it (es, pt-BR).

Kept apart from the file models so that the command line can check a code without importing pydantic.
"""

LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
PSEUDO = "xx-pseudo"  # the made-up language for authors (``pseudo``), named without importing the text parser
