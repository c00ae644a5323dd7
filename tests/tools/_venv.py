"""Runs the calling checker under tests/tools/.venv, where the pinned packages live.

scripts/install-test-deps.sh makes that venv from requirements.txt. A checker imports
this module before any third-party package, so `python3 tests/tools/check_ical.py`
works from the Rust tests and from a shell whatever `python3` is first on PATH.
"""

import os
import sys

VENV = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".venv")


def reexec_in_venv() -> None:
    """Replaces this process with the same command under the venv's Python, once."""
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        return  # No venv: use whatever this Python has (the import error says what is missing).
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if os.environ.get("RENCONTRES_TOOLS_REEXEC") == "1":
        return  # Already tried once: never loop.
    os.environ["RENCONTRES_TOOLS_REEXEC"] = "1"
    os.execv(python, [python, *sys.argv])


reexec_in_venv()
