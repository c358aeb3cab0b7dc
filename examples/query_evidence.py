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
        # Descriptive context (criteria, history, prevalence) is not evidence for or against the
        # mechanism: count only the other findings, as `fmevidence evidence` does.
        evidence = [f for f in findings if not f.context]
        counts = {direction: sum(f.direction is direction for f in evidence) for direction in fmevidence.Direction}
        tally = ", ".join(f"{count} {direction.value}" for direction, count in counts.items())
        context = len(findings) - len(evidence)
        print(f"\n{mechanism.name}: {len(evidence)} findings ({tally})"
              + (f", plus {context} descriptive context" if context else ""))
        for finding in findings:
            cited = "; ".join(source.id for source in kb.sources_of(finding))
            label = "context" if finding.context else finding.direction.value
            print(f"  [{label}] {finding.statement} ({cited})")
        treatments = kb.treatments_targeting(mechanism.id)
        if treatments:
            print("  treatments targeting it: " + ", ".join(treatment.name for treatment in treatments))


if __name__ == "__main__":
    main()
