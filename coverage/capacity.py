"""Crisis-centre capacity against the Council of Europe norm: the one home for the arithmetic.

Bufdir publishes national counts of bedrooms (soverom) and permanent beds (faste sengeplasser) in the offers for
women and for men (geodata/capacity.csv); the Council of Europe's norm is one family place per 10,000 inhabitants
(a family place is beds for a mother and her children). Per 10,000 inhabitants = count ÷ population × 10,000, with
SSB's population on 1 January of the count's year (a sourced row of the same file). The norm implies population ÷
10,000 family places; the gap is rooms − that. A bedroom is not necessarily a family place and a bed is not one:
the comparison uses rooms as the nearest count, and every surface says so. Per fylke and per centre no count is
published: `Summary.fylke_norm` gives what the norm implies for each fylke's population (the project's population
table), beside "not published".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from loaders.registry import sources

PER = 10_000  # "per 10,000 inhabitants": the norm's own unit
OFFERS = ("women", "men", "all")  # "all" = women + men, summed here


@dataclass(frozen=True)
class Fact:
    """One sourced value: what it is, the source's URL, date (as_of) and verbatim quote."""

    value: float | None
    url: str = ""
    as_of: str = ""
    quote: str = ""


@dataclass(frozen=True)
class Year:
    """One year's national capacity: counts by offer and metric, the population they are set against, the norm."""

    year: int
    counts: dict[tuple[str, str], Fact]  # (offer, metric) → Fact; offer women/men, metric offers/rooms/beds
    population: Fact
    norm: Fact  # inhabitants per family place (10,000)

    def count(self, offer: str, metric: str) -> float | None:
        """A count for women, men or all (women + men; unknown if either is unknown)."""
        if offer == "all":
            parts = [self.count(o, metric) for o in ("women", "men")]
            return None if None in parts else float(sum(parts))
        fact = self.counts.get((offer, metric))
        return None if fact is None else fact.value

    def per_10k(self, offer: str, metric: str) -> float | None:
        """rooms or beds per 10,000 inhabitants in the count's year."""
        n = self.count(offer, metric)
        return None if n is None else n / self.population.value * PER

    @property
    def norm_places(self) -> float:
        """Family places the norm implies for the year's population (population ÷ 10,000)."""
        return self.population.value / self.norm.value

    def gap(self, offer: str = "women") -> float | None:
        """Rooms − the norm's family places (negative: fewer rooms than the norm's places)."""
        rooms = self.count(offer, "rooms")
        return None if rooms is None else rooms - self.norm_places


@dataclass(frozen=True)
class Summary:
    """Everything the surfaces show: each sourced year (newest first), the norm for today's population, and per
    fylke what the norm implies with the statement that no count is published."""

    years: list[Year]
    norm: Fact
    norm_sources: list[Fact]  # every source of the norm, oldest first (the first is `norm`)
    population_year: int  # the project's population table (SSB 07459 via FHI, 1 January)
    population_now: int
    population_url: str  # where the project's population table comes from (geodata/sources.json)
    fylke_population: dict[str, int] = field(default_factory=dict)
    not_published: dict[str, Fact] = field(default_factory=dict)  # "fylke" / "centre" → the page that shows it
    definitions: dict[str, Fact] = field(default_factory=dict)
    context: Fact | None = None

    @property
    def latest(self) -> Year:
        return self.years[0]

    @property
    def norm_places_now(self) -> float:
        return self.population_now / self.norm.value

    def fylke_norm(self, fylke: str) -> float | None:
        """Family places the norm implies for a fylke's population (the project's table), or None if unknown."""
        people = self.fylke_population.get(str(fylke))
        return None if people is None else people / self.norm.value


def _fact(row: pd.Series) -> Fact:
    value = row["value"]
    return Fact(None if pd.isna(value) else float(value), row["source_url"], row["as_of"], row["quote"])


def _year(rows: pd.DataFrame, year: int, norm: Fact) -> Year:
    national = rows[(rows["kind"] == "figure") & (rows["scope"] == "national") & (rows["year"] == year)]
    counts = {(r["offer"], r["metric"]): _fact(r) for _, r in national.iterrows() if r["metric"] != "population"}
    population = national[national["metric"] == "population"]
    if population.empty:
        raise ValueError(f"capacity {year}: no national population row; the loader requires one for every counted year")
    return Year(year, counts, _fact(population.iloc[0]), norm)


def norm_fact(capacity: pd.DataFrame) -> Fact:
    """The norm's row: the oldest source of 'inhabitants per family place', the Council of Europe's 2008 standard
    (the Istanbul Convention's report repeats it; every norm row must give the same value)."""
    rows = capacity[capacity["kind"] == "norm"].sort_values("year")
    if rows.empty or rows["value"].nunique() != 1:
        raise ValueError("capacity.csv must give the norm (inhabitants per family place) once, with one value")
    return _fact(rows.iloc[0])


def summary(table: pd.DataFrame, population_year: int, capacity: pd.DataFrame | None = None) -> Summary:
    """The capacity figures for the surfaces. `table`: the kommune table (kommunenummer, fylkesnummer, befolkning;
    one row per kommune) whose population is the project's for `population_year`; `capacity`: loaders.capacity's
    table (read from geodata/ when not given)."""
    if capacity is None:
        from loaders import capacity as loader

        capacity = loader.capacity()
    norm = norm_fact(capacity)
    counted = capacity[(capacity["kind"] == "figure") & (capacity["scope"] == "national")
                       & capacity["metric"].isin(["rooms", "beds"])]
    years = [_year(capacity, int(y), norm) for y in sorted(counted["year"].dropna().unique(), reverse=True)]
    missing = capacity[capacity["kind"] == "not_published"].drop_duplicates("scope")
    by_kind = lambda kind: capacity[capacity["kind"] == kind]  # noqa: E731
    context = by_kind("context")
    return Summary(
        years=years, norm=norm, norm_sources=[_fact(r) for _, r in by_kind("norm").sort_values("year").iterrows()],
        population_year=int(population_year), population_now=int(table["befolkning"].sum()),
        population_url=sources()["population"]["url"],
        fylke_population={str(k): int(v) for k, v in table.groupby("fylkesnummer")["befolkning"].sum().items()},
        not_published={r["scope"]: _fact(r) for _, r in missing.iterrows()},
        definitions={r["metric"]: _fact(r) for _, r in by_kind("definition").iterrows()},
        context=_fact(context.iloc[0]) if len(context) else None)
