"""Errors that collect every problem and raise once, naming each bad value and what was allowed."""

from __future__ import annotations


class ValidationError(ValueError):
    """Raised once with every problem found in one input, so a curator can fix them all in one pass."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s)\n{lines}")


class DataMissingError(RuntimeError):
    """A source file is neither in the data dir nor downloadable; names the files and DEKNING_DATA_DIR."""

    def __init__(self, missing: list[str], data_dir: str, reason: str = ""):
        self.missing = list(missing)
        self.data_dir = data_dir
        files = ", ".join(self.missing)
        why = f" ({reason})" if reason else ""
        super().__init__(
            f"Missing data files: {files} in {data_dir}{why}. Set DEKNING_DATA_DIR to a folder "
            "that holds them (e.g. ../shared/data), or connect to the internet so they can be downloaded."
        )


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
    except (DataMissingError, ValidationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (KeyError, ValueError) as exc:
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
