"""Engine tests: keep Hypothesis' files out of the source tree (pytest's norecursedirs is
replaced in pyproject, so a stray .hypothesis/ folder would break collection)."""

from __future__ import annotations

import tempfile

from hypothesis import configuration

configuration.set_hypothesis_home_dir(tempfile.mkdtemp(prefix="nnviz-hypothesis-"))
