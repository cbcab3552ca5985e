"""Reading numbers back from what a user sees (text in a PDF, an SVG, a page) and holding them against the oracle
after the rounding they were shown with (vocabulary/numbers.py: a figure with d decimals is within half a unit of
its last digit; a share is a per cent)."""

from __future__ import annotations

import html
import math
import re
import subprocess
from pathlib import Path

NBSP = "\u00a0"
_NUMBER = re.compile(r"[−-]?\d{1,3}(?:[ \u00a0,]\d{3})*(?:[.,]\d+)?|[−-]?\d+(?:[.,]\d+)?")


def number(text: str, lang: str) -> float:
    """The first number in `text` as written in `lang` (1 234,5 / 1,234.5; '12 %'); NaN for 'ukjent'/'unknown'."""
    text = str(text).replace(NBSP, " ")
    if re.search(r"\b(ukjent|unknown)\b", text, re.I) and not re.search(r"\d", text):
        return float("nan")
    m = _NUMBER.search(text)
    assert m, f"no number in {text!r}"
    raw = m.group(0).replace("−", "-").replace(" ", "")
    return float(raw.replace(",", ".") if lang == "nb" else raw.replace(",", ""))


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
    shown = number(text, lang)
    want = value * 100 if pct and value == value else value
    assert near(shown, want, decimals, rel), f"{what}: shown {text!r}, oracle {want!r}"


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
