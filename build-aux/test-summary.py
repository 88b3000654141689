#!/usr/bin/python3
"""Reads meson's test log, prints the full output of every failed test, then the line
'N passed, N failed' (skipped tests are counted after it).  Exits 1 when anything failed."""

import json
import sys


def main(path):
    passed = failed = skipped = 0
    failures = []
    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            for line in log:
                line = line.strip()
                if not line:
                    continue
                entry = json.loads(line)
                result = entry.get("result", "")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                else:
                    failed += 1
                    failures.append(entry)
    except FileNotFoundError:
        print("no test log at %s: the suite did not run" % path)
        print("0 passed, 1 failed")
        return 1

    for entry in failures:
        print("=" * 78)
        print("FAILED: %s (%s)" % (entry.get("name"), entry.get("result")))
        print("command: %s" % " ".join(entry.get("command", [])))
        print("-" * 78)
        print(entry.get("stdout", ""))
        if entry.get("stderr"):
            print(entry.get("stderr"))
    if failures:
        print("=" * 78)

    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
