#!/usr/bin/python3
"""Peer for `npm run bench -- libvirt`: the same work through python3-libvirt (libvirt's C client).

Usage: /usr/bin/python3 libvirt_peer.py <uri> <reps> <warmup>
Prints one JSON object: per-repetition times in ms for
  getAllDomainStats -- conn.getAllDomainStats(0, 0) (all groups, all domains), and
  infoLoop          -- dom.info() for every domain, one call after another (the C API is blocking).
Run with /usr/bin/python3: the python3 on PATH may be a build without the libvirt module.
"""
import json
import sys
import time

import libvirt


def timed(fn, reps, warmup):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return times


def main():
    uri, reps, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    conn = libvirt.open(uri)
    try:
        domains = conn.listAllDomains(0)

        def all_stats():
            records = conn.getAllDomainStats(0, 0)
            if len(records) != len(domains):
                raise RuntimeError(f"expected {len(domains)} stats records, got {len(records)}")

        def info_loop():
            for dom in domains:
                dom.info()

        result = {
            "domains": len(domains),
            "libvirtVersion": libvirt.getVersion(),
            "getAllDomainStats": timed(all_stats, reps, warmup),
            "infoLoop": timed(info_loop, reps, warmup),
        }
    finally:
        conn.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
