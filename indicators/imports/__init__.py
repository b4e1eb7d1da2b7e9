"""The release import pipeline: check → read → map → validate → compare → load, in one transaction.

``pipeline.run_import`` is the one entry point (``upload_import`` for a file already in memory):
the admin upload view calls it through ``jobs.import_submit``, which hands large files to the
background task ``jobs.import_release_job``; the ``import_release`` command and the demo-data
manifest call it directly.

The modules, in the order a file meets them:

- ``preflight``: what refuses a file before it is parsed (size, a repeat upload, the options);
- ``read``: bytes → a table of text cells; ``formats``: the file's layout, each column's role and
  each format's markers;
- ``vocabulary``: everything a file may name, read from the database once (four queries);
- ``validate``: the typed rows, with no query, through ``selection``, ``labels`` (periods via
  ``periods``, places), ``mapping`` (groups and breakdowns), ``measures``, ``rules`` and
  ``duplicates``; ``messages`` words their errors;
- ``compare``: against the release the public sees; ``load``: COPY into the database;
- ``report``: the error report every caller shows; ``types``: the values the stages share.
"""
