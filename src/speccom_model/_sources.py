"""
The public sources the library's code cites, each once, as :class:`Citation`.

Rules and arrangement kinds name these; the dated law (windows, routes,
thresholds) cites its sources in ``data/law.toml``. Every address here is one
that was read (legislation.gov.uk, NHS England, the NAO, Parliament, HSJ);
where a text or a date could not be read, the citation's ``note`` says so.

>>> print(NHS_ACT_65Z5)
National Health Service Act 2006 s.65Z5 — https://www.legislation.gov.uk/ukpga/2006/41/section/65Z5
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from speccom_model.citation import Citation

_NHS_ACT: Final = "National Health Service Act 2006"
_LEG: Final = "https://www.legislation.gov.uk"
_S13Z_URL: Final = f"{_LEG}/ukpga/2006/41/part/2/chapter/A1/crossheading/exercise-of-functions-of-board"
_TEXT_2019: Final = dt.date(2019, 12, 2)  # the version of s.13Z and s.13ZA read

NHS_ACT_3B: Final = Citation(
    title=_NHS_ACT, section="s.3B", url=f"{_LEG}/ukpga/2006/41/section/3B"
)
NHS_ACT_3B_1D: Final = Citation(
    title=_NHS_ACT,
    section="s.3B(1)(d), (2), (4A)",
    url=f"{_LEG}/ukpga/2006/41/section/3B",
)
NHS_ACT_3B_3: Final = Citation(
    title=_NHS_ACT, section="s.3B(3)", url=f"{_LEG}/ukpga/2006/41/section/3B"
)
NHS_ACT_13V: Final = Citation(
    title=_NHS_ACT,
    section="s.13V",
    url=f"{_LEG}/ukpga/2006/41/section/13V",
    note="section text not read",
)
NHS_ACT_13Z: Final = Citation(
    title=_NHS_ACT, section="s.13Z", url=_S13Z_URL, date=_TEXT_2019
)
NHS_ACT_13Z_6: Final = Citation(
    title=_NHS_ACT, section="s.13Z(6)", url=_S13Z_URL, date=_TEXT_2019
)
NHS_ACT_13ZA: Final = Citation(
    title=_NHS_ACT, section="s.13ZA", url=_S13Z_URL, date=_TEXT_2019
)
NHS_ACT_13YB: Final = Citation(
    title=_NHS_ACT,
    section="s.13YB",
    url=f"{_LEG}/ukpga/2006/41/section/13YB",
    note="section text not read; named in s.3B(2) as amended",
)
NHS_ACT_65Z5: Final = Citation(
    title=_NHS_ACT, section="s.65Z5", url=f"{_LEG}/ukpga/2006/41/section/65Z5"
)
NHS_ACT_65Z6: Final = Citation(
    title=_NHS_ACT,
    section="s.65Z6",
    url=f"{_LEG}/ukpga/2006/41/section/65Z6",
    note="section text not read",
)
HSCA_2012: Final = Citation(
    title="Health and Social Care Act 2012",
    section="Part 1",
    url=f"{_LEG}/ukpga/2012/7/part/1",
)
HCA_2022: Final = Citation(
    title="Health and Care Act 2022", url=f"{_LEG}/ukpga/2022/31"
)
HCA_2022_NOTES: Final = Citation(
    title="Health and Care Act 2022, Explanatory Notes",
    section="section 2",
    url=f"{_LEG}/ukpga/2022/31/notes/division/5/index.htm",
)
CLGDA_2016: Final = Citation(
    title="Cities and Local Government Devolution Act 2016",
    section="s.19 and Schedule 4",
    url=f"{_LEG}/ukpga/2016/1",
    date=dt.date(2016, 1, 28),
    note="commencement not confirmed; Royal Assent date used",
)
SI_2012_2996: Final = Citation(
    title="SI 2012/2996, the NHS Commissioning Board and Clinical Commissioning "
    "Groups (Responsibilities and Standing Rules) Regulations 2012",
    section="Schedule 4",
    url=f"{_LEG}/uksi/2012/2996",
)
SI_2012_2996_PART_3: Final = Citation(
    title="SI 2012/2996, the NHS Commissioning Board and Clinical Commissioning "
    "Groups (Responsibilities and Standing Rules) Regulations 2012",
    section="Part 3",
    url=f"{_LEG}/uksi/2012/2996",
)
SI_2022_642: Final = Citation(
    title="SI 2022/642, the National Health Service (Joint Working and Delegation "
    "Arrangements) (England) Regulations 2022",
    url=f"{_LEG}/uksi/2022/642",
)
HSJ_2019_ANNEX: Final = Citation(
    title="HSJ, 'Regulator invites areas with appetite to tender for spec com "
    "budget', reporting NHS England's annex to the 2019/20 planning guidance",
    url="https://www.hsj.co.uk/policy-and-regulation/"
    "regulator-invites-areas-with-appetite-to-tender-for-spec-com-budget/7024106.article",
    note="the annex itself was not found in a public copy",
)
HSJ_2014_COCOMMISSIONING: Final = Citation(
    title="HSJ, 'CCGs could co-commission specialised services' (2014)",
    url="https://www.hsj.co.uk/integrated-care/"
    "ccgs-could-co-commission-specialised-services/5072753.article",
)
NHSE_BOARD_2023_12: Final = Citation(
    title="NHS England Board, 'Specialised commissioning 2024/25 – next steps with "
    "delegation to integrated care boards'",
    url="https://www.england.nhs.uk/long-read/"
    "specialised-commissioning-2024-25-next-steps-with-delegation-to-integrated-care-boards/",
    date=dt.date(2023, 12, 7),
)
NHSE_BOARD_2024_03: Final = Citation(
    title="NHS England Board, 'Specialised Commissioning – update on specialised "
    "services for delegation'",
    url="https://www.england.nhs.uk/long-read/"
    "specialised-commissioning-update-on-specialised-services-for-delegation/",
    date=dt.date(2024, 3, 28),
)
NHSE_DELEGATION_GUIDANCE: Final = Citation(
    title="NHS England, 'Arrangements for delegation and joint exercise of "
    "statutory functions' (statutory guidance under s.65Z7)",
    url="https://www.england.nhs.uk/long-read/"
    "arrangements-for-delegation-and-joint-exercise-of-statutory-functions/",
)
NHSE_SPEC_SERVICES: Final = Citation(
    title="NHS England, 'Specialised services'",
    url="https://www.england.nhs.uk/commissioning/spec-services/",
)
NHSE_PROVIDER_COLLABORATIVES: Final = Citation(
    title="NHS England, 'NHS-led provider collaboratives: specialised mental "
    "health, learning disability and autism services'",
    url="https://www.england.nhs.uk/mental-health/nhs-led-provider-collaboratives/",
)
NAO_2016: Final = Citation(
    title="National Audit Office, 'The commissioning of specialised services in "
    "the NHS' (press release)",
    url="https://nao.org.uk/press-releases/the-commissioning-of-specialised-services-in-the-nhs",
)
ODS_CODES: Final = Citation(
    title="NHS Digital, 'Organisations and services': Organisation Data Service codes",
    url="https://digital.nhs.uk/developer/guides-and-documentation/"
    "building-healthcare-software/organisations-and-services",
)
HEALTH_BILL_2026: Final = Citation(
    title="Nuffield Trust, 'What's in the new Health Bill?'",
    section="the Health Bill 2026 as introduced: a bill, not law",
    url="https://www.nuffieldtrust.org.uk/resource/whats-in-the-new-health-bill",
    date=dt.date(2026, 5, 18),
)
