# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DEBUG ?= true
export XDG_RUNTIME_DIR ?= $(CURDIR)/var/run

.PHONY: run test install migrate demo port-free lint typecheck bench bench-import check clean

$(STAMP): pyproject.toml
	@echo "==> Creating the virtual environment in $(VENV) and installing the project (with its dev extra)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	@echo "==> Applying database migrations (embedded PostgreSQL in var/postgres unless DATABASE_URL is set)"
	@$(BIN)/python manage.py migrate --no-input

demo: migrate
	@echo "==> Loading the demo data (skipped when the database already holds data)"
	@$(BIN)/python manage.py load_demo --if-empty

port-free:
	@$(PYTHON) -c "import socket,sys; s=socket.socket(); s.settimeout(0.5); busy=s.connect_ex(('127.0.0.1', $(PORT))) == 0; \
	sys.exit(busy and print('Something is already listening on http://127.0.0.1:$(PORT) (a dashboard started by another make run?).\nOpen that one, stop it first, or choose another port: make run PORT=8001') or busy)"

# Printed once the dashboard answers, after runserver's own start-up lines.
define FIRST_ADMIN
import socket, time
for _ in range(600):
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", $(PORT))) == 0:
            break
    time.sleep(0.2)
else:
    raise SystemExit
print("\n==> The dashboard is at http://127.0.0.1:$(PORT)/ and its admin at http://127.0.0.1:$(PORT)/admin/"
      "\n    To create the first administrator, run this in another terminal:"
      "\n        $(BIN)/python manage.py createsuperuser\n", flush=True)
endef
export FIRST_ADMIN

run: port-free demo
	@echo "==> Starting the background worker and the dashboard on http://127.0.0.1:$(PORT) (Ctrl-C stops both)"
	@$(BIN)/python manage.py db_worker --queue-name default --interval 1 & \
	  worker=$$!; $(BIN)/python -c "$$FIRST_ADMIN" & \
	  hint=$$!; trap 'kill $$worker $$hint 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	@echo "==> Running every test (pytest over tests/)"
	@$(BIN)/python -m pytest tests

lint: install
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

typecheck: install
	@$(BIN)/mypy .
	@$(BIN)/lint-imports

check: lint typecheck

bench: bench-import
	@$(BIN)/python -m bench.pages

bench-import: migrate
	@$(BIN)/python -m bench.import_pipeline

clean:
	rm -rf var/static var/media
