"""Entry point of the packaged nnviz (PyInstaller runs this file as __main__)."""

import sys

from nnviz.app import main

if __name__ == "__main__":
    sys.exit(main())
