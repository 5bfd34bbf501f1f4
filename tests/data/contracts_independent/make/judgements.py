"""Write search_judgements.yaml.

CUAD pages were judged by hand (reading `pdftotext -layout` page by page) and are listed literally below.
Pages of this corpus were judged with per-query rules written against the wording the layouts use,
then spot-read; each rule is recorded in the YAML beside the query (`corpus_rule`).
A page is relevant when it contains the clause the query is after, not merely the words:
e.g. "Confidential" in a running header, "for convenience of reference" in a headings clause,
"credit card" pages, "Server Maintenance" as a service name, or "24x7 (elapsed time)" as an SLA clock label
in a business-hours contract are NOT relevant.
"""
import glob
import os
import re
import subprocess

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CUAD_DIR = "/work/shared/realdata/cuad-service-contracts/pdf"

AZ = "AzulSa_20170303_F-1A_EX-10.3_9943903_EX-10.3_Maintenance Agreement2.pdf"
CA = "CardlyticsInc_20180112_S-1_EX-10.16_11002987_EX-10.16_Maintenance Agreement2.pdf"
FE = "FEDERATEDGOVERNMENTINCOMESECURITIESINC_04_28_2020-EX-99.SERV AGREE-SERVICES AGREEMENT_AMENDMENT.pdf"
FR = "Freecook_20180605_S-1_EX-10.3_11233807_EX-10.3_Hosting Agreement.pdf"
HG = "HEALTHGATEDATACORP_11_24_1999-EX-10.1-HOSTING AND MANAGEMENT AGREEMENT (1).pdf"
HI = "HerImports_20161018_8-KA_EX-10.14_9765707_EX-10.14_Maintenance Agreement.pdf"
IF = "IntegrityFunds_20200121_485BPOS_EX-99.E UNDR CONTR_11948727_EX-99.E UNDR CONTR_Service Agreement.pdf"
KU = "KUBIENT,INC_07_02_2020-EX-10.14-MASTER SERVICES AGREEMENT_Part1.pdf"
PA = "ParatekPharmaceuticalsInc_20170505_10-KA_EX-10.29_10323872_EX-10.29_Outsourcing Agreement.pdf"
VI = "VitalibisInc_20180316_8-K_EX-10.2_11100168_EX-10.2_Hosting Agreement.pdf"

I = re.I
P1ROW = (r"(?-i:\b(P1|Priority 1|Severity 1|Sev 1|Critical|Urgent|Severity 1 - Critical|P1 - Emergency)\b)[^.]{0,80}?"
         r"\b\d+\s*(min|minutes|hr|hrs|hour|hours)\b|respond to .{0,40}incidents within")
COVER = (r"(are available|Coverage Hours\W{0,2} are|Coverage Hours:?|support window is|Hours of cover:|Service hours:|Cover:|Hours) "
         r"(24 hours|24x7|around|Monday|weekdays)")

# query -> (corpus rule: list of regexes that must ALL match the page (case-insensitive), optional exclusion regex,
#           CUAD pages judged by hand, note)
Q = [
    ("after-hours emergency rate", [r"after[- ]hours", r"emergency[^\n]{0,45}?\d|\d\S* per hour for emergency|for emergency call-outs|emergency call-outs\."], None,
     [(FR, 1)], "Freecook p1: surcharge for work outside normal business hours (rush work)."),
    ('"service level"', [r"service level(?!: (platinum|gold|silver))"], None,
     [(HG, 5), (HG, 8), (VI, 2), (VI, 11)], "Quoted phrase. 'Service level: Platinum' (a tier line) alone does not count; escalation 'Level 2' pages do not count."),
    ("termination for convenience", [r"terminat\w* (a Service Schedule )?for convenience|Termination for convenience"], None,
     [(VI, 5), (IF, 7), (KU, 1)], "Headings clauses 'for convenience of reference' (HealthGate p13, Integrity p8, Paratek p11) are not relevant; HealthGate only allows termination for cause."),
    ("insurance requirements", [r"not less than (\w{3} )?\S{0,4}\d{1,3}([,.]\d{3})+"], None,
     [(PA, 35)], "Paratek p4/p5 are table-of-contents entries only; p22 mentions insurance of goods before shipment."),
    ("renewal notice period", [r"notice of non-renewal|Non-Renewal Notice|days' notice to cancel"], None,
     [(VI, 5), (HG, 6), (PA, 38)], "Pages stating how much notice stops (or exercises) a renewal."),
    ("limitation of liability", [r"limitation of liability|aggregate liability|liability is capped|total liability"], None,
     [(HG, 10), (HG, 11), (KU, 2), (PA, 33), (VI, 5)], "Paratek p4/p40 only list the heading (TOC / survival list)."),
    ("data protection", [r"data.protection|GDPR|Privacy Act|PIPEDA|HIPAA"], None,
     [(HG, 10), (HG, 12), (VI, 2)], "Kubient p2/p3 mention 'privacy' only as third-party rights / a privacy policy link."),
    ("P1 response time", [P1ROW], None,
     [(VI, 11)], "Pages with the priority/severity response targets (SLA table or SLA clauses)."),
    ("service credits for missed SLA", [r"service credit|shall credit"], None,
     [(VI, 2)], "Vitalibis 2.5 credit for interruption. HealthGate credit-card pages are NOT relevant."),
    ("escalation contacts", ["ESCALATION_EMAIL"], None,
     [(VI, 2)], "Vitalibis 2.3 primary point of contact for support escalation."),
    ("public holidays", [r"holiday"], None,
     [(VI, 11)], "Support coverage excluding holidays."),
    ("technician background check", [r"Background Check|Police Check|DBS (Basic|Enhanced) Check|Criminal Record Check|Certificate of Good Conduct"], None,
     [], "No CUAD contract requires personnel vetting."),
    ("block hours overage rate", [r"\boverage|beyond the (monthly )?block|Hours over the block|Additional hours beyond block"], None,
     [], ""),
    ("automatic renewal", [r"automatically renew|shall automatically|Auto-Renewal\s+(Yes|No)|Renews\s+(Automatically|No)|not renew automatically"], None,
     [(VI, 5), (KU, 1), (IF, 7), (PA, 12)], "Paratek p12: agreement automatically stays in force for a Renewal Term."),
    ("renewal that supersedes the prior agreement", [r"renews and supersedes"], None,
     [(HI, 1)], "HerImports p1 extends the expired prior maintenance agreement. Entire-agreement clauses that 'supersede all prior agreements' (Azul p8, HerImports p3, Kubient p4, Paratek p44, Vitalibis p6) are NOT relevant."),
    ("amendment changing rates", [r"AMENDMENT No\.", r"Revised Rates"], None,
     [(AZ, 4)], "Azul p4 amends invoicing/payment and price conditions. The Federated amendment changes the service description, not prices: not relevant."),
    ("confidentiality obligations", [r"Confidential Information"], None,
     [(AZ, 5), (AZ, 6), (AZ, 7), (HG, 11), (KU, 3), (PA, 29), (PA, 30), (PA, 40), (VI, 5)],
     "A 'Confidential' running header or 'CONFIDENTIAL TREATMENT REQUESTED' stamp is not a confidentiality clause."),
    ("governing law", [r"governed by the laws"], None,
     [(AZ, 7), (FE, 1), (HI, 3), (IF, 8), (KU, 4), (PA, 12), (VI, 7), (HG, 14)],
     "Order forms saying they are 'governed by ... Standard Terms of Service' do not state a governing law: not relevant."),
    ("indemnification", [r"indemnif"], None,
     [(HG, 9), (HG, 10), (HG, 11), (HG, 12), (HI, 2), (IF, 4), (IF, 5), (IF, 6), (KU, 3), (PA, 33), (PA, 34), (PA, 35), (VI, 3), (VI, 4), (VI, 5)],
     "None of this corpus's contracts has an indemnity clause. Paratek p4/p5 TOC and HerImports p5 ('indemnification of revenue loss' as a product feature) are not relevant."),
    ("force majeure", [r"force majeure"], None,
     [(PA, 42), (VI, 7), (KU, 4)], "Kubient 14(g) is a force-majeure clause without the words."),
    ("payment terms invoice due", [r"invoice"], None,
     [(HG, 6), (HG, 7), (PA, 26), (PA, 27), (VI, 3), (VI, 13), (KU, 2), (FR, 1)], ""),
    ("service availability uptime", [r"uptime|availability of service|99\.\d+%"], None,
     [(VI, 2), (HG, 8)], "No contract in this corpus states an availability target."),
    ("24x7 support coverage", [r"24 hours a day, 7 days a week|24x7x365|around the clock, 24/7"], None,
     [(VI, 11)], "Only coverage of 24x7 counts; a '24x7 (elapsed time)' clock label for P1 in a business-hours contract is NOT 24x7 coverage. Vitalibis: Severity 1 worked 24x7."),
    ("support hours", [COVER], None,
     [(VI, 11), (FR, 1), (IF, 1)], "Pages stating when support is provided. Amendments only mention rates."),
    ("maintenance fee", [r"maintenance fee"], None,
     [(HG, 6), (HI, 1), (AZ, 4)], "'Server Maintenance' as an in-scope service name in this corpus is NOT a maintenance fee."),
    ("cyber liability insurance", [r"Cyber (Liability|Insurance): not less than"], None,
     [], "Paratek's insurance article does not mention cyber cover."),
    ("HIPAA", [r"HIPAA"], None, [], ""),
]


def truth_of(pdfname):
    p = os.path.join(ROOT, "truth", pdfname[:-4] + ".yaml")
    return yaml.safe_load(open(p)) if os.path.exists(p) else {}


def match(rule, fname, t):
    if rule == "ESCALATION_EMAIL":
        return any(e["email"] in t for e in (truth_of(fname).get("escalation_contacts") or []))
    return re.search(rule, t, I) is not None


def corpus_pages():
    out = {}
    for pdf in sorted(glob.glob(os.path.join(ROOT, "pdf", "*.pdf"))):
        n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
        for p in range(1, n + 1):
            t = subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True, text=True).stdout
            raw = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True, text=True).stdout
            t2 = re.sub(r"\s+", " ", t) + " ||| " + re.sub(r"\s+", " ", raw)
            out[(os.path.basename(pdf), p)] = t2
    return out


def main():
    pages = corpus_pages()
    res = []
    for q, rules, excl, cuad, note in Q:
        rel = []
        for (f, p), t in pages.items():
            if all(match(r, f, t) for r in rules) and not (excl and re.search(excl, t, I)):
                rel.append({"file": f, "page": p})
        for f, p in cuad:
            assert os.path.exists(os.path.join(CUAD_DIR, f)), f
            rel.append({"file": f, "page": p})
        res.append({"query": q, "relevant": rel, "corpus_rule": " AND ".join("page shows an escalation contact email from the truth" if r == "ESCALATION_EMAIL" else r for r in rules) + (f" AND NOT {excl}" if excl else ""), "note": note})
    hdr = ("# Search relevance judgements. `file` is a PDF name in tests/data/contracts_independent/pdf/ or in\n"
           "# /work/shared/realdata/cuad-service-contracts/pdf/ (the CUAD names are the long ones); `page` is 1-based.\n"
           "# CUAD pages were judged by reading each page; pages of this corpus by the rule in corpus_rule, then spot-read.\n")
    with open(os.path.join(ROOT, "search_judgements.yaml"), "w") as f:
        f.write(hdr)
        yaml.safe_dump(res, f, sort_keys=False, allow_unicode=True, width=200)
    for r in res:
        nc = sum(1 for x in r["relevant"] if not x["file"][0].isupper())
        print(f"{r['query'][:40]:40s} corpus={nc:3d} cuad={len(r['relevant']) - nc}")


if __name__ == "__main__":
    main()
