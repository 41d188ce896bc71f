"""Classroom capacity of the Voila app, measured as a class uses it (``make bench``).

A learner's browser runs on the learner's own device, so the server's cores should carry only the
server's work. Each learner here is therefore a protocol-level client, a coroutine, not a browser:

1. it loads the page over HTTP (Voila streams it while the notebook runs in the learner's kernel)
   and, as soon as the page's head arrives, the static files a browser fetches for that page
   (six at a time, as a browser does per host);
2. it asks for the kernel's model (``GET /api/kernels/<id>``) and opens the kernel's WebSocket as
   Voila's page does (``/api/kernels/<id>/channels?session_id=…``, Jupyter's
   ``v1.kernel.websocket.jupyter.org`` protocol), sends ``kernel_info_request``, opens the
   ``jupyter.widget.control`` comm and sends ``request_states``: the answer (``update_states``,
   every widget's state) is the moment the page is interactive;
3. it ticks a checkbox (a ``comm_msg`` with ``{"method": "update", "state": {"value": true}}``,
   what ipywidgets sends for a click) and times the kernel's answer: the last widget ``update``
   the tick causes before the kernel goes idle again; then it unticks, and so on.

Everything is on loopback, bounded in learners and in time, and stops by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import math
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NOTEBOOK = "04_signs_and_risk.ipynb"
BOX = "Active cancer"                  # the checkbox each learner ticks in notebook 04
LEVELS = (1, 10, 30, 60)
TIMEOUT_S = 120.0                      # a learner not interactive by then is not served
TICK_TIMEOUT_S = 30.0                  # a tick not answered by then is never answered
GOAL = {"learners": 30, "first_interactive_p95_s": 10.0, "tick_p95_ms": 300.0}
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
CONTROL_VERSION = "1.0.0"              # ipywidgets 8's widget control protocol
BROWSER_CONNECTIONS = 6                # a browser's parallel connections per host
TEMPLATES = Path(__file__).parent / "templates" / "jupyter"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
_KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json")
_CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                     re.S)


# --- statistics ---------------------------------------------------------------------------------

def percentile(samples: list[float], q: float) -> float:
    """The ``q``-th percentile (0–100) of ``samples``, linear between ranks as
    ``statistics.quantiles(method="inclusive")``; a learner who never got an answer counts as
    ``math.inf``, and any rank that touches one is ``math.inf``. ValueError if empty."""
    if not samples:
        raise ValueError("no samples")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0–100")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q / 100
    low, high = ordered[math.floor(position)], ordered[math.ceil(position)]
    if math.isinf(low) or math.isinf(high):
        return math.inf
    return low + (high - low) * (position - math.floor(position))


def _finite(x: float, digits: int) -> float | None:
    """``x`` rounded, or None (JSON null) for "never answered"."""
    return None if math.isinf(x) else round(x, digits)


# --- the kernel WebSocket -----------------------------------------------------------------------

def message(msg_type: str, content: dict[str, Any], session: str,
            metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    """A Jupyter message as a front end sends it (messaging protocol 5.3)."""
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
              "username": "learner", "version": "5.3",
              "date": datetime.datetime.now(datetime.UTC).isoformat()}
    return {"header": header, "parent_header": {}, "metadata": metadata or {},
            "content": content, "buffers": []}


def pack(channel: str, msg: dict[str, Any]) -> bytes:
    """``msg`` on ``channel`` in the v1 WebSocket protocol (jupyter_server's own serializer)."""
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    parts = [json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata",
                                                   "content")]
    return serialize_msg_to_ws_v1([*parts, *msg.get("buffers", [])], channel)


def unpack(data: bytes) -> tuple[str, dict[str, Any]]:
    """(channel, message) from a v1 WebSocket frame (jupyter_server's own deserializer)."""
    from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

    channel, parts = deserialize_msg_from_ws_v1(data)
    header, parent, metadata, content = (json.loads(p) for p in parts[:4])
    return channel, {"header": header, "parent_header": parent, "metadata": metadata,
                     "content": content, "buffers": parts[4:]}


class KernelSocket:
    """One learner's kernel WebSocket: send requests, read replies until a deadline."""

    def __init__(self, connection: Any, session: str) -> None:
        self.connection, self.session = connection, session

    async def send(self, channel: str, msg_type: str, content: dict[str, Any],
                   metadata: dict[str, Any] | None = None) -> str:
        """Send a message; return its msg_id (the parent id of everything it causes)."""
        msg = message(msg_type, content, self.session, metadata)
        await self.connection.write_message(pack(channel, msg), binary=True)
        return msg["header"]["msg_id"]

    async def receive(self, deadline: float) -> tuple[str, dict[str, Any]]:
        """The next message; TimeoutError after ``deadline`` (time.monotonic())."""
        data = await asyncio.wait_for(self.connection.read_message(),
                                      max(0.0, deadline - time.monotonic()))
        if data is None:
            raise ConnectionError("the kernel WebSocket closed")
        return unpack(data)

    async def reply(self, parent: str, msg_type: str, deadline: float) -> dict[str, Any]:
        """The first ``msg_type`` message caused by request ``parent``."""
        while True:
            _channel, msg = await self.receive(deadline)
            if (msg["header"]["msg_type"] == msg_type
                    and msg["parent_header"].get("msg_id") == parent):
                return msg


def find_checkbox(states: dict[str, Any], label: str) -> str:
    """The model id of the checkbox whose description holds ``label`` (in ``update_states``)."""
    for model_id, widget in states.items():
        if (widget.get("model_name") == "CheckboxModel"
                and label in widget.get("state", {}).get("description", "")):
            return model_id
    raise LookupError(f"no checkbox described {label!r} among {len(states)} widgets")


# --- one learner --------------------------------------------------------------------------------

@dataclass
class Learner:
    """What one learner waited for, in seconds; ``math.inf`` marks what never came."""
    first_interactive_s: float = math.inf
    ticks_s: list[float] = field(default_factory=list)
    phases_s: dict[str, float] = field(default_factory=dict)
    answers: list[dict[str, Any]] = field(default_factory=list)  # each tick's updated states
    kernel_id: str = ""
    error: str = ""


def kernel_id_of(page: str) -> str:
    """The kernel id Voila wrote into the page's configuration (``kernelId``)."""
    found = _CONFIG.search(page)
    if not found:
        raise LookupError("the page has no jupyter-config-data")
    return json.loads(found.group(1))["kernelId"]


async def _fetch_assets(client: Any, base: str, assets: list[str], timeout_s: float) -> int:
    """Fetch ``assets`` as a browser does, ``BROWSER_CONNECTIONS`` at a time; bytes received."""
    gate = asyncio.Semaphore(BROWSER_CONNECTIONS)

    async def one(path: str) -> int:
        async with gate:
            response = await client.fetch(base + path, request_timeout=timeout_s)
            return len(response.body)
    return sum(await asyncio.gather(*(one(p) for p in assets)))


async def learner(client: Any, base: str, assets: list[str], ticks: int, box: str,
                  timeout_s: float, tick_timeout_s: float, think_s: float) -> Learner:
    """One learner: open the page, become interactive, then tick and untick ``box`` ``ticks``
    times with ``think_s`` between ticks. Errors are recorded, never raised."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    result = Learner()
    start = time.monotonic()
    deadline = start + timeout_s
    connection = None
    try:
        chunks: list[bytes] = []
        head = asyncio.Event()

        def on_chunk(chunk: bytes) -> None:
            chunks.append(chunk)
            head.set()

        page = asyncio.ensure_future(client.fetch(base + "/", streaming_callback=on_chunk,
                                                  request_timeout=timeout_s))
        started = asyncio.ensure_future(head.wait())
        await asyncio.wait([page, started], return_when=asyncio.FIRST_COMPLETED)
        started.cancel()
        loading = asyncio.ensure_future(_fetch_assets(client, base, assets, timeout_s))
        await page
        result.phases_s["page"] = time.monotonic() - start
        await loading
        result.phases_s["assets"] = time.monotonic() - start
        result.kernel_id = kernel_id_of(b"".join(chunks).decode("utf-8"))
        await client.fetch(f"{base}/api/kernels/{result.kernel_id}", request_timeout=timeout_s)
        session = uuid.uuid4().hex
        ws = base.replace("http", "ws", 1) + \
            f"/api/kernels/{result.kernel_id}/channels?session_id={session}"
        connection = await websocket_connect(
            HTTPRequest(ws, request_timeout=max(1.0, deadline - time.monotonic())),
            subprotocols=[WS_PROTOCOL])
        if connection.selected_subprotocol != WS_PROTOCOL:
            raise ConnectionError(f"server chose {connection.selected_subprotocol!r}")
        kernel = KernelSocket(connection, session)
        info = await kernel.send("shell", "kernel_info_request", {})
        await kernel.reply(info, "kernel_info_reply", deadline)
        result.phases_s["kernel"] = time.monotonic() - start
        control = uuid.uuid4().hex
        await kernel.send("shell", "comm_open", {"comm_id": control, "data": {},
                                                 "target_name": "jupyter.widget.control"},
                          {"version": CONTROL_VERSION})
        request = await kernel.send("shell", "comm_msg", {"comm_id": control,
                                                          "data": {"method": "request_states"}})
        states = (await kernel.reply(request, "comm_msg", deadline))["content"]["data"]
        if states.get("method") != "update_states":
            raise RuntimeError(f"the widget control comm answered {states.get('method')!r}")
        result.first_interactive_s = time.monotonic() - start
        await kernel.send("shell", "comm_close", {"comm_id": control, "data": {}})
        checkbox = find_checkbox(states["states"], box)
        for i in range(ticks):
            if i:
                await asyncio.sleep(think_s)
            seconds, answer = await tick(kernel, checkbox, i % 2 == 0, tick_timeout_s)
            result.ticks_s.append(seconds)
            result.answers.append(answer)
    except Exception as error:          # a learner who is not served is a result, not a crash
        result.error = f"{type(error).__name__}: {error}".strip()[:300]
    finally:
        if connection is not None:
            connection.close()
    result.ticks_s += [math.inf] * (ticks - len(result.ticks_s))
    return result


async def tick(kernel: KernelSocket, checkbox: str, value: bool, timeout_s: float
               ) -> tuple[float, dict[str, Any]]:
    """Set ``checkbox`` to ``value`` as a click does; seconds until the last widget ``update``
    it caused (before the kernel went idle) and the states that update set, by model id.
    ``math.inf`` if no update came within ``timeout_s``."""
    start = time.monotonic()
    deadline = start + timeout_s
    sent = await kernel.send("shell", "comm_msg", {"comm_id": checkbox, "data": {
        "method": "update", "state": {"value": value}, "buffer_paths": []}})
    answered, states = math.inf, {}
    try:
        while True:
            channel, msg = await kernel.receive(deadline)
            if msg["parent_header"].get("msg_id") != sent or channel != "iopub":
                continue
            kind = msg["header"]["msg_type"]
            data = msg["content"].get("data", {})
            if kind == "comm_msg" and data.get("method") == "update":
                answered = time.monotonic() - start
                states.setdefault(msg["content"]["comm_id"], {}).update(data.get("state", {}))
            elif kind == "status" and msg["content"].get("execution_state") == "idle":
                return answered, states
    except TimeoutError:
        return math.inf, states


async def classroom(base: str, learners: int, assets: list[str], ticks: int = 4,
                    box: str = BOX, timeout_s: float = TIMEOUT_S,
                    tick_timeout_s: float = TICK_TIMEOUT_S, think_s: float = 1.0) -> list[Learner]:
    """``learners`` learners open the page at the same moment, each then ticks as soon as it is
    interactive (so early ticks meet the load of the class still arriving). Bounded: every
    learner stops after ``timeout_s`` plus its ticks' time."""
    from tornado.httpclient import AsyncHTTPClient

    client = AsyncHTTPClient(force_instance=True,
                             max_clients=learners * (BROWSER_CONNECTIONS + 2))
    bound = timeout_s + ticks * (tick_timeout_s + think_s) + 10

    async def one() -> Learner:
        try:
            return await asyncio.wait_for(
                learner(client, base, assets, ticks, box, timeout_s, tick_timeout_s, think_s),
                bound)
        except TimeoutError:
            return Learner(ticks_s=[math.inf] * ticks, error="TimeoutError: session bound")
    try:
        return list(await asyncio.gather(*(one() for _ in range(learners))))
    finally:
        client.close()


# --- the server ---------------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def voila_command(notebook: Path, port: int, pool: int = 0, refill_s: float | None = None
                  ) -> list[str]:
    """Voila as ``make checklist`` runs it (the offline "clots" template, light theme), serving
    ``notebook`` on loopback ``port``; ``pool`` > 0 adds a pre-heated kernel pool of that size,
    and ``refill_s`` how long Voila waits before replacing a pooled kernel a learner took
    (Voila's default: 1 s)."""
    command = [str(Path(sys.executable).with_name("voila")), str(notebook), "--template=clots",
               "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", "--theme=light"]
    if pool > 0:
        command += ["--preheat_kernel=True", f"--pool_size={pool}"]
        if refill_s is not None:
            command.append(f"--VoilaKernelManager.fill_delay={refill_s:g}")
    return command


@contextlib.contextmanager
def serve(notebook: Path, pool: int, scratch: Path, ready_s: float = 240.0,
          refill_s: float | None = None) -> Iterator[tuple[str, Any, float]]:
    """A Voila server for the block: (base URL, its psutil process, seconds until ready).

    Ready when it listens and, with a pool, when the pool's kernels have started and gone
    quiet (bounded by ``ready_s``). Stopped (its process group) on leaving."""
    import psutil

    port = free_port()
    log = (scratch / f"voila-{port}.log").open("w")
    start = time.monotonic()
    server = subprocess.Popen(voila_command(notebook, port, pool, refill_s), stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True,
                              env={**os.environ, "MPLBACKEND": "agg",
                                   "JUPYTER_PATH": str(TEMPLATES)})
    process = psutil.Process(server.pid)
    try:
        deadline = start + ready_s
        while True:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"Voila did not start; see {log.name}")
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            time.sleep(0.2)
        if pool > 0:   # the pool fills in the background: wait for its kernels, then for quiet
            while len(kernels(process)) < pool and time.monotonic() < deadline:
                time.sleep(0.5)
            while time.monotonic() < deadline and _busy(process) > 20:
                pass
        yield f"http://127.0.0.1:{port}", process, time.monotonic() - start
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, 15)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait(timeout=10)
        log.close()


def _busy(server: Any) -> float:
    """CPU percent of the server's children over half a second (a kernel that dies, as one
    whose ports collide does when many start at once, counts as idle)."""
    import psutil

    total = 0.0
    for child in server.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += child.cpu_percent(0.5)
    return total


def kernels(server: Any) -> dict[str, Any]:
    """The server's kernel processes by kernel id (read from their connection-file argument)."""
    import psutil

    found = {}
    for child in server.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            for arg in child.cmdline():
                if match := _KERNEL_FILE.search(arg):
                    found[match.group(1)] = child
    return found


def usage(server: Any) -> dict[int, dict[str, float]]:
    """CPU seconds, RSS and PSS (bytes) of the server and each process under it, by pid."""
    import psutil

    found = {}
    for proc in [server, *server.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            cpu = proc.cpu_times()
            memory = proc.memory_full_info()
            found[proc.pid] = {"cpu_s": cpu.user + cpu.system, "rss": memory.rss,
                               "pss": getattr(memory, "pss", memory.rss)}
    return found


def browser_assets(base: str, box: str = BOX, timeout_s: float = TIMEOUT_S) -> list[str]:
    """The static files one real browser (headless Chromium, loopback only) fetches for the
    page, as paths: the list every learner then fetches. The page, API calls and WebSockets
    are left out (each learner makes those itself)."""
    from playwright.sync_api import sync_playwright

    paths: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"])
        try:
            page = browser.new_page()

            def seen(request: Any) -> None:
                path = request.url[len(base):]
                if (request.url.startswith(base + "/") and request.method == "GET"
                        and path not in ("/", "") and not path.startswith("/api/")):
                    paths.append(path)
            page.on("requestfinished", seen)
            page.goto(base + "/", timeout=timeout_s * 1000)
            page.get_by_role("checkbox", name=box, exact=False).wait_for(
                timeout=timeout_s * 1000)
            page.wait_for_load_state("networkidle", timeout=timeout_s * 1000)
        finally:
            browser.close()
    return sorted(set(paths))


def page_assets(page: str) -> list[str]:
    """The same-origin scripts and style sheets the page links (when no browser is at hand)."""
    return sorted(set(re.findall(r'(?:src|href)="(/[^"#]+)"', page)))


# --- one row: a class of N ----------------------------------------------------------------------

def summarize(learners: list[Learner]) -> dict[str, Any]:
    """p50/p95 of first interactive (s) and of tick to update (ms) over a class; a learner or
    tick never answered counts as infinitely slow (so a p95 it reaches is None: not met)."""
    first = [x.first_interactive_s for x in learners]
    ticks = [t for x in learners for t in x.ticks_s]
    errors = sorted({x.error for x in learners if x.error})
    row: dict[str, Any] = {
        "interactive": sum(not math.isinf(x) for x in first),
        "first_interactive_p50_s": _finite(percentile(first, 50), 2),
        "first_interactive_p95_s": _finite(percentile(first, 95), 2),
        "first_interactive_max_s": _finite(max(first), 2),
        "ticks": len(ticks), "ticks_answered": sum(not math.isinf(t) for t in ticks),
        "tick_update_p50_ms": _finite(percentile(ticks, 50) * 1000, 1) if ticks else None,
        "tick_update_p95_ms": _finite(percentile(ticks, 95) * 1000, 1) if ticks else None,
        "errors": errors[:5]}
    for phase in ("page", "assets", "kernel"):
        seen = [x.phases_s[phase] for x in learners if phase in x.phases_s]
        if seen:
            row[f"{phase}_p50_s"] = round(percentile(seen, 50), 2)
    return row


def measure_class(notebook: Path, learners: int, pool: int, assets: list[str], scratch: Path,
                  ticks: int = 4, timeout_s: float = TIMEOUT_S, refill_s: float | None = None
                  ) -> dict[str, Any]:
    """A fresh server (with a pool of ``pool`` pre-heated kernels, or none), then ``learners``
    learners at once: their waits, and the server's memory and CPU per learner, the CPU split
    into the server process, the learners' kernels and the other kernels (the pool's refills)."""
    with serve(notebook, pool, scratch, refill_s=refill_s) as (base, server, ready_s):
        waiting = len(kernels(server))
        before = usage(server)
        load_before = os.getloadavg()[0]
        client_cpu = time.process_time()
        wall = time.monotonic()
        result = asyncio.run(classroom(base, learners, assets, ticks, timeout_s=timeout_s))
        wall = time.monotonic() - wall
        client_cpu = time.process_time() - client_cpu
        after = usage(server)
        by_id = kernels(server)
    served = {by_id[x.kernel_id].pid for x in result if x.kernel_id in by_id}
    server_growth = max(0, after[server.pid]["rss"] - before[server.pid]["rss"])
    per = max(1, len(served))
    cpu = {pid: v["cpu_s"] - before.get(pid, {"cpu_s": 0.0})["cpu_s"] for pid, v in after.items()}
    split = {"server": cpu.pop(server.pid, 0.0),
             "learner_kernels": sum(cpu.get(p, 0.0) for p in served),
             "other_kernels": sum(v for p, v in cpu.items() if p not in served)}
    return {"pool": pool, "learners": learners, "refill_delay_s": refill_s, **summarize(result),
            "memory_per_learner_mb": round((sum(after[p]["rss"] for p in served)
                                            + server_growth) / per / 1e6, 1),
            "pss_per_learner_mb": round((sum(after[p]["pss"] for p in served)
                                         + server_growth) / per / 1e6, 1),
            "memory_total_mb": round(sum(v["rss"] for v in after.values()) / 1e6),
            "server_before_mb": round(before[server.pid]["rss"] / 1e6, 1),
            "server_cpu_s_per_learner": round(sum(split.values()) / learners, 2),
            "cpu_s_per_learner": {k: round(v / learners, 2) for k, v in split.items()},
            "client_cpu_s": round(client_cpu, 2),
            "kernels_before": waiting, "kernels_alive": len(by_id),
            "ready_s": round(ready_s, 1),
            "wall_s": round(wall, 1), "load_before": round(load_before, 2),
            "load_after": round(os.getloadavg()[0], 2)}


def plan(levels: tuple[int, ...], late_refill_s: float = 600.0
         ) -> list[tuple[str, int, int, float | None]]:
    """The rows, smallest class first: (name, learners, pool, refill delay). Each count without
    a pool, then with a pool of one pre-heated kernel per learner (Voila refills it 1 s after
    each take), and for the goal's class size also a pool whose refill waits ``late_refill_s``
    (until after the class)."""
    def name(count: int, mode: str) -> str:
        return f"{mode}, {count} learner{'s' if count > 1 else ''}"
    rows: list[tuple[str, int, int, float | None]] = []
    for n in levels:
        rows += [(name(n, "no pool"), n, 0, None), (name(n, f"pool of {n}"), n, n, None)]
        if n == GOAL["learners"]:
            rows.append((name(n, f"pool of {n} refilled after {late_refill_s:g} s"), n, n,
                         late_refill_s))
    return rows


def measure(folder: Path, scratch: Path, levels: tuple[int, ...] = LEVELS, ticks: int = 4,
            timeout_s: float = TIMEOUT_S) -> dict[str, Any]:
    """Every row of :func:`plan`, after one real browser shows which static files a page load
    fetches."""
    scratch.mkdir(parents=True, exist_ok=True)
    notebook = folder / NOTEBOOK
    with serve(notebook, 0, scratch) as (base, _server, _ready):
        try:
            assets, source = browser_assets(base), "one headless Chromium load"
        except Exception as error:          # no browser here: the page's own links
            from urllib.request import urlopen

            with urlopen(base + "/", timeout=timeout_s) as response:
                page = response.read().decode("utf-8")
            assets, source = page_assets(page), f"the page's links ({type(error).__name__})"
    rows: dict[str, Any] = {}
    for key, count, pool, refill_s in plan(levels):
        print(f"  {key} ...", flush=True)
        try:
            rows[key] = measure_class(notebook, count, pool, assets, scratch, ticks, timeout_s,
                                      refill_s)
            print(json.dumps({key: rows[key]}), flush=True)    # kept in the log as it goes
        except Exception as error:    # a row that fails is reported, not fatal
            rows[key] = {"pool": pool, "learners": count, "refill_delay_s": refill_s,
                         "error": str(error)[:300]}
    return {"notebook": NOTEBOOK, "box": BOX, "ticks_per_learner": ticks,
            "timeout_s": timeout_s, "tick_timeout_s": TICK_TIMEOUT_S, "assets": len(assets),
            "assets_from": source,
            "goal": GOAL, "rows": rows}
