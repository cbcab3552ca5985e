"""Point the loaders at the offline mirror (../shared/data) unless DEKNING_DATA_DIR is already set."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MIRROR = ROOT.parent / "shared" / "data"

if "DEKNING_DATA_DIR" not in os.environ and MIRROR.is_dir():
    os.environ["DEKNING_DATA_DIR"] = str(MIRROR)
os.environ.setdefault("DEKNING_OFFLINE", "1")


@pytest.fixture(scope="session")
def kommuner():
    from loaders import boundaries

    return boundaries.kommuner()


@pytest.fixture(scope="session")
def valid_knr(kommuner):
    return set(kommuner["kommunenummer"])


@pytest.fixture(scope="session")
def crosswalk():
    from loaders import population

    return population.crosswalk_2023()


@pytest.fixture(scope="session")
def model():
    from coverage import model as model_module

    return model_module.prepare()


@pytest.fixture(scope="session")
def indicators_table(model):
    from coverage import indicators

    return indicators.per_kommune(model)
