"""The small story the map and word-count tests share (``shape``, in stories.py), written on the fly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .stories import SHAPE_MANIFEST, SHAPE_ONE, SHAPE_TWO


@pytest.fixture
def shape(write_story: Callable[..., Path]) -> Path:
    return write_story(SHAPE_MANIFEST, {"one.yaml": SHAPE_ONE, "two.yaml": SHAPE_TWO})
