"""Contract test over geodata/sources.json (geodatasets style) and the offline/strict behaviour."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loaders import DataMissingError, registry, shapes

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


def test_strict_mode_refuses_a_file_whose_hash_differs(tmp_path, monkeypatch):
    bad = tmp_path / "boundaries" / "Fylker-S.geojson"
    bad.parent.mkdir()
    bad.write_text('{"type": "FeatureCollection", "features": []}')
    monkeypatch.setenv("DEKNING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DEKNING_STRICT", "1")
    with pytest.raises(ValueError, match="Fylker-S.geojson"):
        registry.fetch("fylker")
    assert bad.read_text().startswith('{"type"'), "the bad file must be left as it was"


def test_first_run_downloads_and_verifies_from_a_pinned_address(tmp_path, monkeypatch):
    """The real download path, against a local HTTP server holding the mirror (no internet needed)."""
    import functools
    import http.server
    import threading

    mirror = Path(os.environ["DEKNING_DATA_DIR"])
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(mirror))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        local = {n: s | {"url": base + s["file"]} for n, s in registry.sources().items()}
        monkeypatch.setattr(registry, "sources", lambda: local)
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
    finally:
        server.shutdown()
