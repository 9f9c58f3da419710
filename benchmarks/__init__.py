"""Speed and memory benchmarks of Bureau on realistic demo databases.

Run from the repository root: ``python benchmarks/run.py`` (see README.md).
"""

from checkout import alias_desk

alias_desk()  # the desk of this checkout, not an installed copy
