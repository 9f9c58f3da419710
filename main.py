"""Start the Bureau desk from a checkout (the same as the ``bureau`` command): ``python main.py [--db PATH]``."""

import sys

from checkout import alias_desk

alias_desk()

from bureau_desk.shell.app import main  # noqa: E402  (after the alias above)

if __name__ == "__main__":
    sys.exit(main())
