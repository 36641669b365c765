"""Scenarios as data: the files, the generators, the builder and their errors."""

from __future__ import annotations

import datetime as _dt
import hashlib
import io as text_io
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speccom_model import Landscape, ParseError, scenarios
from speccom_model.cli import main

DIGESTS = tomllib.loads(
    (Path(__file__).parent / "data" / "scenarios" / "example-sha256.toml").read_text(
        encoding="utf-8"
    )
)


def example(name: str) -> bytes:
    out = text_io.StringIO()
    assert main(["example", name], out=out) == 0
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("name", sorted(DIGESTS))
def test_each_example_is_byte_for_byte_what_was_recorded(name: str) -> None:
    """Each scenario's output is the recorded one: a change is a deliberate one."""
    assert hashlib.sha256(example(name)).hexdigest() == DIGESTS[name]


def test_every_recorded_digest_names_a_shipped_scenario() -> None:
    """No scenario that had bytes to keep was dropped or renamed."""
    assert set(DIGESTS) <= set(scenarios.names())


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.name)
def test_each_figure_cites_a_title_and_an_https_url_unless_illustrative(
    scenario: scenarios.Scenario,
) -> None:
    """Every figure a scenario asserts says where it was published."""
    assert scenario.figures, f"{scenario.name} asserts no figure"
    for figure in scenario.figures:
        if figure.illustrative:
            continue
        assert figure.sources, figure.name
        for source in figure.sources:
            assert source.title.strip()
            assert source.url.startswith("https://"), source.url


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.name)
def test_each_scenario_is_its_parts_joined_in_order(
    scenario: scenarios.Scenario,
) -> None:
    """Every body and place of the plan comes from some part, in part order."""
    bodies: list[str] = []
    places: list[str] = []
    for part in scenario.parts:
        if part.startswith(scenarios.REFERENCE_PREFIX):
            name, _, span = part.removeprefix("reference:").partition("@")
            generator = scenarios.GENERATORS[name]
            data = generator(span) if span else generator()
        else:
            data = tomllib.loads(
                (Path(scenario.folder) / part).read_text(encoding="utf-8")
            )
        bodies += [b["code"] for b in data.get("commissioners", [])]
        places += [p["code"] for p in data.get("places", [])]
    landscape = scenario.build()

    assert [c.code for c in landscape.commissioners] == bodies
    assert [p.code for p in landscape.places] == places


def test_build_is_cached() -> None:
    """Building twice gives the same object: the files are read once."""
    scenario = scenarios.get("england_2019_20")
    assert scenario.build() is scenario.build()


def test_scenarios_are_listed_oldest_year_first() -> None:
    """The last scenario is the newest: the CLI's default landscape for list."""
    years = [s.year for s in scenarios.SCENARIOS]
    assert years == sorted(years)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


SCENARIO = """\
name = "mine"
title = "Mine"
year = "2024-25"
provenance = "illustrative: a test"
parts = {parts}
"""
CATALOGUE = """\
name = "mine"
[catalogue]
effective = "2013-04-01"
services = []
"""
BODIES = """\
[[commissioners]]
code = "Q99"
name = "An ICB"
kind = "icb"
lifetime = {{ start = "2022-07-01" }}
[[places]]
code = "Q99"
name = "Somewhere"
population = {population}
"""


class TestTheBuilder:
    def test_lists_from_parts_are_concatenated_in_order(self, tmp_path: Path) -> None:
        """A generator's bodies, then a file's: one landscape."""
        write(tmp_path, "a.plan.toml", CATALOGUE)
        write(tmp_path, "b.plan.toml", BODIES.format(population=5))
        path = write(
            tmp_path,
            "mine.toml",
            SCENARIO.format(
                parts='["reference:nhs_england", "a.plan.toml", "b.plan.toml"]'
            ),
        )
        landscape = scenarios.load(path).build()

        assert isinstance(landscape, Landscape)
        assert [c.code for c in landscape.commissioners] == ["X24", "Q99"]
        assert [p.code for p in landscape.places] == ["Q99"]
        assert landscape.name == "mine"

    def test_a_broken_part_names_the_part_and_the_path_within_it(
        self, tmp_path: Path
    ) -> None:
        """The second body of the joined plan is the first of b.plan.toml."""
        write(tmp_path, "a.plan.toml", CATALOGUE)
        write(tmp_path, "b.plan.toml", BODIES.format(population=-5))
        path = write(
            tmp_path,
            "mine.toml",
            SCENARIO.format(
                parts='["reference:nhs_england", "a.plan.toml", "b.plan.toml"]'
            ),
        )
        with pytest.raises(ParseError) as caught:
            scenarios.load(path).build()

        assert [p.field for p in caught.value.problems] == [
            "b.plan.toml: places[0].population"
        ]
        assert str(caught.value).startswith("mine: ")

    def test_a_duplicate_across_parts_is_named_in_the_part_that_repeats_it(
        self, tmp_path: Path
    ) -> None:
        """X24 from the generator and again from a file: the file's entry is named."""
        write(tmp_path, "a.plan.toml", CATALOGUE)
        write(
            tmp_path,
            "b.plan.toml",
            '[[commissioners]]\ncode = "X24"\nname = "Again"\nkind = "nhs-england"\n'
            'lifetime = { start = "2012-10-01" }\n',
        )
        path = write(
            tmp_path,
            "mine.toml",
            SCENARIO.format(
                parts='["reference:nhs_england", "a.plan.toml", "b.plan.toml"]'
            ),
        )
        with pytest.raises(ParseError) as caught:
            scenarios.load(path).build()

        assert [p.field for p in caught.value.problems] == [
            "b.plan.toml: commissioners[0].code"
        ]

    def test_a_field_two_parts_give_is_refused(self, tmp_path: Path) -> None:
        """A name from two parts: which one wins would be a guess."""
        write(tmp_path, "a.plan.toml", CATALOGUE)
        write(tmp_path, "b.plan.toml", 'name = "other"\n')
        path = write(
            tmp_path,
            "mine.toml",
            SCENARIO.format(parts='["a.plan.toml", "b.plan.toml"]'),
        )
        with pytest.raises(ParseError, match=r"name: expected a field given by one"):
            scenarios.load(path).build()

    @pytest.mark.parametrize(
        ("part", "message"),
        [
            ("reference:nope", "parts[0]: expected a plan file or one of"),
            ("../a.plan.toml", "no folder in it"),
            ("/etc/passwd", "no folder in it"),
            ("missing.plan.toml", "expected a readable file"),
        ],
    )
    def test_parts_that_are_not_parts_are_refused(
        self, tmp_path: Path, part: str, message: str
    ) -> None:
        """Unknown generators, folders and missing files: named, never read."""
        path = write(tmp_path, "mine.toml", SCENARIO.format(parts=f'["{part}"]'))
        with pytest.raises(ParseError, match=message.replace("[", r"\[")):
            scenarios.load(path).build()

    def test_a_scenario_file_with_an_unknown_key_is_refused(
        self, tmp_path: Path
    ) -> None:
        """A misspelt field is named, as in a plan file."""
        path = write(
            tmp_path, "mine.toml", SCENARIO.format(parts="[]") + "figures = []\n"
        )
        with pytest.raises(ParseError, match="figures"):
            scenarios.load(path)

    def test_a_real_figure_without_a_source_is_refused(self, tmp_path: Path) -> None:
        """Right or refused: a figure that is not illustrative cites something."""
        text = SCENARIO.format(parts="[]") + (
            '[[figure]]\nname = "services"\nvalue = "143"\nkind = "count"\n'
            "illustrative = false\n"
        )
        path = write(tmp_path, "mine.toml", text)
        with pytest.raises(ParseError, match="sources: expected at least one"):
            scenarios.load(path)


@settings(max_examples=25, deadline=None)
@given(cut=st.integers(min_value=0, max_value=42), bad=st.integers(0, 41))
def test_splitting_a_list_between_parts_changes_nothing_but_the_names(
    cut: int, bad: int
) -> None:
    """Any cut of the ICBs into two files: the same plan; a bad entry named there."""
    import tempfile

    import tomli_w

    icbs = scenarios.GENERATORS["icbs_2022"]()["commissioners"]
    first = ["reference:nhs_england", "reference:regions_2019", "a.plan.toml"]
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        write(base, "a.plan.toml", CATALOGUE)
        write(base, "b.plan.toml", tomli_w.dumps({"commissioners": icbs[:cut]}))
        write(base, "c.plan.toml", tomli_w.dumps({"commissioners": icbs[cut:]}))
        whole = scenarios.build_parts([*first, "reference:icbs_2022"], folder=folder)
        split = scenarios.build_parts(
            [*first, "b.plan.toml", "c.plan.toml"],
            folder=folder,
        )
        assert split == whole
        broken = [dict(b) for b in icbs]
        broken[bad]["kind"] = "not-a-kind"
        write(base, "b.plan.toml", tomli_w.dumps({"commissioners": broken[:cut]}))
        write(base, "c.plan.toml", tomli_w.dumps({"commissioners": broken[cut:]}))
        with pytest.raises(ParseError) as caught:
            scenarios.build_parts(
                [*first, "b.plan.toml", "c.plan.toml"],
                folder=folder,
            )
    part, index = ("b.plan.toml", bad) if bad < cut else ("c.plan.toml", bad - cut)
    assert [p.field for p in caught.value.problems] == [
        f"{part}: commissioners[{index}].kind"
    ]


#: The seed facts of issue #11, each as the scenario that asserts it and the
#: figure's value as its source writes it.
SEED_FACTS = [
    ("england_2013_14", "143"),
    ("england_2013_14", "£377m"),
    ("ccg_cocommissioning_2014", "£1.7bn"),
    ("england_2019_20", "three"),
    (
        "england_2019_20",
        "NHS England-led specialised services planning boards, every STP and ICS advising",
    ),
    ("england_2019_20", "about 70, worth £15bn"),
    ("england_2019_20", "£17.7bn"),
    ("england_2019_20", "191"),
    ("england_2019_20", "7"),
]


@pytest.mark.parametrize(("name", "value"), SEED_FACTS)
def test_each_seed_fact_is_a_cited_figure_of_its_scenario(
    name: str, value: str
) -> None:
    """Asserted from the scenario's own data, with a citation, not illustrative."""
    figures = [f for f in scenarios.get(name).figures if f.value == value]
    assert len(figures) == 1
    assert not figures[0].illustrative
    assert figures[0].sources


def test_the_2013_14_plan_holds_its_cited_figures() -> None:
    """143 services, a £13bn allocation, £377m over it: figures and plan agree."""
    from speccom_model import FinancialYear, gbp

    scenario = scenarios.get("england_2013_14")
    landscape = scenario.build()
    budget = landscape.budget("X24", FinancialYear(2013))
    values = {f.value for f in scenario.figures}
    assert {"143", "£13bn", "£377m"} <= values
    assert budget is not None
    assert len(landscape.catalogue) == 143
    assert (budget.allocation, budget.variance) == (gbp("£13bn"), gbp("£377m"))


def test_the_three_options_of_2019_are_named_with_their_figure() -> None:
    """Pooled budgets, joint appointments, internal delegation (HSJ, 2019)."""
    (figure,) = [
        f for f in scenarios.get("england_2019_20").figures if f.value == "three"
    ]

    for option in ("pooled budgets", "joint appointments", "internal delegation"):
        assert option in figure.note
    assert figure.sources[0].url.startswith("https://www.hsj.co.uk/")


@pytest.mark.parametrize(
    ("name", "years", "rows"),
    [("england_2013_14", (2013,), 6), ("england_2019_20", (2018, 2019), 3)],
)
def test_every_budget_figure_of_the_table_for_its_years_is_a_figure_of_it(
    name: str, years: tuple[int, ...], rows: int
) -> None:
    """Conflicting figures side by side: amount, kind and source as the table has them."""
    from speccom_model import FinancialYear, gbp, reference

    figures = [f for f in scenarios.get(name).figures if f.value.startswith("£")]
    table = [
        f
        for f in reference.specialised_budgets()
        if f.year in {FinancialYear(y) for y in years}
    ]
    assert len(table) == rows
    for row in table:
        matching = [
            f
            for f in figures
            if gbp(f.value) == row.amount
            and f.kind == row.kind.value
            and row.sources[0].url in {s.url for s in f.sources}
        ]
        assert len(matching) == 1, row
        assert not matching[0].illustrative


def test_the_2013_14_allocation_is_the_figure_the_scenario_names() -> None:
    """The plan's allocation is the NAO's £13bn, and the figure says so."""
    from speccom_model import FinancialYear, gbp

    scenario = scenarios.get("england_2013_14")
    allocation = scenario.build().allocation(FinancialYear(2013))
    assert allocation is not None
    (chosen,) = [f for f in scenario.figures if "the plan's allocation" in f.name]

    assert allocation.year == FinancialYear(2013)
    assert allocation.amount == gbp(chosen.value) == gbp("£13bn")
    assert chosen.sources[0].url in allocation.source


def test_the_2013_14_plan_and_forecast_are_figures_the_scenario_names() -> None:
    """HSJ's £12.7bn plan and £13.2bn forecast, each at the figure's address."""
    from speccom_model import AllocationKind, format_money
    from speccom_model import gbp as gbp_

    scenario = scenarios.get("england_2013_14")
    others = [
        a for a in scenario.build().allocations if a.kind != AllocationKind.ALLOCATION
    ]
    named = [(f.value, f) for f in scenario.figures]

    assert [(a.kind.value, a.amount) for a in others] == [
        ("plan", gbp_("£12.7bn")),
        ("forecast", gbp_("£13.2bn")),
    ]
    for figure in others:
        assert figure.citation is not None
        (match,) = [f for v, f in named if v == format_money(figure.amount)]
        assert match.sources[0].url == figure.citation.url


def test_the_2013_14_services_carry_the_2013_wording_where_it_ships() -> None:
    """ILL-1 to ILL-30: Schedule 4's paragraphs as made; the rest illustrative."""
    from speccom_model import reference

    catalogue = scenarios.england_2013_14().catalogue
    paragraphs = {
        f"ILL-{p.paragraph}": p.text.removesuffix(".")
        for p in reference.schedule_4_paragraphs()
    }
    services = list(catalogue)

    assert len(services) == 143
    assert all(s.illustrative for s in services)
    assert {s.code: s.name for s in services[:30]} == paragraphs
    assert all(
        s.name == f"Illustrative specialised service {s.code.removeprefix('ILL-')}"
        for s in services[30:]
    )
    assert "illustrative" in catalogue.edition.lower()


class TestTheOrganisationsGenerator:
    def test_with_no_span_it_is_the_whole_timeline(self) -> None:
        """Every body, place and succession of reference.organisations()."""
        from speccom_model import reference

        timeline = reference.organisations()
        data = scenarios.GENERATORS["organisations"]()

        assert [b["code"] for b in data["commissioners"]] == [
            b.code for b in timeline.bodies
        ]
        assert len(data["places"]) == len(timeline.places)
        assert len(data["successions"]) == len(timeline.successions)

    def test_a_day_gives_what_existed_and_its_predecessors(self) -> None:
        """1 April 2019: X24, 7 regions, 191 CCGs and the 6 merged that day."""
        data = scenarios.organisations("2019-04-01")
        kinds = [b["kind"] for b in data["commissioners"]]

        assert (kinds.count("nhs-england"), kinds.count("nhs-england-region")) == (
            1,
            7,
        )
        assert kinds.count("ccg") == 197
        assert len(data["places"]) == 191
        assert {s["successor"] for s in data["successions"]} == {"15M", "15N"}

    def test_before_2018_only_nhs_england_existed_in_the_tables(self) -> None:
        """No CCG is back-dated: on 1 April 2013 the timeline has only X24."""
        data = scenarios.organisations("2013-04-01")

        assert [b["code"] for b in data["commissioners"]] == ["X24"]
        assert (data["places"], data["successions"]) == ([], [])

    @pytest.mark.parametrize(
        "part",
        [
            "reference:organisations@2019-13-01",
            "reference:organisations@2020-04-01..2019-04-01",
            "reference:organisations@",
            "reference:nhs_england@2019-04-01",
        ],
    )
    def test_a_bad_span_is_refused_naming_the_part(self, part: str) -> None:
        """A ParseError naming parts[0] and the part as written."""
        with pytest.raises(ParseError) as caught:
            scenarios.build_parts([part], source="mine")

        (problem,) = caught.value.problems
        assert (problem.field, problem.value) == ("parts[0]", part)


@pytest.fixture(scope="module")
def catalogue_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding an empty catalogue, for plans made only of generators."""
    folder = tmp_path_factory.mktemp("catalogue")
    write(folder, "c.plan.toml", CATALOGUE)
    return folder


@settings(max_examples=15, deadline=None)
@given(
    start=st.dates(min_value=_dt.date(2012, 10, 1), max_value=_dt.date(2026, 12, 31)),
    days=st.integers(min_value=1, max_value=800),
)
def test_any_span_of_the_timeline_builds_and_holds_only_what_it_should(
    catalogue_folder: Path, start: _dt.date, days: int
) -> None:
    """Alive in the span or a predecessor of such a body; the plan builds."""
    from speccom_model import Period

    span = Period(start=start, end=start + _dt.timedelta(days=days))
    data = scenarios.organisations(f"{span.start}..{span.end}")
    plan = scenarios.build_parts(
        ["reference:organisations@" + f"{span.start}..{span.end}", "c.plan.toml"],
        folder=str(catalogue_folder),
        source="span",
    )
    alive = {b.code for b in plan.commissioners if b.lifetime.overlaps(span)}
    predecessors = {s.predecessor for s in plan.successions}

    assert {b["code"] for b in data["commissioners"]} == {
        b.code for b in plan.commissioners
    }
    assert {b.code for b in plan.commissioners} == alive | predecessors
    for place in plan.places:
        assert any(m.period.overlaps(span) for m in place.memberships), place.code
