"""Settings for every test run, nbval's notebook kernels included.

Kernels started by nbval inherit this process's environment, so setting it here gives
every notebook the same conditions as `make notebooks`: an empty progress file of its
own (a learner's saved progress never leaks into a test), the student edition and a
fixed hash seed.
"""

import os
import tempfile
from pathlib import Path

_tmp = tempfile.mkdtemp(prefix="closereading-test-")
os.environ["CLOSEREADING_PROGRESS"] = str(Path(_tmp) / "progress.json")
os.environ["CLOSEREADING_EDITION"] = "student"
os.environ["PYTHONHASHSEED"] = "0"
os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"

