"""Build the escalation corpus: text PDFs, truth YAML, clients.csv, manifest.yaml (deterministic).

Usage (from the repository root, with the project's venv):
    .venv/bin/python tests/data/escalation_independent/make/build.py
then scan.py (image-only copy) and check.py (re-reads every PDF and checks the truth is printed).
"""
import csv
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from contracts import CLIENTS, CONTRACTS, SCANS  # noqa: E402
from layouts import LAYOUTS  # noqa: E402
from pdfkit import render  # noqa: E402

class Flow(dict):
    """a mapping written on one line, like the steps in config/escalation.yaml"""


class TruthDumper(yaml.SafeDumper):
    pass


TruthDumper.add_representer(Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
TruthDumper.add_representer(list, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v,
                                                                      flow_style=all(not isinstance(x, dict) for x in v)))
TruthDumper.add_representer(dict, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=False))


LAYOUT_CODES = {"order": "a", "letter": "b", "msa": "c", "schedules": "d", "twocol": "e", "legal": "f", "plain": "g",
                "quote": "h", "renewal": "i", "memo": "j", "sheet": "k"}


def main():
    os.makedirs(os.path.join(ROOT, "pdf"), exist_ok=True)
    os.makedirs(os.path.join(ROOT, "truth"), exist_ok=True)
    manifest, used = [], set()
    for c in CONTRACTS:
        stem, T = c["stem"], c["truth"]
        blocks, kw = LAYOUTS[c["layout"]](T, c["R"], c["esc"])
        render(os.path.join(ROOT, "pdf", stem + ".pdf"), blocks, **kw)
        out = dict(T)
        notes = c["notes"].strip()
        if not c["R"]["print_cid"]:
            notes += " Client account number is not printed; client_id resolves from the client's legal name via clients.csv."
        if c["R"]["term"] == "length":
            notes += (f" Term printed as a length ({c['R']['months']} months); end_date = start + {c['R']['months']} months - 1 day.")
        c = dict(c, notes=notes.strip())
        out["sla"] = [Flow(x) for x in T["sla"]]
        out["escalation_contacts"] = [Flow(x) for x in T["escalation_contacts"] or []] or None
        out["escalation"] = [Flow(x) for x in T["escalation"]] if T["escalation"] is not None else None
        if c["notes"]:
            out["_notes"] = c["notes"]
        with open(os.path.join(ROOT, "truth", stem + ".yaml"), "w") as f:
            f.write(f"# ground truth for pdf/{stem}.pdf (spec section 2 terms + escalation in config/escalation.yaml shape)\n")
            yaml.dump(out, f, Dumper=TruthDumper, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
        manifest.append({"stem": stem, "layout": LAYOUT_CODES[c["layout"]], "layout_name": c["layout"],
                         "pdf": f"pdf/{stem}.pdf", "truth": f"truth/{stem}.yaml",
                         "scan": f"scanned/{stem}-scan.pdf" if stem in SCANS else None,
                         "has_escalation_clause": T["escalation"] is not None,
                         "escalation_steps": len(T["escalation"] or [])})
        used.add(T["client_id"])
        print(stem)
    with open(os.path.join(ROOT, "manifest.yaml"), "w") as f:
        f.write("# every document of tests/data/escalation_independent (see README.md)\n")
        yaml.safe_dump({"contracts": manifest}, f, sort_keys=False)
    with open(os.path.join(ROOT, "clients.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["client_id", "client_name", "timezone", "country", "account_manager"])
        for cl in CLIENTS:
            if cl[0] in used:
                w.writerow(cl[:5])


if __name__ == "__main__":
    main()
