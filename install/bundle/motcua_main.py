"""Entry point of the bundled `motcua` program (PyInstaller): the same command as `.venv/bin/motcua`."""

import multiprocessing
import sys

from motcua.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
