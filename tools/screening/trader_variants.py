#!/usr/bin/python3
"""Writes a screening evaluation set of listed names as traders type them.

An independent generator: it shares no code, word list or rule with the matcher in
services/screening/ (nor with tools/screening/eval_set.cc, which was written with it), so
that the set does not test the matcher against itself. It reads the published lists
directly (OFAC SDN legacy CSV and the UN consolidated XML) with the Python standard library.

Output: TSV on stdout, one query per line:

    kind <TAB> expected party id (empty: no party may be hit) <TAB> declared name <TAB> source name

Kinds (positives unless said otherwise), all made from listed organisation names that carry
a legal form or dotted initials, since those are the names the kinds are about:

  spaced-form   dots of legal forms and initials dropped, letters left spaced:
                "S.A. DE C.V." -> "S A DE C V", "L.L.C." -> "L L C", "C.I." -> "C I";
                undotted initialisms typed spaced: "PJSC" -> "P J S C", "SAS" -> "S A S"
  reordered     spaced-form, then the words reordered (legal form moved to the front,
                words rotated or two words swapped)
  typo          spaced-form, then one letter of a word of 8 or more letters replaced by
                another (a neighbour on a QWERTY keyboard, or any letter)
  initials      the name reduced to the initials of its words (all words, or only the
                words that are not articles and prepositions) and the legal form,
                written "DGA S.A. DE C.V.", "DGA SA DE CV", "D.G.A. S.A. DE C.V." or
                "D G A S A DE C V"
  combined      spaced-form with reordering and a typo together
  arabic-script / cyrillic-script
                the UN's name in the original script (NAME_ORIGINAL_SCRIPT), to be screened
                against the party's Latin names only; the party field lists the UN entry
                and every OFAC entry of the same individual ("UN-1|OFAC-2": same words
                and a birth year in common), any of which counts as found
  near-miss     (negative) a listed organisation name whose rarest word is replaced by
                another listed name's rare word, the rest (common words, legal form) kept,
                typed in the same styles; dropped when its word set is a listed name's
  near-initials (negative) the initials variant with one initial changed, dropped when any
                listed name has those initials
  arabic-near-miss-script
                (negative) a UN name in Arabic script with one word replaced by a word of
                another party's Arabic name

    /usr/bin/python3 tools/screening/trader_variants.py [--seed N] [--per-kind N]
        [--negatives N] [--lists DIR] > variants.tsv
"""

import argparse
import csv
import os
import random
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

# Legal forms as they are written in the lists, in the generator's own words. Each entry is
# the form's words; a word made of capital letters and dots is an initialism.
FORMS = [
    "S.A. DE C.V.", "S.A.P.I. DE C.V.", "S. DE R.L. DE C.V.", "S. DE R.L.", "S.A.S.",
    "S.A.", "S.R.L.", "S.A.C.", "S.A.A.", "S.L.", "E.I.R.L.", "C.I.", "LTDA.", "LTDA",
    "LIMITADA", "CIA. LTDA.", "L.L.C.", "LLC", "P.J.S.C.", "PJSC", "J.S.C.", "JSC", "OJSC",
    "CJSC", "CO., LTD.", "CO. LTD.", "CO LTD", "LTD.", "LTD", "LIMITED", "INC.", "INC",
    "CORP.", "CORP", "CORPORATION", "GMBH", "AG", "B.V.", "N.V.", "S.P.A.", "SPA", "SAS",
    "SARL", "S.A.R.L.", "S.A.L.", "SAL", "FZE", "FZCO", "FZC", "DMCC", "PLC", "P.L.C.",
    "OOO", "ZAO", "OAO", "PAO", "AO", "TOO", "L.P.", "LLP", "PTE. LTD.", "PTE LTD",
    "SDN. BHD.", "SDN BHD", "CO.", "CO", "COMPANY", "A.S.", "A/S",
    "LIMITED LIABILITY COMPANY", "JOINT STOCK COMPANY", "JOINT-STOCK COMPANY",
    "OPEN JOINT-STOCK COMPANY", "OPEN JOINT STOCK COMPANY", "CLOSED JOINT-STOCK COMPANY",
    "CLOSED JOINT STOCK COMPANY", "PUBLIC JOINT STOCK COMPANY",
]

# Articles, prepositions and conjunctions a trader skips when abbreviating a name.
SKIPPED_IN_INITIALS = {
    "DE", "DEL", "LA", "LAS", "LOS", "EL", "Y", "E", "DA", "DO", "DOS", "DAS", "THE", "OF",
    "AND", "FOR", "&", "AL", "EL", "FOR", "DI", "DU", "DES", "ET", "UND", "VON",
}

QWERTY_ROWS = ["QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"]


def keyboard_neighbours(letter):
    for row_index, row in enumerate(QWERTY_ROWS):
        col = row.find(letter)
        if col < 0:
            continue
        near = set()
        for r in (row_index - 1, row_index, row_index + 1):
            if 0 <= r < len(QWERTY_ROWS):
                for c in (col - 1, col, col + 1):
                    if 0 <= c < len(QWERTY_ROWS[r]):
                        near.add(QWERTY_ROWS[r][c])
        near.discard(letter)
        return sorted(near)
    return []


def plain(text):
    """Upper case, accents dropped: how the generator compares names (its own rule)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def read_ofac(directory):
    """Returns [(party id, [names], is_organisation)] from the SDN and alias CSV files."""
    parties = {}
    order = []
    with open(os.path.join(directory, "ofac-sdn.csv"), newline="", encoding="utf-8",
              errors="replace") as f:
        for row in csv.reader(f):
            if len(row) < 3:
                continue
            ent, name, kind = row[0].strip(), row[1].strip(), row[2].strip()
            party = "OFAC-" + ent
            parties[party] = ([name], kind == "-0-")
            order.append(party)
    with open(os.path.join(directory, "ofac-alt.csv"), newline="", encoding="utf-8",
              errors="replace") as f:
        for row in csv.reader(f):
            if len(row) < 4:
                continue
            party = "OFAC-" + row[0].strip()
            if party in parties and row[3].strip() not in ("", "-0-"):
                parties[party][0].append(row[3].strip())
    return [(p, parties[p][0], parties[p][1]) for p in order]


def read_un(directory):
    """Returns ([(party id, [names], is_organisation)], [(party id, original-script name)])."""
    tree = ET.parse(os.path.join(directory, "un-consolidated.xml"))
    result = []
    scripts = []
    for record in tree.getroot().iter():
        if record.tag not in ("INDIVIDUAL", "ENTITY"):
            continue
        party = "UN-" + (record.findtext("DATAID") or "").strip()
        parts = [(record.findtext(t) or "").strip()
                 for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        names = [" ".join(p for p in parts if p)]
        for alias in record.iter():
            if alias.tag in ("INDIVIDUAL_ALIAS", "ENTITY_ALIAS"):
                if (alias.findtext("QUALITY") or "").strip() == "Low":
                    continue
                for spelling in (alias.findtext("ALIAS_NAME") or "").split(";"):
                    if spelling.strip():
                        names.append(spelling.strip())
        result.append((party, [n for n in names if n], record.tag == "ENTITY"))
        original = (record.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
        if original:
            scripts.append((party, original))
    return result, scripts


def name_words(name):
    """The set of a Latin name's words: apostrophes dropped, split at anything else."""
    text = plain(name).replace("'", "")
    return frozenset(w for w in re.split(r"[^A-Z0-9]+", text) if w)


def birth_years(directory):
    """{party id: {birth years}} from OFAC remarks ("DOB 01 Jul 1936", "DOB circa 1955",
    "DOB 1960 to 1962") and UN INDIVIDUAL_DATE_OF_BIRTH (YEAR, FROM_YEAR, TO_YEAR, DATE)."""
    years = {}
    with open(os.path.join(directory, "ofac-sdn.csv"), newline="", encoding="utf-8",
              errors="replace") as f:
        for row in csv.reader(f):
            if len(row) < 12:
                continue
            for part in row[11].split(";"):
                part = part.strip()
                if part.startswith("DOB "):
                    years.setdefault("OFAC-" + row[0].strip(), set()).update(
                        re.findall(r"\b(1[89]\d\d|20\d\d)\b", part))
    tree = ET.parse(os.path.join(directory, "un-consolidated.xml"))
    for record in tree.getroot().iter("INDIVIDUAL"):
        party = "UN-" + (record.findtext("DATAID") or "").strip()
        for dob in record.iter("INDIVIDUAL_DATE_OF_BIRTH"):
            for tag in ("YEAR", "FROM_YEAR", "TO_YEAR", "DATE"):
                text = (dob.findtext(tag) or "").strip()
                years.setdefault(party, set()).update(re.findall(r"(1[89]\d\d|20\d\d)", text))
    return years


def same_person(un_party, parties_by_id, words_index, years):
    """Other entries of the same individual: an OFAC entry with a name of exactly the same
    words as one of the UN entry's Latin names AND a birth year in common (both needed, so a
    namesake born another year, or an entry without a birth year, never counts)."""
    mine = years.get(un_party)
    if not mine:
        return []
    found = set()
    for name in parties_by_id[un_party]:
        for other in words_index.get(name_words(name), ()):
            if other != un_party and other.startswith("OFAC-") and years.get(other, set()) & mine:
                found.add(other)
    return sorted(found)


def script_of(text):
    scripts = set()
    for c in text:
        if c.isalpha():
            scripts.add(unicodedata.name(c, "UNKNOWN").split()[0])
    return scripts


# A name split into words, each word remembering whether it belongs to a legal form.
def split_form(name):
    """Finds the legal form at the end of the name (or C.I. at its start). Returns
    (leading form words, core words, trailing form words) or None when there is none."""
    text = plain(name).replace(",", " ").replace("'", "").replace('"', " ")
    words = text.split()
    if len(words) < 2:
        return None
    forms = sorted((f.split() for f in FORMS), key=len, reverse=True)
    lead = []
    if words[0] in ("C.I.", "CI"):
        lead, words = [words[0]], words[1:]
    tail = []
    for form in forms:
        if len(words) > len(form) and [w.rstrip(",") for w in words[-len(form):]] == form:
            tail = words[-len(form):]
            words = words[:-len(form)]
            break
    if not tail:
        for form in forms:
            if len(words) > len(form) and words[:len(form)] == form:
                lead = lead + words[:len(form)]
                words = words[len(form):]
                break
    if not lead and not tail:
        return None
    if not words or not any(re.search("[A-Z]{3}", w) for w in words):
        return None
    return lead, words, tail


def spaced(word):
    """An initialism typed without dots, its letters spaced: "S.A." -> "S A"."""
    if re.fullmatch(r"([A-Z]\.)+[A-Z]?\.?", word):
        return " ".join(c for c in word if c.isalpha())
    if word in ("LLC", "PJSC", "JSC", "OJSC", "CJSC", "SAS", "SA", "CI", "SRL", "SAC", "SL",
                "SPA", "SAL", "FZE", "FZC", "PLC", "LLP", "BV", "NV", "LP", "EIRL"):
        return " ".join(word)
    if word == "A/S":
        return "A S"
    return word


def spaced_words(words):
    out = []
    for w in words:
        out.extend(spaced(w).split())
    return out


def has_spacing(words):
    return any(spaced(w) != w for w in words)


def typo(rng, words):
    long_positions = [i for i, w in enumerate(words)
                      if len(w) >= 8 and w.isalpha() and w.isascii()]
    if not long_positions:
        return None
    i = rng.choice(long_positions)
    word = words[i]
    # Not the first letter: traders rarely get that wrong, and it is kept by most readers.
    position = rng.randrange(1, len(word))
    old = word[position]
    choices = keyboard_neighbours(old) if rng.random() < 0.7 else list(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    choices = [c for c in choices if c != old]
    new = rng.choice(choices)
    out = list(words)
    out[i] = word[:position] + new + word[position + 1:]
    return out


def reorder(rng, lead, core, tail):
    choice = rng.randrange(3)
    if choice == 0 and (tail or lead):
        return lead and (core + lead + tail) or (tail + core)  # form moved to the other end
    if choice == 1 and len(core) >= 2:
        k = rng.randrange(1, len(core))
        return lead + core[k:] + core[:k] + tail  # rotated
    if len(core) >= 2:
        i, j = rng.sample(range(len(core)), 2)
        swapped = list(core)
        swapped[i], swapped[j] = swapped[j], swapped[i]
        return lead + swapped + tail
    return None


def initials_of(words, skip):
    words = [w.strip("()[]'\".,;:") for w in words]
    letters = [w[0] for w in words
               if w and w[0].isalpha() and not (skip and w in SKIPPED_IN_INITIALS)]
    return "".join(letters)


def write_initials(rng, letters, form_words):
    style = rng.randrange(4)
    form_plain = " ".join(form_words)
    if style == 0:
        return letters + " " + form_plain
    if style == 1:
        return letters + " " + " ".join(w.replace(".", "") for w in form_words)
    if style == 2:
        return ".".join(letters) + ". " + form_plain
    return " ".join(letters) + " " + " ".join(spaced_words(form_words))


def core_key(words):
    return tuple(sorted(w.strip(".,") for w in words))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--per-kind", type=int, default=400)
    parser.add_argument("--negatives", type=int, default=1500)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--lists", default=os.path.join(here, "..", "..", "..", "shared", "data",
                                                        "external"))
    args = parser.parse_args()
    rng = random.Random(args.seed)

    ofac = read_ofac(args.lists)
    un, scripts = read_un(args.lists)
    parties = ofac + un

    # Organisation names with a legal form: the material of every Latin kind.
    formed = []  # (party, name, lead, core, tail)
    all_cores = set()
    initials_taken = set()  # initials of every listed name, both readings
    word_count = {}
    for party, names, organisation in parties:
        for name in names:
            words = plain(name).replace(",", " ").split()
            for w in words:
                word_count[w] = word_count.get(w, 0) + 1
            parts = split_form(name)
            core = parts[1] if parts else words
            all_cores.add(core_key(core))
            # Initials any listed name may be read as: of its core, of its core with the
            # form's words before the last, and a one-word name as it is.
            with_form = core + (parts[2][:-1] if parts else [])
            for words_read in (core, with_form):
                if len(words_read) >= 2:
                    initials_taken.add(initials_of(words_read, False))
                    initials_taken.add(initials_of(words_read, True))
            if len(core) == 1:
                initials_taken.add(core[0].strip("().,'\""))
            if parts and organisation:
                formed.append((party, name) + parts)
    rng.shuffle(formed)

    rows = []
    seen = set()

    def emit(kind, party, declared, source):
        declared = " ".join(declared.split())
        source = " ".join(source.split())
        if (kind, declared) in seen:
            return False
        seen.add((kind, declared))
        rows.append((kind, party, declared, source))
        return True

    def take(kind, make):
        made = 0
        for party, name, lead, core, tail in formed:
            if made >= args.per_kind:
                break
            words = make(lead, core, tail)
            if words and emit(kind, party, " ".join(words), name):
                made += 1

    def spaced_name(lead, core, tail):
        if not has_spacing(lead + tail):
            return None
        return spaced_words(lead) + core + spaced_words(tail)

    take("spaced-form", spaced_name)

    def reordered(lead, core, tail):
        if not has_spacing(lead + tail):
            return None
        words = reorder(rng, spaced_words(lead), core, spaced_words(tail))
        return words

    take("reordered", reordered)

    def typoed(lead, core, tail):
        if not has_spacing(lead + tail):
            return None
        changed = typo(rng, core)
        return changed and spaced_words(lead) + changed + spaced_words(tail)

    take("typo", typoed)

    def initials(lead, core, tail):
        significant = [w for w in core if w not in SKIPPED_IN_INITIALS]
        if len(significant) < 3:
            return None
        letters = initials_of(core, rng.random() < 0.5)
        if not letters.isascii() or len(letters) < 3:
            return None
        return [write_initials(rng, letters, lead + tail)]

    take("initials", initials)

    def combined(lead, core, tail):
        if not has_spacing(lead + tail):
            return None
        changed = typo(rng, core)
        if not changed:
            return None
        return reorder(rng, spaced_words(lead), changed, spaced_words(tail))

    take("combined", combined)

    # A script name is found when its UN entry or another entry of the same individual (see
    # same_person) is hit: the party field lists them, "UN-1|OFAC-2", the UN entry first.
    parties_by_id = {p: names for p, names, _ in parties}
    words_index = {}
    for p, names, _ in parties:
        for name in names:
            words_index.setdefault(name_words(name), set()).add(p)
    years = birth_years(args.lists)
    for party, original in scripts:
        found = script_of(original)
        accepted = "|".join([party] + same_person(party, parties_by_id, words_index, years))
        if found == {"ARABIC"}:
            emit("arabic-script", accepted, original, original)
        elif found == {"CYRILLIC"}:
            emit("cyrillic-script", accepted, original, original)

    # Arabic-script negatives: one word of an Arabic name replaced by a word of another
    # party's Arabic name of three letters or more; dropped when it is a listed Arabic name.
    arabic = [(p, o.split()) for p, o in scripts if script_of(o) == {"ARABIC"}]
    arabic_names = {tuple(sorted(words)) for _, words in arabic}
    arabic_words = sorted({w for _, words in arabic for w in words if len(w) >= 3})
    for party, words in arabic:
        if len(words) < 2:
            continue
        i = rng.randrange(len(words))
        changed = list(words)
        changed[i] = rng.choice(arabic_words)
        if changed[i] in words or tuple(sorted(changed)) in arabic_names:
            continue
        emit("arabic-near-miss-script", "", " ".join(changed), " ".join(words))

    # Negatives: the rarest word of a formed name replaced by another name's rare word of
    # similar length; the common words and the legal form kept.
    # A replacement word must not be a listed word with one letter wrong, added or left
    # out (that would be a typo of a listed name, not a near miss): words one deletion apart
    # share a deletion variant.
    variants = {}
    for w in word_count:
        for v in [w] + [w[:k] + w[k + 1:] for k in range(len(w))]:
            variants[v] = variants.get(v, 0) + 1
    def near_listed(word):
        own = [word] + [word[:k] + word[k + 1:] for k in range(len(word))]
        # The word's own variants are counted once in `variants`.
        return any(variants.get(v, 0) > (1 if v in own_set else 0)
                   for own_set in [set([word] + [word[:k] + word[k + 1:]
                                                 for k in range(len(word))])]
                   for v in own)
    rare_words = sorted({w for w, n in word_count.items()
                         if n == 1 and len(w) >= 5 and w.isalpha() and w.isascii()
                         and (w,) not in all_cores and not near_listed(w)})
    made = 0
    for party, name, lead, core, tail in formed:
        if made >= args.negatives:
            break
        candidates = [i for i, w in enumerate(core) if w.isalpha() and len(w) >= 4]
        if len(core) < 2 or not candidates:
            continue
        i = min(candidates, key=lambda k: (word_count.get(core[k], 0), -len(core[k])))
        length = len(core[i])
        replacement = rng.choice(rare_words)
        tries = 0
        while abs(len(replacement) - length) > 2 and tries < 50:
            replacement = rng.choice(rare_words)
            tries += 1
        changed = list(core)
        changed[i] = replacement
        rest = core[:i] + core[i + 1:]
        # Not a listed name, nor a listed name with one word added.
        if core_key(changed) in all_cores or core_key(rest) in all_cores:
            continue
        style = rng.randrange(3)
        form_lead = spaced_words(lead) if style else lead
        form_tail = spaced_words(tail) if style else tail
        words = form_lead + changed + form_tail
        if style == 2:
            words = reorder(rng, form_lead, changed, form_tail) or words
        if emit("near-miss", "", " ".join(words), name):
            made += 1

    made = 0
    for party, name, lead, core, tail in formed:
        if made >= args.per_kind:
            break
        if len([w for w in core if w not in SKIPPED_IN_INITIALS]) < 3:
            continue
        letters = initials_of(core, rng.random() < 0.5)
        if not letters.isascii() or len(letters) < 3:
            continue
        k = rng.randrange(len(letters))
        letters = letters[:k] + rng.choice([c for c in "ABCDEFGHIJKLMNOPRSTUVWZ"
                                            if c != letters[k]]) + letters[k + 1:]
        if letters in initials_taken:
            continue
        if emit("near-initials", "", write_initials(rng, letters, lead + tail), name):
            made += 1

    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                     escapechar="\\")
    for row in rows:
        out.writerow(row)
    counts = {}
    for row in rows:
        counts[row[0]] = counts.get(row[0], 0) + 1
    print("trader_variants: " + ", ".join("%s %d" % kv for kv in sorted(counts.items())),
          file=sys.stderr)


if __name__ == "__main__":
    main()
