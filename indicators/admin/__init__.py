"""Admin: the vocabulary and indicators, and releases through the upload → approve → publish flow.

- ``vocabulary``: departments, characteristics and their groups and aliases, geographies and
  periods; ``catalogue``: the indicators, with links to their native templates;
- ``releases``: releases, their observations and background import jobs, read-only but for the
  workflow; ``release_views`` serves the release pages beyond the change form (upload, error
  reports, job progress, approve / publish / withdraw, downloads), with the ``forms`` they read;
- ``links``: the admin pages that import results point to; ``statuses``: a release's status
  as the public sees it;
- ``roles``: Django's groups (the roles), with a page comparing the permissions each holds.

Releases are never edited in a change form: they are created by the upload view (the import
pipeline), moved on by actions that call the workflow services, and read-only otherwise.
"""

from indicators.admin import catalogue, releases, roles, vocabulary

__all__ = ["catalogue", "releases", "roles", "vocabulary"]
