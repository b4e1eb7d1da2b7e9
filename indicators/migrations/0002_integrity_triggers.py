"""Rules the ORM cannot express: composite foreign keys and release immutability.

* ``(group_a, characteristic_a)`` and ``(group_b, characteristic_b)`` reference
  ``group(id, characteristic)``, so an observation's characteristics are its groups' own
  (with the check constraint ``characteristic_a < characteristic_b``, a cross breakdown joins
  two different characteristics).
* Observations of a release that is no longer a draft cannot be inserted, changed or deleted.
* A published, superseded or withdrawn release cannot be edited or deleted; its status may only
  move on (published → superseded or withdrawn, superseded → withdrawn).
"""

from django.db import migrations

FORWARD = """
ALTER TABLE indicators_observation
  ADD CONSTRAINT observation_group_a_of_characteristic
  FOREIGN KEY (group_a_id, characteristic_a_id)
  REFERENCES indicators_group (id, characteristic_id),
  ADD CONSTRAINT observation_group_b_of_characteristic
  FOREIGN KEY (group_b_id, characteristic_b_id)
  REFERENCES indicators_group (id, characteristic_id);

CREATE FUNCTION indicators_observation_guard() RETURNS trigger AS $$
DECLARE
  locked record;
BEGIN
  -- Statement-level, over the transition tables: one check per statement, so a COPY of a
  -- million rows into a draft costs one join, not a million lookups.
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT r.id, r.status INTO locked FROM indicators_release r
     WHERE r.status <> 'draft' AND r.id IN (SELECT DISTINCT release_id FROM new_rows) LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'release % is % and its observations cannot change', locked.id,
        locked.status USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT r.id, r.status INTO locked FROM indicators_release r
     WHERE r.status <> 'draft' AND r.id IN (SELECT DISTINCT release_id FROM old_rows) LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'release % is % and its observations cannot change', locked.id,
        locked.status USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER observation_guard_insert
  AFTER INSERT ON indicators_observation REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicators_observation_guard();
CREATE TRIGGER observation_guard_update
  AFTER UPDATE ON indicators_observation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicators_observation_guard();
CREATE TRIGGER observation_guard_delete
  AFTER DELETE ON indicators_observation REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION indicators_observation_guard();

CREATE FUNCTION indicators_release_guard() RETURNS trigger AS $$
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

CREATE TRIGGER release_guard
  BEFORE UPDATE OR DELETE ON indicators_release
  FOR EACH ROW EXECUTE FUNCTION indicators_release_guard();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS release_guard ON indicators_release;
DROP FUNCTION IF EXISTS indicators_release_guard();
DROP TRIGGER IF EXISTS observation_guard_insert ON indicators_observation;
DROP TRIGGER IF EXISTS observation_guard_update ON indicators_observation;
DROP TRIGGER IF EXISTS observation_guard_delete ON indicators_observation;
DROP FUNCTION IF EXISTS indicators_observation_guard();
ALTER TABLE indicators_observation
  DROP CONSTRAINT IF EXISTS observation_group_a_of_characteristic,
  DROP CONSTRAINT IF EXISTS observation_group_b_of_characteristic;
"""


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
