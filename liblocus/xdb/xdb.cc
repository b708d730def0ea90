// xdb.cc - the C API over libxapian (see xdb.h). The only file of locus that includes
// <xapian.h>. Every exported function is noexcept and wraps its body in GUARD, which hands any
// exception to map_exception(), the one place that turns C++ exceptions into statuses.

#include "xdb/xdb.h"

#include <xapian.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <ctime>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

struct xdb_db {
    Xapian::Database *db;           // the reader, or the writer seen as a reader
    Xapian::WritableDatabase *wdb;  // the same object when writable, else nullptr
    uint64_t generation;            // how often a reopen moved the reader to newer data
    std::vector<xdb_db *> shards;   // a stub's shards, each alone (sharing db's internals)
    std::string name;               // a shard: as its stub names it ("shard-0", "remote H:P")
    std::string local;              // a local shard: its path ("" for a remote one)
};

struct xdb_doc {
    Xapian::Document doc;
};

struct xdb_query {
    Xapian::Query q;
};

namespace {

xdb_status set_error(xdb_error *err, xdb_status st, const char *fmt, ...) noexcept
    __attribute__((format(printf, 3, 4)));

xdb_status set_error(xdb_error *err, xdb_status st, const char *fmt, ...) noexcept {
    if (err) {
        err->status = st;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return st;
}

xdb_status ok(xdb_error *err) noexcept {
    if (err) {
        err->status = XDB_OK;
        err->message[0] = '\0';
    }
    return XDB_OK;
}

xdb_status from_xapian(xdb_error *err, xdb_status st, const Xapian::Error &e) noexcept {
    const char *detail = e.get_error_string();  // may be NULL
    return set_error(err, st, "%s%s%s", e.get_msg().c_str(), detail && *detail ? ": " : "",
                     detail ? detail : "");
}

// Whether E comes from a file this user may not read or write. Xapian reports that as a lock
// error (a read-only lock file), an opening error or a plain database error, with the system's
// message in the text or in the error string.
bool denied(const Xapian::Error &e) noexcept {
    static const int codes[] = {EACCES, EPERM, EROFS};
    const char *detail = e.get_error_string();
    for (int c : codes) {
        const char *m = strerror(c);
        if ((detail && strcmp(detail, m) == 0) || e.get_msg().find(m) != std::string::npos)
            return true;
    }
    return false;
}

// The status of a database error: its class, but a refused permission first, whatever class
// Xapian chose for it.
xdb_status database_status(const Xapian::DatabaseError &e) noexcept {
    if (denied(e)) return XDB_ERR_PERMISSION;
    static const struct { const char *type; xdb_status status; } map[] = {
        {"DatabaseLockError", XDB_ERR_LOCKED},         {"DatabaseNotFoundError", XDB_ERR_NOT_FOUND},
        {"DatabaseVersionError", XDB_ERR_VERSION},     {"DatabaseOpeningError", XDB_ERR_OPENING},
        {"DatabaseCreateError", XDB_ERR_CREATE},       {"DatabaseCorruptError", XDB_ERR_CORRUPT},
        {"DatabaseModifiedError", XDB_ERR_MODIFIED},   {"DatabaseClosedError", XDB_ERR_CLOSED}};
    for (const auto &m : map)  // Xapian::Error has no virtual functions: its type is a name
        if (strcmp(e.get_type(), m.type) == 0) return m.status;
    return XDB_ERR_DATABASE;
}

// Called from a catch block only: rethrows the exception in flight and maps it.
xdb_status map_exception(xdb_error *err) noexcept {
    try {
        throw;
    } catch (const Xapian::DatabaseError &e) {
        return from_xapian(err, database_status(e), e);
    } catch (const Xapian::DocNotFoundError &e) {
        return from_xapian(err, XDB_ERR_DOC_NOT_FOUND, e);
    } catch (const Xapian::NetworkError &e) {
        return from_xapian(err, XDB_ERR_NETWORK, e);
    } catch (const Xapian::WildcardError &e) {
        return from_xapian(err, XDB_ERR_WILDCARD, e);
    } catch (const Xapian::InvalidArgumentError &e) {
        return from_xapian(err, XDB_ERR_INVALID_ARGUMENT, e);
    } catch (const Xapian::InvalidOperationError &e) {
        return from_xapian(err, XDB_ERR_INVALID_OPERATION, e);
    } catch (const Xapian::UnimplementedError &e) {
        return from_xapian(err, XDB_ERR_UNIMPLEMENTED, e);
    } catch (const Xapian::FeatureUnavailableError &e) {
        return from_xapian(err, XDB_ERR_UNIMPLEMENTED, e);
    } catch (const Xapian::Error &e) {
        return set_error(err, XDB_ERR_INTERNAL, "%s: %s", e.get_type(), e.get_msg().c_str());
    } catch (const std::bad_alloc &) {
        return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
    } catch (const std::exception &e) {
        return set_error(err, XDB_ERR_INTERNAL, "unexpected C++ exception: %s", e.what());
    } catch (...) {
        return set_error(err, XDB_ERR_INTERNAL, "unexpected C++ exception");
    }
}

#define GUARD_BEGIN try {
#define GUARD_END                  \
    }                              \
    catch (...) {                  \
        return map_exception(err); \
    }

xdb_status check_term(const char *term, size_t len, xdb_error *err) noexcept {
    if (!term || len == 0)
        return set_error(err, XDB_ERR_INVALID_ARGUMENT, "empty term");
    if (len > XDB_MAX_TERM)
        return set_error(err, XDB_ERR_INVALID_ARGUMENT, "term too long (%zu bytes > %d)", len,
                         XDB_MAX_TERM);
    return XDB_OK;
}

xdb_status need(const void *p, const char *what, xdb_error *err) noexcept {
    if (!p)
        return set_error(err, XDB_ERR_INVALID_ARGUMENT, "%s is NULL", what);
    return XDB_OK;
}

xdb_status need_writer(const xdb_db *db, xdb_error *err) noexcept {
    if (!db)
        return set_error(err, XDB_ERR_INVALID_ARGUMENT, "database is NULL");
    if (!db->wdb)
        return set_error(err, XDB_ERR_INVALID_OPERATION, "database is open read-only");
    return XDB_OK;
}

// How often a reader tries again when a writer's commit pulled its revision away: Xapian
// reports that as DatabaseModifiedError, and, while the commit is being written, sometimes as
// DatabaseCorruptError ("Expected block N to be level 2, not 0") about a healthy database.
// Both clear after reopen(); so does a plain DatabaseError "EOF reading block N" with N far past
// the end of the table (a block of the old revision that the commit reused, read as a branch:
// seen once in 480 reads of the concurrent test). Lasting damage is still reported after the
// last attempt.
constexpr int kReadAttempts = 10;

// Whether E is the third transient kind above.
bool stale_block(const Xapian::DatabaseError &e) noexcept {
    return e.get_msg().compare(0, 17, "EOF reading block") == 0;
}

void pause_before_retry(int attempt) noexcept {
    struct timespec ts = {0, std::min(attempt, 8) * 5 * 1000000L};  // 5, 10, ... 40 ms
    nanosleep(&ts, nullptr);
}

// Runs BODY (which returns a status) on DB; when it fails in one of the transient ways above on
// a reader, reopens DB and runs BODY again, up to kReadAttempts in all. BODY must be safe to
// run again from the start.
template <class Body>
xdb_status read_retry(xdb_db *db, xdb_error *err, Body body) noexcept {
    for (int attempt = 1;; attempt++) {
        try {
            return body();
        } catch (const Xapian::DatabaseModifiedError &) {
            if (db->wdb || attempt >= kReadAttempts) return map_exception(err);
        } catch (const Xapian::DatabaseCorruptError &) {
            if (db->wdb || attempt >= kReadAttempts) return map_exception(err);
        } catch (const Xapian::DatabaseError &e) {
            if (db->wdb || !stale_block(e) || attempt >= kReadAttempts) return map_exception(err);
        } catch (...) {
            return map_exception(err);
        }
        pause_before_retry(attempt);
        try {
            if (db->db->reopen()) db->generation++;
        } catch (...) {
            // the next attempt meets the same trouble and reports it
        }
    }
}

// On a retry (STARTED), moves the sorted iterator IT past LAST, the last item already handed
// over, so that a callback sees each item once.
template <class It>
void resume_after(It &it, const It &end, bool started, const std::string &last) {
    if (!started) return;
    it.skip_to(last);
    if (it != end && *it == last) ++it;
}

char *copy_string(const std::string &s) noexcept {
    char *p = static_cast<char *>(malloc(s.size() + 1));
    if (p) {
        memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}

}  // namespace

extern "C" {

const char *xdb_status_string(xdb_status status) noexcept {
    switch (status) {
    case XDB_OK: return "ok";
    case XDB_ERR_INVALID_ARGUMENT: return "invalid argument";
    case XDB_ERR_INVALID_OPERATION: return "invalid operation";
    case XDB_ERR_NOT_FOUND: return "database not found";
    case XDB_ERR_OPENING: return "cannot open database";
    case XDB_ERR_CREATE: return "cannot create database";
    case XDB_ERR_LOCKED: return "database locked";
    case XDB_ERR_CORRUPT: return "database corrupt";
    case XDB_ERR_VERSION: return "unsupported database version";
    case XDB_ERR_MODIFIED: return "database modified";
    case XDB_ERR_CLOSED: return "database closed";
    case XDB_ERR_DATABASE: return "database error";
    case XDB_ERR_DOC_NOT_FOUND: return "document not found";
    case XDB_ERR_NETWORK: return "network error";
    case XDB_ERR_WILDCARD: return "wildcard expands to too many terms";
    case XDB_ERR_UNIMPLEMENTED: return "not implemented";
    case XDB_ERR_NO_MEMORY: return "out of memory";
    case XDB_ERR_PERMISSION: return "permission denied";
    case XDB_ERR_INTERNAL: return "internal error";
    }
    return "unknown status";
}

const char *xdb_version_string(void) noexcept { return Xapian::version_string(); }

xdb_status xdb_open_write(const char *path, int flags, xdb_db **out, xdb_error *err) noexcept {
    if (need(path, "path", err) || need(out, "out", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    GUARD_BEGIN
    int action = (flags & XDB_OPEN_CREATE) ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN;
    if (flags & XDB_OPEN_RETRY_LOCK) action |= Xapian::DB_RETRY_LOCK;
    if (flags & XDB_OPEN_NO_SYNC) action |= Xapian::DB_NO_SYNC;
    Xapian::WritableDatabase *w = nullptr;
    for (int tries = 0;; tries++) {
        try {
            w = new Xapian::WritableDatabase(path, action);
            break;
        } catch (const Xapian::DatabaseLockError &) {
            // seen under load right after a compaction into PATH (`locus-index --shards 3`, a run
            // in a few hundred with three at once): gone 10 ms later
            if (!(flags & XDB_OPEN_PRIVATE) || tries == 200) throw;
            usleep(10 * 1000);
        }
    }
    auto *h = new (std::nothrow) xdb_db{w, w, 0, {}, {}, {}};
    if (!h) {
        delete w;
        return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
    }
    *out = h;
    return ok(err);
    GUARD_END
}

namespace {
// Keeps the largest value of the counter key, the first value of any other key.
struct merge_compactor : public Xapian::Compactor {
    std::string counter;
    std::string resolve_duplicate_metadata(const std::string &key, size_t num_tags,
                                           const std::string tags[]) override {
        // glass passes the key as its table stores it, after a two-byte "\0\xc0" prefix
        std::string k = key.size() >= 2 && key[0] == '\0' && key[1] == '\xc0' ? key.substr(2) : key;
        if (k != counter) return tags[0];
        unsigned long long best = 0;
        for (size_t i = 0; i < num_tags; i++) best = std::max(best, std::strtoull(tags[i].c_str(), nullptr, 10));
        return std::to_string(best);
    }
};
}  // namespace

xdb_status xdb_compact(const char *const *sources, size_t n, const char *dest,
                       const char *counter_key, xdb_error *err) noexcept {
    if ((n && need(sources, "sources", err)) || need(dest, "dest", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    GUARD_BEGIN
    Xapian::Database all;
    for (size_t i = 0; i < n; i++) all.add_database(Xapian::Database(sources[i]));
    merge_compactor c;
    if (counter_key) c.counter = counter_key;
    // FULL, not FULLER: the merged index is updated afterwards, and oversize items would slow that
    all.compact(dest, Xapian::Compactor::FULL | Xapian::DBCOMPACT_MULTIPASS, 0, c);
    return ok(err);
    GUARD_END
}

}  // extern "C": C++ helpers below
namespace {

// The stub file of PATH (a file, or a folder holding XAPIANDB) in *file; false for a folder
// that is a database itself, or nothing.
bool stub_file(const std::string &path, std::string *file) {
    struct stat sb;
    if (stat(path.c_str(), &sb) != 0) return false;
    if (S_ISREG(sb.st_mode)) {
        *file = path;
        return true;
    }
    std::string inside = path + "/" XDB_STUB_FILE;
    if (S_ISDIR(sb.st_mode) && stat(inside.c_str(), &sb) == 0 && S_ISREG(sb.st_mode)) {
        *file = inside;
        return true;
    }
    return false;
}

// One line of a stub, split: its kind ("auto", "glass", "remote") and what follows.
struct stub_line {
    std::string kind, rest;
};

// Reads the stub FILE's shard lines; false when a line is not one of a stub (the file is then
// no stub: Xapian says what it is).
bool read_stub(const std::string &file, std::vector<stub_line> *lines) {
    FILE *f = fopen(file.c_str(), "r");
    if (!f) return false;
    char buf[4096];
    bool good = true;
    while (good && fgets(buf, sizeof buf, f)) {
        std::string l(buf);
        while (!l.empty() && (l.back() == '\n' || l.back() == '\r' || l.back() == ' ' || l.back() == '\t'))
            l.pop_back();
        size_t a = l.find_first_not_of(" \t");
        if (a == std::string::npos || l[a] == '#') continue;
        size_t sp = l.find_first_of(" \t", a);
        size_t b = sp == std::string::npos ? std::string::npos : l.find_first_not_of(" \t", sp);
        stub_line sl{l.substr(a, sp == std::string::npos ? std::string::npos : sp - a),
                     b == std::string::npos ? "" : l.substr(b)};
        good = !sl.rest.empty() && (sl.kind == "auto" || sl.kind == "glass" || sl.kind == "chert" ||
                                    sl.kind == "remote");
        lines->push_back(sl);
    }
    fclose(f);
    return good && !lines->empty();
}

// The folder of the stub FILE, for its relative shard paths.
std::string stub_dir(const std::string &file) {
    size_t slash = file.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : file.substr(0, slash);
}

// Throws when the stub at PATH, or a stub it names, names itself again (Xapian would follow
// the loop until the stack ran out: a crash) or nests more than 16 deep. STACK holds the stubs
// on the way down (their real paths); a stub named twice side by side is fine.
void check_stub_loops(const std::string &path, std::vector<std::string> *stack) {
    std::string file;
    std::vector<stub_line> lines;
    if (!stub_file(path, &file) || !read_stub(file, &lines)) return;
    char real[PATH_MAX];
    std::string key = realpath(file.c_str(), real) ? real : file;
    if (std::find(stack->begin(), stack->end(), key) != stack->end()) {
        std::string chain;
        for (const auto &k : *stack) chain += k + " -> ";
        throw Xapian::InvalidArgumentError("stubs that name each other in a loop: " + chain + key);
    }
    if (stack->size() >= 16) throw Xapian::InvalidArgumentError("stubs nested more than 16 deep at " + key);
    stack->push_back(key);
    std::string dir = stub_dir(file);
    for (const auto &l : lines)
        if (l.kind != "remote") check_stub_loops(l.rest[0] == '/' ? l.rest : dir + "/" + l.rest, stack);
    stack->pop_back();
}

// Opens one shard line of the stub in folder DIR; remote shards wait TIMEOUT_MS at most.
Xapian::Database open_shard(const stub_line &l, const std::string &dir, unsigned timeout_ms) {
    if (l.kind != "remote")
        return Xapian::Database(l.rest[0] == '/' ? l.rest : dir + "/" + l.rest);
    if (l.rest[0] == ':') {  // ":PROGRAM ARGS": a server started for this search
        size_t sp = l.rest.find(' ');
        std::string prog = l.rest.substr(1, sp == std::string::npos ? std::string::npos : sp - 1);
        std::string args = sp == std::string::npos ? "" : l.rest.substr(sp + 1);
        return Xapian::Remote::open(prog, args, timeout_ms);
    }
    size_t colon = l.rest.rfind(':');
    if (colon == std::string::npos || colon + 1 >= l.rest.size())
        throw Xapian::InvalidArgumentError("'remote " + l.rest + "': want remote HOST:PORT");
    std::string host = l.rest.substr(0, colon);
    unsigned port = static_cast<unsigned>(strtoul(l.rest.c_str() + colon + 1, nullptr, 10));
    if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return Xapian::Remote::open(host, port, timeout_ms, timeout_ms);
}

// Opens PATH into the new handle *out: a database, or a stub whose shards are joined (and kept
// one by one in out->shards).
xdb_status open_reader(const char *path, unsigned timeout_ms, xdb_db **out, xdb_error *err) {
    std::string file;
    std::vector<stub_line> lines;
    if (!stub_file(path, &file) || !read_stub(file, &lines)) {
        auto *d = new Xapian::Database(path);
        auto *h = new (std::nothrow) xdb_db{d, nullptr, 0, {}, {}, {}};
        if (!h) {
            delete d;
            return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
        }
        *out = h;
        return ok(err);
    }
    std::string dir = stub_dir(file);
    std::vector<std::string> stack;
    check_stub_loops(path, &stack);
    auto *h = new xdb_db{new Xapian::Database(), nullptr, 0, {}, {}, {}};
    try {
        for (const auto &l : lines) {
            std::string name = l.kind == "remote" ? "remote " + l.rest : l.rest;
            Xapian::Database shard;
            try {
                shard = open_shard(l, dir, timeout_ms);
            } catch (const Xapian::Error &) {
                xdb_error inner;
                xdb_status st = map_exception(&inner);
                xdb_close(h, nullptr);
                return set_error(err, st, "shard %s: %s", name.c_str(), inner.message);
            }
            h->db->add_database(shard);
            std::string local = l.kind == "remote" ? "" : l.rest[0] == '/' ? l.rest : dir + "/" + l.rest;
            h->shards.push_back(new xdb_db{new Xapian::Database(shard), nullptr, 0, {}, name, local});
        }
    } catch (...) {
        xdb_close(h, nullptr);
        throw;
    }
    *out = h;
    return ok(err);
}

}  // namespace

extern "C" {

xdb_status xdb_open_read(const char *path, xdb_db **out, xdb_error *err) noexcept {
    return xdb_open_read_timeout(path, 0, out, err);
}

xdb_status xdb_open_read_timeout(const char *path, double timeout, xdb_db **out,
                                 xdb_error *err) noexcept {
    if (need(path, "path", err) || need(out, "out", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    unsigned timeout_ms = static_cast<unsigned>((timeout > 0 ? timeout : XDB_REMOTE_TIMEOUT) * 1000);
    for (int attempt = 1;; attempt++) {
        try {
            return open_reader(path, timeout_ms, out, err);
        } catch (const Xapian::DatabaseModifiedError &) {  // a writer is committing: see read_retry
            if (attempt >= kReadAttempts) return map_exception(err);
        } catch (const Xapian::DatabaseCorruptError &) {
            if (attempt >= kReadAttempts) return map_exception(err);
        } catch (const Xapian::DatabaseError &e) {
            if (!stale_block(e) || attempt >= kReadAttempts) return map_exception(err);
        } catch (...) {
            return map_exception(err);
        }
        pause_before_retry(attempt);
    }
}

size_t xdb_shard_count(const xdb_db *db) noexcept { return !db ? 0 : db->shards.empty() ? 1 : db->shards.size(); }

xdb_db *xdb_shard(xdb_db *db, size_t k) noexcept {
    if (!db) return nullptr;
    if (db->shards.empty()) return k == 0 ? db : nullptr;
    return k < db->shards.size() ? db->shards[k] : nullptr;
}

bool xdb_is_stub(const xdb_db *db) noexcept { return db && !db->shards.empty(); }

bool xdb_stub_at(const char *path) noexcept {
    try {
        std::string file;
        std::vector<stub_line> lines;
        return path && stub_file(path, &file) && read_stub(file, &lines);
    } catch (...) {
        return false;
    }
}

const char *xdb_shard_path(const xdb_db *db, size_t k) noexcept {
    if (!db || db->shards.empty() || k >= db->shards.size()) return "";
    return db->shards[k]->local.c_str();
}

const char *xdb_shard_name(const xdb_db *db, size_t k) noexcept {
    if (!db || db->shards.empty() || k >= db->shards.size()) return "";
    return db->shards[k]->name.c_str();
}

xdb_status xdb_check(const char *path, size_t *problems, char *report, size_t size,
                     xdb_error *err) noexcept {
    if (need(path, "path", err) || need(problems, "problems", err) || need(report, "report", err) ||
        size == 0)
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *problems = 0;
    report[0] = '\0';
    try {
        std::ostringstream out;
        size_t n = Xapian::Database::check(path, 0, &out);
        *problems = n;
        if (n) {  // the lines that name the errors, not the table-by-table progress
            std::istringstream lines(out.str());
            std::string line, kept;
            while (std::getline(lines, line))
                if (line.find("rror") != std::string::npos || line.find("orrupt") != std::string::npos)
                    kept += (kept.empty() ? "" : "; ") + line;
            snprintf(report, size, "%s", kept.empty() ? out.str().c_str() : kept.c_str());
        }
    } catch (const Xapian::DatabaseError &e) {
        *problems = 1;
        const char *detail = e.get_error_string();
        snprintf(report, size, "%s%s%s", e.get_msg().c_str(), detail ? ": " : "", detail ? detail : "");
    } catch (...) {
        return map_exception(err);
    }
    return ok(err);
}

xdb_status xdb_close(xdb_db *db, xdb_error *err) noexcept {
    if (!db) return ok(err);
    for (xdb_db *s : db->shards) {  // they share the joined database's internals
        try {
            delete s->db;
        } catch (...) {
        }
        delete s;
    }
    db->shards.clear();
    xdb_status st = XDB_OK;
    try {
        db->db->close();  // commits a writer's pending changes
        st = ok(err);
    } catch (...) {
        st = map_exception(err);
    }
    try {
        delete db->db;
    } catch (...) {
        // the destructor of a closed database has nothing left to do; ignore
    }
    delete db;
    return st;
}

xdb_status xdb_reopen(xdb_db *db, xdb_error *err) noexcept {
    if (need(db, "database", err)) return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    GUARD_BEGIN
    if (db->db->reopen()) db->generation++;
    return ok(err);
    GUARD_END
}

xdb_status xdb_commit(xdb_db *db, xdb_error *err) noexcept {
    if (xdb_status st = need_writer(db, err)) return st;
    GUARD_BEGIN
    db->wdb->commit();
    return ok(err);
    GUARD_END
}

xdb_status xdb_transaction_begin(xdb_db *db, xdb_error *err) noexcept {
    if (xdb_status st = need_writer(db, err)) return st;
    GUARD_BEGIN
    db->wdb->begin_transaction(true);
    return ok(err);
    GUARD_END
}

xdb_status xdb_transaction_commit(xdb_db *db, xdb_error *err) noexcept {
    if (xdb_status st = need_writer(db, err)) return st;
    GUARD_BEGIN
    db->wdb->commit_transaction();
    return ok(err);
    GUARD_END
}

xdb_status xdb_transaction_cancel(xdb_db *db, xdb_error *err) noexcept {
    if (xdb_status st = need_writer(db, err)) return st;
    GUARD_BEGIN
    db->wdb->cancel_transaction();
    return ok(err);
    GUARD_END
}

xdb_status xdb_revision(xdb_db *db, uint64_t *out, xdb_error *err) noexcept {
    if (need(db, "database", err) || need(out, "out", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    GUARD_BEGIN
    *out = db->db->get_revision();
    return ok(err);
    GUARD_END
}

uint64_t xdb_generation(const xdb_db *db) noexcept { return db ? db->generation : 0; }

xdb_status xdb_doc_count(xdb_db *db, uint32_t *out, xdb_error *err) noexcept {
    if (need(db, "database", err) || need(out, "out", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    return read_retry(db, err, [&] {
        *out = db->db->get_doccount();
        return ok(err);
    });
}

xdb_status xdb_term_freq(xdb_db *db, const char *term, size_t len, uint32_t *out,
                         xdb_error *err) noexcept {
    if (need(db, "database", err) || need(out, "out", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    if (xdb_status st = check_term(term, len, err)) return st;
    return read_retry(db, err, [&] {
        *out = db->db->get_termfreq(std::string(term, len));
        return ok(err);
    });
}

xdb_status xdb_metadata_get(xdb_db *db, const char *key, char **out, size_t *out_len,
                            xdb_error *err) noexcept {
    if (need(db, "database", err) || need(key, "key", err) || need(out, "out", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    if (!*key) return set_error(err, XDB_ERR_INVALID_ARGUMENT, "empty metadata key");
    return read_retry(db, err, [&] {
        std::string v = db->db->get_metadata(key);
        char *p = copy_string(v);
        if (!p) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
        *out = p;
        if (out_len) *out_len = v.size();
        return ok(err);
    });
}

xdb_status xdb_metadata_set(xdb_db *db, const char *key, const char *value, size_t len,
                            xdb_error *err) noexcept {
    if (xdb_status st = need_writer(db, err)) return st;
    if (need(key, "key", err) || (len && need(value, "value", err)))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    if (!*key) return set_error(err, XDB_ERR_INVALID_ARGUMENT, "empty metadata key");
    GUARD_BEGIN
    db->wdb->set_metadata(key, std::string(value ? value : "", len));
    return ok(err);
    GUARD_END
}

xdb_status xdb_metadata_keys(xdb_db *db, const char *prefix, xdb_key_fn fn, void *ctx,
                             xdb_error *err) noexcept {
    if (need(db, "database", err) || need(prefix, "prefix", err) ||
        need(reinterpret_cast<const void *>(fn), "callback", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    // A retry resumes after the last key handed to FN, so FN sees each key once.
    std::string last;
    bool started = false;
    return read_retry(db, err, [&] {
        auto it = db->db->metadata_keys_begin(prefix);
        const auto end = db->db->metadata_keys_end(prefix);
        resume_after(it, end, started, last);
        for (; it != end; ++it) {
            last = *it;
            started = true;
            if (fn(last.data(), last.size(), ctx)) break;
        }
        return ok(err);
    });
}

xdb_status xdb_doc_data(xdb_db *db, uint32_t docid, char **out, size_t *out_len,
                        xdb_error *err) noexcept {
    if (need(db, "database", err) || need(out, "out", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    if (docid == 0) return set_error(err, XDB_ERR_DOC_NOT_FOUND, "document id 0");
    return read_retry(db, err, [&] {
        std::string v = db->db->get_document(docid).get_data();
        char *p = copy_string(v);
        if (!p) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
        *out = p;
        if (out_len) *out_len = v.size();
        return ok(err);
    });
}

// Documents in a posting list beyond which seeking the next term costs less than stepping over
// the list's chunks (a chunk holds some hundreds of postings; a seek reads a few blocks).
static const Xapian::doccount LONG_POSTING_LIST = 2000;

xdb_status xdb_terms_with_prefix(xdb_db *db, const char *prefix, size_t len, xdb_term_fn fn,
                                 void *ctx, xdb_error *err) noexcept {
    if (need(db, "database", err) || need(reinterpret_cast<const void *>(fn), "callback", err) || (len && need(prefix, "prefix", err)))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    const std::string p(prefix ? prefix : "", len);
    std::string last;  // a retry resumes after the last term handed to FN
    bool started = false;
    return read_retry(db, err, [&] {
        auto it = db->db->allterms_begin(p);
        const auto end = db->db->allterms_end(p);
        resume_after(it, end, started, last);
        while (it != end) {
            last = *it;
            started = true;
            Xapian::doccount freq = it.get_termfreq();
            if (fn(last.data(), last.size(), freq, ctx)) break;
            // stepping to the next term walks every chunk of this one's posting list (a
            // language term's is the whole index): past a long one, seek the next term instead
            if (freq > LONG_POSTING_LIST) it.skip_to(last + '\0');
            else ++it;
        }
        return ok(err);
    });
}

xdb_status xdb_docs_with_term(xdb_db *db, const char *term, size_t len, xdb_doc_fn fn, void *ctx,
                              xdb_error *err) noexcept {
    if (need(db, "database", err) || need(reinterpret_cast<const void *>(fn), "callback", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    if (xdb_status st = check_term(term, len, err)) return st;
    const std::string t(term, len);
    Xapian::docid next = 0;  // a retry resumes after the last document handed to FN
    return read_retry(db, err, [&] {
        auto it = db->db->postlist_begin(t);
        const auto end = db->db->postlist_end(t);
        if (next) it.skip_to(next);
        for (; it != end; ++it) {
            const Xapian::docid id = *it;
            const std::string data = db->db->get_document(id).get_data();
            next = id + 1;
            if (fn(id, data.data(), data.size(), ctx)) break;
        }
        return ok(err);
    });
}

xdb_status xdb_spelling_add(xdb_db *db, const char *word, size_t len, uint32_t n,
                            xdb_error *err) noexcept {
    if (xdb_status st = need_writer(db, err)) return st;
    if (xdb_status st = check_term(word, len, err)) return st;
    GUARD_BEGIN
    db->wdb->add_spelling(std::string(word, len), n);
    return ok(err);
    GUARD_END
}

xdb_status xdb_spelling_remove(xdb_db *db, const char *word, size_t len, uint32_t n,
                               xdb_error *err) noexcept {
    if (xdb_status st = need_writer(db, err)) return st;
    if (xdb_status st = check_term(word, len, err)) return st;
    GUARD_BEGIN
    db->wdb->remove_spelling(std::string(word, len), n);
    return ok(err);
    GUARD_END
}

}  // extern "C": C++ helpers below
namespace {

// Edit distance between A and B (insertions, deletions, substitutions, swaps of neighbours,
// over bytes), or LIMIT + 1 when it is over LIMIT.
unsigned edit_distance(const std::string &a, const std::string &b, unsigned limit) {
    size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    std::vector<unsigned> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (size_t j = 0; j <= m; j++) prev[j] = static_cast<unsigned>(j);
    for (size_t i = 1; i <= n; i++) {
        cur[0] = static_cast<unsigned>(i);
        unsigned best = cur[0];
        for (size_t j = 1; j <= m; j++) {
            unsigned c = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) c = std::min(c, prev2[j - 2] + 1);
            cur[j] = c;
            best = std::min(best, c);
        }
        if (best > limit) return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

// The spelling suggestion where Xapian has none to give (remote shards): among the words of
// the index (its unprefixed terms) that start like WORD and hold no digit, the one fewest edits
// away (at most MAX_EDITS), the most frequent of those; "" when none is.
std::string closest_term(Xapian::Database &db, const std::string &word, unsigned max_edits) {
    std::string best;
    unsigned best_d = max_edits + 1;
    Xapian::doccount best_f = 0;
    if (word.empty()) return best;
    for (auto t = db.allterms_begin(word.substr(0, 1)); t != db.allterms_end(word.substr(0, 1)); ++t) {
        const std::string &c = *t;
        if (c == word || c.find_first_of("0123456789") != std::string::npos) continue;
        unsigned d = edit_distance(word, c, max_edits);
        Xapian::doccount f = t.get_termfreq();
        if (d < best_d || (d == best_d && d <= max_edits && f > best_f)) {
            best = c;
            best_d = d;
            best_f = f;
        }
    }
    return best_d <= max_edits ? best : std::string();
}

}  // namespace

extern "C" {

xdb_status xdb_spelling_suggest(xdb_db *db, const char *word, size_t len, unsigned max_edits,
                                char **out, xdb_error *err) noexcept {
    if (need(db, "database", err) || need(out, "out", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    if (xdb_status st = check_term(word, len, err)) return st;
    bool remote = false;  // Xapian's spelling tables do not answer over the remote backend
    for (const xdb_db *sh : db->shards) remote |= sh->name.compare(0, 7, "remote ") == 0;
    return read_retry(db, err, [&] {
        std::string w(word, len);
        char *p = copy_string(remote ? closest_term(*db->db, w, max_edits)
                                     : db->db->get_spelling_suggestion(w, max_edits));
        if (!p) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
        *out = p;
        return ok(err);
    });
}

xdb_status xdb_doc_new(xdb_doc **out, xdb_error *err) noexcept {
    if (need(out, "out", err)) return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    GUARD_BEGIN
    *out = new xdb_doc();
    return ok(err);
    GUARD_END
}

void xdb_doc_free(xdb_doc *doc) noexcept { delete doc; }

xdb_status xdb_doc_add_posting(xdb_doc *doc, const char *term, size_t len, uint32_t pos,
                               uint32_t wdf_inc, xdb_error *err) noexcept {
    if (need(doc, "document", err)) return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    if (xdb_status st = check_term(term, len, err)) return st;
    GUARD_BEGIN
    doc->doc.add_posting(std::string(term, len), pos, wdf_inc);
    return ok(err);
    GUARD_END
}

xdb_status xdb_doc_add_term(xdb_doc *doc, const char *term, size_t len, uint32_t wdf_inc,
                            xdb_error *err) noexcept {
    if (need(doc, "document", err)) return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    if (xdb_status st = check_term(term, len, err)) return st;
    GUARD_BEGIN
    if (wdf_inc == 0)
        doc->doc.add_boolean_term(std::string(term, len));
    else
        doc->doc.add_term(std::string(term, len), wdf_inc);
    return ok(err);
    GUARD_END
}

xdb_status xdb_doc_set_value(xdb_doc *doc, unsigned slot, const char *value, size_t len,
                             xdb_error *err) noexcept {
    if (need(doc, "document", err) || (len && need(value, "value", err)))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    if (slot == Xapian::BAD_VALUENO)
        return set_error(err, XDB_ERR_INVALID_ARGUMENT, "bad value slot");
    GUARD_BEGIN
    doc->doc.add_value(slot, std::string(value ? value : "", len));
    return ok(err);
    GUARD_END
}

xdb_status xdb_doc_set_data(xdb_doc *doc, const char *data, size_t len, xdb_error *err) noexcept {
    if (need(doc, "document", err) || (len && need(data, "data", err)))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    GUARD_BEGIN
    doc->doc.set_data(std::string(data ? data : "", len));
    return ok(err);
    GUARD_END
}

xdb_status xdb_add_doc(xdb_db *db, const xdb_doc *doc, uint32_t *docid, xdb_error *err) noexcept {
    if (xdb_status st = need_writer(db, err)) return st;
    if (need(doc, "document", err)) return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    GUARD_BEGIN
    Xapian::docid id = db->wdb->add_document(doc->doc);
    if (docid) *docid = id;
    return ok(err);
    GUARD_END
}

xdb_status xdb_replace_doc_by_term(xdb_db *db, const char *unique_term, size_t len,
                                   const xdb_doc *doc, uint32_t *docid, xdb_error *err) noexcept {
    if (xdb_status st = need_writer(db, err)) return st;
    if (need(doc, "document", err)) return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    if (xdb_status st = check_term(unique_term, len, err)) return st;
    GUARD_BEGIN
    Xapian::docid id = db->wdb->replace_document(std::string(unique_term, len), doc->doc);
    if (docid) *docid = id;
    return ok(err);
    GUARD_END
}

xdb_status xdb_delete_doc(xdb_db *db, uint32_t docid, xdb_error *err) noexcept {
    if (xdb_status st = need_writer(db, err)) return st;
    GUARD_BEGIN
    try {
        db->wdb->delete_document(docid);
    } catch (const Xapian::DocNotFoundError &) {
        // already gone
    }
    return ok(err);
    GUARD_END
}

xdb_status xdb_term_docids(xdb_db *db, const char *term, size_t len, size_t max, uint32_t *out,
                           size_t *n, xdb_error *err) noexcept {
    if (need(db, "database", err) || need(n, "n", err) || (max && need(out, "out", err)))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    if (xdb_status st = check_term(term, len, err)) return st;
    *n = 0;
    return read_retry(db, err, [&] {
        *n = 0;
        const std::string t(term, len);
        for (auto it = db->db->postlist_begin(t); it != db->db->postlist_end(t) && *n < max; ++it)
            out[(*n)++] = *it;
        return ok(err);
    });
}

xdb_status xdb_delete_docs_by_term(xdb_db *db, const char *term, size_t len,
                                   xdb_error *err) noexcept {
    if (xdb_status st = need_writer(db, err)) return st;
    if (xdb_status st = check_term(term, len, err)) return st;
    GUARD_BEGIN
    db->wdb->delete_document(std::string(term, len));
    return ok(err);
    GUARD_END
}

static xdb_status new_query(Xapian::Query &&q, xdb_query **out, xdb_error *err) {
    *out = new xdb_query{std::move(q)};
    return ok(err);
}

xdb_status xdb_query_term(const char *term, size_t len, uint32_t wqf, uint32_t pos,
                          xdb_query **out, xdb_error *err) noexcept {
    if (need(out, "out", err)) return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    if (xdb_status st = check_term(term, len, err)) return st;
    GUARD_BEGIN
    return new_query(Xapian::Query(std::string(term, len), wqf ? wqf : 1, pos), out, err);
    GUARD_END
}

xdb_status xdb_query_match_all(xdb_query **out, xdb_error *err) noexcept {
    if (need(out, "out", err)) return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    GUARD_BEGIN
    return new_query(Xapian::Query(Xapian::Query::MatchAll), out, err);
    GUARD_END
}

// Whether Q holds a subquery whose posting list can answer Xapian's check() with "not valid": a
// phrase or NEAR (its positions), a value range (its values), a posting source.
static bool checks_lazily(const Xapian::Query &q) {
    switch (q.get_type()) {
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
    case Xapian::Query::OP_VALUE_RANGE:
    case Xapian::Query::OP_VALUE_GE:
    case Xapian::Query::OP_VALUE_LE:
    case Xapian::Query::LEAF_POSTING_SOURCE:
        return true;
    default:
        break;
    }
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        if (checks_lazily(q.get_subquery(i))) return true;
    return false;
}

// Q kept where FILTER matches too, FILTER adding no weight. When a filter matches fewer
// documents than Q, libxapian 1.4.22's OP_FILTER lets it lead and check()s Q at its documents,
// and an OR in Q whose subquery answers "not valid" (checks_lazily: a NEAR whose words are not
// near) while another subquery matches the next document then adds the first one's weight
// there too: a passage weighed more in a date range than without it, by how its neighbours'
// docids fall. Such a Q is kept as "Q and not (not FILTER)": Q leads, moved by next() and
// skip_to() alone, and weighs as unfiltered, at the cost of reading all of Q. Any other Q keeps
// OP_FILTER, where the filter leads.
static Xapian::Query filtered(const Xapian::Query &q, const Xapian::Query &filter) {
    if (!checks_lazily(q)) return Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
    return Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                         Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, filter));
}

xdb_status xdb_query_combine(xdb_op op, xdb_query *const *subs, size_t n, uint32_t window,
                             xdb_query **out, xdb_error *err) noexcept {
    if (need(out, "out", err)) return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    if (!subs || n == 0) return set_error(err, XDB_ERR_INVALID_ARGUMENT, "no subqueries");
    for (size_t i = 0; i < n; i++)
        if (!subs[i]) return set_error(err, XDB_ERR_INVALID_ARGUMENT, "subquery %zu is NULL", i);
    Xapian::Query::op xop;
    switch (op) {
    case XDB_OP_AND: xop = Xapian::Query::OP_AND; break;
    case XDB_OP_OR: xop = Xapian::Query::OP_OR; break;
    case XDB_OP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
    case XDB_OP_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
    case XDB_OP_FILTER: xop = Xapian::Query::OP_FILTER; break;
    case XDB_OP_PHRASE: xop = Xapian::Query::OP_PHRASE; break;
    case XDB_OP_NEAR: xop = Xapian::Query::OP_NEAR; break;
    case XDB_OP_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
    case XDB_OP_MAX: xop = Xapian::Query::OP_MAX; break;
    default: return set_error(err, XDB_ERR_INVALID_ARGUMENT, "unknown query operator %d", (int)op);
    }
    GUARD_BEGIN
    std::vector<Xapian::Query> v;
    v.reserve(n);
    for (size_t i = 0; i < n; i++) v.push_back(subs[i]->q);
    if (op == XDB_OP_FILTER && n > 1)
        return new_query(filtered(v[0], Xapian::Query(Xapian::Query::OP_AND, v.begin() + 1, v.end())),
                         out, err);
    return new_query(Xapian::Query(xop, v.begin(), v.end(), window), out, err);
    GUARD_END
}

xdb_status xdb_query_value_range(unsigned slot, const char *lo, const char *hi, xdb_query **out,
                                 xdb_error *err) noexcept {
    if (need(out, "out", err)) return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    GUARD_BEGIN
    if (lo && hi)
        return new_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi), out, err);
    if (lo) return new_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo), out, err);
    if (hi) return new_query(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi), out, err);
    return new_query(Xapian::Query(Xapian::Query::MatchAll), out, err);
    GUARD_END
}

xdb_status xdb_query_scale(const xdb_query *sub, double factor, xdb_query **out,
                           xdb_error *err) noexcept {
    if (need(out, "out", err) || need(sub, "subquery", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    if (!(factor >= 0.0))
        return set_error(err, XDB_ERR_INVALID_ARGUMENT, "negative or NaN weight factor");
    GUARD_BEGIN
    return new_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, sub->q, factor), out, err);
    GUARD_END
}

xdb_status xdb_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion,
                              xdb_query **out, xdb_error *err) noexcept {
    if (need(out, "out", err)) return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    if (xdb_status st = check_term(prefix, len, err)) return st;
    GUARD_BEGIN
    return new_query(Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix, len),
                                   max_expansion, Xapian::Query::WILDCARD_LIMIT_ERROR),
                     out, err);
    GUARD_END
}

xdb_status xdb_query_counted_weight(xdb_db *db, const xdb_query *q, double *out,
                                    xdb_error *err) noexcept {
    if (need(db, "database", err) || need(q, "query", err) || need(out, "out", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = 1.0;
    return read_retry(db, err, [&] {
        Xapian::doccount n = db->db->get_doccount();
        Xapian::Enquire enq(*db->db);
        enq.set_query(q->q);
        // with k1 = 0 and no delta, BM25+ gives every match exactly its idf, so the highest
        // weight possible is the idf Xapian computed from its estimate (known without a match)
        enq.set_weighting_scheme(Xapian::BM25PlusWeight(0, 0, 1, 0.5, 0.5, 0));
        double estimated = enq.get_mset(0, 0).get_max_possible();
        if (!(estimated > 0)) return ok(err);
        // the first XDB_COUNTED_MAX matches in docid order (unweighted, Xapian stops there);
        // when there are more, the share of the docids they reach tells how many there are:
        // a common phrase costs no more than a rare one
        Xapian::Enquire counting(*db->db);
        counting.set_query(q->q);
        counting.set_weighting_scheme(Xapian::BoolWeight());
        counting.set_docid_order(Xapian::Enquire::ASCENDING);
        Xapian::MSet first = counting.get_mset(0, XDB_COUNTED_MAX);
        double counted = first.size();
        if (first.size() == XDB_COUNTED_MAX) {
            Xapian::docid reached = *first[first.size() - 1];
            // never more than Xapian's upper bound (a phrase: its rarest word's documents), for
            // matches crowded into the first docids
            counted = std::min<double>(first.get_matches_upper_bound(),
                                       counted * db->db->get_lastdocid() / reached);
        }
        if (!(counted > 0)) return ok(err);
        *out = std::log((static_cast<double>(n) + 1) / counted) / estimated;
        return ok(err);
    });
}

xdb_status xdb_query_copy(const xdb_query *q, xdb_query **out, xdb_error *err) noexcept {
    if (need(out, "out", err) || need(q, "query", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    GUARD_BEGIN
    return new_query(Xapian::Query(q->q), out, err);
    GUARD_END
}

xdb_status xdb_query_describe(const xdb_query *q, char **out, xdb_error *err) noexcept {
    if (need(out, "out", err) || need(q, "query", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    GUARD_BEGIN
    char *p = copy_string(q->q.get_description());
    if (!p) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
    *out = p;
    return ok(err);
    GUARD_END
}

void xdb_query_free(xdb_query *q) noexcept { delete q; }

void xdb_search_opts_init(xdb_search_opts *opts) noexcept {
    memset(opts, 0, sizeof *opts);
    opts->bm25_k1 = 1.2;
    opts->bm25_k2 = 0.0;
    opts->bm25_k3 = 1.0;
    opts->bm25_b = 0.75;
    opts->bm25_min_normlen = 0.5;
    opts->collapse_slot = -1;
    opts->tie_slot = -1;
    opts->group_slot = -1;
    opts->collapse_max = 1;
    opts->sort = XDB_SORT_RELEVANCE;
    opts->limit = 10;
}

void xdb_hits_free(xdb_hits *hits) noexcept {
    if (!hits) return;
    for (size_t i = 0; i < hits->count; i++) {
        free(hits->hits[i].data);
        for (size_t t = 0; t < hits->hits[i].n_terms; t++) free(hits->hits[i].terms[t]);
        free(hits->hits[i].terms);
    }
    free(hits->hits);
    free(hits);
}

// Copies the matching terms of document DOCID into H. Returns false when out of memory.
static bool copy_terms(const Xapian::Enquire &enq, Xapian::docid docid, xdb_hit *h) {
    size_t n = 0;
    for (auto t = enq.get_matching_terms_begin(docid); t != enq.get_matching_terms_end(docid); ++t) n++;
    if (n == 0) return true;
    h->terms = static_cast<char **>(calloc(n, sizeof *h->terms));
    if (!h->terms) return false;
    for (auto t = enq.get_matching_terms_begin(docid); t != enq.get_matching_terms_end(docid); ++t) {
        if (h->n_terms == n) break;
        if (!(h->terms[h->n_terms] = copy_string(*t))) return false;
        h->n_terms++;
    }
    return true;
}

// Copies the hit at IT into H (zeroed). Returns false when out of memory and throws what
// Xapian throws; either way H holds only what it owns, so xdb_hits_free releases it.
static bool copy_hit(const Xapian::Enquire &enq, const Xapian::MSetIterator &it,
                     const xdb_search_opts *opts, xdb_hit *h) {
    h->docid = *it;
    h->score = it.get_weight();
    h->collapse_count = it.get_collapse_count();
    if (opts->skip_data) return true;
    const std::string data = it.get_document().get_data();
    if (!(h->data = copy_string(data))) return false;
    h->data_len = data.size();
    return !opts->want_terms || copy_terms(enq, *it, h);
}

static void set_weighting(Xapian::Enquire &enq, const xdb_search_opts *opts) {
    if (opts->bm25_delta > 0) {
        enq.set_weighting_scheme(Xapian::BM25PlusWeight(opts->bm25_k1, opts->bm25_k2, opts->bm25_k3,
                                                        opts->bm25_b, opts->bm25_min_normlen,
                                                        opts->bm25_delta));
        return;
    }
    enq.set_weighting_scheme(Xapian::BM25Weight(opts->bm25_k1, opts->bm25_k2, opts->bm25_k3,
                                                opts->bm25_b, opts->bm25_min_normlen));
}

// Xapian's counts of a collapsed search are estimates whenever it returned fewer hits than
// matched, even with check_at_least: RES's counts made exact up to CHECK_AT_LEAST by a second,
// unweighted search that keeps every collapsed hit. Throws what Xapian throws.
static void count_collapsed(const Xapian::Database &db, const Xapian::Query &query, int slot,
                            uint32_t max, uint32_t check_at_least, xdb_hits *res) {
    if (res->matches_lower == res->matches_upper || res->matches_lower >= check_at_least) return;
    Xapian::Enquire counting(db);
    counting.set_query(query);
    counting.set_weighting_scheme(Xapian::BoolWeight());
    counting.set_collapse_key(static_cast<Xapian::valueno>(slot), max);
    Xapian::doccount upto = std::min(res->matches_upper, check_at_least);
    Xapian::MSet all = counting.get_mset(0, upto, upto);
    if (all.size() >= upto && all.get_matches_upper_bound() > upto) return;  // more than asked
    res->matches_estimated = res->matches_lower = res->matches_upper = all.size();
}

namespace {
struct grouped_hit {
    Xapian::MSetIterator it;
    std::string group, tie;
    double score, bonus, scaled;
};

// Multiplies the score of each of HITS that holds one of OPTS's scale terms by its factor
// (noting what it took), then orders HITS best first again. Throws what Xapian throws.
void scale_hits(const Xapian::Database &db, const xdb_search_opts *opts,
                std::vector<grouped_hit> &hits) {
    std::vector<std::pair<Xapian::docid, size_t>> ids;  // by docid: each posting list read once
    ids.reserve(hits.size());
    for (size_t i = 0; i < hits.size(); i++) ids.emplace_back(*hits[i].it, i);
    std::sort(ids.begin(), ids.end());
    std::vector<bool> held(hits.size(), false);
    for (size_t t = 0; t < opts->n_scale_terms; t++) {
        if (!opts->scale_terms[t]) continue;
        Xapian::PostingIterator p = db.postlist_begin(opts->scale_terms[t]), end = db.postlist_end(opts->scale_terms[t]);
        for (const auto &d : ids) {
            if (p == end) break;
            p.skip_to(d.first);
            if (p != end && *p == d.first) held[d.second] = true;
        }
    }
    bool any = false;
    for (size_t i = 0; i < hits.size(); i++) {
        if (!held[i]) continue;
        double was = hits[i].score;
        hits[i].score *= opts->scale_factor;
        hits[i].scaled = was - hits[i].score;
        any = true;
    }
    if (!any) return;
    std::stable_sort(hits.begin(), hits.end(), [](const grouped_hit &a, const grouped_hit &b) {
        if (a.score != b.score) return a.score > b.score;
        return a.tie < b.tie;
    });
}
}  // namespace

// The search of OPTS with group evidence (xdb_search_opts.group_bonus) or scale terms: the first
// group_depth hits, uncollapsed, scaled and rescored with the best other hit of their group,
// sorted again, then collapsed and cut to offset and limit, into RES. Throws what Xapian throws.
static xdb_status search_grouped(const Xapian::Database &db, const Xapian::Query &query,
                                 Xapian::Enquire &enq, const xdb_search_opts *opts, xdb_hits *res,
                                 xdb_error *err) {
    uint64_t wanted = static_cast<uint64_t>(opts->offset) + opts->limit;
    uint64_t depth = std::max<uint64_t>(opts->group_depth, wanted);
    uint32_t max = opts->collapse_max ? opts->collapse_max : 1;
    if (opts->collapse_slot >= 0) {
        // one more hit per group than is shown: each shown hit's best other is among them, and
        // (max + 1) times the hits wanted hold the groups wanted
        enq.set_collapse_key(static_cast<Xapian::valueno>(opts->collapse_slot), max + 1);
        depth = std::max<uint64_t>(depth, wanted * (max + 1));
    }
    Xapian::doccount asked = static_cast<Xapian::doccount>(std::min<uint64_t>(depth, UINT32_MAX));
    Xapian::MSet mset = enq.get_mset(0, asked, opts->check_at_least);
    res->matches_estimated = mset.get_matches_estimated();
    res->matches_lower = mset.get_matches_lower_bound();
    res->matches_upper = mset.get_matches_upper_bound();
    bool seen_all = mset.size() < asked;  // every match is a hit here or in a hit's collapse count
    if (opts->collapse_slot >= 0 && !seen_all) {  // the counts of the collapsed search, as without evidence
        Xapian::Enquire counting(db);  // its own: a copy of ENQ would share its settings
        counting.set_query(query);
        set_weighting(counting, opts);
        counting.set_collapse_key(static_cast<Xapian::valueno>(opts->collapse_slot), max);
        // the page asked for, as the search without evidence runs it: Xapian's estimate of a
        // collapsed count scales what it saw, and sees nothing when asked for no hits
        Xapian::MSet c = counting.get_mset(opts->offset, opts->limit, opts->check_at_least);
        res->matches_estimated = c.get_matches_estimated();
        res->matches_lower = c.get_matches_lower_bound();
        res->matches_upper = c.get_matches_upper_bound();
        count_collapsed(db, query, opts->collapse_slot, max, opts->check_at_least, res);
    }
    if (mset.empty()) return ok(err);
    // The group is the sort key when ties are ordered by the group's slot (as locus searches),
    // or the collapse key when hits collapse on it: both come with the MSet, so no document is
    // opened for the DEPTH hits (opening them and reading a value each was an eighth of a query).
    bool group_is_tie = opts->tie_slot == opts->group_slot;
    bool group_is_collapse = opts->collapse_slot == opts->group_slot;
    bool need_doc = !group_is_tie && !(group_is_collapse && opts->tie_slot < 0);
    if (need_doc) mset.fetch();  // one round trip to remote shards for all the documents read below
    std::vector<grouped_hit> hits;
    hits.reserve(mset.size());
    std::unordered_map<std::string, std::pair<size_t, double>> best;  // group: its best hit, 2nd score
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        std::string group, tie;
        if (group_is_tie) {
            group = tie = it.get_sort_key();
        } else {
            Xapian::Document doc;
            if (need_doc) doc = it.get_document();
            group = group_is_collapse ? it.get_collapse_key()
                                      : doc.get_value(static_cast<Xapian::valueno>(opts->group_slot));
            if (opts->tie_slot >= 0) tie = doc.get_value(static_cast<Xapian::valueno>(opts->tie_slot));
        }
        hits.push_back(grouped_hit{it, std::move(group), std::move(tie), it.get_weight(), 0.0, 0.0});
    }
    if (opts->n_scale_terms && opts->scale_factor != 1) scale_hits(db, opts, hits);
    for (size_t i = 0; i < hits.size(); i++) {  // hits come best first
        auto b = best.find(hits[i].group);
        if (b == best.end()) best.emplace(hits[i].group, std::make_pair(i, 0.0));
        else if (hits[i].score > b->second.second) b->second.second = hits[i].score;
    }
    for (size_t i = 0; i < hits.size(); i++) {
        const auto &b = best[hits[i].group];
        double other = b.first == i ? b.second : hits[b.first].score;
        hits[i].bonus = hits[i].group.empty() ? 0.0 : opts->group_bonus * other;
    }
    std::stable_sort(hits.begin(), hits.end(), [](const grouped_hit &a, const grouped_hit &b) {
        double x = a.score + a.bonus, y = b.score + b.bonus;
        if (x != y) return x > y;
        return a.tie < b.tie;  // equal: by the tie slot, as Xapian orders them
    });
    std::vector<size_t> kept;
    std::unordered_map<std::string, std::pair<size_t, uint32_t>> shown;  // group: first kept, count
    for (size_t i = 0; i < hits.size(); i++) {
        if (opts->collapse_slot >= 0) {
            auto s = shown.find(hits[i].group);
            if (s != shown.end() && s->second.second >= max) continue;  // counted below
            if (s == shown.end()) shown.emplace(hits[i].group, std::make_pair(kept.size(), 1u));
            else s->second.second++;
        }
        kept.push_back(i);
    }
    std::unordered_map<std::string, uint32_t> collapsed;  // group: hits not kept
    if (opts->collapse_slot >= 0) {
        std::unordered_map<std::string, uint32_t> total;
        for (const auto &h : hits) total[h.group] += 1 + h.it.get_collapse_count();  // and Xapian's
        for (const auto &s : shown) collapsed[s.first] = total[s.first] - s.second.second;
        if (seen_all) {  // exact: each group's matches up to MAX
            uint32_t n = 0;
            for (const auto &t : total) n += t.first.empty() ? t.second : std::min(t.second, max);
            res->matches_estimated = res->matches_lower = res->matches_upper = n;
        }
    }
    size_t from = std::min<size_t>(opts->offset, kept.size());
    size_t to = std::min<size_t>(kept.size(), from + opts->limit);
    if (to <= from) return ok(err);
    res->hits = static_cast<xdb_hit *>(calloc(to - from, sizeof *res->hits));
    if (!res->hits) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
    for (size_t k = from; k < to; k++) {
        const grouped_hit &g = hits[kept[k]];
        xdb_hit *h = &res->hits[res->count++];  // counted first, so that free releases it
        if (!copy_hit(enq, g.it, opts, h)) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
        h->score = g.score + g.bonus;
        h->bonus = g.bonus;
        h->scaled = g.scaled;
        h->collapse_count = 0;
        if (opts->collapse_slot >= 0 && shown[g.group].first == k) h->collapse_count = collapsed[g.group];
    }
    return ok(err);
}

xdb_status xdb_search(xdb_db *db, const xdb_query *query, const xdb_search_opts *opts,
                      xdb_hits **out, xdb_error *err) noexcept {
    if (need(db, "database", err) || need(query, "query", err) || need(opts, "options", err) ||
        need(out, "out", err))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    xdb_hits *res = nullptr;
    xdb_status st = read_retry(db, err, [&] {
        xdb_hits_free(res);  // what a failed attempt left
        res = static_cast<xdb_hits *>(calloc(1, sizeof *res));
        if (!res) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
        Xapian::Enquire enq(*db->db);
        enq.set_query(query->q);
        set_weighting(enq, opts);
        // release evidence and scale terms reorder hits: a count alone (no hits asked) needs
        // neither
        bool rescored = opts->group_bonus > 0 || (opts->n_scale_terms && opts->scale_factor != 1);
        if (rescored && opts->group_slot >= 0 && opts->sort == XDB_SORT_RELEVANCE && opts->limit > 0) {
            if (opts->tie_slot >= 0)
                enq.set_sort_by_relevance_then_value(static_cast<Xapian::valueno>(opts->tie_slot), false);
            return search_grouped(*db->db, query->q, enq, opts, res, err);
        }
        if (opts->collapse_slot >= 0)
            enq.set_collapse_key(static_cast<Xapian::valueno>(opts->collapse_slot),
                                 opts->collapse_max ? opts->collapse_max : 1);
        if (opts->sort != XDB_SORT_RELEVANCE)
            enq.set_sort_by_value_then_relevance(opts->sort_slot,
                                                 opts->sort == XDB_SORT_VALUE_DESC);
        else if (opts->tie_slot >= 0)
            enq.set_sort_by_relevance_then_value(static_cast<Xapian::valueno>(opts->tie_slot), false);
        Xapian::MSet mset = enq.get_mset(opts->offset, opts->limit, opts->check_at_least);
        res->matches_estimated = mset.get_matches_estimated();
        res->matches_lower = mset.get_matches_lower_bound();
        res->matches_upper = mset.get_matches_upper_bound();
        if (opts->collapse_slot >= 0)
            count_collapsed(*db->db, query->q, opts->collapse_slot,
                            opts->collapse_max ? opts->collapse_max : 1, opts->check_at_least, res);
        if (mset.empty()) return ok(err);
        res->hits = static_cast<xdb_hit *>(calloc(mset.size(), sizeof *res->hits));
        if (!res->hits) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            xdb_hit *h = &res->hits[res->count++];  // counted first, so that free releases it
            if (!copy_hit(enq, it, opts, h))
                return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
        }
        return ok(err);
    });
    if (st) {
        xdb_hits_free(res);
        return st;
    }
    *out = res;
    return XDB_OK;
}

namespace {
struct expand_filter : public Xapian::ExpandDecider {
    std::string prefix;
    size_t min_len;
    const std::unordered_set<std::string> *shared = nullptr;  // terms of enough documents
    const char *const *excluded = nullptr;  // without the prefix, in strcmp order
    size_t n_excluded = 0;
    bool operator()(const std::string &t) const override {
        if (t.size() < prefix.size() + min_len || t.compare(0, prefix.size(), prefix) != 0) return false;
        unsigned char c = static_cast<unsigned char>(t[prefix.size()]);
        if (!((c >= 'a' && c <= 'z') || c >= 0x80)) return false;
        const char *rest = t.c_str() + prefix.size();
        if (n_excluded && std::binary_search(excluded, excluded + n_excluded, rest,
                                             [](const char *a, const char *b) { return std::strcmp(a, b) < 0; }))
            return false;
        return !shared || shared->count(t);
    }
};
}  // namespace

xdb_status xdb_expand(xdb_db *db, const uint32_t *docids, size_t n, const char *prefix,
                      size_t min_len, size_t min_docs, size_t max, xdb_expand_scheme scheme,
                      double max_per_doc, const char *const *exclude, size_t n_exclude, xdb_expand_term **out,
                      size_t *count, xdb_error *err) noexcept {
    if (need(db, "database", err) || need(out, "out", err) || need(count, "count", err) ||
        need(prefix, "prefix", err) || (n && need(docids, "docids", err)))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    *out = nullptr;
    *count = 0;
    if (!n || !max) return ok(err);
    xdb_expand_term *res = nullptr;
    size_t got = 0;
    xdb_status st = read_retry(db, err, [&] {
        xdb_expand_terms_free(res, got);
        res = nullptr;
        got = 0;
        // Bo1 is weighed here from one pass over the documents' term lists (Xapian's get_eset
        // would read them a second time): a term's weight is its wdf summed over the documents
        // times log2((1 + m) / m), plus log2(1 + m), m its collection frequency over the
        // database size, as Xapian's Bo1EWeight; the best MAX, ties to the smaller term.
        bool bo1 = scheme == XDB_EXPAND_BO1;
        Xapian::RSet rset;
        struct seen_term {
            size_t docs = 0;
            double wdf = 0;
        };
        // prefixed term: what the documents hold; in term order, so that the collection
        // frequencies below are looked up along the B-tree's leaves, not a block each
        std::map<std::string, seen_term> seen;
        size_t plen = std::strlen(prefix);
        bool read_terms = min_docs > 1 || bo1 || max_per_doc > 0;
        size_t docs = 0;  // of DOCIDS, those still there
        for (size_t i = 0; i < n; i++) {
            try {  // a document a writer deleted since the caller's search is left out
                if (!read_terms) db->db->get_doclength(docids[i]);  // else its term list tells
                if (read_terms) {
                    Xapian::TermIterator t = db->db->termlist_begin(docids[i]);
                    Xapian::TermIterator end = db->db->termlist_end(docids[i]);
                    t.skip_to(prefix);
                    for (; t != end; ++t) {
                        std::string term = *t;
                        if (term.compare(0, plen, prefix) != 0) break;
                        seen_term &st = seen[term];
                        st.docs++;
                        st.wdf += t.get_wdf();
                    }
                }
                if (!bo1) rset.add_document(docids[i]);
                docs++;
            } catch (const Xapian::DocNotFoundError &) {
            }
        }
        if (!docs) return ok(err);
        expand_filter filter;
        filter.prefix = prefix;
        filter.min_len = min_len;
        filter.excluded = exclude;
        filter.n_excluded = exclude ? n_exclude : 0;
        bool need_shared = min_docs > 1 && docs >= min_docs;
        if (bo1) {
            std::vector<std::pair<double, std::string>> best;
            double size = db->db->get_doccount();
            if (!(size > 0)) return ok(err);
            for (const auto &kv : seen) {
                if ((need_shared && kv.second.docs < min_docs) || !filter(kv.first)) continue;
                double f = static_cast<double>(db->db->get_collection_freq(kv.first));
                if (!(f > 0)) continue;
                double m = f / size;
                if (max_per_doc > 0 && m > max_per_doc) continue;  // common: no topic in it
                double w = kv.second.wdf * std::log2((1.0 + m) / m) + std::log2(1.0 + m);
                if (w > 0) best.emplace_back(w, kv.first);
            }
            auto better = [](const std::pair<double, std::string> &a, const std::pair<double, std::string> &b) {
                return a.first != b.first ? a.first > b.first : a.second < b.second;
            };
            size_t keep = std::min(max, best.size());
            std::partial_sort(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(keep), best.end(), better);
            if (!keep) return ok(err);
            res = static_cast<xdb_expand_term *>(calloc(keep, sizeof *res));
            if (!res) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
            for (size_t i = 0; i < keep; i++) {
                if (!(res[got].term = copy_string(best[i].second))) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
                res[got++].weight = best[i].first;
            }
            return ok(err);
        }
        std::unordered_set<std::string> shared;  // what the trad scheme may choose from
        if (need_shared || max_per_doc > 0) {
            double size = db->db->get_doccount();
            for (const auto &kv : seen)  // the filter first: it rejects without a lookup
                if ((!need_shared || kv.second.docs >= min_docs) && filter(kv.first) &&
                    (max_per_doc <= 0 || !(size > 0) ||
                     static_cast<double>(db->db->get_collection_freq(kv.first)) <= max_per_doc * size))
                    shared.insert(kv.first);
            filter.shared = &shared;
        }
        Xapian::Enquire enq(*db->db);
        enq.set_expansion_scheme("trad");
        Xapian::ESet eset = enq.get_eset(static_cast<Xapian::termcount>(max), rset, &filter);
        if (eset.empty()) return ok(err);
        res = static_cast<xdb_expand_term *>(calloc(eset.size(), sizeof *res));
        if (!res) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
        for (auto it = eset.begin(); it != eset.end(); ++it) {
            if (!(res[got].term = copy_string(*it))) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
            res[got++].weight = it.get_weight();
        }
        return ok(err);
    });
    if (st) {
        xdb_expand_terms_free(res, got);
        return st;
    }
    *out = res;
    *count = got;
    return XDB_OK;
}

void xdb_expand_terms_free(xdb_expand_term *terms, size_t count) noexcept {
    for (size_t i = 0; terms && i < count; i++) free(terms[i].term);
    free(terms);
}

xdb_status xdb_fetch(xdb_db *db, const xdb_query *query, int want_terms, xdb_hit *hits, size_t n,
                     xdb_error *err) noexcept {
    if (need(db, "database", err) || need(query, "query", err) || (n && need(hits, "hits", err)))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    return read_retry(db, err, [&] {
        Xapian::Enquire enq(*db->db);
        enq.set_query(query->q);
        for (size_t i = 0; i < n; i++) {
            xdb_hit *h = &hits[i];
            if (h->data) continue;  // fetched by an earlier attempt
            std::string data;
            try {
                data = db->db->get_document(h->docid).get_data();
            } catch (const Xapian::DocNotFoundError &) {
                continue;  // deleted since the search
            }
            if (want_terms && !h->terms && !copy_terms(enq, h->docid, h))
                return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
            if (!(h->data = copy_string(data))) return set_error(err, XDB_ERR_NO_MEMORY, "out of memory");
            h->data_len = data.size();
        }
        return ok(err);
    });
}


xdb_status xdb_explain(xdb_db *db, const xdb_query *query, const xdb_search_opts *opts,
                       const uint32_t *docids, size_t n, const char *const *groups,
                       size_t n_groups, double *weights, xdb_error *err) noexcept {
    if (need(db, "database", err) || need(query, "query", err) || need(opts, "options", err) ||
        (n && (need(docids, "docids", err) || need(weights, "weights", err))) ||
        (n_groups && need(groups, "groups", err)))
        return err ? err->status : XDB_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < n_groups; i++)
        if (xdb_status st = check_term(groups[i], groups[i] ? strlen(groups[i]) : 0, err)) return st;
    return read_retry(db, err, [&] {
        for (size_t i = 0; i < n; i++) weights[i] = 0.0;
        if (!n || !n_groups) return ok(err);
        std::vector<Xapian::Query> terms;
        for (size_t i = 0; i < n_groups; i++) terms.emplace_back(groups[i]);
        Xapian::Query within(Xapian::Query::OP_OR, terms.begin(), terms.end());
        Xapian::Enquire enq(*db->db);
        enq.set_query(filtered(query->q, within));
        set_weighting(enq, opts);
        Xapian::MSet mset = enq.get_mset(0, db->db->get_doccount());
        for (auto it = mset.begin(); it != mset.end(); ++it)
            for (size_t i = 0; i < n; i++)
                if (docids[i] == *it) weights[i] = it.get_weight();
        return ok(err);
    });
}

}  // extern "C"
