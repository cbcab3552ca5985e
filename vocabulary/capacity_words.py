# ruff: noqa: E501  (a table of UI strings reads better one string per line)
"""Capacity against the Council of Europe norm, in words (bokmål, nynorsk, English inline) — merged into WORDS like
register_words. `capacity_lines(summary, lang, …)` is what the report card, the method page and the DOCX brief say:
each line with its source's name, URL and date. The figures come from coverage.capacity.Summary (one home for the
arithmetic); this module only words and formats them."""

from __future__ import annotations

from typing import NamedTuple

from vocabulary.numbers import fmt
from vocabulary.words import t

WORDS = {
    "cap_h": {"nb": "Kapasitet mot Europarådets norm", "nn": "Kapasitet mot norma til Europarådet",
              "en": "Capacity against the Council of Europe norm"},
    "cap_counts": {"nb": "Bufdir ({year}): {rooms_w} soverom og {beds_w} faste sengeplasser i de {offers_w} krisesentertilbudene for kvinner; {rooms_m} soverom og {beds_m} faste sengeplasser i de {offers_m} tilbudene med botilbud for menn.",
                   "nn": "Bufdir ({year}): {rooms_w} soverom og {beds_w} faste sengeplassar i dei {offers_w} krisesentertilboda for kvinner; {rooms_m} soverom og {beds_m} faste sengeplassar i dei {offers_m} tilboda med butilbod for menn.",
                   "en": "Bufdir ({year}): {rooms_w} bedrooms and {beds_w} permanent beds in the {offers_w} crisis-centre offers for women; {rooms_m} bedrooms and {beds_m} permanent beds in the {offers_m} offers with housing for men."},
    "cap_per_10k": {"nb": "Det er {rw} soverom og {bw} sengeplasser per {per} innbyggere i tilbudene for kvinner ({ra} og {ba} med tilbudene for menn), regnet ut fra {people} innbyggere 1. januar {year}.",
                    "nn": "Det er {rw} soverom og {bw} sengeplassar per {per} innbyggjarar i tilboda for kvinner ({ra} og {ba} med tilboda for menn), rekna ut frå {people} innbyggjarar 1. januar {year}.",
                    "en": "That is {rw} bedrooms and {bw} beds per {per} inhabitants in the offers for women ({ra} and {ba} with the offers for men), counting {people} inhabitants on 1 January {year}."},
    "cap_norm_short": {"nb": "Europarådets norm er én familieplass per {per} innbyggere (senger til en mor og barna hennes). For Norge i {year} er det {places} familieplasser, {gap} flere enn soverommene i tilbudene for kvinner. Et soverom er ikke nødvendigvis en familieplass, så tallene kan ikke sammenlignes direkte.",
                       "nn": "Europarådet tilrår éin familieplass per {per} innbyggjarar (senger til ei mor og borna hennar). For Noreg i {year} gir norma {places} familieplassar, {gap} fleire enn soveromma i tilboda for kvinner. Eit soverom er ikkje nødvendigvis ein familieplass, så tala kan ikkje samanliknast direkte.",
                       "en": "The Council of Europe's norm is one family place per {per} inhabitants (beds for a mother and her children). For Norway in {year} that is {places} family places, {gap} more than the bedrooms in the offers for women. A bedroom is not necessarily a family place, so the figures cannot be compared directly."},
    "cap_norm_over": {"nb": "Europarådets norm er én familieplass per {per} innbyggere (senger til en mor og barna hennes). For Norge i {year} er det {places} familieplasser; tilbudene for kvinner hadde {gap} flere soverom. Et soverom er ikke nødvendigvis en familieplass, så tallene kan ikke sammenlignes direkte.",
                      "nn": "Europarådet tilrår éin familieplass per {per} innbyggjarar (senger til ei mor og borna hennar). For Noreg i {year} gir norma {places} familieplassar; tilboda for kvinner hadde {gap} fleire soverom. Eit soverom er ikkje nødvendigvis ein familieplass, så tala kan ikkje samanliknast direkte.",
                      "en": "The Council of Europe's norm is one family place per {per} inhabitants (beds for a mother and her children). For Norway in {year} that is {places} family places; the offers for women had {gap} more bedrooms. A bedroom is not necessarily a family place, so the figures cannot be compared directly."},
    "cap_now": {"nb": "Med folketallet 1. januar {year} ({people}) gir normen {places} familieplasser. Nyere tall for soverom og senger enn {latest} er ikke funnet.",
                "nn": "Med folketalet 1. januar {year} ({people}) gir norma {places} familieplassar. Nyare tal for soverom og senger enn {latest} er ikkje funne.",
                "en": "With the population on 1 January {year} ({people}) the norm means {places} family places. No count of bedrooms and beds newer than {latest} was found."},
    "cap_fylke": {"nb": "{fylke}: kapasitet per fylke er ikke publisert (Bufdir oppgir tall for hele landet). Normen gir {places} familieplasser for fylkets {people} innbyggere ({year}).",
                  "nn": "{fylke}: kapasitet per fylke er ikkje publisert (Bufdir oppgir tal for heile landet). Norma gir {places} familieplassar for dei {people} innbyggjarane i fylket ({year}).",
                  "en": "{fylke}: capacity per county is not published (Bufdir gives national totals). The norm means {places} family places for the county's {people} inhabitants ({year})."},
    "cap_centre": {"nb": "Kapasitet per krisesenter er ikke publisert: Bufdirs tabell per senter ({year}) har ingen tall for soverom eller senger.",
                   "nn": "Kapasitet per krisesenter er ikkje publisert: tabellen til Bufdir per senter ({year}) har ingen tal for soverom eller senger.",
                   "en": "Capacity per crisis centre is not published: Bufdir's per-centre table ({year}) has no count of bedrooms or beds."},
    "cap_source_bufdir": {"nb": "Bufdir, krisesenterstatistikken", "nn": "Bufdir, krisesenterstatistikken",
                          "en": "Bufdir, crisis-centre statistics"},
    "cap_source_ssb": {"nb": "SSB, folkemengde 1. januar", "nn": "SSB, folkemengd 1. januar",
                       "en": "Statistics Norway (SSB), population on 1 January"},
    "cap_source_norm": {"nb": "Europarådet (2008), sitert av FemCities", "nn": "Europarådet (2008), sitert av FemCities",
                        "en": "Council of Europe (2008), quoted by FemCities"},
    "cap_source_population": {"nb": "SSB 07459 (via FHI), prosjektets folketall", "nn": "SSB 07459 (via FHI), folketalet i prosjektet",
                              "en": "SSB 07459 (via FHI), the project's population"},
    # the method page
    "cap_method": {"nb": "Bufdir publiserer hvor mange soverom og faste sengeplasser krisesentrene har, bare for hele landet. Her settes tallene mot SSBs folketall 1. januar samme år: per {per} innbyggere = antall ÷ folketall × {per_plain}. Europarådets norm gir folketall ÷ {per_plain} familieplasser, og avviket er soverom minus normens plasser. En familieplass er senger til en mor og barna hennes; Bufdir teller soverom og senger, så soverom er det nærmeste tallet, ikke det samme.",
                   "nn": "Bufdir publiserer kor mange soverom og faste sengeplassar krisesentera har, berre for heile landet. Her blir tala sette mot folketalet til SSB 1. januar same året: per {per} innbyggjarar = talet ÷ folketalet × {per_plain}. Norma til Europarådet gir folketalet ÷ {per_plain} familieplassar, og avviket er soverom minus plassane i norma. Ein familieplass er senger til ei mor og borna hennar; Bufdir tel soverom og senger, så soverom er det næraste talet, ikkje det same.",
                   "en": "Bufdir publishes how many bedrooms and permanent beds the crisis centres have, for the whole country only. Here the counts are set against SSB's population on 1 January of the same year: per {per} inhabitants = count ÷ population × {per_plain}. The Council of Europe's norm gives population ÷ {per_plain} family places, and the gap is bedrooms minus the norm's places. A family place is beds for a mother and her children; Bufdir counts bedrooms and beds, so bedrooms are the nearest count, not the same thing."},
    "cap_year": {"nb": "År", "nn": "År", "en": "Year"},
    "cap_offer": {"nb": "Tilbud", "nn": "Tilbod", "en": "Offers"},
    "cap_offer_women": {"nb": "for kvinner", "nn": "for kvinner", "en": "for women"},
    "cap_offer_men": {"nb": "for menn", "nn": "for menn", "en": "for men"},
    "cap_offer_all": {"nb": "alle", "nn": "alle", "en": "all"},
    "cap_n_offers": {"nb": "Antall tilbud", "nn": "Tal på tilbod", "en": "Number of offers"},
    "cap_rooms": {"nb": "Soverom", "nn": "Soverom", "en": "Bedrooms"},
    "cap_beds": {"nb": "Faste sengeplasser", "nn": "Faste sengeplassar", "en": "Permanent beds"},
    "cap_rooms_10k": {"nb": "Soverom per {per}", "nn": "Soverom per {per}", "en": "Bedrooms per {per}"},
    "cap_beds_10k": {"nb": "Senger per {per}", "nn": "Senger per {per}", "en": "Beds per {per}"},
    "cap_population": {"nb": "Folketall 1. januar", "nn": "Folketal 1. januar", "en": "Population on 1 January"},
    "cap_norm_places": {"nb": "Familieplasser etter normen", "nn": "Familieplassar etter norma", "en": "Family places by the norm"},
    "cap_gap": {"nb": "Soverom minus normen", "nn": "Soverom minus norma", "en": "Bedrooms minus the norm"},
    "cap_definitions": {"nb": "Bufdirs ord: «{beboere}» Romtallet er «{rooms}»; for 2019 skriver Bufdir «soveplasser», for 2020 «faste sengeplasser». Ingen definisjon av soverom eller sengeplass er funnet. EIGE: «{place}»",
                        "nn": "Orda til Bufdir: «{beboere}» Romtalet er «{rooms}»; for 2019 skriv Bufdir «soveplasser», for 2020 «faste sengeplasser». Ingen definisjon av soverom eller sengeplass er funnen. EIGE: «{place}»",
                        "en": "Bufdir's words: “{beboere}” (people who stay overnight at a crisis centre are called residents). The room count reads “{rooms}”; Bufdir writes “soveplasser” for 2019 and “faste sengeplasser” for 2020. No definition of a bedroom or a bed was found. EIGE: “{place}”"},
    "cap_context": {"nb": "Regjeringen skrev i Ot.prp. nr. 96 (2008–2009): «{quote}» Proposisjonen telte familieplasser, ikke soverom, og oppgir ikke tallet.",
                    "nn": "Regjeringa skreiv i Ot.prp. nr. 96 (2008–2009): «{quote}» Proposisjonen talde familieplassar, ikkje soverom, og oppgir ikkje talet.",
                    "en": "The government wrote in Ot.prp. nr. 96 (2008–2009): “{quote}” (family places nationally well above the Council of Europe's norm, while some centres had too little capacity). The bill counted family places, not bedrooms, and gives no count."},
    "cap_norm_sources": {"nb": "Normens kilder er sitater: Europarådets studie «Combating violence against women: minimum standards for support services» (2008) og forklaringen til Istanbulkonvensjonen finnes ikke i de lagrede sidene; normen er hentet fra sidene som siterer dem: {links}. Søkene står i geodata/capacity_search_log.csv.",
                         "nn": "Kjeldene til norma er sitat: studien til Europarådet «Combating violence against women: minimum standards for support services» (2008) og forklaringa til Istanbulkonvensjonen finst ikkje i dei lagra sidene; norma er henta frå sidene som siterer dei: {links}. Søka står i geodata/capacity_search_log.csv.",
                         "en": "The norm's sources are quotations: the Council of Europe's study “Combating violence against women: minimum standards for support services” (2008) and the Istanbul Convention's explanatory report are not in the stored pages; the norm is taken from the pages that quote them: {links}. The searches are in geodata/capacity_search_log.csv."},
    "cap_not_published": {"nb": "ikke publisert", "nn": "ikkje publisert", "en": "not published"},
    "cap_fylke_table": {"nb": "Per fylke: folketall 1. januar {year} (prosjektets folketall) og familieplasser etter normen. Bufdir publiserer ikke soverom eller senger per fylke.",
                        "nn": "Per fylke: folketal 1. januar {year} (folketalet i prosjektet) og familieplassar etter norma. Bufdir publiserer ikkje soverom eller senger per fylke.",
                        "en": "Per county: population on 1 January {year} (the project's population) and family places by the norm. Bufdir publishes no bedrooms or beds per county."},
}

PARTS = ("counts", "per_10k", "norm", "now", "fylke", "centre")


class Line(NamedTuple):
    """One sentence and its source: text, the source's name, URL and date (as_of: YYYY, YYYY-MM-DD or 'undated')."""

    text: str
    source: str
    url: str
    as_of: str


def _n(value, lang: str, decimals: int = 0) -> str:
    return fmt(value, lang, decimals)


def capacity_lines(summary, lang: str, fylke: str | None = None, fylke_name: str = "",
                   parts: tuple[str, ...] = PARTS) -> list[Line]:
    """What the surfaces say about capacity (coverage.capacity.Summary), newest year, in `parts` order: counts
    (Bufdir), per 10,000 (SSB), the norm and the gap with the caveat, the norm for today's population, the fylke
    (only with `fylke`: not published, the norm's places for its population) and the centres (not published)."""
    make = {"counts": _counts, "per_10k": _per_10k, "norm": _norm, "now": _now,
            "fylke": lambda s, lang: _fylke(s, lang, fylke, fylke_name), "centre": _centre}
    return [line for part in parts if (line := make[part](summary, lang)) is not None]


def _counts(s, lang: str) -> Line:
    y = s.latest
    c = lambda offer, metric: _n(y.count(offer, metric), lang)  # noqa: E731
    text = t("cap_counts", lang, year=y.year, rooms_w=c("women", "rooms"), beds_w=c("women", "beds"),
             offers_w=c("women", "offers"), rooms_m=c("men", "rooms"), beds_m=c("men", "beds"), offers_m=c("men", "offers"))
    fact = y.counts[("women", "rooms")]
    return Line(text, t("cap_source_bufdir", lang), fact.url, fact.as_of)


def _per_10k(s, lang: str) -> Line:
    y = s.latest
    r = lambda offer, metric: _n(y.per_10k(offer, metric), lang, 2)  # noqa: E731
    text = t("cap_per_10k", lang, rw=r("women", "rooms"), bw=r("women", "beds"), ra=r("all", "rooms"),
             ba=r("all", "beds"), per=_n(s.norm.value, lang), people=_n(y.population.value, lang), year=y.year)
    return Line(text, t("cap_source_ssb", lang), y.population.url, y.population.as_of)


def _norm(s, lang: str) -> Line:
    y = s.latest
    gap = y.gap("women")
    text = t("cap_norm_short" if gap < 0 else "cap_norm_over", lang, per=_n(s.norm.value, lang), year=y.year,
             places=_n(y.norm_places, lang), gap=_n(abs(gap), lang))
    return Line(text, t("cap_source_norm", lang), s.norm.url, s.norm.as_of)


def _now(s, lang: str) -> Line:
    text = t("cap_now", lang, year=s.population_year, people=_n(s.population_now, lang),
             places=_n(s.norm_places_now, lang), latest=s.latest.year)
    return Line(text, t("cap_source_population", lang), s.population_url, f"{s.population_year}-01-01")


def _fylke(s, lang: str, fylke: str | None, name: str) -> Line | None:
    if not fylke:
        return None
    text = t("cap_fylke", lang, fylke=name or fylke, places=_n(s.fylke_norm(fylke), lang),
             people=_n(s.fylke_population.get(str(fylke)), lang), year=s.population_year)
    # the figures in the line are the fylke's population and what the norm gives for it: cited to the population's
    # source (Bufdir's page, which gives national totals only, is cited on the counts line)
    return Line(text, t("cap_source_population", lang), s.population_url, f"{s.population_year}-01-01")


def _centre(s, lang: str) -> Line:
    fact = s.not_published["centre"]
    return Line(t("cap_centre", lang, year=fact.as_of), t("cap_source_bufdir", lang), fact.url, fact.as_of)
