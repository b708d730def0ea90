#!/usr/bin/python3
"""The peers of scripts/eval: rank a collection that scripts/smart2locus converted (OUT_DIR/docs,
OUT_DIR/queries.tsv) with the engines locus is compared with -- Xapian's own BM25 through the
Python bindings and through scriptindex + quest, SQLite FTS5 -- writing TREC runs that
locus-eval scores with the same code as locus's own run.

  eval-peers.py xapian OUT_DIR RUN [--stop]
  eval-peers.py omega OUT_DIR RUN
  eval-peers.py fts5 OUT_DIR RUN [--stop]
"""
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


def documents(out):
    d = os.path.join(out, "docs")
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), encoding="utf-8") as f:
            yield name[:-4], f.read()


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
    with open(run, "w") as f:
        for qid, text in queries(out):
            q = qp.parse_query(" ".join(words(text, stop)), 0)  # plain words, OR; stop words out
            enquire.set_query(q)
            for rank, m in enumerate(enquire.get_mset(0, 1000), 1):
                f.write("%s Q0 %s %d %.6f xapian\n" % (qid, m.document.get_data().decode(), rank, m.weight))


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
    with open(run, "w") as f:
        for qid, text in queries(out):
            ws = words(text, stop)
            if not ws:
                continue
            match = " OR ".join('"%s"' % w for w in ws)
            rows = db.execute("SELECT docid, bm25(t) FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 1000",
                              (match,)).fetchall()
            for rank, (docid, score) in enumerate(rows, 1):
                f.write("%s Q0 %s %d %.6f fts5\n" % (qid, docid, rank, -score))


def main(argv):
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
