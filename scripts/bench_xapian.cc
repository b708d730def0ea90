// The Xapian query loop of scripts/bench (a peer, not part of locus): for each query of a file,
// parse it (English stems, OR of the words), rank the top 10 with BM25 and read each hit's
// document data, timing each query. One warm-up pass first. Prints "p50 p95 p99 mean" in ms.
// Built by scripts/bench: g++ -O2 bench_xapian.cc $(pkg-config --cflags --libs xapian-core)
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

static size_t run(Xapian::Enquire &enquire, Xapian::QueryParser &qp, const std::string &q) {
    enquire.set_query(qp.parse_query(q));
    Xapian::MSet mset = enquire.get_mset(0, 10);
    size_t bytes = 0;
    for (Xapian::MSetIterator i = mset.begin(); i != mset.end(); ++i)
        bytes += i.get_document().get_data().size();
    return bytes;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        std::cerr << "usage: bench_xapian DB QUERIES\n";
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemmer(Xapian::Stem("english"));
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        std::ifstream in(argv[2]);
        std::vector<std::string> queries;
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) queries.push_back(line);
        if (queries.empty()) {
            std::cerr << "bench_xapian: no queries in " << argv[2] << "\n";
            return 1;
        }
        size_t bytes = 0;
        for (const auto &q : queries) bytes += run(enquire, qp, q);
        std::vector<double> ms;
        for (const auto &q : queries) {
            auto t0 = std::chrono::steady_clock::now();
            bytes += run(enquire, qp, q);
            auto t1 = std::chrono::steady_clock::now();
            ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        }
        std::sort(ms.begin(), ms.end());
        auto at = [&](double p) { return ms[std::min(ms.size() - 1, size_t(p * ms.size()))]; };
        double sum = 0;
        for (double v : ms) sum += v;
        std::printf("%.3f %.3f %.3f %.3f\n", at(0.50), at(0.95), at(0.99), sum / ms.size());
        std::fprintf(stderr, "bench_xapian: %zu bytes of document data read\n", bytes);
    } catch (const Xapian::Error &e) {
        std::cerr << "bench_xapian: " << e.get_description() << "\n";
        return 1;
    }
    return 0;
}
