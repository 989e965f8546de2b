#!/usr/bin/python3
"""Peer for `npm run bench -- inventory`: python3-libvirt listing the same hosts one after another.

Usage: /usr/bin/python3 inventory_peer.py <reps> <uri> [<uri> ...]
For each repetition and each host, in sequence: open, getInfo() (node facts), getAllDomainStats(STATE) (every
domain with its state) and dom.info() for every domain (vCPUs and memory, what an inventory records), close.
Prints one JSON object: {"domains": total domains seen, "listOnly": [ms...], "complete": [ms...], "open": [ms...],
"refresh": [ms...]} where listOnly stops after getAllDomainStats, complete includes the per-domain info() calls,
open is the time spent in libvirt.open() during the complete sweeps, and refresh is one getAllDomainStats(STATE) per
host on connections that are already open (a steady-state refresh), hosts one after another.
Run with /usr/bin/python3: the python3 on PATH may be a build without the libvirt module.
"""
import json
import sys
import time

import libvirt

STATS_STATE = 1


def sweep(uris, with_info, opening=None):
    total = 0
    for uri in uris:
        started = time.perf_counter()
        conn = libvirt.open(uri)
        if opening is not None:
            opening.append((time.perf_counter() - started) * 1000.0)
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
    opening = []
    complete, _ = timed(lambda: sweep(uris, True, opening), reps)
    conns = [libvirt.open(uri) for uri in uris]
    try:
        refresh, _ = timed(lambda: [conn.getAllDomainStats(STATS_STATE, 0) for conn in conns], reps)
    finally:
        for conn in conns:
            conn.close()
    per_rep = len(uris)
    open_times = [sum(opening[i:i + per_rep]) for i in range(0, len(opening), per_rep)]
    print(json.dumps({"domains": total, "listOnly": list_only, "complete": complete, "open": open_times, "refresh": refresh}))


if __name__ == "__main__":
    main()
