"""Keep test runs hermetic: Jupyter, IPython and matplotlib write to a temporary home, not ~."""

import os
import tempfile

import pytest

_HOME = tempfile.mkdtemp(prefix="clots-nerves-test-")
for _name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
              "MPLCONFIGDIR"):
    os.environ[_name] = os.path.join(_HOME, _name.lower())
os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"

# Fixtures for the live clients (JupyterLab, Voila) used by the browser tests.
pytest_plugins = ["tests.clients"]


# --- CI never passes with browser tests skipped -------------------------------------------------
# Browser tests are those that use the `browser` fixture. Under xdist the workers mark their
# reports and the controller, which loads this root conftest, counts the skipped ones.
_skipped_browser_tests: list[str] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Mark the reports of tests that drive the browser."""
    outcome = yield
    if "browser" in getattr(item, "fixturenames", ()):
        outcome.get_result().user_properties.append(("browser_test", True))


def pytest_runtest_logreport(report):
    """Remember browser tests that were skipped."""
    if report.skipped and ("browser_test", True) in report.user_properties:
        _skipped_browser_tests.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """With CI set, a run in which any browser test was skipped fails."""
    if os.environ.get("CI") and _skipped_browser_tests:
        names = sorted(set(_skipped_browser_tests))
        print(f"\nCI: {len(names)} browser tests were skipped, which CI never allows: "
              f"{names[:5]}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
