"""Weekly activity summaries.

- `model`: the summary as data (`WeekSummary`, `LabSummary`), week names; the JSON format.
- `collect`: a profile's week read from the state database.
- `write`: the writer process, `python -m guardian.reports.write`: summaries in, HTML, CSV,
  JSON and (through `python -m ui.report_pdf`, offscreen Qt) PDF files out, written atomically
  into a folder that keeps the newest weeks.
- `merge`: many machines' JSON summaries of one week into one `LabSummary` for a class.
- `mail`: messages with the HTML inline and the PDF attached, kept in an outbox until a mail
  server takes them.

The service's `Reports` feature (`guardian/features/reports.py`) decides when; the parent's
Activity page and `guardian report` use the same parts on demand.
"""
