"""The official calendar we keep ourselves: public-sector days off, swaps and make-up Saturdays.

The `holidays` package knows the statutory days of the Labour Code, but not
every swap (hoán đổi ngày làm việc) and make-up Saturday (làm bù) the
Government Office and the Ministry of Home Affairs announce each year. The
package carries `official_days_vn.json`: for each year it lists, every day
off and every Saturday worked, each with the document that announced it
(number, date, issuer). A year listed there is complete and replaces the
package's days for that year; other years fall back to `holidays`.

A manager imports a newer file (same format) in the admin app; `parse`
checks the whole file and names every problem, so an import is all or nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Literal

from core.i18n import language, tr

FORMAT = "motcua-official-days/1"
KINDS = ("off", "work")
BASES = ("statutory", "observed", "swap")


@dataclass(frozen=True)
class Document:
    """The announcement behind a day: number, date, issuer (what is unconfirmed is said so)."""

    key: str
    number: str
    title: str
    issued: date | None
    issuer: str
    unverified: str = ""

    def cite(self) -> str:
        """`8726/VPCP-KGVX, 26/11/2024, Văn phòng Chính phủ` — the way a footnote cites it."""
        parts = [self.number or tr("(chưa rõ số hiệu)")]
        if self.issued:
            parts.append(f"{self.issued:%d/%m/%Y}")
        parts.append(self.issuer)
        return ", ".join(parts)


@dataclass(frozen=True)
class OfficialDay:
    day: date
    kind: Literal["off", "work"]
    basis: str  # statutory (Labour Code), observed (nghỉ bù), swap (hoán đổi / làm bù)
    name: str
    name_en: str
    document: Document

    def label(self) -> str:
        return self.name_en if language() == "en" and self.name_en else self.name


@dataclass(frozen=True)
class OfficialCalendar:
    """Complete public-sector calendars for `years`: days off and Saturdays worked."""

    years: frozenset[int] = frozenset()
    days: dict[date, OfficialDay] = field(default_factory=dict)
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    def covers(self, year: int) -> bool:
        return year in self.years

    def get(self, day: date) -> OfficialDay | None:
        return self.days.get(day)

    def in_year(self, year: int) -> list[OfficialDay]:
        return sorted((d for d in self.days.values() if d.day.year == year), key=lambda d: d.day)

    def merged(self, newer: "OfficialCalendar") -> "OfficialCalendar":
        """This calendar with `newer`'s years replacing (or adding) whole years."""
        days = {d: o for d, o in self.days.items() if d.year not in newer.years}
        days.update(newer.days)
        return OfficialCalendar(self.years | newer.years, days, newer.raw or self.raw)


def _date(text, where: str, problems: list[str]) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        problems.append(tr("{where}: ngày không hợp lệ “{text}” (cần YYYY-MM-DD).", where=where, text=text))
        return None


def parse(text: str | bytes) -> OfficialCalendar:
    """Read a calendar file; raises ValueError naming every problem (nothing is half read)."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(tr("Tệp lịch không phải JSON hợp lệ: {error}", error=error)) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(tr("Tệp lịch không đúng định dạng {format}.", format=FORMAT))
    problems: list[str] = []
    years = data.get("years")
    if not isinstance(years, list) or not years or not all(isinstance(y, int) and 2000 <= y <= 2100 for y in years):
        raise ValueError(tr("Tệp lịch cần danh sách năm (years), ví dụ [2027]."))
    documents: dict[str, Document] = {}
    for key, doc in (data.get("documents") or {}).items():
        if not isinstance(doc, dict) or not str(doc.get("issuer") or "").strip():
            problems.append(tr("Văn bản {key}: cần cơ quan ban hành (issuer).", key=key))
            continue
        if not doc.get("number") and not doc.get("unverified"):
            problems.append(tr("Văn bản {key}: cần số hiệu, hoặc ghi rõ điều chưa xác minh (unverified).", key=key))
        documents[key] = Document(key, str(doc.get("number") or ""), str(doc.get("title") or ""),
                                  _date(doc.get("date"), key, problems), str(doc["issuer"]).strip(),
                                  str(doc.get("unverified") or ""))
    days: dict[date, OfficialDay] = {}
    for n, row in enumerate(data.get("days") or [], start=1):
        where = tr("Dòng {n}", n=n)
        if not isinstance(row, dict):
            problems.append(tr("{where}: không đọc được.", where=where))
            continue
        day = _date(row.get("date"), where, problems)
        if row.get("date") is None:
            problems.append(tr("{where}: thiếu ngày.", where=where))
        kind, basis, name = row.get("kind"), row.get("basis"), str(row.get("name") or "").strip()
        doc = documents.get(str(row.get("document") or ""))
        if kind not in KINDS:
            problems.append(tr("{where}: loại ngày “{kind}” không hợp lệ (off hoặc work).", where=where, kind=kind))
        if basis not in BASES:
            problems.append(tr("{where}: căn cứ “{basis}” không hợp lệ.", where=where, basis=basis))
        if not name:
            problems.append(tr("{where}: thiếu tên ngày.", where=where))
        if doc is None:
            problems.append(tr("{where}: không có văn bản “{key}” trong documents.", where=where,
                               key=row.get("document")))
        if day is None:
            continue
        if day.year not in years:
            problems.append(tr("{where}: ngày {day} không thuộc các năm của tệp.", where=where, day=f"{day:%d/%m/%Y}"))
        if kind == "work" and day.weekday() < 5:
            problems.append(tr("{where}: ngày làm bù {day} không phải thứ Bảy hoặc Chủ nhật.", where=where,
                               day=f"{day:%d/%m/%Y}"))
        if day in days:
            problems.append(tr("{where}: ngày {day} ghi hai lần.", where=where, day=f"{day:%d/%m/%Y}"))
        if kind in KINDS and basis in BASES and name and doc is not None:
            days[day] = OfficialDay(day, kind, basis, name, str(row.get("name_en") or ""), doc)
    if problems:
        raise ValueError("\n".join(problems))
    return OfficialCalendar(frozenset(years), days, data)


@lru_cache(maxsize=1)
def packaged() -> OfficialCalendar:
    """The calendar shipped in the package (2025–2027 at the time of writing)."""
    return parse(resources.files("core").joinpath("official_days_vn.json").read_bytes())
