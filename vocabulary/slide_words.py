# ruff: noqa: E501  (a table of phrases reads better one phrase per line)
"""The slides' and the presenter view's own words, in Bokmål, Nynorsk and English — part of the shared vocabulary
(merged into vocabulary.WORDS like register_words.py). Everything the slides say that the report card says already
comes from the report card's keys; only what is new to a slide deck lives here."""

from __future__ import annotations

WORDS: dict[str, dict[str, str | list[str]]] = {
    "slide_deck": {"nb": "Lysbilder", "nn": "Lysbilete", "en": "Slides"},
    "slide_deck_desc": {"nb": "Lysbilder for {name}: handlingsplan mot vold i nære relasjoner, krisesenter og beregnet kjøretid. {source}.",
                        "nn": "Lysbilete for {name}: handlingsplan mot vald i nære relasjonar, krisesenter og berekna køyretid. {source}.",
                        "en": "Slides for {name}: action plan against domestic violence, crisis centre and estimated drive time. {source}."},
    # the gap in one sentence: a kommune's travel and plan, each in the words of its gap class
    "slide_gap_title": {"nb": "Gapet i én setning", "nn": "Gapet i éi setning", "en": "The gap in one sentence"},
    "slide_gap": {"nb": "{name} har {travel} og {plan}.", "nn": "{name} har {travel} og {plan}.",
                  "en": "{name} has {travel} and {plan}."},
    "slide_gap_near": {"nb": "kort vei til krisesenter (median {m} til nærmeste)",
                       "nn": "kort veg til krisesenter (median {m} til næraste)",
                       "en": "a short way to a crisis centre (median {m} to the nearest)"},
    "slide_gap_far": {"nb": "lang vei til krisesenter (median {m} til nærmeste)",
                      "nn": "lang veg til krisesenter (median {m} til næraste)",
                      "en": "a long way to a crisis centre (median {m} to the nearest)"},
    "slide_gap_current": {"nb": "en gyldig handlingsplan mot vold i nære relasjoner",
                          "nn": "ein gyldig handlingsplan mot vald i nære relasjonar",
                          "en": "a current action plan against domestic violence"},
    "slide_gap_not_current": {"nb": "ingen gyldig handlingsplan mot vold i nære relasjoner, ifølge kilden",
                              "nn": "ingen gyldig handlingsplan mot vald i nære relasjonar, etter det kjelda viser",
                              "en": "no current action plan against domestic violence, according to its source"},
    "slide_gap_unknown": {"nb": "ingen kilde som viser om kommunen har en handlingsplan mot vold i nære relasjoner",
                          "nn": "inga kjelde som viser om kommunen har ein handlingsplan mot vald i nære relasjonar",
                          "en": "no source that shows whether it has an action plan against domestic violence"},
    "slide_fylke_gap": {"nb": "I {name} har {far} av {k} kommuner lang vei til krisesenter (median over {t} min); {double} har dobbelt gap, og for {unknown} er planstatus ukjent.",
                        "nn": "I {name} har {far} av {k} kommunar lang veg til krisesenter (median over {t} min); {double} har dobbelt gap, og for {unknown} er planstatusen ukjend.",
                        "en": "In {name}, {far} of {k} kommuner have a long way to a crisis centre (median over {t} min); {double} have a double gap, and for {unknown} the plan status is unknown."},
    # plan status unknown: what to ask the kommune
    "slide_ask_title": {"nb": "Spør kommunen", "nn": "Spør kommunen", "en": "Ask the kommune"},
    "slide_ask": {"nb": ["Har kommunen en politisk vedtatt handlingsplan mot vold i nære relasjoner?",
                         "Når ble den vedtatt, og hvilken periode gjelder den for?",
                         "Hvor er planen publisert?"],
                  "nn": ["Har kommunen ein politisk vedteken handlingsplan mot vald i nære relasjonar?",
                         "Når vart han vedteken, og kva periode gjeld han for?",
                         "Kvar er planen publisert?"],
                  "en": ["Does the kommune have a politically adopted action plan against domestic violence?",
                         "When was it adopted, and for which period does it apply?",
                         "Where is the plan published?"]},
    "slide_legend_counts": {"nb": "Tallene er antall kommuner i {area}.", "nn": "Tala viser kor mange kommunar i {area} det gjeld.",
                            "en": "The numbers count the kommuner in {area}."},
    "slide_whatif_kommune": {"nb": "{name}: median til nærmeste senter {before} → {after}.",
                             "nn": "{name}: median til næraste senter {before} → {after}.",
                             "en": "{name}: median to the nearest centre {before} → {after}."},
    # speaker notes and the sources slide
    "slide_notes_sources": {"nb": "Kilder for dette lysbildet:", "nn": "Kjelder for dette lysbiletet:",
                            "en": "Sources for this slide:"},
    "slide_data_sources": {"nb": "Datakilder", "nn": "Datakjelder", "en": "Data sources"},
    "slide_registry_entry": {"nb": "{title}: {url}", "nn": "{title}: {url}", "en": "{title}: {url}"},
    # the presenter view
    "page_presenter": {"nb": "Presentasjon", "nn": "Presentasjon", "en": "Presenter view"},
    "slide_of": {"nb": "Lysbilde {i} av {n}", "nn": "Lysbilete {i} av {n}", "en": "Slide {i} of {n}"},
    "slide_prev": {"nb": "← Forrige", "nn": "← Førre", "en": "← Previous"},
    "slide_next": {"nb": "Neste →", "nn": "Neste →", "en": "Next →"},
    "slide_keys": {"nb": "Piltastene (← →), Page Up/Page Down og Home/End blar mellom lysbildene.",
                   "nn": "Piltastane (← →), Page Up/Page Down og Home/End blar mellom lysbileta.",
                   "en": "The arrow keys (← →), Page Up/Page Down and Home/End move between the slides."},
    "slide_choose": {"nb": "Velg en kommune for å vise presentasjonen.", "nn": "Vel ein kommune for å vise presentasjonen.",
                     "en": "Choose a kommune to show the presentation."},
    "slide_open_presenter": {"nb": "Vis som presentasjon (fullskjerm)", "nn": "Vis som presentasjon (fullskjerm)",
                             "en": "Show as a presentation (full screen)"},
    "slide_back": {"nb": "Tilbake til kommunesiden", "nn": "Tilbake til kommunesida", "en": "Back to the report card"},
}
