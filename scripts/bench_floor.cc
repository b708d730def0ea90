// The write floor of scripts/bench (not part of locus): the least any indexer pays to put
// locus's passages into Xapian 1.4. It reads every document of a locus index into memory first
// (untimed): its terms with their wdf and positions, its values and its data; then, timed, it
// writes them all, and the spelling dictionary, into a new database through the same API locus uses (one thread, one commit,
// Xapian's own flush threshold) and compacts that database, as locus-index compacts a new
// index. No file is read, nothing is analysed: what is left is libxapian's writer and zlib.
// Prints "WRITE_SECONDS COMPACT_SECONDS DOCUMENTS".
// What a schema change would save is measured by leaving parts out: --no-title-positions
// (title and heading words without positions), --no-positions (no positions at all), --title-once
// (a release's title words on its first passage only), --stop-list FILE (the words of FILE,
// one per line, without positions in the text).
// Usage: bench_floor [--no-title-positions | --no-positions] [--title-once] [--stop-list FILE]
//                    LOCUS_INDEX NEW_DB
// Built by scripts/bench: g++ -O2 bench_floor.cc $(pkg-config --cflags --libs xapian-core)
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

namespace {
struct term {
    std::string name;
    Xapian::termcount wdf;
    std::vector<Xapian::termpos> positions;
};
struct passage {
    std::vector<term> terms;
    std::vector<std::pair<Xapian::valueno, std::string>> values;
    std::string data;
};

bool starts(const std::string &s, const char *prefix) { return s.rfind(prefix, 0) == 0; }

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

int main(int argc, char **argv) {
    bool title_positions = true, positions = true, title_once = false;
    std::set<std::string> stop;  // exact words kept without positions
    int a = 1;
    for (; a < argc && argv[a][0] == '-'; a++) {
        std::string o = argv[a];
        if (o == "--no-title-positions") title_positions = false;
        else if (o == "--no-positions") positions = title_positions = false;
        else if (o == "--title-once") title_once = true;
        else if (o == "--stop-list" && a + 1 < argc) {
            std::ifstream in(argv[++a]);
            if (!in) {
                std::cerr << "bench_floor: cannot read " << argv[a] << "\n";
                return 2;
            }
            for (std::string w; in >> w;) stop.insert(w);
        } else {
            break;
        }
    }
    if (argc - a != 2) {
        std::cerr << "usage: bench_floor [--no-title-positions | --no-positions] [--title-once] "
                     "[--stop-list FILE] LOCUS_INDEX NEW_DB\n";
        return 2;
    }
    argv += a - 1;
    try {
        std::vector<passage> all;
        std::vector<std::pair<std::string, Xapian::termcount>> spellings;  // locus keeps them too
        {
            Xapian::Database src(argv[1]);
            for (auto w = src.spellings_begin(); w != src.spellings_end(); ++w)
                spellings.emplace_back(*w, w.get_termfreq());
            all.reserve(src.get_doccount());
            std::string last_release;
            for (auto d = src.postlist_begin(""); d != src.postlist_end(""); ++d) {
                Xapian::Document doc = src.get_document(*d);
                passage p;
                std::string release = doc.get_value(1);  // the release key (store/schema.h)
                bool first = release != last_release;
                last_release = release;
                for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                    const std::string &name = *t;
                    bool title = starts(name, "XT") || starts(name, "ZXT");
                    bool heading = starts(name, "XH") || starts(name, "ZXH");
                    if (title_once && title && !first) continue;
                    term k{name, t.get_wdf(), {}};
                    if (positions && (title_positions || !(title || heading)) && !stop.count(name))
                        for (auto pos = t.positionlist_begin(); pos != t.positionlist_end(); ++pos)
                            k.positions.push_back(*pos);
                    p.terms.push_back(std::move(k));
                }
                for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
                    p.values.emplace_back(v.get_valueno(), *v);
                p.data = doc.get_data();
                all.push_back(std::move(p));
            }
        }
        std::string raw = std::string(argv[2]) + ".uncompacted";
        auto t0 = std::chrono::steady_clock::now();
        {
            Xapian::WritableDatabase db(raw, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
            for (const passage &p : all) {
                Xapian::Document doc;
                for (const term &k : p.terms) {
                    if (k.positions.empty()) {
                        doc.add_term(k.name, k.wdf);
                        continue;
                    }
                    for (Xapian::termpos pos : k.positions) doc.add_posting(k.name, pos, 0);
                    doc.add_term(k.name, k.wdf);  // the wdf as locus gave it
                }
                for (const auto &v : p.values) doc.add_value(v.first, v.second);
                doc.set_data(p.data);
                db.add_document(doc);
            }
            for (const auto &w : spellings) db.add_spelling(w.first, w.second);
            db.commit();
        }
        double write = seconds_since(t0);
        auto t1 = std::chrono::steady_clock::now();
        {
            Xapian::Database db(raw);
            db.compact(argv[2], Xapian::DBCOMPACT_NO_RENUMBER);
        }
        double compact = seconds_since(t1);
        std::printf("%.2f %.2f %zu\n", write, compact, all.size());
    } catch (const Xapian::Error &e) {
        std::cerr << "bench_floor: " << e.get_description() << "\n";
        return 1;
    }
    return 0;
}
