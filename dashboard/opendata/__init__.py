"""Open data: every published number as CSV, XLSX and ODS, and the bulk download.

- ``frames``: observations as one tidy DataFrame (one row per observation), with the same
  computed limits and gaps as the pages; the API reads the same frames, so a download and the
  API give the same numbers.
- ``spreadsheets``: a tidy frame and its metadata → CSV, XLSX (gptables) or ODS bytes, in the
  government's accessible-spreadsheet layout. Pure: no Django.
- ``metadata``: the cover, notes and marker key of an indicator's download.
- ``bulk``: the zip of every published indicator's CSV with a Frictionless data package.
- ``views``/``urls``: the download endpoints and the ``/downloads/`` page.
"""
