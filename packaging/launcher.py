"""Entry point of the packaged nnviz (PyInstaller runs this file as __main__)."""

import multiprocessing
import sys

from nnviz.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()   # before anything else: may be a helper process
    sys.exit(main())
