"""Contract test over geodata/sources.json (geodatasets style) and the offline/strict behaviour."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from loaders import DataDamagedError, DataMissingError, DataUnreadableError, registry, shapes

ROOT = Path(__file__).resolve().parent.parent
SOURCES = json.loads((ROOT / "geodata" / "sources.json").read_text(encoding="utf-8"))["sources"]


@pytest.mark.parametrize("source", SOURCES, ids=[s["name"] for s in SOURCES])
def test_source_contract(source):
    path = Path(os.environ["DEKNING_DATA_DIR"]) / source["file"]
    assert path.is_file(), f"{source['file']} not in the data dir"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == source["sha256"]
    assert source["url"].startswith("https://") and source["sha256"] and source["licence"] and source["attribution"]
    assert len(source["url"].split("/")[5]) == 40 or "/data/" in source["url"], "URL must be pinned to a commit"
    seen = shapes.observed(source["name"])
    assert seen["rows"] == source["shape"]["rows"]
    assert seen["crs"] == source["shape"]["crs"]
    assert shapes.key_unique(source["name"], source["shape"]["key"])


def test_registry_names_every_file_in_the_mirror_it_uses():
    files = {s["file"] for s in SOURCES}
    assert len(files) == len(SOURCES)
    assert not registry.missing()


def _run_check(env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEKNING_")} | env_extra
    return subprocess.run([sys.executable, "-m", "loaders", "check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_empty_data_dir_offline_gives_one_clear_message(tmp_path):
    result = _run_check({"DEKNING_DATA_DIR": str(tmp_path), "DEKNING_OFFLINE": "1",
                         "DEKNING_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "DEKNING_DATA_DIR" in result.stderr
    assert "boundaries/Kommuner-S.geojson" in result.stderr and "roads/hmalmedal_N1000_Veglenke.rda" in result.stderr


def test_strict_mode_refuses_a_file_whose_hash_differs(tmp_path, monkeypatch, network):
    bad = tmp_path / "boundaries" / "Fylker-S.geojson"
    bad.parent.mkdir()
    bad.write_text('{"type": "FeatureCollection", "features": []}')
    monkeypatch.setenv("DEKNING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DEKNING_STRICT", "1")
    monkeypatch.delenv("DEKNING_OFFLINE", raising=False)
    with pytest.raises(DataDamagedError, match="Fylker-S.geojson .*DEKNING_STRICT=1"):
        registry.fetch("fylker")
    assert bad.read_text().startswith('{"type"'), "the bad file must be left as it was"
    assert network == []


def _damage(path: Path, how: str) -> str:
    """Truncate to half, or flip one byte in the middle; returns the damaged file's sha256."""
    data = bytearray(path.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    else:
        data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    return hashlib.sha256(bytes(data)).hexdigest()


@pytest.fixture
def damaged_copy(tmp_path, monkeypatch):
    """A data dir holding a copy of Fylker-S.geojson, damaged by the test."""
    src = Path(os.environ["DEKNING_DATA_DIR"]) / "boundaries" / "Fylker-S.geojson"
    copy = tmp_path / "data" / "boundaries" / "Fylker-S.geojson"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(src, copy)
    monkeypatch.setenv("DEKNING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DEKNING_STRICT", raising=False)
    return copy


@pytest.mark.parametrize("how", ["truncated", "byte_flipped"])
def test_damaged_file_offline_names_file_hashes_and_fix_and_touches_no_network(damaged_copy, monkeypatch, how, network):
    from loaders import boundaries

    actual = _damage(damaged_copy, how)
    monkeypatch.setenv("DEKNING_OFFLINE", "1")
    source = registry.sources()["fylker"]
    with pytest.raises(DataDamagedError) as err:
        boundaries.fylker()  # the real loader: the hash is checked before the parser sees the file
    full, plain = str(err.value), err.value.user_message()
    for text in (full, plain):
        assert "boundaries/Fylker-S.geojson" in text
        assert actual[:12] in text and source["sha256"][:12] in text
        assert source["url"] in text and "delete it and run online" in text
    assert str(damaged_copy.parent.parent) in full and str(damaged_copy.parent.parent) not in plain
    assert network == [], "offline must not open a connection"


def test_a_file_is_hashed_once_per_process_until_it_changes(damaged_copy, monkeypatch):
    calls = []
    real = hashlib.sha256
    monkeypatch.setattr(registry.hashlib, "sha256", lambda *a: calls.append(a) or real(*a))
    monkeypatch.setenv("DEKNING_OFFLINE", "1")
    assert registry.fetch("fylker") == damaged_copy
    assert registry.fetch("fylker") == damaged_copy
    file_hashes = [a for a in calls if not a]  # key() hashes a string argument; a file is hashed block by block
    assert len(file_hashes) == 1
    _damage(damaged_copy, "truncated")  # a new size (and mtime): checked again, and found out
    with pytest.raises(DataDamagedError):
        registry.fetch("fylker")


def test_a_pinned_file_that_cannot_be_parsed_gives_a_named_error(tmp_path, monkeypatch):
    from loaders import boundaries

    bad = tmp_path / "boundaries" / "Fylker-S.geojson"
    bad.parent.mkdir()
    bad.write_text('{"type": "FeatureCollection", "features": [')
    digest = hashlib.sha256(bad.read_bytes()).hexdigest()
    pinned = registry.sources() | {"fylker": registry.sources()["fylker"] | {"sha256": digest}}
    monkeypatch.setattr(registry, "sources", lambda: pinned)
    monkeypatch.setenv("DEKNING_DATA_DIR", str(tmp_path))
    with pytest.raises(DataUnreadableError) as err:
        boundaries.fylker()
    assert "boundaries/Fylker-S.geojson" in err.value.user_message() and str(tmp_path) not in err.value.user_message()
    assert "pip install -r requirements.txt" in str(err.value)


@pytest.fixture
def mirror_server(monkeypatch):
    """The mirror served over local HTTP, with every source's URL pointed at it; yields the requested paths."""
    import functools
    import http.server
    import threading

    requested: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            requested.append(self.path)
            super().do_GET()

        def log_message(self, *args):
            pass

    mirror = Path(os.environ["DEKNING_DATA_DIR"])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(mirror)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    local = {n: s | {"url": base + s["file"]} for n, s in registry.sources().items()}
    monkeypatch.setattr(registry, "sources", lambda: local)
    try:
        yield requested
    finally:
        server.shutdown()


def test_first_run_downloads_and_verifies_from_a_pinned_address(tmp_path, monkeypatch, mirror_server):
    """The real download path, against a local HTTP server holding the mirror (no internet needed)."""
    local = registry.sources()
    monkeypatch.setenv("DEKNING_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DEKNING_OFFLINE", raising=False)
    path = registry.fetch("fylker")
    assert path == tmp_path / "boundaries" / "Fylker-S.geojson"
    assert registry.sha256(path) == local["fylker"]["sha256"]
    tampered = local | {"norge": local["norge"] | {"sha256": "0" * 64}}
    monkeypatch.setattr(registry, "sources", lambda: tampered)
    with pytest.raises(DataMissingError, match="sha256 does not match"):
        registry.fetch("norge")
    assert not (tmp_path / "boundaries" / "Norge-S.geojson").exists()


@pytest.mark.parametrize("how", ["truncated", "byte_flipped"])
def test_damaged_file_online_is_downloaded_again_and_offline_is_not(tmp_path, monkeypatch, mirror_server, how):
    shutil.copytree(Path(os.environ["DEKNING_DATA_DIR"]) / "boundaries", tmp_path / "boundaries")
    copy = tmp_path / "boundaries" / "Fylker-S.geojson"
    _damage(copy, how)
    monkeypatch.setenv("DEKNING_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DEKNING_STRICT", raising=False)
    monkeypatch.setenv("DEKNING_OFFLINE", "1")
    with pytest.raises(DataDamagedError, match="offline"):
        registry.fetch("fylker")
    assert mirror_server == [], "offline must not ask the source's address, even for a damaged file"
    monkeypatch.delenv("DEKNING_OFFLINE")
    assert registry.sha256(registry.fetch("fylker")) == registry.sources()["fylker"]["sha256"]
    assert mirror_server == ["/boundaries/Fylker-S.geojson"]


def test_damaged_file_online_whose_download_fails_names_the_file_and_the_fix(damaged_copy, monkeypatch, network):
    _damage(damaged_copy, "byte_flipped")
    monkeypatch.delenv("DEKNING_OFFLINE", raising=False)
    with pytest.raises(DataDamagedError, match=r"Fylker-S.geojson .*is damaged.*download failed.*fresh copy from https://"):
        registry.fetch("fylker")
    assert network, "online, a damaged file is downloaded again (here the test refuses the connection)"
