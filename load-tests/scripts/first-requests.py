#!/usr/bin/env python3
"""The first N GitHub deliveries to a freshly started firewall, on C keep-alive connections (one thread each, a new
delivery id per request): prints the wall time in milliseconds from the first request sent to the last answer.
Used by `run.sh settings` for the start-up rows (JIT and tiering warm-up), where wrk cannot stop after N requests.
usage: first-requests.py URL BODY-FILE SIGNATURE ID-PREFIX [N=1000] [C=8]"""
import http.client
import sys
import threading
import time
import urllib.parse

url, body_file, signature, prefix = sys.argv[1:5]
total = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
connections = int(sys.argv[6]) if len(sys.argv) > 6 else 8
target = urllib.parse.urlsplit(url)
body = open(body_file, "rb").read()
counter = iter(range(total))
lock = threading.Lock()
failures = []


def worker(number):
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    while True:
        with lock:
            i = next(counter, None)
        if i is None:
            break
        connection.request("POST", target.path, body, {
            "Content-Type": "application/json",
            "X-GitHub-Event": "push",
            "X-Hub-Signature-256": signature,
            "X-GitHub-Delivery": f"{prefix}-{i}",
        })
        response = connection.getresponse()
        response.read()
        if response.status // 100 != 2:
            failures.append(response.status)
    connection.close()


started = time.monotonic()
threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = (time.monotonic() - started) * 1000
if failures:
    print(f"{len(failures)} answers were not 2xx", file=sys.stderr)
    sys.exit(1)
print(f"{elapsed:.0f}")
