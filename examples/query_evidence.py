"""For developers: what does the evidence say about each proposed mechanism of fibromyalgia?

Run:  python3 examples/query_evidence.py
"""

from __future__ import annotations

import fmevidence


def main() -> None:
    kb = fmevidence.load()
    print(f"{kb.info.name} {kb.info.version}, last reviewed {kb.info.last_reviewed}")
    for mechanism in kb.of_kind("mechanisms"):
        findings = kb.findings_about(mechanism.id)
        counts = {direction: sum(f.direction is direction for f in findings) for direction in fmevidence.Direction}
        tally = ", ".join(f"{count} {direction.value}" for direction, count in counts.items())
        print(f"\n{mechanism.name}: {len(findings)} findings ({tally})")
        for finding in findings:
            cited = "; ".join(source.id for source in kb.sources_of(finding))
            print(f"  [{finding.direction.value}] {finding.statement} ({cited})")
        treatments = kb.treatments_targeting(mechanism.id)
        if treatments:
            print("  treatments targeting it: " + ", ".join(treatment.name for treatment in treatments))


if __name__ == "__main__":
    main()
