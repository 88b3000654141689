# SPDX-License-Identifier: GPL-3.0-or-later
"""rapportctl export-evidence end to end: a rapport-sandbox on loopback, a demo account synced
into a private cache, then the evidence of a dispute and of an order.  The transcript digest
is recomputed here from the JSON file, independently of the C code, following the format
rp-evidence.h documents."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

BUILD = os.environ.get("RAPPORT_BUILD_DIR", ".")
SANDBOX = os.path.join(BUILD, "src", "sandbox", "rapport-sandbox")
RAPPORTCTL = os.path.join(BUILD, "src", "cli", "rapportctl")
PDFTOTEXT = os.environ.get("PDFTOTEXT", "pdftotext")

failures = []


def check(condition, message):
    print(("ok - " if condition else "FAIL - ") + message)
    if not condition:
        failures.append(message)
    return condition


def canonical_digest(transcript):
    """SHA-256 over rapport-transcript-v1: see src/sync/rp-evidence.h."""
    def field(value):
        data = (value or "").encode("utf-8")
        return b" %d:" % len(data) + data

    out = b"rapport-transcript-v1\n"
    for m in transcript:
        out += m["server_time_utc"].encode("ascii")
        out += b" seller" if m["side"] == "seller" else b" buyer"
        out += field(m["channel_id"]) + field(m["message_id"])
        out += field(m["sender_login_id"]) + field(m["text"])
        out += b"\n"
    return hashlib.sha256(out).hexdigest()


def main():
    work = tempfile.mkdtemp(prefix="rp-cli-evidence-")
    db = os.path.join(work, "rapport.db")
    env = dict(os.environ)
    env["HOME"] = work
    env["XDG_DATA_HOME"] = os.path.join(work, "data")
    sandbox = subprocess.Popen([SANDBOX, "--listen", "127.0.0.1:0", "--orders", "80",
                                "--speed", "0", "--seed", "7"],
                               stdout=subprocess.PIPE, text=True)
    try:
        line = sandbox.stdout.readline().strip()
        url = line.rsplit(" ", 1)[-1]
        if not url.startswith("http://127.0.0.1:"):
            raise RuntimeError("rapport-sandbox did not start: %r" % line)

        def ctl(*args, ok=True):
            result = subprocess.run([RAPPORTCTL, "--db", db] + list(args), capture_output=True,
                                    text=True, env=env, timeout=600)
            if ok and result.returncode != 0:
                raise RuntimeError("rapportctl %s: %s" % (" ".join(args), result.stderr))
            return result

        ctl("account", "add", "--demo", "--marketplace", url)
        ctl("sync", "--full", "--quiet")

        disputes = json.loads(ctl("--json", "disputes").stdout)
        check(len(disputes) > 0, "the sandbox has disputes")
        issue = disputes[0]["issue_id"]

        out = os.path.join(work, "out", "by-dispute")
        result = ctl("--json", "export-evidence", "--dispute", issue, "--output", out)
        summary = json.loads(result.stdout)
        order_id = summary["order_id"]
        pdf = os.path.join(out, "evidence-%s.pdf" % order_id)
        js = os.path.join(out, "evidence-%s.json" % order_id)
        check(summary["pdf"] == pdf and summary["json"] == js, "--json names both files")
        check(os.path.isfile(pdf) and os.path.isfile(js), "both files are written")
        check(sorted(os.listdir(out)) == sorted([os.path.basename(pdf), os.path.basename(js)]),
              "nothing else is left in the folder")
        with open(pdf, "rb") as f:
            check(f.read(5) == b"%PDF-", "the PDF starts with %PDF-")

        with open(js, encoding="utf-8") as f:
            doc = json.load(f)
        check(doc["requested_issue_id"] == issue, "the JSON names the dispute asked for")
        check(any(d["issue_id"] == issue for d in doc["disputes"]), "the dispute's history is in")
        check(all(d["history"] for d in doc["disputes"]), "each dispute has its process steps")
        check(doc["order"]["order_id"] == order_id and doc["order"]["items"], "the order snapshot")
        check(len(doc["tracking"]) > 0 and len(doc["tracking"][0]["events"]) > 0,
              "the tracking timeline")
        check(summary["messages"] == len(doc["transcript"]) > 0, "the transcript is complete")
        for m in doc["transcript"]:
            if not (m["server_time_utc"].endswith("Z") and m["seller_local_time"]
                    and m["buyer_local_time"] and m["side"] in ("buyer", "seller")):
                check(False, "message %s has its three times and side" % m["message_id"])
                break
        else:
            check(True, "every message has its three times and side")

        # The transcript is every sent message of the order's conversation.
        listed = json.loads(ctl("--json", "messages", order_id).stdout)
        sent = [m for m in listed if m.get("message_id")]
        check(sorted(m["message_id"] for m in sent) ==
              sorted(m["message_id"] for m in doc["transcript"]),
              "the transcript holds the conversation's %d messages" % len(sent))
        check([m["text"] for m in doc["transcript"] if m["message_id"] == sent[0]["message_id"]]
              == [sent[0]["content"]], "a message's text is verbatim")

        digest = canonical_digest(doc["transcript"])
        check(doc["transcript_sha256"] == digest == summary["transcript_sha256"],
              "the digest matches an independent computation (%s)" % digest)

        text = subprocess.run([PDFTOTEXT, "-enc", "UTF-8", pdf, "-"], capture_output=True,
                              text=True, check=True).stdout
        pages = [p for p in text.split("\f") if p.strip()]
        check(len(pages) >= 1 and all(digest in p for p in pages),
              "the digest is on each of the PDF's %d pages" % len(pages))

        # By order id, in plain output, under another zone and locale: the same digest.
        out2 = os.path.join(work, "out", "by-order")
        env2 = dict(env, TZ="Asia/Kathmandu", LC_ALL="C")
        result = subprocess.run([RAPPORTCTL, "--db", db, "export-evidence", order_id, "--output",
                                 out2], capture_output=True, text=True, env=env2, timeout=600)
        check(result.returncode == 0, "export-evidence ORDER_ID succeeds")
        lines = result.stdout.splitlines()
        check(lines[:2] == [os.path.join(out2, "evidence-%s.pdf" % order_id),
                            os.path.join(out2, "evidence-%s.json" % order_id)],
              "plain output prints the two paths")
        check(len(lines) == 3 and digest in lines[2], "plain output prints the digest")
        with open(os.path.join(out2, "evidence-%s.json" % order_id), encoding="utf-8") as f:
            doc2 = json.load(f)
        check(doc2["seller_time_zone"] == "Asia/Kathmandu", "the seller's zone follows TZ")
        check(doc2["transcript"] == [dict(m, seller_local_time=m2["seller_local_time"])
                                     for m, m2 in zip(doc["transcript"], doc2["transcript"])],
              "the same transcript, only the seller's local times differ")

        # Errors: one clear line, non-zero status, nothing written.
        result = ctl("export-evidence", "8199999999999999", "--output", out2, ok=False)
        check(result.returncode != 0 and "8199999999999999" in result.stderr
              and len(result.stderr.strip().splitlines()) == 1, "an unknown order is an error")
        result = ctl("export-evidence", "--dispute", "6999999999999", ok=False)
        check(result.returncode != 0 and "6999999999999" in result.stderr,
              "an unknown dispute is an error")
        blocker = os.path.join(work, "a-file")
        with open(blocker, "w") as f:
            f.write("x")
        result = ctl("export-evidence", order_id, "--output", os.path.join(blocker, "sub"),
                     ok=False)
        check(result.returncode != 0 and "a-file" in result.stderr,
              "an output folder that cannot be made is an error")
        result = ctl("export-evidence", ok=False)
        check(result.returncode != 0 and "usage" in result.stderr, "no id: usage")
    finally:
        if sandbox.poll() is None:
            sandbox.send_signal(signal.SIGTERM)
            try:
                sandbox.wait(timeout=20)
            except subprocess.TimeoutExpired:
                sandbox.kill()
        shutil.rmtree(work, ignore_errors=True)

    print("%d checks failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
