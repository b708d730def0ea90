#!/usr/bin/python3
"""The peers of scripts/eval: rank a collection that scripts/smart2locus converted (OUT_DIR/docs,
OUT_DIR/queries.tsv) with the engines locus is compared with -- Xapian's own BM25 through the
Python bindings and through scriptindex + quest, SQLite FTS5 -- writing TREC runs that
locus-eval scores with the same code as locus's own run.

  eval-peers.py xapian OUT_DIR RUN [--stop] [--passages INDEX]
  eval-peers.py omega OUT_DIR RUN
  eval-peers.py fts5 OUT_DIR RUN [--stop] [--passages INDEX]

With --passages, the engine ranks the passages of a locus index (each its text with its section
heading and release title, read from the index itself), as locus does: RUN ranks each release
by its best passage, and RUN.passages lists the passages in order ('QID RANK RELEASE KEY' per
line, RELEASE the file name without its extension, KEY the digest of the passage's text), for
scripts/eval-passages.py.
"""
import hashlib
import os
import re
import subprocess
import sys

# The Snowball stop list for English (snowballstem.org/algorithms/english/stop.txt), as facts.
STOP = set("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing would should
could ought i'm you're he's she's it's we're they're i've you've we've they've i'd you'd he'd
she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't
haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't
mustn't let's that's who's what's here's there's when's where's why's how's a an the and but if
or because as until while of at by for with about against between into through during before
after above below to from up down in out on off over under again further then once here there
when where why how all any both each few more most other some such no nor not only own same so
than too very
""".split())


PASSAGES = None  # --passages: the locus index whose passages are ranked


def documents(out):
    if PASSAGES:
        yield from passages(PASSAGES)
        return
    d = os.path.join(out, "docs")
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), encoding="utf-8") as f:
            yield name[:-4], f.read()


def _eval_passages():
    """scripts/eval-passages.py as a module: it reads locus's passage records for both scripts."""
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "eval-passages.py")
    spec = importlib.util.spec_from_file_location("eval_passages", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def passages(index):
    """(id, text) of every passage of a locus index: id 'RELEASE@BYTE', text with heading and title."""
    import xapian
    record_strings = _eval_passages().record_strings
    db = xapian.Database(index)
    found = 0
    for post in db.postlist(""):
        rec = record_strings(db.get_document(post.docid).get_data())
        if rec is None:
            continue  # a document that is no passage (the catalog's own records)
        found += 1
        stem = os.path.splitext(os.path.basename(rec["path"]))[0]
        name = hashlib.sha1(rec["text"].encode("utf-8")).hexdigest()[:16]  # as eval-passages.py
        yield "%s@%s" % (stem, name), "\n".join([rec["title"], rec["section"], rec["text"]])
    if not found:  # a record format this script does not know: say so rather than score 0
        sys.exit("eval-peers: %s: no passage record this script can read in the index" % index)


class Run:
    """Writes a TREC run of documents; with --passages, of releases by their best passage, and
    the passage run beside it."""

    def __init__(self, path, tag):
        self.f = open(path, "w")
        self.p = open(path + ".passages", "w") if PASSAGES else None
        self.tag = tag

    def query(self, qid, ranked):  # ranked: (id, score) best first
        rank, seen = 0, set()
        for i, (docid, score) in enumerate(ranked, 1):
            if self.p:
                stem, _, name = docid.rpartition("@")
                if i <= 100:
                    self.p.write("%s %d %s %s\n" % (qid, i, stem, name))
                if stem in seen:
                    continue
                seen.add(stem)
                docid = stem
            rank += 1
            if rank > 1000:
                break
            self.f.write("%s Q0 %s %d %.6f %s\n" % (qid, docid, rank, score, self.tag))

    def close(self):
        self.f.close()
        if self.p:
            self.p.close()


def queries(out):
    with open(os.path.join(out, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            qid, _, text = line.rstrip("\n").partition("\t")
            yield qid, text


def words(text, stop):
    ws = re.findall(r"[a-z0-9]+", text.lower())
    return [w for w in ws if not (stop and w in STOP)]


def run_xapian(out, run, stop):
    import xapian
    path = os.path.join(out, "peer-xapian")
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    for docid, text in documents(out):
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(text)
        doc.set_data(docid)
        db.add_document(doc)
    db.commit()
    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight(1.2, 0, 1, 0.75, 0.5))
    qp = xapian.QueryParser()
    qp.set_stemmer(xapian.Stem("english"))
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    r = Run(run, "xapian")
    depth = 20000 if PASSAGES else 1000  # passages: deep enough for 1,000 releases
    for qid, text in queries(out):
        q = qp.parse_query(" ".join(words(text, stop)), 0)  # plain words, OR; stop words out
        enquire.set_query(q)
        r.query(qid, [(m.document.get_data().decode(), m.weight) for m in enquire.get_mset(0, depth)])
    r.close()


def run_omega(out, run):
    path = os.path.join(out, "peer-omega")
    script = os.path.join(out, "omega.script")
    data = os.path.join(out, "omega.input")
    with open(script, "w") as f:
        f.write("id : field=id boolean=Q unique=Q\ntext : index\n")
    with open(data, "w", encoding="utf-8") as f:
        for docid, text in documents(out):
            f.write("id=%s\ntext=%s\n\n" % (docid, " ".join(text.split())))
    subprocess.run(["scriptindex", "--overwrite", path, script, data], check=True,
                   stdout=subprocess.DEVNULL)
    with open(run, "w") as f:
        for qid, text in queries(out):
            res = subprocess.run(["quest", "-d", path, "-m", "1000", " ".join(words(text, False))],
                                 check=True, capture_output=True, text=True).stdout
            rank, score = 0, None
            for line in res.splitlines():
                m = re.match(r"^\d+: \[([-0-9.e+]+)\]$", line)
                if m:
                    score = float(m.group(1))
                elif line.startswith("id=") and score is not None:
                    rank += 1
                    f.write("%s Q0 %s %d %.6f quest\n" % (qid, line[3:], rank, score))
                    score = None


def run_fts5(out, run, stop):
    import sqlite3
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(docid UNINDEXED, body, tokenize='porter unicode61')")
    db.executemany("INSERT INTO t VALUES (?, ?)", documents(out))
    r = Run(run, "fts5")
    depth = 20000 if PASSAGES else 1000
    for qid, text in queries(out):
        ws = words(text, stop)
        if not ws:
            continue
        match = " OR ".join('"%s"' % w for w in ws)
        rows = db.execute("SELECT docid, bm25(t) FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?",
                          (match, depth)).fetchall()
        r.query(qid, [(docid, -score) for docid, score in rows])
    r.close()


def main(argv):
    global PASSAGES
    if "--passages" in argv:
        i = argv.index("--passages")
        if i + 1 >= len(argv):
            sys.exit(__doc__)
        PASSAGES = argv[i + 1]
        del argv[i:i + 2]
    if len(argv) >= 3 and argv[0] == "xapian":
        run_xapian(argv[1], argv[2], "--stop" in argv)
    elif len(argv) >= 3 and argv[0] == "omega":
        run_omega(argv[1], argv[2])
    elif len(argv) >= 3 and argv[0] == "fts5":
        run_fts5(argv[1], argv[2], "--stop" in argv)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
