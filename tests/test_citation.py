"""Citations as data: validated at construction, printed with their address."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from speccom_model import DEFAULT_POLICY, io
from speccom_model.arrangement import ArrangementKind
from speccom_model.citation import Citation, check_sources, describe_sources
from speccom_model.errors import InvalidValueError
from speccom_model.policy import Policy, policies
from speccom_model.rules import DEFAULT_RULES, explain

ROOT = Path(__file__).parents[1]
S65Z5 = "https://www.legislation.gov.uk/ukpga/2006/41/section/65Z5"


class TestConstruction:
    def test_reads_well_in_a_report(self) -> None:
        """Title, section, then the address."""
        cited = Citation(
            title="National Health Service Act 2006", section="s.65Z5", url=S65Z5
        )

        assert str(cited) == f"National Health Service Act 2006 s.65Z5 — {S65Z5}"

    def test_a_date_and_a_note_are_shown(self) -> None:
        """The version read, and what could not be confirmed."""
        cited = Citation(
            title="Cities and Local Government Devolution Act 2016",
            url="https://www.legislation.gov.uk/ukpga/2016/1",
            date=dt.date(2016, 1, 28),
            note="commencement not confirmed; Royal Assent date used",
        )

        assert str(cited) == (
            "Cities and Local Government Devolution Act 2016 (2016-01-28; "
            "commencement not confirmed; Royal Assent date used) — "
            "https://www.legislation.gov.uk/ukpga/2016/1"
        )
        assert cited.as_dict() == {
            "title": "Cities and Local Government Devolution Act 2016",
            "section": None,
            "url": "https://www.legislation.gov.uk/ukpga/2016/1",
            "date": "2016-01-28",
            "note": "commencement not confirmed; Royal Assent date used",
        }

    @pytest.mark.parametrize(
        "url",
        [
            "http://www.legislation.gov.uk",
            "www.legislation.gov.uk",
            "https://",
            "https://www.legislation .gov.uk",
            "DOMAIN.md §4",
            "",
        ],
    )
    def test_only_an_https_address_is_accepted(self, url: str) -> None:
        """No plain http, no bare host, no spaces, no file names."""
        with pytest.raises(InvalidValueError, match=r"^url: expected an https://"):
            Citation(title="T", url=url)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("title", ""),
            ("title", 4),
            ("section", ""),
            ("note", "  x"),
            ("date", "2016"),
        ],
    )
    def test_each_field_is_checked(self, field: str, value: object) -> None:
        """Empty or mistyped text or dates are refused by name."""
        given_fields: dict[str, object] = {"title": "T", "url": S65Z5, field: value}
        with pytest.raises(InvalidValueError, match=rf"^{field}: expected"):
            Citation(**given_fields)  # type: ignore[arg-type]

    def test_free_text_is_no_longer_a_source(self) -> None:
        """A string where citations belong is refused."""
        with pytest.raises(InvalidValueError, match="at least one Citation"):
            check_sources("source", "NHS Act 2006 s.13Z")
        with pytest.raises(InvalidValueError, match="at least one Citation"):
            check_sources("source", ())

    @given(
        # Any one line of text: no control, line or paragraph separator, or
        # bidirectional override, which a title refuses.
        st.text(
            st.characters(
                blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                blacklist_characters="\u202a\u202b\u202c\u202d\u202e"
                "\u2066\u2067\u2068\u2069",
            ),
            min_size=1,
        )
        .map(str.strip)
        .filter(bool),
        st.from_regex(r"[a-z]{1,10}(\.[a-z]{2,5}){1,2}", fullmatch=True),
        st.from_regex(r"(/[a-z0-9-]{0,12}){0,4}", fullmatch=True),
    )
    def test_every_valid_citation_prints_its_address_last(
        self, title: str, host: str, path: str
    ) -> None:
        """Whatever the title, the address ends the line, after a dash."""
        cited = Citation(title=title, url=f"https://{host}{path}")

        assert str(cited).endswith(f" — https://{host}{path}")
        assert describe_sources([cited]) == title


def _every_cited_thing() -> list[tuple[str, tuple[Citation, ...]]]:
    policy = DEFAULT_POLICY
    found: list[tuple[str, tuple[Citation, ...]]] = [
        (rule.code, rule.source) for rule in DEFAULT_RULES
    ]
    found += [
        (name, getattr(policy, name))
        for name in (
            "commissioning_source",
            "population_limit_source",
            "icbs_source",
            "icb_delegation_source",
            "statutory_factors_source",
            "timing_source",
        )
    ]
    found += [
        (f"arrangement_windows[{k}]", w.source)
        for k, w in policy.arrangement_windows.items()
    ]
    found += [
        (f"budget_windows[{k}]", w.source) for k, w in policy.budget_windows.items()
    ]
    found += [
        (f"approval_routes[{r.applies_from}]", r.source) for r in policy.approval_routes
    ]
    found += [(f"legal_basis[{k}]", k.legal_basis) for k in ArrangementKind]
    found += [
        (f"{name}.proposed[{index}]", change.source)
        for name in policies()
        for index, change in enumerate(Policy.named(name).proposed)
    ]
    return found


class TestEverythingIsCited:
    @pytest.mark.parametrize(
        ("what", "sources"), _every_cited_thing(), ids=lambda x: str(x)[:40]
    )
    def test_has_a_citation_with_a_title_and_an_https_url(
        self, what: str, sources: tuple[Citation, ...]
    ) -> None:
        """Every rule, parameter, window, route and kind cites a public source."""
        assert sources, what
        for cited in sources:
            assert isinstance(cited, Citation)
            assert cited.title.strip()
            assert cited.url.startswith("https://")

    def test_every_window_and_route_of_the_default_policy_is_walked(self) -> None:
        """The walk above misses nothing the policy holds."""
        walked = {what for what, _ in _every_cited_thing()}

        assert len(walked) == len(DEFAULT_RULES) + 6 + len(
            DEFAULT_POLICY.arrangement_windows
        ) + len(DEFAULT_POLICY.budget_windows) + len(
            DEFAULT_POLICY.approval_routes
        ) + len(ArrangementKind) + sum(
            len(Policy.named(name).proposed) for name in policies()
        )

    def test_no_user_facing_text_cites_an_internal_document(self) -> None:
        """Users have no DOMAIN.md or DESIGN.md: nothing shipped or documented cites one."""
        texts = [
            *(ROOT / "src" / "speccom_model").rglob("*.py"),
            *(ROOT / "src" / "speccom_model").rglob("*.toml"),
            *(ROOT / "docs").glob("*.md"),
            ROOT / "README.md",
        ]
        offenders = [
            str(path.relative_to(ROOT))
            for path in texts
            if re.search(r"DOMAIN\.md|DESIGN\.md", path.read_text("utf-8"))
        ]

        assert offenders == []
        assert not any("DOMAIN.md" in explain(r.code) for r in DEFAULT_RULES)


class TestPolicyFiles:
    def test_a_policy_with_citations_reads_and_writes_through_io(
        self, tmp_path: Path
    ) -> None:
        """Cattrs structures Citation generically: a round trip keeps them."""
        cited = Citation(title="A", section="s.1", url=S65Z5, date=dt.date(2020, 1, 2))
        policy = Policy(population_limit_source=(cited,))
        path = tmp_path / "policy.toml"

        io.dump(policy, path)

        assert io.load(path, type=Policy) == policy
        assert io.load(path, type=Policy).population_limit_source == (cited,)

    def test_a_bad_address_in_a_policy_file_is_refused(self, tmp_path: Path) -> None:
        """Right or refused: an http address names its field path."""
        path = tmp_path / "policy.toml"
        path.write_text(
            '[[timing_source]]\ntitle = "Guide"\nurl = "http://example.org"\n',
            encoding="utf-8",
        )

        with pytest.raises(Exception, match=r"timing_source\[0\]\.url") as caught:
            io.load(path, type=Policy)
        assert "https://" in str(caught.value)
