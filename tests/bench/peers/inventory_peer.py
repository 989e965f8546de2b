#!/usr/bin/python3
"""Peer for `npm run bench -- inventory`: python3-libvirt listing the same hosts one after another.

Usage: /usr/bin/python3 inventory_peer.py <reps> <uri> [<uri> ...]
For each repetition and each host, in sequence: open, getInfo() (node facts), getAllDomainStats(STATE) (every
domain with its state) and dom.info() for every domain (vCPUs and memory, what an inventory records), close.
Prints one JSON object: {"domains": total domains seen, "listOnly": [ms...], "complete": [ms...]} where listOnly
stops after getAllDomainStats and complete includes the per-domain info() calls.
Run with /usr/bin/python3: the python3 on PATH may be a build without the libvirt module.
"""
import json
import sys
import time

import libvirt

STATS_STATE = 1


def sweep(uris, with_info):
    total = 0
    for uri in uris:
        conn = libvirt.open(uri)
        try:
            conn.getInfo()
            records = conn.getAllDomainStats(STATS_STATE, 0)
            total += len(records)
            if with_info:
                for dom, _stats in records:
                    dom.info()
        finally:
            conn.close()
    return total


def timed(fn, reps):
    times = []
    result = None
    for _ in range(reps):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return times, result


def main():
    reps = int(sys.argv[1])
    uris = sys.argv[2:]
    sweep(uris, False)  # warm-up: page cache, daemon threads
    list_only, total = timed(lambda: sweep(uris, False), reps)
    complete, _ = timed(lambda: sweep(uris, True), reps)
    print(json.dumps({"domains": total, "listOnly": list_only, "complete": complete}))


if __name__ == "__main__":
    main()
