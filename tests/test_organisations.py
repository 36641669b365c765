"""The real organisations, 2012 to 2026: shipped tables and the shared timeline."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import (
    CommissionerKind,
    FinancialYear,
    InvalidValueError,
    Landscape,
    PrescribedServices,
    UnknownReferenceError,
    gbp,
    reference,
)
from speccom_model.reference import BudgetFigureKind

FIRST_DAY = dt.date(2019, 4, 1)
LAST_DAY = dt.date(2026, 3, 31)
ICBS_START = dt.date(2022, 7, 1)


@functools.cache
def landscape() -> Landscape:
    """The shared timeline in a landscape with an empty prescribed list."""
    orgs = reference.organisations()
    return Landscape(
        catalogue=PrescribedServices(services=(), effective=dt.date(2013, 4, 1)),
        commissioners=orgs.bodies,
        places=orgs.places,
        successions=orgs.successions,
    )


def place_codes() -> list[str]:
    return [place.code for place in reference.organisations().places]


def first_day_of(code: str) -> dt.date:
    return landscape().place(code).memberships[0].period.start


class TestTables:
    def test_ccg_names_cover_the_191_ccgs_of_april_2019(self) -> None:
        """Same codes as the April 2019 table, each with a real name."""
        names = reference.ccg_names()

        assert len(names) == 191
        assert {n.code for n in names} == {c.code for c in reference.ccgs_2019()}
        assert all(n.name.startswith("NHS ") and n.name.endswith(" CCG") for n in names)

    def test_ccg_mergers_are_6_then_74_into_18_then_38_into_9(self) -> None:
        """PROVENANCE-2 §4b: April 2019 (6), April 2020 (74 into 18), April 2021 (38 into 9)."""
        mergers = reference.ccg_mergers()
        by_month = Counter(m.month for m in mergers)
        successors = {
            month: len({m.successor for m in mergers if m.month == month})
            for month in by_month
        }

        assert len(mergers) == 118
        assert by_month == {"2019-04": 6, "2020-04": 74, "2021-04": 38}
        assert successors == {"2019-04": 2, "2020-04": 18, "2021-04": 9}
        assert all(m.effective == dt.date(int(m.month[:4]), 4, 1) for m in mergers)

    def test_sub_icb_locations_are_106_in_42_icbs(self) -> None:
        """Every sub-ICB location belongs to one of the 42 ICBs of July 2022."""
        locations = reference.sub_icb_locations()
        icbs = {icb.code for icb in reference.icbs_2022()}

        assert len(locations) == 106
        assert {loc.icb for loc in locations} == icbs

    def test_icb_mergers_2026_are_the_8_announced_rows_without_codes(self) -> None:
        """The table is partial and gives no successor code."""
        rows = reference.icb_mergers_2026()

        assert len(rows) == 8
        assert all(row.successor_code is None for row in rows)
        assert all(row.effective == dt.date(2026, 4, 1) for row in rows)
        assert all(
            source.url.startswith("https://") for row in rows for source in row.sources
        )

    def test_icb_successions_2026_abolish_12_icbs_into_6_new_and_qrl(self) -> None:
        """NHSBSA: 6 new ICBs through the abolition of 12; one boundary change."""
        rows = reference.icb_successions_2026()
        predecessors = {row.predecessor for row in rows}
        successors = {row.successor for row in rows}

        assert len(rows) == 16
        assert len(predecessors) == 12
        assert successors == {
            "S1Y5D",
            "D7T5G",
            "T6Y0W",
            "S0E4D",
            "S9B9J",
            "Z9B2Z",
            "QRL",
        }
        assert predecessors <= {icb.code for icb in reference.icbs_2022()}

    def test_loaders_are_cached(self) -> None:
        """Each table is read once."""
        assert reference.ccg_names() is reference.ccg_names()
        assert reference.organisations() is reference.organisations()


class TestBudgetFigures:
    def test_25_figures_load_with_exact_amounts(self) -> None:
        """£18.820bn is exactly £18,820,000,000 (CIPFA allocation, 2020-21)."""
        figures = reference.specialised_budgets()
        allocation = [
            f
            for f in figures
            if f.year == FinancialYear(2020) and f.kind is BudgetFigureKind.ALLOCATION
        ]

        assert len(figures) == 25
        assert [f.amount for f in allocation] == [gbp("£18,820,000,000")]

    def test_conflicting_2013_14_figures_are_all_kept(self) -> None:
        """HSJ article £12.7bn and data video £11.9bn plans; NAO £13bn budget."""
        figures = [
            (f.kind, f.amount)
            for f in reference.specialised_budgets()
            if f.year == FinancialYear(2013)
        ]

        assert (BudgetFigureKind.PLAN, gbp("£12.7bn")) in figures
        assert (BudgetFigureKind.PLAN, gbp("£11.9bn")) in figures
        assert (BudgetFigureKind.BUDGET, gbp("£13bn")) in figures
        assert (BudgetFigureKind.OUTTURN_OVERSPEND, gbp("£30m")) in figures

    def test_the_5_3bn_is_a_delegated_share_of_2024_25(self) -> None:
        """Written answer: £5.3bn to ICBs in three regions, excluding high-cost drugs."""
        (figure,) = [
            f for f in reference.specialised_budgets() if f.amount == gbp("£5.3bn")
        ]

        assert (figure.year, figure.kind) == (
            FinancialYear(2024),
            BudgetFigureKind.DELEGATED_SHARE,
        )
        assert "high-cost drugs" in figure.detail

    def test_every_figure_cites_an_https_source(self) -> None:
        """The one http:// address is cited at its https form, with a note saying so."""
        sources = [s for f in reference.specialised_budgets() for s in f.sources]
        upgraded = [s for s in sources if s.note is not None]

        assert all(s.url.startswith("https://") for s in sources)
        assert {s.url.split("/")[2] for s in upgraded} == {"eldaddp.azurewebsites.net"}

    def test_kinds_have_stable_values(self) -> None:
        """Enums serialise by a stable lowercase value."""
        assert [k.value for k in BudgetFigureKind] == [
            "plan",
            "forecast",
            "budget",
            "allocation",
            "outturn",
            "delegated-share",
            "forecast-overspend",
            "outturn-overspend",
        ]

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("forecast overspend", BudgetFigureKind.FORECAST_OVERSPEND),
            ("forecast (at month 9, Dec 2013)", BudgetFigureKind.FORECAST),
            ("spend (outturn)", BudgetFigureKind.OUTTURN),
            ("allocation (published 2016)", BudgetFigureKind.ALLOCATION),
        ],
    )
    def test_a_kind_is_read_by_its_longest_leading_words(
        self, text: str, kind: BudgetFigureKind
    ) -> None:
        """A "forecast overspend" is an overspend, not a forecast budget."""
        assert BudgetFigureKind.parse(text) is kind

    def test_an_unknown_kind_is_refused_by_name(self) -> None:
        """Right or refused: a kind the table does not use is an error."""
        with pytest.raises(InvalidValueError, match=r"^kind: expected a figure kind"):
            BudgetFigureKind.parse("estimate")


class TestBodies:
    def test_nhs_england_exists_from_1_october_2012(self) -> None:
        """HSCA 2012 s.1: the NHS Commissioning Board, established 1 October 2012."""
        england = reference.organisations().body("X24")

        assert england.kind is CommissionerKind.NHS_ENGLAND
        assert england.lifetime.start == dt.date(2012, 10, 1)
        assert england.lifetime.end is None

    def test_the_seven_regions_start_on_1_april_2019(self) -> None:
        """The four earlier regions are not in the tables, and are not invented."""
        regions = [
            b
            for b in reference.organisations().bodies
            if b.kind is CommissionerKind.REGION
        ]

        assert sorted(b.code for b in regions) == [
            "Y56",
            "Y58",
            "Y59",
            "Y60",
            "Y61",
            "Y62",
            "Y63",
        ]
        assert {b.lifetime.start for b in regions} == {FIRST_DAY}

    def test_ccgs_have_their_real_names(self) -> None:
        """00T is NHS Bolton CCG, not 'CCG 00T'."""
        orgs = reference.organisations()

        assert orgs.body("00T").name == "NHS Bolton CCG"
        assert orgs.body("93C").name == "NHS North Central London CCG"

    def test_counts_of_bodies_by_kind(self) -> None:
        """6 + 191 + 18 + 9 CCGs; 42 + 6 ICBs; NHS England and 7 regions."""
        kinds = Counter(b.kind for b in reference.organisations().bodies)

        assert kinds == {
            CommissionerKind.NHS_ENGLAND: 1,
            CommissionerKind.REGION: 7,
            CommissionerKind.CCG: 6 + 191 + 18 + 9,
            CommissionerKind.ICB: 42 + 6,
        }

    def test_every_ccg_ends_by_1_july_2022(self) -> None:
        """Health and Care Act 2022: CCGs abolished on 1 July 2022."""
        ends = {
            b.lifetime.end
            for b in reference.organisations().bodies
            if b.kind is CommissionerKind.CCG
        }

        assert max(e for e in ends if e is not None) == ICBS_START
        assert None not in ends

    def test_the_new_icbs_of_2026_have_their_ods_codes_and_regions(self) -> None:
        """Central East, Essex, Norfolk and Suffolk in the East of England (Y61)."""
        orgs = reference.organisations()

        assert [orgs.body(c).region for c in ("S1Y5D", "D7T5G", "T6Y0W")] == ["Y61"] * 3
        assert [orgs.body(c).region for c in ("S0E4D", "S9B9J")] == ["Y59"] * 2
        assert orgs.body("Z9B2Z").region == "Y56"
        assert orgs.body("QRL").lifetime.end is None

    def test_every_code_has_its_kinds_documented_ods_shape(self) -> None:
        """X24, Y5x/Y6x, 3-character or ANANA CCGs, Q.. or ANANA ICBs (ODS)."""
        odd = [
            b.code
            for b in reference.organisations().bodies
            if not b.matches_documented_shape()
        ]

        assert odd == []

    def test_an_unknown_code_is_refused_by_name(self) -> None:
        """A code the timeline does not hold is an error, never a guess."""
        with pytest.raises(UnknownReferenceError, match="got 'ABC'"):
            reference.organisations().body("ABC")


class TestSuccessions:
    def test_each_predecessor_ends_on_the_day_its_successor_takes_over(self) -> None:
        """No merged body is left open (openprescribing's fault); ends are exclusive."""
        orgs = reference.organisations()

        for succession in orgs.successions:
            predecessor = orgs.body(succession.predecessor)
            assert succession.successor is not None
            successor = orgs.body(succession.successor)
            assert predecessor.lifetime.end == succession.effective, succession
            assert successor.exists_on(succession.effective), succession

    def test_ccgs_become_icbs_on_1_july_2022(self) -> None:
        """The 106 CCGs of 2021 each pass to their sub-ICB location's ICB."""
        orgs = reference.organisations()
        to_icbs = {
            s.predecessor: s.successor
            for s in orgs.successions
            if s.effective == ICBS_START
        }

        assert to_icbs == {loc.code: loc.icb for loc in reference.sub_icb_locations()}

    def test_three_icbs_split_on_1_april_2026(self) -> None:
        """QNQ three ways, QM7 and QJG two ways (ODS)."""
        splits = Counter(
            s.predecessor
            for s in reference.organisations().successions
            if s.kind.value == "split"
        )

        assert splits == {"QNQ": 3, "QM7": 2, "QJG": 2}


class TestTimeTravel:
    def test_every_place_resolves_every_day_to_one_body_existing_that_day(
        self,
    ) -> None:
        """Every 2019 CCG code and sub-ICB code, 1 April 2019 to 31 March 2026."""
        england = landscape()
        missing = []
        for code in place_codes():
            day = max(FIRST_DAY, first_day_of(code))
            while day <= LAST_DAY:
                body = england.commissioner_of(code, day)
                if body is None or not body.exists_on(day):
                    missing.append((code, day))
                day += dt.timedelta(days=1)

        assert missing == []

    def test_the_places_are_the_2019_ccg_and_sub_icb_codes(self) -> None:
        """One place per code: 191 of 2019 and 106 of 2022, 79 codes in both."""
        codes = set(place_codes())

        assert codes == {c.code for c in reference.ccgs_2019()} | {
            loc.code for loc in reference.sub_icb_locations()
        }
        assert len(codes) == 218

    @given(
        code=st.sampled_from(place_codes()),
        day=st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
    )
    def test_a_ccg_answers_before_1_july_2022_and_an_icb_from_then(
        self, code: str, day: dt.date
    ) -> None:
        """Health and Care Act 2022: CCGs until 30 June 2022, ICBs from 1 July."""
        body = landscape().commissioner_of(code, day)

        if day < first_day_of(code):
            assert body is None
        else:
            assert body is not None
            expected = (
                CommissionerKind.CCG if day < ICBS_START else CommissionerKind.ICB
            )
            assert body.kind is expected

    def test_00t_is_bolton_ccg_on_30_june_and_greater_manchester_icb_on_1_july(
        self,
    ) -> None:
        """The issue's example: 00T, then QOP."""
        england = landscape()
        before = england.commissioner_of("00T", dt.date(2022, 6, 30))
        after = england.commissioner_of("00T", ICBS_START)

        assert before is not None
        assert after is not None
        assert (before.code, after.code) == ("00T", "QOP")

    def test_a_ccg_merged_in_april_2020_answers_its_successor_from_1_april(
        self,
    ) -> None:
        """07M (Barnet) is itself on 31 March 2020 and 93C from 1 April 2020."""
        england = landscape()
        on_31_march = england.commissioner_of("07M", dt.date(2020, 3, 31))
        on_1_april = england.commissioner_of("07M", dt.date(2020, 4, 1))

        assert on_31_march is not None
        assert on_1_april is not None
        assert (on_31_march.code, on_1_april.code) == ("07M", "93C")

    def test_a_merger_code_answers_nobody_before_it_existed(self) -> None:
        """93C (April 2020) and D4U1Y (April 2021) had no body in 2019."""
        england = landscape()

        assert england.commissioner_of("93C", dt.date(2019, 6, 1)) is None
        assert england.commissioner_of("D4U1Y", dt.date(2021, 3, 31)) is None
        assert england.commissioner_of("D4U1Y", dt.date(2021, 4, 1)) is not None

    def test_a_2019_ccg_answers_nobody_before_1_april_2019(self) -> None:
        """The tables do not say when a 2019 CCG began: no guess."""
        assert landscape().commissioner_of("00T", dt.date(2019, 3, 31)) is None

    def test_the_ccgs_merged_in_april_2019_pass_to_their_successor(self) -> None:
        """03X (Erewash) into 15M (Derby and Derbyshire) on 1 April 2019."""
        england = landscape()
        before = england.body_on("03X", dt.date(2019, 3, 31))
        after = england.body_on("03X", FIRST_DAY)

        assert before is not None
        assert after is not None
        assert (before.code, after.code) == ("03X", "15M")

    def test_on_1_april_2026_only_the_two_unresolved_frimley_places_answer_none(
        self,
    ) -> None:
        """Every other place follows a merger, a continuing ICB or a named part."""
        england = landscape()
        unresolved = [
            code
            for code in place_codes()
            if england.commissioner_of(code, dt.date(2026, 4, 1)) is None
        ]

        assert sorted(unresolved) == ["99M", "D4U1Y"]

    @pytest.mark.parametrize(
        ("code", "expected"),
        [
            ("07M", "Z9B2Z"),  # Barnet, via 93C and QMJ, into West and North London
            ("00T", "QOP"),  # Greater Manchester did not change
            ("06L", "T6Y0W"),  # Ipswich and East Suffolk: the Suffolk part of QJG
            ("06T", "D7T5G"),  # North East Essex: into Essex
            ("06N", "S1Y5D"),  # Herts Valleys: into Central East
            ("15D", "S0E4D"),  # East Berkshire: into Thames Valley
            ("10C", "S9B9J"),  # Surrey Heath: into Surrey and Sussex
            ("D4U1Y", None),  # Frimley: split three ways, no source says which
            ("99M", None),  # North East Hampshire and Farnham: spans two parts
        ],
    )
    def test_on_1_april_2026_places_follow_the_mergers_where_sources_say(
        self, code: str, expected: str | None
    ) -> None:
        """A split is followed only where the place's name says which part."""
        body = landscape().commissioner_of(code, dt.date(2026, 4, 1))

        assert (None if body is None else body.code) == expected


class TestPlaces:
    def test_sub_icb_places_share_the_icbs_2022_population_exactly(self) -> None:
        """England's 2022 total over 42 ICBs is 59,923,275 (PROVENANCE.md)."""
        england = landscape()
        total = sum(
            england.place(loc.code).population.persons
            for loc in reference.sub_icb_locations()
        )

        assert total == 59_923_275

    def test_every_place_population_says_it_is_illustrative(self) -> None:
        """No per-place figure ships, so none is passed off as real."""
        assert all(
            p.source.startswith("illustrative:")
            for p in reference.organisations().places
        )

    def test_a_sub_icb_place_is_named_as_the_sub_icb_location(self) -> None:
        """00T is 'NHS Greater Manchester ICB - 00T' as a place."""
        assert landscape().place("00T").name == "NHS Greater Manchester ICB - 00T"

    def test_the_former_ccg_name_of_a_sub_icb_location_is_kept(self) -> None:
        """Waiting for Place.former_names: the 2021 CCG name by code."""
        assert reference.former_ccg_names()["00T"] == "NHS Bolton CCG"


class TestOrganisationsValue:
    def test_free_text_sources_are_refused_by_name(self) -> None:
        """Sources are citations, never free text."""
        orgs = reference.organisations()

        with pytest.raises(InvalidValueError, match=r"^sources: expected at least one"):
            reference.Organisations(
                bodies=orgs.bodies,
                places=orgs.places,
                successions=orgs.successions,
                sources="HSCA 2012",  # type: ignore[arg-type]
            )

    def test_a_body_that_is_not_a_commissioner_is_refused(self) -> None:
        """The bodies are Commissioner values."""
        orgs = reference.organisations()

        with pytest.raises(InvalidValueError, match=r"^bodies"):
            reference.Organisations(
                bodies=("X24",),
                places=orgs.places,
                successions=orgs.successions,
                sources=orgs.sources,
            )


class TestGapsAndSources:
    def test_the_timeline_says_what_it_does_not_know(self) -> None:
        """Inferred days, missing regions, illustrative populations, the split."""
        gaps = " ".join(reference.organisations().gaps)

        for words in ("1 April 2013", "four NHS England regions", "inferred", "D4U1Y"):
            assert words in gaps

    def test_the_timeline_cites_https_sources(self) -> None:
        """Each source has a title and an address a user can open."""
        sources = reference.organisations().sources

        assert sources
        assert all(s.title and s.url.startswith("https://") for s in sources)


def test_a_sub_icb_location_keeps_its_code_and_takes_a_new_name() -> None:
    places = {p.code: p for p in reference.organisations().places}
    bolton = places["00T"]
    assert bolton.name_on(dt.date(2022, 6, 30)) == "NHS Bolton CCG"
    assert bolton.name_on(dt.date(2022, 7, 1)) == bolton.name
    assert bolton.name.endswith("00T")
    renamed = [p for p in places.values() if p.former_names]
    assert len(renamed) == len(reference.sub_icb_locations())
