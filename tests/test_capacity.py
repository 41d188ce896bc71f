"""helpers.capacity, the protocol-level learners of `make bench`'s classroom capacity: the
statistics, the messages, and one short real class of one learner against a real Voila.

Nothing here judges a time: the benchmark reports, the tests only check that it can.
"""

import asyncio
import math
import statistics

import pytest

from helpers import capacity
from tests.browser import in_thread
from tests.notebooks import ROOT


def test_percentile_matches_the_inclusive_quantiles_of_the_standard_library():
    samples = [i / 1000 for i in range(1, 101)]
    assert capacity.percentile(samples, 50) == pytest.approx(statistics.median(samples))
    assert capacity.percentile(samples, 95) == pytest.approx(
        statistics.quantiles(samples, n=20, method="inclusive")[-1])
    assert capacity.percentile([2.5], 95) == 2.5


def test_a_learner_never_served_makes_the_p95_unknown_when_one_in_twenty_of_the_class():
    served = [1.0] * 19
    assert capacity.percentile([*served, math.inf], 95) == math.inf
    assert capacity.percentile([*served, math.inf], 50) == 1.0
    assert capacity.percentile([1.0] * 99 + [math.inf], 95) == 1.0


@pytest.mark.parametrize("samples, q", [([], 50), ([1.0], 101), ([1.0], -1)])
def test_percentile_refuses_an_empty_class_or_a_rank_outside_0_to_100(samples, q):
    with pytest.raises(ValueError):
        capacity.percentile(samples, q)


def test_summary_counts_who_was_served_and_reports_an_unreached_p95_as_none():
    learners = [capacity.Learner(first_interactive_s=2.0, ticks_s=[0.05, 0.07])
                for _ in range(19)]
    learners.append(capacity.Learner(ticks_s=[math.inf, math.inf], error="TimeoutError: x"))
    row = capacity.summarize(learners)
    assert row["interactive"] == 19 and row["first_interactive_p50_s"] == 2.0
    assert row["first_interactive_p95_s"] is None and row["first_interactive_max_s"] is None
    assert row["ticks"] == 40 and row["ticks_answered"] == 38
    assert row["tick_update_p50_ms"] == 70.0 and row["tick_update_p95_ms"] is None
    assert row["errors"] == ["TimeoutError: x"]


def test_a_message_survives_the_v1_websocket_framing():
    msg = capacity.message("comm_msg", {"comm_id": "c", "data": {"method": "update",
                                                                 "state": {"value": True}}},
                           session="s")
    channel, back = capacity.unpack(capacity.pack("shell", msg))
    assert channel == "shell"
    assert back["header"] == msg["header"] and back["content"] == msg["content"]
    assert back["header"]["version"] == "5.3" and back["header"]["session"] == "s"


STATES = {"a": {"model_name": "HTMLModel", "state": {"value": "Active cancer"}},
          "b": {"model_name": "CheckboxModel", "state": {"description": "Bedridden"}},
          "c": {"model_name": "CheckboxModel",
                "state": {"description": "Active cancer (treatment ongoing)"}}}


def test_the_ticked_box_is_the_checkbox_whose_description_names_it():
    assert capacity.find_checkbox(STATES, "Active cancer") == "c"
    with pytest.raises(LookupError, match="no checkbox described 'Paralysis' among 3"):
        capacity.find_checkbox(STATES, "Paralysis")


def test_the_kernel_id_is_read_from_the_pages_configuration():
    page = ('<head><script id="jupyter-config-data" type="application/json">\n'
            '{"baseUrl": "/", "kernelId": "0b8f"}</script></head>')
    assert capacity.kernel_id_of(page) == "0b8f"
    with pytest.raises(LookupError):
        capacity.kernel_id_of("<html></html>")


def test_without_a_browser_the_assets_are_the_pages_own_local_links():
    page = ('<script src="/voila/static/voila.js"></script><a href="#top"></a>'
            '<link href="/voila/x.css?v=1"><img src="https://example.org/a.png">')
    assert capacity.page_assets(page) == ["/voila/static/voila.js", "/voila/x.css?v=1"]


class FakeKernel:
    """A kernel socket that replays messages: what a tick reads, without a server."""

    def __init__(self, replies):
        self.replies, self.sent = list(replies), []

    async def send(self, channel, msg_type, content, metadata=None):
        self.sent.append((channel, msg_type, content))
        return "tick-1"

    async def receive(self, deadline):
        if not self.replies:
            await asyncio.sleep(0.05)
            raise TimeoutError
        return self.replies.pop(0)


def _iopub(parent, msg_type, content):
    return "iopub", {"header": {"msg_type": msg_type}, "parent_header": {"msg_id": parent},
                     "content": content}


def test_a_tick_is_answered_by_the_updates_it_caused_until_the_kernel_is_idle():
    kernel = FakeKernel([
        _iopub("tick-1", "status", {"execution_state": "busy"}),
        _iopub("other", "comm_msg", {"comm_id": "x", "data": {"method": "update",
                                                              "state": {"value": "stale"}}}),
        _iopub("tick-1", "comm_msg", {"comm_id": "box", "data": {"method": "echo_update",
                                                                 "state": {"value": True}}}),
        _iopub("tick-1", "comm_msg", {"comm_id": "sum", "data": {"method": "update",
                                                                 "state": {"value": "1 point"}}}),
        _iopub("tick-1", "status", {"execution_state": "idle"})])
    seconds, states = in_thread(asyncio.run, capacity.tick(kernel, "box", True, timeout_s=5))
    assert 0 < seconds < 5 and states == {"sum": {"value": "1 point"}}
    assert kernel.sent == [("shell", "comm_msg", {"comm_id": "box", "data": {
        "method": "update", "state": {"value": True}, "buffer_paths": []}})]


@pytest.mark.parametrize("replies", [
    [_iopub("tick-1", "status", {"execution_state": "idle"})],          # idle, no update
    [_iopub("tick-1", "status", {"execution_state": "busy"})]],         # no answer in time
    ids=["idle-without-update", "silent"])
def test_a_tick_without_a_widget_update_is_never_answered(replies):
    seconds, _states = in_thread(asyncio.run, capacity.tick(FakeKernel(replies), "box", True, 0.1))
    assert seconds == math.inf


def test_voila_is_started_as_make_checklist_starts_it_on_loopback_only():
    command = capacity.voila_command(ROOT / "notebooks" / capacity.NOTEBOOK, 8899)
    assert command[1].endswith("04_signs_and_risk.ipynb")
    assert {"--template=clots", "--no-browser", "--port=8899", "--Voila.ip=127.0.0.1",
            "--theme=light"} <= set(command)
    assert not any("preheat" in c or "fill_delay" in c for c in command)
    pooled = capacity.voila_command(ROOT / "notebooks" / capacity.NOTEBOOK, 8899, pool=5)
    assert pooled[-2:] == ["--preheat_kernel=True", "--pool_size=5"]
    late = capacity.voila_command(ROOT / "notebooks" / capacity.NOTEBOOK, 8899, 5, 600.0)
    assert late[-1] == "--VoilaKernelManager.fill_delay=600"


def test_the_plan_measures_each_class_without_and_with_a_pool_and_a_late_refill_at_the_goal():
    rows = capacity.plan((1, 10, 30, 60))
    assert [(n, pool, late) for _name, n, pool, late in rows] == [
        (1, 0, None), (1, 1, None), (10, 0, None), (10, 10, None),
        (30, 0, None), (30, 30, None), (30, 30, 600.0), (60, 0, None), (60, 60, None)]
    assert rows[0][0] == "no pool, 1 learner" and rows[6][0] == \
        "pool of 30 refilled after 600 s, 30 learners"
    assert len({name for name, *_ in rows}) == len(rows)


def test_one_real_learner_in_voila_is_served_and_each_tick_is_answered(voila):
    # Two learners at once on the checklist as `make checklist` serves it: one ticks "Active
    # cancer" and unticks it, the other asks for a box the page does not have.
    base = voila.url(capacity.NOTEBOOK).rstrip("/")

    async def both():
        from tornado.httpclient import AsyncHTTPClient

        client = AsyncHTTPClient(force_instance=True)
        try:
            return await asyncio.gather(*(
                capacity.learner(client, base, ["/voila/static/voila.js"], 2, box, 120.0, 30.0,
                                 0.1) for box in (capacity.BOX, "No such box")))
        finally:
            client.close()
    served, lost = in_thread(asyncio.run, both())
    assert served.error == "" and served.kernel_id
    assert 0 < served.first_interactive_s < math.inf
    assert served.phases_s["page"] <= served.phases_s["kernel"] <= served.first_interactive_s
    assert all(0 < t < math.inf for t in served.ticks_s)
    summaries = [" ".join(str(s.get("value", "")) for s in answer.values())
                 for answer in served.answers]
    assert "Wells score: 1 point" in summaries[0] and "Wells score: 0 points" in summaries[1]
    assert lost.first_interactive_s < math.inf and lost.ticks_s == [math.inf, math.inf]
    assert lost.error.startswith("LookupError: no checkbox described 'No such box'")
