"""The public API: one import, sorted __all__, documented names, a light import."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import speccom_model

PUBLIC = sorted(speccom_model.__all__)


def _isort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then the rest."""
    if name.isupper():
        return (0, name)
    if name[0].isupper():
        return (1, name)
    return (2, name)


def test_all_is_sorted() -> None:
    """__all__ is kept sorted, as ruff sorts it."""
    assert speccom_model.__all__ == sorted(speccom_model.__all__, key=_isort_key)


def test_all_names_are_unique() -> None:
    """No name is exported twice."""
    assert len(set(speccom_model.__all__)) == len(speccom_model.__all__)


@pytest.mark.parametrize(
    "name", [n for n in PUBLIC if not n.isupper() and n != "__version__"]
)
def test_every_public_name_is_documented_with_an_example(name: str) -> None:
    """Every public name but a constant has a docstring with a >>> example."""
    doc = inspect.getdoc(getattr(speccom_model, name)) or ""

    assert ">>>" in doc


def test_version_is_a_string() -> None:
    """__version__ is there for tools."""
    assert isinstance(speccom_model.__version__, str)


def test_py_typed_ships() -> None:
    """Type checkers read the package's annotations."""
    from importlib.resources import files

    assert files("speccom_model").joinpath("py.typed").is_file()


def test_import_pulls_in_neither_pint_cattrs_nor_hypothesis() -> None:
    """Importing speccom_model stays light: heavy parts load on first use."""
    code = (
        "import sys, speccom_model; "
        "print(sorted(m for m in ('pint', 'cattrs', 'hypothesis', 'dateutil', "
        "'speccom_model.rules', 'speccom_model.summary', 'speccom_model.diff', "
        "'speccom_model.reasons') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert out.stdout.strip() == "[]"


def test_star_import_works_without_the_hypothesis_extra() -> None:
    """`from speccom_model import *` must not need Hypothesis."""
    code = (
        "import sys; sys.modules['hypothesis'] = None; "
        "from speccom_model import *; import speccom_model; "
        "print(speccom_model.check(speccom_model.scenarios.england_2013_14()).ok)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert out.stdout.strip() == "True"


def test_strategies_without_the_extra_say_how_to_install_it() -> None:
    """A MissingExtraError (an ImportError) names the extra and how to install it."""
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import speccom_model.strategies\n"
        "except ImportError as err:\n    print(type(err).__name__, err)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert out.stdout.strip() == (
        "MissingExtraError speccom_model.strategies: expected the hypothesis extra "
        'installed (pip install -e ".[hypothesis]" from a clone of the '
        "repository), got 'hypothesis not installed'"
    )


def test_lazy_names_are_the_modules_own_objects() -> None:
    """check, Report, summarise... load on first use and are the same objects."""
    from speccom_model import check, summarise, why
    from speccom_model.reasons import why as reasons_why
    from speccom_model.rules import Report
    from speccom_model.rules import check as rules_check
    from speccom_model.summary import summarise as summary_summarise

    assert check is rules_check
    assert summarise is summary_summarise
    assert why is reasons_why
    assert speccom_model.Report is Report
    assert {"check", "summarise", "Severity", "io"} <= set(dir(speccom_model))


def test_an_unknown_name_is_an_attribute_error_naming_it() -> None:
    """A misspelt name fails as any module attribute would."""
    with pytest.raises(AttributeError, match="'chek'"):
        speccom_model.chek  # noqa: B018 - the access is the test
