# ruff: noqa: E501  (a table of phrases reads better one phrase per line)
"""The editable brief's words (export/brief.py), in Bokmål, Nynorsk and English — part of the shared vocabulary,
merged into WORDS like the register's (vocabulary/__init__.py). Everything else the brief says is said by the
report card and the fact sheet, with their keys.

LAW: what the Statsforvalter (the state's supervisor of the kommuner under krisesenterlova) writes about the
kommune's duty, quoted word for word from the stored copies of its pages (search corpus 'pages', both pages
'Oppdatert 08.04.2024'): the Bokmål page of Statsforvalteren i Østfold, Buskerud, Oslo og Akershus and the
Nynorsk page of Statsforvaltaren i Møre og Romsdal. English readers get the Bokmål quotes and a translation
marked as ours. No law text is quoted that was not found.
"""

from __future__ import annotations

LAW_URL = {
    "nb": "https://statsforvalteren.no/nb/ostfold-buskerud-oslo-og-akershus/helse-omsorg-og-sosialtjenester/krisesenter",
    "nn": "https://www.statsforvalteren.no/nn/More-og-Romsdal/Helse-omsorg-og-sosialtenester/Krisesenter/",
}
LAW_AS_OF = "2024-04-08"
LAW_QUOTES = {
    "nb": ["Det er kommunen som skal sørge for at det finnes et tilbud om krisesenter for alle som trenger det.",
           "Et krisesenter er et tilbud om et midlertidig sted å bo. Det skal være gratis, døgnåpent og tilgjengelig hele året.",
           "Statsforvalteren fører tilsyn med at kommunen følger opp oppgavene sine etter bestemmelsene i krisesenterloven."],
    "nn": ["Det er kommunen som skal sørgje for at det finst eit tilbod om krisesenter for alle som treng det.",
           "Eit krisesenter er eit tilbod om ein mellombels stad å bu. Det skal vere gratis, døgnope og tilgjengeleg heile året.",
           "Statsforvaltaren fører tilsyn med at kommunen følgjer opp oppgåvene sine etter føresegnene i krisesenterlova."],
}


LAW_TRANSLATION = ("In English (our translation): the kommune must make sure that there is a crisis-centre offer for "
                   "everyone who needs it. A crisis centre offers a temporary place to live; it must be free of charge, "
                   "open day and night and available all year. The county governor supervises that the kommune carries "
                   "out its duties under the Act.")


def law(lang: str) -> tuple[str, list[str], str]:
    """(URL, verbatim quotes, translation) of the Statsforvalter's words on the kommune's duty: the Nynorsk page for
    'nn', the Bokmål page otherwise; English readers also get the translation ('' for the others)."""
    which = lang if lang in LAW_QUOTES else "nb"
    return LAW_URL[which], LAW_QUOTES[which], "" if lang in LAW_QUOTES else LAW_TRANSLATION


WORDS = {
    "brief": {"nb": "Notat til høringsuttalelse", "nn": "Notat til høyringsuttale",
              "en": "Briefing note for a consultation response"},
    "brief_button": {"nb": "{name}: notat til høringsuttalelse (Word, kan redigeres)",
                     "nn": "{name}: notat til høyringsuttale (Word, kan endrast)",
                     "en": "{name}: briefing note for a consultation response (Word, editable)"},
    "brief_intro": {"nb": "Et notat med tall og kilder fra Dekningskart, til bruk i en høringsuttalelse eller en sak til "
                          "kommunestyret. Endre, kort ned og legg til som du vil. Tallene og kildene er slik Dekningskart "
                          "viste dem {date}.",
                    "nn": "Eit notat med tal og kjelder frå Dekningskart, til bruk i ein høyringsuttale eller ei sak til "
                          "kommunestyret. Endre, kort ned og legg til som du vil. Tala og kjeldene er slik Dekningskart "
                          "viste dei {date}.",
                    "en": "A note with figures and sources from Dekningskart, for a consultation response "
                          "(høringsuttalelse) or a case before the municipal council. Change, shorten and add as you "
                          "like. The figures and sources are as Dekningskart showed them on {date}."},
    "brief_desc": {"nb": "Notat til høringsuttalelse for {name}: handlingsplan mot vold i nære relasjoner, krisesenter og beregnet kjøretid. {source}.",
                   "nn": "Notat til høyringsuttale for {name}: handlingsplan mot vald i nære relasjonar, krisesenter og berekna køyretid. {source}.",
                   "en": "Briefing note for {name}: action plan against domestic violence, crisis centre and estimated drive time. {source}."},
    "brief_value": {"nb": "Verdi", "nn": "Verdi", "en": "Value"},
    "brief_quote": {"nb": "Sitat fra kilden", "nn": "Sitat frå kjelda", "en": "Quote from the source"},
    "brief_letter": {"nb": "Vedlegg: innsynskrav til kommunen", "nn": "Vedlegg: innsynskrav til kommunen",
                     "en": "Appendix: a request for access (innsynskrav) to send the kommune"},
    "brief_law": {"nb": "Krisesenterlova: kommunens plikt", "nn": "Krisesenterlova: plikta til kommunen",
                  "en": "The Crisis Centre Act (krisesenterlova): the kommune's duty"},
    "brief_law_intro": {"nb": "Statsforvalteren, som fører tilsyn med kommunene etter krisesenterlova, skriver:",
                        "nn": "Statsforvaltaren, som fører tilsyn med kommunane etter krisesenterlova, skriv:",
                        "en": "The county governor (Statsforvalteren), who supervises the kommuner under the Crisis "
                              "Centre Act (krisesenterlova), writes:"},
}
