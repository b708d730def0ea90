#!/usr/bin/python3
"""Passage-level scoring of a judged set whose judgments name answering phrases
(tests/eval/whitehouse/answers.tsv: QID, RELEASE, GRADE, PHRASE). A passage answers a question
when its text holds a grade-2 phrase of one of the question's releases, compared on letters and
digits only (case, spaces, punctuation and Markdown link targets ignored), so the judgments do
not depend on how any engine cuts releases into passages.

  eval-passages.py qrels ANSWERS                 TREC qrels: each release's highest grade
  eval-passages.py check ANSWERS INDEX           every phrase is inside one passage of its
                                                 release in the locus INDEX (exit 1 if not)
  eval-passages.py locus JSONL OUT               locus-search --batch --json output as a
                                                 passage run (QID RANK RELEASE KEY per line,
                                                 KEY naming the passage's text: key() below)
  eval-passages.py score-jsonl ANSWERS JSONL     success@1 and @3 of locus-search --batch --json
                                                 output, from the hits' own text (no index
                                                 read: python3-xapian not needed)
  eval-passages.py score ANSWERS INDEX NAME=RUN...
                                                 a Markdown row per passage run: success@1 and
                                                 @3 (the first / one of the first three
                                                 passages answers), MRR@10 of the first
                                                 answering passage, helps@1 (grade 1 or 2)
  eval-passages.py versus ANSWERS INDEX NAME=RUN NAME=RUN...
                                                 the first run against the best of the others
                                                 (by success@1, then MRR@10): the questions
                                                 where only one of the two shows an answer
                                                 first, and the two-sided sign test on them
"""
import hashlib
import json
import os
import re
import sys


def norm(text):
    text = re.sub(r"\]\([^)]*\)", "", text)  # a Markdown link's target
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def key(text):
    """A passage's name in a passage run: its text's digest (the windows of a long paragraph
    share their paragraph's place in the file, so a place does not name one)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def answers(path):
    out = {}  # qid: [(release, grade, phrase)]
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            qid, release, grade, phrase = line.rstrip("\n").split("\t")
            out.setdefault(qid, []).append((release, int(grade), norm(phrase)))
    return out


RECORD_STRINGS = ("path", "title", "section", "date", "heading_path", "format", "language",
                  "url", "issuer", "text")


def record_strings(data):
    """The ten strings of a locus passage record (store/passage_record.c: the format byte 5, eight
    varints, then the strings, each its length and its bytes; the path as bytes, the others
    decoded), or None for data that is no such record."""
    if not data or data[0] != 5:
        return None
    i = 1

    def varint():
        nonlocal i
        v = shift = 0
        while True:
            if i >= len(data) or shift > 63:
                raise ValueError("short record")
            b = data[i]
            i += 1
            v |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return v

    try:
        for _ in range(8):  # flags, then the seven numbers
            varint()
        out = {}
        for name in RECORD_STRINGS:
            n = varint()
            if i + n > len(data):
                return None
            raw = data[i:i + n]
            out[name] = os.fsdecode(raw) if name == "path" else raw.decode("utf-8", "replace")
            i += n
    except ValueError:
        return None
    return out if i == len(data) else None


def record(data):
    """(path, text) of a locus passage record, or None."""
    rec = record_strings(data)
    return (rec["path"], rec["text"]) if rec else None


def passages(index):
    """(release, key): normalised text, for every passage of a locus index."""
    import xapian
    db = xapian.Database(index)
    out = {}
    for post in db.postlist(""):
        try:
            rec = record(db.get_document(post.docid).get_data())
        except ValueError:
            continue
        if rec is None:
            continue
        path, text = rec
        stem = os.path.splitext(os.path.basename(path))[0]
        out[(stem, key(text))] = norm(text)
    return out


def grade_of(judged, release, text):
    best = 0
    for rel, grade, phrase in judged:
        if rel == release and phrase in text:
            best = max(best, grade)
    return best


def score(ans, texts, run):
    return measures(ans, texts, ranked_run(run))


def firsts(ans, texts, ranked):
    """qid: (the rank from 0 of the first answering passage among the first ten, or None;
    whether the first passage answers or helps)."""
    out = {}
    for qid, judged in ans.items():
        hits = sorted(ranked.get(qid, []))[:10]
        grades = [grade_of(judged, rel, texts.get((rel, name), "")) for _, rel, name in hits]
        out[qid] = (next((i for i, g in enumerate(grades) if g == 2), None), bool(grades) and grades[0] > 0)
    return out


def measures(ans, texts, ranked):
    s1 = s3 = rr = h1 = 0.0
    for first, helps in firsts(ans, texts, ranked).values():
        s1 += first == 0
        s3 += first is not None and first < 3
        rr += 0 if first is None else 1 / (first + 1)
        h1 += helps
    n = len(ans)
    return s1 / n, s3 / n, rr / n, h1 / n


def ranked_run(run):
    ranked = {}
    with open(run) as f:
        for line in f:
            qid, rank, release, name = line.split()
            ranked.setdefault(qid, []).append((int(rank), release, name))
    return ranked


def sign_test(wins, losses):
    """Two-sided exact sign test over the questions that differ."""
    n, k = wins + losses, min(wins, losses)
    if n == 0:
        return 1.0
    from math import comb
    return min(1.0, 2 * sum(comb(n, i) for i in range(k + 1)) / 2 ** n)


def versus(ans, texts, runs):
    """Prints the first of RUNS ((name, path)) against the best of the others."""
    scored = [(name, firsts(ans, texts, ranked_run(path))) for name, path in runs]
    n = len(ans)

    def key(f):
        return (sum(v[0] == 0 for v in f.values()),
                sum(0 if v[0] is None else 1 / (v[0] + 1) for v in f.values()))
    name, mine = scored[0]
    peer, theirs = max(scored[1:], key=lambda r: key(r[1]))
    wins = sum(mine[q][0] == 0 and theirs[q][0] != 0 for q in ans)
    losses = sum(theirs[q][0] == 0 and mine[q][0] != 0 for q in ans)
    a, b = key(mine)[0] / n, key(theirs)[0] / n
    print("%s against the best peer on the passage shown first (%s): success@1 %+.3f (%.3f against %.3f); "
          "an answer first on %d questions where the peer has none, none on %d where it has; "
          "sign test p = %.2f" % (name, peer, a - b, a, b, wins, losses, sign_test(wins, losses)))


def main(argv):
    if len(argv) == 2 and argv[0] == "qrels":
        best = {}
        for qid, judged in answers(argv[1]).items():
            for rel, grade, _ in judged:
                best[(qid, rel)] = max(best.get((qid, rel), 0), grade)
        for (qid, rel), grade in sorted(best.items()):
            print("%s 0 %s %d" % (qid, rel, grade))
    elif len(argv) == 3 and argv[0] == "check":
        texts = passages(argv[2])
        by_release = {}
        for (rel, _), text in texts.items():
            by_release.setdefault(rel, []).append(text)
        missing = 0
        for qid, judged in sorted(answers(argv[1]).items()):
            for rel, _, phrase in judged:
                if not any(phrase in t for t in by_release.get(rel, [])):
                    print("%s: no passage of %s holds its phrase" % (qid, rel), file=sys.stderr)
                    missing += 1
        sys.exit(1 if missing else 0)
    elif len(argv) == 3 and argv[0] == "locus":
        with open(argv[1], encoding="utf-8") as f, open(argv[2], "w") as out:
            for line in f:
                rec = json.loads(line)
                if rec.get("type") != "hit":
                    continue
                stem = os.path.splitext(os.path.basename(rec["path"]))[0]
                out.write("%s %d %s %s\n" % (rec["qid"], rec["rank"], stem, key(rec["text"])))
    elif len(argv) == 3 and argv[0] == "score-jsonl":
        texts, ranked = {}, {}
        with open(argv[2], encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if rec.get("type") != "hit":
                    continue
                stem = os.path.splitext(os.path.basename(rec["path"]))[0]
                name = key(rec["text"])
                texts[(stem, name)] = norm(rec["text"])
                ranked.setdefault(rec["qid"], []).append((rec["rank"], stem, name))
        s1, s3, rr, h1 = measures(answers(argv[1]), texts, ranked)
        print("success1 %.4f\nsuccess3 %.4f\nmrr10 %.4f\nhelps1 %.4f" % (s1, s3, rr, h1))
    elif len(argv) >= 4 and argv[0] == "score":
        ans = answers(argv[1])
        texts = passages(argv[2])
        for arg in argv[3:]:
            name, _, run = arg.rpartition("=")
            s1, s3, rr, h1 = score(ans, texts, run)
            print("| %s | %.3f | %.3f | %.3f | %.3f |" % (name, s1, s3, rr, h1))
    elif len(argv) >= 5 and argv[0] == "versus":
        runs = [arg.rpartition("=")[::2] for arg in argv[3:]]
        versus(answers(argv[1]), passages(argv[2]), runs)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
