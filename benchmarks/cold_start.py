"""Cold start: from launching `python server.py --port P` to the first answered question over HTTP.

    python benchmarks/cold_start.py            # 5 launches, prints the median
    python benchmarks/cold_start.py --quick    # 3 launches

The index is built beforehand (as after `python -m bot index`), so this is the time a
restarted server keeps parents waiting: interpreter start, imports, opening the
snapshot and the first search. The clock starts just before Popen and stops when a
POST to the chat webhook first comes back 200 (polled every 5 ms). For scale it also
times a bare `python -c pass` and `python -c "import server"`. Target: median <= 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import ROOT, build_index, free_port, print_machine, progress, server_env, table  # noqa: E402

TARGET_S = 1.0
QUESTION = "my son has been excluded from school, what can I do?"


def first_answer(env: dict, timeout: float = 30.0) -> tuple[float, float, str]:
    """Seconds to the first 200 from the webhook, seconds to the port accepting, and the answer's start."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    body = json.dumps({"sender": "cold-start", "message": QUESTION}).encode()
    log = open(Path(env["SEND_HELPER_DATA_DIR"]) / f"cold-{port}.log", "w")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "server.py", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    listening = None
    try:
        while time.perf_counter() - started < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}; see {log.name}")
            request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    if response.status == 200:
                        elapsed = time.perf_counter() - started
                        text = json.loads(response.read())[0]["text"]
                        return elapsed, listening or elapsed, text[:60]
            except urllib.error.HTTPError as exc:
                raise RuntimeError(f"webhook answered {exc.code}: {exc.read()[:200]!r}") from exc
            except OSError:
                pass
            time.sleep(0.005)
        raise RuntimeError(f"no answer in {timeout}s; see {log.name}")
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def timed(args: list[str], env: dict, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 launches instead of 5")
    parser.add_argument("--repeats", type=int)
    args = parser.parse_args()
    repeats = args.repeats or (3 if args.quick else 5)
    print_machine()
    print(f"load average at start {os.getloadavg()[0]:.2f}")
    data = Path(tempfile.mkdtemp(prefix="send-cold-start-"))
    try:
        progress("building the index first")
        build_index(data)
        env = server_env(data)
        runs = []
        for number in range(repeats):
            elapsed, _, answer = first_answer(env)
            runs.append(elapsed)
            progress(f"launch {number + 1}/{repeats}: first answer after {elapsed:.3f} s ({answer!r}...)")
        bare = timed([sys.executable, "-c", "pass"], env, 3)
        imports = timed([sys.executable, "-c", "import server"], env, 3)
        opened = timed([sys.executable, "-c", "from bot.web import create_app; create_app().extensions['send_helper'].snapshot()"],
                       env, 3)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    median = statistics.median(runs)
    print()
    print(table(["step (median of runs)", "seconds", "share of cold start"], [
        ["python -c pass (interpreter)", bare, f"{bare / median:.0%}"],
        ["python -c 'import server' (imports)", imports, f"{imports / median:.0%}"],
        ["create_app() + open the snapshot", opened, f"{opened / median:.0%}"],
        ["launch -> first answered question", median, "100%"],
    ]))
    print(f"\nruns: {', '.join(f'{r:.3f}' for r in runs)} s; median {median:.3f} s "
          f"(target <= {TARGET_S:.0f} s: {'MET' if median <= TARGET_S else 'MISSED'}, {median / TARGET_S:.0%} of it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
