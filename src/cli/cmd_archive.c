/* cmd_archive.c — the archive from the command line: ingest, and the
 * questions (search, docs, people, who, events, stats, export). The work is
 * in the library (vn_archive_*); this file parses options, prints progress
 * and tables, and maps results to exit codes: 0 fine, 1 some input could not
 * be used or nothing matched, 2 bad usage or a fatal error. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const char *default_db(void)
{
    const char *e = getenv("VNEWS_DB");
    return e && *e ? e : "vnews.db";
}

static int out_width(void)
{
    struct winsize ws;
    if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    return 0;
}

static int exit_for(vn_result r)
{
    if (r == VN_OK)
        return EXIT_OK;
    if (r == VN_ERR_NOT_FOUND)
        return EXIT_SOME_FAILED;
    return EXIT_USAGE;
}

static const char common_help[] =
    "  --db FILE        the archive (default: $VNEWS_DB, else vnews.db)\n"
    "  --json           JSON Lines, one object per answer (default: a table)\n"
    "  --limit N        at most N answers (0: all)\n"
    "  -h, --help       this help\n";

static const char exit_help[] =
    "\nExit status: 0 answers printed, 1 nothing matched, 2 bad usage or an archive\n"
    "that cannot be read (missing, foreign, damaged: the error names the file).\n";

/* ---------------------------------------------------------------- ingest */

typedef struct progress_ctx {
    double t0, last;
    int quiet;
} progress_ctx;

static void on_progress(const vn_ingest_stats *st, long long total, void *ctx)
{
    progress_ctx *p = ctx;
    double now = cli_now();
    if (p->quiet || !cli_tty() || now - p->last < 0.5)
        return;
    p->last = now;
    double secs = now - p->t0, mbs = secs > 0 ? st->bytes / 1e6 / secs : 0;
    fprintf(stderr, "\r%lld pages, %lld added, %.1f MB, %.1f MB/s", st->pages, st->added,
            st->bytes / 1e6, mbs);
    if (total > 0 && st->bytes > 0 && mbs > 0) {
        double left = (double)(total - st->bytes) / 1e6 / mbs;
        if (left < 0)
            left = 0;
        fprintf(stderr, ", %d%%, ETA %d:%02d", (int)(100.0 * st->bytes / total),
                (int)left / 60, (int)left % 60);
    }
    fputs("   ", stderr);
}

static void on_error(const vn_error *e, void *ctx)
{
    progress_ctx *p = ctx;
    if (cli_tty() && !p->quiet)
        fputs("\r", stderr);
    cli_error(e);
}

static void ingest_usage(FILE *f)
{
    fprintf(f,
            "usage: vnews ingest [--db FILE] [OPTIONS] [INPUT ...]\n\n"
            "Extracts pages and stores the records in the archive (created if missing).\n"
            "INPUT is anything extract reads (.txt pages; .jsonl/.jsonl.zst/.jsonl.gz pages\n"
            "with \"text\"; - for stdin), or records that extract already wrote (JSON Lines\n"
            "or a .json file): told apart line by line. Re-ingesting adds nothing; an ingest\n"
            "that was killed is completed by running it again. Duplicates (the same article\n"
            "normalized: case, diacritics and tone placement aside) and near-duplicates\n"
            "(MinHash over word 5-grams, Jaccard >= 0.8) are stored and linked through\n"
            "duplicate_of.\n\n"
            "options:\n"
            "  --db FILE            the archive (default: $VNEWS_DB, else vnews.db)\n"
            "  -j, --jobs N         extraction threads (default: all cores)\n"
            "  --batch N            pages per transaction (default 5000)\n"
            "  --busy-timeout MS    wait this long for another writer (default 5000)\n"
            "  --max-line BYTES     skip longer lines or pages (default 64 MiB)\n"
            "  --tone=old|new|keep  tone-mark placement (default old: hòa)\n"
            "  --no-learn           do not learn repeated lines as boilerplate\n"
            "  --data DIR           the data directory\n"
            "  -q, --quiet          no progress line or summary\n"
            "  -h, --help           this help\n\n"
            "Environment: VNEWS_INGEST_TIMING=1 prints the CPU time of each part (extraction,\n"
            "item preparation, the SQLite writer) per page at the end; VNEWS_INGEST_CHECK=1\n"
            "checks, at the end, that the search index holds exactly what the tokenizer makes.\n\n"
            "Exit status: 0 all stored, 1 some inputs could not be used (reported, the rest\n"
            "stored), 2 bad usage or the archive cannot be written (foreign or damaged file,\n"
            "read-only directory, disk full, another writer): nothing half-written.\n");
}

int cmd_ingest(int argc, char **argv)
{
    const char *db = default_db(), *data_dir = NULL, *v;
    vn_options opt;
    vn_options_default(&opt);
    vn_ingest_options io;
    memset(&io, 0, sizeof io);
    int quiet = 0, busy = -1, only_files = 0, nfiles = 0, r;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || !strcmp(a, "-")) {
            files[nfiles++] = a;
        } else if (!strcmp(a, "--")) {
            only_files = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            ingest_usage(stdout);
            free(files);
            return EXIT_OK;
        } else if ((r = cli_opt(argc, argv, &i, "--db", &v))) {
            if (r < 0)
                goto bad;
            db = v;
        } else if ((r = cli_opt(argc, argv, &i, "--jobs", &v)) ||
                   (r = cli_opt(argc, argv, &i, "-j", &v))) {
            if (r < 0)
                goto bad;
            io.jobs = atoi(v);
            if (io.jobs < 1 || io.jobs > 256) {
                cli_errorf("--jobs takes a number from 1 to 256, not '%s'", v);
                goto bad;
            }
        } else if ((r = cli_opt(argc, argv, &i, "--batch", &v))) {
            if (r < 0)
                goto bad;
            io.batch = atoi(v);
            if (io.batch < 1 || io.batch > 100000) {
                cli_errorf("--batch takes a number from 1 to 100000, not '%s'", v);
                goto bad;
            }
        } else if ((r = cli_opt(argc, argv, &i, "--busy-timeout", &v))) {
            if (r < 0)
                goto bad;
            busy = atoi(v);
        } else if ((r = cli_opt(argc, argv, &i, "--max-line", &v))) {
            if (r < 0)
                goto bad;
            long long n = atoll(v);
            if (n <= 0) {
                cli_errorf("--max-line takes a positive number of bytes, not '%s'", v);
                goto bad;
            }
            io.max_line = (size_t)n;
        } else if ((r = cli_opt(argc, argv, &i, "--tone", &v))) {
            if (r < 0)
                goto bad;
            if (!strcmp(v, "old"))
                opt.tone = VN_TONE_OLD;
            else if (!strcmp(v, "new"))
                opt.tone = VN_TONE_NEW;
            else if (!strcmp(v, "keep"))
                opt.tone = VN_TONE_KEEP;
            else {
                cli_errorf("--tone takes old, new or keep, not '%s'", v);
                goto bad;
            }
        } else if (!strcmp(a, "--no-learn")) {
            opt.learn_boiler = 0;
        } else if ((r = cli_opt(argc, argv, &i, "--data", &v))) {
            if (r < 0)
                goto bad;
            data_dir = v;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else {
            cli_errorf("unknown option '%s' (see vnews ingest --help)", a);
            goto bad;
        }
    }
    vn_error err;
    vn_error_clear(&err);
    vn_lexicon *lx = NULL;
    if (vn_lexicon_load(data_dir, &lx, &err)) {
        cli_error(&err);
        free(files);
        return EXIT_USAGE;
    }
    vn_archive *a;
    if (vn_archive_open(db, VN_OPEN_WRITE, &a, &err)) {
        cli_error(&err);
        vn_lexicon_free(lx);
        free(files);
        return EXIT_USAGE;
    }
    if (busy >= 0)
        vn_archive_set_busy_timeout(a, busy);
    progress_ctx pc = {cli_now(), 0, quiet};
    io.progress = on_progress;
    io.on_error = on_error;
    io.ctx = &pc;
    vn_ingest_stats st;
    memset(&st, 0, sizeof st);
    vn_result rc = vn_archive_ingest(a, lx, &opt, files, nfiles, &io, &st, &err);
    double secs = cli_now() - pc.t0;
    if (!quiet) {
        fprintf(stderr,
                "%s%lld pages: %lld added (%lld duplicates, %lld near-duplicates), %lld already"
                " there, %lld errors; %.1f MB in %.2f s (%.0f pages/s)\n",
                cli_tty() ? "\r" : "vnews: ", st.pages, st.added, st.duplicates,
                st.near_duplicates, st.unchanged, st.errors, st.bytes / 1e6, secs,
                secs > 0 ? st.pages / secs : 0.0);
    }
    if (rc)
        cli_error(&err);
    vn_archive_close(a);
    vn_lexicon_free(lx);
    free(files);
    if (rc)
        return EXIT_USAGE;
    return st.errors ? EXIT_SOME_FAILED : EXIT_OK;
bad:
    free(files);
    return EXIT_USAGE;
}

/* ------------------------------------------------------------- questions */

typedef struct qopts {
    const char *db;
    int json;
    const char *args[32];
    int nargs;
    vn_buf words; /* the positional words, joined */
    char store[16][600];
    int nstore;
} qopts;

static void qarg(qopts *q, const char *key, const char *val)
{
    if (q->nargs >= 32 || q->nstore >= 16)
        return;
    snprintf(q->store[q->nstore], sizeof q->store[0], "%s=%s", key, val);
    q->args[q->nargs++] = q->store[q->nstore++];
}

/* Parses the common options and the ones named in keys ("province", ...)
 * (each --KEY VALUE becomes KEY=VALUE); flags ("fold", "all") take no value.
 * Returns -1 on bad usage, 1 after --help, 0 to go on. */
static int parse_q(int argc, char **argv, qopts *q, const char *const *keys,
                   const char *const *flags, void (*usage)(FILE *))
{
    memset(q, 0, sizeof *q);
    q->db = default_db();
    vn_buf_init(&q->words, 0);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        int r, done = 0;
        if (a[0] != '-' || !a[1]) {
            if (q->words.len)
                vn_buf_addc(&q->words, ' ');
            vn_buf_adds(&q->words, a);
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 1;
        }
        if (!strcmp(a, "--json")) {
            q->json = 1;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--db", &v))) {
            if (r < 0)
                return -1;
            q->db = v;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "--limit", &v))) {
            if (r < 0)
                return -1;
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 0) {
                cli_errorf("--limit takes a number, not '%s'", v);
                return -1;
            }
            qarg(q, "limit", v);
            continue;
        }
        for (int k = 0; keys && keys[k] && !done; k++) {
            char opt[64];
            snprintf(opt, sizeof opt, "--%s", keys[k]);
            if ((r = cli_opt(argc, argv, &i, opt, &v))) {
                if (r < 0)
                    return -1;
                qarg(q, keys[k], v);
                done = 1;
            }
        }
        for (int k = 0; flags && flags[k] && !done; k++) {
            if (!strcmp(a + 2, flags[k]) && !strncmp(a, "--", 2)) {
                qarg(q, flags[k], "1");
                done = 1;
            }
        }
        if (!done) {
            cli_errorf("unknown option '%s' (see --help)", a);
            return -1;
        }
    }
    if (q->words.len)
        qarg(q, "q", q->words.ptr);
    int w = out_width();
    if (w) {
        char ws[16];
        snprintf(ws, sizeof ws, "%d", w);
        qarg(q, "width", ws);
        if (!getenv("NO_COLOR"))
            qarg(q, "color", "1");
    }
    return 0;
}

static int ask(const char *what, qopts *q)
{
    vn_error err;
    vn_error_clear(&err);
    vn_archive *a;
    vn_result r = vn_archive_open(q->db, VN_OPEN_READ, &a, &err);
    if (r) {
        cli_error(&err);
        vn_buf_release(&q->words);
        return EXIT_USAGE;
    }
    vn_buf out = VN_BUF_INIT;
    r = vn_archive_query(a, what, q->args, q->nargs, !q->json, &out, &err);
    fwrite(out.ptr, 1, out.len, stdout);
    fflush(stdout);
    if (r)
        cli_error(&err);
    vn_buf_release(&out);
    vn_buf_release(&q->words);
    vn_archive_close(a);
    return exit_for(r);
}

static void search_usage(FILE *f)
{
    fprintf(f,
            "usage: vnews search [OPTIONS] QUERY...\n\n"
            "Full-text search of titles and bodies, best first (bm25), with the matching\n"
            "passage highlighted. Words are ANDed; \"a phrase\" in quotes, OR, NOT and a\n"
            "trailing * (prefix) work. A word typed without diacritics matches every\n"
            "spelling (\"tuyen giao\" finds \"tuyên giáo\", \"dang\" finds \"Đảng\"); one with\n"
            "diacritics matches them exactly, whatever the tone placement (\"hoà\" = \"hòa\"),\n"
            "unless --fold. Duplicates are left out unless --all.\n\noptions:\n"
            "  --fold           ignore the query's diacritics\n"
            "  --province P     articles of province P (its name then or now, any spelling)\n"
            "  --from D, --to D dates (YYYY, YYYY-MM or YYYY-MM-DD), inclusive\n"
            "  --source HOST    articles from this site\n"
            "  --type T         articles reporting an event of type T (hội nghị, ...)\n"
            "  --all            include duplicates\n"
            "  --batch FILE     run each line of FILE as a query (one archive opening)\n"
            "  --timing         with --batch: each query's milliseconds on stderr\n%s%s",
            common_help, exit_help);
}

/* --batch FILE: one query a line, answers on stdout, with --timing the
 * milliseconds of each on stderr (what bench/archive.sh measures). */
static int search_batch(qopts *q, const char *file, int timing)
{
    FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
    if (!f) {
        cli_errorf("%s: cannot open", file);
        return EXIT_USAGE;
    }
    vn_error err;
    vn_error_clear(&err);
    vn_archive *a;
    if (vn_archive_open(q->db, VN_OPEN_READ, &a, &err)) {
        cli_error(&err);
        if (f != stdin)
            fclose(f);
        return EXIT_USAGE;
    }
    char line[2048];
    char qarg_buf[2100];
    vn_buf out = VN_BUF_INIT;
    int rc = EXIT_OK;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0])
            continue;
        snprintf(qarg_buf, sizeof qarg_buf, "q=%s", line);
        q->args[q->nargs] = qarg_buf;
        vn_buf_reset(&out);
        double t0 = cli_now();
        vn_result r = vn_archive_query(a, "search", q->args, q->nargs + 1, !q->json, &out, &err);
        double ms = (cli_now() - t0) * 1000;
        if (r && r != VN_ERR_NOT_FOUND) {
            cli_error(&err);
            rc = EXIT_USAGE;
        }
        fwrite(out.ptr, 1, out.len, stdout);
        if (timing)
            fprintf(stderr, "%.3f\t%s\n", ms, line);
    }
    vn_buf_release(&out);
    vn_archive_close(a);
    if (f != stdin)
        fclose(f);
    return rc;
}

int cmd_search(int argc, char **argv)
{
    static const char *const keys[] = {"province", "from", "to", "source", "type", "batch", NULL};
    static const char *const flags[] = {"fold", "all", "timing", NULL};
    qopts q;
    int r = parse_q(argc, argv, &q, keys, flags, search_usage);
    if (r)
        return vn_buf_release(&q.words), r > 0 ? EXIT_OK : EXIT_USAGE;
    const char *batch = NULL;
    int timing = 0;
    for (int i = 0; i < q.nargs; i++) {
        if (!strncmp(q.args[i], "batch=", 6))
            batch = q.args[i] + 6;
        if (!strncmp(q.args[i], "timing=", 7))
            timing = 1;
    }
    if (batch) {
        if (q.nargs >= 31) {
            vn_buf_release(&q.words);
            return EXIT_USAGE;
        }
        r = search_batch(&q, batch, timing);
        vn_buf_release(&q.words);
        return r;
    }
    if (!q.words.len) {
        cli_errorf("search needs a query (see vnews search --help)");
        vn_buf_release(&q.words);
        return EXIT_USAGE;
    }
    return ask("search", &q);
}

static void docs_usage(FILE *f)
{
    fprintf(f,
            "usage: vnews docs [OPTIONS] [CODE | WORDS]\n\n"
            "The registry of cited documents: kind, code, issuer, date (every date the\n"
            "sources give, with how many give it, when they disagree), how many articles\n"
            "cite it, the first and last citation, the provinces citing it. One entry per\n"
            "document: Party numbers restart each term (05-CT/TW of 2016 and of 2021 are\n"
            "two), a short form (\"Chỉ thị 05\") counts for the full code when the archive\n"
            "makes it unambiguous. With a CODE (35-NQ/TW), every article citing it; with\n"
            "WORDS, the documents whose kind, number, code, subject or issuer contain them.\n"
            "\noptions:\n%s%s",
            common_help, exit_help);
}

int cmd_docs(int argc, char **argv)
{
    qopts q;
    int r = parse_q(argc, argv, &q, NULL, NULL, docs_usage);
    if (r)
        return vn_buf_release(&q.words), r > 0 ? EXIT_OK : EXIT_USAGE;
    return ask("docs", &q);
}

static void people_usage(FILE *f)
{
    fprintf(f,
            "usage: vnews people [OPTIONS] [NAME]\n\n"
            "Officials across articles, each with the timeline of positions (position,\n"
            "province, first and last seen). Without NAME, the most mentioned.\n\n"
            "How mentions become one person: a mention joins a known person with the same\n"
            "name (case, Unicode form and tone placement aside) when (1) the article is\n"
            "within 5 years of when that person was seen, (2) the provinces do not conflict\n"
            "(both known and different), unless they share a national body (Trung ương, Bộ\n"
            "Chính trị, Quốc hội, Chính phủ, a ministry), and (3) there is evidence: the\n"
            "same province or a shared position body (Tỉnh ủy, UBND tỉnh, ...). A mention\n"
            "with no province and no position joins the only compatible person of that\n"
            "name. Otherwise it is a new person: two officials with one name in two\n"
            "provinces, or ten years apart, stay two.\n\noptions:\n%s%s",
            common_help, exit_help);
}

int cmd_people(int argc, char **argv)
{
    qopts q;
    int r = parse_q(argc, argv, &q, NULL, NULL, people_usage);
    if (r)
        return vn_buf_release(&q.words), r > 0 ? EXIT_OK : EXIT_USAGE;
    return ask("people", &q);
}

static void who_usage(FILE *f)
{
    fprintf(f,
            "usage: vnews who [OPTIONS] POSITION\n\n"
            "Who held a position, most recent first: e.g.\n"
            "  vnews who \"Bí thư Tỉnh ủy\" --province \"Lào Cai\" --date 2023\n"
            "A position matches itself or itself followed by a place, never a longer rank\n"
            "(\"Phó Bí thư Tỉnh ủy\" is not \"Bí thư Tỉnh ủy\"); typed without diacritics it\n"
            "matches every spelling. With --date, the people seen in it then, or else the\n"
            "last seen before.\n\noptions:\n"
            "  --province P     in province P (its name then or now)\n"
            "  --date D         at D (YYYY, YYYY-MM or YYYY-MM-DD)\n%s%s",
            common_help, exit_help);
}

int cmd_who(int argc, char **argv)
{
    static const char *const keys[] = {"province", "date", NULL};
    qopts q;
    int r = parse_q(argc, argv, &q, keys, NULL, who_usage);
    if (r)
        return vn_buf_release(&q.words), r > 0 ? EXIT_OK : EXIT_USAGE;
    if (!q.words.len) {
        cli_errorf("who needs a position (see vnews who --help)");
        vn_buf_release(&q.words);
        return EXIT_USAGE;
    }
    return ask("who", &q);
}

static void events_usage(FILE *f)
{
    fprintf(f,
            "usage: vnews events [OPTIONS]\n\n"
            "Events the articles report (type, date, chairs, host), latest first.\n\n"
            "options:\n"
            "  --type T         events of type T (hội nghị, buổi làm việc, ...; a prefix)\n"
            "  --province P     in province P (its name then or now)\n"
            "  --from D, --to D dates, inclusive\n%s%s",
            common_help, exit_help);
}

int cmd_events(int argc, char **argv)
{
    static const char *const keys[] = {"type", "province", "from", "to", "source", NULL};
    qopts q;
    int r = parse_q(argc, argv, &q, keys, NULL, events_usage);
    if (r)
        return vn_buf_release(&q.words), r > 0 ? EXIT_OK : EXIT_USAGE;
    if (q.words.len) {
        cli_errorf("events takes options only (see vnews events --help)");
        vn_buf_release(&q.words);
        return EXIT_USAGE;
    }
    return ask("events", &q);
}

static void stats_usage(FILE *f)
{
    fprintf(f,
            "usage: vnews stats [OPTIONS]\n\n"
            "What the archive holds: articles, duplicates, documents, people, events...,\n"
            "then articles by province (today's name) and year.\n\noptions:\n%s%s",
            common_help, exit_help);
}

int cmd_stats(int argc, char **argv)
{
    qopts q;
    int r = parse_q(argc, argv, &q, NULL, NULL, stats_usage);
    if (r)
        return vn_buf_release(&q.words), r > 0 ? EXIT_OK : EXIT_USAGE;
    return ask("stats", &q);
}

/* ---------------------------------------------------------------- export */

static void export_usage(FILE *f)
{
    fprintf(f, "usage: vnews export [--db FILE] --format csv|jsonl TABLE\n\n"
               "Writes a table of the archive to stdout for analysis elsewhere (CSV with a\n"
               "header row, or JSON Lines). \"records\" gives the stored records themselves\n"
               "(JSON Lines that vnews ingest reads back).\n\nTABLE:");
    for (const char *const *t = vn_archive_tables(); *t; t++)
        fprintf(f, " %s", *t);
    fprintf(f, "\n\noptions:\n"
               "  --db FILE        the archive (default: $VNEWS_DB, else vnews.db)\n"
               "  --format F       csv or jsonl (default jsonl)\n"
               "  -h, --help       this help\n\n"
               "Exit status: 0 written, 2 bad usage or an unreadable archive.\n");
}

static int write_stdout(const char *p, size_t n, void *ctx)
{
    (void)ctx;
    return fwrite(p, 1, n, stdout) == n ? 0 : -1;
}

int cmd_export(int argc, char **argv)
{
    const char *db = default_db(), *format = "jsonl", *table = NULL, *v;
    int r;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            export_usage(stdout);
            return EXIT_OK;
        } else if ((r = cli_opt(argc, argv, &i, "--db", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            db = v;
        } else if ((r = cli_opt(argc, argv, &i, "--format", &v))) {
            if (r < 0)
                return EXIT_USAGE;
            format = v;
        } else if (!strcmp(a, "--csv")) {
            format = "csv";
        } else if (!strcmp(a, "--jsonl") || !strcmp(a, "--json")) {
            format = "jsonl";
        } else if (a[0] == '-') {
            cli_errorf("unknown option '%s' (see vnews export --help)", a);
            return EXIT_USAGE;
        } else if (!table) {
            table = a;
        } else {
            cli_errorf("export takes one table (see vnews export --help)");
            return EXIT_USAGE;
        }
    }
    if (!table) {
        cli_errorf("export needs a table (see vnews export --help)");
        return EXIT_USAGE;
    }
    vn_error err;
    vn_error_clear(&err);
    vn_archive *a;
    if (vn_archive_open(db, VN_OPEN_READ, &a, &err)) {
        cli_error(&err);
        return EXIT_USAGE;
    }
    vn_result rc = vn_archive_export(a, table, format, write_stdout, NULL, &err);
    if (fflush(stdout) != 0 && !rc) {
        cli_errorf("cannot write the export");
        rc = VN_ERR_IO;
    } else if (rc) {
        cli_error(&err);
    }
    vn_archive_close(a);
    return rc ? EXIT_USAGE : EXIT_OK;
}
