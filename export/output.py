"""Writing a figure with its text description: SVG <title>/<desc>, PNG text chunks (Title, Description, Source,
Copyright), PDF document info (Title, Subject, Author). Screen readers, image search and archives read these."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from xml.sax.saxutils import escape

import vocabulary as vocab

AUTHOR = "Dekningskart"


def save(fig, out, fmt: str, title: str, description: str, lang: str, dpi: float | None = None,
         bbox=None) -> None:
    """Write `fig` to `out` (path or binary file) as png, svg or pdf with the title and description embedded; `bbox`
    (inches, a matplotlib Bbox) crops a PNG to that part of the figure."""
    source = f"{vocab.t('source_line', lang)}. {vocab.t('attribution', lang)}"
    if fmt == "png":
        meta = {"Title": title, "Description": description, "Source": source,
                "Copyright": vocab.t("attribution", lang), "Author": AUTHOR,
                "Creation Time": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
        fig.savefig(out, format="png", dpi=dpi or fig.dpi, metadata=meta, bbox_inches=bbox)
    elif fmt == "pdf":
        meta = {"Title": title, "Subject": description, "Author": AUTHOR, "Keywords": source,
                "Creator": f"{AUTHOR} (matplotlib)"}
        fig.savefig(out, format="pdf", dpi=dpi or fig.dpi, metadata=meta)
    elif fmt == "svg":
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", dpi=dpi or fig.dpi,
                    metadata={"Title": title, "Description": description, "Rights": vocab.t("attribution", lang),
                              "Creator": AUTHOR, "Date": None})
        svg = buffer.getvalue().decode("utf-8")
        head, sep, rest = svg.partition("</title>")
        if not sep:  # matplotlib writes <title> from the Title metadata; add it if a version does not
            head, sep, rest = svg.partition(">\n <metadata>")
            head, sep = head + ">", f"\n <title>{escape(title)}</title>"
            rest = "\n <metadata>" + rest
        svg = f'{head}{sep}\n <desc>{escape(description)}</desc>{rest}'
        svg = svg.replace("<svg ", f'<svg role="img" xml:lang="{lang if lang in vocab.LANGS else "nb"}" ', 1)
        data = svg.encode("utf-8")
        if isinstance(out, (str, Path)):
            Path(out).write_bytes(data)
        else:
            out.write(data)
    else:
        raise ValueError(f"format {fmt!r} not allowed; allowed: png, svg, pdf")
