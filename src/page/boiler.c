/* boiler.c — cross-page line statistics: the CCNet idea that a line printed on
 * many pages of one site is that site's furniture, learned rather than listed.
 *
 * For each source (the host of the page's URL, "" for pages without one) we
 * count pages, and for each (source, line) the pages that carry the line, each
 * page once. Lines are keyed by a 64-bit XXH3 hash of a folded form (case,
 * diacritics, spacing and invisible characters dropped) seeded with the
 * source's hash, so raw text (added) and normalized text (looked up) agree.
 *
 * Memory is fixed: a table of 2^18 line slots (and a spare of the same size
 * to compact into) and 1024 sources. The CLI calls decay() before adding each
 * batch of pages: all counts halve, so what the learner knows is an
 * exponentially weighted recent history, and lines not seen again fall out.
 * Counts are kept in sixteenths of a page; a line's count is halved lazily,
 * by the number of decays since it was last counted (its epoch), so decay()
 * itself costs nothing; slots whose count fell below KEEP are reused, and the
 * table is compacted only when it fills up. */
#include "keydfa.h"
#include "page_int.h"

#include "../core/uni.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xxhash.h>

#define LINE_SLOTS (1u << 18)
#define LINE_MAX_LOAD (LINE_SLOTS / 10 * 7)
#define SOURCE_SLOTS 1024u
#define ONE_PAGE 16u  /* a page counts 16; counts below KEEP after a decay are forgotten */
#define KEEP 6u
/* Furniture is short: lines over LS_LINE_MAX bytes (normalized) are not
 * learned, nor raw lines over RAW_LINE_MAX (they never normalize that short). */
#define LS_LINE_MAX 200
#define RAW_LINE_MAX (LS_LINE_MAX + 64)

typedef struct lslot {
    uint64_t h;     /* 0 = empty */
    uint32_t c;     /* count at epoch */
    uint32_t epoch; /* the decay round c was last written in */
} lslot;

typedef struct sslot {
    uint64_t h;  /* 0 = empty */
    uint32_t pages;
} sslot;

/* What adding a batch's pages learned about each of their lines, kept until the
 * next decay: segmenting the same page looks its lines up by number, and a line
 * whose text (normalized) is byte for byte the raw line's, on a page of the same
 * source, has the same hash, so it is not hashed again. The bytes are kept (not
 * pointed to), so a stale entry can only fail to match. */
typedef struct memo_line {
    uint32_t lineno, len, off; /* off: the bytes in pool */
    uint64_t h;
} memo_line;

typedef struct memo_page {
    const vn_page *page;
    uint64_t seed;
    uint32_t first, n; /* its lines in ml, in line order */
} memo_page;

#define MEMO_POOL_MAX ((size_t)32 << 20) /* bytes of line text per batch, at most */

struct vn_linestats {
    lslot *tab, *spare;
    size_t used;      /* slots ever filled since the last compaction */
    uint32_t epoch;   /* decay rounds so far */
    sslot src[SOURCE_SLOTS];
    uint64_t *page;   /* the current page's line hashes */
    size_t npage, cappage;
    memo_line *ml;
    size_t nml, capml;
    char *pool;
    size_t npool, cappool;
    memo_page *mp;
    size_t nmp, capmp;
    uint32_t *mp_index; /* page pointer -> index in mp + 1 (open addressing), 0 empty */
    size_t mp_cap;      /* a power of two, at least twice nmp */
    int memo_full;      /* out of room (or memory) until the next decay */
    int memo_dup;       /* a page was added twice since the last decay */
    /* The last added page's lines, not yet counted (see settle()). */
    uint64_t *pend;
    size_t npend, cappend;
    int pending;          /* pend holds lines to count (read atomically) */
    pthread_mutex_t lock; /* the first lookup after adding counts them */
};

/* A zeroed table of LINE_SLOTS slots (4 MB). Every page's lines land in it at
 * random: on 4 KB pages each look would also miss the TLB, so it is mapped on
 * a 2 MB boundary and asked to be backed by 2 MB pages where the system has
 * them (a hint; no harm if not). Fresh anonymous memory is zero already. */
#define TABLE_BYTES (LINE_SLOTS * sizeof(lslot))
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
static lslot *new_table(void)
{
    size_t align = (size_t)2 << 20;
    char *p = mmap(NULL, TABLE_BYTES + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    char *t = (char *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
    if (t > p)
        munmap(p, (size_t)(t - p));
    if (p + TABLE_BYTES + align > t + TABLE_BYTES)
        munmap(t + TABLE_BYTES, (size_t)(p + TABLE_BYTES + align - (t + TABLE_BYTES)));
    madvise(t, TABLE_BYTES, MADV_HUGEPAGE);
    return (lslot *)t;
}

static void free_table(lslot *t)
{
    if (t)
        munmap(t, TABLE_BYTES);
}
#else
static lslot *new_table(void) { return calloc(LINE_SLOTS, sizeof(lslot)); }
static void free_table(lslot *t) { free(t); }
#endif

vn_linestats *vn_linestats_new(void)
{
    vn_linestats *ls = calloc(1, sizeof *ls);
    if (!ls)
        return NULL;
    pthread_mutex_init(&ls->lock, NULL);
    ls->tab = new_table();
    ls->spare = new_table();
    if (!ls->tab || !ls->spare) {
        vn_linestats_free(ls);
        return NULL;
    }
    return ls;
}

void vn_linestats_free(vn_linestats *ls)
{
    if (!ls)
        return;
    free_table(ls->tab);
    free_table(ls->spare);
    free(ls->page);
    free(ls->ml);
    free(ls->pool);
    free(ls->mp);
    free(ls->mp_index);
    free(ls->pend);
    pthread_mutex_destroy(&ls->lock);
    free(ls);
}

/* ---- keys */

static uint64_t nonzero(uint64_t h) { return h ? h : 1; }

static uint64_t source_hash(const char *source)
{
    if (!source)
        source = "";
    return nonzero(XXH3_64bits(source, strlen(source)));
}

/* Folding a Vietnamese letter to its base through utf8proc is slow; the
 * letters live in two small blocks, folded once into tables. */
static unsigned char fold_latin[0x250 - 0xC0];   /* U+00C0..U+024F */
static unsigned char fold_viet[0x100];           /* U+1E00..U+1EFF */
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

/* ASCII for the key: 0 dropped (controls), 1 a space, else the byte lowered. */
static unsigned char ascii_key[0x80];

static void fold_init(void)
{
    for (int c = 0; c < 0x80; c++)
        ascii_key[c] = c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' ? 1
                       : c <= ' ' || c == 0x7F                               ? 0
                       : (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    for (int32_t c = 0xC0; c < 0x250; c++) {
        int32_t f = vn_fold(c);
        fold_latin[c - 0xC0] = f < 0x80 ? (unsigned char)f : 0;
    }
    for (int32_t c = 0x1E00; c < 0x1F00; c++) {
        int32_t f = vn_fold(c);
        fold_viet[c - 0x1E00] = f < 0x80 ? (unsigned char)f : 0;
    }
}

static int invisible(int32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F) ||
           cp == 0x2060 || cp == 0xFEFF || cp == 0xAD;
}

static int wide_space(int32_t cp)
{
    return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static int fold_ready; /* fold_init has run (read before pthread_once's cost) */

/* The key of one character (keydfa.h), as the careful loop below makes it. */
static kd_act fold_act(int32_t cp)
{
    if (cp < 0x80) {
        unsigned char k = ascii_key[cp];
        return k > 1 ? (kd_act){KA_BYTE, k} : (kd_act){k ? KA_SPACE : KA_DROP, 0};
    }
    unsigned char base = cp >= 0xC0 && cp < 0x250     ? fold_latin[cp - 0xC0]
                         : cp >= 0x1E00 && cp < 0x1F00 ? fold_viet[cp - 0x1E00]
                                                       : 0;
    if (base)
        return (kd_act){KA_BYTE, base};
    if (wide_space(cp))
        return (kd_act){KA_SPACE, 0};
    if (invisible(cp))
        return (kd_act){KA_DROP, 0};
    return vn_kd_last_byte(cp, vn_to_lower(cp));
}

static kd_table fold_kd;

static void fold_init_once(void)
{
    fold_init();
    vn_kd_build(&fold_kd, fold_act);
    __atomic_store_n(&fold_ready, 1, __ATOMIC_RELEASE);
}

/* A space goes into the key when one follows a word, and is taken back at
 * the end: runs of spaces (and what is dropped among them) become one, none
 * leads or trails. */
static inline size_t key_space(char *key, size_t o)
{
    if (o && key[o - 1] != ' ')
        key[o++] = ' ';
    return o;
}

/* The key the careful way, a character at a time (a trailing space left). */
static size_t fold_key_slow(const char *s, size_t n, char *key)
{
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        if (c < 0x80) { /* most bytes: one look in a table */
            unsigned char k = ascii_key[c];
            i++;
            if (k > 1)
                key[o++] = (char)k;
            else if (k)
                o = key_space(key, o);
            continue;
        }
        /* a Vietnamese letter (U+1E00..U+1EFF: E1 B8..BB xx) whose base is ASCII */
        if (c == 0xE1 && i + 2 < n && u[i + 1] >= 0xB8 && u[i + 1] <= 0xBB && (u[i + 2] & 0xC0) == 0x80) {
            unsigned char base = fold_viet[(u[i + 1] & 3u) << 6 | (u[i + 2] & 0x3Fu)];
            if (base) {
                i += 3;
                key[o++] = (char)base;
                continue;
            }
        }
        int32_t cp;
        if (c >= 0xC2 && c < 0xE0 && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
            cp = ((int32_t)(c & 0x1F) << 6) | (u[i + 1] & 0x3F);
            i += 2;
        } else if (c >= 0xE1 && c < 0xF0 && c != 0xED && i + 2 < n && (u[i + 1] & 0xC0) == 0x80 &&
                   (u[i + 2] & 0xC0) == 0x80) {
            cp = ((int32_t)(c & 0x0F) << 12) | ((int32_t)(u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
            i += 3;
        } else {
            int len;
            cp = vn_utf8_next(s + i, n - i, &len);
            i += (size_t)len;
        }
        unsigned char base = 0;
        if (cp >= 0xC0 && cp < 0x250)
            base = fold_latin[cp - 0xC0];
        else if (cp >= 0x1E00 && cp < 0x1F00)
            base = fold_viet[cp - 0x1E00];
        if (base) {
            key[o++] = (char)base;
            continue;
        }
        if (wide_space(cp)) {
            o = key_space(key, o);
            continue;
        }
        if (invisible(cp))
            continue;
        o += (size_t)vn_utf8_put(vn_to_lower(cp), key + o);
    }
    return o;
}

int vn_linestats_force_slow; /* tests: the careful loop only */

/* The key is made by the automaton of keydfa.h, a table step per byte (the
 * careful loop's branches between ASCII and letters of two and three bytes
 * were mispredicted all along a line); lines it was not built for (rare
 * characters, broken UTF-8) the careful way. */
unsigned long long vn_linestats_hash(const char *s, size_t n, unsigned long long seed)
{
    char key[4 * RAW_LINE_MAX + 8];
    if (n > RAW_LINE_MAX)
        return 0;
    if (!__atomic_load_n(&fold_ready, __ATOMIC_ACQUIRE))
        pthread_once(&fold_once, fold_init_once);
    size_t o = vn_linestats_force_slow ? SIZE_MAX : vn_kd_run(&fold_kd, (const unsigned char *)s, n, key);
    if (o == SIZE_MAX)
        o = fold_key_slow(s, n, key);
    if (o && key[o - 1] == ' ')
        o--;
    if (!o)
        return 0;
    return nonzero(XXH3_64bits_withSeed(key, o, seed));
}

/* ---- tables */

static sslot *find_source(const vn_linestats *ls, uint64_t h, int insert)
{
    vn_linestats *m = (vn_linestats *)ls;
    for (size_t k = 0, i = h & (SOURCE_SLOTS - 1); k < SOURCE_SLOTS; k++, i = (i + 1) & (SOURCE_SLOTS - 1)) {
        if (m->src[i].h == h)
            return &m->src[i];
        if (!m->src[i].h) {
            if (!insert)
                return NULL;
            m->src[i].h = h;
            m->src[i].pages = 0;
            return &m->src[i];
        }
    }
    return NULL; /* full: the source is not learned */
}

static uint32_t current(const lslot *e, uint32_t epoch)
{
    uint32_t age = epoch - e->epoch;
    return age >= 32 ? 0 : e->c >> age;
}

static lslot *lookup_line(const vn_linestats *ls, uint64_t h)
{
    for (size_t i = h & (LINE_SLOTS - 1);; i = (i + 1) & (LINE_SLOTS - 1)) {
        if (ls->tab[i].h == h)
            return &ls->tab[i];
        if (!ls->tab[i].h)
            return NULL;
    }
}

/* Move the lines still counted into the spare table, which becomes the table. */
static void compact(vn_linestats *ls)
{
    memset(ls->spare, 0, LINE_SLOTS * sizeof *ls->spare);
    size_t used = 0;
    for (size_t i = 0; i < LINE_SLOTS; i++) {
        lslot *e = &ls->tab[i];
        uint32_t c = e->h ? current(e, ls->epoch) : 0;
        if (c < KEEP)
            continue;
        size_t j = e->h & (LINE_SLOTS - 1);
        while (ls->spare[j].h)
            j = (j + 1) & (LINE_SLOTS - 1);
        ls->spare[j] = (lslot){e->h, c, ls->epoch};
        used++;
    }
    lslot *t = ls->tab;
    ls->tab = ls->spare;
    ls->spare = t;
    ls->used = used;
}

/* Count one more page for line h: its slot, or a forgotten one, or a new one. */
static void count_line(vn_linestats *ls, uint64_t h)
{
    if (ls->used >= LINE_MAX_LOAD)
        compact(ls);
    lslot *dead = NULL;
    for (size_t i = h & (LINE_SLOTS - 1);; i = (i + 1) & (LINE_SLOTS - 1)) {
        lslot *e = &ls->tab[i];
        if (e->h == h) {
            e->c = current(e, ls->epoch) + ONE_PAGE;
            e->epoch = ls->epoch;
            return;
        }
        if (!e->h) {
            if (!dead) {
                if (ls->used >= LINE_MAX_LOAD) /* still full after compaction: not learned */
                    return;
                dead = e;
                ls->used++;
            }
            break;
        }
        if (!dead && current(e, ls->epoch) < KEEP)
            dead = e;
    }
    *dead = (lslot){h, ONE_PAGE, ls->epoch};
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- the batch memo */

static size_t page_slot(const vn_page *p, size_t cap)
{
    uint64_t k = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull;
    return (size_t)(k >> 32) & (cap - 1);
}

static void memo_reset(vn_linestats *ls)
{
    ls->nml = ls->npool = ls->nmp = 0;
    ls->memo_full = ls->memo_dup = 0;
    if (ls->mp_index)
        memset(ls->mp_index, 0, ls->mp_cap * sizeof *ls->mp_index);
}

static int index_page(vn_linestats *ls, size_t k)
{
    size_t i = page_slot(ls->mp[k].page, ls->mp_cap);
    while (ls->mp_index[i])
        i = (i + 1) & (ls->mp_cap - 1);
    ls->mp_index[i] = (uint32_t)k + 1;
    return 1;
}

static const memo_page *memo_of_hashed(const vn_linestats *ls, const vn_page *p);

/* A new page's memo (its lines follow with memo_line_add); NULL when full. */
static memo_page *memo_page_new(vn_linestats *ls, const vn_page *p, uint64_t seed)
{
    if (ls->memo_full)
        return NULL;
    if (ls->nmp == ls->capmp) {
        size_t cap = ls->capmp ? ls->capmp * 2 : 512;
        memo_page *q = realloc(ls->mp, cap * sizeof *q);
        if (!q || cap > UINT32_MAX / 2) {
            if (q)
                ls->mp = q;
            ls->memo_full = 1;
            return NULL;
        }
        ls->mp = q;
        ls->capmp = cap;
    }
    if ((ls->nmp + 1) * 2 > ls->mp_cap) {
        size_t cap = ls->mp_cap ? ls->mp_cap * 2 : 1024;
        uint32_t *ix = calloc(cap, sizeof *ix);
        if (!ix) {
            ls->memo_full = 1;
            return NULL;
        }
        free(ls->mp_index);
        ls->mp_index = ix;
        ls->mp_cap = cap;
        for (size_t k = 0; k < ls->nmp; k++)
            index_page(ls, k);
    }
    if (ls->nmp && !ls->memo_dup && memo_of_hashed(ls, p))
        ls->memo_dup = 1; /* the hint of memo_of would not see which is the last */
    memo_page *m = &ls->mp[ls->nmp];
    *m = (memo_page){p, seed, (uint32_t)ls->nml, 0};
    index_page(ls, ls->nmp++);
    return m;
}

static void memo_line_add(vn_linestats *ls, memo_page *m, uint32_t lineno, const char *s, size_t n,
                          uint64_t h)
{
    if (ls->memo_full || ls->npool + n > MEMO_POOL_MAX || ls->nml >= UINT32_MAX / 2) {
        ls->memo_full = 1;
        return;
    }
    if (ls->nml == ls->capml) {
        size_t cap = ls->capml ? ls->capml * 2 : 4096;
        memo_line *q = realloc(ls->ml, cap * sizeof *q);
        if (!q) {
            ls->memo_full = 1;
            return;
        }
        ls->ml = q;
        ls->capml = cap;
    }
    if (ls->npool + n > ls->cappool) {
        size_t cap = ls->cappool ? ls->cappool * 2 : 65536;
        while (cap < ls->npool + n)
            cap *= 2;
        char *q = realloc(ls->pool, cap);
        if (!q) {
            ls->memo_full = 1;
            return;
        }
        ls->pool = q;
        ls->cappool = cap;
    }
    memcpy(ls->pool + ls->npool, s, n);
    ls->ml[ls->nml++] = (memo_line){lineno, (uint32_t)n, (uint32_t)ls->npool, h};
    ls->npool += n;
    m->n++;
}

/* The memo of page p, if it was added since the last decay (the last one
 * added for p counts), else NULL. */
static const memo_page *memo_of_hashed(const vn_linestats *ls, const vn_page *p)
{
    const memo_page *m = NULL;
    for (size_t i = page_slot(p, ls->mp_cap); ls->mp_index[i]; i = (i + 1) & (ls->mp_cap - 1))
        if (ls->mp[ls->mp_index[i] - 1].page == p)
            m = &ls->mp[ls->mp_index[i] - 1];
    return m;
}

/* Pages are segmented in the order they were added (each thread its share):
 * the memo this thread found last, or the one after it, is most likely the
 * one asked for, and is looked at before the hash table (whose slot, by then
 * out of the cache, was a miss per page). Only a hint: when no page was added
 * twice, a memo whose page is p is the one. */
static _Thread_local size_t memo_near;

static const memo_page *memo_of(const vn_linestats *ls, const vn_page *p)
{
    if (!p || !ls->nmp)
        return NULL;
    size_t h = memo_near;
    if (!ls->memo_dup) {
        if (h < ls->nmp && ls->mp[h].page == p)
            return &ls->mp[h];
        if (h + 1 < ls->nmp && ls->mp[h + 1].page == p) {
            memo_near = h + 1;
            return &ls->mp[h + 1];
        }
    }
    const memo_page *m = memo_of_hashed(ls, p);
    if (m)
        memo_near = (size_t)(m - ls->mp);
    return m;
}

/* The hash adding page p gave line lineno, if its text was line[0..len) and its
 * source's seed the same: 1 and *h, else 0. */
static int memo_find(const vn_linestats *ls, const vn_page *p, uint64_t seed, int lineno, const char *line,
                     size_t len, uint64_t *h)
{
    if (lineno <= 0)
        return 0;
    const memo_page *m = memo_of(ls, p);
    if (!m || m->seed != seed)
        return 0;
    size_t lo = m->first, hi = (size_t)m->first + m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ls->ml[mid].lineno < (uint32_t)lineno)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == (size_t)m->first + m->n)
        return 0;
    const memo_line *e = &ls->ml[lo];
    if (e->lineno != (uint32_t)lineno || e->len != len || memcmp(ls->pool + e->off, line, len) != 0)
        return 0;
    *h = e->h;
    return 1;
}

static void settle(const vn_linestats *ls);

void vn_linestats_prefetch(const vn_linestats *ls, const vn_page *p)
{
    if (!ls)
        return;
    settle(ls); /* (counting may compact, which moves the table) */
    const memo_page *m = memo_of(ls, p);
    if (!m)
        return;
    /* the table is 4 MB and the batch's other pages have been counted since
     * this one: its lines' slots are most likely out of the cache */
    for (size_t k = m->first; k < (size_t)m->first + m->n; k++) {
        const memo_line *e = &ls->ml[k];
        __builtin_prefetch(&ls->tab[e->h & (LINE_SLOTS - 1)], 0);
        for (size_t off = 0; off < e->len; off += 64) /* its bytes, compared by memo_find */
            __builtin_prefetch(ls->pool + e->off + off, 0);
    }
    /* the next page is most likely the one added after this one: its memo
     * entries follow these, and are asked for a page ahead (waited for here
     * otherwise) */
    size_t next = (size_t)m->first + m->n;
    if (m + 1 < ls->mp + ls->nmp)
        __builtin_prefetch(m + 1, 0);
    for (size_t k = next; k < ls->nml && k < next + 6; k += 2)
        __builtin_prefetch(&ls->ml[k], 0);
}

/* ---- counting a page's lines one page late
 *
 * A page's lines land in the 4 MB table at random, each slot a cache miss.
 * Counted right after their slots were asked for (a page has two or three
 * short lines), the misses were waited for in full; so vn_linestats_add asks
 * for the slots of its page and counts the lines of the page added before,
 * whose slots have come in meanwhile. The counts are made in the same order
 * as before, so the table is the same whenever it is read: decay and the
 * lookups count what is left first (settle). Lookups run on several threads
 * at once (never beside an add): the first takes the lock and counts, the
 * others see that it is done. */
static void count_pending(vn_linestats *ls)
{
    for (size_t k = 0; k < ls->npend; k++)
        count_line(ls, ls->pend[k]);
    ls->npend = 0;
}

static void settle(const vn_linestats *ls)
{
    if (!__atomic_load_n(&ls->pending, __ATOMIC_ACQUIRE))
        return;
    vn_linestats *m = (vn_linestats *)ls; /* allocated writable: see vn_linestats_new */
    pthread_mutex_lock(&m->lock);
    if (m->pending) {
        count_pending(m);
        __atomic_store_n(&m->pending, 0, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&m->lock);
}

void vn_linestats_add(vn_linestats *ls, const vn_page *p)
{
    if (!ls || !p)
        return;
    char host[256];
    const char *source = (p->url && vn_url_host(p->url, host, sizeof host)) ? host : "";
    uint64_t sh = source_hash(source);
    sslot *src = find_source(ls, sh, 1);
    if (!src)
        return;
    src->pages += ONE_PAGE;
    ls->npage = 0;
    const char *t = p->text ? p->text : "";
    size_t n = p->text ? p->text_len : 0;
    memo_page *memo = memo_page_new(ls, p, sh);
    uint32_t lineno = 0;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(t + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - t) : n;
        lineno++;
        if (e - i <= RAW_LINE_MAX) {
            uint64_t h = vn_linestats_hash(t + i, e - i, sh);
            if (memo && e - i <= LS_LINE_MAX && e > i)
                memo_line_add(ls, memo, lineno, t + i, e - i, h);
            if (h) {
                if (ls->npage == ls->cappage) {
                    size_t cap = ls->cappage ? ls->cappage * 2 : 256;
                    uint64_t *q = realloc(ls->page, cap * sizeof *q);
                    if (!q)
                        break;
                    ls->page = q;
                    ls->cappage = cap;
                }
                ls->page[ls->npage++] = h;
            }
        }
        i = e + 1;
    }
    /* each line once per page; their slots asked for first, so that the misses
     * (the table is 4 MB) overlap */
    for (size_t k = 0; k < ls->npage; k++)
        __builtin_prefetch(&ls->tab[ls->page[k] & (LINE_SLOTS - 1)], 1);
    if (ls->npage > 16) {
        qsort(ls->page, ls->npage, sizeof *ls->page, cmp_u64);
    } else { /* a few short lines, most pages: sorted in place */
        for (size_t k = 1; k < ls->npage; k++) {
            uint64_t h = ls->page[k];
            size_t j = k;
            for (; j > 0 && ls->page[j - 1] > h; j--)
                ls->page[j] = ls->page[j - 1];
            ls->page[j] = h;
        }
    }
    count_pending(ls); /* the page before's, their slots asked for then */
    size_t kept = 0;
    for (size_t k = 0; k < ls->npage; k++)
        if (!k || ls->page[k] != ls->page[k - 1])
            ls->page[kept++] = ls->page[k];
    /* this page's lines wait in pend (the buffers trade places) */
    uint64_t *was = ls->pend;
    size_t cap = ls->cappend;
    ls->pend = ls->page;
    ls->cappend = ls->cappage;
    ls->npend = kept;
    ls->page = was;
    ls->cappage = cap;
    ls->npage = 0;
    __atomic_store_n(&ls->pending, kept > 0, __ATOMIC_RELEASE);
}

void vn_linestats_decay(vn_linestats *ls)
{
    if (!ls)
        return;
    settle(ls);
    /* sources no longer seen are forgotten, the rest rehashed */
    sslot old[SOURCE_SLOTS];
    memcpy(old, ls->src, sizeof old);
    memset(ls->src, 0, sizeof ls->src);
    for (size_t i = 0; i < SOURCE_SLOTS; i++) {
        if (!old[i].h || old[i].pages / 2 == 0)
            continue;
        sslot *s = find_source(ls, old[i].h, 1);
        if (s)
            s->pages = old[i].pages / 2;
    }
    ls->epoch++; /* line counts halve as they are read */
    memo_reset(ls);
}

int vn_linestats_count(const vn_linestats *ls, const char *source, const char *line, size_t len,
                       int *pages_of_source)
{
    return vn_linestats_count_line(ls, source, line, len, NULL, 0, pages_of_source);
}

int vn_linestats_count_line(const vn_linestats *ls, const char *source, const char *line, size_t len,
                            const vn_page *page, int lineno, int *pages_of_source)
{
    if (pages_of_source)
        *pages_of_source = 0;
    if (!ls || !line)
        return 0;
    settle(ls);
    uint64_t sh = source_hash(source);
    sslot *src = find_source(ls, sh, 0);
    if (!src)
        return 0;
    if (pages_of_source)
        *pages_of_source = (int)((src->pages + ONE_PAGE / 2) / ONE_PAGE);
    if (len > LS_LINE_MAX)
        return 0;
    uint64_t h;
    if (!memo_find(ls, page, sh, lineno, line, len, &h))
        h = vn_linestats_hash(line, len, sh);
    if (!h)
        return 0;
    const lslot *e = lookup_line(ls, h);
    return e ? (int)((current(e, ls->epoch) + ONE_PAGE / 2) / ONE_PAGE) : 0;
}
