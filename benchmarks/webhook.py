"""Chat webhook throughput and latency under gunicorn, against a Flask hello-world floor.

    python benchmarks/webhook.py            # 1, 8 and 64 clients, 5 s per cell (about 1 minute)
    python benchmarks/webhook.py --quick    # 1 and 8 clients, 2 s per cell
    python benchmarks/webhook.py --client python   # force the built-in client even if wrk is installed
    python benchmarks/webhook.py --shipped  # both apps under gunicorn.conf.py (gthread), as deployed
    python benchmarks/webhook.py --set reply_memo=0   # every message decided afresh, as if never seen

Both apps run the same way: ``python -m gunicorn -w 2 -b 127.0.0.1:PORT APP`` with
SEND_HELPER_RATE_LIMIT="" and temporary SEND_HELPER_DATA_DIR / SEND_HELPER_INDEX_DIR
(the index is built first, as ``python -m bot index`` would). Each request POSTs one
message from tests/data/dev_questions.yml (small talk, parents, typos, long worried
messages, crises, out-of-scope...) in turn, from a different sender each time.

The load comes from wrk (``apt-get install wrk``) with a Lua script when it is on PATH,
else from a bounded Python client (threads, keep-alive http.client). Each cell runs for a
fixed time after a warm-up. Target: chat >= 50% of the floor's req/s (issue 13).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import (ROOT, Server, build_index, dev_questions, free_port, percentile,  # noqa: E402
                     print_machine, progress, server_env, table)

PATH = "/webhooks/rest/webhook"
TARGET = 0.50  # issue 13: chat at half the floor's req/s


def bodies(count: int = 1000) -> list[bytes]:
    questions = dev_questions()
    return [json.dumps({"sender": f"bench-{i}", "message": questions[i % len(questions)]}).encode()
            for i in range(count)]


# ------------------------------------------------------------------ load generators

WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local bodies = {%s}
local counter = 0
function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
end
function request()
  offset = offset + 1
  return wrk.format(nil, nil, nil, bodies[(offset %% #bodies) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"errors": %%d, "non2xx": %%d}\\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def run_wrk(url: str, clients: int, seconds: float, script: Path) -> dict:
    threads = min(clients, 2)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
                          "-s", str(script), url + PATH], capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("WRKJSON "))
    data = json.loads(line[len("WRKJSON "):])
    return {"rps": data["requests"] / (data["duration_us"] / 1e6), "p50": data["p50_us"] / 1000,
            "p99": data["p99_us"] / 1000, "requests": data["requests"], "errors": data["errors"] + data["non2xx"]}


def run_python(url: str, clients: int, seconds: float, payloads: list[bytes]) -> dict:
    """Bounded: ``clients`` threads, each sending one request at a time until the time is up."""
    host, port = url.removeprefix("http://").split(":")
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        i = n * 7919
        start.wait()
        while time.perf_counter() < stop_at[0]:
            i += 1
            body = payloads[i % len(payloads)]
            t = time.perf_counter()
            try:
                conn.request("POST", PATH, body, {"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[n] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()  # gunicorn's sync workers close after each response
            except (OSError, http.client.HTTPException):
                errors[n] += 1
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
                continue
            latencies[n].append(time.perf_counter() - t)
        conn.close()

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for t in threads:
        t.join(seconds + 15)
    elapsed = time.perf_counter() - began
    flat = [x * 1000 for lat in latencies for x in lat]
    return {"rps": len(flat) / elapsed, "p50": percentile(flat, 50), "p99": percentile(flat, 99),
            "requests": len(flat), "errors": sum(errors)}


# ------------------------------------------------------------------ main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 and 8 clients, 2 s per cell")
    parser.add_argument("--clients", type=int, nargs="+")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shipped", action="store_true",
                        help="serve both apps with the shipped gunicorn.conf.py (gthread) instead of sync workers")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting for the chat server, e.g. reply_memo=0 (SEND_HELPER_REPLY_MEMO)")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    clients = args.clients or ([1, 8] if args.quick else [1, 8, 64])
    seconds = args.seconds or (2.0 if args.quick else 5.0)
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    print_machine()
    served = "gunicorn.conf.py, gthread" if args.shipped else "sync workers"
    print(f"gunicorn -w {args.workers} ({served}); load from {'wrk' if use_wrk else 'Python threads'}; "
          f"{seconds:g} s per cell; chat settings {args.set or 'as shipped'}; "
          f"load average at start {os.getloadavg()[0]:.2f}")

    payloads = bodies()
    data = Path(tempfile.mkdtemp(prefix="send-webhook-bench-"))
    script = data / "post.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f"[==[{b.decode()}]==]" for b in payloads))
    progress("building the index")
    build_index(data)
    env = server_env(data)
    apps = {"floor (Flask hello)": (["--chdir", str(HERE), "floor_app:create_app()"], env),
            "chat webhook": (["server:create_app()"],
                             server_env(data, **dict(setting.split("=", 1) for setting in args.set)))}
    results: dict[str, dict[int, dict]] = {}
    try:
        for name, (app_args, app_env) in apps.items():
            port = free_port()
            progress(f"starting {name} on port {port}")
            cmd = [sys.executable, "-m", "gunicorn", *(["-c", str(ROOT / "gunicorn.conf.py")] if args.shipped else []),
                   "-w", str(args.workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", *app_args]
            with Server(cmd, app_env, port) as server:
                warm = run_wrk if use_wrk else None
                progress(f"{name}: warming up")
                if use_wrk:
                    warm(server.url, 2, 2, script)
                else:
                    run_python(server.url, 2, 1.5, payloads)
                results[name] = {}
                for n in clients:
                    progress(f"{name}: {n} client(s) for {seconds:g} s")
                    results[name][n] = (run_wrk(server.url, n, seconds, script) if use_wrk
                                        else run_python(server.url, n, seconds, payloads))
    finally:
        shutil.rmtree(data, ignore_errors=True)

    floor, chat = results["floor (Flask hello)"], results["chat webhook"]
    rows = []
    for n in clients:
        f, c = floor[n], chat[n]
        rows.append([n, f["rps"], c["rps"], f"{c['rps'] / f['rps']:.1%}", f["p50"], c["p50"], f["p99"], c["p99"],
                     c["p99"] / f["p99"], f"{f['errors']}/{c['errors']}",
                     "MET" if c["rps"] / f["rps"] >= TARGET else "MISSED"])
    print(f"\nload average at end {os.getloadavg()[0]:.2f}\n")
    print(table(["clients", "floor req/s", "chat req/s", "chat/floor", "floor p50 ms", "chat p50 ms",
                 "floor p99 ms", "chat p99 ms", "p99 ratio", "errors f/c", f"target >= {TARGET:.0%}"], rows))
    per_request = [1000 * args.workers / chat[n]["rps"] for n in clients if n >= args.workers]
    if per_request:
        print(f"\nChat costs about {min(per_request):.1f} ms of worker time per message at saturation "
              f"(floor: {1000 * args.workers / max(floor[n]['rps'] for n in clients):.2f} ms).")
    if args.json:
        Path(args.json).write_text(json.dumps({"floor": floor, "chat": chat}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
