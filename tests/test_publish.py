"""register/publish.py: after a failed read the register is left alone for _RETRY_SECONDS (pages stay quick), for
each of the three reads, and asked again after the window."""

import pytest

from register import campaign, publish, workflow
from register.database import RegisterUnavailable

URL = "sqlite:////nonexistent/register-test.sqlite"


@pytest.mark.parametrize(("module", "name", "read"), [
    (workflow, "version", lambda: publish.version(URL)),
    (workflow, "published", lambda: publish.approved(URL)),
    (campaign, "listing", lambda: publish.asked(URL)),
])
def test_a_failed_register_is_left_alone_for_the_retry_window(monkeypatch, module, name, read):
    calls, now = [], [1000.0]

    def down(*args, **kwargs):
        calls.append(args)
        raise RegisterUnavailable("register down")

    monkeypatch.setattr(module, name, down)
    monkeypatch.setattr(publish.time, "monotonic", lambda: now[0])
    publish._down_until.clear()
    try:
        read()
        assert len(calls) == 1
        now[0] += publish._RETRY_SECONDS - 0.5
        second = read()
        assert len(calls) == 1  # inside the window: not asked again
        if name != "version":
            assert "unreachable moments ago" in second.attrs["register_notice"]
        now[0] += 1.0
        read()
        assert len(calls) == 2  # after it: asked again
    finally:
        publish._down_until.clear()
