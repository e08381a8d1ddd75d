import io
from urllib.parse import urlsplit

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from odoo import api, models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter, merge_pdf

# The marking of the addon's printed records (a case file, under the Government
# Security Classifications), each with the organisation's details and page numbers:
# a report whose model declares ``_official_record = True``.
MARKING = "OFFICIAL-SENSITIVE"
# Where wkhtmltopdf is told its proxy is: on this machine, where nothing listens, so
# that whatever a printed page would fetch from elsewhere never leaves it.
NO_PROXY = "http://127.0.0.1:9"
# The token of a PDF rendering: a Python object, so no client can put it in a context
# (or pass it as the report's data) to have a PDF logged as something else.
PDF_RENDERING = object()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _build_wkhtmltopdf_args(
        self,
        paperformat_id,
        landscape,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        """Every record prints from this server alone. wkhtmltopdf fetches what the
        page links (the report's stylesheets from this server, and the web fonts
        Odoo's report stylesheet names on Odoo's font CDN); anything not on this
        server goes to a proxy that does not exist, names included
        (``--proxy-hostname-lookup``): no request, not even a DNS lookup, leaves
        the machine."""
        args = super()._build_wkhtmltopdf_args(
            paperformat_id,
            landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
        local = {"localhost", "127.0.0.1", urlsplit(self._get_report_url()).hostname}
        args += ["--proxy", NO_PROXY, "--proxy-hostname-lookup"]
        for host in sorted(filter(None, local)):
            args += ["--bypass-proxy-for", host]
        return args

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        rendering = self.with_context(safeguarding_rendering=PDF_RENDERING)
        return super(IrActionsReport, rendering)._render_qweb_pdf(
            report_ref, res_ids=res_ids, data=data
        )

    def _is_official_report(self):
        """Whether this report (one) prints an official record: its report model
        says so, so that a new record is marked by declaring it there."""
        model_name = f"report.{self.report_name}" if len(self) == 1 else None
        return bool(
            model_name in self.env
            and getattr(self.env[model_name], "_official_record", False)
        )

    @api.model
    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        """The addon's records print with Debian's wkhtmltopdf, whose Qt is not
        patched: it ignores --header-html and --footer-html (with a warning) and
        cannot print several documents at once. The layout holds its header in the
        body; each record is printed on its own, stamped with the marking and its
        page numbers, and the records are then put together."""
        options = {
            "report_ref": report_ref,
            "landscape": landscape,
            "specific_paperformat_args": specific_paperformat_args,
            "set_viewport_size": set_viewport_size,
        }
        if not (report_ref and self._get_report(report_ref)._is_official_report()):
            return super()._run_wkhtmltopdf(
                bodies, header=header, footer=footer, **options
            )
        documents = []
        for body in bodies:
            document = super()._run_wkhtmltopdf([body], **options)
            documents.append(self._stamp_official_pages(document))
        return documents[0] if len(documents) == 1 else merge_pdf(documents)

    def _stamp_official_pages(self, content):
        """The marking at the top and bottom of every page, and "Page n of N"."""
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        count = reader.getNumPages()
        packet = io.BytesIO()
        stamp = canvas.Canvas(packet)
        for number in range(count):
            box = reader.getPage(number).mediaBox
            width, height = float(box.getWidth()), float(box.getHeight())
            stamp.setPageSize((width, height))
            stamp.setFont("Helvetica-Bold", 9)
            stamp.drawCentredString(width / 2, height - 8 * mm, MARKING)
            stamp.drawCentredString(width / 2, 6 * mm, MARKING)
            stamp.setFont("Helvetica", 8)
            stamp.drawRightString(
                width - 10 * mm,
                6 * mm,
                self.env._("Page %(page)s of %(pages)s", page=number + 1, pages=count),
            )
            stamp.showPage()
        stamp.save()
        stamps = PdfFileReader(packet, strict=False)
        writer = PdfFileWriter()
        for number in range(count):
            page = reader.getPage(number)
            page.mergePage(stamps.getPage(number))
            writer.addPage(page)
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()
