"""A sandboxed kernel for the reliability tests: offline, and unable to write outside one folder.

Every kernel started through :func:`execute` runs with ``HOME``, the Jupyter and IPython
folders, ``MPLCONFIGDIR`` and ``TMPDIR`` inside the sandbox's temporary folder, its working
directory there too, and a ``sitecustomize`` that installs an audit hook (PEP 578) before
anything else is imported. The hook refuses, and logs:

- connections, datagrams and name lookups to anything but loopback (the kernel talks to its
  client over loopback ZeroMQ, so loopback stays open);
- opening a file for writing, creating, renaming or deleting anything outside the folder.

An audit hook sees ``_socket`` and ``os.open`` too, so a library cannot step around it the way
it could around a monkeypatched ``socket.socket.connect``. Bytecode is not written
(``PYTHONDONTWRITEBYTECODE``): the interpreter's own caches are not the notebook's writes.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from helpers import build
from tests import sandbox_hook

HOOK = Path(sandbox_hook.__file__)
REFUSAL = sandbox_hook.REFUSAL


@dataclass(frozen=True)
class Sandbox:
    """A temporary folder that kernels run in, and the environment that confines them there."""

    root: Path
    env: dict[str, str]

    def violations(self) -> list[str]:
        """Every refused connection or write, in the order the kernels tried them."""
        log = self.root / "violations.log"
        return log.read_text(encoding="utf-8").splitlines() if log.exists() else []

    def kernels(self) -> list[str]:
        """One line (pid and command) per process that started with the sandbox installed."""
        log = self.root / "kernels.log"
        return log.read_text(encoding="utf-8").splitlines() if log.exists() else []

    def workdir(self, name: str) -> Path:
        """A fresh working directory for one notebook, inside the sandbox."""
        path = self.root / "work" / name
        path.mkdir(parents=True)
        return path


def make_sandbox(root: Path) -> Sandbox:
    """Prepare ``root`` (an empty temporary folder) as a sandbox and return it."""
    root = root.resolve()
    site = root / "site-packages"
    site.mkdir(parents=True)
    shutil.copy(HOOK, site / "sitecustomize.py")
    env = dict(os.environ)
    home = root / "home"
    for name, sub in {"HOME": "", "IPYTHONDIR": ".ipython", "MPLCONFIGDIR": ".matplotlib",
                      "JUPYTER_CONFIG_DIR": ".jupyter", "JUPYTER_DATA_DIR": ".local/jupyter",
                      "JUPYTER_RUNTIME_DIR": ".local/jupyter/runtime", "TMPDIR": "tmp",
                      "XDG_CACHE_HOME": ".cache", "XDG_CONFIG_HOME": ".config"}.items():
        path = home / sub
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("PYTHONSTARTUP", None)
    return Sandbox(root, env)


def execute(source: Path, sandbox: Sandbox, timeout: int = 300) -> nbformat.NotebookNode:
    """Execute a copy of ``source`` in a fresh sandboxed kernel, with the settings of
    ``helpers.build.execute``; the copy and the kernel's working directory are a new folder
    inside the sandbox. Raises nbclient's CellExecutionError if a cell fails."""
    from nbclient import NotebookClient

    work = sandbox.workdir(source.stem)
    nb = nbformat.read(source, as_version=4)
    nb.metadata["kernelspec"] = build.KERNELSPEC
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(work)}},
                            record_timing=False, store_widget_state=True)
    client.execute(env=sandbox.env)
    nbformat.write(nb, work / source.name)
    return nb
