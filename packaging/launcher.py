"""Entry point of the bundled application (PyInstaller)."""

import sys

from asip_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
