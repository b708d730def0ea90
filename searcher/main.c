/* locus-search: ranks the passages of a locus index for a query and prints them. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <locus/cli.h>
#include <locus/info.h>
#include <locus/paths.h>
#include "printer.h"
#include <locus/search.h>

enum { EXIT_HITS = 0, EXIT_NO_HITS = 1, EXIT_ERROR = 2 };

typedef enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

typedef struct options {
    const char *db;
    printer_format format;
    color_mode color;
    bool null_sep, explain, limit_given, plain, strict;
    unsigned long limit, offset, per_release;
    unsigned long before, after;  /* -B, -A (-C: both): passages around each hit */
    locus_sort sort;
    char since[9], until[9];
    const char *batch;
    const char *lang;
    bool no_expand, acronyms;
    double timeout;         /* --timeout: seconds a remote shard may take (0: the default) */
} options;

static const char *prog = "locus-search";

static void usage(FILE *f) {
    fprintf(f,
"Usage: %s [OPTION]... QUERY...\n"
"       %s [OPTION]... --batch FILE|-\n"
"Print the passages of a locus index that best answer QUERY.\n"
"\n"
"Query (locus-query(7), docs/QUERY.md):\n"
"  words                 stemmed: 'explaining' finds 'explained'\n"
"  \"a phrase\", =word     exact words (a quoted word is exact too)\n"
"  a AND b, a OR b, a NOT b, (...), +required, -excluded\n"
"  a NEAR/5 b, a ADJ/3 b any order / in order, within 5 / 3 words\n"
"  regul*                words starting with 'regul' (at most %d)\n"
"  title:w  section:w    in the release title / section heading only\n"
"  date:2022-01..2022-12 release dates (YYYY, YYYY-MM, YYYY-MM-DD; open ends: ..2021)\n"
"Options may come before or after the query (an argument that is exactly an option is one);\n"
"'-word' that is no option excludes the word; after '--' every argument is query.\n"
"A query that does not parse (a question in prose: \"(see annex\") is searched as plain\n"
"words, with a note on stderr; a date: filter that cannot be read is an error (exit 2).\n"
"\n"
"Index:\n"
"  -d, --db DB              the index (default: $LOCUS_DB, else $XDG_DATA_HOME/locus/index\n"
"                           or ~/.local/share/locus/index)\n"
"Results:\n"
"  -n, --limit N            at most N results (default 10; -l, -c: all)\n"
"      --offset N           skip the first N results\n"
"      --group              one passage per release: its best (same as --passages-per-release 1)\n"
"      --passages-per-release N  at most N passages of each release\n"
"      --sort relevance|date|-date  best first (default), oldest first, newest first\n"
"      --since DATE, --until DATE  only releases dated from / up to DATE (2024-06, or 2w,\n"
"                           6m, 1y back from today)\n"
"      --lang LANG          only releases in LANG (en, fr, de, ja, ...), the query analysed\n"
"                           as LANG; without it, words are stemmed as each language of the\n"
"                           index would stem them\n"
"  -A, --after-context N    also show the N passages after each hit in its release (text,\n"
"                           JSON: \"context_after\"; at most %d)\n"
"  -B, --before-context N   ... the N passages before it (JSON: \"context_before\")\n"
"  -C, --context N          ... N passages before and N after it\n"
"      --explain            show what each query term adds to the score\n"
"      --no-expand          do not expand acronyms the index learned (DFFT also finds \"Data\n"
"                           Free Flow with Trust\", and the other way round)\n"
"      --plain              the query is plain words: quotes, parentheses, operators and\n"
"                           fields are ignored\n"
"      --strict             a query that does not parse is an error (exit 2), not searched\n"
"                           as plain words\n"
"Output:\n"
"      --format FORMAT      text (default), jsonl, tsv, vimgrep, trec; cite (a citation\n"
"                           line per hit: issuer, title, date, sections, page, URL),\n"
"                           csl-json (CSL JSON items, which Zotero and pandoc read)\n"
"      --json               same as --format jsonl\n"
"      --vimgrep            path:line:column:text, one line per matching line of the file\n"
"  -l, --files-with-matches each matching release path once\n"
"  -c, --count              the number of matching passages (releases with --group)\n"
"  -0, --null               a NUL after each path instead of a newline or ':'\n"
"  -q, --quiet              print nothing; the exit status tells\n"
"      --color WHEN         auto (default: on a terminal, unless NO_COLOR is set), always, never\n"
"      --batch FILE         one query per line ('QUERY' or 'ID<TAB>QUERY'); - reads stdin\n"
"      --timeout SECS       a remote shard that takes longer to connect or answer is an\n"
"                           error naming it (default %g)\n"
"      --acronyms [PREFIX]  list the acronyms the index learned (those starting with PREFIX):\n"
"                           acronym, long form, defining passages, where (--json: JSON lines)\n"
"      --no-config          leave the configuration file out ($LOCUS_CONFIG, else\n"
"                           $XDG_CONFIG_HOME/locus/config: options kept, [search] part)\n"
"  -h, --help               this help\n"
"  -V, --version            version information\n"
"\n"
"Exit status: 0 something found, 1 nothing found, 2 error (even alongside results, unless -q).\n",
            prog, prog, LOCUS_WILDCARD_MAX, LOCUS_CONTEXT_MAX, LOCUS_REMOTE_TIMEOUT);
}

/* Prints "locus-search: MESSAGE" on one line, with every control character and invalid byte
 * of it escaped (queries, paths and Xapian's text are quoted in messages). */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    locus_vsay(prog, fmt, ap);
    va_end(ap);
}

static void version(void) {
    printf("locus-search %s\nXapian %s\n", LOCUS_VERSION, locus_engine_version());
    printf("libstemmer %s\nstemming languages:", LOCUS_STEMMER_VERSION);
    for (const char **l = locus_stem_languages(); *l; l++) printf(" %s", *l);
    printf("\n");
}

static bool parse_count(const char *opt, const char *arg, unsigned long max, unsigned long *out) {
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (!*arg || *end || arg[0] == '-' || errno || v > max) {
        say("%s wants a number from 0 to %lu, not '%s'", opt, max, arg);
        return false;
    }
    *out = v;
    return true;
}

static bool parse_date(const char *opt, const char *arg, bool upper, char out[9]) {
    if (locus_date_bound(arg, strlen(arg), upper, out)) return true;
    say("%s wants a date YYYY, YYYY-MM or YYYY-MM-DD, or 3d, 2w, 6m, 1y back from today, not '%s'", opt, arg);
    return false;
}

static char *join_args(int argc, char **argv) {
    size_t n = 1;
    for (int i = 0; i < argc; i++) n += strlen(argv[i]) + 1;
    char *q = malloc(n);
    if (!q) return NULL;
    q[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i) strcat(q, " ");
        strcat(q, argv[i]);
    }
    return q;
}

/* The byte of S where character COLUMN (1-based, as the parser counts) starts. */
static size_t byte_of_column(const char *s, size_t column) {
    size_t i = 0, col = 1;
    for (; s[i] && col < column; i++)
        if (((unsigned char)s[i + 1] & 0xC0) != 0x80) col++;
    return i;
}

/* N characters of S before (BACK) or after byte AT, as a byte offset. */
static size_t step_chars(const char *s, size_t at, size_t n, bool back) {
    while (n--) {
        if (back) {
            if (at == 0) break;
            do at--; while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80);
        } else {
            if (!s[at]) break;
            do at++; while (s[at] && ((unsigned char)s[at] & 0xC0) == 0x80);
        }
    }
    return at;
}

/* "locus-search: query: column 8: unterminated quote", then the query (escaped, and cut to 40
 * characters either side of the column when longer) and a caret under the column. WHERE names
 * the batch line, or is NULL. */
static void report_query_error(const char *where, const char *query, const locus_error *err) {
    say("%s%squery: %s", where ? where : "", where ? ": " : "", err->message);
    if (!err->column) return;
    size_t at = byte_of_column(query, err->column);
    size_t from = step_chars(query, at, 40, true), to = step_chars(query, at, 40, false);
    fputs("  ", stderr);
    if (from > 0) fputs("...", stderr);
    locus_fwrite_escaped(query + from, to - from, stderr);
    if (query[to]) fputs("...", stderr);
    size_t caret = (from > 0 ? 3 : 0) + locus_escaped_columns(query + from, at - from);
    fprintf(stderr, "\n  %*s^\n", (int)caret, "");
}

typedef struct run_state {
    locus_index *ix;
    printer *out;
    locus_search_opts so;
    char cwd[PATH_MAX];
    bool any_hit, any_error;
    bool strict;            /* --strict: a query that does not parse is an error */
    bool tell_empty;        /* say "no match" on stderr (stdout is a terminal) */
    uint32_t before, after; /* passages of context around each hit (text and JSON only) */
} run_state;

/* The passages around each of the N hits into a new array (NULL when none are asked, or on an
 * error, said: the hits are printed without them). */
static locus_context *hit_contexts(run_state *s, const locus_hit *hits, size_t n, const char *where) {
    if (!s->before && !s->after) return NULL;
    locus_context *x = calloc(n ? n : 1, sizeof *x);
    if (!x) {
        say("out of memory");
        s->any_error = true;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        locus_error err;
        if (locus_hit_context(s->ix, &hits[i], s->before, s->after, &x[i], &err)) {
            say("%s%s%s", where ? where : "", where ? ": " : "", err.message);
            s->any_error = true;
            while (i--) locus_context_free(&x[i]);
            free(x);
            return NULL;
        }
    }
    return x;
}

/* Runs one query and prints its results; WHERE names its batch line (or NULL). */
static void run_query(run_state *s, const char *id, const char *query, const char *where) {
    locus_results *res = NULL;
    locus_error err;
    locus_status st = locus_search(s->ix, query, &s->so, &res, &err);
    if (st == LOCUS_ERR_QUERY && !err.filter && !s->strict && !s->so.plain) {
        /* a question written in prose ("(see above") never fails: its words are searched,
         * with a note saying so */
        report_query_error(where, query, &err);
        say("%s%snote: searched as plain words (--strict makes this an error)", where ? where : "",
            where ? ": " : "");
        locus_search_opts plain = s->so;
        plain.plain = true;
        st = locus_search(s->ix, query, &plain, &res, &err);
    }
    if (st) {
        if (err.status == LOCUS_ERR_QUERY) report_query_error(where, query, &err);
        else say("%s%s%s", where ? where : "", where ? ": " : "", err.message);
        s->any_error = true;
        return;
    }
    if (res->returned || (s->so.limit == 0 && res->total)) s->any_hit = true; /* -c fetches none */
    const char **paths = calloc(s->so.page, sizeof *paths);
    if (!paths) {
        say("out of memory");
        s->any_error = true;
        locus_results_free(res);
        return;
    }
    /* a page at a time: memory stays bounded however many hits -n asks for */
    printer_query pq = {id, query};
    printer_page page = {true, false};
    for (;;) {
        for (size_t i = 0; i < res->count; i++) paths[i] = locus_display_path(res->hits[i].rec.path, s->cwd);
        page.last = !locus_results_more(res);
        locus_context *x = hit_contexts(s, res->hits, res->count, where);
        printer_results(s->out, &pq, res, paths, x, page);
        for (size_t i = 0; x && i < res->count; i++) locus_context_free(&x[i]);
        free(x);
        page.first = false;
        if (page.last) break;
        if (locus_results_next(s->ix, res, &err)) {
            say("%s%s%s", where ? where : "", where ? ": " : "", err.message);
            s->any_error = true;
            break;
        }
    }
    if (!res->count && res->suggestion) {
        say("%s%sno match; did you mean: %s", where ? where : "",
                where ? ": " : "", res->suggestion);
    } else if (!res->count && s->so.limit && !res->total && s->tell_empty) {
        /* on a terminal, silence would look like a hang or a bug: say so (a pipe stays silent,
         * like grep) */
        uint32_t passages = 1;
        locus_error cerr;
        if (locus_index_passage_count(s->ix, &passages, &cerr) == LOCUS_OK && passages == 0)
            say("no match: the index holds no passage yet (index releases with locus-index)");
        else
            say("%s%sno match", where ? where : "", where ? ": " : "");
    }
    free(paths);
    locus_results_free(res);
}

/* Reads queries from PATH ("-": stdin), one per line: "QUERY" or "ID<TAB>QUERY". Blank lines
 * and lines starting with '#' are skipped. */
static void run_batch(run_state *s, const char *path) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        say("%s: %s", path, strerror(errno));
        s->any_error = true;
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
        const char *q = line;
        while (*q == ' ' || *q == '\t') q++;
        if (!*q || *q == '#') continue;
        char id[64], where[PATH_MAX + 32];
        char *tab = strchr(line, '\t');
        snprintf(where, sizeof where, "%s:%lu", strcmp(path, "-") == 0 ? "(stdin)" : path, lineno);
        if (tab && tab > line && !memchr(line, ' ', (size_t)(tab - line))) {
            snprintf(id, sizeof id, "%.*s", (int)(tab - line), line);
            q = tab + 1;
        } else {
            snprintf(id, sizeof id, "%lu", lineno);
        }
        if (memchr(line, '\0', (size_t)n)) {
            say("%s: the query holds a NUL byte", where);
            s->any_error = true;
            continue;
        }
        run_query(s, id, q, where);
    }
    if (ferror(f)) {
        say("%s: %s", path, strerror(errno));
        s->any_error = true;
    }
    free(line);
    if (f != stdin) fclose(f);
}

/* How many arguments (1 or 2) the option ARG takes when it is one of SHORTS or LONGS, else 0. */
static int option_size(const char *arg, const char *shorts, const struct option *longs) {
    if (arg[0] != '-' || !arg[1]) return 0;
    if (arg[1] == '-') {
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t n = eq ? (size_t)(eq - name) : strlen(name);
        for (const struct option *l = longs; l->name; l++)
            if (strlen(l->name) == n && !strncmp(l->name, name, n))
                return l->has_arg == required_argument && !eq ? 2 : 1;
        return 0;
    }
    const char *at = strchr(shorts, arg[1]);
    if (!at || arg[1] == ':' || arg[1] == '+') return 0;
    bool takes = at[1] == ':';
    if (!takes) return arg[2] ? 0 : 1;  /* "-c" is an option; "-cables" is an exclusion */
    return arg[2] ? 1 : 2;               /* "-n5" or "-n 5" */
}

/* Options may follow the query words, as ripgrep allows: `locus-search DFFT -n 1`. Moves every
 * argument after the first query word that is exactly one of the options (with its value)
 * before the query, and puts "--" between them; "-word" that is not an option stays a query
 * word (an exclusion), and everything after a "--" stays query. ARGV (room for ARGC + 2) is
 * rewritten in place; returns the new count. */
static int options_first(int argc, char **argv, const char *shorts, const struct option *longs) {
    char **opts = calloc((size_t)argc + 1, sizeof *opts), **words = calloc((size_t)argc + 1, sizeof *words);
    if (!opts || !words) { free(opts); free(words); return argc; }
    int no = 0, nw = 0, i = 1;
    bool query = false;
    while (i < argc) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {  /* the rest is query, as typed */
            for (i++; i < argc; i++) words[nw++] = argv[i];
            break;
        }
        int size = option_size(a, shorts, longs);
        if (size && (!query || a[0] == '-')) {
            for (int k = 0; k < size && i < argc; k++) opts[no++] = argv[i++];
            continue;
        }
        if (!query && a[0] == '-' && a[1]) {  /* an unknown option before the query: getopt says so */
            opts[no++] = argv[i++];
            continue;
        }
        query = true;
        words[nw++] = argv[i++];
    }
    int k = 1;
    for (int j = 0; j < no; j++) argv[k++] = opts[j];
    if (nw) {
        argv[k++] = (char *)"--";
        for (int j = 0; j < nw; j++) argv[k++] = words[j];
    }
    argv[k] = NULL;
    free(opts);
    free(words);
    return k;
}

typedef struct acronym_out {
    bool json;
    char cwd[PATH_MAX];
    size_t count;
} acronym_out;

static int print_acronym(const locus_acronym *a, void *ctx) {
    acronym_out *o = ctx;
    o->count++;
    if (o->json) {
        json_t *j = json_pack("{s:s, s:s, s:s, s:i}", "type", "acronym", "acronym", a->acronym,
                              "long_form", a->long_form, "passages", (json_int_t)a->passages);
        json_t *where = json_array();
        for (size_t i = 0; i < a->n_where; i++)
            json_array_append_new(where, json_pack("{s:s, s:i}", "path",
                                                   locus_display_path(a->where[i].path, o->cwd),
                                                   "line", (json_int_t)a->where[i].line_start));
        json_object_set_new(j, "defined_in", where);
        char *line = json_dumps(j, JSON_COMPACT);
        if (line) printf("%s\n", line);
        free(line);
        json_decref(j);
        return 0;
    }
    printf("%s\t%s\t%u\t", a->acronym, a->long_form, a->passages);
    for (size_t i = 0; i < a->n_where; i++)
        printf("%s%s:%u", i ? " " : "", locus_display_path(a->where[i].path, o->cwd),
               a->where[i].line_start);
    if (a->passages > a->n_where) printf(" (+%u)", a->passages - (uint32_t)a->n_where);
    printf("\n");
    return 0;
}

/* --acronyms [PREFIX]: the index's acronym dictionary, one acronym and long form a line. */
static int list_acronyms(const options *o, int nargs, char **args) {
    if (nargs > 1) {
        say("--acronyms takes one PREFIX at most");
        return EXIT_ERROR;
    }
    locus_error err;
    char *db = NULL;
    locus_index *ix = NULL;
    if (locus_index_path(o->db, &db, &err) || locus_index_open_timeout(db, o->timeout, &ix, &err)) {
        say("%s", err.message);
        free(db);
        return EXIT_ERROR;
    }
    acronym_out out = {.json = o->format == FORMAT_JSONL};
    if (!getcwd(out.cwd, sizeof out.cwd)) out.cwd[0] = '\0';
    locus_status st = locus_index_acronyms(ix, nargs ? args[0] : NULL, print_acronym, &out, &err);
    if (st) say("%s", err.message);
    locus_index_close(ix);
    free(db);
    if (fflush(stdout) != 0) {
        say("cannot write the list: %s", strerror(errno));
        return EXIT_ERROR;
    }
    return st ? EXIT_ERROR : out.count ? EXIT_HITS : EXIT_NO_HITS;
}

/* The long options' codes beyond the short ones. */
enum { O_JSON = 256, O_FORMAT, O_VIMGREP, O_COLOR, O_GROUP, O_PER, O_SORT, O_OFFSET, O_SINCE,
       O_UNTIL, O_EXPLAIN, O_BATCH, O_PLAIN, O_STRICT, O_LANG, O_NO_EXPAND, O_ACRONYMS, O_TIMEOUT,
       O_NO_CONFIG };

/* Sets option C (getopt's code, its value in optarg) in *o. Returns -1 to go on, or the exit
 * status to end with: help and version done, or a bad value said. */
static int set_option(int c, options *o) {
    switch (c) {
    case 'd': o->db = optarg; break;
    case 'n':
        if (!parse_count("-n", optarg, 1000000, &o->limit)) return EXIT_ERROR;
        o->limit_given = true;
        break;
    case 'A':
    case 'B':
    case 'C': {
        unsigned long n;
        const char *name = c == 'A' ? "-A" : c == 'B' ? "-B" : "-C";
        if (!parse_count(name, optarg, LOCUS_CONTEXT_MAX, &n)) return EXIT_ERROR;
        if (c != 'B') o->after = n;
        if (c != 'A') o->before = n;
        break;
    }
    case O_OFFSET:
        if (!parse_count("--offset", optarg, 1000000, &o->offset)) return EXIT_ERROR;
        break;
    case O_JSON: o->format = FORMAT_JSONL; break;
    case O_VIMGREP: o->format = FORMAT_VIMGREP; break;
    case 'l': o->format = FORMAT_FILES; break;
    case 'c': o->format = FORMAT_COUNT; break;
    case 'q': o->format = FORMAT_QUIET; break;
    case '0': o->null_sep = true; break;
    case O_FORMAT: {
        static const struct { const char *name; printer_format f; } names[] = {
            {"text", FORMAT_TEXT}, {"jsonl", FORMAT_JSONL}, {"json", FORMAT_JSONL},
            {"tsv", FORMAT_TSV},   {"vimgrep", FORMAT_VIMGREP}, {"trec", FORMAT_TREC},
            {"cite", FORMAT_CITE}, {"csl-json", FORMAT_CSL_JSON}};
        size_t k = 0;
        while (k < sizeof names / sizeof names[0] && strcmp(names[k].name, optarg)) k++;
        if (k == sizeof names / sizeof names[0]) {
            say("--format wants text, jsonl, tsv, vimgrep, trec, cite or csl-json, not '%s'", optarg);
            return EXIT_ERROR;
        }
        o->format = names[k].f;
        break;
    }
    case O_COLOR:
        if (!strcmp(optarg, "auto")) o->color = COLOR_AUTO;
        else if (!strcmp(optarg, "always")) o->color = COLOR_ALWAYS;
        else if (!strcmp(optarg, "never")) o->color = COLOR_NEVER;
        else {
            say("--color wants auto, always or never, not '%s'", optarg);
            return EXIT_ERROR;
        }
        break;
    case O_GROUP: o->per_release = 1; break;
    case O_PLAIN: o->plain = true; break;
    case O_STRICT: o->strict = true; break;
    case O_PER:
        if (!parse_count("--passages-per-release", optarg, 1000000, &o->per_release)) return EXIT_ERROR;
        break;
    case O_SORT:
        if (!strcmp(optarg, "relevance")) o->sort = LOCUS_SORT_RELEVANCE;
        else if (!strcmp(optarg, "date")) o->sort = LOCUS_SORT_DATE;
        else if (!strcmp(optarg, "-date")) o->sort = LOCUS_SORT_DATE_DESC;
        else {
            say("--sort wants relevance, date or -date, not '%s'", optarg);
            return EXIT_ERROR;
        }
        break;
    case O_SINCE: if (!parse_date("--since", optarg, false, o->since)) return EXIT_ERROR; break;
    case O_UNTIL: if (!parse_date("--until", optarg, true, o->until)) return EXIT_ERROR; break;
    case O_EXPLAIN: o->explain = true; break;
    case O_BATCH: o->batch = optarg; break;
    case O_LANG: o->lang = optarg; break;
    case O_NO_EXPAND: o->no_expand = true; break;
    case O_ACRONYMS: o->acronyms = true; break;
    case O_TIMEOUT: {
        char *end;
        errno = 0;
        o->timeout = strtod(optarg, &end);
        if (!*optarg || *end || errno || !(o->timeout > 0) || o->timeout > 86400) {
            say("--timeout wants seconds, more than 0, not '%s'", optarg);
            return EXIT_ERROR;
        }
        break;
    }
    case 'h': usage(stdout); return EXIT_HITS;
    case 'V': version(); return EXIT_HITS;
    case O_NO_CONFIG: break;  /* taken by locus_config_argv */
    default:
        fprintf(stderr, "Try '%s --help'.\n", prog);
        return EXIT_ERROR;
    }
    return -1;
}

/* Reads the options of the command line into *o; *argc_io and *argv_io become the command line
 * with the options first (getopt's optind then points at the query). Returns -1 to go on, or
 * the exit status to end with. */
static int read_options(int *argc_io, char ***argv_io, options *o) {
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},        {"limit", required_argument, NULL, 'n'},
        {"after-context", required_argument, NULL, 'A'},
        {"before-context", required_argument, NULL, 'B'},
        {"context", required_argument, NULL, 'C'},
        {"json", no_argument, NULL, O_JSON},         {"format", required_argument, NULL, O_FORMAT},
        {"vimgrep", no_argument, NULL, O_VIMGREP},   {"color", required_argument, NULL, O_COLOR},
        {"colour", required_argument, NULL, O_COLOR},{"group", no_argument, NULL, O_GROUP},
        {"passages-per-release", required_argument, NULL, O_PER},
        {"sort", required_argument, NULL, O_SORT},   {"offset", required_argument, NULL, O_OFFSET},
        {"since", required_argument, NULL, O_SINCE}, {"until", required_argument, NULL, O_UNTIL},
        {"explain", no_argument, NULL, O_EXPLAIN},   {"batch", required_argument, NULL, O_BATCH},
        {"timeout", required_argument, NULL, O_TIMEOUT},
        {"plain", no_argument, NULL, O_PLAIN},       {"strict", no_argument, NULL, O_STRICT},
        {"lang", required_argument, NULL, O_LANG},   {"no-expand", no_argument, NULL, O_NO_EXPAND},
        {"acronyms", no_argument, NULL, O_ACRONYMS},
        {"files-with-matches", no_argument, NULL, 'l'}, {"count", no_argument, NULL, 'c'},
        {"null", no_argument, NULL, '0'},            {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},            {"version", no_argument, NULL, 'V'},
        {"no-config", no_argument, NULL, O_NO_CONFIG},
        {NULL, 0, NULL, 0}};
    /* options after the query move before it; room for the "--" put between them (a global:
     * it lives as long as the program) */
    static char **args;
    if (!(args = calloc((size_t)*argc_io + 2, sizeof *args))) {
        say("out of memory");
        return EXIT_ERROR;
    }
    memcpy(args, *argv_io, (size_t)*argc_io * sizeof *args);
    *argc_io = options_first(*argc_io, args, "d:n:A:B:C:lc0qhV", longs);
    *argv_io = args;
    int c, rc;
    while ((c = getopt_long(*argc_io, *argv_io, "+d:n:A:B:C:lc0qhV", longs, NULL)) != -1) {
        const char *meant = c == '?' ? locus_closest_option((*argv_io)[optind - 1], longs) : NULL;
        if (meant) say("did you mean --%s?", meant);
        if ((rc = set_option(c, o)) >= 0) return rc;
    }
    return -1;
}

/* Whether the options and the ARGC query words left make a search; -1 when they do, else the
 * exit status (the reason said). */
static int check_arguments(const options *o, int argc) {
    if (o->batch && argc > 0) {
        say("--batch reads the queries from a file: give no QUERY too");
        return EXIT_ERROR;
    }
    if (!o->batch && argc == 0) {
        say("no query (try '%s --help')", prog);
        return EXIT_ERROR;
    }
    if (o->since[0] && o->until[0] && strcmp(o->since, o->until) > 0) {
        say("--since is after --until: nothing can match");
        return EXIT_ERROR;
    }
    return -1;
}

/* The search settings of the options *o into S: the page, grouping, sort, dates, and the
 * ranking variants of $LOCUS_RANK. -1, or the exit status when $LOCUS_RANK is wrong. */
static int search_settings(const options *o, run_state *s) {
    locus_search_opts_init(&s->so);
    s->so.offset = (uint32_t)o->offset;
    s->so.limit = (uint32_t)o->limit;
    s->so.per_release = (uint32_t)o->per_release;
    s->so.plain = o->plain;
    s->so.language = o->lang;
    s->so.no_expand = o->no_expand;
    const char *tune = getenv("LOCUS_RANK");  /* ranking variants, for comparing (docs/QUALITY.md) */
    if (tune && *tune) {
        locus_error terr;
        if (locus_search_opts_tune(&s->so, tune, &terr)) {
            say("LOCUS_RANK: %s", terr.message);
            return EXIT_ERROR;
        }
    }
    s->strict = o->strict;
    if (o->format == FORMAT_TEXT || o->format == FORMAT_JSONL) {  /* the others show no context */
        s->before = (uint32_t)o->before;
        s->after = (uint32_t)o->after;
    }
    s->tell_empty = isatty(STDOUT_FILENO) && o->format != FORMAT_QUIET && o->format != FORMAT_COUNT;
    s->so.sort = o->sort;
    s->so.explain = o->explain;
    s->so.suggest = o->format != FORMAT_QUIET;
    s->so.page = 256;
    s->so.no_terms = o->format != FORMAT_JSONL;  /* only JSON shows the matched terms */
    memcpy(s->so.since, o->since, sizeof s->so.since);
    memcpy(s->so.until, o->until, sizeof s->so.until);
    switch (o->format) {
    case FORMAT_FILES:  /* each release once, all of them unless -n */
    case FORMAT_TREC:   /* a run ranks documents: one line per release */
        if (!s->so.per_release) s->so.per_release = 1;
        if (!o->limit_given && o->format == FORMAT_FILES) s->so.limit = 1000000;
        if (!o->limit_given && o->format == FORMAT_TREC) s->so.limit = 1000;
        break;
    case FORMAT_COUNT: s->so.limit = 0; s->so.exact_total = true; break;
    case FORMAT_QUIET: s->so.limit = 1; s->so.offset = 0; break;
    default: break;
    }
    if (!getcwd(s->cwd, sizeof s->cwd)) s->cwd[0] = '\0';

    return -1;
}

/* Opens the index of *o and runs the query of the ARGC words ARGV (or the batch) with the
 * settings of S, printing the results; the exit status. */
static int search(const options *o, run_state *s, int argc, char **argv) {
    locus_error err;
    char *db = NULL;
    int rc = EXIT_ERROR;
    if (locus_index_path(o->db, &db, &err)) {
        say("%s", err.message);
        return EXIT_ERROR;
    }
    if (locus_index_open_timeout(db, o->timeout, &s->ix, &err)) {
        say("%s", err.message);
        free(db);
        return EXIT_ERROR;
    }
    const char *nc = getenv("NO_COLOR");
    printer_config pc = {
        .format = o->format, .out = stdout, .null_sep = o->null_sep, .batch = o->batch != NULL,
        .explain = o->explain, .grouped = s->so.per_release == 1, .run_tag = "locus",
        .color = o->color == COLOR_ALWAYS ||
                 (o->color == COLOR_AUTO && !(nc && *nc) && isatty(STDOUT_FILENO))};
    s->out = printer_new(&pc);
    if (!s->out) {
        say("out of memory");
        goto out;
    }
    if (o->batch) {
        run_batch(s, o->batch);
    } else {
        char *query = join_args(argc, argv);
        if (!query) {
            say("out of memory");
            goto out;
        }
        run_query(s, "1", query, NULL);
        free(query);
    }
    if (!printer_finish(s->out)) {
        say("cannot write the results: %s", strerror(errno));
        s->any_error = true;
    }
    s->out = NULL;
    if (o->format == FORMAT_QUIET && s->any_hit) rc = EXIT_HITS;
    else if (s->any_error) rc = EXIT_ERROR;
    else rc = s->any_hit ? EXIT_HITS : EXIT_NO_HITS;
out:
    printer_finish(s->out);
    locus_index_close(s->ix);
    free(db);
    return rc;
}

int main(int argc, char **argv) {
    options o = {.limit = 10, .format = FORMAT_TEXT};
    locus_error cerr;
    if (locus_config_argv("search", &argc, &argv, &cerr)) {
        say("%s", cerr.message);
        return EXIT_ERROR;
    }
    int rc = read_options(&argc, &argv, &o);
    if (rc >= 0) return rc;
    if (o.acronyms) return list_acronyms(&o, argc - optind, argv + optind);
    if ((rc = check_arguments(&o, argc - optind)) >= 0) return rc;
    signal(SIGPIPE, SIG_DFL);  /* `| head` ends us quietly */
    run_state s = {0};
    if ((rc = search_settings(&o, &s)) >= 0) return rc;
    return search(&o, &s, argc - optind, argv + optind);
}
