"""The board report (BERAP/VORAP style) as PDF: the same tables and charts, laid out for print."""

from __future__ import annotations

from django.template.loader import render_to_string


def rapport_pdf(context: dict) -> tuple[str, bytes]:
    """Render the print template and return (html, pdf); the HTML lets tests read the text."""
    from weasyprint import HTML  # imported lazily: Pango is only needed when a PDF is made

    html = render_to_string("monitoring/rapport_pdf.html", context)
    return html, HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
