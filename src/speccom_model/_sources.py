"""
The public sources the library's code cites, each once, as :class:`Citation`.

Rules, arrangement kinds and the reference-table readers name these; the dated law (windows, routes,
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
PLANNING_GUIDANCE_2019_20: Final = Citation(
    title="NHS England and NHS Improvement, 'NHS Operational Planning and "
    "Contracting Guidance 2019/20'",
    section="version 1.0",
    url="https://www.readkong.com/page/"
    "nhs-operational-planning-and-contracting-guidance-2019-20-2571355",
    date=dt.date(2019, 1, 10),
    note="guidance, not law; the date is the copy's 'First published: 10 January "
    "2019'; read in a third-party copy, NHS England's own copy was not found",
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
# -- What the reference readers (reference/) state on these sources' authority --

HSCA_2012_S1: Final = Citation(
    title="Health and Social Care Act 2012",
    section="s.1 (the NHS Commissioning Board, established 1 October 2012)",
    url="https://www.legislation.gov.uk/ukpga/2012/7/part/1",
)
HCA_2022_S19: Final = Citation(
    title="Health and Care Act 2022",
    section="s.19 (CCGs abolished and ICBs established, 1 July 2022)",
    url="https://www.legislation.gov.uk/ukpga/2022/31",
)
ODS_ICB_RECONFIGURATION: Final = Citation(
    title="NHS Digital, ICB reconfiguration guidance",
    section="Renaming and boundary changes",
    url="https://digital.nhs.uk/services/organisation-data-service/upcoming-code-changes/reconfiguration-toolkit/icb-reconfiguration-guidance",
    note="the 42 ODS codes that identified STPs were retained for the ICBs",
)
DATA_DICTIONARY_SICBL: Final = Citation(
    title="NHS Data Dictionary, Sub Integrated Care Board Location",
    url="https://v3.datadictionary.nhs.uk/web_site_content/supporting_definitions/sub_integrated_care_board_location.asp?shownav=1",
    note="CCG ODS codes were retained as sub-ICB location codes",
)
RCPCH_ICB_SUCCESSIONS: Final = Citation(
    title="rcpch/rcpch-nhs-organisations, ICB history and succession (planning)",
    section="ODS-verified succession map",
    url="https://github.com/rcpch/rcpch-nhs-organisations/blob/a96174befff52540b0b0d083d4a3ea7134af7afa/documentation/docs/developer/icb-history-planning.md",
    note="a transcription of the ODS API's succession records, not ODS itself",
)
NHSBSA_ICB_MERGERS_2026: Final = Citation(
    title="NHSBSA Open Data Portal, ICB Mergers - April 2026",
    url="https://opendata.nhsbsa.net/news//icb-mergers-april-2026",
    date=dt.date(2026, 4, 10),
    note="6 new ICBs through the abolition of 12; one existing ICB's boundary changes",
)
#: NHS England's list of prescribed specialised services as at April 2023.
APRIL_2023_LIST: Final = Citation(
    title="NHS England, List of the prescribed specialised services directly "
    "commissioned by NHS England as at April 2023",
    url="https://www.england.nhs.uk/long-read/list-of-the-prescribed-specialised-"
    "services-directly-commissioned-by-nhs-england-as-at-april-2023/",
    note="partial: only manual numbers 1 to 33 could be read",
)
NHSE_BOARD_2023_12_DELEGATION: Final = Citation(
    title="NHS England Board paper, Specialised commissioning: 2024/25 next steps "
    "with delegation to integrated care boards",
    url="https://www.england.nhs.uk/long-read/specialised-commissioning-2024-25-"
    "next-steps-with-delegation-to-integrated-care-boards/",
    date=dt.date(2023, 12, 7),
    note="59 services delegated since April 2023 to nine statutory joint "
    "committees; full delegation from April 2024 in the East of England, "
    "Midlands and North West",
)
NHSE_BOARD_2024_12: Final = Citation(
    title="NHS England Board paper, Commissioning integration: delegation of "
    "specialised services to integrated care boards 2025/26",
    url="https://www.england.nhs.uk/long-read/commissioning-integration-delegation-"
    "of-specialised-services-to-integrated-care-boards-2025-26/",
    note="70 services (the 59 and 11 more, Annex A) from April 2025",
)
LSC_ICB_SPECIALISED_SERVICES: Final = Citation(
    title="NHS Lancashire and South Cumbria ICB, Specialised services",
    url="https://www.lancashireandsouthcumbria.icb.nhs.uk/our-work/specialised-services",
    note="the list of the 59 breaks off after its 20th item in the copy read",
)
NHSE_SPEC_SERVICES_HISTORY: Final = Citation(
    title="NHS England, Specialised services",
    url="https://www.england.nhs.uk/commissioning/spec-services/",
    note="'NHS England has historically directly commissioned all specialised "
    "services'",
)
WRITTEN_ANSWER_2024_DELEGATED: Final = Citation(
    title="Written parliamentary answer (Department of Health and Social Care, "
    "to Karin Smyth, 2024), via the answered-questions listing",
    url="https://eldaddp.azurewebsites.net/answeredquestions.html"
    "?AnsweringBody.=Department+of+Health+and+Social+Care&date=2024-05-07"
    "&min-date=2019-06-05&tablingMemberPrinted.=Karin+Smyth",
    note='"For 2024/25, NHS England is delegating £5.3 billion of commissioning '
    "resource to ICBs in the three regions [...] This figure excludes high-cost "
    'drugs and devices spend." The listing gives the address as http://; cited '
    "at its https:// form",
)
