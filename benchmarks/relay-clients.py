#!/usr/bin/env python3
"""How many boards one `kmmtop relay` serves at a 10 s poll interval on this machine, and its memory.

Starts `kmmtop serve` limited as the API is (60 requests a minute, 2 at once) and a relay in front of it,
then runs N simulated boards against the relay for a while, N rising step by step. Each board polls
every --interval seconds on a keep-alive connection, at its own phase, with the requests a board makes
per poll (the metrics route by skill and by agent group, `all` and `groupBy`, the last hour). Prints, per
N: requests per second, latency p50 and p99, failures, the relay's CPU share and resident memory, and
the upstream requests per minute. A step holds when nothing failed and p99 stayed under --p99-limit.

The boards run in this script (asyncio, one process) on the same 2 cores as the relay, so the figures
are a floor of what a relay on its own machine does.

    swift build -c release --product kmmtop
    python3 benchmarks/relay-clients.py [--clients 100,1000,2000,4000,8000] [--duration 30] [--interval 10]
"""
import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time

ACCOUNT = "90412345"


def start(binary, arguments):
    process = subprocess.Popen([binary] + arguments, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
    if not match:
        process.kill()
        sys.exit(f"{arguments[0]} did not start: {line!r}")
    return process, int(match.group(1))


def proc_figures(pid):
    """(resident MB, peak resident MB, CPU seconds) of a process."""
    status = open(f"/proc/{pid}/status").read()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
    hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return rss, hwm, cpu


def bodies(now):
    window = {"from": now - 3_600_000, "to": now}
    metrics = ["online_agents", "back_soon_agents", "away_agents", "available_slots", "assigned_conversations",
               "human_agent_load"]
    by_time = ["avg_wait_time", "avg_time_to_response", "closed_conversations"]
    for group_by in ["skillId", "agentGroupId"]:
        yield json.dumps({"filters": {"time": window}, "groupBy": group_by, "responseSections": ["all", "groupBy"],
                          "metricsToRetrieveCurrentValue": metrics, "metricsToRetrieveByTime": by_time}).encode()


async def board(port, interval, phase, deadline, latencies, failures):
    await asyncio.sleep(phase)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    path = f"/manager_workspace/api/account/{ACCOUNT}/metrics?offset=0&limit=50&sort=key:asc"
    try:
        while time.monotonic() < deadline:
            started = time.monotonic()
            for body in bodies(int(time.time() * 1000)):
                t0 = time.monotonic()
                writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                             f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
                await reader.readexactly(length)
                latencies.append(time.monotonic() - t0)
                if status != 200:
                    failures.append(status)
            await asyncio.sleep(max(0, interval - (time.monotonic() - started)))
    except (OSError, asyncio.IncompleteReadError) as error:
        failures.append(str(error))
    finally:
        writer.close()


async def step(port, clients, interval, duration):
    latencies, failures = [], []
    deadline = time.monotonic() + duration
    await asyncio.gather(*(board(port, interval, interval * k / clients, deadline, latencies, failures)
                           for k in range(clients)))
    return latencies, failures


def upstream_requests(port):
    import urllib.request
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
    match = re.search(r"^kmmtop_relay_upstream_requests_total\{[^}]*\} (\d+)", text, re.M)
    return int(match.group(1)) if match else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/kmmtop")
    parser.add_argument("--clients", default="100,1000,2000,4000,8000")
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--interval", type=float, default=10)
    parser.add_argument("--p99-limit", type=float, default=1.0, help="seconds")
    options = parser.parse_args()
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    server, server_port = start(options.binary, ["serve", "--port", "0", "--requests-per-minute", "60", "--max-concurrent", "2"])
    relay, relay_port = start(options.binary, [
        "relay", "--port", "0", "--server", f"http://127.0.0.1:{server_port}", "--account", ACCOUNT, "--no-auth",
        "--max-age", f"{int(options.interval)}s",
        # All boards come in as one anonymous credential here: its per-credential limits are lifted, so
        # the step measures the relay's capacity, not the limit a board's own token would have.
        "--requests-per-minute", "100000000", "--max-concurrent", "1000000", "--max-connections", "100000"])
    try:
        rss0, _, _ = proc_figures(relay.pid)
        print(f"kmmtop relay in front of kmmtop serve (60 requests/min, 2 at once); boards poll every {options.interval:g} s, "
              f"2 requests a poll; {options.duration:g} s per step; relay at rest {rss0:.0f} MB")
        print(f"{'boards':>7} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>8} {'failed':>6} {'relay CPU':>9} {'RSS MB':>7} {'peak MB':>7} {'upstream/min':>12}  holds")
        best = 0
        for clients in [int(n) for n in options.clients.split(",")]:
            _, _, cpu0 = proc_figures(relay.pid)
            up0 = upstream_requests(relay_port)
            t0 = time.monotonic()
            latencies, failures = asyncio.run(step(relay_port, clients, options.interval, options.duration))
            elapsed = time.monotonic() - t0
            rss, hwm, cpu1 = proc_figures(relay.pid)
            up = (upstream_requests(relay_port) - up0) * 60 / elapsed
            lat = sorted(latencies)
            p50 = statistics.median(lat) * 1000 if lat else float("nan")
            p99 = lat[int(len(lat) * 0.99) - 1] * 1000 if lat else float("nan")
            holds = not failures and lat and p99 / 1000 <= options.p99_limit
            if holds:
                best = clients
            if failures:
                from collections import Counter
                print("        failures:", dict(Counter(str(f)[:60] for f in failures).most_common(3)))
            print(f"{clients:>7} {len(lat) / elapsed:>7.1f} {p50:>7.1f} {p99:>8.1f} {len(failures):>6} "
                  f"{(cpu1 - cpu0) / elapsed * 100:>8.0f}% {rss:>7.0f} {hwm:>7.0f} {up:>12.1f}  {'yes' if holds else 'no'}")
        print(f"one relay served {best} boards at a {options.interval:g} s interval with no failure and p99 under "
              f"{options.p99_limit:g} s (boards and relay sharing this machine's cores)")
    finally:
        for process in (relay, server):
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main()
