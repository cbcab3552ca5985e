"""The first visit on a cold server: the named warm-up steps (dashboard.data.warm_steps) run one by one in a worker
thread while the page shows each step's elapsed seconds, updated twice a second, and an honest estimate — the
seconds the same step took the last time this server warmed up, or the usual range when it never has.

Step times are kept in the cache folder (warmup-times.json: step name → seconds), never anything else."""

from __future__ import annotations

import json
import threading
import time
from contextlib import suppress

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx

import vocabulary as vocab
from loaders.registry import cache_dir

_FILE = "warmup-times.json"
TICK_SECONDS = 0.5


def last_times() -> dict[str, float]:
    """Seconds per step from this server's last warm-up ({} when there was none or the file is unreadable)."""
    try:
        raw = json.loads((cache_dir() / _FILE).read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in raw.items() if isinstance(v, int | float) and v >= 0}
    except (OSError, ValueError, AttributeError):
        return {}


def _save(times: dict[str, float]) -> None:
    with suppress(OSError):  # a read-only cache folder only loses the estimate
        (cache_dir() / _FILE).write_text(json.dumps({k: round(v, 1) for k, v in times.items()}), encoding="utf-8")


def _in_thread(run) -> tuple[threading.Thread, dict]:
    out: dict = {}

    def work():
        try:
            out["value"] = run()
        except BaseException as exc:  # handed to the page's thread, which raises it there
            out["error"] = exc

    worker = threading.Thread(target=work, name="dk-warmup", daemon=True)
    add_script_run_ctx(worker)  # the steps use Streamlit's resource cache
    worker.start()
    return worker, out


def _line(lang: str, name: str, seconds: float, before: dict[str, float], done: bool) -> str:
    step, took = vocab.t(name, lang), vocab.fmt(seconds, lang, 0)
    if done:
        return vocab.t("step_finished", lang, step=step, seconds=took)
    if name in before:
        return vocab.t("step_running_known", lang, step=step, seconds=took, last=vocab.fmt(before[name], lang, 0))
    return vocab.t("step_running", lang, step=step, seconds=took)


def run(steps: list[tuple[str, object]], lang: str) -> None:
    """Run the steps in order with a moving display; a step's error is raised here, in the page's thread."""
    before = last_times()
    label = (vocab.t("preparing_known", lang, seconds=vocab.fmt(sum(before.values()), lang, 0)) if before
             else vocab.t("preparing", lang))
    took: dict[str, float] = {}
    with st.status(label, expanded=True) as box:
        for name, step in steps:
            line, start = box.empty(), time.perf_counter()
            worker, out = _in_thread(step)
            while worker.is_alive():
                line.write(_line(lang, name, time.perf_counter() - start, before, done=False))
                worker.join(TICK_SECONDS)
            if "error" in out:
                raise out["error"]
            took[name] = time.perf_counter() - start
            line.write(_line(lang, name, took[name], before, done=True))
        box.update(label=vocab.t("prepared", lang), state="complete", expanded=False)
    _save(took)
