"""Static files for production: hashed names, precompressed (gzip and brotli) by whitenoise."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    # init.js imports govuk-frontend as an ES module: rewrite that import to the hashed name
    # too, so the far-future cache headers whitenoise sends stay correct after an upgrade.
    support_js_module_import_aggregation = True
