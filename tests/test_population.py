"""Population per kommune equals SSB's published national totals; imputed years are refused."""

import pytest

from loaders import ValidationError, grid, population


@pytest.mark.parametrize("year,total", [(2024, 5_550_203), (2025, 5_594_340), (2026, 5_627_400)])
def test_national_totals_match_ssb(year, total):
    table = population.by_kommune(year)
    assert len(table) == 357 and table["kommunenummer"].is_unique
    assert table["befolkning"].sum() == total


def test_spot_values_2025():
    table = population.by_kommune(2025).set_index("kommunenummer")["befolkning"]
    assert (table["0301"], table["4601"], table["1151"]) == (724_290, 293_709, 217)


def test_women_18_plus_is_a_share_of_the_total():
    table = population.by_kommune(2025)
    share = table["kvinner_18"].sum() / table["befolkning"].sum()
    assert 0.35 < share < 0.45
    assert (table["kvinner_18"] < table["befolkning"]).all()


@pytest.mark.parametrize("year", [2027, 2030, 2023])
def test_years_outside_2024_2026_are_refused(year):
    with pytest.raises(ValidationError, match=str(year)):
        population.by_kommune(year)


def test_crosswalk_knows_the_alesund_split():
    cw = population.crosswalk_2023()
    assert sorted(cw.loc[cw["gammelt"] == "1507", "nytt"]) == ["1508", "1580"]


def test_grid_decodes_cells_inside_norway():
    cells = grid.cells_1km()
    assert len(cells) == 54_988 and cells["pop_tot"].sum() == 5_317_737
    assert cells["x"].between(-80_000, 1_120_000).all() and cells["y"].between(6_440_000, 7_950_000).all()
    assert (cells["x"] % 1000 == 500).all()
