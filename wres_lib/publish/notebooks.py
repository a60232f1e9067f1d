"""Running the report notebook with papermill and converting it with nbconvert, in one process.

The notebook runs once per mode; the public HTML keeps no code, prompts or parameters and uses
an offline template, so the file opens with no network.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wres_lib.errors import PublishingBlocked

if TYPE_CHECKING:
    from nbformat import NotebookNode

KERNEL_NAME = "python3"
NOTEBOOK_NAME = "wres_report.ipynb"
REPORT_NAME = "wres_report"
TEMPLATES = Path(__file__).resolve().parents[1] / "present" / "templates"
PUBLIC_TEMPLATE = "wres_public.html.j2"
LANGUAGE = "en-GB"
# Cells that never reach the public file, whatever their outputs.
PUBLIC_REMOVE_TAGS = frozenset(
    {"parameters", "injected-parameters", "remove-cell", "internal-only"}
)


class PublishError(Exception):
    """A report could not be built; the message says which notebook or file and why."""


class NotebookFailed(PublishError):
    """A notebook cell raised. Names the notebook and the failing cell's first line."""

    def __init__(
        self,
        notebook: str,
        first_line: str,
        ename: str,
        evalue: str,
        execution_count: int | None = None,
    ):
        self.notebook = notebook
        self.first_line = first_line
        self.ename = ename
        self.evalue = evalue
        self.execution_count = execution_count
        where = f"cell [{execution_count}]" if execution_count is not None else "a cell"
        super().__init__(
            f"notebook {notebook} failed in {where} starting `{first_line}`: {ename}: {evalue}"
        )


# --------------------------------------------------------------------------------------------
# papermill and nbconvert


def run_both_modes(
    notebook: Path,
    folder: Path,
    parameters: dict[str, Any],
    timings: dict[str, float],
    announce: Callable[[str], None],
    *,
    parallel: bool | None = None,
    then: Callable[[str, NotebookNode], None] | None = None,
) -> dict[str, NotebookNode]:
    """Run the notebook in internal and in public mode, each with its own single kernel.

    The two runs are independent processes, so on two or more CPUs they run side by side
    (the public run's disclosure audit and the internal run's charts take about as long).
    ``then(mode, notebook)`` runs in the same thread as soon as that mode's notebook is done,
    so one mode's HTML (and the public PDF) is written while the other kernel is still busy.
    """
    if parallel is None:
        parallel = (os.cpu_count() or 1) > 1

    failed = threading.Event()  # one mode failed: the other need not write its HTML or PDF

    def run(mode: str) -> NotebookNode:
        announce(mode)
        name = f"{REPORT_NAME}.ipynb" if mode == "internal" else f"{REPORT_NAME}.{mode}.ipynb"
        try:
            with stage_timer(timings, f"notebook_{mode}"):
                executed = execute_notebook(notebook, folder / name, {**parameters, "mode": mode})
            if then is not None and not failed.is_set():
                then(mode, executed)
        except BaseException:
            failed.set()
            raise
        return executed

    modes = ("internal", "public")
    if not parallel:
        return {mode: run(mode) for mode in modes}
    with ThreadPoolExecutor(max_workers=len(modes), thread_name_prefix="wres-notebook") as pool:
        futures = {mode: pool.submit(run, mode) for mode in modes}
        return {mode: future.result() for mode, future in futures.items()}


def execute_notebook(notebook: Path, output: Path, parameters: dict[str, Any]) -> NotebookNode:
    """Run a notebook with papermill (kernel ``python3``, working folder the notebook's own).

    A failing cell becomes :class:`NotebookFailed`; a disclosure audit failure inside the
    kernel becomes :class:`PublishingBlocked`, as if it had been raised here.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            # The kernel starts in the notebook's folder. Not papermill's ``cwd``: that
            # changes this process's folder, which two runs at once must not do.
            resources={"metadata": {"path": str(notebook.parent)}},
            progress_bar=False,
            log_output=False,
            # Saved once at the end, not after every cell: nobody watches the file meanwhile,
            # and each save rewrote the whole (growing) notebook.
            request_save_on_cell_execute=False,
            # ipykernel 7 warns on every start that its local TCP link is unencrypted; the
            # warning would bury the command's own output. User-code warnings are unaffected.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            kernel_manager_class=quiet_shutdown_kernel_manager(),
        )
    except PapermillExecutionError as exc:
        if exc.ename == PublishingBlocked.__name__:
            raise PublishingBlocked(f"{notebook.name}: {exc.evalue}") from None
        lines = [line for line in (exc.source or "").splitlines() if line.strip()]
        raise NotebookFailed(
            notebook.name, lines[0].strip() if lines else "", exc.ename, exc.evalue, exc.exec_count
        ) from None


_KERNEL_MANAGER: type | None = None


def quiet_shutdown_kernel_manager() -> type:
    """jupyter_client's kernel manager, less the SIGINT it sends a kernel it is shutting down.

    Why: papermill's last request is ``kernel_info``; as soon as the reply arrives it shuts the
    kernel down, and jupyter_client's shutdown starts by interrupting the kernel's process
    group. The kernel has sent the reply but is often still inside its message handler, where
    SIGINT raises KeyboardInterrupt, so a good build printed "[IPKernelApp] ERROR |
    KeyboardInterrupt caught in kernel." (three of five demo years). A kernel papermill shuts
    down has answered every request, so there is nothing to interrupt; the shutdown request
    (and the kill if the kernel does not exit) is unchanged, and so are interrupts asked for at
    any other time.
    """
    global _KERNEL_MANAGER
    if _KERNEL_MANAGER is None:
        from jupyter_client.manager import AsyncKernelManager

        class QuietShutdownKernelManager(AsyncKernelManager):
            async def _async_interrupt_kernel(self) -> None:
                if self.shutting_down:
                    return
                await super()._async_interrupt_kernel()

        _KERNEL_MANAGER = QuietShutdownKernelManager
    return _KERNEL_MANAGER


def export_html(nb: NotebookNode, *, title: str, public: bool) -> str:
    """Convert an executed notebook to one offline HTML file.

    Public: no code, prompts, parameters, stderr, warnings or error outputs; images embedded.
    Internal: everything but papermill's injected parameters (absolute paths of this machine),
    with the same offline template.
    """
    import copy

    from nbconvert import HTMLExporter

    options: dict[str, Any] = {
        "template_name": "lab",
        "template_file": PUBLIC_TEMPLATE,
        "extra_template_paths": [str(TEMPLATES)],
        "embed_images": True,
        "theme": "light",
    }
    if public:
        options.update(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter = HTMLExporter(**options)
    # The injected parameters hold this machine's absolute paths; the manifest keeps them.
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    if public:
        exporter.register_preprocessor(strip_for_public, enabled=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    # British English for screen readers' voices; nbconvert accepts only two-letter codes.
    body = body.replace('<html lang="en">', f'<html lang="{LANGUAGE}">', 1)
    return _strip_css_comments(body) if public else body


def strip_for_public(nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict]:
    """Drop what the public must not see, before the template runs (belt to exclude_input's braces).

    Removes cells tagged parameters/injected-parameters/remove-cell/internal-only, every
    stderr stream (warnings and logging go there) and error output, code cell sources and
    papermill's metadata (it holds local paths).
    """
    kept = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & PUBLIC_REMOVE_TAGS:
            continue
        if cell.cell_type == "code":
            cell.source = ""
            cell.outputs = [
                output
                for output in cell.get("outputs", [])
                if output.output_type != "error"
                and not (output.output_type == "stream" and output.get("name") == "stderr")
            ]
            cell.metadata.pop("papermill", None)
        kept.append(cell)
    nb.cells = kept
    nb.metadata.pop("papermill", None)
    return nb, resources


_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _strip_css_comments(html: str) -> str:
    """Inlined CSS carries licence comments with web addresses; a public file needs none."""
    return _STYLE_BLOCK.sub(
        lambda m: m.group(1) + _CSS_COMMENT.sub("", m.group(2)) + m.group(3), html
    )


class stage_timer:
    """Record a stage's wall time in ``timings`` (kept even if the stage fails)."""

    def __init__(self, timings: dict[str, float], name: str):
        self.timings, self.name = timings, name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.timings[self.name] = time.perf_counter() - self.start
