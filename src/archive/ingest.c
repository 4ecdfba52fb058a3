/* ingest.c — files into the archive, on all cores.
 *
 * The inputs are read in batches (500 pages or 64 MB). Each batch goes
 * through two parallel phases: (1) each JSON line is parsed and told apart
 * (a page has "text"; anything else is a record extract wrote), its id and
 * input hash taken; then this thread learns the batch's repeated lines (the
 * boilerplate learner, as extract does) and marks what the archive already
 * holds from the same input, so re-runs skip extraction; (2) the pages are
 * processed and every item prepared while this thread stores the previous
 * batch. Preparing an item does all that needs no database: the folded
 * text and its hash, MinHash, the compressed record, and the words for the
 * full-text index, which the single writer then only replays (tokenizer.c)
 * so that it executes prepared statements and little else. SQLite thus
 * works while extraction does: ingest is bound by whichever is slower. A
 * transaction holds several batches (--batch pages, default 5000) and is
 * all in or all out, which with idempotent adds makes a killed ingest safe
 * to re-run. VNEWS_INGEST_TIMING=1 prints the CPU time of each part.
 */
#include "arc.h"
#include "lines.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

/* Pages per transaction. Each commit makes FTS5 write its pending terms as
 * a new segment, later merged with the others: the fewer and the larger the
 * segments, the less merging, so transactions are large; a killed ingest
 * loses at most one, which a re-run redoes. */
#define DEFAULT_TX_PAGES 5000
/* Pages read, extracted and prepared at a time (at most): the boilerplate
 * learner decays once per such batch, as in extract. */
#define PIPE_PAGES 500
#define BATCH_BYTES ((size_t)64 << 20)

enum { K_TEXT, K_LINE };
enum { S_NEW, S_SEEN, S_ERROR, S_READY };

typedef struct slot {
    int kind;
    const char *raw; /* K_LINE: the JSON text */
    size_t raw_len;
    const char *origin;
    long long lineno;
    vn_page page;    /* a page (K_TEXT, or a K_LINE with "text") */
    int is_page;
    const vn_json *value;
    const char *id;
    uint64_t input_hash;
    int state;
    vn_error err;
    vn_archive_item *item;
} slot;

typedef struct batch {
    slot *slots;
    int n, cap;
    vn_arena *arena;
} batch;

/* CPU seconds by part, printed at the end when VNEWS_INGEST_TIMING is set:
 * what the writer costs per page against what extraction costs. */
enum { T_PARSE, T_EXTRACT, T_PREPARE, T_READ, T_WRITE, T_COUNT };
static const char *const timing_names[T_COUNT] = {
    "parse (workers)", "extract (workers)", "prepare items (workers)",
    "read + dispatch (main)", "write: SQLite (main)"};

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct pool pool;
typedef struct worker {
    pool *p;
    int index;
    vn_context *ctx;
    vn_buf meta;
    vn_arc_words *words; /* this thread's word cache for the items it prepares */
    pthread_t th;
    double cpu[T_COUNT];
} worker;

struct pool {
    worker *w;
    int n;
    batch *b;
    int phase;
    int timing;
};

/* ------------------------------------------------------------ phase 1 */

static const char *scalar(const vn_json *v)
{
    if (v && (v->type == VN_JSON_STRING || v->type == VN_JSON_NUMBER) && v->len)
        return v->str;
    return NULL;
}

static void parse_line(worker *w, slot *s)
{
    vn_archive_item *it = s->item;
    vn_arena_reset(it->arena);
    size_t off;
    const char *msg;
    size_t lead = s->raw_len >= 3 && !memcmp(s->raw, "\xEF\xBB\xBF", 3) ? 3 : 0;
    const vn_json *v = vn_json_parse(it->arena, s->raw + lead, s->raw_len - lead, &off, &msg);
    if (!v || v->type != VN_JSON_OBJECT) {
        vn_error_set(&s->err, v ? VN_ERR_FORMAT : VN_ERR_JSON, s->origin, s->lineno,
                     v ? -1 : (long long)(off + lead), "%s",
                     v ? "not a JSON object" : msg);
        s->state = S_ERROR;
        return;
    }
    s->input_hash = XXH3_64bits(s->raw, s->raw_len);
    const vn_json *text = vn_json_get(v, "text");
    if (text && text->type == VN_JSON_STRING) {
        vn_page *pg = &s->page;
        memset(pg, 0, sizeof *pg);
        pg->text = text->str;
        pg->text_len = text->len;
        pg->id = scalar(vn_json_get(v, "id"));
        if (!pg->id)
            pg->id = vn_arena_printf(it->arena, "%lld", s->lineno);
        pg->url = vn_json_get_str(v, "url");
        pg->date = vn_json_get_str(v, "date");
        pg->origin = s->origin;
        pg->line = s->lineno;
        /* other fields travel in meta, as the reader does */
        vn_buf_reset(&w->meta);
        for (int i = 0; i < v->n; i++) {
            const vn_json *k = &v->kids[i];
            if (!strcmp(k->key, "text") || !strcmp(k->key, "id") || !strcmp(k->key, "url") ||
                !strcmp(k->key, "date"))
                continue;
            vn_buf_addc(&w->meta, w->meta.len ? ',' : '{');
            vn_buf_add_json_str(&w->meta, k->key, k->key_len);
            vn_buf_addc(&w->meta, ':');
            vn_json_write(k, &w->meta);
        }
        if (w->meta.len) {
            vn_buf_addc(&w->meta, '}');
            pg->meta = vn_arena_strndup(it->arena, w->meta.ptr, w->meta.len);
            pg->meta_len = w->meta.len;
        }
        s->is_page = 1;
        s->id = pg->id;
    } else {
        s->value = v;
        s->id = scalar(vn_json_get(v, "id"));
        if (!s->id) {
            vn_error_set(&s->err, VN_ERR_FORMAT, s->origin, s->lineno, -1,
                         "neither a page (\"text\") nor a record (\"id\")");
            s->state = S_ERROR;
        }
    }
}

static void phase1(worker *w, slot *s)
{
    s->state = S_NEW;
    vn_error_clear(&s->err);
    s->is_page = 0;
    s->value = NULL;
    if (s->kind == K_LINE) {
        parse_line(w, s);
    } else {
        s->is_page = 1;
        s->id = s->page.id;
        s->input_hash = XXH3_64bits(s->page.text, s->page.text_len);
    }
}

/* ------------------------------------------------------------ phase 2 */

static void phase2(worker *w, slot *s)
{
    if (s->state != S_NEW)
        return;
    vn_result r;
    double t0 = w->p->timing ? cpu_now() : 0, t1 = t0;
    s->item->words = w->words;
    if (s->is_page) {
        const vn_record *rec;
        vn_process(w->ctx, &s->page, &rec);
        if (w->p->timing)
            t1 = cpu_now();
        r = vn_archive_item_from_record(s->item, rec, rec->date_hint, &s->err);
    } else {
        r = vn_arc_item_from_value(s->item, s->value, &s->err);
    }
    if (w->p->timing) {
        w->cpu[T_EXTRACT] += t1 - t0;
        w->cpu[T_PREPARE] += cpu_now() - t1;
    }
    if (r) {
        if (!s->err.file[0])
            snprintf(s->err.file, sizeof s->err.file, "%s", s->origin);
        if (!s->err.line)
            s->err.line = s->lineno;
        s->state = S_ERROR;
        return;
    }
    vn_archive_item_set_input_hash(s->item, s->input_hash);
    s->state = S_READY;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    batch *b = w->p->b;
    double t0 = w->p->timing ? cpu_now() : 0;
    for (int i = w->index; i < b->n; i += w->p->n) {
        if (w->p->phase == 1)
            phase1(w, &b->slots[i]);
        else
            phase2(w, &b->slots[i]);
    }
    if (w->p->timing && w->p->phase == 1)
        w->cpu[T_PARSE] += cpu_now() - t0;
    return NULL;
}

static void pool_start(pool *p, batch *b, int phase)
{
    p->b = b;
    p->phase = phase;
    for (int t = 0; t < p->n; t++)
        pthread_create(&p->w[t].th, NULL, worker_main, &p->w[t]);
}

static void pool_join(pool *p)
{
    for (int t = 0; t < p->n; t++)
        pthread_join(p->w[t].th, NULL);
}

/* ------------------------------------------------------------- reading */

typedef struct input {
    const char *const *paths;
    int npaths, next;
    size_t max_line;
    vn_lines *lines;
    vn_reader *reader;
    const char *path;
    long long bytes_done; /* of closed inputs */
    const vn_ingest_options *io;
    vn_ingest_stats *st;
} input;

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && !strcmp(s + n - k, suf);
}

static int is_jsonl_name(const char *p)
{
    return has_suffix(p, ".jsonl") || has_suffix(p, ".jsonl.gz") || has_suffix(p, ".jsonl.zst") ||
           has_suffix(p, ".ndjson") || has_suffix(p, ".json") || has_suffix(p, ".json.gz") ||
           has_suffix(p, ".json.zst");
}

static long long input_bytes(const input *in)
{
    long long b = in->bytes_done;
    if (in->lines)
        b += vn_lines_bytes(in->lines);
    if (in->reader)
        b += vn_reader_stats_get(in->reader)->bytes;
    return b;
}

static void report(input *in, const vn_error *e)
{
    in->st->errors++;
    if (in->io && in->io->on_error)
        in->io->on_error(e, in->io->ctx);
}

static void close_input(input *in)
{
    in->bytes_done = input_bytes(in);
    vn_lines_close(in->lines);
    vn_reader_free(in->reader);
    in->lines = NULL;
    in->reader = NULL;
}

static slot *new_slot(batch *b)
{
    slot *s = &b->slots[b->n++];
    memset(&s->page, 0, sizeof s->page);
    s->raw = NULL;
    s->raw_len = 0;
    s->lineno = 0;
    return s;
}

/* Open the next input; 0 when there is none. A .json file (one record,
 * perhaps pretty-printed) or a text page on stdin becomes one slot here. */
static int open_next(input *in, batch *b, size_t *bytes)
{
    while (in->next < in->npaths) {
        const char *p = in->paths[in->next++];
        in->path = p;
        vn_error e;
        vn_error_clear(&e);
        int whole_json = has_suffix(p, ".json");
        if (is_jsonl_name(p) || !strcmp(p, "-")) {
            in->lines = vn_lines_open(p, in->max_line, &e);
            if (!in->lines) {
                report(in, &e);
                continue;
            }
            int first = vn_lines_peek(in->lines);
            if (whole_json || (!strcmp(p, "-") && first != '{')) {
                vn_buf all = VN_BUF_INIT;
                int r = vn_lines_slurp(in->lines, &all, in->max_line ? in->max_line
                                                                     : ((size_t)64 << 20));
                if (r) {
                    vn_error_set(&e, r == -2 ? VN_ERR_TOO_LARGE : VN_ERR_IO, p, 0, -1, "%s",
                                 r == -2 ? "too large: skipped" : "cannot read");
                    report(in, &e);
                } else if (all.len) {
                    slot *s = new_slot(b);
                    s->origin = vn_arena_strdup(b->arena, p);
                    if (whole_json) {
                        s->kind = K_LINE;
                        s->raw = vn_arena_strndup(b->arena, all.ptr, all.len);
                        s->raw_len = all.len;
                        s->lineno = 1;
                    } else {
                        s->kind = K_TEXT;
                        s->page.id = "stdin";
                        s->page.text = vn_arena_strndup(b->arena, all.ptr, all.len);
                        s->page.text_len = all.len;
                        s->page.origin = s->origin;
                    }
                    *bytes += all.len;
                }
                vn_buf_release(&all);
                close_input(in);
                if (b->n)
                    return 1;
                continue;
            }
            return 1;
        }
        const char *one[1] = {p};
        in->reader = vn_reader_new(one, 1, in->max_line);
        return 1;
    }
    return 0;
}

/* Fill a batch; 0 when all input is read and the batch is empty. */
static int read_batch(input *in, batch *b, int max_pages)
{
    vn_arena_reset(b->arena);
    b->n = 0;
    size_t bytes = 0;
    while (b->n < max_pages && bytes < BATCH_BYTES) {
        if (!in->lines && !in->reader && !open_next(in, b, &bytes))
            break;
        if (in->lines) {
            const char *line;
            size_t len;
            vn_error e;
            vn_error_clear(&e);
            int r = vn_lines_next(in->lines, &line, &len, &e);
            if (r == 0 || r < 0) {
                if (r < 0)
                    report(in, &e);
                close_input(in);
                continue;
            }
            if (r == 2) {
                report(in, &e);
                continue;
            }
            size_t k = 0;
            while (k < len && (line[k] == ' ' || line[k] == '\t'))
                k++;
            if (k == len)
                continue; /* blank line */
            slot *s = new_slot(b);
            s->kind = K_LINE;
            s->raw = vn_arena_strndup(b->arena, line, len);
            s->raw_len = len;
            s->origin = vn_arena_strdup(b->arena, in->path);
            s->lineno = vn_lines_lineno(in->lines);
            bytes += len;
        } else if (in->reader) {
            vn_page p;
            vn_error e;
            vn_error_clear(&e);
            vn_result r = vn_reader_next(in->reader, &p, &e);
            if (r == VN_ERR_NOT_FOUND) {
                close_input(in);
                continue;
            }
            if (r) {
                report(in, &e);
                continue;
            }
            slot *s = new_slot(b);
            s->kind = K_TEXT;
            s->page = p;
            s->page.id = vn_arena_strdup(b->arena, p.id);
            s->page.url = p.url ? vn_arena_strdup(b->arena, p.url) : NULL;
            s->page.date = p.date ? vn_arena_strdup(b->arena, p.date) : NULL;
            s->page.text = vn_arena_strndup(b->arena, p.text, p.text_len);
            s->page.meta = p.meta ? vn_arena_strndup(b->arena, p.meta, p.meta_len) : NULL;
            s->page.origin = vn_arena_strdup(b->arena, p.origin ? p.origin : in->path);
            s->origin = s->page.origin;
            bytes += p.text_len;
        }
    }
    return b->n > 0;
}

/* ------------------------------------------------------------- storing */

/* Store a batch in the open transaction (begun if none), committed when
 * commit is set. */
static vn_result store_batch(vn_archive *a, batch *b, input *in, int commit, vn_error *err)
{
    vn_result r = vn_archive_begin(a, err);
    if (r)
        return r;
    for (int i = 0; i < b->n; i++) {
        slot *s = &b->slots[i];
        in->st->pages++;
        if (s->state == S_SEEN) {
            in->st->unchanged++;
            continue;
        }
        if (s->state == S_ERROR) {
            report(in, &s->err);
            continue;
        }
        vn_error e;
        vn_error_clear(&e);
        r = vn_archive_add_item(a, s->item, in->st, &e);
        if (r) { /* the database failed: the transaction is all out */
            *err = e;
            vn_archive_rollback(a);
            return r;
        }
    }
    return commit ? vn_archive_commit(a, err) : VN_OK;
}

static void batch_init(batch *b, int cap)
{
    b->slots = calloc((size_t)cap, sizeof *b->slots);
    b->cap = cap;
    b->n = 0;
    b->arena = vn_arena_new();
    for (int i = 0; i < cap; i++)
        b->slots[i].item = vn_archive_item_new();
}

static void batch_free(batch *b)
{
    for (int i = 0; i < b->cap; i++)
        vn_archive_item_free(b->slots[i].item);
    free(b->slots);
    vn_arena_free(b->arena);
}

/* The inputs' total size when it tells the progress (no compressed input, no stdin). */
static long long total_size(const char *const *paths, int n)
{
    long long t = 0;
    for (int i = 0; i < n; i++) {
        struct stat sb;
        if (!strcmp(paths[i], "-") || has_suffix(paths[i], ".gz") ||
            has_suffix(paths[i], ".zst") || stat(paths[i], &sb) != 0)
            return 0;
        t += sb.st_size;
    }
    return t;
}

/* For tests (VNEWS_INGEST_CHECK): the full-text index must hold exactly
 * what the tokenizer makes of the articles it indexes, though ingest
 * replays tokens made on other threads. Each index is compared, term by
 * term and position by position, with one built here by the tokenizer. */
static vn_result check_index(vn_archive *a, vn_error *err)
{
    static const char *const tables[] = {"fts", "fts_dups"};
    vn_buf sql = VN_BUF_INIT;
    vn_result r = VN_OK;
    for (int t = 0; t < 2 && r == VN_OK; t++) {
        vn_buf_reset(&sql);
        vn_buf_addf(&sql,
                    "DROP TABLE IF EXISTS temp.chk; DROP TABLE IF EXISTS temp.chk_v;"
                    " DROP TABLE IF EXISTS temp.idx_v;"
                    " CREATE VIRTUAL TABLE temp.chk USING fts5(title, body, content='',"
                    " tokenize='vnews');"
                    " INSERT INTO temp.chk(rowid, title, body) SELECT a.aid, a.title, a.body"
                    " FROM articles a JOIN %s_docsize d ON d.id = a.aid;"
                    " CREATE VIRTUAL TABLE temp.chk_v USING fts5vocab(temp, chk, instance);"
                    " CREATE VIRTUAL TABLE temp.idx_v USING fts5vocab(main, %s, instance);",
                    tables[t], tables[t]);
        int rc = sqlite3_exec(a->db, sql.ptr, NULL, NULL, NULL);
        sqlite3_stmt *s = NULL;
        if (rc == SQLITE_OK)
            rc = sqlite3_prepare_v2(a->db,
                                    "SELECT (SELECT count(*) FROM (SELECT * FROM temp.idx_v EXCEPT"
                                    " SELECT * FROM temp.chk_v)) + (SELECT count(*) FROM (SELECT *"
                                    " FROM temp.chk_v EXCEPT SELECT * FROM temp.idx_v))",
                                    -1, &s, NULL);
        if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0)) {
            vn_error_set(err, VN_ERR_CORRUPT, a->path, 0, -1,
                         "the full-text index %s differs from its articles in %lld entries",
                         tables[t], (long long)sqlite3_column_int64(s, 0));
            r = VN_ERR_CORRUPT;
        } else if (rc != SQLITE_OK) {
            r = vn_arc_fail(a, rc, err, "checking the full-text index");
        }
        sqlite3_finalize(s);
        sqlite3_exec(a->db, "DROP TABLE temp.chk_v; DROP TABLE temp.idx_v; DROP TABLE temp.chk",
                     NULL, NULL, NULL);
    }
    vn_buf_release(&sql);
    return r;
}

static void print_timing(const pool *p, const double *main_cpu, const vn_ingest_stats *st)
{
    double cpu[T_COUNT];
    for (int k = 0; k < T_COUNT; k++) {
        cpu[k] = main_cpu[k];
        for (int t = 0; t < p->n; t++)
            cpu[k] += p->w[t].cpu[k];
    }
    long long n = st->pages > 0 ? st->pages : 1;
    fprintf(stderr, "ingest timing: %lld pages (%lld added), CPU seconds and microseconds per page:\n",
            st->pages, st->added);
    for (int k = 0; k < T_COUNT; k++)
        fprintf(stderr, "  %-26s %8.3f s %8.1f us/page\n", timing_names[k], cpu[k],
                cpu[k] * 1e6 / (double)n);
}

vn_result vn_archive_ingest(vn_archive *a, const vn_lexicon *lx, const vn_options *o,
                            const char *const *paths, int npaths, const vn_ingest_options *io,
                            vn_ingest_stats *st, vn_error *err)
{
    static const char *const stdin_only[] = {"-"};
    if (npaths == 0) {
        paths = stdin_only;
        npaths = 1;
    }
    int jobs = io && io->jobs > 0 ? io->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    int tx_pages = io && io->batch > 0 ? io->batch : DEFAULT_TX_PAGES;
    int max_pages = tx_pages < PIPE_PAGES ? tx_pages : PIPE_PAGES;
    int in_tx = 0; /* pages stored since the last commit */
    vn_options opt;
    if (o)
        opt = *o;
    else
        vn_options_default(&opt);
    vn_linestats *ls = opt.learn_boiler ? vn_linestats_new() : NULL;
    pool p = {calloc((size_t)jobs, sizeof(worker)), jobs, NULL, 0, 0};
    const char *te = getenv("VNEWS_INGEST_TIMING");
    p.timing = te && *te && strcmp(te, "0") != 0;
    for (int t = 0; t < jobs; t++) {
        p.w[t].p = &p;
        p.w[t].index = t;
        p.w[t].ctx = vn_context_new(lx, &opt);
        vn_context_set_linestats(p.w[t].ctx, ls);
        vn_buf_init(&p.w[t].meta, 0);
        p.w[t].words = vn_arc_words_new();
    }
    batch bs[2];
    batch_init(&bs[0], max_pages);
    batch_init(&bs[1], max_pages);
    input in = {paths, npaths, 0, io ? io->max_line : 0, NULL, NULL, NULL, 0, io, st};
    long long total = total_size(paths, npaths);
    batch *cur = &bs[0], *prev = NULL;
    vn_result r = VN_OK;
    double main_cpu[T_COUNT] = {0};
    double tm = p.timing ? cpu_now() : 0;
    for (;;) {
        int got = read_batch(&in, cur, max_pages);
        if (got) {
            pool_start(&p, cur, 1);
            pool_join(&p);
            if (ls)
                vn_linestats_decay(ls);
            for (int i = 0; i < cur->n; i++) {
                slot *s = &cur->slots[i];
                if (ls && s->is_page)
                    vn_linestats_add(ls, &s->page);
                if (s->state == S_NEW && vn_archive_seen(a, s->id, s->input_hash))
                    s->state = S_SEEN;
            }
            pool_start(&p, cur, 2);
        }
        if (p.timing) {
            double t = cpu_now();
            main_cpu[T_READ] += t - tm;
            tm = t;
        }
        if (prev) {
            in_tx += prev->n;
            int commit = !got || in_tx >= tx_pages;
            r = store_batch(a, prev, &in, commit, err);
            if (commit)
                in_tx = 0;
            st->bytes = input_bytes(&in);
            if (r == VN_OK && io && io->progress)
                io->progress(st, total, io->ctx);
        }
        if (p.timing) {
            double t = cpu_now();
            main_cpu[T_WRITE] += t - tm;
            tm = t;
        }
        if (got)
            pool_join(&p);
        if (r || !got)
            break;
        prev = cur;
        cur = cur == &bs[0] ? &bs[1] : &bs[0];
    }
    if (r == VN_OK)
        r = vn_archive_finish(a, err);
    if (r == VN_OK && getenv("VNEWS_INGEST_CHECK"))
        r = check_index(a, err);
    if (p.timing) {
        main_cpu[T_WRITE] += cpu_now() - tm;
        print_timing(&p, main_cpu, st);
    }
    st->bytes = input_bytes(&in);
    close_input(&in);
    for (int t = 0; t < jobs; t++) {
        vn_context_free(p.w[t].ctx);
        vn_buf_release(&p.w[t].meta);
        vn_arc_words_free(p.w[t].words);
    }
    free(p.w);
    batch_free(&bs[0]);
    batch_free(&bs[1]);
    vn_linestats_free(ls);
    return r;
}
