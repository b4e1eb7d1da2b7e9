"""Every command README.md shows is real, as written.

The commands are read from README.md itself: each line of its shell code blocks (a line that
starts with spaces continues the one before) and each inline ``manage.py …``, ``make …`` or
management command. ``make`` targets must exist (``make -n``); each management command, with
every option its line shows, must be accepted by that command's parser (each alternative of
``a|b|c`` in turn, placeholders such as ``ID`` or ``DATE-TIME`` given a value of their kind);
``createsuperuser`` as written runs non-interactively in a child process with no SECRET_KEY;
``curl`` addresses resolve in the URLconf and answer; the variables of the configuration
table are read where the table says. A failure names the README line. ``.ci/run`` runs
``make test`` from a clean clone, which covers the two commands at the top.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import CommandError, get_commands, load_command_class
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve

from indicators.models import Characteristic, Group
from tests import factories
from tests.config.test_settings import SETTINGS_VARIABLES
from tests.dashboard.factories import published_release, two_groups

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
#: Values for the placeholders of README's usage lines, by their kind.
PLACEHOLDERS = {"ID": "1", "DATE-TIME": "2027-03-12T09:30", "COLUMN=TARGET": "Sex=sex"}
#: Programs whose lines make a code block a block of commands.
PROGRAMS = ("make", "python", ".venv/bin/python", "curl")
#: Variables of the configuration table read outside config/ (where, and how it is named).
READ_ELSEWHERE = {"PORT": "Makefile", "CHROMIUM_PATH": "tests/browser/conftest.py"}


@dataclass(frozen=True)
class Command:
    line: int
    text: str

    def __str__(self) -> str:
        return f"README.md line {self.line}: {self.text}"


def _code_block_commands() -> list[Command]:
    """The commands of README's shell code blocks; raises on a line that is none."""
    commands: list[Command] = []
    block: list[tuple[int, str]] | None = None
    language = ""
    for number, line in enumerate(README.read_text().splitlines(), start=1):
        if line.startswith("```"):
            if block is None:
                block, language = [], line[3:].strip()
                continue
            commands += _block_commands(block, language)
            block = None
        elif block is not None:
            block.append((number, line))
    return commands


def _block_commands(block: list[tuple[int, str]], language: str) -> list[Command]:
    lines = [(n, text) for n, text in block if text.strip() and not text.startswith("#")]
    if not lines:
        return []
    if language not in {"sh", "bash", "shell"} and _program(lines[0][1]) is None:
        return []  # a layout or a listing, not commands
    commands: list[Command] = []
    for number, text in lines:
        if text[0].isspace() and commands:
            last = commands.pop()
            commands.append(Command(last.line, f"{last.text} {text.strip()}"))
        else:
            commands.append(Command(number, text.split(" #", 1)[0].strip()))
    for command in commands:
        assert _program(command.text) is not None, f"not a command this test knows: {command}"
    return commands


def _inline_commands() -> list[Command]:
    names = set(get_commands())
    found = []
    for number, line in enumerate(README.read_text().splitlines(), start=1):
        for code in re.findall(r"`([^`\n]+)`", line):
            words = code.split()
            if "manage.py" in words or (words[0] == "make" and len(words) > 1):
                found.append(Command(number, code))
            elif words[0] in names and len(words) > 1:
                found.append(Command(number, f"manage.py {code}"))
    return found


def _program(text: str) -> str | None:
    word = text.split()[0]
    return word if word in PROGRAMS or word.endswith("/python") else None


COMMANDS = _code_block_commands() + _inline_commands()


def _management(text: str) -> tuple[str, list[list[str]]]:
    """A ``manage.py`` line's command, and the argument lists its usage stands for: the first
    of each ``a|b|c`` choice, then each other choice in turn."""
    usage = text.split("manage.py", 1)[1].replace("[", " ").replace("]", " ")
    name, *words = [w for w in shlex.split(usage) if w != "..."]
    choices = [
        [PLACEHOLDERS.get(w, w.lower())]
        if re.fullmatch(r"[A-Z][A-Z=_-]*", w)
        else (w.split("|") if "|" in w and not w.startswith("-") else [w])
        for w in words
    ]
    first = [options[0] for options in choices]
    others = [
        [*first[:i], other, *first[i + 1 :]]
        for i, options in enumerate(choices)
        for other in options[1:]
    ]
    return name, [first, *others]


def test_the_readme_shows_commands() -> None:
    texts = " ".join(c.text for c in COMMANDS)
    for expected in ("make run", "make test", "import_release", "createsuperuser", "curl"):
        assert expected in texts


@pytest.mark.parametrize("command", [c for c in COMMANDS if "manage.py" in c.text], ids=str)
def test_each_management_command_accepts_the_options_readme_shows(command: Command) -> None:
    name, variants = _management(command.text)
    commands = get_commands()
    assert name in commands, f"{command}: no management command {name!r}"
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    for argv in variants:
        try:
            parser.parse_args(argv)
        except (CommandError, SystemExit) as error:
            pytest.fail(f"{command}: {name} refuses {shlex.join(argv)}: {error}")


@pytest.mark.parametrize("command", [c for c in COMMANDS if c.text.startswith("make ")], ids=str)
def test_each_make_target_exists(command: Command) -> None:
    words = [w for w in shlex.split(command.text)[1:] if not w.startswith("-")]
    targets = [w for w in words if "=" not in w]
    result = subprocess.run(
        ["make", "-n", *targets], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{command}: {result.stderr}"


def _data_for(query: dict[str, str]) -> None:
    """A published release of the indicator, characteristic, group and place ``query`` names,
    with a figure of 2016 (the examples ask for 2015 onwards)."""
    if "indicator" not in query:
        return
    indicator, reference, other = two_groups(groups=("Reference", "Other"), slug=query["indicator"])
    Characteristic.objects.filter(pk=reference.characteristic_id).update(
        slug=query.get("characteristic", "characteristic")
    )
    Group.objects.filter(pk=other.pk).update(slug=query.get("group", "other"))
    place = factories.geography(code=query.get("geography", "E92000001"))
    rows = [
        {"group_a": group, "period": factories.period(2016), "geography": place, "value": value}
        for group, value in ((reference, 12.5), (other, 17.25))
    ]
    published_release(indicator=indicator, rows=rows)


@pytest.mark.django_db
@pytest.mark.parametrize("command", [c for c in COMMANDS if c.text.startswith("curl ")], ids=str)
def test_each_curl_example_answers(command: Command) -> None:
    """Each example, against data that has what it names: the operation and every parameter
    it shows are accepted."""
    url = urlsplit(next(w for w in shlex.split(command.text)[1:] if w.startswith("http")))
    try:
        resolve(url.path)
    except Resolver404:
        pytest.fail(f"{command}: no page at {url.path}")
    _data_for(dict(parse_qsl(url.query)))
    response = Client().get(f"{url.path}?{url.query}")
    assert response.status_code == 200, f"{command}: {response.content.decode()[:300]}"


@pytest.mark.django_db(transaction=True)
def test_createsuperuser_as_written_runs_without_a_secret_key() -> None:
    """README's ``createsuperuser`` line, non-interactive (``--noinput`` with the
    DJANGO_SUPERUSER_* variables): a child process with the settings of a local run (no
    SECRET_KEY, no DATABASE_URL, no DEBUG) pointed at this test run's database."""
    command = next(c for c in COMMANDS if "manage.py createsuperuser" in c.text)
    argv = ["manage.py", *shlex.split(command.text.split("manage.py", 1)[1]), "--noinput"]
    database = {
        k: connection.settings_dict[k] for k in ("NAME", "USER", "PASSWORD", "HOST", "PORT")
    }
    child = (
        "import json, sys, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'\n"
        "from django.conf import settings\n"
        "engine = {'ENGINE': 'django.db.backends.postgresql'}\n"
        "settings.DATABASES['default'].update(json.loads(sys.argv[1]) | engine)\n"
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(json.loads(sys.argv[2]))\n"
    )
    unset = {*SETTINGS_VARIABLES, "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in unset} | {
        "DJANGO_SUPERUSER_USERNAME": "readme-admin",
        "DJANGO_SUPERUSER_EMAIL": "readme-admin@example.gov.uk",
        "DJANGO_SUPERUSER_PASSWORD": "a passphrase long enough",
    }
    result = subprocess.run(
        [sys.executable, "-c", child, json.dumps(database), json.dumps(argv)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{command}: {result.stderr}"
    assert "Superuser created successfully." in result.stdout
    admin = get_user_model().objects.get(username="readme-admin")
    assert admin.is_superuser
    # Made with the production hasher (the tests' own is a fast one).
    assert PBKDF2PasswordHasher().verify("a passphrase long enough", admin.password)


def test_the_secret_key_recipe_prints_a_key() -> None:
    code = next(
        re.search(r'python (-c ".*")', c)
        for c in README.read_text().splitlines()
        if "secrets.token_urlsafe" in c
    )
    assert code is not None
    result = subprocess.run(
        [sys.executable, *shlex.split(code.group(1))], capture_output=True, text=True, check=True
    )
    assert len(result.stdout.strip()) >= 50


def _configuration_variables() -> list[Command]:
    text = README.read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    offset = README.read_text().split("## Configuration", 1)[0].count("\n") + 1
    return [
        Command(offset + n, match.group(1))
        for n, line in enumerate(text.splitlines())
        if (match := re.match(r"\| `([A-Z][A-Z0-9_]+)` \|", line))
    ]


@pytest.mark.parametrize("variable", _configuration_variables(), ids=str)
def test_each_configured_variable_is_read(variable: Command) -> None:
    name = variable.text
    if name in READ_ELSEWHERE:
        source = (ROOT / READ_ELSEWHERE[name]).read_text()
        assert re.search(rf"\b{name}\b", source), f"{variable}: not read by {READ_ELSEWHERE[name]}"
    else:
        sources = " ".join(p.read_text() for p in (ROOT / "config").rglob("*.py"))
        assert f'"{name}"' in sources, f"{variable}: config/ never reads {name}"
    assert re.search(rf"^{name}=", (ROOT / ".env.example").read_text(), re.M) or re.search(
        rf"^# ?{name}=", (ROOT / ".env.example").read_text(), re.M
    ), f"{variable}: not in .env.example"


def test_the_configuration_table_is_found() -> None:
    names = {v.text for v in _configuration_variables()}
    assert {"DATABASE_URL", "SECRET_KEY", "PORT", "IMPORT_MAX_ROWS"} <= names
