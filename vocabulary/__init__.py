"""Every user-facing word, number format, label and colour of Dekningskart, in bokmål, nynorsk and English.

The app, the exports, the fact sheets and the method page all take their words from here (words.py),
format numbers and dates the same way (numbers.py) and colour maps from one set of legends (legend.py)
whose colours are checked for contrast and colour-vision deficiencies (palette.py).
"""

from loaders.curated import period_end as _period_end
from vocabulary.brief_words import WORDS as _BRIEF_WORDS
from vocabulary.capacity_words import WORDS as _CAPACITY_WORDS
from vocabulary.drive_words import WORDS as _DRIVE_WORDS
from vocabulary.legend import (  # noqa: F401
    BINS,
    CENTRE_COLOUR,
    CLASS_LABELS,
    EVIDENCE_LABELS,
    GAP_COLOURS,
    INDICATORS,
    LABELS,
    LEGEND_CSS,
    NEW_CENTRE_COLOUR,
    NO_DATA,
    PLAN_COLOURS,
    PLAN_LABELS,
    RAMP,
    TITLES,
    colours,
    column,
    display,
    keys,
    kind,
    label,
    legend,
    legend_html,
    plan_group_label,
    title,
)
from vocabulary.numbers import (  # noqa: F401
    age_years,
    as_of_text,
    date_text,
    error_band,
    fmt,
    is_old,
    parse_as_of,
    pct,
    source_text,
    with_age,
)
from vocabulary.page_words import WORDS as _PAGE_WORDS
from vocabulary.register_words import WORDS as _REGISTER_WORDS
from vocabulary.slide_words import WORDS as _SLIDE_WORDS
from vocabulary.words import LANGS, WORDS, is_norwegian, t  # noqa: F401

WORDS.update(_SLIDE_WORDS)  # the slides and the presenter view (vocabulary/slide_words.py)
WORDS.update(_REGISTER_WORDS)  # one table of phrases: the register's pages are reached by `t` like every other
WORDS.update(_BRIEF_WORDS)  # the editable brief's own phrases (export/brief.py), with their Nynorsk inline
WORDS.update(_CAPACITY_WORDS)  # capacity against the norm (nb, nn and en inline)
WORDS.update(_DRIVE_WORDS)  # the method page's routes and roads left out of the calibration (issue 18)
WORDS.update(_PAGE_WORDS)  # the page's own controls and the downloads' progress (issue 19)


def centre_label(name: str, town: str) -> str:
    """'Name (town)', or just the name when it already says the town ('Vest-Finnmark krisesenter (Hammerfest)',
    'Krisesenteret i Salten' in Bodø stays 'Krisesenteret i Salten (Bodø)')."""
    name, town = str(name or ""), str(town or "")
    return name if not town or town.lower() in name.lower() else f"{name} ({town})"


def whatif_lines(effect: dict, lang: str, people: str, area: str, threshold: int, kommuner: int) -> list[str]:
    """A what-if's answer in two sentences (coverage.summary.whatif_effect): how many people come within (or fall
    beyond) the threshold and their share of the area's people; how many kommuner change class. The app's what-if
    page and the what-if sheet say the same."""
    gained = effect["gained"]
    which = "whatif_gain" if gained > 0 else "whatif_loss" if gained < 0 else "whatif_same"
    k = len(effect["changed"])
    return [t(which, lang, n=fmt(abs(gained), lang), share=pct(abs(effect["share"]), lang, 1), people=people,
              area=area, t=threshold),
            t("whatif_classes", lang, k=k, of=kommuner) if k else t("whatif_classes_none", lang)]


def people(weight: str, lang: str) -> str:
    """Who is counted: 'innbyggere' or 'kvinner 18+' (labels name the population weight in use)."""
    return t(f"people_{weight}", lang)


def plan_details(row, lang: str) -> list[str]:
    """Title, period and partners of a known plan, worded the same in the app and on the fact sheet."""
    details = [str(row["plan_title"])] if row["plan_title"] else []
    if row["plan_period"]:
        details.append(f"{t('period', lang)}: {row['plan_period']}")
    if row["plan_partners"]:
        details.append(f"{t('partners', lang)}: {_partners(str(row['plan_partners']), lang)}")
    return details


PARTNERS_SHOWN = 5  # a joint plan of many kommuner (Sunnmøre: 13 partners) names the first few and counts the rest


def _partners(text: str, lang: str) -> str:
    names = [n.strip() for n in text.split(";") if n.strip()]
    if len(names) <= PARTNERS_SHOWN + 1:
        return "; ".join(names)
    return t("partners_more", lang, names="; ".join(names[:PARTNERS_SHOWN]), n=len(names) - PARTNERS_SHOWN)


def joint_plan_text(row, lang: str) -> str:
    """'Felles plan for Vesterålen, publisert 2020' for a member of a joint plan ('' otherwise, or when the table
    has no joint-plan columns): the region when the table carries one, else the plan's title."""
    name = str(row.get("plan_joint_title", "") or "")
    if not name or name == "nan":
        return ""
    published = row.get("plan_joint_published", "") or "undated"
    region = str(row.get("plan_joint_region", "") or "")
    text = t("joint_plan_region", lang, region=region, when="") if region and region != "nan" else \
        t("joint_plan", lang, title=name, when="")
    if parse_as_of(published) is None:  # 'Felles plan: … (udatert)'
        return f"{text.rsplit(',', 1)[0]} ({t('undated', lang)})"
    return text + date_text(published, lang)


def plan_status_text(row, lang: str, today=None) -> str:
    """The plan status word, with its source date when the evidence is old or undated."""
    status = row["plan_status"]
    word = PLAN_LABELS[status][lang]
    if status == "unknown":
        return word
    end = _period_end(str(row.get("plan_period", "") or ""))
    if status == "expired" and end:  # expired because its period ended: say when, not the source's date
        return t("expired_period", lang, word=word, end=end)
    return with_age(word, row.get("plan_as_of", ""), lang, today)


def band_lines(row, threshold: int, lang: str) -> list[str]:
    """The report card's and the fact sheet's words on a kommune's error band: the median with its band, then
    whether the threshold lies inside it (close_to_threshold, from coverage.gaps); [] when there is no median."""
    low, high = row["band_low_min"], row["band_high_min"]
    if not (low == low and high == high):  # NaN: nobody in the kommune can reach a centre by road
        return []
    median = (low + high) / 2  # the band is m·(1−b) … m·(1+b) around the median the gap class uses
    line = t("band_line", lang, m=fmt(median, lang, 0, "min"), low=fmt(low, lang, 0), high=fmt(high, lang, 0, "min"),
             b=error_band(lang))
    verdict = "band_close" if bool(row["close_to_threshold"]) else "band_clear"
    return [line, t(verdict, lang, t=int(threshold))]


def source_title(name: str, source: dict, lang: str) -> str:
    """A registry source's title (geodata/sources.json) in `lang`: English `title`, Bokmål `title_nb`, Nynorsk from
    vocabulary/nynorsk.py's SOURCE_TITLES (each falling back to the Bokmål, then the English title)."""
    from vocabulary.nynorsk import SOURCE_TITLES

    bokmal = source.get("title_nb", source["title"])
    return source["title"] if lang == "en" else SOURCE_TITLES.get(name, bokmal) if lang == "nn" else bokmal


def entry_count(text: str, n: int, lang: str) -> str:
    """'Text: 3 kommuner' — and 'Text: 1 kommune' for one (a legend entry said in words: alt text, notes)."""
    return t("entry_count_one" if int(n) == 1 else "entry_count", lang, label=text, n=n)
