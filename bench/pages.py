"""Page throughput and latency under gunicorn, with each page's size and SQL query count.

``python -m bench.pages [SECONDS]`` (``make bench``), against the database the dashboard uses
(the embedded one in var/postgres unless DATABASE_URL is set) holding the demo data
(``make demo``). It collects the static files (as ``make run`` does), starts gunicorn with two
workers and DEBUG off on a free local port, and loads each page for SECONDS (default 10) from
a small client in this process: threads, each with one keep-alive ``http.client`` connection,
asking for gzip as a browser does. For each page it prints requests per second, median and
95th-percentile latency, the response size raw and gzip-compressed, and the number of SQL
queries one request makes (counted in-process with ``CaptureQueriesContext``).
"""

from __future__ import annotations

import gzip
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The in-process query counts run on the development settings; gunicorn gets production ones.
os.environ.setdefault("DEBUG", "true")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from indicators.models import Indicator  # noqa: E402

#: Client threads: enough to keep two workers busy on a two-core machine without starving them.
THREADS = 4
WORKERS = 2
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Result:
    path: str
    requests: int
    seconds: float
    latencies: list[float]
    raw_bytes: int
    gzip_bytes: int
    queries: int

    def line(self) -> str:
        ordered = sorted(self.latencies)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return (
            f"{self.path:<45} {self.requests / self.seconds:8.1f} "
            f"{statistics.median(ordered) * 1000:8.1f} {p95 * 1000:8.1f} "
            f"{self.raw_bytes / 1024:9.1f} {self.gzip_bytes / 1024:9.1f} {self.queries:7d}"
        )


def pages() -> list[str]:
    """The pages to measure: one real (not synthetic) indicator with the most observations."""
    indicator = (
        Indicator.objects.filter(releases__status="published", releases__is_synthetic=False)
        .order_by("-releases__row_count", "slug")
        .first()
    )
    if indicator is None:
        raise SystemExit("No published real indicator: load the demo data first (make demo).")
    return [
        "/",
        "/missions/opportunity/",
        "/indicators/",
        f"/indicators/{indicator.slug}/",
        "/characteristics/ethnicity/",
    ]


def measure_in_process(path: str) -> tuple[int, int, int]:
    """(raw bytes, gzip bytes, SQL queries) of one request, served in this process."""
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, SERVER_NAME="127.0.0.1")
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return len(response.content), len(gzip.compress(response.content, 6)), len(queries)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_env() -> dict[str, str]:
    """DEBUG off, as deployed: hashed static names from the manifest, compressed by whitenoise."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-deployment"),
        "SECURE_COOKIES": "false",
    }


def collect_static() -> None:
    """collectstatic with the production storage (its manifest is what pages link to)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=production_env(),
        check=True,
    )


def start_gunicorn(port: int) -> subprocess.Popen[bytes]:
    env = production_env()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start within 30 s")


def load(port: int, path: str, seconds: float) -> tuple[int, list[float]]:
    """Requests completed and their latencies, from THREADS keep-alive connections."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        mine: list[float] = []
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), latencies


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    paths = pages()
    sizes = {path: measure_in_process(path) for path in paths}
    collect_static()
    port = free_port()
    server = start_gunicorn(port)
    try:
        for path in paths:
            load(port, path, 1.0)  # warm both workers' connections and caches
        print(
            f"gunicorn {WORKERS} workers, {THREADS} client threads, {seconds:g} s per page\n"
            f"{'page':<45} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'raw kB':>9} {'gzip kB':>9} {'queries':>7}"
        )
        for path in paths:
            started = time.monotonic()
            count, latencies = load(port, path, seconds)
            raw, compressed, queries = sizes[path]
            result = Result(
                path, count, time.monotonic() - started, latencies, raw, compressed, queries
            )
            print(result.line(), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
