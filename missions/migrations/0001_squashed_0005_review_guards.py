"""The missions app's schema in its final form: migrations 0001 to 0005, squashed.

A database that applied the old chain has every name in ``replaces`` recorded, so Django takes
this migration as applied there and runs nothing. A new database gets the tables below directly,
then the board roles and the guards that keep a signed-off review read-only.

The board roles are Django groups with exactly the permissions the board pages check
(``missions/roles.py`` holds the same list):

- Board secretariat: sees draft reviews, prepares them and writes commentary and the rating.
- Board chair: sees draft reviews and signs them off.

What the services check, PostgreSQL checks underneath (``GUARDS``), so that the admin, a shell
or a bug cannot change what a board signed off:

- a signed-off review cannot change or be deleted, and a review can only move from draft to
  signed off (never back);
- commentary is a history: a version is never changed or deleted, and none is added to a
  signed-off review.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ROLES = {
    "Board secretariat": [
        "missions.view_review",
        "missions.add_review",
        "missions.view_commentary",
        "missions.add_commentary",
    ],
    "Board chair": [
        "missions.view_review",
        "missions.view_commentary",
        "missions.signoff_review",
    ],
}

#: Permission names as Django would create them after migrating (post_migrate runs later).
NAMES = {
    "view_review": ("review", "Can view review"),
    "add_review": ("review", "Can add review"),
    "signoff_review": ("review", "Can sign off a quarterly review (board chair)"),
    "view_commentary": ("commentary", "Can view commentary"),
    "add_commentary": ("commentary", "Can add commentary"),
}

GUARDS = """
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

GUARDS_REVERSE = """
DROP TRIGGER IF EXISTS commentary_guard ON missions_commentary;
DROP FUNCTION IF EXISTS missions_commentary_guard();
DROP TRIGGER IF EXISTS review_guard ON missions_review;
DROP FUNCTION IF EXISTS missions_review_guard();
"""


def add_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for role, permissions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            model, name = NAMES[codename]
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    replaces = [
        ('missions', '0001_initial'), ('missions', '0002_search_indexes'),
        ('missions', '0003_targets_from_data_and_reviews'), ('missions', '0004_board_roles'),
        ('missions', '0005_review_guards'),
    ]

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('indicators', '0001_squashed_0012_release_uploader_recorded'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(name='Mission', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(unique=True)),
                ('title', models.CharField(max_length=200, unique=True)),
                ('summary', models.TextField(blank=True)),
                ('display_order', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'ordering': ['display_order', 'title'],
                'indexes': [django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector('title', 'summary', config='english'), name='mission_search')],
            },
        ),
        migrations.CreateModel(name='ComplexOutcome', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80)),
                ('title', models.CharField(max_length=300)),
                ('area', models.CharField(choices=[('social_security', 'Social security'), ('education', 'Education'), ('work', 'Work'), ('housing', 'Housing'), ('health', 'Health'), ('wealth_and_tax', 'Wealth and tax'), ('justice', 'Justice'), ('participation', 'Participation')], max_length=20)),
                ('description', models.TextField(blank=True)),
                ('display_order', models.PositiveSmallIntegerField(default=0)),
                ('contributing_departments', models.ManyToManyField(blank=True, related_name='contributed_outcomes', to='indicators.department')),
                ('indicators', models.ManyToManyField(blank=True, related_name='outcomes', to='indicators.indicator')),
                ('lead_department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='led_outcomes', to='indicators.department')),
                ('mission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outcomes', to='missions.mission')),
            ],
            options={
                'ordering': ['mission', 'display_order', 'title'],
            },
        ),
        migrations.CreateModel(name='Review', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('quarter', models.PositiveSmallIntegerField(help_text='Calendar quarter: 1 is January to March.')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('signed_off', 'Signed off')], default='draft', max_length=20)),
                ('prepared_at', models.DateTimeField()),
                ('signed_off_at', models.DateTimeField(blank=True, null=True)),
                ('content', models.JSONField(blank=True, editable=False, null=True)),
                ('mission', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='missions.mission')),
                ('prepared_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('signed_off_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['mission', '-year', '-quarter'],
                'permissions': [('signoff_review', 'Can sign off a quarterly review (board chair)')],
            },
        ),
        migrations.CreateModel(name='Commentary', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(blank=True)),
                ('rating', models.CharField(blank=True, choices=[('on_track', 'On track'), ('at_risk', 'At risk'), ('off_track', 'Off track')], max_length=20)),
                ('reason', models.TextField(blank=True, help_text='Why the mission has this rating.')),
                ('created_at', models.DateTimeField()),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('outcome', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='missions.complexoutcome')),
                ('review', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commentary', to='missions.review')),
            ],
            options={
                'verbose_name_plural': 'commentary',
                'ordering': ['review', 'outcome', '-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(name='Target', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('target_value', models.FloatField()),
                ('target_date', models.DateField()),
                ('statement', models.CharField(help_text='In words, e.g. "The percentage of Black Caribbean pupils achieving ..."', max_length=300)),
                ('note', models.TextField(blank=True, help_text='Where the target comes from, and caveats.')),
                ('is_illustrative', models.BooleanField(default=False, help_text='Demo or example target: labelled "illustrative target — not government policy" wherever it shows.')),
                ('baseline_period', models.ForeignKey(help_text='Its value is read from the published data, never typed.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.period')),
                ('comparison_group', models.ForeignKey(blank=True, help_text="Set it to make this a target on the gap between the two groups: the group's value minus this group's value (percentage points for percentages).", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.group')),
                ('geography', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.geography')),
                ('group', models.ForeignKey(blank=True, help_text='Empty: the value for all people.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.group')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='indicators.indicator')),
                ('outcome', models.ForeignKey(blank=True, help_text='The outcome it was set for. Blank: every outcome its indicator measures.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='targets', to='missions.complexoutcome')),
                ('owner', models.ForeignKey(help_text='The department accountable for meeting it.', on_delete=django.db.models.deletion.PROTECT, related_name='targets', to='indicators.department')),
                ('parent', models.ForeignKey(blank=True, help_text='The headline target (for all people) this group target sits under.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='group_targets', to='missions.target')),
            ],
            options={
                'ordering': ['indicator', 'target_date', 'pk'],
            },
        ),
        migrations.AddIndex(
            model_name='complexoutcome',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector('title', 'description', config='english'), name='outcome_search'),
        ),
        migrations.AddConstraint(
            model_name='complexoutcome',
            constraint=models.UniqueConstraint(fields=('mission', 'slug'), name='outcome_unique_slug'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.UniqueConstraint(fields=('mission', 'year', 'quarter'), name='review_one_per_quarter'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.CheckConstraint(condition=models.Q(('quarter__gte', 1), ('quarter__lte', 4)), name='review_quarter_1_to_4'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('signed_off_at__isnull', True), ('signed_off_by__isnull', True), ('status', 'draft')), models.Q(('content__isnull', False), ('signed_off_at__isnull', False), ('signed_off_by__isnull', False), ('status', 'signed_off')), _connector='OR'), name='review_signed_off_has_chair_time_and_content', violation_error_message='A signed-off review records who, when and what.'),
        ),
        migrations.AddIndex(
            model_name='commentary',
            index=models.Index(fields=['review', 'outcome', '-created_at'], name='commentary_latest'),
        ),
        migrations.AddConstraint(
            model_name='commentary',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__isnull', True), models.Q(models.Q(('text', ''), _negated=True), ('rating', '')), _connector='OR'), name='commentary_outcome_has_text', violation_error_message='Commentary on an outcome has text (ratings are overall).'),
        ),
        migrations.AddConstraint(
            model_name='commentary',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__isnull', False), models.Q(models.Q(('rating', ''), _negated=True), models.Q(('reason', ''), _negated=True)), _connector='OR'), name='commentary_overall_has_rating_and_reason', violation_error_message='The overall rating needs a rating and a reason.'),
        ),
        migrations.AddConstraint(
            model_name='target',
            constraint=models.CheckConstraint(condition=models.Q(('comparison_group__isnull', True), ('group__isnull', False), _connector='OR'), name='target_gap_needs_group', violation_error_message='A gap target needs a group and a comparison group.'),
        ),
        migrations.AddConstraint(
            model_name='target',
            constraint=models.CheckConstraint(condition=models.Q(('comparison_group__isnull', True), models.Q(('comparison_group', models.F('group')), _negated=True), _connector='OR'), name='target_gap_two_groups', violation_error_message='A gap is between two different groups.'),
        ),
        migrations.AddConstraint(
            model_name='target',
            constraint=models.CheckConstraint(condition=models.Q(('parent__isnull', True), models.Q(('parent', models.F('id')), _negated=True), _connector='OR'), name='target_not_own_parent'),
        ),
        migrations.RunPython(add_roles, remove_roles),
        migrations.RunSQL(GUARDS, GUARDS_REVERSE),
    ]
