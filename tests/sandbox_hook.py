"""Copied into a sandbox as ``sitecustomize.py`` by tests/sandbox.py; inert when imported.

At interpreter start it installs an audit hook (PEP 578) that refuses, and logs to
``violations.log`` in the sandbox folder, network use beyond loopback and writes outside the
sandbox folder (the folder above the one this file is copied into).
"""

import ipaddress
import os
import sys

REFUSAL = "blocked by the test sandbox"
_ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
_ALLOWED = (_ROOT + os.sep, "/dev/")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_EVENTS = {  # audit event -> positions of the paths it changes
    "os.mkdir": (0,), "os.remove": (0,), "os.rmdir": (0,), "os.truncate": (0,),
    "os.chmod": (0,), "os.chown": (0,), "os.utime": (0,), "os.rename": (0, 1),
    "os.replace": (0, 1), "os.symlink": (1,), "os.link": (1,), "shutil.rmtree": (0,),
    "shutil.copyfile": (1,), "sqlite3.connect": (0,)}
_SENDS = ("socket.connect", "socket.sendto", "socket.sendmsg")
_LOOKUPS = ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
            "socket.gethostbyaddr")
_busy = False


def _address(host):
    """``host`` as an IP address, or None when it is a name."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        address = ipaddress.ip_address(str(host).split("%", 1)[0])
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def _loopback(host):
    if str(host).lower() in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    address = _address(host)
    return address is not None and address.is_loopback


def _inside(path):
    if path is None or isinstance(path, int):
        return True                      # an open file descriptor, or no path at all
    path = os.fsdecode(os.fspath(path))
    if path in ("", ":memory:") or path.startswith("file::memory:"):
        return True
    return (os.path.realpath(path) + os.sep).startswith(_ALLOWED)


def _refuse(what, error):
    global _busy
    message = f"{what} {REFUSAL}"
    _busy = True
    try:
        with open(os.path.join(_ROOT, "violations.log"), "a", encoding="utf-8") as log:
            log.write(message + "\n")
    finally:
        _busy = False
    raise error(message)


def _hook(event, args):
    if _busy:
        return
    if event in _SENDS:
        address = args[1]
        if isinstance(address, tuple) and address and not _loopback(address[0]):
            _refuse(f"network: {event} to {address!r}", ConnectionRefusedError)
    elif event in _LOOKUPS:
        host = args[0]
        if host is not None and not _loopback(host) and _address(host) is None:
            _refuse(f"network: {event} of {host!r}", ConnectionRefusedError)
    elif event == "open":
        path, _mode, flags = args
        if flags and flags & _WRITE_FLAGS and not _inside(path):
            _refuse(f"write: open {path!r}", PermissionError)
    elif event in _PATH_EVENTS:
        for index in _PATH_EVENTS[event]:
            if not _inside(args[index]):
                _refuse(f"write: {event} {args[index]!r}", PermissionError)


if __name__ == "sitecustomize":          # only in a sandboxed interpreter, never in pytest
    sys.addaudithook(_hook)
    with open(os.path.join(_ROOT, "kernels.log"), "a", encoding="utf-8") as _log:
        _log.write(f"{os.getpid()} {' '.join(sys.argv[:3])}\n")
