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
    """The published kommune table with no register entries (what every reader sees before any approval)."""
    from coverage import indicators
    from register import publish

    return publish.published_table(indicators.per_kommune(model), publish.nothing())


CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "screenshots"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env: dict):
    """`streamlit run` the app on a free local port; returns (url, process)."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = _free_port()
    SCREENSHOTS.mkdir(exist_ok=True)
    log = open(SCREENSHOTS / f"streamlit-{port}.log", "w")  # noqa: SIM115  (open for the server's lifetime)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--server.headless", "true"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return url, proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("streamlit did not start within 60 s")


@pytest.fixture(scope="session")
def app_url(model):
    """The app on a free local port, with warm caches (the model fixture ran)."""
    url, proc = start_app(os.environ.copy())
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through Playwright. Outside CI a missing chromium skips; in CI it fails."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must apt-get install chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def export_inputs(model, indicators_table):
    """What the export functions take: table, M-detail kommuner and fylker in EPSG:25833, active centres."""
    from coverage import indicators
    from loaders import boundaries

    return {
        "table": indicators_table,
        "kommuner": boundaries.kommuner(crs=boundaries.UTM33, detail="M"),
        "fylker": boundaries.fylker(crs=boundaries.UTM33),
        "centres": model.centres[model.centres["status"] == "active"],
        "areas": indicators.per_area(model, "fylke").set_index("area"),
        "norge": indicators.per_area(model, "norge").iloc[0],
    }


@pytest.fixture
def network(monkeypatch):
    """Every attempt to open a network connection, recorded and refused: offline code must leave it empty."""
    import socket

    attempts: list[tuple] = []

    def refuse(kind):
        def guard(*args, **kwargs):
            attempts.append((kind, *args[:2]))
            raise OSError(f"network access refused by the test ({kind})")
        return guard

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    return attempts


def app_page(view: str | None = None, **params):
    """The app under Streamlit's AppTest, opened with URL parameters (and switched to `view`, e.g.
    'views/hva_om.py'); fails on any exception."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=240)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if view:
        at = at.switch_page(view).run()
    assert not at.exception, at.exception
    return at


def the_one_info_box(at) -> str:
    """The text of the page's one information box besides the helpline banner."""
    boxes = [str(e.value) for e in at.info if "116 006" not in str(e.value)]
    assert len(boxes) == 1, boxes
    return boxes[0]


def page_text(at) -> str:
    """Everything an AppTest page shows as text: Markdown, notices, errors and st.html bodies (tags stripped)."""
    import html
    import re

    parts = [str(e.value) for kind in (at.title, at.header, at.subheader, at.markdown, at.caption, at.error,
                                        at.warning, at.info, at.success) for e in kind]
    parts += [html.unescape(re.sub(r"<[^>]+>", " ", e.proto.body)) for e in at.get("html")]
    return " ".join(parts)


# --- the oracle (tests/oracle.py) and the files every surface writes, each made once per session ------------------

@pytest.fixture(scope="session")
def empty_register(tmp_path_factory):
    """Every surface reads an empty register, so plan status is the curated one the oracle reads."""
    url = f"sqlite:///{tmp_path_factory.mktemp('register') / 'register.sqlite'}"
    old = os.environ.get("DEKNING_DB_URL")
    os.environ["DEKNING_DB_URL"] = url
    yield url
    if old is None:
        os.environ.pop("DEKNING_DB_URL", None)
    else:
        os.environ["DEKNING_DB_URL"] = old


@pytest.fixture(scope="session")
def oracle_inputs(model):
    """The model's raw pieces for the oracle (tests/oracle.py `inputs`: the one place that reads the model)."""
    from tests import oracle

    return oracle.inputs(model)


@pytest.fixture(scope="session")
def oracle_for(oracle_inputs):
    """oracle_for(weight, threshold) → (kommuner, areas) recomputed independently, each computed once."""
    from tests import oracle

    trips, done = {}, {}

    def get(weight: str = "all", threshold: int = 90):
        if (weight, threshold) not in done:
            if weight not in trips:
                trips[weight] = oracle.cell_trips(oracle_inputs, weight)
            k = oracle.kommuner(oracle_inputs, weight, threshold, trips[weight])
            done[(weight, threshold)] = (k, oracle.areas(oracle_inputs, weight, threshold, trips[weight], k))
        return done[(weight, threshold)]

    return get


@pytest.fixture(scope="session")
def cli(empty_register, tmp_path_factory):
    """cli('export', 'map', ...) runs `python -m <package> ...` once per distinct command line and returns the
    path of the file it wrote (its --out)."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("cli")
    made: dict[tuple, Path] = {}

    def run(package: str, *args: str, suffix: str) -> Path:
        if (package, *args) not in made:
            out = folder / f"out{len(made)}.{suffix}"
            done = subprocess.run([sys.executable, "-m", package, *args, "--out", str(out)], cwd=ROOT,
                                  env=os.environ.copy(), capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, done.stderr
            made[(package, *args)] = out
        return made[(package, *args)]

    return run


def point_on_kommune(page, knr: str):
    """A screen point that really lies on the kommune's shape (not on a centre marker, not outside a concave
    outline), or None."""
    return page.evaluate("""(knr) => {
        const el = document.querySelector(`path.dk-kommune[data-k="${knr}"]`);
        const r = el.getBoundingClientRect();
        for (let fy = 0.3; fy <= 0.7; fy += 0.05) { for (let fx = 0.3; fx <= 0.7; fx += 0.05) {
            const x = r.left + fx * r.width, y = r.top + fy * r.height;
            if (document.elementFromPoint(x, y) === el) { return [x, y]; } } }
        return null; }""", knr)


@pytest.fixture()
def deferred_files(monkeypatch) -> dict[str, tuple]:
    """file name → (builder, mimetype) of every download button made on the click during the test (Streamlit's
    deferred downloads): the test runs the builder and opens what it returns."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict[str, tuple] = {}
    original = MediaFileManager.add_deferred

    def record(self, data, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = (data, mimetype)
        return original(self, data, mimetype, coordinates, file_name=file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made


def script_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit runs no script for this page (its running indicator gone): a click while a rerun
    redraws the element can be lost (seen once in five loaded runs: a download button clicked mid-rerun)."""
    from playwright.sync_api import expect

    page.wait_for_load_state("networkidle")
    expect(page.locator('[data-testid^="stStatusWidgetRunning"]')).to_have_count(0, timeout=timeout)
