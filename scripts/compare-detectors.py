#!/usr/bin/env python3
"""Compares secondlook's secret and PII detectors with open-source scanners on the labelled set, side by side.

    mvn -B install -DskipTests            # once: builds tools/cli/target/secondlook-cli.jar (this script builds nothing)
    scripts/compare-detectors.py           # about 5-8 minutes on 2 cores; prints a markdown report

It installs the peers into a throwaway directory (deleted afterwards unless --keep): detect-secrets and
presidio-analyzer from PyPI into a venv there, gitleaks from the Go module proxy (`go install`, binary into
that directory; Go's module cache is used as usual). A peer that cannot be installed is reported as such and the
others still run. Then, on benchmarks/detectors (records.jsonl + labels.jsonl, made by make-detector-set.py):

  secondlook      `java -XX:TieredStopAtLevel=1 -jar secondlook-cli.jar rules check --input records.jsonl` (as
                  ./secondlook runs it; the default policy), its
                  categories taken as they are (only secret-leak and pii-exposure are scored)
  gitleaks        `gitleaks dir` over one file per record (each record's output text), default config;
                  any finding = secret-leak
  detect-secrets  its Python API (SecretsCollection.scan_files, default plugins and filters) over the same files;
                  any finding = secret-leak
  Presidio        pattern recognizers only, no NLP model: EmailRecognizer, PhoneRecognizer, CreditCardRecognizer,
                  IbanRecognizer, UsSsnRecognizer, each called as analyze(text, entities, nlp_artifacts=None) on each
                  record's output; any result with score > 0 (AnalyzerEngine's default threshold) = pii-exposure

and then the throughput run: --throughput-records (50,000) fresh records drawn from the same kinds
(make-detector-set.py --records N), timed for each tool on the same records.
Only the `output` field is scanned by every tool (secondlook's default policy reads output for these categories).
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime, timezone

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
CATEGORIES = ["secret-leak", "pii-exposure"]
PRESIDIO_ENTITIES = {"EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "US_SSN"}
TOOLS = ["secondlook", "gitleaks", "detect-secrets", "presidio"]
TOOL_NAMES = {"secondlook": "secondlook", "gitleaks": "gitleaks", "detect-secrets": "detect-secrets",
              "presidio": "Presidio (patterns)"}
SCOPE = {"secondlook": set(CATEGORIES), "gitleaks": {"secret-leak"}, "detect-secrets": {"secret-leak"},
         "presidio": {"pii-exposure"}}
GOALS = {"secret-leak": (0.97, 0.92), "pii-exposure": (0.92, 0.93)}  # (precision, recall)


def log(msg):
    print("[compare-detectors] " + msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ workers (run inside the peers' venv)

def worker_detect_secrets(files_dir, out):
    from detect_secrets import SecretsCollection
    from detect_secrets.settings import default_settings
    names = sorted(os.listdir(files_dir))
    paths = [os.path.join(files_dir, n) for n in names]
    with default_settings():
        secrets = SecretsCollection()
        start = time.perf_counter()
        secrets.scan_files(*paths)
        seconds = time.perf_counter() - start
    found = defaultdict(set)
    for filename, secret in secrets:
        found[os.path.basename(filename)[:-4]].add(secret.type)
    json.dump({"seconds": seconds, "found": {k: sorted(v) for k, v in found.items()},
               "processes": os.cpu_count()}, open(out, "w"))


def worker_presidio(records_file, out):
    import tldextract
    # EmailRecognizer validates domains with tldextract, which would fetch the public suffix list over the
    # network on first use: use the snapshot the package ships instead
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    from presidio_analyzer.predefined_recognizers import (CreditCardRecognizer, EmailRecognizer, IbanRecognizer,
                                                          PhoneRecognizer, UsSsnRecognizer)
    recognizers = [EmailRecognizer(), PhoneRecognizer(), CreditCardRecognizer(), IbanRecognizer(), UsSsnRecognizer()]
    records = []
    with open(records_file, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            records.append((r["id"], r.get("output") or ""))
    found = {}
    start = time.perf_counter()
    for rid, text in records:
        hits = set()
        for rec in recognizers:
            for res in rec.analyze(text, rec.supported_entities, None):
                if res.score > 0:
                    hits.add(res.entity_type)
        if hits:
            found[rid] = sorted(hits)
    seconds = time.perf_counter() - start
    json.dump({"seconds": seconds, "found": found}, open(out, "w"))


# ------------------------------------------------------------------ installing the peers

class Peers:
    def __init__(self, base, args):
        self.base, self.args = base, args
        self.venv_python = os.path.join(base, "venv", "bin", "python")
        self.gitleaks = os.path.join(base, "bin", "gitleaks")
        self.status = {}  # tool -> (ok, text)

    def _run(self, cmd, env=None, timeout=900):
        p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
        return p.returncode, p.stdout

    def _install_python(self):
        try:
            if not os.path.exists(self.venv_python):
                code, out = self._run([sys.executable, "-m", "venv", os.path.join(self.base, "venv")])
                if code:
                    raise RuntimeError("python3 -m venv failed: " + out.strip()[-300:])
            for tool, spec in [("detect-secrets", "detect-secrets==" + self.args.detect_secrets_version),
                               ("presidio", "presidio-analyzer==" + self.args.presidio_version)]:
                start = time.time()
                code, out = self._run([self.venv_python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                                       spec])
                self.status[tool] = (code == 0, "%s (pip, %.0f s)" % (spec, time.time() - start) if code == 0 else
                                     "pip install %s failed: %s" % (spec, out.strip()[-400:]))
        except Exception as e:  # noqa: BLE001 - any failure only takes these peers out
            for tool in ("detect-secrets", "presidio"):
                self.status.setdefault(tool, (False, "not installed: %s" % e))

    def _install_gitleaks(self):
        spec = "github.com/zricethezav/gitleaks/v8@" + self.args.gitleaks_version
        if os.path.exists(self.gitleaks):
            self.status["gitleaks"] = (True, spec + " (already in --peers-dir)")
            return
        if not shutil.which("go"):
            self.status["gitleaks"] = (False, "not installed: no `go` on the PATH")
            return
        env = dict(os.environ, GOBIN=os.path.join(self.base, "bin"), GOFLAGS="-modcacherw")
        start = time.time()
        try:
            code, out = self._run(["go", "install", spec], env=env)
        except Exception as e:  # noqa: BLE001
            code, out = 1, str(e)
        self.status["gitleaks"] = (code == 0 and os.path.exists(self.gitleaks),
                                   "%s (go install, %.0f s)" % (spec, time.time() - start) if code == 0 else
                                   "go install %s failed: %s" % (spec, out.strip()[-400:]))

    def install(self):
        threads = [threading.Thread(target=self._install_python), threading.Thread(target=self._install_gitleaks)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for tool in ("gitleaks", "detect-secrets", "presidio"):
            ok, text = self.status.get(tool, (False, "not installed"))
            log("%s: %s" % (tool, text if ok else "SKIPPED - " + text))

    def ok(self, tool):
        return self.status.get(tool, (False, ""))[0]


# ------------------------------------------------------------------ running the tools

def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_files(records, files_dir):
    os.makedirs(files_dir, exist_ok=True)
    for r in records:
        with open(os.path.join(files_dir, r["id"] + ".txt"), "w", encoding="utf-8") as f:
            f.write(r.get("output") or "")
            f.write("\n")


def run_secondlook(jar, records_file, out_file):
    """The whole command, JVM start included. Returns (seconds, {id: set(categories)})."""
    start = time.perf_counter()
    with open(out_file, "w") as out:
        # the JVM flags ./secondlook runs the CLI with (the client compiler only, as in Lambda)
        p = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-jar", jar, "rules", "check", "--input",
                            records_file], stdout=out,
                           stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if p.returncode:
        raise RuntimeError("secondlook rules check exited %d: %s" % (p.returncode, p.stderr[-500:]))
    found, rejected = {}, 0
    with open(out_file) as f:
        for line in f:
            o = json.loads(line)
            if o.get("recordId") is None:
                rejected += 1
                continue
            found[o["recordId"]] = sorted(set(o["categories"]) & set(CATEGORIES)) + \
                sorted("rule:" + r for r in o["rules"])
    if rejected:
        log("secondlook: %d records not judged (skipped/rejected)" % rejected)
    return seconds, found


def run_gitleaks(binary, files_dir, report, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITLEAKS_")}
    start = time.perf_counter()
    p = subprocess.run([binary, "dir", files_dir, "--report-format", "json", "--report-path", report, "--no-banner",
                        "--exit-code", "0", "--log-level", "error"], cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if p.returncode:
        raise RuntimeError("gitleaks exited %d: %s" % (p.returncode, p.stderr[-500:]))
    found = defaultdict(set)
    for finding in json.load(open(report)):
        found[os.path.basename(finding["File"])[:-4]].add(finding["RuleID"])
    return seconds, {k: sorted(v) for k, v in found.items()}


def run_worker(peers, kind, arg, out):
    p = subprocess.run([peers.venv_python, os.path.abspath(__file__), "--worker", kind, arg, out],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode:
        raise RuntimeError("%s worker exited %d: %s" % (kind, p.returncode, p.stderr[-800:]))
    result = json.load(open(out))
    return result["seconds"], result["found"]


def to_categories(tool, raw):
    """Maps a tool's raw findings for one record to the scored categories."""
    if tool == "secondlook":
        return {c for c in raw if c in CATEGORIES}
    if tool in ("gitleaks", "detect-secrets"):
        return {"secret-leak"} if raw else set()
    return {"pii-exposure"} if set(raw) & PRESIDIO_ENTITIES else set()


# ------------------------------------------------------------------ scoring

def pct(a, b):
    return "–" if b == 0 else "%.1f %%" % (100.0 * a / b)


def score(labels, flagged):
    """flagged: {id: set(categories)} for one tool. Returns per-category counts and per-subtype counts."""
    cat = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    sub = defaultdict(lambda: {"n": 0, "hit": 0, "fa": 0})
    for lab in labels:
        got, want = flagged.get(lab["id"], set()), set(lab["categories"])
        for c in CATEGORIES:
            if c in want and c in got:
                cat[c]["tp"] += 1
            elif c in want:
                cat[c]["fn"] += 1
            elif c in got:
                cat[c]["fp"] += 1
        s = sub[lab["subtype"]]
        s["n"] += 1
        if want and want <= got:
            s["hit"] += 1
        if got - want:
            s["fa"] += 1
    return cat, sub


def precision_recall(c):
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
    return p, r


def fmt_ratio(x):
    return "–" if x is None else "%.1f %%" % (100 * x)


def report(args, labels, results, peers, throughput, jvm_start, started, finished):
    """results: {tool: (seconds, {id: set(categories)}) or None}. Returns markdown."""
    out = []
    w = out.append
    by_id = {lab["id"]: lab for lab in labels}
    n = len(labels)
    scored = {t: score(labels, results[t][1]) for t in TOOLS if results.get(t)}
    subtypes = []
    for lab in labels:
        if lab["subtype"] not in subtypes:
            subtypes.append(lab["subtype"])
    order = ["secret", "pii", "evasion", "nearmiss", "example", "plain"]
    subtypes.sort(key=lambda s: (order.index(s.split("/")[0]), s))
    expected_of = {}
    for lab in labels:
        expected_of.setdefault(lab["subtype"], set()).update(lab["categories"])
    groups = defaultdict(int)
    for lab in labels:
        groups[lab["subtype"].split("/")[0]] += 1

    w("Run: %s, %s (%.1f min), commit %s%s." % (
        started.strftime("%Y-%m-%d %H:%M UTC"), "generated by `scripts/compare-detectors.py`",
        (finished - started).total_seconds() / 60, git_head(), " (uncommitted changes)" if git_dirty() else ""))
    w("Machine: %d cores (%s), %s GiB RAM, %s, Python %s; load average %s at the start." % (
        os.cpu_count(), cpu_model(), mem_gib(), java_version(), platform.python_version(), args.load))
    w("Set: `benchmarks/detectors` (seed %s), %d records: %s." % (
        args.seed_note, n, ", ".join("%s %d" % (g, groups[g]) for g in order if groups[g])))
    w("Peers: " + "; ".join("%s %s" % (TOOL_NAMES[t], peers.status[t][1] if peers.ok(t) else
                                       "**not run** (" + peers.status.get(t, (False, "not installed"))[1] + ")")
                           for t in TOOLS[1:]) + ".")
    w("")
    w("### Per category (labelled set)")
    w("")
    w("A record counts for a category when the tool reports that category for it; each peer is scored only on the "
      "category it covers (gitleaks and detect-secrets: any finding is secret-leak; Presidio: %s is pii-exposure). "
      "Evasions: evasion records of the tool's category that it caught. False alarms: records of that group the "
      "tool flagged with any category." % ", ".join(sorted(PRESIDIO_ENTITIES)))
    w("")
    w("| tool | secret-leak precision | secret-leak recall | pii-exposure precision | pii-exposure recall | "
      "evasions caught | false alarms: examples and placeholders | false alarms: near misses | false alarms: plain | "
      "records/s on this set |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for t in TOOLS:
        if t not in scored:
            w("| %s | not run | | | | | | | | |" % TOOL_NAMES[t])
            continue
        cat, sub = scored[t]
        cells = []
        for c in CATEGORIES:
            if c in SCOPE[t]:
                p, r = precision_recall(cat[c])
                cells += ["%s (%d TP, %d FP)" % (fmt_ratio(p), cat[c]["tp"], cat[c]["fp"]),
                          "%s (%d FN)" % (fmt_ratio(r), cat[c]["fn"])]
            else:
                cells += ["–", "–"]
        ev_n = ev_hit = 0
        fa = defaultdict(lambda: [0, 0])
        for lab in labels:
            g = lab["subtype"].split("/")[0]
            got = results[t][1].get(lab["id"], set())
            if g == "evasion" and set(lab["categories"]) <= SCOPE[t]:
                ev_n += 1
                ev_hit += set(lab["categories"]) <= got
            if g in ("example", "nearmiss", "plain"):
                fa[g][1] += 1
                fa[g][0] += bool(got)
        cells.append("%d/%d (%s)" % (ev_hit, ev_n, pct(ev_hit, ev_n)))
        cells += ["%d/%d" % tuple(fa[g]) for g in ("example", "nearmiss", "plain")]
        cells.append("%.0f" % (n / results[t][0]))
        w("| %s | %s |" % (TOOL_NAMES[t], " | ".join(cells)))
    w("")
    w("records/s on this set: secondlook = the whole `rules check` command, JVM start included (%.2f s of it is "
      "start-up: the same command on a 1-record log); gitleaks = the whole `gitleaks dir` process; detect-secrets = "
      "`scan_files` in-process (%s worker processes, import and file writing excluded); Presidio = the five "
      "recognizers' analyze() calls, one process (import and recognizer construction excluded)."
      % (jvm_start, os.cpu_count()))
    w("")
    w("### Per sub-type (labelled set)")
    w("")
    w("Positives: records caught (the expected category reported) / records. \"–\": outside the tool's scope.")
    w("")
    w("| sub-type | expected | %s |" % " | ".join(TOOL_NAMES[t] for t in TOOLS))
    w("|---|---|" + "---|" * len(TOOLS))
    for s in subtypes:
        exp = expected_of[s]
        if not exp:
            continue
        cells = []
        for t in TOOLS:
            if t not in scored:
                cells.append("not run")
                continue
            hit = sum(1 for lab in labels if lab["subtype"] == s and set(lab["categories"]) <= SCOPE[t]
                      and set(lab["categories"]) <= results[t][1].get(lab["id"], set()))
            n_in = sum(1 for lab in labels if lab["subtype"] == s and set(lab["categories"]) <= SCOPE[t])
            cells.append("–" if n_in == 0 else ("%d/%d" % (hit, n_in) + (" **" if hit < n_in * 0.8 else "")))
        w("| %s | %s | %s |" % (s, " or ".join(sorted(exp, reverse=True)), " | ".join(cells)))
    w("")
    w("Negatives (expected: none): records flagged / records (any category the tool reports).")
    w("")
    w("| sub-type | %s |" % " | ".join(TOOL_NAMES[t] for t in TOOLS))
    w("|---|" + "---|" * len(TOOLS))
    for s in subtypes:
        if expected_of[s]:
            continue
        cells = []
        for t in TOOLS:
            if t not in scored:
                cells.append("not run")
                continue
            sub = scored[t][1][s]
            cells.append("%d/%d" % (sub["fa"], sub["n"]) + (" **" if sub["fa"] else ""))
        w("| %s | %s |" % (s, " | ".join(cells)))
    w("")
    w("`**` marks a positive sub-type below 80 % caught, or a negative one with any false alarm.")
    w("")
    if "secondlook" in results:
        w("### Where secondlook goes wrong, by variant (labelled set)")
        w("")
        w("The variant is the template or format a record was made with (labels.jsonl); missed = a positive without "
          "its category, flagged = a negative with any category.")
        w("")
        w("| sub-type | variants (missed or flagged / records) |")
        w("|---|---|")
        by_sub = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        for lab in labels:
            got = results["secondlook"][1].get(lab["id"], set())
            wrong = not set(lab["categories"]) <= got if lab["categories"] else bool(got)
            cell = by_sub[lab["subtype"]][lab["variant"]]
            cell[0] += wrong
            cell[1] += 1
        for s in subtypes:
            variants = by_sub[s]
            if not any(v[0] for v in variants.values()):
                continue
            w("| %s | %s |" % (s, ", ".join("%s %d/%d" % (k, v[0], v[1]) for k, v in sorted(variants.items()))))
        w("")
    if throughput:
        w("### Throughput: %d records" % throughput["records"])
        w("")
        w("`make-detector-set.py --records %d --seed %d`: the same kinds as the labelled set, fresh values "
          "(%.1f MB of JSONL; the peers read the same outputs, one file per record). Each tool runs once; secondlook and the "
          "fastest peer then run twice more, taking turns, and their best time counts. CPU: user + system seconds of the "
          "tool's process and its children in that run (the Python peers' include their imports)." % (
              throughput["records"], throughput["seed"], throughput["bytes"] / 1e6))
        w("")
        w("| tool | what is timed | runs | seconds (best) | CPU seconds | records/s |")
        w("|---|---|---|---|---|---|")
        for t in TOOLS:
            r = throughput["tools"].get(t)
            if r is None:
                w("| %s | not run | | | | |" % TOOL_NAMES[t])
                continue
            w("| %s | %s | %d | %.1f | %.1f | %.0f |" % (TOOL_NAMES[t], r["what"], r["runs"], r["seconds"], r["cpu"],
                                                        throughput["records"] / r["seconds"]))
        peers_rs = [throughput["records"] / r["seconds"] for t, r in throughput["tools"].items() if t != "secondlook"]
        if "secondlook" in throughput["tools"] and peers_rs:
            sl = throughput["records"] / throughput["tools"]["secondlook"]["seconds"]
            w("")
            w("secondlook / fastest peer: **%.2fx** (%.0f vs %.0f records/s)." % (sl / max(peers_rs), sl, max(peers_rs)))
        w("")
    # goals
    if "secondlook" in scored:
        cat, _ = scored["secondlook"]
        w("### secondlook against the goals")
        w("")
        w("| goal | measured | status |")
        w("|---|---|---|")
        for c in CATEGORIES:
            p, r = precision_recall(cat[c])
            gp, gr = GOALS[c]
            w("| %s recall >= %d %% at precision >= %d %% | recall %s, precision %s | %s |" % (
                c, gr * 100, gp * 100, fmt_ratio(r), fmt_ratio(p),
                "met" if (p or 0) >= gp and (r or 0) >= gr else "**not met**"))
        ev = [lab for lab in labels if lab["subtype"].startswith("evasion/")]
        ev_hit = sum(1 for lab in ev if set(lab["categories"]) <= results["secondlook"][1].get(lab["id"], set()))
        w("| evasions >= 80 %% caught | %d/%d (%s) | %s |" % (ev_hit, len(ev), pct(ev_hit, len(ev)),
                                                          "met" if ev_hit >= 0.8 * len(ev) else "**not met**"))
        ex = [lab for lab in labels if lab["subtype"].startswith("example/")]
        ex_fa = [lab for lab in ex if results["secondlook"][1].get(lab["id"])]
        kinds = sorted({lab["subtype"] for lab in ex_fa})
        w("| no false alarm on documented example values and placeholders | %d/%d flagged%s | %s |" % (
            len(ex_fa), len(ex), (" (" + ", ".join(kinds) + ")") if kinds else "",
            "met" if not ex_fa else "**not met**"))
        if throughput and "secondlook" in throughput["tools"] and len(throughput["tools"]) > 1:
            sl = throughput["records"] / throughput["tools"]["secondlook"]["seconds"]
            best_t = max((t for t in throughput["tools"] if t != "secondlook"),
                         key=lambda t: throughput["records"] / throughput["tools"][t]["seconds"])
            best = throughput["records"] / throughput["tools"][best_t]["seconds"]
            w("| `rules check` on %d records >= 2x the fastest peer | %.0f vs %.0f records/s (%s): %.2fx | %s |" % (
                throughput["records"], sl, best, TOOL_NAMES[best_t], sl / best, "met" if sl >= 2 * best else "**not met**"))
        w("")
    return "\n".join(out) + "\n"


def git_head():
    try:
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE, text=True,
                              stderr=subprocess.DEVNULL).stdout.strip() or "?"
    except OSError:
        return "?"


def git_dirty():
    try:
        return bool(subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                                   stdout=subprocess.PIPE, text=True, stderr=subprocess.DEVNULL).stdout.strip())
    except OSError:
        return False


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def mem_gib():
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                return "%.0f" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    return "?"


def java_version():
    try:
        p = subprocess.run(["java", "-version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return p.stdout.splitlines()[0].strip()
    except (OSError, IndexError):
        return "java ?"


# ------------------------------------------------------------------ main

def cpu_of_children():
    import resource
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_all(records_file, records, files_dir, work, tag, jar, peers, repeat=False):
    """Runs every available tool on one set. Returns {tool: (seconds, {id: raw findings}, runs, cpu seconds)}.

    Every tool runs once; with repeat, secondlook and the fastest peer - whose times decide the throughput goal -
    run twice more, in turns (A B A B), and each keeps its best time, so both see the same load on a shared machine
    and are less at its mercy. cpu seconds: user + system time of the tool's process and its children in its best
    run."""
    runners = [("secondlook", lambda: run_secondlook(jar, records_file, os.path.join(work, tag + "-secondlook.jsonl")))]
    if peers.ok("gitleaks"):
        runners.append(("gitleaks", lambda: run_gitleaks(peers.gitleaks, files_dir,
                                                         os.path.join(work, tag + "-gitleaks.json"), work)))
    if peers.ok("detect-secrets"):
        runners.append(("detect-secrets", lambda: run_worker(peers, "detect-secrets", files_dir,
                                                             os.path.join(work, tag + "-detect-secrets.json"))))
    if peers.ok("presidio"):
        runners.append(("presidio", lambda: run_worker(peers, "presidio", records_file,
                                                       os.path.join(work, tag + "-presidio.json"))))
    runs = {}

    def once(tool, run):
        cpu0 = cpu_of_children()
        seconds, found = run()
        runs.setdefault(tool, []).append((seconds, found, cpu_of_children() - cpu0))

    for tool, run in runners:
        log("%s: %s on %d records" % (tag, TOOL_NAMES[tool], len(records)))
        try:
            once(tool, run)
        except Exception as e:  # noqa: BLE001 - a peer that fails is reported and the others still run
            if tool == "secondlook":
                raise
            log("%s failed: %s" % (tool, e))
    peers_done = [t for t, _ in runners if t in runs and t != "secondlook"]
    fastest = min(peers_done, key=lambda t: runs[t][0][0]) if peers_done else None
    again = [(t, r) for t, r in runners if t in ("secondlook", fastest)]
    for _ in range(2 if repeat else 0):
        for tool, run in again:
            once(tool, run)
    results = {}
    for tool, done in runs.items():
        best = min(done, key=lambda x: x[0])
        results[tool] = (best[0], best[1], len(done), best[2])
        log("%s: %s %s s" % (tag, tool, ", ".join("%.2f" % d[0] for d in done)))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--jar", default=os.path.join(ROOT, "tools", "cli", "target", "secondlook-cli.jar"))
    ap.add_argument("--set", default=os.path.join(ROOT, "benchmarks", "detectors"),
                    help="directory with records.jsonl and labels.jsonl")
    ap.add_argument("--throughput-records", type=int, default=50000, help="0 skips the throughput run")
    ap.add_argument("--throughput-seed", type=int, default=7)
    ap.add_argument("--peers-dir", help="install the peers here (or reuse what is there) instead of a temp dir")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (peers, per-tool outputs)")
    ap.add_argument("--out", help="also write the markdown report to this file")
    ap.add_argument("--details", help="write per-record findings of every tool (JSON Lines) to this file")
    ap.add_argument("--gitleaks-version", default="v8.30.1")
    ap.add_argument("--detect-secrets-version", default="1.5.0")
    ap.add_argument("--presidio-version", default="2.2.366")
    args = ap.parse_args()
    if args.worker:
        kind, arg, out = args.worker
        (worker_detect_secrets if kind == "detect-secrets" else worker_presidio)(arg, out)
        return 0
    if not os.path.exists(args.jar):
        log("no CLI jar at %s: build it first with `mvn -B install -DskipTests` (or `mvn -B -q -pl tools/cli -am "
            "-DskipTests package`); this script builds nothing" % args.jar)
        return 2
    started = datetime.now(timezone.utc)
    args.load = "%.1f" % os.getloadavg()[0] if hasattr(os, "getloadavg") else "?"
    tmp = tempfile.mkdtemp(prefix="secondlook-compare-")
    base = os.path.abspath(args.peers_dir) if args.peers_dir else os.path.join(tmp, "peers")
    os.makedirs(base, exist_ok=True)
    try:
        peers = Peers(base, args)
        log("installing peers into %s" % base)
        peers.install()
        work = os.path.join(tmp, "work")
        os.makedirs(work)
        records_file = os.path.join(args.set, "records.jsonl")
        records, labels = load_jsonl(records_file), load_jsonl(os.path.join(args.set, "labels.jsonl"))
        if [r["id"] for r in records] != [lab["id"] for lab in labels]:
            raise SystemExit("records.jsonl and labels.jsonl do not list the same ids in the same order")
        files_dir = os.path.join(work, "set-files")
        write_files(records, files_dir)
        raw = run_all(records_file, records, files_dir, work, "set", args.jar, peers)
        results = {t: (secs, {rid: to_categories(t, f) for rid, f in found.items()}) for t, (secs, found, _, _) in
                   raw.items()}
        if args.details:
            with open(args.details, "w") as f:
                for lab in labels:
                    f.write(json.dumps({"id": lab["id"], "subtype": lab["subtype"], "variant": lab["variant"],
                                        "expected": lab["categories"],
                                        "found": {t: raw[t][1].get(lab["id"], []) for t in raw}}) + "\n")
        # JVM start-up: the same command on a one-record log
        one = os.path.join(work, "one.jsonl")
        with open(one, "w") as f:
            f.write(json.dumps(records[0], ensure_ascii=False) + "\n")
        jvm_start = min(run_secondlook(args.jar, one, os.path.join(work, "one.out"))[0] for _ in range(2))
        throughput = None
        if args.throughput_records:
            tp_dir = os.path.join(work, "tp")
            log("generating %d records for the throughput run" % args.throughput_records)
            subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make-detector-set.py"), "--records",
                            str(args.throughput_records), "--seed", str(args.throughput_seed), "--out", tp_dir],
                           check=True)
            tp_file = os.path.join(tp_dir, "records.jsonl")
            tp_records = load_jsonl(tp_file)
            tp_files = os.path.join(work, "tp-files")
            write_files(tp_records, tp_files)
            tp = run_all(tp_file, tp_records, tp_files, work, "throughput", args.jar, peers, repeat=True)
            what = {"secondlook": "whole `rules check` command, JVM start included",
                    "gitleaks": "whole `gitleaks dir` process over %d files" % len(tp_records),
                    "detect-secrets": "`scan_files` over %d files, %d processes" % (len(tp_records), os.cpu_count()),
                    "presidio": "analyze() of 5 recognizers per record, 1 process"}
            throughput = {"records": len(tp_records), "seed": args.throughput_seed, "bytes": os.path.getsize(tp_file),
                          "tools": {t: {"seconds": s, "what": what[t], "runs": runs, "cpu": cpu}
                                    for t, (s, _, runs, cpu) in tp.items()}}
        args.seed_note = "20261130, `scripts/make-detector-set.py`"
        md = report(args, labels, results, peers, throughput, jvm_start, started, datetime.now(timezone.utc))
        print(md)
        if args.out:
            with open(args.out, "w") as f:
                f.write(md)
        return 0
    finally:
        if args.keep:
            log("kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
