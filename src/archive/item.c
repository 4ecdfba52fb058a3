/* item.c — an article prepared for storage, on any thread, without the
 * database: its fields, the hash of its normalized text, its MinHash
 * signature, its compressed record and the tokens the full-text index will
 * take (one pass over the words makes the tokens, the normalized text and
 * the word hashes MinHash shingles).
 *
 * Normalized text: title, lead and body, lowercased, diacritics folded (so
 * tone-mark variants and a copy stripped of diacritics collide), words
 * separated by single spaces (furniture of punctuation and spacing gone).
 * Exact duplicates share its XXH3-128. Near-duplicates (one story syndicated
 * with different furniture) share MinHash bands: 112 hashes of the word
 * 5-grams in 14 bands of 8 rows, as FineWeb does; a pair with Jaccard 0.8
 * shares at least one band with probability ~0.9998, one with 0.5 with ~0.05.
 */
#include "arc.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#define SHINGLE 5
#define MIN_WORDS 12 /* fewer words: exact duplicates only */

vn_archive_item *vn_archive_item_new(void)
{
    vn_archive_item *it = calloc(1, sizeof *it);
    if (!it)
        return NULL;
    it->arena = vn_arena_new();
    vn_buf_init(&it->json, 0);
    vn_buf_init(&it->text, 0);
    vn_buf_init(&it->fold, 0);
    vn_buf_init(&it->zrec, 0);
    vn_buf_init(&it->text_free, 0);
    vn_buf_init(&it->toks[0], 0);
    vn_buf_init(&it->toks[1], 0);
    vn_buf_init(&it->shingles, 0);
    vn_buf_init(&it->whash, 0);
    it->zctx = ZSTD_createCCtx();
    if (it->zctx) {
        /* level 1 with a hash table sized for records of a few KB (the
         * default for such sizes, 2^14 entries, is cleared on every call):
         * a tenth faster, the same size within 0.1% */
        ZSTD_CCtx_setParameter(it->zctx, ZSTD_c_compressionLevel, 1);
        ZSTD_CCtx_setParameter(it->zctx, ZSTD_c_hashLog, 11);
    }
    return it;
}

void vn_archive_item_free(vn_archive_item *it)
{
    if (!it)
        return;
    vn_arena_free(it->arena);
    vn_buf_release(&it->json);
    vn_buf_release(&it->text);
    vn_buf_release(&it->fold);
    vn_buf_release(&it->zrec);
    vn_buf_release(&it->text_free);
    vn_buf_release(&it->toks[0]);
    vn_buf_release(&it->toks[1]);
    vn_buf_release(&it->shingles);
    vn_buf_release(&it->whash);
    vn_arc_words_free(it->own_words);
    ZSTD_freeCCtx(it->zctx);
    free(it);
}

void vn_archive_item_set_input_hash(vn_archive_item *it, uint64_t h)
{
    it->input_hash = h;
}

uint64_t vn_archive_input_hash(const char *p, size_t n)
{
    return XXH3_64bits(p, n);
}

int vn_arc_term(int year)
{
    if (year <= 0)
        return 0;
    int d = year - 2016;
    int k = d >= 0 ? d / 5 : -((-d + 4) / 5);
    return 2016 + 5 * k;
}

/* The coefficients of the 112 hash functions h(x) = (a x + b) >> 32: fixed,
 * from splitmix64, so signatures agree across runs and machines. The
 * vector path computes the same values from 32-bit halves:
 *   (a x + b) mod 2^64 = (al xl + b) + 2^32 (ah xl + al xh)   (mod 2^64)
 * so h(x) = hi32(al xl + b) + lo32(ah xl) + lo32(al xh)      (mod 2^32). */
static uint64_t mh_a[VN_MH_HASHES], mh_b[VN_MH_HASHES];
static uint64_t mh_al[VN_MH_HASHES], mh_ah[VN_MH_HASHES]; /* halves of a */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MH_X86 1
static int mh_vector; /* 3: AVX-512DQ, 2: AVX-512, 1: AVX2, 0: none */
#endif
static void mh_init(void)
{
    uint64_t s = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < VN_MH_HASHES; i++) {
        for (int k = 0; k < 2; k++) {
            s += 0x9E3779B97F4A7C15ull;
            uint64_t z = s;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            z ^= z >> 31;
            if (k == 0)
                mh_a[i] = z | 1;
            else
                mh_b[i] = z;
        }
        mh_al[i] = mh_a[i] & 0xFFFFFFFFu;
        mh_ah[i] = mh_a[i] >> 32;
    }
#ifdef MH_X86
    __builtin_cpu_init();
    mh_vector = __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512f") ? 3
                : __builtin_cpu_supports("avx512f")                                     ? 2
                : __builtin_cpu_supports("avx2")                                        ? 1
                                                                                        : 0;
    /* for tests: every path gives the same signatures */
    const char *e = getenv("VNEWS_MINHASH_PATH");
    if (e && *e >= '0' && *e <= '3' && *e - '0' < mh_vector)
        mh_vector = *e - '0';
#endif
}
#include <pthread.h>
static pthread_once_t mh_once = PTHREAD_ONCE_INIT;

/* The minimum of each hash function over the shingle hashes x[0..n). */
static void mh_mins_scalar(const uint64_t *x, size_t n, uint32_t *mins)
{
    for (size_t i = 0; i < n; i++)
        for (int h = 0; h < VN_MH_HASHES; h++) {
            uint32_t v = (uint32_t)((mh_a[h] * x[i] + mh_b[h]) >> 32);
            if (v < mins[h])
                mins[h] = v;
        }
}

#ifdef MH_X86
#include <immintrin.h>
#define MH_VECS (VN_MH_HASHES / 4)
__attribute__((target("avx2"))) static void mh_mins_avx2(const uint64_t *x, size_t n,
                                                         uint32_t *mins)
{
    __m256i al[MH_VECS], ah[MH_VECS], b[MH_VECS], m[MH_VECS];
    for (int v = 0; v < MH_VECS; v++) {
        al[v] = _mm256_loadu_si256((const __m256i *)&mh_al[4 * v]);
        ah[v] = _mm256_loadu_si256((const __m256i *)&mh_ah[4 * v]);
        b[v] = _mm256_loadu_si256((const __m256i *)&mh_b[4 * v]);
        m[v] = _mm256_set1_epi32(-1);
    }
    for (size_t i = 0; i < n; i++) {
        __m256i xl = _mm256_set1_epi64x((long long)(x[i] & 0xFFFFFFFFu));
        __m256i xh = _mm256_set1_epi64x((long long)(x[i] >> 32));
        for (int v = 0; v < MH_VECS; v++) {
            __m256i t = _mm256_srli_epi64(_mm256_add_epi64(_mm256_mul_epu32(al[v], xl), b[v]), 32);
            t = _mm256_add_epi32(t, _mm256_mul_epu32(ah[v], xl));
            t = _mm256_add_epi32(t, _mm256_mul_epu32(al[v], xh));
            m[v] = _mm256_min_epu32(m[v], t); /* the low half of each 64-bit lane counts */
        }
    }
    for (int v = 0; v < MH_VECS; v++) {
        uint64_t lanes[4];
        _mm256_storeu_si256((__m256i *)lanes, m[v]);
        for (int k = 0; k < 4; k++)
            if ((uint32_t)lanes[k] < mins[4 * v + k])
                mins[4 * v + k] = (uint32_t)lanes[k];
    }
}

#define MH_VECS512 (VN_MH_HASHES / 8)
/* The low half of each 64-bit lane of m into mins, where smaller. */
__attribute__((target("avx512f"))) static void mh_merge512(const __m512i *m, uint32_t *mins)
{
    for (int v = 0; v < MH_VECS512; v++) {
        uint64_t lanes[8];
        _mm512_storeu_si512((void *)lanes, m[v]);
        for (int k = 0; k < 8; k++)
            if ((uint32_t)lanes[k] < mins[8 * v + k])
                mins[8 * v + k] = (uint32_t)lanes[k];
    }
}

__attribute__((target("avx512f"))) static void mh_mins_avx512(const uint64_t *x, size_t n,
                                                              uint32_t *mins)
{
    __m512i al[MH_VECS512], ah[MH_VECS512], b[MH_VECS512], m[MH_VECS512];
    for (int v = 0; v < MH_VECS512; v++) {
        al[v] = _mm512_loadu_si512((const void *)&mh_al[8 * v]);
        ah[v] = _mm512_loadu_si512((const void *)&mh_ah[8 * v]);
        b[v] = _mm512_loadu_si512((const void *)&mh_b[8 * v]);
        m[v] = _mm512_set1_epi32(-1);
    }
    for (size_t i = 0; i < n; i++) {
        __m512i xl = _mm512_set1_epi64((long long)(x[i] & 0xFFFFFFFFu));
        __m512i xh = _mm512_set1_epi64((long long)(x[i] >> 32));
        for (int v = 0; v < MH_VECS512; v++) {
            __m512i t = _mm512_srli_epi64(_mm512_add_epi64(_mm512_mul_epu32(al[v], xl), b[v]), 32);
            t = _mm512_add_epi32(t, _mm512_mul_epu32(ah[v], xl));
            t = _mm512_add_epi32(t, _mm512_mul_epu32(al[v], xh));
            m[v] = _mm512_min_epu32(m[v], t);
        }
    }
    mh_merge512(m, mins);
}

/* With AVX-512DQ the low 64 bits of a x come from one instruction. */
__attribute__((target("avx512f,avx512dq"))) static void mh_mins_avx512dq(const uint64_t *x,
                                                                         size_t n,
                                                                         uint32_t *mins)
{
    __m512i a[MH_VECS512], b[MH_VECS512], m[MH_VECS512];
    for (int v = 0; v < MH_VECS512; v++) {
        a[v] = _mm512_loadu_si512((const void *)&mh_a[8 * v]);
        b[v] = _mm512_loadu_si512((const void *)&mh_b[8 * v]);
        m[v] = _mm512_set1_epi32(-1);
    }
    for (size_t i = 0; i < n; i++) {
        __m512i xv = _mm512_set1_epi64((long long)x[i]);
        for (int v = 0; v < MH_VECS512; v++) {
            __m512i t = _mm512_srli_epi64(_mm512_add_epi64(_mm512_mullo_epi64(a[v], xv), b[v]), 32);
            m[v] = _mm512_min_epu32(m[v], t);
        }
    }
    mh_merge512(m, mins);
}
#endif

static void minhash(vn_archive_item *it)
{
    pthread_once(&mh_once, mh_init);
    it->has_sig = 0;
    /* the hashes of the words of fold (split at spaces; vn_arc_tokenize made
     * them) in a ring of SHINGLE; the shingle hashes gathered first */
    uint64_t ring[SHINGLE];
    uint32_t mins[VN_MH_HASHES];
    for (int i = 0; i < VN_MH_HASHES; i++)
        mins[i] = UINT32_MAX;
    vn_buf *xs = &it->shingles;
    vn_buf_reset(xs);
    const uint64_t *wh = (const uint64_t *)(void *)it->whash.ptr;
    size_t nw = it->whash.len / sizeof(uint64_t);
    if (vn_buf_grow(xs, (nw + 1) * sizeof(uint64_t)))
        return; /* out of memory: no signature, exact duplicates only */
    uint64_t *x = (uint64_t *)(void *)xs->ptr;
    size_t nx = 0;
    long words = 0;
    for (size_t i = 0; i < nw; i++) {
        ring[words % SHINGLE] = wh[i];
        words++;
        if (words >= SHINGLE) {
            uint64_t sh[SHINGLE];
            for (int k = 0; k < SHINGLE; k++)
                sh[k] = ring[(words - SHINGLE + k) % SHINGLE];
            x[nx++] = XXH3_64bits(sh, sizeof sh);
        }
    }
    if (words < MIN_WORDS)
        return;
#ifdef MH_X86
    if (mh_vector == 3)
        mh_mins_avx512dq(x, nx, mins);
    else if (mh_vector == 2)
        mh_mins_avx512(x, nx, mins);
    else if (mh_vector == 1)
        mh_mins_avx2(x, nx, mins);
    else
#endif
        mh_mins_scalar(x, nx, mins);
    memcpy(it->sig, mins, sizeof mins);
    for (int b = 0; b < VN_MH_BANDS; b++)
        it->bands[b] = (int64_t)XXH3_64bits_withSeed(&mins[b * VN_MH_ROWS],
                                                     VN_MH_ROWS * sizeof(uint32_t),
                                                     (uint64_t)b + 1);
    it->has_sig = 1;
}

const char *vn_arc_json_str(const vn_json *o, const char *k)
{
    const vn_json *v = vn_json_get(o, k);
    if (!v)
        return NULL;
    if (v->type == VN_JSON_STRING)
        return v->len ? v->str : NULL;
    if (v->type == VN_JSON_NUMBER)
        return v->str;
    return NULL;
}

/* "2017-02-06T10:00" -> "2017-02-06" in the arena, or NULL. */
static const char *day_of(vn_arena *ar, const char *s)
{
    if (!s || strlen(s) < 4)
        return NULL;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return NULL;
    size_t n = 4;
    if (s[4] == '-' && s[5] >= '0' && s[5] <= '9' && s[6] >= '0' && s[6] <= '9') {
        n = 7;
        if (s[7] == '-' && s[8] >= '0' && s[8] <= '9' && s[9] >= '0' && s[9] <= '9')
            n = 10;
    }
    return vn_arena_strndup(ar, s, n);
}

static vn_result prepare(vn_archive_item *it, const char *date_hint, vn_error *err)
{
    const vn_json *r = it->rec;
    const vn_json *idv = vn_json_get(r, "id");
    it->id = idv && (idv->type == VN_JSON_STRING || idv->type == VN_JSON_NUMBER) && idv->len
                 ? idv->str
                 : NULL;
    if (!it->id) {
        vn_error_set(err, VN_ERR_FORMAT, "", 0, -1, "record without an \"id\"");
        return VN_ERR_FORMAT;
    }
    it->url = vn_arc_json_str(r, "url");
    it->source = vn_arc_json_str(r, "source");
    it->title = vn_arc_json_str(r, "title");
    it->published = vn_arc_json_str(r, "published");
    it->event_date = vn_arc_json_str(r, "event_date");
    it->province = it->province_now = NULL;
    const vn_json *pv = vn_json_get(r, "province");
    if (pv && pv->type == VN_JSON_OBJECT) {
        it->province = vn_arc_json_str(pv, "name");
        it->province_now = vn_arc_json_str(pv, "now");
    } else if (pv && pv->type == VN_JSON_STRING && pv->len) {
        it->province = pv->str;
    }
    if (it->province && !it->province_now)
        it->province_now = it->province;
    it->day = day_of(it->arena, it->published);
    if (!it->day || strlen(it->day) < 10) {
        const char *e = day_of(it->arena, it->event_date);
        if (e && (!it->day || strlen(e) > strlen(it->day)))
            it->day = e;
    }
    if (!it->day)
        it->day = day_of(it->arena, date_hint);

    vn_buf_reset(&it->text);
    const char *lead = vn_arc_json_str(r, "lead");
    if (lead)
        vn_buf_adds(&it->text, lead);
    const vn_json *body = vn_json_get(r, "body");
    if (body && body->type == VN_JSON_ARRAY)
        for (int i = 0; i < body->n; i++)
            if (body->kids[i].type == VN_JSON_STRING) {
                if (it->text.len)
                    vn_buf_addc(&it->text, '\n');
                vn_buf_add(&it->text, body->kids[i].str, body->kids[i].len);
            }
    /* the folded text for the hash and the tokens for the index, in one pass */
    vn_arc_words *wc = it->words;
    if (!wc) {
        if (!it->own_words)
            it->own_words = vn_arc_words_new();
        wc = it->own_words;
    }
    vn_buf_reset(&it->fold);
    vn_buf_reset(&it->toks[0]);
    vn_buf_reset(&it->toks[1]);
    vn_buf_reset(&it->whash);
    if (it->title)
        vn_arc_tokenize(wc, it->title, strlen(it->title), &it->toks[0], &it->fold, &it->whash);
    if (it->text.len) {
        if (it->fold.len)
            vn_buf_addc(&it->fold, ' ');
        vn_arc_tokenize(wc, it->text.ptr, it->text.len, &it->toks[1], &it->fold, &it->whash);
    }
    if (it->fold.err || it->text.err || it->toks[0].err || it->toks[1].err || it->whash.err) {
        vn_error_set(err, VN_ERR_NOMEM, "", 0, -1, "out of memory");
        return VN_ERR_NOMEM;
    }
    XXH128_hash_t h = XXH3_128bits(it->fold.ptr, it->fold.len);
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, h);
    memcpy(it->hash, c.digest, 16);
    minhash(it);
    /* The stored record, compressed, without title and body: the articles
     * table has them (export puts them back). */
    vn_buf_reset(&it->text_free);
    vn_buf_addc(&it->text_free, '{');
    for (int i = 0; i < r->n; i++) {
        const vn_json *k = &r->kids[i];
        if (i)
            vn_buf_addc(&it->text_free, ',');
        vn_buf_add_json_str(&it->text_free, k->key, k->key_len);
        vn_buf_addc(&it->text_free, ':');
        if (!strcmp(k->key, "title") || !strcmp(k->key, "body"))
            vn_buf_add(&it->text_free, "null", 4);
        else if (it->compact) /* the value as written: compact already */
            vn_buf_add(&it->text_free, it->json.ptr + k->raw_start, k->raw_end - k->raw_start);
        else
            vn_json_write(k, &it->text_free);
    }
    vn_buf_addc(&it->text_free, '}');
    vn_buf_reset(&it->zrec);
    size_t bound = ZSTD_compressBound(it->text_free.len);
    if (vn_buf_grow(&it->zrec, bound) != VN_OK) {
        vn_error_set(err, VN_ERR_NOMEM, "", 0, -1, "out of memory");
        return VN_ERR_NOMEM;
    }
    /* level 1 (set with the context): a fifth faster than 3 on records this size */
    size_t z = ZSTD_compress2(it->zctx, it->zrec.ptr, bound, it->text_free.ptr,
                              it->text_free.len);
    if (ZSTD_isError(z)) {
        vn_error_set(err, VN_ERR_INTERNAL, "", 0, -1, "zstd: %s", ZSTD_getErrorName(z));
        return VN_ERR_INTERNAL;
    }
    it->zrec.len = z;
    return VN_OK;
}

vn_result vn_archive_item_from_json(vn_archive_item *it, const char *json, size_t len,
                                    vn_error *err)
{
    vn_arena_reset(it->arena);
    it->rec = NULL;
    it->input_hash = 0;
    vn_buf_reset(&it->json);
    size_t off;
    const char *msg;
    const vn_json *v = vn_json_parse(it->arena, json, len, &off, &msg);
    if (!v) {
        vn_error_set(err, VN_ERR_JSON, "", 0, (long long)off, "%s", msg);
        return VN_ERR_JSON;
    }
    if (v->type != VN_JSON_OBJECT) {
        vn_error_set(err, VN_ERR_FORMAT, "", 0, -1, "a record is a JSON object");
        return VN_ERR_FORMAT;
    }
    it->rec = v;
    it->compact = 0;
    /* store the record compact whatever its layout (a pretty-printed file) */
    vn_json_write(v, &it->json);
    return prepare(it, NULL, err);
}

vn_result vn_archive_item_from_record(vn_archive_item *it, const vn_record *r,
                                      const char *date_hint, vn_error *err)
{
    vn_arena_reset(it->arena);
    it->rec = NULL;
    it->input_hash = 0;
    vn_buf_reset(&it->json);
    vn_record_json(r, &it->json);
    size_t off;
    const char *msg;
    const vn_json *v = vn_json_parse(it->arena, it->json.ptr, it->json.len, &off, &msg);
    if (!v || v->type != VN_JSON_OBJECT) {
        vn_error_set(err, VN_ERR_INTERNAL, "", 0, -1, "record JSON unreadable: %s",
                     v ? "not an object" : msg);
        return VN_ERR_INTERNAL;
    }
    it->rec = v;
    it->compact = 1; /* it->json is what vn_record_json wrote: compact */
    return prepare(it, date_hint, err);
}

vn_result vn_arc_item_from_value(vn_archive_item *it, const vn_json *v, vn_error *err)
{
    it->rec = v;
    it->input_hash = 0;
    it->compact = 0;
    vn_buf_reset(&it->json);
    vn_json_write(v, &it->json);
    return prepare(it, NULL, err);
}
