"""Withdrawal gets its own reason; a published release's correction reason becomes immutable.

The guard trigger of migration 0002 now also freezes ``reason`` once a release is published, and
lets ``withdrawn_at``/``withdrawal_reason`` be written only in the step that withdraws it.
"""

from django.conf import settings
from django.db import migrations, models


GUARD = """
CREATE OR REPLACE FUNCTION indicators_release_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.status NOT IN ('published', 'superseded', 'withdrawn') THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'release % is % and cannot be deleted', OLD.id, OLD.status
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF (NEW.indicator_id, NEW.version, NEW.source_file, NEW.original_filename, NEW.sha256,
      NEW.file_format, NEW.import_options, NEW.row_count, NEW.note, NEW.reason, NEW.is_synthetic,
      NEW.supersedes_id, NEW.uploaded_by_id, NEW.uploaded_at, NEW.approved_by_id,
      NEW.approved_at, NEW.publish_at)
     IS DISTINCT FROM
     (OLD.indicator_id, OLD.version, OLD.source_file, OLD.original_filename, OLD.sha256,
      OLD.file_format, OLD.import_options, OLD.row_count, OLD.note, OLD.reason, OLD.is_synthetic,
      OLD.supersedes_id, OLD.uploaded_by_id, OLD.uploaded_at, OLD.approved_by_id,
      OLD.approved_at, OLD.publish_at) THEN
    RAISE EXCEPTION 'release % is % and cannot be changed; upload a correction instead',
      OLD.id, OLD.status USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.status <> OLD.status AND NOT (
       (OLD.status = 'published' AND NEW.status IN ('superseded', 'withdrawn'))
    OR (OLD.status = 'superseded' AND NEW.status = 'withdrawn')) THEN
    RAISE EXCEPTION 'release % cannot move from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF (NEW.withdrawn_at, NEW.withdrawal_reason) IS DISTINCT FROM
     (OLD.withdrawn_at, OLD.withdrawal_reason)
     AND NOT (NEW.status = 'withdrawn' AND OLD.status <> 'withdrawn') THEN
    RAISE EXCEPTION 'release %: a withdrawal is recorded once, when it is withdrawn', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

# The 0002 version, for reversing.
GUARD_0002 = """
CREATE OR REPLACE FUNCTION indicators_release_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.status NOT IN ('published', 'superseded', 'withdrawn') THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'release % is % and cannot be deleted', OLD.id, OLD.status
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF (NEW.indicator_id, NEW.version, NEW.source_file, NEW.original_filename, NEW.sha256,
      NEW.file_format, NEW.import_options, NEW.row_count, NEW.note, NEW.is_synthetic,
      NEW.supersedes_id, NEW.uploaded_by_id, NEW.uploaded_at, NEW.approved_by_id,
      NEW.approved_at, NEW.publish_at)
     IS DISTINCT FROM
     (OLD.indicator_id, OLD.version, OLD.source_file, OLD.original_filename, OLD.sha256,
      OLD.file_format, OLD.import_options, OLD.row_count, OLD.note, OLD.is_synthetic,
      OLD.supersedes_id, OLD.uploaded_by_id, OLD.uploaded_at, OLD.approved_by_id,
      OLD.approved_at, OLD.publish_at) THEN
    RAISE EXCEPTION 'release % is % and cannot be changed; upload a correction instead',
      OLD.id, OLD.status USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.status <> OLD.status AND NOT (
       (OLD.status = 'published' AND NEW.status IN ('superseded', 'withdrawn'))
    OR (OLD.status = 'superseded' AND NEW.status = 'withdrawn')) THEN
    RAISE EXCEPTION 'release % cannot move from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0007_observation_suppressed_discloses_nothing'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='release',
            name='withdrawal_reason',
            field=models.TextField(blank=True, help_text='Why it was withdrawn, shown in the public release history.'),
        ),
        migrations.RunSQL(
            [
                "UPDATE indicators_release SET withdrawal_reason = 'Withdrawn (reason not recorded)'"
                " WHERE status = 'withdrawn' AND withdrawal_reason = ''",
                GUARD,
            ],
            GUARD_0002,
        ),
        migrations.AddConstraint(
            model_name='release',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'withdrawn'), _negated=True), models.Q(('withdrawn_at__isnull', False), models.Q(('withdrawal_reason', ''), _negated=True)), _connector='OR'), name='release_withdrawal_has_reason', violation_error_message='A withdrawn release records when and why.'),
        ),
    ]
