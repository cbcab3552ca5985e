"""Chosen columns of chosen data frames from an R data file (.rda: R's XDR serialization, xz/gzip/bzip2 or plain),
read straight into numpy arrays.

Why not pyreadr or rdata: the population file (FHI csdata, 2.4 MB xz) holds a 4.2-million-row table in 341 MB.
pyreadr makes every string of it a Python object (6.7 CPU-s, 1.5 GB peak); the `rdata` package builds a Python
object per R cell (88 CPU-s, 5 GB). This reader keeps the decompressed bytes (341 MB) and reads each wanted
column as one array: numbers with numpy.frombuffer, strings as codes into their few distinct values.

A column of strings is a run of (flags, length, bytes) records. Where every record carries the flags of an ASCII
string (R writes 0x00040009 for them), those four bytes cannot occur elsewhere in the run (R strings hold no NUL
byte, and a length would have to be 262,153), so numpy finds every record at once; the records are then checked to
follow each other exactly. Any other run (NA, UTF-8 or Latin-1 strings) is read record by record.

Only what R's save() writes for data is understood: vectors, lists, pairlists, symbols, attributes, environments
and external pointers are skipped or read; anything else (closures' byte code, ALTREP) raises ValueError.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import struct
from pathlib import Path

import numpy as np

_NIL, _REF, _SYM, _LIST, _ENV, _CHAR, _LGL, _INT, _REAL, _CPLX, _STR, _VEC, _EXPR, _EXTPTR, _WEAKREF, _RAW = (
    254, 255, 1, 2, 4, 9, 10, 13, 14, 15, 16, 19, 20, 22, 23, 24)
_NO_PAYLOAD = {254, 253, 252, 251, 250, 242, 241}  # NULL, the global/base/empty environments, unbound, missing
_PAIRS = {2, 6, 3, 5, 17, 239, 240}  # pairlist, call, closure, promise, dots, with attributes
_ATTR, _TAG, _LATIN1 = 1 << 9, 1 << 10, 1 << 14
_ASCII = b"\x00\x04\x00\x09"
_CHUNK = 1 << 23
_ROWS = 1 << 18
_VECTOR_MIN = 1000


def _decompressed(path: Path) -> bytearray:
    """The file's bytes, decompressed in 8 MB steps into one buffer (no second copy of 341 MB)."""
    raw = Path(path).read_bytes()
    if raw[:6] == b"\xfd7zXZ\x00":
        out, d = bytearray(), lzma.LZMADecompressor()
        out += d.decompress(raw, _CHUNK)
        while not d.eof:
            out += d.decompress(b"", _CHUNK)
        return out
    if raw[:2] == b"\x1f\x8b":
        return bytearray(gzip.decompress(raw))
    if raw[:3] == b"BZh":
        return bytearray(bz2.decompress(raw))
    return bytearray(raw)


class _Reader:
    def __init__(self, buf: bytearray) -> None:
        self.buf, self.pos, self.refs = buf, 0, []
        self.u8 = np.frombuffer(buf, np.uint8)

    def int(self) -> int:
        (v,) = struct.unpack_from(">i", self.buf, self.pos)
        self.pos += 4
        return v

    def length(self) -> int:
        n = self.int()
        return (self.int() << 32) + self.int() if n == -1 else n

    def header(self) -> None:
        if self.buf[:5] not in (b"RDX2\n", b"RDX3\n") or self.buf[5:7] != b"X\n":
            raise ValueError("not an XDR R data file (RDX2/RDX3)")
        self.pos = 7
        version = self.int()
        self.pos += 8
        if version == 3:
            self.pos += 4 + self.int()  # the native encoding's name

    def item(self, keep=True):
        """The next object: str for a string, ndarray for a number vector, list for a list, dict for a pairlist
        with tags (attributes), None for NULL; with keep=False big vectors are only skipped."""
        flags = self.int()
        kind = flags & 0xFF
        if kind in _NO_PAYLOAD:
            return None
        if kind == _REF:
            return self.refs[(flags >> 8 or self.int()) - 1]
        if kind == _SYM:
            name = self.item()
            self.refs.append(name)
            return name
        if kind in _PAIRS:
            return self._pairs(flags, keep)
        if kind in (_ENV, _EXTPTR, _WEAKREF):
            return self._reference(kind, flags)
        if kind == _CHAR:
            n = self.int()
            self.pos += max(n, 0)
            text = bytes(self.buf[self.pos - n:self.pos]) if n >= 0 else None
            return text if text is None else text.decode("latin-1" if flags & _LATIN1 else "utf-8")
        value = self._vector(kind, keep)
        return (value, self.item()) if flags & _ATTR else (value, None)

    def _pairs(self, flags: int, keep: bool) -> dict:
        out = {}
        while True:
            if flags & _ATTR:
                self.item()
            tag = self.item() if flags & _TAG else len(out)
            out[tag] = self.item(keep)
            flags = self.int()
            if flags & 0xFF == _NIL:
                return out
            if flags & 0xFF not in _PAIRS:
                raise ValueError(f"a pairlist ends in type {flags & 0xFF}")

    def _reference(self, kind: int, flags: int) -> None:
        self.refs.append(None)
        if kind == _ENV:
            self.int()  # locked
            for _ in range(4):  # enclosure, frame, hash table, attributes
                self.item(False)
        elif kind == _EXTPTR:
            self.item(False)
            self.item(False)
        if kind != _ENV and flags & _ATTR:
            self.item(False)

    def _vector(self, kind: int, keep: bool):
        n = self.length()
        width = {_LGL: 4, _INT: 4, _REAL: 8, _CPLX: 16, _RAW: 1}.get(kind)
        if width:
            start, self.pos = self.pos, self.pos + n * width
            if not keep:
                return None
            dtype = {_LGL: ">i4", _INT: ">i4", _REAL: ">f8", _CPLX: ">c16", _RAW: "u1"}[kind]
            return np.frombuffer(self.buf, dtype, n, start).astype(dtype[1:] if dtype[0] == ">" else dtype)
        if kind == _STR:
            if not keep:
                return self._skip_strings(n)
            codes, values = self.strings(n)
            return [values[c] for c in codes.tolist()] if n <= 1000 else (codes, values)
        if kind in (_VEC, _EXPR):
            return [self.item(keep) for _ in range(n)]
        raise ValueError(f"R type {kind} at byte {self.pos} is not data this reader understands")

    def strings(self, n: int) -> tuple[np.ndarray, list[str | None]]:
        """A string vector as (codes, values): values[codes[i]] is the i-th string."""
        found = self._ascii_run(n)
        if found is not None:
            return found
        seen: dict[str | None, int] = {}
        codes = np.empty(n, np.int32)
        for i in range(n):
            codes[i] = seen.setdefault(self.item(), len(seen))
        return codes, list(seen)

    def _skip_strings(self, n: int) -> None:
        if self._ascii_records(n) is None:
            for _ in range(n):
                self.int()
                length = self.int()
                self.pos += max(length, 0)

    def _ascii_run(self, n: int):
        found = self._ascii_records(n)
        return None if found is None else self._codes(*found)

    def _ascii_records(self, n: int):
        """(starts of the texts, lengths) of the next n strings if all are ASCII records that follow each other
        exactly, the position moved past them; else None and the position unchanged. Found with numpy in 8 MB
        steps, each step's records checked to continue the previous ones, so a run that is not all ASCII stops
        the search where it breaks. Short vectors (attributes) are read record by record."""
        if n < _VECTOR_MIN:
            return None
        b, size = self.u8, len(self.buf)
        starts, lengths, count, start, expected = [], [], 0, self.pos, self.pos
        while count < n:
            if start >= size - 3:
                return None
            end = min(size, start + _CHUNK)
            nine = np.flatnonzero(b[start + 3:end] == 9) + start  # the flags' last byte, then the rest
            hit = nine[(b[nine] == 0) & (b[nine + 1] == 4) & (b[nine + 2] == 0)][:n - count].astype(np.int64)
            if len(hit):
                found = self._ints(hit + 4)
                if hit[0] != expected or (found < 0).any() or not np.array_equal(hit[1:], (hit + 8 + found)[:-1]):
                    return None
                expected = int(hit[-1] + 8 + found[-1])
                starts.append(hit)
                lengths.append(found)
                count += len(hit)
            start = end - 3
        self.pos = expected
        return np.concatenate(starts) + 8, np.concatenate(lengths)

    def _ints(self, at: np.ndarray) -> np.ndarray:
        b = self.u8
        return ((b[at].astype(np.int64) << 24) | (b[at + 1].astype(np.int64) << 16) |
                (b[at + 2].astype(np.int64) << 8) | b[at + 3]).astype(np.int32)

    def _codes(self, starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """Codes into the distinct values. A saved table is mostly sorted, so equal strings come in runs: only
        the first string of each run (found by comparing neighbours as fixed-width rows) is looked up."""
        width = int(lengths.max()) if len(lengths) else 0
        values: dict[bytes, int] = {}
        codes = np.empty(len(starts), np.int32)
        offsets = np.arange(width)
        for lo in range(0, len(starts), _ROWS):  # 256k rows at a time: a fixed-width byte matrix of them
            s, n = starts[lo:lo + _ROWS], lengths[lo:lo + _ROWS]
            block = np.where(offsets < n[:, None], self.u8[np.minimum(s[:, None] + offsets, len(self.u8) - 1)], 0)
            first = np.ones(len(s), bool)
            first[1:] = (block[1:] != block[:-1]).any(axis=1)
            heads = np.flatnonzero(first)
            uniq, inverse = np.unique(block[heads].view(f"S{max(width, 1)}").ravel(), return_inverse=True)
            local = np.array([values.setdefault(u, len(values)) for u in uniq.tolist()], np.int32)
            codes[lo:lo + _ROWS] = np.repeat(local[inverse.ravel()], np.diff(np.append(heads, len(s))))
        return codes, [v.decode("ascii") for v in values]

def read_frames(path: Path, wanted: dict[str, list[str]]) -> dict[str, dict[str, object]]:
    """{object name: {column: values}} for the wanted columns of the wanted data frames saved in `path`.
    Numbers come as numpy arrays (R's logical and integer as int32, NA as -2147483648; double as float64),
    strings as (codes, values) pairs; a column or object that is not there raises KeyError."""
    reader = _Reader(_decompressed(path))
    reader.header()
    out: dict[str, dict[str, object]] = {}
    flags = reader.int()
    while flags & 0xFF != _NIL and len(out) < len(wanted):
        if flags & _ATTR:
            reader.item(False)
        name = reader.item() if flags & _TAG else None
        out_cols = _frame(reader, wanted[name]) if name in wanted else reader.item(False)
        if name in wanted:
            out[name] = out_cols
        flags = reader.int()
    missing = sorted(set(wanted) - set(out))
    if missing:
        raise KeyError(f"not in {Path(path).name}: {', '.join(missing)}")
    return out


def _frame(reader: _Reader, columns: list[str]) -> dict[str, object]:
    """A data frame (a list with a names attribute): every column read, the unwanted ones only skipped."""
    flags = reader.int()
    if flags & 0xFF != _VEC:
        raise ValueError(f"expected a data frame (a list), found R type {flags & 0xFF}")
    n = reader.length()
    starts, values = [], []
    for _ in range(n):  # the names come after the columns: remember where each column starts, read later
        starts.append(reader.pos)
        reader.item(False)
    attributes = reader.item() if flags & _ATTR else {}
    names = (attributes.get("names") or ([], None))[0]
    missing = [c for c in columns if c not in (names or [])]
    if missing:
        raise KeyError(f"columns not in the data frame: {', '.join(missing)}; it has: {', '.join(names or [])}")
    end, known = reader.pos, len(reader.refs)
    for column in columns:
        reader.pos = starts[names.index(column)]
        values.append(reader.item()[0])
    reader.pos = end
    del reader.refs[known:]  # a symbol met again while reading back is not a new entry of the reference table
    return dict(zip(columns, values, strict=True))
