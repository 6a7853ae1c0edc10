#!/usr/bin/env python3
"""How fast `kmmtop serve` is ready: spawn to "listening on", spawn to the first 200 answer, and the
process's peak and current resident memory then. Figures, not assertions.

    python3 benchmarks/serve-start.py [--bin PATH] [--runs 5] [-- serve flags...]

The default binary is the release build (`swift build -c release --product kmmtop`). The default flags
are the demo's size; `-- --agents 5000 --skills 1000` is the large account of EngineBenchmark.
"""
import argparse
import json
import os
import statistics
import subprocess
import time
import urllib.request


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def one(binary, flags):
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--no-auth", *flags],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        listening = time.perf_counter() - t0
        url = line.strip().removeprefix("listening on ")
        now = int(time.time() * 1000)
        body = json.dumps({"filters": {"time": {"from": now - 3_600_000, "to": now}}, "groupBy": "skillId",
                           "metricsToRetrieveByTime": ["closed_conversations"],
                           "metricsToRetrieveCurrentValue": ["online_agents"]}).encode()
        while True:
            try:
                req = urllib.request.Request(f"{url}/manager_workspace/api/account/90412345/metrics", data=body,
                                             headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=60) as r:
                    if r.status == 200:
                        r.read()
                        break
            except Exception:
                time.sleep(0.005)
        answered = time.perf_counter() - t0
        return listening, answered, status_kb(proc.pid, "VmHWM") / 1024, status_kb(proc.pid, "VmRSS") / 1024
    finally:
        proc.terminate()
        proc.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=".build/release/kmmtop")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("flags", nargs="*")
    args = parser.parse_args()
    results = [one(os.path.abspath(args.bin), args.flags) for _ in range(args.runs)]
    listen, answer, peak, rss = zip(*results)
    print(f"kmmtop serve {' '.join(args.flags) or '(demo size)'}: {args.runs} runs of {args.bin}")
    print(f"  spawn to 'listening on'   min {min(listen)*1000:8.1f} ms   median {statistics.median(listen)*1000:8.1f} ms")
    print(f"  spawn to first answer     min {min(answer)*1000:8.1f} ms   median {statistics.median(answer)*1000:8.1f} ms")
    print(f"  peak RSS {statistics.median(peak):.0f} MB, RSS at first answer {statistics.median(rss):.0f} MB (medians)")


if __name__ == "__main__":
    main()
