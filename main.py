"""Start the Bureau desk (the same as the ``bureau`` command): ``python main.py [--db PATH]``."""

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
