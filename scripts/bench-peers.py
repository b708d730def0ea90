#!/usr/bin/python3
"""The peers and floors of scripts/bench, over a folder of releases that scripts/reuters2locus
wrote (a title line, a blank line, the body; sub-folders walked in name order).

  bench-peers.py fts5-index DIR DB        SQLite FTS5 (porter unicode61), one transaction
  bench-peers.py xapian-index DIR DB      a minimal python3-xapian indexer (positions, stems,
                                          title prefixed S, the text as document data)
  bench-peers.py fts5-query DB QUERIES    per-query latency of FTS5's ranked top 10 with snippets
  bench-peers.py tokenize DIR             the floor: read and tokenize + stem every file with
                                          Xapian's TermGenerator, writing nothing
  bench-peers.py queries DIR N            N title words of DIR's releases, one per line (a fixed
                                          seed: every run asks the same)

Latencies are printed as "p50 p95 p99 mean" in milliseconds after one warm-up pass.
"""
import os
import random
import re
import sqlite3
import sys
import time


def files(top):
    for root, dirs, names in os.walk(top):
        dirs.sort()
        for name in sorted(names):
            yield os.path.join(root, name)


def release(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    title, _, body = text.partition("\n")
    return title, body


def fts5_index(top, db):
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE r USING fts5(path UNINDEXED, title, body,"
                " tokenize='porter unicode61')")
    with con:
        for path in files(top):
            title, body = release(path)
            con.execute("INSERT INTO r VALUES (?, ?, ?)", (path, title, body))
    con.close()


def xapian_index(top, db):
    import xapian
    w = xapian.WritableDatabase(db, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    for path in files(top):
        title, body = release(path)
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(title, 1, "S")
        tg.index_text(title)
        tg.increase_termpos()
        tg.index_text(body)
        doc.set_data(path + "\n" + title + "\n" + body)
        w.add_document(doc)
    w.commit()
    w.close()


def tokenize(top):
    import xapian
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    n = 0
    for path in files(top):
        title, body = release(path)
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(title)
        tg.index_text(body)
        n += doc.termlist_count()
    print("terms", n)


def queries(top, n):
    words = set()
    for path in files(top):
        with open(path, encoding="utf-8", errors="replace") as f:
            title = f.readline()
        for w in re.findall(r"[A-Za-z]{4,}", title):
            words.add(w.lower())
    pool = sorted(words)
    rnd = random.Random(12)
    for _ in range(n):
        print(rnd.choice(pool))


def report(times):
    times = sorted(times)
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000
    print("%.3f %.3f %.3f %.3f" % (pick(0.50), pick(0.95), pick(0.99),
                                   sum(times) / len(times) * 1000))


def fts5_query(db, qfile):
    with open(qfile, encoding="utf-8") as f:
        qs = [line.strip() for line in f if line.strip()]
    con = sqlite3.connect(db)
    sql = ("SELECT path, snippet(r, 2, '[', ']', '...', 24) FROM r WHERE r MATCH ?"
           " ORDER BY rank LIMIT 10")
    for q in qs:  # warm-up
        con.execute(sql, ('"%s"' % q,)).fetchall()
    times = []
    for q in qs:
        t = time.perf_counter()
        con.execute(sql, ('"%s"' % q,)).fetchall()
        times.append(time.perf_counter() - t)
    report(times)


def main(argv):
    cmds = {"fts5-index": (fts5_index, 2), "xapian-index": (xapian_index, 2),
            "fts5-query": (fts5_query, 2), "tokenize": (tokenize, 1),
            "queries": (lambda d, n: queries(d, int(n)), 2)}
    if not argv or argv[0] not in cmds or len(argv) - 1 != cmds[argv[0]][1]:
        sys.stderr.write(__doc__)
        return 2
    cmds[argv[0]][0](*argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
