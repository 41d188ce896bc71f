"""Keep test runs hermetic: Jupyter, IPython and matplotlib write to a temporary home, not ~."""

import os
import tempfile

_HOME = tempfile.mkdtemp(prefix="clots-nerves-test-")
for _name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
              "MPLCONFIGDIR"):
    os.environ[_name] = os.path.join(_HOME, _name.lower())
os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"

# Fixtures for the live clients (JupyterLab, Voila) used by the browser tests.
pytest_plugins = ["tests.clients"]
