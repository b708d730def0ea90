/* xdb.h - the C API over libxapian used by locus.
 *
 * This is the only header that stands between C code and Xapian; only xdb.cc includes
 * <xapian.h>. Every function is safe to call from C: C++ exceptions are caught at the boundary
 * and turned into an xdb_status plus a message in a caller-provided xdb_error (no allocation on
 * the error path). Every function that can fail returns an xdb_status; objects come back through
 * out-parameters. Every _free/_close accepts NULL.
 *
 * Terms cross as pointer + length and may contain any bytes. A term longer than XDB_MAX_TERM
 * bytes (prefix included) or an empty term is refused here, before Xapian sees it, because a
 * failed add_document makes Xapian discard the whole uncommitted batch.
 *
 * Readers retry by themselves: when a writer's commit pulls a reader's revision away (Xapian's
 * DatabaseModifiedError, or the DatabaseCorruptError it sometimes gives while a commit is being
 * written), every read function reopens the database and tries again, up to 10 times over about
 * 0.2 s, before it reports XDB_ERR_MODIFIED or XDB_ERR_CORRUPT. Functions that call back resume
 * after the last item they handed over, so no item is seen twice.
 *
 * Handles are not thread-safe: use one xdb_db per thread.
 */
#ifndef LOCUS_XDB_H
#define LOCUS_XDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define XDB_NOEXCEPT noexcept /* a missed guard in xdb.cc then terminates loudly */
extern "C" {
#else
#define XDB_NOEXCEPT
#endif

/* The longest term Xapian's glass backend accepts, in bytes, prefix included. */
#define XDB_MAX_TERM 245

typedef enum xdb_status {
    XDB_OK = 0,
    XDB_ERR_INVALID_ARGUMENT,  /* bad argument: empty or over-long term, NULL handle, ... */
    XDB_ERR_INVALID_OPERATION, /* call not allowed now (e.g. commit inside a transaction) */
    XDB_ERR_NOT_FOUND,         /* the database does not exist */
    XDB_ERR_OPENING,           /* the database exists but cannot be opened */
    XDB_ERR_CREATE,            /* the database cannot be created (e.g. missing parent folder) */
    XDB_ERR_LOCKED,            /* another writer holds the write lock */
    XDB_ERR_CORRUPT,           /* the database is damaged */
    XDB_ERR_VERSION,           /* the database format is not supported */
    XDB_ERR_MODIFIED,          /* a reader's revision was overwritten: reopen and retry */
    XDB_ERR_CLOSED,            /* the database was closed */
    XDB_ERR_DATABASE,          /* another database error (I/O, disk full, ...) */
    XDB_ERR_DOC_NOT_FOUND,     /* no document with that id */
    XDB_ERR_NETWORK,           /* a remote shard failed or timed out */
    XDB_ERR_WILDCARD,          /* a wildcard expanded to more terms than allowed */
    XDB_ERR_UNIMPLEMENTED,     /* the backend does not support the operation */
    XDB_ERR_NO_MEMORY,         /* allocation failed */
    XDB_ERR_PERMISSION,        /* the files may not be read or written by this user (EACCES,
                                  EPERM, EROFS), whatever Xapian's own class for it */
    XDB_ERR_INTERNAL           /* anything else (a bug in locus or Xapian) */
} xdb_status;

/* Where a failing call leaves its status and a NUL-terminated message. The caller owns it
 * (usually on the stack); every function accepts NULL when the caller does not care. */
typedef struct xdb_error {
    xdb_status status;
    char message[512];
} xdb_error;

/* A short constant name for a status ("locked", "not found", ...). Never NULL. */
const char *xdb_status_string(xdb_status status) XDB_NOEXCEPT;

/* The libxapian version in use, e.g. "1.4.22". Static storage. */
const char *xdb_version_string(void) XDB_NOEXCEPT;

/* ---- databases ------------------------------------------------------------------------- */

typedef struct xdb_db xdb_db;

enum {
    XDB_OPEN_CREATE = 1 << 0,     /* create the database if it does not exist */
    XDB_OPEN_RETRY_LOCK = 1 << 1, /* wait for the write lock instead of failing */
    XDB_OPEN_NO_SYNC = 1 << 2,    /* skip fsync on commit (tests, bulk builds) */
    XDB_OPEN_PRIVATE = 1 << 3     /* a database no other writer opens (a copy being made): a
                                     lock found held is the lock-holder process of this
                                     process's last writer of it, which Xapian 1.4 lets end
                                     on its own, so the open tries again for up to 2 s */
};

/* Opens PATH for writing. The folder's parent must exist. Fails with XDB_ERR_LOCKED when
 * another writer holds the lock (unless XDB_OPEN_RETRY_LOCK), XDB_ERR_NOT_FOUND when it does not
 * exist and XDB_OPEN_CREATE is not given. On success *out is a handle to free with xdb_close. */
xdb_status xdb_open_write(const char *path, int flags, xdb_db **out, xdb_error *err) XDB_NOEXCEPT;

#define XDB_STUB_FILE "XAPIANDB"  /* a folder holding this stub file is a set of shards */
#define XDB_REMOTE_TIMEOUT 10.0    /* seconds a remote shard may take to connect or to answer */

/* Opens PATH read-only: a database folder, or a stub listing shards (a stub file, or a folder
 * holding XDB_STUB_FILE), one per line: "auto PATH" or "glass PATH" (relative to the stub's
 * folder), "remote HOST:PORT" (xapian-tcpsrv), "remote :PROGRAM ARGS"; '#' starts a comment.
 * The shards are searched as one database, and each can be read alone (xdb_shard). A shard
 * that cannot be opened fails the whole open, its name in the message. Remote shards that do
 * not connect or answer within XDB_REMOTE_TIMEOUT seconds fail with XDB_ERR_NETWORK. On
 * success *out is a handle to free with xdb_close. */
xdb_status xdb_open_read(const char *path, xdb_db **out, xdb_error *err) XDB_NOEXCEPT;

/* xdb_open_read with TIMEOUT seconds for remote shards (0: XDB_REMOTE_TIMEOUT). */
xdb_status xdb_open_read_timeout(const char *path, double timeout, xdb_db **out,
                                 xdb_error *err) XDB_NOEXCEPT;

/* Whether PATH is a stub xdb_open_read joins shards from: a file of shard lines, or a folder
 * holding XDB_STUB_FILE. */
bool xdb_stub_at(const char *path) XDB_NOEXCEPT;

/* Whether DB was opened from a stub (even of one shard). */
bool xdb_is_stub(const xdb_db *db) XDB_NOEXCEPT;

/* The folder of local shard K of DB; "" for a remote shard or when DB is no stub. Borrowed. */
const char *xdb_shard_path(const xdb_db *db, size_t k) XDB_NOEXCEPT;

/* Number of shards of DB: 1 for a database that is not a stub (0 for NULL). */
size_t xdb_shard_count(const xdb_db *db) XDB_NOEXCEPT;

/* Shard K of DB alone, borrowed (valid until DB is closed): DB itself for K = 0 when DB is no
 * stub; NULL when K is out of range. It shares DB's connections and revision. */
xdb_db *xdb_shard(xdb_db *db, size_t k) XDB_NOEXCEPT;

/* The name of shard K as its stub gives it ("shard-0", "remote 127.0.0.1:9001"); "" when DB
 * is no stub. Borrowed. */
const char *xdb_shard_name(const xdb_db *db, size_t k) XDB_NOEXCEPT;

/* Checks every table of the database folder PATH with Xapian's own checker
 * (Xapian::Database::check): the B-tree structure of each table, and that the postlists,
 * termlists, positions, document lengths and statistics agree. *PROBLEMS is the number of
 * errors found (0 for a sound database); the first lines of the checker's report go to REPORT
 * (SIZE bytes, NUL-terminated). A database too damaged to check at all counts as one problem,
 * with Xapian's message as the report. Fails only for bad arguments or lack of memory. */
xdb_status xdb_check(const char *path, size_t *problems, char *report, size_t size,
                     xdb_error *err) XDB_NOEXCEPT;

/* Commits pending changes of a writer (if any), releases the lock and frees DB. Returns the
 * status of that final commit; DB is freed whatever happens. Accepts NULL. */
xdb_status xdb_close(xdb_db *db, xdb_error *err) XDB_NOEXCEPT;

/* Merges the N closed databases SOURCES into a new, fully compacted database at DEST (a folder
 * that must not hold a database; created when missing), renumbering documents in the order of
 * SOURCES, its B-trees packed full (Xapian's compactor, level FULL). Metadata keys found in several sources keep
 * the first source's value, except COUNTER_KEY (may be NULL), a decimal counter: it keeps the
 * largest. The spelling tables are merged. Fails with XDB_ERR_IO or XDB_ERR_DATABASE and a
 * message; DEST may then hold part of a database, which the caller removes. */
xdb_status xdb_compact(const char *const *sources, size_t n, const char *dest,
                       const char *counter_key, xdb_error *err) XDB_NOEXCEPT;

/* Makes a reader see the latest committed revision (the cure for XDB_ERR_MODIFIED). */
xdb_status xdb_reopen(xdb_db *db, xdb_error *err) XDB_NOEXCEPT;

/* Commits pending changes; fails with XDB_ERR_INVALID_OPERATION inside a transaction. */
xdb_status xdb_commit(xdb_db *db, xdb_error *err) XDB_NOEXCEPT;

/* Transactions: begin commits what is pending, then groups every change until
 * xdb_transaction_commit (all become durable together) or xdb_transaction_cancel (all are
 * dropped). Xapian never flushes automatically inside a transaction. */
xdb_status xdb_transaction_begin(xdb_db *db, xdb_error *err) XDB_NOEXCEPT;
xdb_status xdb_transaction_commit(xdb_db *db, xdb_error *err) XDB_NOEXCEPT;
xdb_status xdb_transaction_cancel(xdb_db *db, xdb_error *err) XDB_NOEXCEPT;

/* The revision of the database the handle reads now (it changes when a retry reopened it). */
xdb_status xdb_revision(xdb_db *db, uint64_t *out, xdb_error *err) XDB_NOEXCEPT;

/* How often DB has been reopened onto newer data (by xdb_reopen, or by a read that retried):
 * what was read from it at another generation may be stale. 0 for a fresh handle or NULL. */
uint64_t xdb_generation(const xdb_db *db) XDB_NOEXCEPT;

/* Number of documents in *out. */
xdb_status xdb_doc_count(xdb_db *db, uint32_t *out, xdb_error *err) XDB_NOEXCEPT;

/* Number of documents indexed by TERM in *out (0 when absent). */
xdb_status xdb_term_freq(xdb_db *db, const char *term, size_t len, uint32_t *out, xdb_error *err) XDB_NOEXCEPT;

/* Reads the metadata value stored under KEY into a new NUL-terminated buffer *out (length in
 * *out_len, may be NULL) that the caller frees with free(). A missing key gives an empty
 * string. */
xdb_status xdb_metadata_get(xdb_db *db, const char *key, char **out, size_t *out_len,
                            xdb_error *err) XDB_NOEXCEPT;

/* Stores VALUE (LEN bytes) under KEY; an empty value deletes the key. Writers only. */
xdb_status xdb_metadata_set(xdb_db *db, const char *key, const char *value, size_t len,
                            xdb_error *err) XDB_NOEXCEPT;

/* Calls FN for each metadata key starting with PREFIX, in byte order (the key is borrowed for
 * the call). FN returns 0 to go on, non-zero to stop early. */
typedef int (*xdb_key_fn)(const char *key, size_t len, void *ctx);
xdb_status xdb_metadata_keys(xdb_db *db, const char *prefix, xdb_key_fn fn, void *ctx,
                             xdb_error *err) XDB_NOEXCEPT;

/* Copies the data of document DOCID into a new buffer *out (NUL-terminated, length in
 * *out_len, may be NULL) freed with free(). XDB_ERR_DOC_NOT_FOUND when there is none. */
xdb_status xdb_doc_data(xdb_db *db, uint32_t docid, char **out, size_t *out_len,
                        xdb_error *err) XDB_NOEXCEPT;

/* Calls FN for each term in the database that starts with PREFIX (LEN bytes), in byte order,
 * with the term and its document frequency. FN returns 0 to go on, non-zero to stop early. The
 * term pointer is valid only during the call. */
typedef int (*xdb_term_fn)(const char *term, size_t len, uint32_t freq, void *ctx);
xdb_status xdb_terms_with_prefix(xdb_db *db, const char *prefix, size_t len, xdb_term_fn fn,
                                 void *ctx, xdb_error *err) XDB_NOEXCEPT;

/* Calls FN for each document indexed by TERM with its id and data (borrowed: valid only during
 * the call). FN returns 0 to go on, non-zero to stop early. */
typedef int (*xdb_doc_fn)(uint32_t docid, const char *data, size_t len, void *ctx);
xdb_status xdb_docs_with_term(xdb_db *db, const char *term, size_t len, xdb_doc_fn fn, void *ctx,
                              xdb_error *err) XDB_NOEXCEPT;

/* ---- spelling -------------------------------------------------------------------------- */

/* Raises (xdb_spelling_add) or lowers (xdb_spelling_remove) the frequency of WORD in the
 * spelling dictionary by N. Writers only. */
xdb_status xdb_spelling_add(xdb_db *db, const char *word, size_t len, uint32_t n,
                            xdb_error *err) XDB_NOEXCEPT;
xdb_status xdb_spelling_remove(xdb_db *db, const char *word, size_t len, uint32_t n,
                               xdb_error *err) XDB_NOEXCEPT;

/* The most frequent dictionary word within MAX_EDITS edits of WORD, in a new string *out
 * freed with free(); "" when there is none (or WORD is itself in the dictionary). Remote
 * shards give no suggestions. */
xdb_status xdb_spelling_suggest(xdb_db *db, const char *word, size_t len, unsigned max_edits,
                                char **out, xdb_error *err) XDB_NOEXCEPT;

/* ---- documents ------------------------------------------------------------------------- */

typedef struct xdb_doc xdb_doc;

/* A new empty document in *out, to free with xdb_doc_free. */
xdb_status xdb_doc_new(xdb_doc **out, xdb_error *err) XDB_NOEXCEPT;
void xdb_doc_free(xdb_doc *doc) XDB_NOEXCEPT;

/* Adds TERM at position POS (positions start at 1) and raises its wdf by WDF_INC. */
xdb_status xdb_doc_add_posting(xdb_doc *doc, const char *term, size_t len, uint32_t pos,
                               uint32_t wdf_inc, xdb_error *err) XDB_NOEXCEPT;

/* Adds TERM without a position, raising its wdf by WDF_INC (0 makes a boolean term that does
 * not count toward the document's length or weight). */
xdb_status xdb_doc_add_term(xdb_doc *doc, const char *term, size_t len, uint32_t wdf_inc,
                            xdb_error *err) XDB_NOEXCEPT;

/* Sets value slot SLOT to LEN bytes (copied). */
xdb_status xdb_doc_set_value(xdb_doc *doc, unsigned slot, const char *value, size_t len,
                             xdb_error *err) XDB_NOEXCEPT;

/* Sets the document data to LEN bytes (copied). */
xdb_status xdb_doc_set_data(xdb_doc *doc, const char *data, size_t len, xdb_error *err) XDB_NOEXCEPT;

/* Adds DOC (which stays the caller's) to a writer; its new id in *docid (may be NULL). */
xdb_status xdb_add_doc(xdb_db *db, const xdb_doc *doc, uint32_t *docid, xdb_error *err) XDB_NOEXCEPT;

/* Replaces every document indexed by UNIQUE_TERM with DOC (adds it when there is none). */
xdb_status xdb_replace_doc_by_term(xdb_db *db, const char *unique_term, size_t len,
                                   const xdb_doc *doc, uint32_t *docid, xdb_error *err) XDB_NOEXCEPT;

/* Deletes the document DOCID (none is not an error). */
xdb_status xdb_delete_doc(xdb_db *db, uint32_t docid, xdb_error *err) XDB_NOEXCEPT;

/* The ids of the first MAX documents indexed by TERM, in increasing order, into OUT; how many
 * in *N. */
xdb_status xdb_term_docids(xdb_db *db, const char *term, size_t len, size_t max, uint32_t *out,
                           size_t *n, xdb_error *err) XDB_NOEXCEPT;

/* Deletes every document indexed by TERM (none is not an error). */
xdb_status xdb_delete_docs_by_term(xdb_db *db, const char *term, size_t len, xdb_error *err) XDB_NOEXCEPT;

/* ---- queries --------------------------------------------------------------------------- */

/* Queries are immutable values. Constructors make a new one in *out, to free with
 * xdb_query_free; combining functions copy their inputs, which stay the caller's. */
typedef struct xdb_query xdb_query;

typedef enum xdb_op {
    XDB_OP_AND,      /* all subqueries match */
    XDB_OP_OR,       /* any subquery matches; weights add up */
    XDB_OP_AND_NOT,  /* the first matches and none of the others */
    XDB_OP_AND_MAYBE,/* the first matches; the others only add weight */
    XDB_OP_FILTER,   /* the first matches and the others too, which add no weight: the first
                      * weighs as it does alone (not always so with Xapian's OP_FILTER: xdb.cc) */
    XDB_OP_PHRASE,   /* the term subqueries appear in order within WINDOW positions */
    XDB_OP_NEAR,     /* the term subqueries appear in any order within WINDOW positions */
    XDB_OP_SYNONYM,  /* OR, weighted as if all subqueries were one term */
    XDB_OP_MAX       /* OR, weighted by the best subquery */
} xdb_op;

/* Matches documents indexed by TERM; WQF is its within-query frequency (1 normally) and POS
 * its position in the query (0 when unknown). */
xdb_status xdb_query_term(const char *term, size_t len, uint32_t wqf, uint32_t pos,
                          xdb_query **out, xdb_error *err) XDB_NOEXCEPT;

/* Matches every document. */
xdb_status xdb_query_match_all(xdb_query **out, xdb_error *err) XDB_NOEXCEPT;

/* Combines N subqueries with OP. WINDOW is for PHRASE and NEAR (0: the number of
 * subqueries). N must be at least 1. */
xdb_status xdb_query_combine(xdb_op op, xdb_query *const *subs, size_t n, uint32_t window,
                             xdb_query **out, xdb_error *err) XDB_NOEXCEPT;

/* Matches documents whose value in SLOT is within [LO, HI] (byte order); a NULL bound is open. */
xdb_status xdb_query_value_range(unsigned slot, const char *lo, const char *hi,
                                 xdb_query **out, xdb_error *err) XDB_NOEXCEPT;

/* Multiplies the weight SUB contributes by FACTOR (>= 0; 0 makes it a pure filter). */
xdb_status xdb_query_scale(const xdb_query *sub, double factor, xdb_query **out,
                           xdb_error *err) XDB_NOEXCEPT;

/* Matches terms starting with PREFIX (LEN bytes) as a synonym group. When more than
 * MAX_EXPANSION terms match (0: no bound), the search fails with XDB_ERR_WILDCARD. */
xdb_status xdb_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion,
                              xdb_query **out, xdb_error *err) XDB_NOEXCEPT;

/* The factor that makes Q, weighed by Xapian as one term (an XDB_OP_SYNONYM), weigh as the
 * number of documents it matches says: BM25+'s idf of that number, counted, over its idf of
 * Xapian's estimate of it, log((N+1)/counted) / log((N+1)/estimated). Xapian estimates a phrase
 * inside a synonym from its words' frequencies as if they were independent, so it takes "U.S."
 * (the phrase "u s", in one passage in six of a newswire) for a rare word. 1 when Q matches
 * nothing or the two agree; in *out. Costs a count of Q's matches up to XDB_COUNTED_MAX (then
 * estimated from how far into the docids they reach, as if the matches were spread evenly, and
 * at most Xapian's upper bound: for a phrase, the documents of its rarest word). */
xdb_status xdb_query_counted_weight(xdb_db *db, const xdb_query *q, double *out,
                                    xdb_error *err) XDB_NOEXCEPT;
#define XDB_COUNTED_MAX 1000u /* xdb_query_counted_weight counts this many matches at most, and
                                 beyond it extrapolates from the share of the docids they reach */

/* A new reference to the same query, in *out. */
xdb_status xdb_query_copy(const xdb_query *q, xdb_query **out, xdb_error *err) XDB_NOEXCEPT;

/* A human-readable description of the query (Xapian's), in a new string freed with free(). */
xdb_status xdb_query_describe(const xdb_query *q, char **out, xdb_error *err) XDB_NOEXCEPT;

void xdb_query_free(xdb_query *q) XDB_NOEXCEPT;

/* ---- searching ------------------------------------------------------------------------- */

typedef enum xdb_sort {
    XDB_SORT_RELEVANCE,    /* best score first */
    XDB_SORT_VALUE_ASC,    /* by value slot sort_slot ascending, then score */
    XDB_SORT_VALUE_DESC    /* by value slot sort_slot descending, then score */
} xdb_sort;

typedef struct xdb_search_opts {
    double bm25_k1, bm25_k2, bm25_k3, bm25_b, bm25_min_normlen; /* BM25Weight parameters */
    double bm25_delta;       /* > 0: BM25+ (BM25PlusWeight) with this lower bound on a matching
                                term's weight; 0: plain BM25 */
    int collapse_slot;       /* keep at most collapse_max hits per value of this slot; -1: off */
    uint32_t collapse_max;
    xdb_sort sort;
    unsigned sort_slot;
    int tie_slot;            /* by relevance: equal scores ordered by this slot's value (not by
                                document id, which differs between one database and shards);
                                -1: by document id */
    uint32_t offset;         /* hits to skip */
    uint32_t limit;          /* hits to return at most */
    uint32_t check_at_least; /* make the match-count estimate exact up to this many (collapsed
                                counts too: by a second, unweighted search, since Xapian's stay
                                estimates when it returns fewer hits than matched) */
    int want_terms;          /* copy each hit's matching query terms */
    int skip_data;           /* leave data and terms out: fetch them later with xdb_fetch */
    double group_bonus;      /* > 0, by relevance only: among the first group_depth hits (at
                                least offset + limit), each hit's score gains this times the best
                                score of another hit with the same group_slot value, and they
                                are sorted again; collapsing, offset and limit apply after */
    int group_slot;          /* the slot that groups hits (a release); -1: none */
    uint32_t group_depth;
    const char *const *scale_terms; /* with group_slot, by relevance: a hit among the group_depth
                                that holds one of these terms has its score multiplied by
                                scale_factor before the group evidence, if any (their posting
                                lists are read up to the last of those hits); borrowed */
    size_t n_scale_terms;
    double scale_factor;
} xdb_search_opts;

/* Fills OPTS with textbook BM25 (k1 1.2, b 0.75, k2 0, k3 1, min_normlen 0.5), relevance
 * order, no collapsing, limit 10. */
void xdb_search_opts_init(xdb_search_opts *opts) XDB_NOEXCEPT;

typedef struct xdb_hit {
    uint32_t docid;
    double score;
    uint32_t collapse_count;  /* lower bound of hits collapsed into this one */
    double bonus;             /* what group_bonus added to the score (in it) */
    double scaled;            /* what scale_terms took from the score (0: none) */
    char *data;               /* the document data, NUL-terminated */
    size_t data_len;
    char **terms;             /* the query terms this document matches (want_terms), or NULL */
    size_t n_terms;
} xdb_hit;

typedef struct xdb_hits {
    xdb_hit *hits;
    size_t count;
    uint32_t matches_estimated, matches_lower, matches_upper;
} xdb_hits;

/* Runs QUERY on DB and copies the hits into a new *out, freed with xdb_hits_free. No Xapian
 * object survives the call. */
xdb_status xdb_search(xdb_db *db, const xdb_query *query, const xdb_search_opts *opts,
                      xdb_hits **out, xdb_error *err) XDB_NOEXCEPT;
void xdb_hits_free(xdb_hits *hits) XDB_NOEXCEPT;

/* How xdb_expand weighs candidate terms: Xapian's "trad" (the probabilistic relevance weight)
 * or "bo1" (Amati's Bose-Einstein model, divergence from randomness). */
typedef enum xdb_expand_scheme { XDB_EXPAND_TRAD, XDB_EXPAND_BO1 } xdb_expand_scheme;

/* An expansion term: what pseudo-relevance feedback adds to a query. */
typedef struct xdb_expand_term {
    char *term;       /* with its prefix */
    double weight;    /* Xapian's expand weight, highest first */
} xdb_expand_term;

/* The at most MAX best expansion terms (Xapian's ESet, weighed by SCHEME) of the documents DOCIDS[0..n), among the
 * terms that start with PREFIX followed by a lower-case ASCII letter or any non-ASCII byte (so
 * "Z" takes stems, not "ZXT" title terms), at least MIN_LEN bytes long without the prefix and,
 * when at least MIN_DOCS documents are given, found in MIN_DOCS of them (0 or 1: in any), and
 * none of the N_EXCLUDE terms EXCLUDE (without the prefix, in strcmp order: stop words' stems), nor
 * (MAX_PER_DOC > 0) a term found more than MAX_PER_DOC times per document of DB on average, into
 * a new array *out of *count terms, freed with xdb_expand_terms_free. */
xdb_status xdb_expand(xdb_db *db, const uint32_t *docids, size_t n, const char *prefix,
                      size_t min_len, size_t min_docs, size_t max, xdb_expand_scheme scheme,
                      double max_per_doc, const char *const *exclude, size_t n_exclude, xdb_expand_term **out,
                      size_t *count, xdb_error *err) XDB_NOEXCEPT;
void xdb_expand_terms_free(xdb_expand_term *terms, size_t count) XDB_NOEXCEPT;

/* Fills the data (and, with WANT_TERMS, the terms of QUERY they match) of the N hits HITS, whose
 * docid is set and whose data and terms are NULL. A document deleted since the search keeps a
 * NULL data. On failure the hits hold only what they own (xdb_hits_free releases them). */
xdb_status xdb_fetch(xdb_db *db, const xdb_query *query, int want_terms, xdb_hit *hits, size_t n,
                     xdb_error *err) XDB_NOEXCEPT;

/* The weight QUERY alone gives each of the N documents DOCIDS under the BM25 parameters of
 * OPTS, with statistics of the whole database (so the weights of a query's parts add up to
 * its score). Writes N weights into WEIGHTS; 0 for a document QUERY does not match (or that is
 * gone). The match is narrowed to the documents indexed by one of the N_GROUPS terms GROUPS,
 * which must cover DOCIDS and should be few documents (no match decider: that works over
 * remote shards too). */
xdb_status xdb_explain(xdb_db *db, const xdb_query *query, const xdb_search_opts *opts,
                       const uint32_t *docids, size_t n, const char *const *groups,
                       size_t n_groups, double *weights, xdb_error *err) XDB_NOEXCEPT;

#ifdef __cplusplus
}
#endif

#endif
