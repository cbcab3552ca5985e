"""Reading numbers back from what a user sees (text in a PDF, an SVG, a page) and holding them against the oracle
after the rounding they were shown with (vocabulary/numbers.py: a figure with d decimals is within half a unit of
its last digit; a share is a per cent)."""

from __future__ import annotations

import html
import math
import re
import subprocess
import zlib
from collections import Counter
from pathlib import Path

NBSP = "\u00a0"
_NUMBER = re.compile(r"[−-]?\d{1,3}(?:[ \u00a0,]\d{3})*(?:[.,]\d+)?|[−-]?\d+(?:[.,]\d+)?")


def number(text: str, lang: str) -> float:
    """The first number in `text` as written in `lang` (1 234,5 / 1,234.5; '12 %'); NaN for 'ukjent'/'ukjend'/'unknown'."""
    text = str(text).replace(NBSP, " ")
    if re.search(r"\b(ukjen[td]|unknown)\b", text, re.I) and not re.search(r"\d", text):
        return float("nan")
    m = _NUMBER.search(text)
    assert m, f"no number in {text!r}"
    raw = m.group(0).replace("−", "-").replace(" ", "")
    return float(raw.replace(",", ".") if _norwegian(lang) else raw.replace(",", ""))


def _norwegian(lang: str) -> bool:
    """Bokmål and nynorsk write 1 234,5; English 1,234.5 (vocabulary/numbers.py)."""
    return lang in ("nb", "nn")


def written_decimals(text: str, lang: str) -> int:
    """How many digits the first number in `text` shows after its decimal mark ('13 135,0' in bokmål: 1)."""
    m = _NUMBER.search(str(text).replace(NBSP, " "))
    assert m, f"no number in {text!r}"
    raw, mark = m.group(0), "," if _norwegian(lang) else "."
    return len(raw) - raw.rindex(mark) - 1 if mark in raw else 0


def numbers(text: str, lang: str) -> list[float]:
    """Every number in `text`, left to right."""
    text = str(text).replace(NBSP, " ")
    return [number(m.group(0), lang) for m in _NUMBER.finditer(text)]


def near(shown: float, value: float, decimals: int = 0, rel: float = 0.0) -> bool:
    """Whether `shown` (rounded to `decimals`) is `value` rounded: within half a unit of the last digit (plus `rel`
    of the value, for figures the oracle computes by another exact method, e.g. geodesic straight lines)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return isinstance(shown, float) and math.isnan(shown)
    return abs(shown - value) <= 0.5 * 10 ** -decimals + 1e-9 + rel * abs(value)


def check(text: str, value: float, lang: str, decimals: int = 0, rel: float = 0.0, pct: bool = False,
          what: str = "") -> None:
    """`text` shows `value` (a share as a per cent with pct) rounded to exactly `decimals` decimals: the number read
    back is within half a unit of its last digit, and it is written with that many digits after the mark (a count
    written '13 135,0' is the right number in the wrong form)."""
    shown = number(text, lang)
    want = value * 100 if pct and value == value else value
    assert near(shown, want, decimals, rel), f"{what}: shown {text!r}, oracle {want!r}"
    if shown == shown:
        written = written_decimals(text, lang)
        assert written == decimals, f"{what}: shown {text!r} with {written} decimals, {decimals} expected"


def pdf_text(path: Path | bytes, layout: bool = True) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode().replace(NBSP, " ")


def cells(line: str) -> list[str]:
    """A `pdftotext -layout` line split into its columns (runs of two or more spaces separate them)."""
    return [c for c in re.split(r"\s{2,}", line.strip()) if c]


def svg_texts(path: Path) -> list[dict]:
    """Every <text> of a matplotlib SVG (svg.fonttype none): x, y, bold, right-aligned, text."""
    svg = Path(path).read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r'<text style="([^"]*)" x="([-\d.]+)" y="([-\d.]+)"[^>]*>([^<]*)</text>', svg):
        out.append({"x": float(m.group(2)), "y": float(m.group(3)), "bold": "font-weight: 700" in m.group(1),
                    "end": "text-anchor: end" in m.group(1), "text": html.unescape(m.group(4))})
    return out


def svg_lines(path: Path) -> list[str]:
    """The SVG's texts as lines a reader sees: texts within 4 px of height on one line, left to right, joined
    by wide gaps (so `cells` splits them as it splits `pdftotext -layout` lines)."""
    texts = sorted(svg_texts(path), key=lambda t: t["y"])
    lines: list[list[dict]] = []
    for t in texts:
        if lines and abs(lines[-1][0]["y"] - t["y"]) < 4:
            lines[-1].append(t)
        else:
            lines.append([t])
    return ["    ".join(t["text"] for t in sorted(line, key=lambda t: t["x"])) for line in lines]


def gap_grid(lines: list[str], lang: str) -> dict[str, int]:
    """Counts per gap class from a drawn legend grid (header: plan groups; rows: near/far); a what-if cell
    'before → after' gives the after count, and `gap_grid_before` the before count."""
    return _grid(lines, lang, -1)


def gap_grid_before(lines: list[str], lang: str) -> dict[str, int]:
    return _grid(lines, lang, 0)


def _grid(lines: list[str], lang: str, pick: int) -> dict[str, int]:
    from coverage import gaps
    from vocabulary import t

    groups = {t(f"grid_{g}", lang): g for g in gaps.PLAN_GROUPS}
    travels = {t(f"grid_{r}", lang): r for r in gaps.TRAVEL}
    out: dict[str, int] = {}
    for i, line in enumerate(lines):
        found = cells(line)
        head = [h for h in found if h in groups]
        if not head or len(found) - len(head) > 1:  # one place name from the map may share the line
            continue
        for row in lines[i + 1:i + 6]:  # … or sit between the rows
            parts = cells(row)
            parts = parts[next((j for j, p in enumerate(parts) if p in travels), len(parts)):]
            if parts and parts[0] in travels:
                values = [re.split(r"\s*→\s*", p) for p in parts[1:1 + len(head)]]
                for g, v in zip(head, values, strict=True):
                    out[gaps.RULE[(groups[g], travels[parts[0]])]] = int(number(v[pick], lang))
        if out:  # a lone 'Ukjent' (a plan status) is no grid header
            return out
    raise AssertionError("no legend grid found")


def legend_html_counts(page: str, indicator: str, lang: str, threshold: int) -> dict[str, int]:
    """Counts per legend key from vocabulary.legend_html markup (the app's legend and the HTML export's)."""
    import vocabulary as vocab

    if indicator == "gap_class":
        by_label = {v[lang]: k for k, v in vocab.CLASS_LABELS.items()}
        found = re.findall(r'<td><span class="dk-swatch"[^>]*></span>(\d+)<span class="dk-sr"> ([^<]*)</span></td>', page)
        return {by_label[html.unescape(text)]: int(n) for n, text in found}
    by_label = {text: key for key, text, _, _ in vocab.legend(indicator, lang, threshold)}
    found = re.findall(r'<li><span class="dk-swatch"[^>]*></span>([^<]*) \((\d+)\)</li>', page)
    return {by_label[html.unescape(text)]: int(n) for text, n in found}


def labelled_counts(text: str, indicator: str, lang: str, threshold: int) -> dict[str, int]:
    """Counts from lines 'label (n)' (a binned legend read back from a PDF or SVG)."""
    import vocabulary as vocab

    out = {}
    for key, label, _, _ in vocab.legend(indicator, lang, threshold):
        pattern = r"\s?".join(re.escape(part) for part in label.split(NBSP))  # pdftotext may drop a no-break space
        m = re.search(pattern + r" \((\d[\d ]*)\)", text.replace(NBSP, " "))
        if m:
            out[key] = int(m.group(1).replace(" ", ""))
    return out


def same_counts(shown: dict, want: dict) -> bool:
    keys = {k for k, n in {**shown, **want}.items() if n}
    return all(shown.get(k, 0) == want.get(k, 0) for k in keys)


def key_figures(lines: list[str], lang: str, threshold: int, weight: str, total: int) -> dict[str, int]:
    """The key-figure panel of a static map: each number is printed before the first words of what it counts
    (the full phrase, or on screen presets the words of the app's cards)."""
    import vocabulary as vocab

    people = vocab.people(weight, lang)
    of = f"({vocab.t('of', lang)} {vocab.fmt(total, lang)})"
    said = {"beyond": (vocab.t("kf_beyond", lang, people=people, t=threshold),
                       vocab.t("kpi_beyond", lang, people=people, t=threshold)),
            "unreachable": (vocab.t("kf_unreachable", lang, people=people),),
            "double_gap": (vocab.t("kf_double", lang, t=threshold), vocab.t("kpi_double", lang)),
            "unknown": (vocab.t("kf_unknown", lang, total=vocab.fmt(total, lang)), f"{vocab.t('kpi_unknown', lang)} {of}")}
    out = {}
    text = "\n".join(line.replace(NBSP, " ") for line in lines)
    for key, phrases in said.items():  # the full phrase (print), or the app card's words (compact, screen presets)
        for words in phrases:
            start = re.escape(" ".join(words.replace(NBSP, " ").split()[:3]))
            m = re.search(r"(\d{1,3}(?:[ ,]\d{3})*)\s+" + start, text)
            if m:
                out[key] = int(number(m.group(1), lang))
                break
    return out


def outlined_box_widths(fig) -> dict[float, int]:
    """How many of the figure's rectangles are drawn with an edge, by its line width (pt)."""
    from collections import Counter

    import matplotlib.colors as mcolors
    import numpy as np
    from matplotlib.patches import Rectangle

    found = Counter()
    for a in fig.artists + fig.patches:
        if isinstance(a, Rectangle) and a.get_linewidth() > 0 and \
                not np.allclose(mcolors.to_rgba(a.get_edgecolor()), mcolors.to_rgba(a.get_facecolor())):
            found[round(a.get_linewidth(), 3)] += 1
    return dict(found)



def pdf_strokes(pdf: bytes) -> list[Counter]:
    """Per page of a matplotlib PDF, how many paths are stroked with each (line width in pt, stroke colour as
    #rrggbb): the width and colour set by the last `w` and `G`/`RG` operators before each stroke (S, s, B, B*, b,
    b*), read from the decompressed page content streams."""
    pages = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            content = zlib.decompress(raw)
        except zlib.error:
            continue
        if not content.startswith(b"/DeviceRGB CS"):  # fonts, images and cmaps are streams too
            continue
        found, width, colour = Counter(), 1.0, "#000000"  # PDF's initial line width and stroke colour
        for t in re.finditer(rb"(?m)([-\d.]+) w\b|(?:^|\s)([\d.]+) G\b|([\d.]+) ([\d.]+) ([\d.]+) RG\b"
                             rb"|^(S|s|B\*?|b\*?)$", content):
            if t.group(1) is not None:
                width = float(t.group(1))
            elif t.group(2) is not None:
                colour = "#" + f"{round(float(t.group(2)) * 255):02x}" * 3
            elif t.group(3) is not None:
                colour = "#" + "".join(f"{round(float(t.group(k)) * 255):02x}" for k in (3, 4, 5))
            else:
                found[(round(width, 3), colour)] += 1
        pages.append(found)
    return pages
