"""The release import pipeline: read → map → validate → compare → load, in one transaction.

``pipeline.run_import`` is the one entry point; the admin upload view, the ``import_release``
command, the background task and the demo-data manifest all call it.
"""
