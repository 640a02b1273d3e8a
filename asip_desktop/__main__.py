import sys

from asip_desktop.cli import main

sys.exit(main())
