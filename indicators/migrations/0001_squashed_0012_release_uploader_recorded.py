"""The indicators app's schema in its final form: migrations 0001 to 0012, squashed.

A database that applied the old chain has every name in ``replaces`` recorded, so Django takes
this migration as applied there and runs nothing. A new database gets the tables, constraints and
indexes below directly, the history that pghistory keeps of releases, indicators, people and
roles (``_history`` writes each event model and its triggers from the tracked fields, as pghistory
makes them), then what the ORM cannot express (``INTEGRITY``), the search synonyms and the roles.
"""

import django.contrib.auth.models
import django.contrib.auth.validators
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import django.utils.timezone
import indicators.models.jobs
import indicators.models.releases
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

#: Rules the ORM cannot express: composite foreign keys and release immutability.
#:
#: * ``(group_a, characteristic_a)`` and ``(group_b, characteristic_b)`` reference
#:   ``group(id, characteristic)``, so an observation's characteristics are its groups' own
#:   (with the check constraint ``characteristic_a < characteristic_b``, a cross breakdown joins
#:   two different characteristics).
#: * Observations of a release that is no longer a draft cannot be inserted, changed or deleted.
#: * A published, superseded or withdrawn release cannot be edited or deleted (its correction
#:   reason included); its status may only move on (published → superseded or withdrawn,
#:   superseded → withdrawn), and ``withdrawn_at``/``withdrawal_reason`` are written only in the
#:   step that withdraws it.
_INTEGRITY = """
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
{new_rows_check}{old_rows_check}  RETURN NULL;
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

CREATE TRIGGER release_guard
  BEFORE UPDATE OR DELETE ON indicators_release
  FOR EACH ROW EXECUTE FUNCTION indicators_release_guard();
"""

#: The observation guard's check, once for the rows a statement writes and once for those it
#: replaces or removes.
_ROWS_CHECK = """\
  IF TG_OP IN ({operations}) THEN
    SELECT r.id, r.status INTO locked FROM indicators_release r
     WHERE r.status <> 'draft' AND r.id IN (SELECT DISTINCT release_id FROM {rows}) LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'release % is % and its observations cannot change', locked.id,
        locked.status USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
"""
INTEGRITY = _INTEGRITY.replace("{new_rows_check}", _ROWS_CHECK.format(operations="'INSERT', 'UPDATE'", rows="new_rows")).replace(
    "{old_rows_check}", _ROWS_CHECK.format(operations="'UPDATE', 'DELETE'", rows="old_rows")
)

INTEGRITY_REVERSE = """
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

#: Words people search for → the words the indicators use.
SYNONYMS = [
    ("fsm", "free school meals"),
    ("free school meal", "free school meals"),
    ("bame", "ethnicity"),
    ("bme", "ethnicity"),
    ("ethnic minority", "ethnicity"),
    ("ethnic minorities", "ethnicity"),
    ("race", "ethnicity"),
    ("disabled", "disability"),
    ("gender", "sex"),
    ("women", "sex"),
    ("child poverty", "poverty age"),
    ("deprivation", "deprived deprivation imd"),
    ("imd", "index of multiple deprivation"),
    ("pay gap", "hourly earnings pay gap"),
    ("sen", "special educational needs"),
]

#: The release roles as Django groups: role → ``(app_label, codename)`` permissions.
#: Administrator may also discard anyone's draft (``discard_release``), with what it needs to
#: reach releases in the admin. The board roles belong to the missions app.
ROLES = {
    "Analyst": [
        ("indicators", "add_release"),
        ("indicators", "change_release"),
        ("indicators", "delete_release"),
        ("indicators", "view_release"),
        ("indicators", "view_indicator"),
        ("indicators", "change_indicator"),
        ("indicators", "view_importjob"),
        ("indicators", "add_importjob"),
    ],
    "Approver": [
        ("indicators", "approve_release"),
        ("indicators", "publish_release"),
        ("indicators", "view_release"),
        ("indicators", "view_indicator"),
        ("indicators", "view_importjob"),
    ],
    "Administrator": [
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "view_user"),
        ("auth", "view_group"),
        ("auth", "change_group"),
        ("indicators", "add_membership"),
        ("indicators", "change_membership"),
        ("indicators", "view_membership"),
        ("indicators", "view_release"),
        ("indicators", "delete_release"),
        ("indicators", "discard_release"),
    ],
}

#: The inactive account given to releases that went past draft without an uploader.
PLACEHOLDER = "uploader-not-recorded"


def synonyms_add(apps, schema_editor):
    SearchSynonym = apps.get_model("indicators", "SearchSynonym")
    for term, expansion in SYNONYMS:
        SearchSynonym.objects.get_or_create(term=term, defaults={"expansion": expansion})


def roles_create(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        role, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            role.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def uploaders_recorded(apps, schema_editor):
    """Releases past draft without an uploader get the inactive ``uploader-not-recorded``.

    The command line once saved no uploader; a database from then may hold such releases (a new
    one holds none, so this does nothing there). The guard trigger freezes published releases,
    so it is set aside for this one update, which the audit trail records like any other.
    """
    Release = apps.get_model("indicators", "Release")
    unrecorded = Release.objects.exclude(status="draft").filter(uploaded_by__isnull=True)
    if not unrecorded.exists():
        return
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    placeholder, _ = User.objects.get_or_create(
        username=PLACEHOLDER,
        defaults={
            "is_active": False,
            "password": make_password(None),
            "first_name": "Uploader not recorded",
            "last_name": "(imported from the command line before uploaders were required)",
        },
    )
    table = Release._meta.db_table
    # Foreign keys are checked at once, so no check is left pending when the table is altered.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(f"ALTER TABLE {table} DISABLE TRIGGER release_guard")
    unrecorded.update(uploaded_by=placeholder)
    schema_editor.execute(f"ALTER TABLE {table} ENABLE TRIGGER release_guard")
    schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def _indicator_fields():
    """The indicator's columns that its history copies (all but ``search_vector``)."""
    return [
        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
        ('slug', models.SlugField(max_length=80, unique=True)),
        ('title', models.CharField(max_length=200)),
        ('short_title', models.CharField(blank=True, max_length=80)),
        ('area', models.CharField(choices=[('social_security', 'Social security'), ('education', 'Education'), ('work', 'Work'), ('housing', 'Housing'), ('health', 'Health'), ('wealth_and_tax', 'Wealth and tax'), ('justice', 'Justice'), ('participation', 'Participation')], max_length=20)),
        ('measures', models.TextField(help_text='What it measures, in plain English.')),
        ('unit', models.CharField(help_text='Shown after values, e.g. "%" or "per 100,000".', max_length=60)),
        ('measure_type', models.CharField(choices=[('percentage', 'Percentage'), ('rate', 'Rate per N'), ('mean', 'Mean'), ('median', 'Median'), ('ratio', 'Ratio'), ('index', 'Index'), ('years', 'Years'), ('months', 'Months'), ('count', 'Count')], max_length=20)),
        ('rate_per', models.PositiveIntegerField(blank=True, help_text='N for a rate per N.', null=True)),
        ('decimal_places', models.PositiveSmallIntegerField(default=1, help_text='The precision the source publishes: values are shown with this many decimals (never rounded to zero), gaps with the same, ratios with two.')),
        ('polarity', models.CharField(choices=[('higher_is_better', 'Higher is better'), ('lower_is_better', 'Lower is better'), ('neither', 'Neither higher nor lower is better')], max_length=20)),
        ('source_publisher', models.CharField(max_length=200)),
        ('source_dataset', models.CharField(max_length=300)),
        ('source_url', models.URLField(blank=True, max_length=500)),
        ('licence', models.CharField(default='Open Government Licence v3.0', max_length=200)),
        ('statistical_status', models.CharField(choices=[('accredited_official', 'Accredited official statistics'), ('official', 'Official statistics'), ('in_development', 'Official statistics in development'), ('management_information', 'Management information')], max_length=30)),
        ('frequency', models.CharField(choices=[('annual', 'Annual'), ('quarterly', 'Quarterly'), ('monthly', 'Monthly'), ('biennial', 'Every two years'), ('irregular', 'Irregular')], max_length=20)),
        ('geography_coverage', models.CharField(max_length=200)),
        ('methodology', models.TextField(blank=True)),
        ('next_release', models.CharField(blank=True, help_text='As pre-announced on the GOV.UK release calendar, e.g. "26 March 2027" or "Spring 2027 (provisional)". Blank: not announced.', max_length=100)),
        ('subject', models.CharField(blank=True, help_text='What a sentence says the figure is, in lower case, e.g. "the percentage of adults who were victims of hate crime". Summaries begin with it.', max_length=200)),
        ('gap_measure', models.CharField(choices=[('difference', 'Difference (group − reference; percentage points for %)'), ('percent_of_reference', 'Percentage of the reference ((reference − group) ÷ reference × 100, as pay gaps)'), ('ratio', 'Ratio (group ÷ reference)')], default='difference', help_text='The form in which the source publishes gaps; charts, tables and summaries lead with it and offer the others one choice away.', max_length=30)),
        ('is_survey', models.BooleanField(default=False, help_text="Estimates come from a sample survey: intervals computed from sample sizes need the survey's design factor.")),
        ('disclosure_threshold', models.PositiveSmallIntegerField(blank=True, default=10, help_text='Public views, downloads and the API show a cell as [c] when its numerator or denominator is below this, and the cells that would let it be recovered by subtraction (indicators/disclosure.py). Blank: the publisher has already applied its own rule. The stored data is never changed.', null=True)),
        ('design_factor', models.FloatField(blank=True, help_text="The survey's design factor (deft), as its technical report publishes it. Intervals from sample sizes use the effective sample size n / deft²; a survey with none recorded gets no computed intervals.", null=True)),
        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='indicators', to='indicators.department')),
        ('primary_characteristic', models.ForeignKey(blank=True, help_text='The breakdown the indicator is about (the one its title names): its pages, summary and mission card open on it. Blank: all people only.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.characteristic')),
    ]


def _release_fields():
    """The release's columns, which its history copies."""
    return [
        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
        ('version', models.PositiveIntegerField()),
        ('status', models.CharField(choices=[('draft', 'Draft'), ('approved', 'Approved'), ('published', 'Published'), ('superseded', 'Superseded'), ('withdrawn', 'Withdrawn')], default='draft', max_length=20)),
        ('source_file', models.FileField(max_length=300, upload_to=indicators.models.releases.release_upload_path)),
        ('original_filename', models.CharField(max_length=255)),
        ('sha256', models.CharField(max_length=64)),
        ('file_format', models.CharField(blank=True, max_length=20)),
        ('import_options', models.JSONField(blank=True, default=dict)),
        ('row_count', models.PositiveIntegerField(default=0)),
        ('note', models.TextField(blank=True, help_text='What this release contains, for the public.')),
        ('reason', models.TextField(blank=True, help_text='Why it corrects or withdraws another release.')),
        ('is_synthetic', models.BooleanField(default=False, help_text='Synthetic demo data: labelled as such on every page showing it.')),
        ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now)),
        ('approved_at', models.DateTimeField(blank=True, null=True)),
        ('publish_at', models.DateTimeField(blank=True, null=True)),
        ('limits_confidence', models.PositiveSmallIntegerField(choices=[(90, '90%'), (95, '95%'), (99, '99%')], default=95, help_text='The confidence level of the lower and upper limits the file publishes.')),
        ('withdrawn_at', models.DateTimeField(blank=True, null=True)),
        ('withdrawal_reason', models.TextField(blank=True, help_text='Why it was withdrawn, shown in the public release history.')),
        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='releases', to='indicators.indicator')),
        ('supersedes', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='superseded_by', to='indicators.release')),
        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
    ]


def _indicator_characteristic_fields():
    """An indicator's breakdown and its reference group, which its history copies."""
    return [
        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
        ('characteristic', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='indicators.characteristic')),
        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='indicators.indicator')),
        ('reference_group', models.ForeignKey(blank=True, help_text="Overrides the characteristic's default reference group for this indicator.", null=True, on_delete=django.db.models.deletion.PROTECT, to='indicators.group')),
    ]


def _membership_fields():
    """A person's department, which its history copies."""
    return [
        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
        ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='members', to='indicators.department')),
        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='membership', to=settings.AUTH_USER_MODEL)),
    ]


#: Django's user columns that the history of people copies (all but the password and last login).
USER_FIELDS = [
        ('id', models.IntegerField()),
        ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
        ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
        ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
        ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
        ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
        ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
        ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
]

#: The history of a role's permissions and of a person's roles (Django's own tables).
ROLE_PERMISSION_FIELDS = [
        ('id', models.IntegerField()),
        ('group', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='auth.group')),
        ('permission', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='auth.permission')),
]
USER_ROLE_FIELDS = [
        ('id', models.IntegerField()),
        ('group', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='auth.group')),
        ('user', models.ForeignKey(db_constraint=False, db_tablespace='', on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
]

DO_NOTHING = django.db.models.deletion.DO_NOTHING
APPEND_ONLY = "RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;"


def _as_history(fields):
    """A tracked model's fields as pghistory copies them: no primary key, no uniqueness, and
    foreign keys that neither constrain nor relate back."""
    copied = []
    for name, field in fields:
        if isinstance(field, models.BigAutoField):
            copied.append((name, models.BigIntegerField()))
            continue
        _, _, args, kwargs = field.deconstruct()
        if kwargs.pop("unique", False) and isinstance(field, models.SlugField):
            kwargs["db_index"] = False
        if isinstance(field, models.ForeignKey):
            kwargs.update(
                db_constraint=False, on_delete=DO_NOTHING, related_name="+", related_query_name="+"
            )
            copied.append((name, models.ForeignKey(*args, **kwargs)))
        else:
            copied.append((name, type(field)(*args, **kwargs)))
    return copied


def _row(event_table, columns, label, ref, *, obj):
    """The body of a pghistory trigger: the row (``NEW`` or ``OLD``) into its event table."""
    values = {column: f'{ref}."{column}"' for column in columns}
    values.update(pgh_context_id="_pgh_attach_context()", pgh_created_at="NOW()")
    values["pgh_label"] = f"'{label}'"
    if obj:
        values["pgh_obj_id"] = f'{ref}."id"'
    names = sorted(values)
    quoted = ", ".join(f'"{name}"' for name in names)
    return f'INSERT INTO "{event_table}" ({quoted}) VALUES ({", ".join(values[n] for n in names)}); RETURN NULL;'


def _history(model, table, fields, events, append_only, *, obj=True, every_column=True):
    """A tracked model's history, as pghistory makes it: the event model with ``fields``, a
    trigger per ``(label, operation, pgid suffix)`` event on ``table``, and the trigger that keeps
    the event table append-only. ``every_column``: the update trigger fires on any change;
    otherwise on a change to one of ``fields``."""
    event = f"{model}Event"
    event_table = f"indicators_{event.lower()}"
    link = [("pgh_obj", models.ForeignKey(db_constraint=False, on_delete=DO_NOTHING, related_name="events", to=f"indicators.{model.lower()}"))]
    operations = [
        migrations.CreateModel(
            name=event,
            fields=[
                ("pgh_id", models.AutoField(primary_key=True, serialize=False)),
                ("pgh_created_at", models.DateTimeField(auto_now_add=True)),
                ("pgh_label", models.TextField(help_text="The event label.")),
                *fields,
                ("pgh_context", models.ForeignKey(db_constraint=False, null=True, on_delete=DO_NOTHING, related_name="+", to="pghistory.context")),
                *(link if obj else []),
            ],
            options={"abstract": False},
        )
    ]
    columns = [f"{name}_id" if isinstance(field, models.ForeignKey) else name for name, field in fields]
    changed = " OR ".join(f'OLD."{c}" IS DISTINCT FROM (NEW."{c}")' for c in sorted(columns))
    for label, operation, suffix in events:
        ref = "OLD" if operation == "DELETE" else "NEW"
        condition = {}
        if operation == "UPDATE":
            condition["condition"] = "WHEN (OLD.* IS DISTINCT FROM NEW.*)" if every_column else f"WHEN ({changed})"
        name = f"{label.replace('.', '_')}_{operation.lower()}"
        sql = pgtrigger.compiler.UpsertTriggerSql(
            func=_row(event_table, columns, label, ref, obj=obj),
            operation=operation,
            pgid=f"pgtrigger_{name}_{suffix}",
            table=table,
            when="AFTER",
            **condition,
        )
        operations.append(pgtrigger.migrations.AddTrigger(model_name=model.lower(), trigger=pgtrigger.compiler.Trigger(name=name, sql=sql)))
    sql = pgtrigger.compiler.UpsertTriggerSql(
        func=APPEND_ONLY, operation="UPDATE OR DELETE", pgid=f"pgtrigger_append_only_{append_only}", table=event_table, when="BEFORE"
    )
    operations.append(pgtrigger.migrations.AddTrigger(model_name=event.lower(), trigger=pgtrigger.compiler.Trigger(name="append_only", sql=sql)))
    return operations


def _proxy(name, base, managers=()):
    """A proxy model of one of Django's auth tables, whose history this app keeps."""
    return migrations.CreateModel(
        name=name,
        fields=[],
        options={"proxy": True, "indexes": [], "constraints": []},
        bases=(base,),
        managers=list(managers),
    )


def _changes(insert, update, delete):
    """The three events of a model whose every insert, update and delete is kept."""
    return [("insert", "INSERT", insert), ("update", "UPDATE", update), ("delete", "DELETE", delete)]


class Migration(migrations.Migration):

    replaces = [
        ('indicators', '0001_initial'), ('indicators', '0002_integrity_triggers'),
        ('indicators', '0003_period_label_not_unique'), ('indicators', '0004_import_job'),
        ('indicators', '0005_observation_lean_keys'), ('indicators', '0006_indicator_next_release'),
        ('indicators', '0007_observation_suppressed_discloses_nothing'), ('indicators', '0008_release_withdrawal_reason'),
        ('indicators', '0009_indicator_page_facts_and_search'), ('indicators', '0010_search_indexes'),
        ('indicators', '0011_audit_roles_disclosure'), ('indicators', '0012_release_uploader_recorded'),
    ]

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(name='Department', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(unique=True)),
                ('name', models.CharField(max_length=200, unique=True)),
                ('abbreviation', models.CharField(max_length=20, unique=True)),
                ('url', models.URLField(blank=True)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(name='SearchSynonym', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=100, unique=True)),
                ('expansion', models.CharField(help_text='Words the term stands for, e.g. "free school meals".', max_length=200)),
            ],
            options={
                'ordering': ['term'],
            },
        ),
        _proxy('UserRecord', 'auth.user', managers=[('objects', django.contrib.auth.models.UserManager())]),
        _proxy('RolePermission', 'auth.group_permissions'),
        _proxy('UserRole', 'auth.user_groups'),
        migrations.CreateModel(name='Characteristic', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(unique=True)),
                ('name', models.CharField(max_length=100, unique=True)),
                ('kind', models.CharField(choices=[('protected', 'Protected characteristic (Equality Act 2010)'), ('socio_economic', 'Socio-economic position'), ('place', 'Place')], max_length=20)),
                ('description', models.TextField(blank=True)),
                ('is_ordered', models.BooleanField(default=False, help_text='Groups have a natural order (deciles, quintiles, age bands); rank 1 is the most disadvantaged end where that applies (1 = most deprived).')),
                ('display_order', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'ordering': ['display_order', 'name'],
                'indexes': [
                    django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector('name', 'description', config='english'), name='characteristic_search'),
                ],
            },
        ),
        migrations.CreateModel(name='Geography', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='ONS GSS code', max_length=9, unique=True)),
                ('name', models.CharField(max_length=200)),
                ('level', models.CharField(choices=[('uk', 'United Kingdom'), ('gb', 'Great Britain'), ('country', 'Country'), ('region', 'Region'), ('local_authority', 'Local authority'), ('police_force_area', 'Police force area')], max_length=20)),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='indicators.geography')),
            ],
            options={
                'verbose_name_plural': 'geographies',
                'ordering': ['code'],
                'constraints': [
                    models.CheckConstraint(condition=models.Q(('code__regex', '^[EKNSW][0-9]{8}$')), name='geography_gss_code'),
                ],
            },
        ),
        migrations.CreateModel(name='Group', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80)),
                ('name', models.CharField(max_length=200)),
                ('rank', models.PositiveSmallIntegerField(blank=True, help_text='Order within an ordered characteristic (1 first).', null=True)),
                ('is_default_reference', models.BooleanField(default=False, help_text='Gaps are measured against this group unless an indicator says')),
                ('display_order', models.PositiveSmallIntegerField(default=0)),
                ('characteristic', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='groups', to='indicators.characteristic')),
                ('parent', models.ForeignKey(blank=True, help_text='The broader group this one nests in (e.g. Indian within Asian).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='indicators.group')),
            ],
            options={
                'ordering': ['characteristic', 'display_order', 'rank', 'name'],
                'indexes': [
                    django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.search.SearchVector('name', config='english'), name='group_search'),
                ],
                'constraints': [
                    models.UniqueConstraint(fields=('characteristic', 'slug'), name='group_unique_slug'),
                    models.UniqueConstraint(fields=('characteristic', 'name'), name='group_unique_name'),
                    models.UniqueConstraint(fields=('id', 'characteristic'), name='group_id_characteristic'),
                    models.UniqueConstraint(condition=models.Q(('is_default_reference', True)), fields=('characteristic',), name='group_one_default_reference', violation_error_message='A characteristic has one default reference group.'),
                    models.UniqueConstraint(condition=models.Q(('rank__isnull', False)), fields=('characteristic', 'rank'), name='group_unique_rank'),
                    models.CheckConstraint(condition=models.Q(('parent', models.F('id')), _negated=True), name='group_not_own_parent'),
                ],
            },
        ),
        migrations.CreateModel(name='GroupAlias', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(help_text='Matched case- and space-insensitively against file labels.', max_length=200)),
                ('characteristic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='indicators.characteristic')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='indicators.group')),
            ],
            options={
                'verbose_name_plural': 'group aliases',
                'ordering': ['characteristic', 'label'],
                'constraints': [
                    models.UniqueConstraint(fields=('characteristic', 'label'), name='alias_unique_label'),
                ],
            },
        ),
        migrations.CreateModel(name='Indicator', fields=[*_indicator_fields(), ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True))],
            options={
                'ordering': ['title'],
                'indexes': [
                    django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='indicator_search'),
                    django.contrib.postgres.indexes.GinIndex(fields=['title'], name='indicator_title_trgm', opclasses=['gin_trgm_ops']),
                ],
                'constraints': [
                    models.CheckConstraint(condition=models.Q(models.Q(('measure_type', 'rate'), ('rate_per__isnull', False)), models.Q(('measure_type', 'rate'), _negated=True), _connector='OR'), name='indicator_rate_has_per', violation_error_message="A rate needs its 'per N'."),
                    models.CheckConstraint(condition=models.Q(('design_factor__isnull', True), ('design_factor__gte', 1), _connector='OR'), name='indicator_design_factor_at_least_1', violation_error_message='A design factor (deft) is 1 or more.'),
                ],
            },
        ),
        migrations.CreateModel(name='IndicatorCharacteristic', fields=_indicator_characteristic_fields(),
            options={
                'constraints': [
                    models.UniqueConstraint(fields=('indicator', 'characteristic'), name='indicator_characteristic_unique'),
                ],
            },
        ),
        migrations.AddField(
            model_name='indicator',
            name='characteristics',
            field=models.ManyToManyField(blank=True, related_name='indicators', through='indicators.IndicatorCharacteristic', to='indicators.characteristic'),
        ),
        migrations.CreateModel(name='Membership', fields=_membership_fields(),
        ),
        migrations.CreateModel(name='Period', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('type', models.CharField(choices=[('calendar_year', 'Calendar year'), ('financial_year', 'Financial year'), ('academic_year', 'Academic year'), ('quarter', 'Quarter'), ('month', 'Month'), ('multi_year', 'Multi-year average')], max_length=20)),
                ('start', models.DateField()),
                ('end', models.DateField()),
                ('label', models.CharField(max_length=50)),
            ],
            options={
                'ordering': ['end', 'start'],
                'constraints': [
                    models.UniqueConstraint(fields=('type', 'start', 'end'), name='period_unique_span'),
                    models.CheckConstraint(condition=models.Q(('end__gte', models.F('start'))), name='period_end_after_start', violation_error_message='A period cannot end before it starts.'),
                ],
            },
        ),
        migrations.CreateModel(name='Release', fields=_release_fields(),
            options={
                'ordering': ['indicator', '-version'],
                'permissions': [('approve_release', 'Can approve a release uploaded by someone else'), ('publish_release', 'Can publish or withdraw a release'), ('discard_release', "Can discard anyone's draft release, not only their own")],
                'constraints': [
                    models.UniqueConstraint(fields=('indicator', 'version'), name='release_unique_version'),
                    models.UniqueConstraint(fields=('indicator', 'sha256'), name='release_unique_file'),
                    models.CheckConstraint(condition=models.Q(('sha256__regex', '^[0-9a-f]{64}$')), name='release_sha256_hex'),
                    models.CheckConstraint(condition=models.Q(('status__in', ['draft']), models.Q(('approved_at__isnull', False), ('approved_by__isnull', False)), _connector='OR'), name='release_approved_has_approver', violation_error_message='Only a draft can lack an approver.'),
                    models.CheckConstraint(condition=models.Q(('status', 'draft'), ('uploaded_by__isnull', False), _connector='OR'), name='release_uploader_recorded', violation_error_message='Only a draft can lack its uploader: the four-eyes rule needs to know who uploaded a release.'),
                    models.CheckConstraint(condition=models.Q(('approved_by__isnull', True), ('uploaded_by__isnull', True), models.Q(('approved_by', models.F('uploaded_by')), _negated=True), _connector='OR'), name='release_four_eyes', violation_error_message='A release is approved by someone other than its uploader.'),
                    models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['published', 'superseded']), _negated=True), ('publish_at__isnull', False), _connector='OR'), name='release_published_has_time'),
                    models.CheckConstraint(condition=models.Q(models.Q(('status', 'withdrawn'), _negated=True), models.Q(('withdrawn_at__isnull', False), models.Q(('withdrawal_reason', ''), _negated=True)), _connector='OR'), name='release_withdrawal_has_reason', violation_error_message='A withdrawn release records when and why.'),
                    models.CheckConstraint(condition=models.Q(('supersedes__isnull', True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='release_correction_has_reason', violation_error_message='A release that supersedes another needs a reason.'),
                ],
            },
        ),
        migrations.CreateModel(name='Observation', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.FloatField(blank=True, null=True)),
                ('lower', models.FloatField(blank=True, null=True)),
                ('upper', models.FloatField(blank=True, null=True)),
                ('numerator', models.FloatField(blank=True, null=True)),
                ('denominator', models.FloatField(blank=True, null=True)),
                ('sample_size', models.PositiveIntegerField(blank=True, null=True)),
                ('marker', models.CharField(blank=True, choices=[('c', '[c] confidential'), ('x', '[x] not available'), ('z', '[z] not applicable')], max_length=1)),
                ('quality', models.CharField(blank=True, choices=[('u', '[u] low reliability'), ('low', '[low] rounds to zero')], max_length=3)),
                ('note', models.CharField(blank=True, max_length=500)),
                ('characteristic_a', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.characteristic')),
                ('characteristic_b', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.characteristic')),
                ('geography', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.geography')),
                ('group_a', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.group')),
                ('group_b', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.group')),
                ('period', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.period')),
                ('release', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='observations', to='indicators.release')),
            ],
            options={
                'indexes': [
                    models.Index(fields=['release', 'characteristic_a', 'period'], name='obs_release_char'),
                ],
                'constraints': [
                    models.UniqueConstraint(fields=('release', 'period', 'geography', 'group_a', 'group_b'), name='observation_unique_key', nulls_distinct=False, violation_error_message='One observation per period, place and breakdown.'),
                    models.CheckConstraint(condition=models.Q(models.Q(('value__isnull', False), ('marker', '')), models.Q(('value__isnull', True), models.Q(('marker', ''), _negated=True)), _connector='OR'), name='observation_value_xor_marker', violation_error_message='Give a value or an absence marker ([c], [x], [z]).'),
                    models.CheckConstraint(condition=models.Q(('quality', ''), ('value__isnull', False), _connector='OR'), name='observation_quality_needs_value'),
                    models.CheckConstraint(condition=models.Q(models.Q(('lower__isnull', True), ('value__isnull', True), ('lower__lte', models.F('value')), _connector='OR'), models.Q(('upper__isnull', True), ('value__isnull', True), ('value__lte', models.F('upper')), _connector='OR'), models.Q(('lower__isnull', True), ('upper__isnull', True), ('lower__lte', models.F('upper')), _connector='OR')), name='observation_limits_bracket_value', violation_error_message='Limits must satisfy lower ≤ value ≤ upper.'),
                    models.CheckConstraint(condition=models.Q(models.Q(('marker', 'c'), _negated=True), models.Q(('denominator__isnull', True), ('lower__isnull', True), ('numerator__isnull', True), ('upper__isnull', True)), _connector='OR'), name='observation_suppressed_discloses_nothing', violation_error_message='A suppressed [c] row has no limits or counts: they could reveal the value.'),
                    models.CheckConstraint(condition=models.Q(models.Q(('characteristic_a__isnull', True), ('group_a__isnull', True)), models.Q(('characteristic_a__isnull', False), ('group_a__isnull', False)), _connector='OR'), name='observation_group_a_characteristic'),
                    models.CheckConstraint(condition=models.Q(models.Q(('characteristic_b__isnull', True), ('group_b__isnull', True)), models.Q(('characteristic_a__lt', models.F('characteristic_b')), ('group_a__isnull', False), ('group_b__isnull', False)), _connector='OR'), name='observation_cross_of_two_characteristics', violation_error_message='A cross breakdown joins two groups of different characteristics.'),
                    models.CheckConstraint(condition=models.Q(models.Q(('numerator__isnull', True), ('numerator__gte', 0), _connector='OR'), models.Q(('denominator__isnull', True), ('denominator__gte', 0), _connector='OR')), name='observation_counts_not_negative'),
                ],
            },
        ),
        migrations.CreateModel(name='ImportJob', fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_file', models.FileField(max_length=300, upload_to=indicators.models.jobs.import_job_upload_path)),
                ('original_filename', models.CharField(max_length=255)),
                ('options', models.JSONField(default=dict, help_text="The analyst's import choices.")),
                ('dry_run', models.BooleanField(default=False)),
                ('row_estimate', models.PositiveIntegerField(default=0)),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('succeeded', 'Succeeded'), ('failed', 'Failed')], default='queued', max_length=20)),
                ('percent', models.PositiveSmallIntegerField(default=0)),
                ('stage', models.CharField(default='Waiting for the background worker', max_length=200)),
                ('errors', models.JSONField(blank=True, default=list, help_text='Every error, as row dicts.')),
                ('comparison', models.JSONField(blank=True, default=dict)),
                ('row_count', models.PositiveIntegerField(default=0)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='indicators.indicator')),
                ('release', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='indicators.release')),
            ],
            options={
                'ordering': ['-created_at'],
                'constraints': [
                    models.CheckConstraint(condition=models.Q(('percent__lte', 100)), name='import_job_percent_at_most_100'),
                ],
            },
        ),
        *_history("UserRecord", "auth_user", USER_FIELDS, _changes("62dbe", "4a22b", "9b639"), "560c8", every_column=False),
        *_history("RolePermission", "auth_group_permissions", ROLE_PERMISSION_FIELDS, [("permission.add", "INSERT", "a860d"), ("permission.remove", "DELETE", "96a51")], "7bfcb", obj=False),
        *_history("UserRole", "auth_user_groups", USER_ROLE_FIELDS, [("role.add", "INSERT", "2f3c5"), ("role.remove", "DELETE", "75b21")], "0d9b6", obj=False),
        *_history("IndicatorCharacteristic", "indicators_indicatorcharacteristic", _as_history(_indicator_characteristic_fields()), _changes("63bdd", "fd459", "9c8ad"), "12d29"),
        *_history("Indicator", "indicators_indicator", _as_history(_indicator_fields()), _changes("6ab67", "4281e", "f068f"), "120fe", every_column=False),
        *_history("Membership", "indicators_membership", _as_history(_membership_fields()), _changes("f3688", "256a4", "bc71a"), "0e636"),
        *_history("Release", "indicators_release", _as_history(_release_fields()), _changes("ac5ba", "95f01", "89d79"), "102e7"),
        migrations.RunSQL(INTEGRITY, INTEGRITY_REVERSE),
        migrations.RunPython(synonyms_add, migrations.RunPython.noop),
        migrations.RunPython(roles_create, migrations.RunPython.noop),
        migrations.RunPython(uploaders_recorded, migrations.RunPython.noop),
    ]
