/* cmd_extract.c — extract, clean and normalize: read pages in batches, learn
 * the batch's repeated lines, process the pages on all cores, write results
 * in input order. Memory is bounded by the batch (pages and bytes). */
#include "cli.h"
#include "../io/reader_int.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

enum mode { MODE_EXTRACT, MODE_CLEAN, MODE_NORMALIZE };
enum outfmt { OUT_AUTO, OUT_TEXT, OUT_JSONL, OUT_PRETTY };

#define BATCH_PAGES 512
#define PREFETCH_BYTES ((size_t)32 << 10)
#define BATCH_BYTES ((size_t)64 << 20)

typedef struct slot {
    vn_page page;
    vn_buf out;
    int warnings;
} slot;

typedef struct job {
    enum mode mode;
    enum outfmt fmt;
    vn_options opt;
    const vn_lexicon *lx;
    vn_linestats *ls;
    slot *slots;
    int nslots;
    int nthreads;
} job;

typedef struct worker {
    job *j;
    int index;
    vn_context *ctx;
    vn_buf tmp;
    pthread_t th;
} worker;

/* {"id":..,"url":..,"date":..,"text":TEXT, meta...} */
static void page_json_with_text(const vn_page *p, const char *text, size_t n, vn_buf *out)
{
    vn_buf_add(out, "{\"id\":", 6);
    vn_buf_add_json_str(out, p->id, strlen(p->id));
    if (p->url) {
        vn_buf_add(out, ",\"url\":", 7);
        vn_buf_add_json_str(out, p->url, strlen(p->url));
    }
    if (p->date) {
        vn_buf_add(out, ",\"date\":", 8);
        vn_buf_add_json_str(out, p->date, strlen(p->date));
    }
    vn_buf_add(out, ",\"text\":", 8);
    vn_buf_add_json_utf8(out, text, n); /* normalized, so valid UTF-8 */
    if (p->meta && p->meta_len > 2) {
        vn_buf_addc(out, ',');
        vn_buf_add(out, p->meta + 1, p->meta_len - 2); /* members of the meta object */
    }
    vn_buf_addc(out, '}');
}

static int wants_jsonl(const job *j, const vn_page *p)
{
    if (j->fmt == OUT_JSONL)
        return 1;
    if (j->fmt == OUT_TEXT)
        return 0;
    return p->line > 0; /* came from JSON Lines */
}

/* The page of slot s: its output appended to out. */
static void process_slot(worker *w, slot *s, vn_buf *out)
{
    job *j = w->j;
    if (j->mode == MODE_NORMALIZE) {
        vn_buf_reset(&w->tmp);
        vn_norm_info ni;
        vn_normalize(&j->opt, s->page.text, s->page.text_len, &w->tmp, &ni);
        s->warnings = ni.invalid_bytes || ni.encoding != VN_ENC_UTF8 || ni.nul_bytes || ni.truncated_utf8 ||
                      ni.controls;
        if (wants_jsonl(j, &s->page))
            page_json_with_text(&s->page, w->tmp.ptr, w->tmp.len, out);
        else
            vn_buf_add(out, w->tmp.ptr, w->tmp.len);
        vn_buf_addc(out, '\n');
        return;
    }
    const vn_record *r;
    vn_process(w->ctx, &s->page, &r);
    s->warnings = vn_record_warning_count(r) > 0;
    if (j->mode == MODE_EXTRACT) {
        if (j->fmt == OUT_PRETTY)
            vn_record_pretty(r, out);
        else
            vn_record_json(r, out);
        vn_buf_addc(out, '\n');
    } else {
        vn_buf_reset(&w->tmp);
        vn_record_clean_text(r, &w->tmp);
        if (wants_jsonl(j, &s->page)) {
            page_json_with_text(&s->page, w->tmp.ptr, w->tmp.len, out);
            vn_buf_addc(out, '\n');
        } else {
            vn_buf_add(out, w->tmp.ptr, w->tmp.len);
            vn_buf_add(out, "\n\n", 2);
        }
    }
}

/* The text of a page is read into the batch long before its turn (512 pages,
 * megabytes, ago) and has left the near caches by then: its first pass would
 * wait on memory line after line. The next page's text is asked for while
 * this page is processed (into L2; the first 32 KB, most pages whole: asking
 * for only the first 0.5-4 KB and leaving the rest to the hardware prefetcher
 * measured no better). */
static void prefetch_text(const slot *s)
{
    size_t n = s->page.text_len < PREFETCH_BYTES ? s->page.text_len : PREFETCH_BYTES;
    for (size_t off = 0; off < n; off += 64)
        __builtin_prefetch(s->page.text + off, 0, 2);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    int step = w->j->nthreads, n = w->j->nslots;
    for (int i = w->index; i < n; i += step) {
        if (i + step < n && w->j->slots[i + step].page.text)
            prefetch_text(&w->j->slots[i + step]);
        vn_buf_reset(&w->j->slots[i].out);
        process_slot(w, &w->j->slots[i], &w->j->slots[i].out);
    }
    return NULL;
}

/* n bytes to stdout: 0, or -1 when it cannot be written. */
static int write_all(const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(STDOUT_FILENO, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* On one thread the pages are done in order, so each page's output can go
 * out as soon as it is made: it is appended to stage, a buffer that stays in
 * the cache (not to its slot's, one of 512 last touched a batch ago, whose
 * every line would be fetched before being written over), written out a few
 * hundred kilobytes at a time. The slots are left empty. */
static int run_in_order(worker *w, vn_buf *stage)
{
    job *j = w->j;
    int failed = fflush(stdout) != 0;
    for (int i = 0; i < j->nslots; i++) {
        slot *s = &j->slots[i];
        if (i + 1 < j->nslots && j->slots[i + 1].page.text)
            prefetch_text(&j->slots[i + 1]);
        s->out.len = 0;
        process_slot(w, s, stage);
        if (stage->len >= ((size_t)256 << 10) || stage->err) {
            if (!failed && (stage->err || write_all(stage->ptr, stage->len) != 0))
                failed = 1;
            if (stage->cap > ((size_t)8 << 20)) /* bounded after a huge page */
                vn_buf_release(stage);
            else
                vn_buf_reset(stage);
        }
    }
    if (!failed && (stage->err || write_all(stage->ptr, stage->len) != 0))
        failed = 1;
    vn_buf_reset(stage);
    return failed ? -1 : 0;
}

/* The batch's outputs, in order, straight from their buffers with writev
 * (through stdio each would be copied into its buffer first, and written a
 * few kilobytes a call). 0, or -1 when stdout cannot be written. */
static int write_slots(const slot *slots, int n)
{
    struct iovec iov[BATCH_PAGES];
    int k = 0;
    for (int i = 0; i < n && i < BATCH_PAGES; i++)
        if (slots[i].out.len)
            iov[k++] = (struct iovec){slots[i].out.ptr, slots[i].out.len};
    if (fflush(stdout) != 0) /* nothing of ours is there; keep the order if anything is */
        return -1;
    for (int first = 0; first < k;) {
        int cnt = k - first < IOV_MAX ? k - first : IOV_MAX;
        ssize_t w = writev(STDOUT_FILENO, iov + first, cnt);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        for (size_t left = (size_t)w; left && first < k;) { /* a short write: go on where it stopped */
            if (left >= iov[first].iov_len) {
                left -= iov[first++].iov_len;
            } else {
                iov[first].iov_base = (char *)iov[first].iov_base + left;
                iov[first].iov_len -= left;
                left = 0;
            }
        }
    }
    return 0;
}

static void usage(FILE *f, enum mode m)
{
    if (m == MODE_EXTRACT)
        fprintf(f, "usage: vnews extract [OPTIONS] [FILE ...]\n\n"
                   "Reads pages and writes one record per page (JSON Lines, SCHEMA.md) to stdout.\n");
    else if (m == MODE_CLEAN)
        fprintf(f, "usage: vnews clean [OPTIONS] [FILE ...]\n\n"
                   "Writes the clean article (title, lead, body): text for text pages, JSON Lines\n"
                   "with \"text\" replaced for JSON Lines input.\n");
    else
        fprintf(f, "usage: vnews normalize [OPTIONS] [FILE ...]\n\n"
                   "Writes the normalized text: UTF-8 repaired, NFC, one tone-mark placement, Đ,\n"
                   "no control characters, single spaces, legacy encodings converted.\n");
    fprintf(f, "\nFILE: .txt (one page, id = file name), .jsonl / .jsonl.zst / .jsonl.gz (one\n"
               "page a line: \"text\", optional \"id\", \"url\", \"date\"), or - for stdin.\n\n"
               "options:\n"
               "  --tone=old|new|keep   tone-mark placement: hòa (old, default), hoà, or as written\n"
               "  --no-legacy           do not detect legacy encodings (TCVN3, VNI, VIQR, CP1258)\n"
               "  -j, --jobs N          threads (default: all cores)\n"
               "  --max-line BYTES      skip input lines or pages longer than this (default 64 MiB)\n"
               "  --data DIR            the data directory (default: next to the program)\n"
               "  -q, --quiet           no progress line or summary\n");
    if (m == MODE_EXTRACT)
        fprintf(f, "  --no-extract          segment the page only (leave extraction fields empty)\n"
                   "  --no-learn            do not learn repeated lines across pages as boilerplate\n"
                   "  --pretty              a readable summary instead of JSON\n");
    if (m != MODE_EXTRACT)
        fprintf(f, "  --text | --jsonl      force the output format\n");
    fprintf(f, "\nExit status: 0 fine, 1 some input could not be used (reported on stderr, the\n"
               "rest processed), 2 bad usage.\n");
}

static int run(int argc, char **argv, enum mode mode)
{
    job j;
    memset(&j, 0, sizeof j);
    j.mode = mode;
    vn_options_default(&j.opt);
    if (mode == MODE_CLEAN)
        j.opt.extract = 0;
    const char *data_dir = NULL;
    size_t max_line = 0;
    int quiet = 0;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    j.nthreads = ncpu > 0 ? (int)ncpu : 1;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0, only_files = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        int r;
        if (only_files || a[0] != '-' || !strcmp(a, "-")) {
            files[nfiles++] = a;
        } else if (!strcmp(a, "--")) {
            only_files = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout, mode);
            free(files);
            return EXIT_OK;
        } else if ((r = cli_opt(argc, argv, &i, "--tone", &v))) {
            if (r < 0)
                goto bad;
            if (!strcmp(v, "old"))
                j.opt.tone = VN_TONE_OLD;
            else if (!strcmp(v, "new"))
                j.opt.tone = VN_TONE_NEW;
            else if (!strcmp(v, "keep"))
                j.opt.tone = VN_TONE_KEEP;
            else {
                cli_errorf("--tone takes old, new or keep, not '%s'", v);
                goto bad;
            }
        } else if (!strcmp(a, "--no-legacy")) {
            j.opt.legacy = 0;
        } else if (!strcmp(a, "--no-extract")) {
            j.opt.extract = 0;
        } else if (!strcmp(a, "--no-learn")) {
            j.opt.learn_boiler = 0;
        } else if (!strcmp(a, "--pretty")) {
            j.fmt = OUT_PRETTY;
        } else if (!strcmp(a, "--text")) {
            j.fmt = OUT_TEXT;
        } else if (!strcmp(a, "--jsonl")) {
            j.fmt = OUT_JSONL;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if ((r = cli_opt(argc, argv, &i, "--data", &v))) {
            if (r < 0)
                goto bad;
            data_dir = v;
        } else if ((r = cli_opt(argc, argv, &i, "--max-line", &v))) {
            if (r < 0)
                goto bad;
            char *end;
            long long n = strtoll(v, &end, 10);
            if (n <= 0 || *end) {
                cli_errorf("--max-line takes a positive number of bytes, not '%s'", v);
                goto bad;
            }
            max_line = (size_t)n;
        } else if ((r = cli_opt(argc, argv, &i, "--jobs", &v)) ||
                   (r = cli_opt(argc, argv, &i, "-j", &v))) {
            if (r < 0)
                goto bad;
            j.nthreads = atoi(v);
            if (j.nthreads < 1 || j.nthreads > 256) {
                cli_errorf("--jobs takes a number from 1 to 256, not '%s'", v);
                goto bad;
            }
        } else {
            cli_errorf("unknown option '%s' (see --help)", a);
            goto bad;
        }
    }

    vn_lexicon *lx = NULL;
    vn_error err;
    vn_error_clear(&err);
    if (mode != MODE_NORMALIZE) {
        if (vn_lexicon_load(data_dir, &lx, &err)) {
            cli_error(&err);
            free(files);
            return EXIT_USAGE;
        }
    }
    j.lx = lx;
    if (mode != MODE_NORMALIZE && j.opt.learn_boiler)
        j.ls = vn_linestats_new();

    worker *ws = calloc((size_t)j.nthreads, sizeof *ws);
    for (int t = 0; t < j.nthreads; t++) {
        ws[t].j = &j;
        ws[t].index = t;
        vn_buf_init(&ws[t].tmp, 0);
        if (mode != MODE_NORMALIZE) {
            ws[t].ctx = vn_context_new(lx, &j.opt);
            vn_context_set_linestats(ws[t].ctx, j.ls);
        }
    }
    j.slots = calloc(BATCH_PAGES, sizeof *j.slots);
    for (int k = 0; k < BATCH_PAGES; k++)
        vn_buf_init(&j.slots[k].out, 0);
    vn_arena *batch = vn_arena_new();
    vn_buf stage;
    vn_buf_init(&stage, 0);

    vn_reader *rd = vn_reader_new(files, nfiles, max_line);
    if (rd)
        vn_reader_keep(rd, 1); /* a batch's texts stay where they were read */
    long long pages = 0, with_warnings = 0, failed = 0;
    double t0 = cli_now(), last = t0;
    int done = 0;
    while (!done) {
        /* 1. read a batch: texts the reader keeps are used where they are, the
         * rest (and the small fields) copied out of it */
        vn_arena_reset(batch);
        if (rd)
            vn_reader_release(rd); /* the last batch is written: its texts may go */
        j.nslots = 0;
        size_t bytes = 0;
        while (j.nslots < BATCH_PAGES && bytes < BATCH_BYTES) {
            vn_page p;
            vn_result rc = vn_reader_next(rd, &p, &err);
            if (rc == VN_ERR_NOT_FOUND) {
                done = 1;
                break;
            }
            if (rc) {
                cli_error(&err);
                failed++;
                continue;
            }
            slot *s = &j.slots[j.nslots++];
            s->page = p;
            s->page.id = vn_reader_kept(rd, p.id) ? p.id : vn_arena_strdup(batch, p.id);
            s->page.url = !p.url || vn_reader_kept(rd, p.url) ? p.url : vn_arena_strdup(batch, p.url);
            s->page.date = !p.date || vn_reader_kept(rd, p.date) ? p.date : vn_arena_strdup(batch, p.date);
            s->page.text = vn_reader_kept(rd, p.text) ? p.text : vn_arena_strndup(batch, p.text, p.text_len);
            s->page.meta = p.meta ? vn_arena_strndup(batch, p.meta, p.meta_len) : NULL;
            s->page.origin = vn_arena_strdup(batch, p.origin ? p.origin : "");
            bytes += p.text_len;
            if (p.text_len == 0 && p.line > 0)
                fprintf(stderr, "vnews: %s:%lld: empty page\n", s->page.origin, p.line);
            else if (p.text_len == 0)
                fprintf(stderr, "vnews: %s: empty page\n", s->page.origin);
        }
        if (!j.nslots)
            continue;
        /* 2. learn the batch's repeated lines (before any page of it is judged) */
        if (j.ls) {
            vn_linestats_decay(j.ls);
            for (int k = 0; k < j.nslots; k++) {
                if (k + 1 < j.nslots && j.slots[k + 1].page.text)
                    prefetch_text(&j.slots[k + 1]); /* read a while ago, see prefetch_text */
                vn_linestats_add(j.ls, &j.slots[k].page);
            }
        }
        /* 3. process on all threads */
        int nt = j.nthreads < j.nslots ? j.nthreads : j.nslots;
        int saved = j.nthreads;
        j.nthreads = nt;
        int write_failed = 0;
        if (nt == 1) {
            write_failed = run_in_order(&ws[0], &stage);
        } else {
            for (int t = 0; t < nt; t++)
                pthread_create(&ws[t].th, NULL, worker_main, &ws[t]);
            for (int t = 0; t < nt; t++)
                pthread_join(ws[t].th, NULL);
        }
        j.nthreads = saved;
        /* 4. write in order */
        if (write_failed || write_slots(j.slots, j.nslots) != 0) {
            cli_errorf("cannot write output");
            done = 1;
            failed++;
        }
        for (int k = 0; k < j.nslots; k++) {
            slot *s = &j.slots[k];
            with_warnings += s->warnings;
            /* keep per-slot memory bounded after a huge page */
            if (s->out.cap > ((size_t)8 << 20))
                vn_buf_release(&s->out);
        }
        pages += j.nslots;
        double now = cli_now();
        if (!quiet && cli_tty() && now - last > 0.5) {
            const vn_reader_stats *st = vn_reader_stats_get(rd);
            fprintf(stderr, "\r%lld pages, %.1f MB, %.1f MB/s   ", pages, st->bytes / 1e6,
                    st->bytes / 1e6 / (now - t0));
            last = now;
        }
    }
    fflush(stdout);
    const vn_reader_stats *st = vn_reader_stats_get(rd);
    double secs = cli_now() - t0;
    if (!quiet && (cli_tty() || failed))
        fprintf(stderr, "%s%lld pages, %lld with warnings, %lld errors; %.1f MB in %.2f s (%.1f MB/s)\n",
                cli_tty() ? "\r" : "vnews: ", pages, with_warnings, failed, st->bytes / 1e6, secs,
                secs > 0 ? st->bytes / 1e6 / secs : 0.0);

    vn_reader_free(rd);
    vn_arena_free(batch);
    vn_buf_release(&stage);
    for (int k = 0; k < BATCH_PAGES; k++)
        vn_buf_release(&j.slots[k].out);
    free(j.slots);
    for (int t = 0; t < j.nthreads; t++) {
        vn_context_free(ws[t].ctx);
        vn_buf_release(&ws[t].tmp);
    }
    free(ws);
    vn_linestats_free(j.ls);
    vn_lexicon_free(lx);
    free(files);
    return failed ? EXIT_SOME_FAILED : EXIT_OK;
bad:
    free(files);
    return EXIT_USAGE;
}

int cmd_extract(int argc, char **argv) { return run(argc, argv, MODE_EXTRACT); }
int cmd_clean(int argc, char **argv) { return run(argc, argv, MODE_CLEAN); }
int cmd_normalize(int argc, char **argv) { return run(argc, argv, MODE_NORMALIZE); }
