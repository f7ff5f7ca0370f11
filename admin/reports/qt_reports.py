"""Reports page: queue, dossiers, the follow-up ledger and satisfaction over any days, as a table and a chart.

Every figure is computed by the store on the runner; a newer request
supersedes an older one (its late answer is dropped). Exports run as a
cancellable job (admin.reports.export), never on the GUI thread.
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QStackedBarSeries, QValueAxis
from PySide6.QtCore import QDate, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
    QVBoxLayout, QWidget,
)

from admin.qt_common import ProgressJob, QtPage, RowsModel, heading, table_view
from admin.reports.export import (
    GROUPING_LABELS, GROUPINGS, KIND_LABELS, REPORT_KINDS, Ledger, ReportRequest, compute, export_file_name,
    export_reports, table_rows,
)
from core.i18n import N_, decimal, tr
from db.store.dossiers import status_label
from db.store.monthly import MonthlyReport
from db.store.reports import DossierReport, QueueReport, SatisfactionReport
from ui import theme
from ui.report_files import cell_text

PRESETS = (("today", N_("Hôm nay")), ("month", N_("Tháng này")), ("quarter", N_("Quý này")),
           ("year", N_("Năm nay")))


def preset_range(preset: str, today: date) -> tuple[date, date]:
    """The days a quick choice covers, up to `today` (the office's business day)."""
    if preset == "today":
        return today, today
    if preset == "month":
        return today.replace(day=1), today
    if preset == "quarter":
        return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today
    return date(today.year, 1, 1), today


@dataclass(frozen=True)
class ChartData:
    """What the chart draws: bars per category, one list of values per series (stacked when several)."""

    title: str
    categories: list[str]
    series: list[tuple[str, str, list[int]]]  # (name, colour, values)
    alarm: tuple[int, ...] = field(default=())  # categories drawn in red (late, overdue)


def chart_data(report) -> ChartData:
    """The chart a report is shown with."""
    if isinstance(report, QueueReport):
        hours = range(min(report.by_hour), max(report.by_hour) + 1) if report.by_hour else range(7, 18)
        return ChartData(tr("Số phiếu theo giờ trong ngày"), [f"{h}h" for h in hours],
                         [(tr("Số phiếu"), theme.NAVY, [report.by_hour.get(h, 0) for h in hours])])
    if isinstance(report, DossierReport):
        t = report.total
        return ChartData(tr("Kết quả giải quyết hồ sơ (toàn cơ quan)"),
                         [tr("Trả sớm"), tr("Đúng hạn"), tr("Trễ hạn"), tr("Chưa đến hạn"), tr("Quá hạn")],
                         [(tr("Hồ sơ"), theme.NAVY, [t.resolved_early, t.resolved_on_time, t.resolved_late,
                                                      t.open_not_due, t.open_overdue])], alarm=(2, 4))
    if isinstance(report, SatisfactionReport):
        rows = report.rows
        names = [tr("Quầy {number}", number=r.key) if report.by == "counter" and r.key else (r.name or r.key)
                 for r in rows]
        return ChartData(tr("Mức độ hài lòng"), names,
                         [(tr("Rất hài lòng"), theme.GREEN, [r.very_satisfied for r in rows]),
                          (tr("Hài lòng"), theme.NAVY, [r.satisfied for r in rows]),
                          (tr("Không hài lòng"), theme.RED, [r.unsatisfied for r in rows])])
    if isinstance(report, MonthlyReport):
        t = report.total
        return ChartData(tr("Biểu II.06a: kết quả giải quyết (toàn cơ quan)"),
                         [tr("Trả trước hạn"), tr("Trả đúng hạn"), tr("Trả quá hạn"), tr("Đang giải quyết trong hạn"),
                          tr("Đang giải quyết quá hạn")],
                         [(tr("Hồ sơ"), theme.NAVY, [t.resolved_early, t.resolved_on_time, t.resolved_late,
                                                      t.open_on_time, t.open_late])], alarm=(2, 4))
    statuses = Tally(status_label(line.status) for line in report.lines)
    return ChartData(tr("Hồ sơ theo trạng thái"), list(statuses), [(tr("Hồ sơ"), theme.NAVY, list(statuses.values()))])


def summary(report) -> str:
    """One line over the table: the range and the figures the manager looks for first."""
    days = tr("Từ {start} đến {end}", start=f"{report.start:%d/%m/%Y}", end=f"{report.end:%d/%m/%Y}")
    if isinstance(report, QueueReport):
        t = report.total
        text = tr("{issued} phiếu đã cấp · {served} đã phục vụ · {no_show} vắng mặt", issued=t.issued,
                  served=t.served, no_show=t.no_show)
        booked = report.appointments
        if booked is not None and (booked.booked or booked.cancelled):
            text += " · " + tr("{booked} lịch hẹn: {checked_in} đã đến, {no_show} không đến, {cancelled} đã hủy",
                               booked=booked.booked, checked_in=booked.checked_in, no_show=booked.no_show,
                               cancelled=booked.cancelled)
    elif isinstance(report, DossierReport):
        rate = report.total.on_time_rate
        text = tr("{received} hồ sơ tiếp nhận · trả sớm và đúng hạn {rate}", received=report.total.received,
                  rate="—" if rate is None else f"{decimal(100 * rate, 1)}%")
    elif isinstance(report, SatisfactionReport):
        text = tr("{n} lượt đánh giá", n=report.total.answers)
    elif isinstance(report, MonthlyReport):
        t = report.total
        text = tr("{received} hồ sơ nhận giải quyết · {resolved} đã giải quyết · {late} quá hạn", received=t.received,
                  resolved=t.resolved, late=t.late)
    else:
        text = tr("{n} hồ sơ trong sổ", n=len(report.lines))
    return f"{days} · {text}"


class QtReportChart(QChartView):
    """A bar chart in the bundled font (so Vietnamese shows), rebuilt for each report."""

    def __init__(self, parent: QWidget | None = None):
        self.chart = QChart()
        super().__init__(self.chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setTitleFont(theme.font(13, bold=True))
        self.chart.legend().setFont(theme.font(10))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setMinimumHeight(240)

    def show_data(self, data: ChartData) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        chart.setTitle(data.title)
        series = QStackedBarSeries() if len(data.series) > 1 else QBarSeries()
        for name, colour, values in data.series:
            bars = QBarSet(name)
            bars.append([float(v) for v in values])
            bars.setColor(QColor(colour))
            bars.setBorderColor(QColor(Qt.GlobalColor.transparent))
            bars.setSelectedColor(QColor(theme.RED))
            bars.selectBars(list(data.alarm))
            bars.setLabelFont(theme.font(9, bold=True))
            bars.setLabelColor(QColor("white" if len(data.series) > 1 else theme.INK))
            series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        if len(data.series) == 1:
            series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        chart.legend().setVisible(len(data.series) > 1)
        x = QBarCategoryAxis()
        x.append(data.categories or [""])
        x.setLabelsFont(theme.font(9))
        y = QValueAxis()
        top = max((sum(col) for col in zip(*(v for _, _, v in data.series))), default=0)
        y.setRange(0, max(top * 1.15, 1))
        y.applyNiceNumbers()
        y.setLabelFormat("%d")
        y.setLabelsFont(theme.font(9))
        for axis, side in ((x, Qt.AlignmentFlag.AlignBottom), (y, Qt.AlignmentFlag.AlignLeft)):
            chart.addAxis(axis, side)
            series.attachAxis(axis)

    def values(self) -> dict[str, list[float]]:
        """Series name → bar values, as drawn (for checking)."""
        return {b.label(): [b.at(i) for i in range(b.count())] for s in self.chart.series() for b in s.barSets()}

    def categories(self) -> list[str]:
        return [c for a in self.chart.axes(Qt.Orientation.Horizontal) for c in a.categories()]


class QtReportsPage(QtPage):
    """Any report over any days, per field, counter or clerk; exported to XLSX or PDF with its charts."""

    # topics: none, a report is computed when asked for, not again on every change elsewhere

    def __init__(self, runner, store, parent: QWidget | None = None):
        super().__init__(runner, store, parent)
        self.today: date | None = None
        self.report = None
        self.loading = self.exporting = False
        self.export_job: ProgressJob | None = None
        self.follow(_work, self._show, args=self._asked, on_error=self._failed)
        self._reload = QTimer(self, singleShot=True, interval=250, timeout=self.load)
        root = QVBoxLayout(self)
        root.addWidget(heading(tr("Báo cáo")))
        root.addLayout(self._choices())
        root.addLayout(self._presets_and_actions())
        self.status = QLabel()
        self.status.setFont(theme.font(12, bold=True))
        self.status.setStyleSheet(f"color: {theme.NAVY};")
        self.status.setWordWrap(True)
        root.addWidget(self.status)
        self.model = RowsModel([])
        self.table = table_view(self.model, stretch=None)
        self.chart = QtReportChart()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        split.setSizes([420, 380])
        root.addWidget(split, 1)

    def _choices(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.kind = QComboBox()
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(tr(label), kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.start, self.end = QDateEdit(), QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.dateChanged.connect(lambda _: self._reload.start())
        self.grouping = QComboBox()
        self.grouping.currentIndexChanged.connect(lambda _: self._reload.start())
        for text, widget in ((tr("Loại báo cáo"), self.kind), (tr("Từ ngày"), self.start),
                             (tr("Đến ngày"), self.end), (tr("Nhóm"), self.grouping)):
            row.addWidget(QLabel(text))
            row.addWidget(widget)
        row.addStretch(1)
        self._fill_groupings()
        return row

    def _presets_and_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for preset, label in PRESETS:
            button = QPushButton(tr(label))
            button.setProperty("role", "quiet")
            button.clicked.connect(lambda _=False, p=preset: self.choose_preset(p))
            row.addWidget(button)
        row.addStretch(1)
        self.all_kinds = QCheckBox(tr("Xuất mọi loại báo cáo"))
        row.addWidget(self.all_kinds)
        for text, suffix in ((tr("Xuất Excel"), ".xlsx"), (tr("Xuất PDF"), ".pdf")):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=suffix: self._ask_export(s))
            row.addWidget(button)
        return row

    # -- choosing --------------------------------------------------------------------------------------
    def request(self, kind: str | None = None) -> ReportRequest:
        """The report the controls ask for (or `kind` over the same days, with its own default grouping)."""
        start, end = self.start.date().toPython(), self.end.date().toPython()
        if kind is None or kind == self.kind.currentData():
            return ReportRequest(self.kind.currentData(), start, end, self.grouping.currentData())
        return ReportRequest(kind, start, end, REPORT_KINDS[kind][0])

    def choose(self, kind: str | None = None, by: str | None | bool = False, start: date | None = None,
               end: date | None = None) -> None:
        """Set the controls (what a manager does by hand) and read the report again at once."""
        if kind is not None:
            self.kind.setCurrentIndex(self.kind.findData(kind))
        if by is not False:
            self.grouping.setCurrentIndex(self.grouping.findData(by))
        if start is not None:
            self.start.setDate(QDate(start))
        if end is not None:
            self.end.setDate(QDate(end))
        self.load()

    def choose_preset(self, preset: str) -> None:
        if self.today is not None:
            start, end = preset_range(preset, self.today)
            self.choose(start=start, end=end)

    def _kind_changed(self) -> None:
        self._fill_groupings()
        self._reload.start()

    def _fill_groupings(self) -> None:
        current = self.grouping.currentData()
        options = REPORT_KINDS[self.kind.currentData()]
        self.grouping.blockSignals(True)
        self.grouping.clear()
        for by in options:
            self.grouping.addItem(tr(GROUPING_LABELS[by]), by)
        self.grouping.setCurrentIndex(options.index(current) if current in options else 0)
        self.grouping.setEnabled(len(options) > 1)
        self.grouping.blockSignals(False)

    # -- reading ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.load()

    def load(self) -> None:
        """Compute the chosen report on the runner (only the answer to the latest request is shown)."""
        self._reload.stop()
        self.live.refresh_now()

    def _asked(self) -> tuple:
        """What the controls ask for, read on the GUI thread as the computation starts."""
        self.loading = True
        self.status.setText(tr("Đang tính…"))
        self.table.setEnabled(False)
        return self.store, self.kind.currentData(), None if self.today is None else self.request()

    def _show(self, result) -> None:
        today, request, report = result
        if self.today is None:  # the first report: show its days, without reading again
            self.start.setDate(QDate(request.start))
            self.end.setDate(QDate(request.end))
            self._fill_groupings()
            self.grouping.setCurrentIndex(self.grouping.findData(request.by))
            self._reload.stop()
        self.today, self.report, self.loading = today, report, False
        rows, total = table_rows(report)
        self.model.headers = rows[0]
        body = [[cell_text(v) if isinstance(v, datetime) else v for v in row] for row in rows[1:]]
        self.model.set_rows(body, bold={len(body) - 1} if total and body else set())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2 if isinstance(report, Ledger) else 1, QHeaderView.ResizeMode.Stretch)
        self.table.setEnabled(True)
        self.chart.show_data(chart_data(report))
        self.status.setText(summary(report))

    def _failed(self, error: Exception) -> bool:
        self.loading = False
        self.report = None
        self.model.set_rows([])
        self.table.setEnabled(True)
        self.status.setText(tr("Không lập được báo cáo."))
        return self._refused(error)

    # -- exporting -------------------------------------------------------------------------------------
    def _ask_export(self, suffix: str) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = export_file_name(self.request(), suffix, every_kind=self.all_kinds.isChecked())
        filters = tr("Bảng tính Excel (*.xlsx)") if suffix == ".xlsx" else tr("Tài liệu PDF (*.pdf)")
        path, _ = QFileDialog.getSaveFileName(self, tr("Xuất báo cáo"), str(Path(folder) / name), filters)
        if path:
            self.export_to(path if path.lower().endswith(suffix) else path + suffix)

    def export_to(self, path: str | Path, all_kinds: bool | None = None) -> None:
        """Write the shown report (or every kind, over the same days) to `path` (.xlsx or .pdf), cancellable."""
        if self.exporting:
            self.sig_message.emit(tr("Đang xuất một báo cáo: chờ xong hoặc bấm Hủy."), True)
            return
        if self.export_job is not None:  # the last export's dialog is done with
            self.export_job.dialog.deleteLater()
            self.export_job.deleteLater()
        every = self.all_kinds.isChecked() if all_kinds is None else all_kinds
        requests = [self.request(kind) for kind in GROUPINGS] if every else [self.request()]
        store, target = self.store, Path(path)
        self.exporting = True
        self.export_job = ProgressJob(self.runner, self, tr("Đang xuất báo cáo…"))

        def done(written: Path) -> None:
            self.exporting = False
            self.sig_message.emit(tr("Đã xuất báo cáo: {path}", path=str(written)), False)

        def failed(error: Exception) -> bool:
            self.exporting = False
            return self._refused(error)

        self.export_job.start(lambda progress: export_reports(store, requests, target, progress), done, failed)

    def cancel_export(self) -> None:
        """What the progress dialog's Cancel button does."""
        if self.export_job is not None:
            self.export_job.dialog.canceled.emit()


def _work(store, kind: str, request: ReportRequest | None):
    """On the runner; on the first visit the page opens on this month, in the office's calendar."""
    today = store.business_day()
    chosen = request or ReportRequest(kind, *preset_range("month", today), REPORT_KINDS[kind][0])
    return today, chosen, compute(store, chosen)
