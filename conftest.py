"""Make a checkout import its own desk.

The desk's code lives in ui/ and installs as the package ``bureau_desk``
(pyproject's package-dir). Tests run from the repository must import the ui/
they stand beside, never a copy installed into site-packages earlier.
"""

from checkout import alias_desk

alias_desk()
