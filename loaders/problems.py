"""Errors that collect every problem and raise once, naming each bad value and what was allowed.

Every error here has two texts: `str(exc)` with full detail for the command line and the log, and
`exc.user_message()` for a web page — the same plain advice without any server path.
"""

from __future__ import annotations


class DataError(Exception):
    """Base of every error the loaders raise on purpose; `user_message()` is safe to show on a web page."""

    def user_message(self) -> str:
        return str(self)


class ValidationError(DataError, ValueError):
    """Raised once with every problem found in one input, so a curator can fix them all in one pass."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        super().__init__(self._describe())

    def _describe(self) -> str:
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"{self.source}: {len(self.problems)} problem(s)\n{lines}"


class ValidationErrors(ValidationError):
    """Several inputs' ValidationErrors raised as one (every curated file checked before anything stops)."""

    def __init__(self, errors: list[ValidationError]):
        self.errors = list(errors)
        super().__init__(", ".join(e.source for e in self.errors),
                         [f"{e.source}: {p}" for e in self.errors for p in e.problems])

    def _describe(self) -> str:
        return f"{len(self.errors)} file(s) with problems\n" + "\n".join(e._describe() for e in self.errors)


class DataMissingError(DataError, RuntimeError):
    """A source file is neither in the data dir nor downloadable; names the files and DEKNING_DATA_DIR."""

    def __init__(self, missing: list[str], data_dir: str, reason: str = ""):
        self.missing = list(missing)
        self.data_dir = data_dir
        self.reason = reason
        super().__init__(self._describe(f" in {data_dir}"))

    def _describe(self, where: str) -> str:
        why = f" ({self.reason})" if self.reason else ""
        return (f"Missing data files: {', '.join(self.missing)}{where}{why}. Set DEKNING_DATA_DIR to a folder "
                "that holds them (e.g. ../shared/data), or connect to the internet so they can be downloaded.")

    def user_message(self) -> str:
        return self._describe("")


class DataDamagedError(DataMissingError):
    """A source file is present but its sha256 is not the pinned one (truncated, altered, a bad disk)."""

    def __init__(self, file: str, data_dir: str, expected: str, actual: str, url: str, reason: str = ""):
        self.file, self.expected, self.actual, self.url = file, expected, actual, url
        super().__init__([file], data_dir, reason)

    def _describe(self, where: str) -> str:
        why = f" ({self.reason})" if self.reason else ""
        what = (f"is damaged: its sha256 begins {self.actual[:12]}, the pinned file's begins {self.expected[:12]}"
                if self.actual else "cannot be read from disk")
        return (f"{self.file}{where} {what}{why}. Replace it with a fresh copy from {self.url}, or delete it and "
                "run online (without DEKNING_OFFLINE) so it is downloaded again.")


class DataUnreadableError(DataError, RuntimeError):
    """A source file has the pinned sha256 but its reader fails: the software, not the file, is at fault."""

    def __init__(self, file: str, data_dir: str, detail: str):
        self.file, self.data_dir, self.detail = file, data_dir, detail
        super().__init__(f"{file} in {data_dir} is the pinned file (sha256 matches) but could not be read: {detail}. "
                         "Reinstall the requirements (pip install -r requirements.txt); if that does not help, report it.")

    def user_message(self) -> str:
        kind = self.detail.split(":", 1)[0]
        return (f"{self.file} is the pinned file but could not be read ({kind}). The server's Python libraries "
                "may need reinstalling (pip install -r requirements.txt).")


class ResourceError(DataError, RuntimeError):
    """A source file has the pinned sha256 but the machine stopped its reading (disk full, out of memory): the
    file is fine; names the cause and the fix."""

    def __init__(self, file: str, cause: str):
        self.file, self.cause = file, cause
        super().__init__(f"{file} is the pinned file (sha256 matches) and was not damaged, but it could not be read "
                         f"here: {cause}. Free disk space or memory and run again.")


def brief(exc: BaseException) -> str:
    """'KindOfError: last line of its message', short, for naming a failure without a traceback."""
    text = getattr(exc, "stderr", None) or (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc))
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[-1][:300]}" if lines else type(exc).__name__


class Problems:
    """Collects problems while checking an input; `raise_if_any` raises one ValidationError."""

    def __init__(self, source: str):
        self.source = source
        self.items: list[str] = []
        self.notices: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)

    def notice(self, message: str) -> None:
        self.notices.append(message)

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(self.source, self.items)


def run_cli(run, args) -> int:
    """Run a command-line action; bad data or bad input print one line to stderr and exit 2, no traceback."""
    import sys

    try:
        return run(args)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (KeyError, ValueError) as exc:
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
