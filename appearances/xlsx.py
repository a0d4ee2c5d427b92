"""A streaming XLSX writer: one worksheet, written front to back, sent as it is written.

Why not a library: xlsxwriter (and openpyxl's write-only mode) assemble the ZIP
only when the workbook is closed, so a 100,000-row export sent its first byte
after the last row was written (seconds), and spent most of its time on
per-cell bookkeeping. An .xlsx is a ZIP of a few XML parts, and Python's
`zipfile` writes a ZIP to a stream that cannot seek (sizes go in data
descriptors after each part), so the small fixed parts go out at once and the
worksheet follows batch by batch. Cells are inline strings (no shared-string
table, which would need every string before the sheet), dates, times and
durations as numbers with a number format, so they are real date cells in any
spreadsheet. Text is XML-escaped and characters XML cannot carry are dropped.
The writer never emits a formula. Tests read the result back with openpyxl.
"""

import re
import zipfile
from datetime import date, datetime, time, timedelta
from xml.sax.saxutils import quoteattr

WRITE_ROWS = 500
EXCEL_EPOCH = date(1899, 12, 30).toordinal()
SECONDS_A_DAY = 86400

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


class Month(date):
    """A date of which only the month is known: written as a date shown as yyyy-mm."""


# Style index (in styles.xml's cellXfs, after the default and the bold header) and
# number format of each kind of value written as a number.
NUMBER_FORMATS = {
    date: (2, "yyyy-mm-dd"),
    Month: (3, "yyyy-mm"),
    datetime: (4, "yyyy-mm-dd hh:mm"),
    time: (5, "hh:mm"),
    timedelta: (6, "[h]:mm:ss"),
}


def styles_xml():
    formats = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode={quoteattr(code)}/>'
        for i, (_, code) in enumerate(NUMBER_FORMATS.values())
    )
    number_xfs = "".join(
        f'<xf numFmtId="{164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/>'
        for i in range(len(NUMBER_FORMATS))
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
        f'<numFmts count="{len(NUMBER_FORMATS)}">{formats}</numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        f'<cellXfs count="{2 + len(NUMBER_FORMATS)}">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        f"{number_xfs}</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def workbook_xml(sheet_name):
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name={quoteattr(sheet_name)} sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


# Characters XML 1.0 cannot carry at all, and the three it must escape.
_NEEDS_WORK = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    if _NEEDS_WORK.search(value) is None:
        return value
    value = _UNWRITABLE.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def column_letters(count):
    letters = []
    for n in range(1, count + 1):
        name = ""
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def number(value):
    """The Excel serial number of a date, datetime, time or duration."""
    kind = type(value)
    if kind is datetime:
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return repr(value.toordinal() - EXCEL_EPOCH + seconds / SECONDS_A_DAY)
    if kind is time:
        return repr((value.hour * 3600 + value.minute * 60 + value.second) / SECONDS_A_DAY)
    if kind is timedelta:
        return repr(value.total_seconds() / SECONDS_A_DAY)
    return str(value.toordinal() - EXCEL_EPOCH)


class _Sink:
    """A write-only stream that hands back what was written since the last take()."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def row_xml(number_row, cells, letters):
    """One <row>: text as inline strings, dates and durations as styled numbers;
    empty cells (None or "") are left out."""
    out = [f'<row r="{number_row}">']
    append = out.append
    for letter, value in zip(letters, cells, strict=False):
        if value is None or value == "":
            continue
        if type(value) is str:
            append(
                f'<c r="{letter}{number_row}" t="inlineStr"><is><t xml:space="preserve">'
                f"{xml_text(value)}</t></is></c>"
            )
        else:
            style = NUMBER_FORMATS[type(value)][0]
            append(f'<c r="{letter}{number_row}" s="{style}"><v>{number(value)}</v></c>')
    append("</row>")
    return "".join(out)


def stream_xlsx(header, batches, sheet_name="Sheet1", widths=None):
    """Yield an .xlsx as bytes: a bold, frozen `header` row, then every row of every
    list in `batches` (rows are sequences of str, date, Month, datetime, time or
    timedelta; naive datetimes, as Excel has no time zones)."""
    letters = column_letters(len(header))
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", RELS)
        book.writestr("xl/workbook.xml", workbook_xml(sheet_name))
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/styles.xml", styles_xml())
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            columns = "".join(
                f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
                for i, width in enumerate(widths or (), start=1)
            )
            head = (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0">'
                '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft"/></sheetView></sheetViews>'
                + (f"<cols>{columns}</cols>" if columns else "")
                + "<sheetData>"
                + row_xml(1, header, letters).replace('t="inlineStr"', 's="1" t="inlineStr"')
            )
            sheet.write(head.encode())
            yield sink.take()
            row_number = 1
            for rows in batches:
                # A few hundred rows of XML at a time: a whole batch's text, joined and
                # encoded, cost three times its size in memory at once.
                for start in range(0, len(rows), WRITE_ROWS):
                    lines = []
                    for cells in rows[start : start + WRITE_ROWS]:
                        row_number += 1
                        lines.append(row_xml(row_number, cells, letters))
                    sheet.write("".join(lines).encode())
                yield sink.take()
            sheet.write(b"</sheetData></worksheet>")
    yield sink.take()
