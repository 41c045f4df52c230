#!/usr/bin/env python3
"""After the writers scenario's kill -9: is every referral the app acknowledged in the database file?

    verify-durable.py DATABASE ACKNOWLEDGED

ACKNOWLEDGED has one "id caseCode" per line (writers.mjs). The file is opened as the crash left it; SQLite replays
its write-ahead log on open, as the app would on restart. Exit code 1 when anything acknowledged is missing.
"""
import sqlite3
import sys


def main(database: str, acknowledged: str) -> int:
    expected = {}
    with open(acknowledged, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                referral_id, case_code = line.split()
                expected[int(referral_id)] = case_code

    db = sqlite3.connect(database)
    try:
        found = dict(db.execute("SELECT r.Id, c.Code FROM Referrals r JOIN Cases c ON c.Id = r.CaseId"))
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()

    missing = [i for i in expected if i not in found]
    wrong = [i for i in expected if i in found and found[i] != expected[i]]
    print(f"durability: {len(expected)} acknowledged, {len(expected) - len(missing)} present, {len(missing)} missing, "
          f"{len(wrong)} with another case code; {len(found)} referrals in the file; integrity_check: {integrity}")
    if missing:
        print(f"missing (first 10): {sorted(missing)[:10]}")
    return 1 if missing or wrong or integrity != "ok" else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
