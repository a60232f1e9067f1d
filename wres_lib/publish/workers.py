"""The server ``wres batch``'s worker processes are forked from (no heavy imports here: the
command line starts it before importing the build, so the two overlap)."""

from __future__ import annotations

from multiprocessing.context import BaseContext

# What each worker needs imported, once, in the server the workers are forked from.
WORKER_PRELOAD = ["wres_lib.publish.batch", "wres_lib.measure.window"]


def worker_context() -> BaseContext:
    """Workers forked from a clean server process that has imported the build once: no copy
    of this process's threads (tqdm's monitor) or locks, as with fork, but without each
    worker paying the imports again (seconds each on a busy machine)."""
    from multiprocessing import get_context

    context = get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)
    return context


def start_worker_server() -> None:
    """Start the worker server now, so its imports overlap this process's own."""
    from multiprocessing import forkserver

    worker_context()
    forkserver.ensure_running()
