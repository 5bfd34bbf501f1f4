"""Render the independent contract corpus: PDFs + truth YAML + clients.csv + manifest.

Usage: /work/corpus-venv/bin/python build.py   (from this folder)
"""
import copy
import csv
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile

import yaml
from reportlab.lib.pagesizes import A4, LETTER

sys.path.insert(0, os.path.dirname(__file__))
from common import term_end  # noqa: E402
from corpus import CL, CLIENTS, gen  # noqa: E402
from engine import render_docx, render_pdf  # noqa: E402
from layouts import LAYOUTS  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
D = dt.date

DS = {"US": ["mdy_long", "mdy_num", "mdy_short", "dayof"], "GB": ["ord", "dmy_long", "dmy_num", "dmy_short"],
      "IE": ["ord", "dmy_long", "dmy_num"], "AU": ["dmy_long", "dmy_num", "ord"], "NZ": ["dmy_long", "dmy_num", "ord"],
      "DE": ["de", "dmy_long"], "NL": ["de", "dmy_long", "dmy_num"], "FR": ["dmy_num", "dmy_long"], "CA": ["mdy_long", "iso"]}
MS = {"USD": ["sym", "code0", "code"], "GBP": ["sym", "sym0"], "EUR": ["eu", "eusym"], "AUD": ["code", "sym"],
      "CAD": ["code", "sym"], "NZD": ["code", "sym"]}

SIGNERS = {"US": [("Jordan Avery", "Chief Operating Officer"), ("Priyanka Rao", "IT Manager"), ("Grace Liu", "Chief Financial Officer"), ("Samuel Okafor", "Head of IT")],
           "CA": [("Jordan Avery", "Chief Operating Officer"), ("Grace Liu", "Chief Financial Officer")],
           "GB": [("Tom Gallagher", "Finance Director"), ("Rebecca Stone", "Head of IT"), ("Alistair Grant", "Operations Director")],
           "IE": [("Niamh Doyle", "Finance Director"), ("Sean Murphy", "IT Manager")],
           "AU": [("Laura Jensen", "General Manager"), ("Mick O'Brien", "IT Manager")],
           "NZ": [("Laura Jensen", "General Manager"), ("Rawiri Paki", "Operations Manager")],
           "DE": [("Henrik Maas", "Geschäftsführer"), ("Sabine Krüger", "Leiterin IT")],
           "NL": [("Henrik Maas", "Operations Manager"), ("Eva de Vries", "Directeur")],
           "FR": [("Claire Dubois", "Directrice Administrative"), ("Luc Bernard", "Gérant")]}

# stem, layout, client, seed, overrides
SPECS = [
    ("sow-harbourline-2025", "a", "C0101", 11, dict(contract_id="SOW-25-0311", start=D(2025, 3, 1), months=12, model="block_hours", hours="Mon-Fri 08:00-18:00", R_term_style="dates", title="Managed Field Support Services", R_dear="Ms Avery")),
    ("sow-osprey-marine", "a", "C0107", 12, dict(contract_id="NFS/SOW/2025/044", start=D(2025, 6, 1), months=24, model="fixed_fee", hours="Mon-Fri 08:00-17:00", R_term_style="length", title="On-site IT Support for Quayside Park", R_ds="ord", R_dear="Mr Hughes")),
    ("sow-wattle-creek", "a", "C0110", 13, dict(contract_id=None, start=D(2025, 9, 1), months=12, model="time_and_materials", hours="Mon-Fri 07:30-17:30", R_term_style="dates", title="Aged Care Facility IT Support", R_dear="Ms Nair")),
    ("sow-greystone-ortho", "a", "C0121", 14, dict(contract_id="BR-SOW-7781", start=D(2026, 1, 1), months=36, model="fixed_fee", hours="Mon-Fri 07:00-19:00; Sat 08:00-12:00", R_term_style="length", title="Clinic Desktop and Network Support", R_tz_on=False, R_dear="Dr Patel", R_provider_key="US2")),
    ("sow-kowhai-property", "a", "C0119", 15, dict(contract_id="TF-SOW-2025-19", start=D(2025, 7, 1), months=12, model="block_hours", hours="Mon-Fri 08:30-17:30", R_term_style="length", title="Property Office IT Field Support", R_closed=[D(2025, 12, 24), D(2025, 12, 31)], R_dear="Mr Fraser")),

    ("order-pinecrest-dental", "b", "C0102", 21, dict(contract_id="ORD-2291", start=D(2025, 2, 1), months=12, model="block_hours", hours="Mon-Fri 08:00-17:00", R_term_style="dates", title="Dental Practice IT Support - Block Hours")),
    ("order-ashworth-lyle", "b", "C0108", 22, dict(contract_id="OF-2025-0147", start=D(2025, 4, 1), months=12, model="fixed_fee", hours="Mon-Fri 08:00-18:00", R_term_style="length", title="Legal Office Managed Support", penalties=None, R_idlabel="Order Form Number")),
    ("order-brandt-feinmechanik", "b", "C0113", 23, dict(contract_id="HIS-BF-2025-07", start=D(2025, 1, 1), months=12, model="fixed_fee", hours="Mon-Fri 07:30-17:30", R_term_style="dates", title="IT Field Service - Werk Stuttgart", R_idlabel="Auftragsnummer / Order No.")),
    ("order-northern-birch", "b", "C0117", 24, dict(contract_id="MCS-OF-3304", start=D(2025, 10, 1), months=24, model="time_and_materials", hours="Mon-Sat 08:00-18:00", R_term_style="dates", title="Retail Store Technical Support", R_sla_order=("prio", "res", "resp", "clock"))),
    ("order-mariposa-health", "b", "C0124", 25, dict(contract_id="ORD-2418", start=D(2026, 2, 1), months=12, model="fixed_fee", hours="24x7", R_term_style="length", title="Community Health 24x7 IT Support", R_provider_key="US2")),

    ("msa-ridgeway-title", "c", "C0103", 31, dict(contract_id="SCH-0412-01", start=D(2025, 5, 1), months=12, model="block_hours", hours="Mon-Fri 08:00-17:00", R_term_style="dates", title="Title Office Field Support Services", R_msa_no="MSA-2023-0412", R_msa_date=D(2023, 11, 14))),
    ("msa-fenwick-garden", "c", "C0109", 32, dict(contract_id="SOW-FGC-003", start=D(2025, 3, 17), months=24, model="fixed_fee", hours="Mon-Sat 08:00-18:00", R_term_style="length", title="Garden Centre Estate IT Support", R_msa_no="NFS-MSA-0088", R_msa_date=D(2024, 2, 2), R_idlabel="SOW Ref", R_sched_num=3)),
    ("msa-sandgate-mining", "c", "C0111", 33, dict(contract_id="KTS-SCH-2025-011", start=D(2025, 7, 1), months=36, model="fixed_fee", hours="24x7", R_term_style="length", title="Remote Site IT Support Schedule", R_msa_no="KTS-MSA-1702", R_msa_date=D(2024, 8, 20))),
    ("msa-lakeshore-freight", "c", "C0122", 34, dict(contract_id="SCH-LFB-2026-02", start=D(2026, 1, 1), months=12, model="time_and_materials", hours="Mon-Fri 07:30-17:30", R_term_style="dates", title="Dispatch Centre IT Support", R_msa_no="FC-MSA-0977", R_msa_date=D(2025, 6, 3), R_sched_num=2, R_sla_order=("prio", "desc", "resp", "res", "clock"))),
    ("msa-shannonside-pharmacy", "c", "C0116", 35, dict(contract_id="LDS-SS-0415", start=D(2025, 11, 1), months=12, model="block_hours", hours="Mon-Fri 09:00-17:00", R_term_style="dates", title="Pharmacy Network Field Support", R_msa_no="LDS-MSA-0102", R_msa_date=D(2024, 10, 9))),

    ("twocol-calloway-usd", "d", "C0104", 41, dict(contract_id="AGR-2025-5520", start=D(2025, 8, 1), months=12, model="fixed_fee", hours="Mon-Fri 07:30-17:30", R_term_style="dates", title="School District Field Technology Support")),
    ("twocol-vanderlinde", "d", "C0114", 42, dict(contract_id="HIS-NL-0219", start=D(2025, 4, 1), months=24, model="block_hours", hours="Mon-Fri 08:00-17:00", R_term_style="length", title="Depot IT Support Agreement")),
    ("twocol-kingfisher", "d", "C0125", 43, dict(contract_id="NFS-AGR-1180", start=D(2026, 3, 1), months=12, model="time_and_materials", hours="Mon-Fri 08:00-12:00,13:00-17:00", R_term_style="dates", title="Print Works Technical Support")),
    ("twocol-thistledown", "d", "C0106", 44, dict(contract_id="AGR-TVP-0061", start=D(2025, 1, 1), months=12, model="block_hours", hours="Mon-Fri 08:00-18:00", R_term_style="dates", title="Veterinary Clinics IT Support Agreement", R_kv2=True)),
    ("twocol-bluegum", "d", "C0126", 45, dict(contract_id="KTS-AGR-0933", start=D(2025, 2, 1), months=12, model="fixed_fee", hours="Mon-Fri 07:00-19:00; Sat 08:00-12:00", R_term_style="dates", title="Early Learning Centres IT Support", R_kv2=True)),

    ("word-bellwether-cu", "e", "C0105", 51, dict(contract_id="CT-2025-0871", start=D(2025, 6, 1), months=36, model="fixed_fee", hours="Mon-Fri 08:00-18:00", R_term_style="length", title="Managed Branch IT Support Agreement")),
    ("word-maison-lacroix", "e", "C0115", 52, dict(contract_id="HIS-FR-2025-031", start=D(2025, 3, 1), months=12, model="block_hours", hours="Mon-Sat 08:00-18:00", R_term_style="dates", title="Contrat de support informatique / IT Support Contract", R_idlabel="Contract No.")),
    ("word-coastal-cedar", "e", "C0118", 53, dict(contract_id="MCS-2025-118", start=D(2025, 9, 15), months=12, model="time_and_materials", hours="Mon-Fri 08:00-17:00", R_term_style="dates", title="Clinic IT Field Services Agreement", tier=None, R_plan_name="Enhanced Care Plus")),
    ("word-whitcombe", "e", "C0130", 54, dict(contract_id="NFS-CT-0452", start=D(2025, 5, 1), months=12, model="fixed_fee", hours="Mon-Fri 09:00-17:00", R_term_style="dates", title="Estate Agency IT Support Contract", R_annual_stated=False)),
    ("word-prairie-gold", "e", "C0129", 55, dict(contract_id="FC-CT-7719", start=D(2026, 4, 1), months=24, model="block_hours", hours="Mon-Fri 07:30-17:30", R_term_style="length", title="Co-operative Field IT Support Agreement", R_nohol=True)),

    ("plain-summit-peak", "f", "C0123", 61, dict(contract_id="FS-2025-2207", start=D(2025, 7, 1), months=12, model="block_hours", hours="Mon-Fri 08:00-18:00", R_term_style="dates", title="Realty Office Field Support")),
    ("plain-coral-bay", "f", "C0112", 62, dict(contract_id="KTS-FS-0481", start=D(2025, 1, 15), months=12, model="fixed_fee", hours="Mon-Fri 08:30-17:30", R_term_style="dates", title="Accounting Practice Managed Support", R_annual_stated=False)),
    ("plain-hoekstra", "f", "C0127", 63, dict(contract_id="HIS-NL-0305", start=D(2025, 10, 1), months=12, model="block_hours", hours="Mon-Fri 07:30-17:30", R_term_style="dates", title="Field Service IT Support")),
    ("plain-redfern-legal", "f", "C0132", 64, dict(contract_id="BR-FS-0318", start=D(2025, 12, 1), months=12, model="time_and_materials", hours="Mon-Fri 09:00-17:00", R_term_style="dates", title="Legal Aid IT Support", penalties=None, R_annual_stated=False, R_provider_key="US2")),
    ("plain-tui-valley", "f", "C0120", 65, dict(contract_id="TF-FS-2026-04", start=D(2026, 1, 1), months=12, model="fixed_fee", hours="Mon-Fri 08:00-17:00", R_term_style="dates", title="Winery IT Field Support")),

    ("quote-kranich", "g", "C0135", 71, dict(contract_id="Q-2025-118", start=D(2025, 5, 1), months=12, model="block_hours", hours="Mon-Fri 08:00-17:00", nprio=3, title="IT-Außendienst / IT field support", R_term_style="dates")),
    ("quote-silverline", "g", "C0137", 72, dict(contract_id="Q-50931", start=D(2025, 9, 1), months=12, model="fixed_fee", hours="Mon-Fri 08:00-18:00", nprio=3, title="Dental studio IT support", R_term_style="dates")),
    ("quote-ironbark", "g", "C0133", 73, dict(contract_id="Q-KTS-0772", start=D(2026, 2, 1), months=12, model="time_and_materials", hours="Mon-Fri 07:00-19:00; Sat 08:00-12:00", nprio=4, title="Site office and plant IT support", R_term_style="dates")),
    ("quote-greenlane", "g", "C0134", 74, dict(contract_id="Q-TF-2025-061", start=D(2025, 11, 1), months=12, model="block_hours", hours="Mon-Fri 08:30-17:30", nprio=3, title="Optometry practice IT support", R_term_style="dates")),
    ("quote-quillfeather", "g", "C0136", 75, dict(contract_id="Q-NFS-4410", start=D(2025, 8, 1), months=12, model="fixed_fee", hours="24x7", nprio=3, title="Publishing house 24x7 IT support", R_term_style="dates")),

    # amendments (orig stem, effective date, rate bump factor, extra)
    ("amend-pinecrest-a1", "h", "C0102", 81, dict(contract_id="ORD-2291-A1", R_orig="order-pinecrest-dental", R_eff=D(2025, 8, 1), R_bump=1.08)),
    ("amend-fenwick-a1", "h", "C0109", 82, dict(contract_id="SOW-FGC-003/A1", R_orig="msa-fenwick-garden", R_eff=D(2026, 4, 1), R_bump=1.05, R_fee=True)),
    ("amend-hoekstra-a2", "h", "C0127", 83, dict(contract_id="HIS-NL-0305-W2", R_orig="plain-hoekstra", R_eff=D(2026, 1, 1), R_bump=1.10, R_amend_no=2)),
    ("amend-thistledown-a1", "h", "C0106", 84, dict(contract_id="AGR-TVP-0061 AMD 1", R_orig="twocol-thistledown", R_eff=D(2025, 7, 1), R_bump=1.06)),

    # renewals
    ("renewal-harbourline-2026", "i", "C0101", 91, dict(contract_id="SOW-26-0107", R_prior="sow-harbourline-2025", months=12, model="block_hours", hours="Mon-Fri 08:00-18:00", R_term_style="length", title="Managed Field Support Services - Renewal")),
    ("renewal-brandt-2026", "i", "C0113", 92, dict(contract_id="HIS-BF-2026-03", R_prior="order-brandt-feinmechanik", months=24, model="fixed_fee", hours="Mon-Fri 07:30-17:30", R_term_style="dates", title="Verlängerungsvertrag IT-Service / Renewal of IT Field Service", R_rtitle="VERLÄNGERUNGSVERTRAG / RENEWAL AGREEMENT", R_idlabel="Vertragsnummer / Contract No.")),
    ("renewal-ashworth-2026", "i", "C0108", 93, dict(contract_id="OF-2026-0032", R_prior="order-ashworth-lyle", months=12, model="fixed_fee", hours="Mon-Fri 08:00-18:00", R_term_style="dates", title="Legal Office Managed Support - Renewal")),
    ("renewal-atelier-moreau", "i", "C0128", 94, dict(contract_id="HIS-FR-2026-007", R_prior_ext=("HIS-FR-2024-019", D(2026, 1, 31)), start=D(2026, 2, 1), months=12, model="block_hours", hours="Mon-Fri 09:00-17:00", R_term_style="dates", title="Renouvellement - Support informatique / IT Support Renewal", R_rtitle="RENEWAL AND REPLACEMENT AGREEMENT")),
    ("renewal-tui-valley-2027", "i", "C0120", 95, dict(contract_id="TF-FS-2027-01", R_prior="plain-tui-valley", months=12, model="fixed_fee", hours="Mon-Fri 08:00-17:00", R_term_style="dates", title="Winery IT Field Support - Renewal")),
]

SCANS = ["sow-harbourline-2025", "sow-wattle-creek", "order-ashworth-lyle", "msa-ridgeway-title", "msa-sandgate-mining",
         "twocol-vanderlinde", "twocol-thistledown", "word-bellwether-cu", "plain-coral-bay", "quote-kranich",
         "amend-pinecrest-a1", "renewal-brandt-2026"]

NOTES = {
    "sow-wattle-creek": "The letter prints no contract reference at all: contract_id is null in truth; per spec the id must come from the file stem (sow-wattle-creek) with a review item.",
    "sow-greystone-ortho": "No coverage time zone is printed (coverage.timezone null); the client's timezone (clients.csv) is only the spec default. Coverage has unequal days (Sat half-day) so targets are in hours, not business days.",
    "order-ashworth-lyle": "States explicitly that no service credits apply: penalties null.",
    "plain-redfern-legal": "No service credits clause: penalties null. T&M with no estimate printed: annual_value null.",
    "word-whitcombe": "Annual value is not printed; truth annual_value is derived as 12 x the stated monthly fee.",
    "plain-coral-bay": "Annual value is not printed; truth annual_value is derived as 12 x the stated monthly fee.",
    "word-coastal-cedar": "Prints a plan name (Enhanced Care Plus) that does not map to platinum/gold/silver: tier null.",
    "word-prairie-gold": "The document says nothing about public holidays: coverage.public_holidays null.",
}


def R_defaults(T, R, rng):
    c = R["country"]
    R.setdefault("ds", rng.choice(DS[c]))
    R.setdefault("ms", rng.choice(MS[T["currency"]]))
    R.setdefault("vocab", rng.randrange(7))
    R.setdefault("hstyle", rng.randrange(3))
    R.setdefault("term_style", rng.choice(["dates", "length"]))
    R.setdefault("pctstyle", rng.choice(["both", "num"]))
    R.setdefault("client_signer", rng.choice(SIGNERS[c]))
    R.setdefault("sign_date", T["start_date"] - dt.timedelta(days=rng.randint(7, 35)) if T.get("start_date") else None)


def clean(x):
    return x


def truth_out(T, R, notes):
    out = {k: v for k, v in T.items()}
    cp = out.get("compliance")
    if cp:
        for k in ("required_credentials", "insurance_minimums", "security_clauses"):
            if not cp.get(k):
                cp[k] = None
    if notes:
        out["_notes"] = notes
    return out


def main():
    from corpus import PROVIDERS
    built = {}
    manifest = []
    tmp = tempfile.mkdtemp()
    docx_jobs = []
    for stem, layout, cid, seed, ov in SPECS:
        ov = dict(ov)
        rng = random.Random(seed * 7 + 3)
        if layout == "h":
            OT, OR = built[ov.pop("R_orig")]
            eff = ov.pop("R_eff")
            bump = ov.pop("R_bump")
            fee = ov.pop("R_fee", False)
            amend_no = ov.pop("R_amend_no", 1)
            T = {k: None for k in OT}
            T["contract_id"] = ov["contract_id"]
            T["client_id"] = cid
            T["title"] = f"Amendment No. {amend_no} to {OT['title']}"
            T["start_date"] = eff
            T["end_date"] = OT["end_date"]
            T["currency"] = OT["currency"]
            r = {k: (float(round(v * bump / 5) * 5) if v is not None else None) for k, v in OT["billing"]["rates"].items()}
            T["billing"] = {"model": None, "monthly_fee": None, "included_hours_per_month": None,
                            "overage_rate": (float(round(OT["billing"]["overage_rate"] * bump / 5) * 5) if OT["billing"]["overage_rate"] else None), "rates": r}
            if fee:
                T["billing"]["monthly_fee"] = float(round(OT["billing"]["monthly_fee"] * bump / 50) * 50)
                T["annual_value"] = T["billing"]["monthly_fee"] * 12
            T["amends"] = OT["contract_id"]
            R = dict(OR)
            R.update({"stem": stem, "layout": "h", "orig": (OT, OR), "amend_no": amend_no,
                      "sign_date": eff - dt.timedelta(days=rng.randint(10, 30))})
            notes = (f"Amends {OT['contract_id']} (stem {OR['stem']}): only the hourly rates" + (", overage rate" if T['billing']['overage_rate'] else "") +
                     (" and monthly fee" if fee else "") + f" change, effective {eff.isoformat()} (start_date = amendment effective date; end_date = the unchanged end of the original term, restated). "
                     "All other terms are those of the original and are null here. The table also prints the previous rates; truth holds the new ones.")
        else:
            prior = ov.pop("R_prior", None)
            prior_ext = ov.pop("R_prior_ext", None)
            if prior:
                PT, PR = built[prior]
                ov["start"] = PT["end_date"] + dt.timedelta(days=1)
            pkey = ov.pop("R_provider_key", None)
            closed = ov.pop("R_closed", None)
            nohol = ov.pop("R_nohol", False)
            T, R = gen(stem, layout, cid, seed, **ov)
            if pkey:
                R["provider"] = PROVIDERS[pkey]
            if closed:
                T["coverage"]["closed_dates"] = closed
            if nohol:
                T["coverage"]["public_holidays"] = None
            if R.get("tz_on") is False:
                T["coverage"]["timezone"] = None
            if not R["annual_stated"] and T["billing"]["model"] == "time_and_materials":
                T["annual_value"] = None
            if prior:
                T["previous_contract_id"] = PT["contract_id"]
                R["prior_end"] = PT["end_date"]
                T["client_id"] = PT["client_id"]
            if prior_ext:
                T["previous_contract_id"] = prior_ext[0]
                R["prior_end"] = prior_ext[1]
            notes = NOTES.get(stem, "")
            if layout == "c":
                notes = (notes + " " if notes else "") + f"Issued under master agreement {R['msa_no']}: that is NOT the contract_id and NOT previous_contract_id. Insurance/credentials/security terms are in the MSA clauses, the rest in the Service Schedule."
            if layout == "i":
                notes = (notes + " " if notes else "") + f"Renews and supersedes {T['previous_contract_id']}."
            if T["tier"] is None:
                pass
        R_defaults(T, R, rng)
        if not R["print_cid"]:
            notes = (notes + " " if notes else "") + "Client account number is not printed; client_id resolves from the client's legal name via clients.csv."
        if R.get("term_style") == "length" and layout not in ("h",) and T.get("start_date"):
            notes = (notes + " " if notes else "") + f"Term printed as a length ({R['months']} months); end_date computed as start + {R['months']} months - 1 day."
        if T.get("tier") is None and layout != "h":
            pass
        built[stem] = (T, R)
        blocks, kw = LAYOUTS[layout](T, R)
        kw.setdefault("pagesize", LETTER if R["country"] in ("US", "CA") else A4)
        pdf = os.path.join(ROOT, "pdf", stem + ".pdf")
        if layout == "e":
            kw.pop("pagesize")
            dx = os.path.join(tmp, stem + ".docx")
            render_docx(dx, blocks, **kw)
            docx_jobs.append(dx)
        else:
            render_pdf(pdf, blocks, **kw)
        with open(os.path.join(ROOT, "truth", stem + ".yaml"), "w") as f:
            yaml.safe_dump(truth_out(T, R, notes.strip()), f, sort_keys=False, allow_unicode=True, width=120)
        manifest.append({"stem": stem, "layout": layout, "pdf": f"pdf/{stem}.pdf", "truth": f"truth/{stem}.yaml",
                         "scan": (f"scanned/{stem}-scan.pdf" if stem in SCANS else None)})
    if docx_jobs:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", os.path.join(ROOT, "pdf")] + docx_jobs,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.makedirs(os.path.join(HERE, "docx"), exist_ok=True)
        for dx in docx_jobs:
            subprocess.run(["cp", dx, os.path.join(HERE, "docx")], check=True)
    manifest.append({"stem": "blank-scan", "layout": "blank", "pdf": None, "truth": "truth/blank-scan.yaml", "scan": "scanned/blank-scan.pdf"})
    with open(os.path.join(ROOT, "truth", "blank-scan.yaml"), "w") as f:
        f.write("# a white scanned page with only noise: no contract terms at all\nno_terms: true\n_notes: \"Image-only PDF of a blank page; an extractor should find no terms (and no text layer).\"\n")
    with open(os.path.join(ROOT, "manifest.yaml"), "w") as f:
        yaml.safe_dump({"contracts": manifest}, f, sort_keys=False)
    used = {T["client_id"] for T, R in built.values()}
    with open(os.path.join(ROOT, "clients.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["client_id", "client_name", "timezone", "country", "account_manager"])
        for c in CLIENTS:
            if c[0] in used:
                w.writerow([c[0], c[1], c[2], c[3], c[4]])
    import pickle
    with open(os.path.join(tmp, "built.pkl"), "wb") as f:
        pickle.dump({k: (v[0], {kk: vv for kk, vv in v[1].items() if kk not in ("rng", "orig")}) for k, v in built.items()}, f)
    print(tmp)


if __name__ == "__main__":
    main()
