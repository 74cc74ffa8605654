#!/usr/bin/env python3
"""Writes the seed corpus of engine_sequence_fuzzer: event sequences that reach deep (a licence,
declarations citing it until it runs out, holds, dispositions, invalidations, amendments, a
replacement below what is used, suspensions, rules and listed parties), in the byte language of
tests/fuzz/event_sequence_generator.cc. Each value below is an index into that file's pools, in
the order the generator reads them. Run from anywhere:

    tests/fuzz/make_engine_seeds.py      # rewrites tests/fuzz/corpus/engine_sequence_fuzzer/

GK_FUZZ_TRACE=1 build-fuzz/tests/fuzz/engine_sequence_fuzzer FILE prints what each event became.
"""
import pathlib

# Opcodes (event_sequence_generator.h).
LICENCE, DECLARATION, INVALIDATION, DISPOSITION, STATUS, RULE, RULE_REMOVAL, PARTY, \
    PARTY_REMOVAL, RAW, DECLARATION_TOO, AMENDMENT = range(12)

# Pool indices used below.
L123, L456, EU001, LGL = range(4)
INDIVIDUAL, GLOBAL, NATIONAL_GENERAL, UNION_GENERAL, TRANSIT = range(5)
ACTIVE, SUSPENDED, REVOKED = 0, 2, 3
EORI_NL, EORI_DE, EORI_NONE = range(3)
VALID_2025 = 0
CN, RU, US = 1, 2, 4  # destination bits
Q_NONE, Q_0, Q_10, Q_100, Q_2_5, Q_40, Q_1E6, Q_MAX = range(8)
NAR, KGM, LTR = range(3)
M_NONE, M_0, M_100, M_48000, M_MAX = range(5)
T_0, T_5, T_10, T_100 = range(4)
MRN0, MRN1, MRN2, MRN3, MRN_BAD = range(5)
X060, X070, X061, X002, Y901, X072 = range(6)
W_NONE, W_1, W_40, W_1000 = range(4)
WV_NONE, WV_10, WV_48000 = range(3)


def line(no=1, control=0, cn=0, qty=Q_100, unit=NAR, money=M_NONE, tolerance=T_0):
    return [no - 1, control, cn, qty, unit, money, tolerance]


def licence(lid=L123, kind=INDIVIDUAL, status=ACTIVE, holder=EORI_NL, destinations=CN,
            lines=None):
    lines = [line()] if lines is None else lines
    out = [LICENCE, lid, kind, status, holder, VALID_2025, destinations, len(lines)]
    for one in lines:
        out += one
    return out


def document(code=X060, ref=L123, line_no=1, write_off=W_NONE, unit=NAR, value=WV_NONE):
    out = [code, ref, line_no, write_off]
    if write_off != W_NONE:
        out.append(unit)
    return out + [value]


def item(no=1, qty=Q_40, unit=NAR, money=M_NONE, documents=None, cn=0, control=0, mass=0):
    documents = [document()] if documents is None else documents
    out = [no - 1, cn, control, qty, unit, mass, money, len(documents)]
    for one in documents:
        out += one
    return out


def declaration(mrn=MRN0, items=None, version=None, destination=0, consignee=0, route=0,
                exporter=EORI_NL):
    items = [item()] if items is None else items
    out = [DECLARATION] if version is None else [AMENDMENT, mrn, version - 2]
    if version is None:
        out.append(mrn)
    out += [0, exporter, destination, consignee, route, len(items)]
    for one in items:
        out += one
    return out


def disposition(mrn=MRN0, version=0, refuse=False):
    return [DISPOSITION, mrn, version, 1 if refuse else 0]


SEEDS = {
    # Written off until the line runs out: CLEARED, CLEARED, HELD (40 > 20 left, nothing
    # reserved), released; an invalidation returns 40 and the next declaration clears.
    "licence-runs-out": licence() + declaration(MRN0) + declaration(MRN1) + declaration(MRN2)
    + disposition(MRN2) + [INVALIDATION, MRN0, EORI_NL] + declaration(MRN3),
    # A catch-all rule holds a declaration whose licence covers it (RESERVED), then the
    # officer releases it (COMMIT) and refuses the next (UNRESERVE).
    "hold-release-refuse": licence(LGL, GLOBAL, holder=EORI_NONE)
    + [RULE, 1, 5, CN, 1, 0, 0]
    + declaration(MRN0, [item(documents=[document(X070, LGL)])])
    + declaration(MRN1, [item(documents=[document(X070, LGL)])])
    + disposition(MRN0) + disposition(MRN1, refuse=True) + disposition(MRN1),
    # A replacement lowers the total below what is consumed; a later write-off is refused.
    "replacement-below-used": licence()
    + declaration(MRN0, [item(qty=Q_100, documents=[document(write_off=W_40)])])
    + licence(lines=[line(qty=Q_10)]) + declaration(MRN1, [item(qty=Q_2_5)])
    + [INVALIDATION, MRN0, EORI_NL] + declaration(MRN2, [item(qty=Q_2_5)]),
    # An amendment voids the first version's attributions and is decided anew.
    "amendment": licence() + declaration(MRN0)
    + declaration(MRN0, [item(qty=Q_10), item(2, qty=Q_2_5)], version=2)
    + declaration(MRN0, [item(qty=Q_100)], version=3) + [INVALIDATION, MRN0, EORI_NL]
    + declaration(MRN0, version=4),
    # Tolerance: 100 % lets write-offs reach twice the total.
    "tolerance": licence(lines=[line(qty=Q_100, tolerance=T_100)]) + declaration(MRN0)
    + declaration(MRN1) + declaration(MRN2) + declaration(MRN3)
    + declaration(MRN0, [item(qty=Q_1E6)], version=2),
    # Value and quantity caps on two lines, two documents sharing one item's amount.
    "two-lines-value-cap": licence(lines=[line(1, qty=Q_10, money=M_48000),
                                          line(2, qty=Q_100, unit=KGM, money=M_100)])
    + declaration(MRN0, [item(qty=Q_10, money=M_48000,
                              documents=[document(line_no=1), document(line_no=2)])])
    + declaration(MRN1, [item(qty=Q_2_5, unit=KGM, money=M_100,
                              documents=[document(line_no=0), document(line_no=2)])])
    + declaration(MRN2, [item(qty=Q_2_5, money=M_0, documents=[document(line_no=0)])]),
    # Suspension by destination, reactivation, revocation of one licence.
    "suspend-by-destination": licence() + licence(L456, destinations=CN | RU)
    + [STATUS, 1, 0, 1] + declaration(MRN0)
    + [STATUS, 1, 0, 0] + declaration(MRN1, [item(documents=[document(ref=L456)])])
    + [STATUS, 0, L456, 2] + disposition(MRN0) + declaration(MRN0, version=2),
    # A listed party matches the consignee: DENIED_PARTY hold; removed, the amendment clears.
    "listed-party": licence() + [PARTY, 0, 0b001, 0] + declaration(MRN0)
    + [PARTY_REMOVAL, 0] + declaration(MRN0, version=2) + disposition(MRN0),
    # Union general authorisation EU001 (X061), any holder; an embargo on RU with an exemption.
    "union-general-embargo": licence(EU001, UNION_GENERAL, holder=EORI_NONE,
                                     destinations=CN | RU | US, lines=[line(qty=Q_NONE)])
    + [RULE, 0, 1, RU, 1, 0, 0b1] + declaration(MRN0, [item(documents=[document(X061, EU001)])],
                                                destination=1)
    + declaration(MRN1, [item(documents=[document(X061, EU001), document(Y901, L123)])])
    + [RULE_REMOVAL, 0] + declaration(MRN2, destination=1),
    # Malformed input in mid-sequence: a bad MRN, no items, a repeated item, an unknown MRN.
    "rejections": licence() + declaration(MRN_BAD) + declaration(MRN0, [])
    + declaration(MRN1, [item(1), item(1)]) + disposition(MRN3)
    + [INVALIDATION, MRN3, EORI_NL] + declaration(MRN2),
}


def main():
    out = pathlib.Path(__file__).resolve().parent / "corpus" / "engine_sequence_fuzzer"
    out.mkdir(parents=True, exist_ok=True)
    for name, data in SEEDS.items():
        assert all(0 <= b < 256 for b in data), name
        (out / f"{name}.bin").write_bytes(bytes(data))


if __name__ == "__main__":
    main()
