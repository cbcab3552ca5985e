# ruff: noqa: E501  (a table of phrases reads better one phrase per line)
"""The method page's words on what the drive-time calibration leaves out (dashboard/views/metode.py): the published
routes kept in coverage/reference_drive_times.csv but out of the fit and the errors, and the roads N1000 draws that
are not open yet (coverage/unopened_roads.csv). Bokmål, Nynorsk and English inline; merged into WORDS like the
register's (vocabulary/__init__.py). The reasons themselves are data, recorded in English in the reference file."""

from __future__ import annotations

WORDS = {
    "m_left_out": {"nb": "{n} publiserte ruter står i referansefila, men er ikke med når farten tilpasses eller feilen måles, hver av sin grunn (grunnen står på engelsk i fila):",
                   "nn": "{n} publiserte ruter står i referansefila, men er ikkje med når farten blir tilpassa eller feilen blir målt, kvar av sin grunn (grunnen står på engelsk i fila):",
                   "en": "{n} published routes are kept in the reference file but left out when the speeds are fitted and the error is measured, each for its reason:"},
    "m_left_out_row": {"nb": "{route} (publisert {published}): {reason}", "nn": "{route} (publisert {published}): {reason}",
                       "en": "{route} (published {published}): {reason}"},
    "m_other_route": {"nb": "publisert avstand mer enn {tolerance} fra modellens {model_km}, så tallene gjelder en annen vei eller andre endepunkter enn dem modellen kjører",
                      "nn": "publisert avstand meir enn {tolerance} frå modellen sine {model_km}, så tala gjeld ein annan veg eller andre endepunkt enn dei modellen køyrer",
                      "en": "published distance more than {tolerance} from the model's {model_km}, so the figures describe another route or other ends than the model drives"},
    "m_unopened": {"nb": "Veger som N1000 tegner som åpne, men som ennå ikke er åpnet, er tatt ut av vegnettet (de gamle ferjene kjører der fortsatt):",
                   "nn": "Vegar som N1000 teiknar som opne, men som enno ikkje er opna, er tekne ut av vegnettet (dei gamle ferjene går der framleis):",
                   "en": "Roads N1000 draws as open that have not opened yet are left out of the network (the old ferries still run there):"},
    "m_unopened_row": {"nb": "{road}: {links} strekninger ({names}), åpner {opens}", "nn": "{road}: {links} strekningar ({names}), opnar {opens}",
                       "en": "{road}: {links} stretches ({names}), opens {opens}"},
}
