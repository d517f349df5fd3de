#!/usr/bin/env python3
"""Writes trenchcoat's synthetic MQM-rated translations (deterministic; nothing here is real data).

Each direction (en-de, de-en) gets 240 source sentences built from a small bilingual lexicon and
sentence templates, a reference translation (`ref`, error free) and six machine-translation-like
systems. A system's output is the reference with damage applied at the system's own rate:

  error kinds (MQM category, severity; weights as Google's MQM: Major 5, Minor 1,
  Minor Fluency/Punctuation 0.1):
    wrong noun or verb        Accuracy/Mistranslation  Major   (one word differs)
    inserted negation         Accuracy/Mistranslation  Major   (one word added)
    dropped clause            Accuracy/Omission        Major   (several words missing)
    untranslated word         Accuracy/Untranslated    Minor   (one word in the source language)
    wrong article             Fluency/Grammar          Minor   (one word differs)
    swapped words             Fluency/Grammar          Minor   (two words change places)
    missing final stop        Fluency/Punctuation      Minor   (weight 0.1)

  and paraphrases that are not errors (a synonym, a moved adverb), which change the string but not
  the rating: the reason a string metric and the human ratings disagree here, as they do on real data.

The file layout is that of the error-level TSVs of github.com/google/wmt-mqm-human-evaluation (one row
per error, `No-error` for a clean segment, the error span marked with <v>...</v>), so
`trenchcoat mtme import-mqm` and `trenchcoat reproduce translation` read it like the real ones.

Usage: make_synthetic_mqm.py OUT_DIR      writes mqm_synthetic_ende.tsv and mqm_synthetic_deen.tsv
       make_synthetic_mqm.py --check DIR  exits 1 unless the files in DIR are what this script writes
"""
import os
import random
import sys

# (english, german, gender) for nouns; gender decides the German article.
NOUNS = [
    ("dog", "Hund", "m"), ("cat", "Katze", "f"), ("house", "Haus", "n"), ("teacher", "Lehrer", "m"),
    ("child", "Kind", "n"), ("city", "Stadt", "f"), ("book", "Buch", "n"), ("car", "Auto", "n"),
    ("woman", "Frau", "f"), ("man", "Mann", "m"), ("letter", "Brief", "m"), ("garden", "Garten", "m"),
    ("door", "Tür", "f"), ("window", "Fenster", "n"), ("table", "Tisch", "m"), ("doctor", "Arzt", "m"),
    ("apple", "Apfel", "m"), ("river", "Fluss", "m"), ("bridge", "Brücke", "f"), ("song", "Lied", "n"),
    ("student", "Studentin", "f"), ("train", "Zug", "m"), ("picture", "Bild", "n"), ("street", "Straße", "f"),
]
# (english, german) for transitive verbs in the third person singular; a synonym pair per language
# gives the paraphrases.
VERBS = [
    ("sees", "sieht"), ("finds", "findet"), ("likes", "mag"), ("opens", "öffnet"), ("buys", "kauft"),
    ("paints", "malt"), ("visits", "besucht"), ("describes", "beschreibt"), ("carries", "trägt"),
    ("remembers", "erinnert an"), ("watches", "beobachtet"), ("forgets", "vergisst"),
]
VERB_SYNONYMS = {"en": {"sees": "notices", "likes": "loves", "buys": "purchases", "watches": "observes",
                        "finds": "discovers", "describes": "depicts"},
                 "de": {"sieht": "erblickt", "mag": "liebt", "kauft": "erwirbt", "beobachtet": "betrachtet",
                        "findet": "entdeckt", "beschreibt": "schildert"}}
# Nouns with a synonym (of the same gender in German, so the article stays right).
NOUN_SYNONYMS = {"en": {"car": "automobile", "picture": "image", "house": "building", "song": "tune",
                        "street": "road", "child": "kid"},
                 "de": {"Bild": "Gemälde", "Haus": "Gebäude", "Fluss": "Strom", "Tür": "Pforte"}}
ADJECTIVES = [("old", "alt"), ("new", "neu"), ("small", "klein"), ("big", "groß"), ("red", "rot"),
              ("quiet", "ruhig"), ("young", "jung"), ("friendly", "freundlich"), ("famous", "berühmt")]
ADJECTIVE_SYNONYMS = {"en": {"big": "large", "small": "little", "quiet": "calm"},
                      "de": {"groß": "riesig", "klein": "winzig", "ruhig": "still"}}
ADVERBS = [("today", "heute"), ("again", "wieder"), ("often", "oft"), ("rarely", "selten"),
           ("yesterday", "gestern"), ("suddenly", "plötzlich")]
NEGATION = {"en": "not", "de": "nicht"}
ARTICLE = {"nom": {"m": "der", "f": "die", "n": "das"}, "acc": {"m": "den", "f": "die", "n": "das"}}
WRONG_ARTICLE = {"der": "den", "den": "dem", "die": "der", "das": "des"}

# System names and how often each damages a segment: (expected errors per clause, paraphrase rate,
# share of Major among the accuracy errors).
SYSTEMS = [("sys-A", 0.15, 0.60, 0.10), ("sys-B", 0.30, 0.10, 0.45), ("sys-C", 0.45, 0.45, 0.05),
           ("sys-D", 0.70, 0.20, 0.30), ("sys-E", 1.00, 0.35, 0.20), ("sys-F", 1.40, 0.05, 0.10)]
SEGMENTS = 240


def german_np(noun, adjective, case):
    """'den alten Hund': definite article with the weak adjective ending."""
    _, de, gender = noun
    article = ARTICLE[case][gender]
    words = [article]
    if adjective is not None:
        ending = "en" if (case == "acc" and gender == "m") else "e"
        stem = adjective[1]
        words.append(stem + ending)
    words.append(de)
    return words


def english_np(noun, adjective):
    words = ["the"]
    if adjective is not None:
        words.append(adjective[0])
    words.append(noun[0])
    return words


def clause(rng):
    """One clause in both languages, as word lists with each word's role."""
    subject, obj = rng.sample(NOUNS, 2)
    verb = rng.choice(VERBS)
    subject_adjective = rng.choice(ADJECTIVES) if rng.random() < 0.5 else None
    object_adjective = rng.choice(ADJECTIVES) if rng.random() < 0.5 else None
    adverb = rng.choice(ADVERBS) if rng.random() < 0.6 else None
    en = english_np(subject, subject_adjective) + [verb[0]] + english_np(obj, object_adjective)
    if adverb is not None:
        en.append(adverb[0])
    de_verb = verb[1].split()
    de = german_np(subject, subject_adjective, "nom") + [de_verb[0]]
    if adverb is not None:
        de.append(adverb[1])
    de += german_np(obj, object_adjective, "acc") + de_verb[1:]
    return en, de


def sentence(rng):
    """One to three clauses joined with 'and' / 'und'; returns (english clauses, german clauses)."""
    count = rng.choice([1, 1, 2, 2, 3])
    pairs = [clause(rng) for _ in range(count)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def join(clauses, language):
    conjunction = "and" if language == "en" else "und"
    words = []
    for i, c in enumerate(clauses):
        if i:
            words.append(conjunction)
        words += c
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def lexicon(language):
    """The words of the target language an error may substitute, and source-language equivalents."""
    index = 0 if language == "en" else 1
    other = 1 - index
    nouns = {n[index]: n[other] for n in NOUNS}
    verbs = {v[index].split()[0]: v[other].split()[0] for v in VERBS}
    return nouns, verbs


def damage(rng, clauses, language, rate, paraphrase, major_share):
    """The system's output (as clauses of words) and its MQM errors: (category, severity, word index)."""
    nouns, verbs = lexicon(language)
    clauses = [list(c) for c in clauses]
    errors = []  # (category, severity, clause, word) with word None when no span is marked
    # Paraphrases: no error.
    for c in clauses:
        for i, w in enumerate(c):
            synonym = (VERB_SYNONYMS[language].get(w) or ADJECTIVE_SYNONYMS[language].get(w)
                       or NOUN_SYNONYMS[language].get(w))
            if synonym is None and language == "de":
                for stem, alternative in ADJECTIVE_SYNONYMS["de"].items():
                    if w.startswith(stem) and w[len(stem):] in ("e", "en"):
                        synonym = alternative + w[len(stem):]
            if synonym is not None and rng.random() < paraphrase:
                c[i] = synonym
    # A moved adverb (no error): English to the front of its clause, German to the end (before a
    # separable particle).
    adverbs = {a[0 if language == "en" else 1] for a in ADVERBS}
    for c in clauses:
        positions = [i for i, w in enumerate(c) if w in adverbs]
        if positions and rng.random() < paraphrase:
            word = c.pop(positions[0])
            if language == "en":
                c.insert(0, word)
            else:
                c.insert(len(c) - 1 if c[-1] == "an" else len(c), word)
    # Errors: a Poisson count per clause from the system's rate.
    for ci in range(len(clauses)):
        count = 0
        threshold = pow(2.718281828459045, -rate)
        product = rng.random()
        while product > threshold:
            count += 1
            product *= rng.random()
        for _ in range(count):
            c = clauses[ci]
            accuracy = rng.random() < 0.55
            if accuracy:
                major = rng.random() < 0.35 + major_share
                kind = rng.choice(["mistranslation", "negation", "omission"]) if major else "untranslated"
            else:
                kind = rng.choice(["article", "swap", "swap", "article", "punctuation"])
            if kind == "mistranslation":
                positions = [i for i, w in enumerate(c) if w in nouns or w in verbs]
                if not positions:
                    continue
                i = rng.choice(positions)
                pool = sorted(nouns) if c[i] in nouns else sorted(verbs)
                c[i] = rng.choice([w for w in pool if w != c[i]])
                errors.append(("Accuracy/Mistranslation", "Major", ci, i))
            elif kind == "negation":
                position = 4 if language == "de" else 3
                position = min(position, len(c))
                c.insert(position, NEGATION[language])
                errors.append(("Accuracy/Mistranslation", "Major", ci, position))
            elif kind == "omission":
                if len(clauses) > 1 and len(c) > 0:
                    clauses[ci] = []
                    errors.append(("Accuracy/Omission", "Major", ci, None))
                    break
                positions = [i for i, w in enumerate(c) if w in nouns]
                if not positions:
                    continue
                i = rng.choice(positions)
                del c[i]
                errors.append(("Accuracy/Omission", "Major", ci, None))
            elif kind == "untranslated":
                positions = [i for i, w in enumerate(c) if w in nouns]
                if not positions:
                    continue
                i = rng.choice(positions)
                c[i] = nouns[c[i]]
                errors.append(("Accuracy/Untranslated", "Minor", ci, i))
            elif kind == "article":
                positions = [i for i, w in enumerate(c) if w in WRONG_ARTICLE] if language == "de" else \
                    [i for i, w in enumerate(c) if w == "the"]
                if not positions:
                    continue
                i = rng.choice(positions)
                c[i] = WRONG_ARTICLE[c[i]] if language == "de" else "a"
                errors.append(("Fluency/Grammar", "Minor", ci, i))
            elif kind == "swap":
                if len(c) < 3:
                    continue
                i = rng.randrange(len(c) - 1)
                c[i], c[i + 1] = c[i + 1], c[i]
                errors.append(("Fluency/Grammar", "Minor", ci, i))
            elif not any(e[0] == "Fluency/Punctuation" for e in errors):  # one final stop to lose
                errors.append(("Fluency/Punctuation", "Minor", -1, None))
    return clauses, errors


def render(clauses, language, errors, marked):
    """The output text, with the span of errors[marked] (if any) marked by <v>...</v>."""
    stop = not any(e[0] == "Fluency/Punctuation" for e in errors)
    kept = [c for c in clauses if c]
    mark = None
    if marked is not None and errors[marked][3] is not None:
        ci, wi = errors[marked][2], errors[marked][3]
        if clauses[ci] and wi < len(clauses[ci]):
            # The index among the kept clauses.
            mark = (sum(1 for c in clauses[:ci] if c), wi)
    conjunction = "and" if language == "en" else "und"
    words = []
    for k, c in enumerate(kept):
        if k:
            words.append(conjunction)
        for wi, w in enumerate(c):
            words.append(f"<v>{w}</v>" if mark == (k, wi) else w)
    if not words:
        return ""
    first = words[0]
    offset = 3 if first.startswith("<v>") else 0
    words[0] = first[:offset] + first[offset].upper() + first[offset + 1:]
    return " ".join(words) + ("." if stop else "")


def direction_rows(source_language, target_language, seed):
    rng = random.Random(seed)
    rows = []
    for segment in range(1, SEGMENTS + 1):
        en, de = sentence(rng)
        source_clauses, target_clauses = (en, de) if source_language == "en" else (de, en)
        source = join(source_clauses, source_language)
        reference = join(target_clauses, target_language)
        doc = f"synthetic.{(segment - 1) // 20 + 1}"
        doc_id = str((segment - 1) // 20 + 1)
        rows.append(("ref", doc, doc_id, segment, "rater1", source, reference, "No-error", "No-error"))
        for index, (system, rate, paraphrase, major_share) in enumerate(SYSTEMS):
            clauses, errors = damage(rng, target_clauses, target_language, rate, paraphrase, major_share)
            rater = f"rater{index % 3 + 1}"
            if not errors:
                rows.append((system, doc, doc_id, segment, rater, source, render(clauses, target_language, [], None),
                             "No-error", "No-error"))
                continue
            for e, (category, severity, _, _) in enumerate(errors):
                rows.append((system, doc, doc_id, segment, rater, source,
                             render(clauses, target_language, errors, e), category, severity))
    return rows


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n")
        for row in rows:
            f.write("\t".join(str(x) for x in row) + "\n")


FILES = {"mqm_synthetic_ende.tsv": ("en", "de", 20261208), "mqm_synthetic_deen.tsv": ("de", "en", 20261209)}


def main(argv):
    if len(argv) == 3 and argv[1] == "--check":
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            for name, (s, t, seed) in FILES.items():
                write(os.path.join(tmp, name), direction_rows(s, t, seed))
                with open(os.path.join(tmp, name), "rb") as a, open(os.path.join(argv[2], name), "rb") as b:
                    if a.read() != b.read():
                        print(f"{os.path.join(argv[2], name)}: differs from what make_synthetic_mqm.py writes",
                              file=sys.stderr)
                        return 1
        return 0
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    os.makedirs(argv[1], exist_ok=True)
    for name, (s, t, seed) in FILES.items():
        write(os.path.join(argv[1], name), direction_rows(s, t, seed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
