"""What a published page looks like, as data: every text, box, rule, marker, map layer and picture a figure draws,
with its place on the page (Agg's extents, in pixels from the top left), its size and its style; and the check
that a page still looks as it did when a person last looked at it.

This is the drawing's reference, as matplotlib's own tests keep reference images: the numbers on a page are held
against the oracle elsewhere (tests/oracle.py), but where a legend sits, how large a heading is set and how heavy
a rule is drawn have no oracle except a page someone has looked at. A baseline holds no words and no figures from
the data, only places, sizes and styles (and, for a map layer, a digest of its colours).

To accept a change on purpose, write the baselines anew and look at the pages before committing them:

    DEKNING_BLESS=1 python -m pytest tests/test_drawn_geometry.py      # writes tests/baselines/geometry/*.json
                                                                       # and a PNG of each page under $TMPDIR
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import matplotlib.colors as mcolors
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

BASELINES = Path(__file__).resolve().parent / "baselines" / "geometry"
TOLERANCE = 0.6  # px: a place may move by less than this (rounding in the renderer), never by a pixel


def _hex(colour) -> str:
    rgba = mcolors.to_rgba(colour)
    return mcolors.to_hex(rgba, keep_alpha=rgba[3] < 1)


def _box(ext, height: float) -> list[float]:
    return [round(ext.x0, 1), round(height - ext.y1, 1), round(ext.x1, 1), round(height - ext.y0, 1)]


def _colours(values) -> str:
    """A digest of a layer's colours (one per drawn shape), so a recoloured kommune shows without its class."""
    values = np.round(np.asarray(values, dtype=float), 3)
    return hashlib.sha1(values.tobytes()).hexdigest()[:12] if values.size else ""


def _element(a, r, height: float) -> list | None:
    if not a.get_visible():
        return None
    if isinstance(a, Text):
        if not a.get_text().strip():
            return None
        return ["text", *_box(a.get_window_extent(r), height), round(a.get_fontsize(), 2), str(a.get_fontweight()),
                _hex(a.get_color()), round(a.get_rotation(), 1), a.get_zorder()]
    if isinstance(a, Line2D):
        return ["line", *_box(a.get_window_extent(r), height), round(a.get_linewidth(), 3), _hex(a.get_color()),
                str(a.get_marker()), round(a.get_markersize(), 2), a.get_zorder()]
    if isinstance(a, Patch):
        return ["patch", *_box(a.get_window_extent(r), height), round(a.get_linewidth(), 3),
                _hex(a.get_facecolor()), _hex(a.get_edgecolor()), a.get_zorder()]
    if isinstance(a, Collection):
        paths = len(a.get_paths())
        sizes = a.get_sizes() if hasattr(a, "get_sizes") else []
        return ["layer", *_box(a.get_window_extent(r), height), paths, len(a.get_offsets()),
                [round(float(w), 3) for w in np.unique(a.get_linewidths())], _colours(a.get_facecolors()),
                _colours(a.get_edgecolors()), [round(float(s), 2) for s in np.unique(sizes)], a.get_zorder()]
    if isinstance(a, AxesImage):
        return ["image", *_box(a.get_window_extent(r), height), list(a.get_array().shape)]
    return None


def snapshot(fig) -> list[list]:
    """Every element the figure draws, in drawing order of creation: the figure's own, then each axes' frame and
    contents (axes turned off draw no ticks, so none are read)."""
    r = FigureCanvasAgg(fig).get_renderer()
    fig.draw(r)
    height = fig.bbox.height
    out = []
    own = [*fig.patches, *fig.artists, *fig.lines, *fig.texts, *fig.images]
    for a in own:
        e = _element(a, r, height)
        if e:
            out.append(e)
    for ax in fig.axes:
        out.append(["axes", *_box(ax.get_window_extent(r), height), bool(ax.axison), ax.get_zorder()])
        for a in [*ax.collections, *ax.patches, *ax.lines, *ax.texts, *ax.images, *ax.artists]:
            e = _element(a, r, height)
            if e:
                out.append(e)
    return out


def _describe(e: list) -> str:
    return f"{e[0]} at ({e[1]:.1f}, {e[2]:.1f})–({e[3]:.1f}, {e[4]:.1f}) {e[5:]}"


def differences(found: list[list], want: list[list]) -> list[str]:
    """Each element that moved, resized or restyled, and any element added or dropped, in plain words."""
    problems = []
    if len(found) != len(want):
        problems.append(f"elements drawn: {len(found)}, in the baseline: {len(want)}")
    for i, (f, w) in enumerate(zip(found, want, strict=False)):
        if f[0] != w[0]:
            problems.append(f"#{i}: a {f[0]} where the baseline has a {w[0]}")
            break
        moved = max(abs(a - b) for a, b in zip(f[1:5], w[1:5], strict=True))
        if moved >= TOLERANCE:
            problems.append(f"#{i}: {_describe(f)}, was {_describe(w)} ({moved:.1f} px)")
        elif f[5:] != w[5:]:
            problems.append(f"#{i}: {_describe(f)}, style was {w[5:]}")
    return problems


def check(name: str, figures: list) -> None:
    """Compare the figures' elements with the baseline `name` (write it instead when DEKNING_BLESS=1)."""
    figures = list(figures)  # a copy: saving the pictures below may add to a list that records every save
    found = [snapshot(fig) for fig in figures]
    path = BASELINES / f"{name}.json"
    if os.environ.get("DEKNING_BLESS") == "1":
        BASELINES.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(found, separators=(",", ":")) + "\n")
        looks = Path(tempfile.gettempdir()) / "dekning-geometry"
        looks.mkdir(exist_ok=True)
        for i, fig in enumerate(figures):
            fig.savefig(looks / f"{name}-{i}.png", dpi=fig.dpi)
        return
    assert path.exists(), f"no baseline {path.name}: write it with DEKNING_BLESS=1 and look at the pages"
    want = json.loads(path.read_text())
    problems = [] if len(found) == len(want) else [f"{len(found)} pages drawn, {len(want)} in the baseline"]
    for page, (f, w) in enumerate(zip(found, want, strict=False)):
        problems += [f"page {page + 1}: {p}" for p in differences(json.loads(json.dumps(f)), w)]
    assert not problems, f"{name} no longer looks as it did:\n" + "\n".join(problems[:15])
