/* locus-eval: scores rankings against relevance judgments (TREC qrels), the way trec_eval
 * does, so that a change to the index or the ranking can be measured on one's own questions. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <locus/cli.h>
#include <locus/eval.h>
#include <locus/paths.h>
#include <locus/search.h>

static const char *prog = "locus-eval";

static void usage(FILE *f) {
    fprintf(f,
"Usage: %s [OPTION]... QRELS RUN [RUN2]\n"
"       %s [OPTION]... QRELS --queries FILE [-d DB]\n"
"Score a TREC run (QID Q0 DOCID RANK SCORE TAG per line) against TREC judgments (QID 0 DOCID\n"
"REL per line, relevant when REL > 0, REL the gain of nDCG): MAP (depth 1000), nDCG@10, P@10,\n"
"R@100 and MRR, averaged over the judged queries (a query the run misses counts 0). With RUN2,\n"
"compare the two: the measures side by side, and on --measure the queries RUN2 wins and loses\n"
"and the p-value of a paired randomization test. With --queries, run the queries of FILE\n"
"('ID<TAB>QUERY' per line, as locus-search --batch reads) through the index, each release\n"
"ranked by its best passage, its id being its file name without the extension.\n"
"\n"
"  -d, --db DB          the index for --queries (default: $LOCUS_DB, else the default index)\n"
"      --queries FILE   run these queries instead of reading a run\n"
"      --save-run FILE  with --queries: also write the run, in TREC format\n"
"      --plain          with --queries: the queries are plain words (prose), their syntax\n"
"                       ignored, as locus-search --plain does\n"
"      --per-query      the measures of each query too\n"
"      --measure NAME   the measure compared: map, ndcg10 (default), p10, r100, rr\n"
"      --trials N       random sign flips of the randomization test (default 10000)\n"
"      --json           one JSON object instead of text\n"
"      --no-config      leave the configuration file out ($LOCUS_CONFIG, else\n"
"                       $XDG_CONFIG_HOME/locus/config: options kept, [eval] part)\n"
"  -h, --help           this help\n"
"\n"
"Exit status: 0 scored, 2 error.\n", prog, prog);
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    locus_vsay(prog, fmt, ap);
    va_end(ap);
}

static const char *const measure_names[] = {"map", "ndcg10", "p10", "r100", "rr"};
#define N_MEASURES (sizeof measure_names / sizeof measure_names[0])

static json_t *measures_json(const locus_measures *m) {
    json_t *o = json_object();
    for (size_t k = 0; k < N_MEASURES; k++)
        json_object_set_new(o, measure_names[k], json_real(locus_measure(m, measure_names[k])));
    return o;
}

static json_t *evaluation_json(const locus_evaluation *e, bool per_query) {
    json_t *o = json_object();
    json_object_set_new(o, "queries", json_integer((json_int_t)e->n_queries));
    json_object_set_new(o, "mean", measures_json(&e->mean));
    if (per_query) {
        json_t *a = json_array();
        for (size_t i = 0; i < e->n_queries; i++) {
            json_t *q = measures_json(&e->queries[i].m);
            json_object_set_new(q, "qid", json_string(e->queries[i].qid));
            json_object_set_new(q, "relevant", json_integer((json_int_t)e->queries[i].relevant));
            json_object_set_new(q, "retrieved", json_integer((json_int_t)e->queries[i].retrieved));
            json_array_append_new(a, q);
        }
        json_object_set_new(o, "per_query", a);
    }
    return o;
}

static void print_per_query(const locus_evaluation *e, const char *label) {
    printf("%-10s %8s %8s %8s %8s %8s %5s%s%s\n", "qid", "map", "ndcg10", "p10", "r100", "rr", "rel",
           label ? "  " : "", label ? label : "");
    for (size_t i = 0; i < e->n_queries; i++) {
        const locus_query_measures *q = &e->queries[i];
        printf("%-10s %8.4f %8.4f %8.4f %8.4f %8.4f %5zu\n", q->qid, q->m.map, q->m.ndcg10, q->m.p10,
               q->m.r100, q->m.rr, q->relevant);
    }
    putchar('\n');
}

/* Runs the queries of PATH through the index DB into RUN (and SAVE, when not NULL). */
static bool run_queries(const char *db, const char *path, bool plain_words, locus_run *run, FILE *save) {
    locus_error err;
    char *dbpath = NULL;
    locus_index *ix = NULL;
    if (locus_index_path(db, &dbpath, &err) || locus_index_open(dbpath, &ix, &err)) {
        say("%s", err.message);
        free(dbpath);
        return false;
    }
    free(dbpath);
    locus_search_opts so;
    locus_search_opts_init(&so);
    so.limit = LOCUS_EVAL_DEPTH;
    so.per_release = 1;
    so.no_highlights = true;  /* ids and scores are all a run needs */
    so.plain = plain_words;
    const char *tune = getenv("LOCUS_RANK");
    if (tune && *tune && locus_search_opts_tune(&so, tune, &err)) {
        say("LOCUS_RANK: %s", err.message);
        locus_index_close(ix);
        return false;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        say("%s: %s", path, strerror(errno));
        locus_index_close(ix);
        return false;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    bool ok = true;
    while (ok && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        char *tab = strchr(line, '\t');
        if (!*line || line[0] == '#') continue;
        if (!tab) {
            say("%s:%zu: not 'ID<TAB>QUERY'", path, lineno);
            ok = false;
            break;
        }
        *tab = '\0';
        const char *qid = line, *query = tab + 1;
        locus_results *res = NULL;
        locus_status st = locus_search(ix, query, &so, &res, &err);
        if (st == LOCUS_ERR_QUERY && !err.filter) {  /* prose that does not parse: its words */
            locus_search_opts plain = so;
            plain.plain = true;
            st = locus_search(ix, query, &plain, &res, &err);
        }
        if (st) {
            say("%s:%zu: %s", path, lineno, err.message);
            ok = false;
            break;
        }
        for (size_t i = 0; i < res->count && ok; i++) {
            char docid[256];
            locus_release_id(res->hits[i].rec.path, docid, sizeof docid);
            if (locus_run_add(run, qid, docid, res->hits[i].score, &err)) {
                say("%s", err.message);
                ok = false;
            }
            if (save) fprintf(save, "%s Q0 %s %zu %.6f locus\n", qid, docid, i + 1, res->hits[i].score);
        }
        locus_results_free(res);
    }
    free(line);
    fclose(f);
    locus_index_close(ix);
    return ok;
}

/* The command line. */
typedef struct eval_options {
    const char *db, *queries, *save_path, *measure;
    bool per_query, json, plain;
    unsigned long trials;
} eval_options;

/* Reads the options into *o (getopt's optind then points at QRELS). Returns -1 to go on, or the
 * exit status to end with: help done, or a bad value said. */
static int read_options(int argc, char **argv, eval_options *o) {
    enum { O_QUERIES = 256, O_SAVE, O_PER, O_MEASURE, O_TRIALS, O_JSON, O_PLAIN, O_NO_CONFIG };
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},         {"queries", required_argument, NULL, O_QUERIES},
        {"save-run", required_argument, NULL, O_SAVE}, {"per-query", no_argument, NULL, O_PER},
        {"measure", required_argument, NULL, O_MEASURE}, {"trials", required_argument, NULL, O_TRIALS},
        {"json", no_argument, NULL, O_JSON},          {"help", no_argument, NULL, 'h'},
        {"plain", no_argument, NULL, O_PLAIN},        {"no-config", no_argument, NULL, O_NO_CONFIG},
        {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "d:h", longs, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'd': o->db = optarg; break;
        case O_QUERIES: o->queries = optarg; break;
        case O_SAVE: o->save_path = optarg; break;
        case O_PER: o->per_query = true; break;
        case O_JSON: o->json = true; break;
        case O_PLAIN: o->plain = true; break;
        case O_MEASURE: o->measure = optarg; break;
        case O_TRIALS:
            errno = 0;
            o->trials = strtoul(optarg, &end, 10);
            if (!*optarg || *end || errno || o->trials < 1 || o->trials > 10000000) {
                say("--trials wants a number from 1 to 10000000, not '%s'", optarg);
                return 2;
            }
            break;
        case 'h': usage(stdout); return 0;
        case O_NO_CONFIG: break;  /* taken by locus_config_argv */
        default: {
            const char *meant = locus_closest_option(argv[optind - 1], longs);
            if (meant) say("did you mean --%s?", meant);
            fprintf(stderr, "Try '%s --help'.\n", prog);
            return 2;
        }
        }
    }
    locus_measures probe = {0};
    if (locus_measure(&probe, o->measure) < 0) {
        say("--measure wants map, ndcg10, p10, r100 or rr, not '%s'", o->measure);
        return 2;
    }
    int runs = argc - optind - 1;
    if (argc - optind < 1 || (o->queries ? runs != 0 : (runs < 1 || runs > 2))) {
        say(o->queries ? "--queries takes QRELS only" : "wants QRELS and one or two RUNs (try '%s --help')", prog);
        return 2;
    }
    return -1;
}

/* The runs to score into RUN[0..N): the queries of o->queries run through the index (and saved
 * when asked), else the N run files FILES. 0, or 2 with the reason said. */
static int load_runs(const eval_options *o, char **files, int n, locus_run *run[2]) {
    locus_error err;
    int rc = 0;
    if (o->queries) {
        FILE *save = o->save_path ? fopen(o->save_path, "w") : NULL;
        if (o->save_path && !save) {
            say("%s: %s", o->save_path, strerror(errno));
            rc = 2;
        } else if (!(run[0] = locus_run_new())) {
            say("out of memory");
            rc = 2;
        } else if (!run_queries(o->db, o->queries, o->plain, run[0], save)) {
            rc = 2;
        }
        if (save && fclose(save)) {
            say("%s: %s", o->save_path, strerror(errno));
            rc = 2;
        }
        return rc;
    }
    for (int k = 0; k < n && !rc; k++)
        if (locus_run_read(files[k], &run[k], &err)) {
            say("%s", err.message);
            rc = 2;
        }
    return rc;
}

/* The measures of EV[0..N) (and their comparison CMP when N is 2) as one JSON object. */
static void print_json(const eval_options *o, locus_evaluation *const ev[2], int n,
                       const locus_comparison *cmp) {
    json_t *obj = n == 1 ? evaluation_json(ev[0], o->per_query) : json_object();
    if (n == 2) {
        json_object_set_new(obj, "a", evaluation_json(ev[0], o->per_query));
        json_object_set_new(obj, "b", evaluation_json(ev[1], o->per_query));
        json_object_set_new(obj, "comparison",
                            json_pack("{s:s,s:I,s:I,s:I,s:f}", "measure", o->measure, "wins",
                                      (json_int_t)cmp->wins, "losses", (json_int_t)cmp->losses,
                                      "ties", (json_int_t)cmp->ties, "p_value", cmp->p_value));
    }
    char *s = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(6));
    if (s) puts(s);
    free(s);
    json_decref(obj);
}

/* The measures of EV[0..N) side by side as text, then the comparison CMP when N is 2. */
static void print_text(const eval_options *o, locus_evaluation *const ev[2], int n,
                       const locus_comparison *cmp) {
    if (o->per_query)
        for (int k = 0; k < n; k++) print_per_query(ev[k], n == 2 ? (k ? "(RUN2)" : "(RUN)") : NULL);
    printf("%-8s %8zu\n", "queries", ev[0]->n_queries);
    for (size_t m = 0; m < N_MEASURES; m++) {
        printf("%-8s %8.4f", measure_names[m], locus_measure(&ev[0]->mean, measure_names[m]));
        if (n == 2) printf(" %8.4f", locus_measure(&ev[1]->mean, measure_names[m]));
        putchar('\n');
    }
    if (n == 2)
        printf("%s: RUN2 wins %zu, loses %zu, ties %zu of %zu queries; p = %.4f (paired "
               "randomization test, %lu trials)\n", o->measure, cmp->wins, cmp->losses, cmp->ties,
               ev[0]->n_queries, cmp->p_value, o->trials);
}

int main(int argc, char **argv) {
    eval_options o = {.measure = "ndcg10", .trials = 10000};
    locus_error cerr;
    if (locus_config_argv("eval", &argc, &argv, &cerr)) {
        say("%s", cerr.message);
        return 2;
    }
    int rc = read_options(argc, argv, &o);
    if (rc >= 0) return rc;
    locus_error err;
    locus_judgments *j = NULL;
    if (locus_judgments_read(argv[optind], &j, &err)) {
        say("%s", err.message);
        return 2;
    }
    locus_run *run[2] = {NULL, NULL};
    locus_evaluation *ev[2] = {NULL, NULL};
    int n = o.queries ? 1 : argc - optind - 1;
    rc = load_runs(&o, argv + optind + 1, n, run);
    for (int k = 0; k < n && !rc; k++)
        if (locus_evaluate(j, run[k], &ev[k], &err)) {
            say("%s", err.message);
            rc = 2;
        }
    locus_comparison cmp;
    if (!rc && n == 2 && locus_compare(ev[0], ev[1], o.measure, (unsigned)o.trials, &cmp, &err)) {
        say("%s", err.message);
        rc = 2;
    }
    if (!rc) (o.json ? print_json : print_text)(&o, ev, n, &cmp);
    for (int k = 0; k < 2; k++) {
        locus_evaluation_free(ev[k]);
        locus_run_free(run[k]);
    }
    locus_judgments_free(j);
    if (!rc && fflush(stdout)) rc = 2;
    return rc;
}
