"""``python -m implant_edu``: the same as the ``implant-edu`` command (``implant_edu.cli``)."""

import sys

from implant_edu.cli import main

if __name__ == "__main__":
    sys.exit(main())
