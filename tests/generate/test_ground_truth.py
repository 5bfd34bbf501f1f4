"""The ground truth agrees with the landing files, checked by an independent reading."""

import re
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest

from .independent import parse_ts, read_csv

BILLING_KINDS = ("rate_mismatch", "out_of_scope_unapproved", "unbilled_overage",
                 "after_hours_at_standard_rate", "included_hours_billed")


def _bad_row_labels(land):
    return {(a["file"], a.get("ticket_id") or a.get("entry_id")): a["expected_reason"]
            for a in land.by_kind("bad_row")}


def _rejected(land):
    out = {}
    for rows in (land.ticket_rows, land.entry_rows):
        for name, res in rows.items():
            for key, (reasons, _) in res.items():
                if reasons:
                    out[(name, key)] = reasons
    return out


@pytest.mark.parametrize("scale", ["tiny", "demo"])
def test_every_bad_row_is_labelled_with_its_exact_reason(scale, request):
    land = request.getfixturevalue(scale)
    rejected = _rejected(land)
    labels = _bad_row_labels(land)
    assert rejected.keys() == labels.keys()
    for key, reasons in rejected.items():
        assert reasons == [labels[key]], key


def test_bad_row_share_is_about_half_a_percent(demo):
    for rows in (demo.ticket_rows, demo.entry_rows):
        total = sum(len(r) for r in rows.values())
        bad = sum(1 for r in rows.values() for reasons, _ in r.values() if reasons)
        assert 0.004 <= bad / total <= 0.006, (bad, total)


@pytest.mark.parametrize("scale", ["tiny", "demo"])
def test_billing_labels_are_exactly_the_entries_that_do_not_reconcile(scale, request):
    land = request.getfixturevalue(scale)
    findings = land.reconcile()
    flagged = {e: f for e, f in findings.items()
               if f not in ("ok", "not_billable", "no_active_contract", "contract_under_review")}
    labelled = {a["entry_id"]: a["expected_finding"] for a in land.by_kind(*BILLING_KINDS)}
    assert flagged == labelled
    # the documents that cannot be used: their work is listed as the consequence
    for kind in ("no_active_contract", "contract_under_review"):
        expected = {e for a in land.by_kind("contract_document_unusable")
                    if a["expected_finding"] == kind for e in a["affected_entry_ids"]}
        got = {e for e, f in findings.items() if f == kind}
        assert got == expected, kind
    judged = Counter(f for f in findings.values()
                     if f not in ("not_billable", "no_active_contract", "contract_under_review"))
    assert judged["ok"] > 0.9 * sum(judged.values())


def test_billing_anomaly_rates(demo):
    total = sum(1 for _ in demo.clean_entries())
    kinds = Counter(a["kind"] for a in demo.by_kind(*BILLING_KINDS))
    assert 0.015 <= kinds["rate_mismatch"] / total <= 0.025
    assert 0.007 <= kinds["out_of_scope_unapproved"] / total <= 0.013
    for k in ("unbilled_overage", "after_hours_at_standard_rate", "included_hours_billed"):
        assert kinds[k] >= 50, k
    for a in demo.by_kind(*BILLING_KINDS):
        assert Decimal(a["billed_amount"]) == Decimal(str(a["hours"])) * Decimal(a["billed_rate"])


def test_clean_billed_amounts_are_exact_to_the_cent(demo):
    for row in demo.clean_entries().values():
        rate = row["billed_rate"]
        assert rate.count(".") == 1 and len(rate.split(".")[1]) == 2
        hours = Decimal(row["hours"])
        assert hours * 4 == int(hours * 4), "quarter hours"


@pytest.mark.parametrize("scale", ["tiny", "demo"])
def test_superseded_duplicates(scale, request):
    land = request.getfixturevalue(scale)
    seen: dict[str, list[str]] = {}
    for name, res in land.ticket_rows.items():
        for tid in res:
            seen.setdefault(tid, []).append(name)
    dup_tickets = {t for t, files in seen.items() if len(files) > 1}
    labels = {a["ticket_id"]: a for a in land.by_kind("superseded_duplicate") if "ticket_id" in a}
    assert dup_tickets == labels.keys() and dup_tickets
    clean = land.clean_tickets()
    for tid, lab in labels.items():
        win = land.ticket_rows[lab["winning_file"]][tid][1]
        lose = land.ticket_rows[lab["superseded_file"]][tid][1]
        tz = land.client_tz[win["client_id"]]
        assert parse_ts(win["updated_at"], tz) > parse_ts(lose["updated_at"], tz)
        assert clean[tid]["status"] == lab["expected_status"] == win["status"]
    entries: dict[str, int] = Counter(e for res in land.entry_rows.values() for e in res)
    dup_entries = {e for e, n in entries.items() if n > 1}
    assert dup_entries == {a["entry_id"] for a in land.by_kind("superseded_duplicate")
                           if "entry_id" in a}


@pytest.mark.parametrize("scale", ["tiny", "demo"])
def test_compliance_labels_match_an_independent_check(scale, request):
    land = request.getfixturevalue(scale)
    as_of = land.as_of
    creds: dict = {}
    for r in read_csv(land.landing / "credentials.csv"):
        creds.setdefault((r["technician_id"], r["credential"].casefold()), []).append(
            date.fromisoformat(r["expires_on"]) if r["expires_on"] else None)
    people: dict[str, set] = {}
    for r in read_csv(land.landing / "assignments.csv"):
        people.setdefault(r["client_id"], set()).add(r["technician_id"])
    since = as_of - timedelta(days=90)
    for t in land.clean_tickets().values():
        at = parse_ts(t["created_at"], land.client_tz[t["client_id"]])
        if t["technician_id"] and since <= at <= as_of:
            people.setdefault(t["client_id"], set()).add(t["technician_id"])
    for e in land.clean_entries().values():
        at = parse_ts(e["started_at"], land.client_tz[e["client_id"]])
        if since <= at <= as_of:
            people.setdefault(e["client_id"], set()).add(e["technician_id"])
    policies = read_csv(land.landing / "insurance_policies.csv")
    expected = set()
    for k in land.contracts:
        if land.documents[k["contract_id"]]["expected_review_status"] == "missing":
            continue
        today = land.local_today(k)
        if not date.fromisoformat(k["start_date"]) <= today <= date.fromisoformat(k["end_date"]):
            continue
        for tech in people.get(k["client_id"], ()):
            for cred in k["compliance"]["required_credentials"]:
                held = creds.get((tech, cred.casefold()))
                if not held:
                    expected.add((k["contract_id"], tech, cred, "missing"))
                elif None not in held:
                    exp = max(held)
                    if exp < today:
                        expected.add((k["contract_id"], tech, cred, "expired"))
                    elif exp <= today + timedelta(days=60):
                        expected.add((k["contract_id"], tech, cred, "expiring"))
        for ptype, minimum in k["compliance"]["insurance_minimums"].items():
            live = [p for p in policies if p["policy_type"] == ptype
                    and p["effective_on"] <= today.isoformat() <= p["expires_on"]]
            best = max(live, key=lambda p: Decimal(p["coverage_amount"]))
            if Decimal(best["coverage_amount"]) < minimum:
                expected.add((k["contract_id"], ptype, ptype, "below_minimum"))
            elif date.fromisoformat(best["expires_on"]) <= today + timedelta(days=60):
                expected.add((k["contract_id"], ptype, ptype, "expiring"))
    got = {(a["contract_id"], a["technician_id"], a["credential"], a["expected_status"])
           for a in land.by_kind("credential_missing", "credential_expired", "credential_expiring")}
    got |= {(a["contract_id"], a["policy_type"], a["policy_type"], a["expected_status"])
            for a in land.by_kind("insurance_below_minimum", "insurance_expiring")}
    assert got == expected


def test_demo_has_every_compliance_gap_kind(demo):
    kinds = Counter(a["kind"] for a in demo.anomalies)
    for k in ("credential_expired", "credential_expiring", "insurance_below_minimum",
              "insurance_expiring", "renewal_due", "renewal_lapsed"):
        assert kinds[k] > 0, k


@pytest.mark.parametrize("scale", ["tiny", "demo"])
def test_renewal_labels(scale, request):
    land = request.getfixturevalue(scale)
    successors = {k["previous_contract_id"] for k in land.contracts if k["previous_contract_id"]}
    expected = set()
    for k in land.contracts:
        if k["contract_id"] in successors or \
                land.documents[k["contract_id"]]["expected_review_status"] == "missing":
            continue
        today, end = land.local_today(k), date.fromisoformat(k["end_date"])
        if today <= end <= today + timedelta(days=90):
            expected.add((k["contract_id"], "due"))
        elif today - timedelta(days=90) <= end < today:
            expected.add((k["contract_id"], "lapsed"))
    got = {(a["contract_id"], a["expected_pipeline_status"])
           for a in land.by_kind("renewal_due", "renewal_lapsed")}
    assert got == expected


@pytest.mark.parametrize("scale", ["tiny", "demo"])
def test_contract_chains_never_overlap_and_renewals_link(scale, request):
    land = request.getfixturevalue(scale)
    ids = {k["contract_id"] for k in land.contracts}
    assert len(ids) == len(land.contracts)
    by_client: dict = {}
    for k in land.contracts:
        by_client.setdefault(k["client_id"], []).append(k)
        if k["previous_contract_id"]:
            assert k["previous_contract_id"] in ids
    for ks in by_client.values():
        ks.sort(key=lambda k: k["start_date"])
        for a, b in zip(ks, ks[1:]):
            assert a["end_date"] < b["start_date"]
            assert b["previous_contract_id"] == a["contract_id"]


def _ambiguous(text: str, tz) -> bool:
    """An offset-less wall time that occurs twice (fall-back hour) or never (spring-forward)."""
    from datetime import datetime as dt

    if text.endswith("Z") or re.search(r"[+-]\d\d:\d\d$", text):
        return False
    naive = dt.fromisoformat(text)
    a, b = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    return a.utcoffset() != b.utcoffset()


@pytest.mark.parametrize("scale", ["tiny", "demo"])
def test_no_offsetless_time_is_ambiguous(scale, request):
    """Readers may resolve a repeated wall time either way; the generator never relies on it."""
    from zoneinfo import ZoneInfo

    land = request.getfixturevalue(scale)
    zones = {c: ZoneInfo(tz) for c, tz in land.client_tz.items()}
    rows = [(t["client_id"], t[c]) for t in land.clean_tickets().values()
            for c in ("created_at", "first_response_at", "resolved_at", "updated_at") if t[c]]
    rows += [(e["client_id"], e["started_at"]) for e in land.clean_entries().values()]
    client_of = {t: r["client_id"] for t, r in land.clean_tickets().items()}
    rows += [(client_of[h["ticket_id"]], h["changed_at"])
             for h in read_csv(land.landing / "ticket_status_history.csv")]
    bad = [(c, t) for c, t in rows if _ambiguous(t, zones[c])]
    assert bad == []
