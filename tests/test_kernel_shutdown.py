"""A good notebook run ends its kernel without interrupting it.

jupyter_client's shutdown used to begin with SIGINT to the kernel's process group; papermill
shuts the kernel down the moment its last reply arrives, while the kernel is often still in
its message handler, so good builds printed "[IPKernelApp] ERROR | KeyboardInterrupt caught in
kernel.". The race is too narrow to hit on demand with a tiny notebook, so the test looks at
the signal itself: a child process in the kernel's process group notes every signal it gets.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import nbformat
import pytest

from wres_lib.publish.notebooks import execute_notebook

# Started by the notebook inside the kernel's process group; notes each signal, in order.
PROBE = """
import os, signal, sys, time
log = sys.argv[1]
def note(signum, _frame):
    with open(log, "a") as handle:
        handle.write(signal.Signals(signum).name + "\\n")
    if signum == signal.SIGTERM:
        os._exit(0)
signal.signal(signal.SIGINT, note)
signal.signal(signal.SIGTERM, note)
with open(log + ".pid", "w") as handle:
    handle.write(str(os.getpid()))
time.sleep(60)
"""


def probe_notebook(folder: Path) -> tuple[Path, Path]:
    """A two-cell notebook whose second cell starts the probe and waits until it listens."""
    log = folder / "signals.txt"
    start = (
        "import subprocess, sys, time\n"
        "from pathlib import Path\n"
        f"probe = subprocess.Popen([sys.executable, '-c', {PROBE!r}, {str(log)!r}])\n"
        f"while not Path({str(log) + '.pid'!r}).exists():\n"
        "    time.sleep(0.05)\n"
        "print('probe', probe.pid)"
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("label = ''", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(start),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = folder / "probe.ipynb"
    nbformat.write(nb, path)
    return path, log


def signals_seen(log: Path, *, until: str, timeout: float = 10.0) -> list[str]:
    """The probe's notes once ``until`` is among them (or the timeout passed); the probe is
    ended if it is still running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and until not in _read(log):
        time.sleep(0.05)
    pid = int(Path(f"{log}.pid").read_text())
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists() and str(log).encode() in cmdline.read_bytes():
        os.kill(pid, signal.SIGKILL)
    return _read(log)


def _read(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


@pytest.mark.slow
def test_a_good_run_sends_its_kernel_no_interrupt(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    notebook, log = probe_notebook(tmp_path)
    executed = execute_notebook(notebook, tmp_path / "out.ipynb", {"label": "quiet"})
    assert executed.cells[-1].outputs[0]["text"].startswith("probe ")
    # SIGTERM is the kernel ending its own children at shutdown: the probe lived until then.
    assert signals_seen(log, until="SIGTERM") == ["SIGTERM"]
    stderr = capfd.readouterr().err
    assert "KeyboardInterrupt" not in stderr
    assert "ERROR" not in stderr


@pytest.mark.slow
def test_the_probe_sees_jupyter_clients_own_interrupt(tmp_path: Path) -> None:
    """The check can fail: the stock kernel manager's shutdown interrupts the process group."""
    import papermill

    notebook, log = probe_notebook(tmp_path)
    papermill.execute_notebook(
        str(notebook),
        str(tmp_path / "out.ipynb"),
        parameters={"label": "stock"},
        kernel_name="python3",
        progress_bar=False,
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )
    assert signals_seen(log, until="SIGTERM")[:1] == ["SIGINT"]


def test_the_quiet_manager_still_interrupts_a_running_kernel() -> None:
    """Only the shutdown's interrupt is dropped: an interrupt asked for is sent as before."""
    from jupyter_client.manager import AsyncKernelManager

    from wres_lib.publish.notebooks import quiet_shutdown_kernel_manager

    manager_class = quiet_shutdown_kernel_manager()
    assert issubclass(manager_class, AsyncKernelManager)
    assert manager_class is quiet_shutdown_kernel_manager()
    sent: list[int] = []

    class Recording(manager_class):  # type: ignore[misc, valid-type]
        has_kernel = True
        kernel_spec = type("Spec", (), {"interrupt_mode": "signal"})()

        async def _async_signal_kernel(self, signum: int) -> None:
            sent.append(signum)

    manager = Recording()
    asyncio.run(manager._async_interrupt_kernel())
    manager.shutting_down = True
    asyncio.run(manager._async_interrupt_kernel())
    assert sent == [signal.SIGINT]
