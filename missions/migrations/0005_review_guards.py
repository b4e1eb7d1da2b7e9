"""Signed-off reviews are read-only, in the database itself.

What the services check, PostgreSQL checks underneath, so that the admin, a shell or a bug
cannot change what a board signed off:

- a signed-off review cannot change or be deleted, and a review can only move from draft to
  signed off (never back);
- commentary is a history: a version is never changed or deleted, and none is added to a
  signed-off review.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION missions_review_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'signed_off' THEN
    RAISE EXCEPTION 'review % is signed off and cannot change', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status <> OLD.status AND NEW.status <> 'signed_off' THEN
    RAISE EXCEPTION 'review % cannot move from % to %', OLD.id, OLD.status, NEW.status
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER review_guard
  BEFORE UPDATE OR DELETE ON missions_review
  FOR EACH ROW EXECUTE FUNCTION missions_review_guard();

CREATE FUNCTION missions_commentary_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'commentary % is kept as written: add a new version instead', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM missions_review WHERE id = NEW.review_id AND status = 'signed_off')
  THEN
    RAISE EXCEPTION 'review % is signed off: its commentary cannot change', NEW.review_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER commentary_guard
  BEFORE INSERT OR UPDATE OR DELETE ON missions_commentary
  FOR EACH ROW EXECUTE FUNCTION missions_commentary_guard();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS commentary_guard ON missions_commentary;
DROP FUNCTION IF EXISTS missions_commentary_guard();
DROP TRIGGER IF EXISTS review_guard ON missions_review;
DROP FUNCTION IF EXISTS missions_review_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("missions", "0004_board_roles")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
