/* keydfa.c — building the key automaton of keydfa.h. */
#include "keydfa.h"

#include "../core/uni.h"

#include <string.h>

static uint32_t entry(unsigned char byte, int move, int next)
{
    return (uint32_t)(move ? byte : 0) | (uint32_t)move << 8 | (uint32_t)next << 24;
}
/* (next << 24 is next * 256 << 16: the row) */

static const uint32_t STOP_ENTRY = (uint32_t)KD_STOP << 24;

/* The entry for the last byte of a character, after a space (word = 0) or a
 * word (word = 1); its first bytes were written when `written`. */
static uint32_t last_entry(kd_act a, int written, int word)
{
    /* a key byte 0 would be taken for "nothing" (vn_kd_run): the careful way */
    if ((a.kind == KA_BYTE || a.kind == KA_LAST) && !a.byte)
        return STOP_ENTRY;
    if (written)
        return a.kind == KA_LAST ? entry(a.byte, 1, KD_BETWEEN_WORD) : STOP_ENTRY;
    switch (a.kind) {
    case KA_BYTE:
        return entry(a.byte, 1, KD_BETWEEN_WORD);
    case KA_SPACE:
        return entry(' ', word, KD_BETWEEN_SPACE);
    case KA_DROP:
        return entry(0, 0, word ? KD_BETWEEN_WORD : KD_BETWEEN_SPACE);
    default:
        return STOP_ENTRY;
    }
}

/* A state with the 64 continuation entries r (the other bytes stop): an
 * existing one with the same, or a new one; -1 when the table is full. */
static int cont_state(kd_table *t, const uint32_t r[64])
{
    for (int s = KD_STOP + 1; s < t->n; s++)
        if (memcmp(t->t + s * 256 + 0x80, r, 64 * sizeof *r) == 0)
            return s;
    if (t->n == KD_MAX_STATES)
        return -1;
    uint32_t *row = t->t + t->n * 256;
    for (int b = 0; b < 256; b++)
        row[b] = STOP_ENTRY;
    memcpy(row + 0x80, r, 64 * sizeof *r);
    return t->n++;
}

/* Are the first bytes of a character written (it stays, its last byte maybe
 * changed), or not (it becomes one byte, a space, or nothing)? Not when any of
 * the 64 characters after them becomes one byte (ơ ư among the rare letters of
 * U+0180..U+01BF: the folded letters go fast, the rest the careful way). */
static int written_kind(const kd_act a[64])
{
    int last = 0;
    for (int c = 0; c < 64; c++) {
        if (a[c].kind == KA_BYTE)
            return 0;
        last |= a[c].kind == KA_LAST;
    }
    return last;
}

void vn_kd_build(kd_table *t, kd_act (*act)(int32_t cp))
{
    /* the tabled three-byte characters: lead, middle byte */
    static const unsigned char mids[][2] = {{0xE1, 0xB8}, {0xE1, 0xB9}, {0xE1, 0xBA}, {0xE1, 0xBB}, {0xE2, 0x80}};
    enum { NMID = sizeof mids / sizeof *mids };
    kd_act a2[8][64], a3[NMID][64];
    for (int l = 0; l < 8; l++)
        for (int c = 0; c < 64; c++)
            a2[l][c] = act((0xC2 + l - 0xC0) << 6 | c);
    for (int m = 0; m < NMID; m++)
        for (int c = 0; c < 64; c++)
            a3[m][c] = act((mids[m][0] & 0x0F) << 12 | (mids[m][1] & 0x3F) << 6 | c);
    for (int b = 0; b < 256; b++)
        t->t[KD_STOP * 256 + b] = STOP_ENTRY;
    t->n = KD_STOP + 1;
    uint32_t r[64];
    for (int word = 0; word < 2; word++) {
        uint32_t *top = t->t + word * 256;
        for (int b = 0; b < 256; b++)
            top[b] = STOP_ENTRY;
        for (int b = 0; b < 0x80; b++)
            top[b] = last_entry(act(b), 0, word);
        for (int l = 0; l < 8; l++) {
            int w = written_kind(a2[l]);
            for (int c = 0; c < 64; c++)
                r[c] = last_entry(a2[l][c], w, word);
            int s = cont_state(t, r);
            if (s < 0)
                goto full;
            top[0xC2 + l] = entry((unsigned char)(0xC2 + l), w, s);
        }
        for (int lead = 0xE1; lead <= 0xE2; lead++) {
            int w = -1;
            for (int c = 0; c < 64; c++)
                r[c] = STOP_ENTRY;
            for (int m = 0; m < NMID; m++) {
                if (mids[m][0] != lead)
                    continue;
                if (w < 0)
                    w = written_kind(a3[m]); /* the first middle byte's way, for all */
                uint32_t last[64];
                for (int c = 0; c < 64; c++)
                    last[c] = last_entry(a3[m][c], w, word);
                int s = cont_state(t, last);
                if (s < 0)
                    goto full;
                r[mids[m][1] & 0x3F] = entry(mids[m][1], w, s);
            }
            int s = cont_state(t, r);
            if (s < 0)
                goto full;
            top[lead] = entry((unsigned char)lead, w, s);
        }
    }
    return;
full: /* every line goes the careful way */
    for (int b = 0; b < 256; b++)
        t->t[KD_BETWEEN_SPACE * 256 + b] = t->t[KD_BETWEEN_WORD * 256 + b] = STOP_ENTRY;
}

kd_act vn_kd_last_byte(int32_t cp, int32_t low)
{
    char a[4], b[4];
    int n = vn_utf8_put(cp, a), m = vn_utf8_put(low, b);
    if (n != m || n < 2 || memcmp(a, b, (size_t)n - 1) != 0)
        return (kd_act){KA_STOP, 0};
    return (kd_act){KA_LAST, (unsigned char)b[n - 1]};
}

/* ---- packing the key (vn_kd_run) */

int vn_kd_no_vbmi2, vn_kd_no_ssse3;

static size_t pack_plain(char *buf, size_t o, size_t i, size_t n)
{
    for (; i < n; i++) {
        char c = buf[i];
        buf[o] = c;
        o += c != 0;
    }
    return o;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#include <pthread.h>

/* Without VBMI2: eight bytes at a time by a shuffle, PACK8[m] the order that
 * puts the bytes of mask m (bit j: byte j is not 0) first, PACKN[m] their count. */
static uint8_t PACK8[256][8], PACKN[256];
static pthread_once_t pack_once = PTHREAD_ONCE_INIT;
static int have_ssse3_v;

static void pack_init(void)
{
    for (int m = 0; m < 256; m++) {
        int k = 0;
        for (int j = 0; j < 8; j++)
            if (m >> j & 1)
                PACK8[m][k++] = (uint8_t)j;
        PACKN[m] = (uint8_t)k;
        for (; k < 8; k++)
            PACK8[m][k] = 0x80;
    }
    have_ssse3_v = __builtin_cpu_supports("ssse3") ? 1 : 0;
}

/* Sixteen bytes a step, each half packed and stored where the output stands
 * (never past the bytes read); the rest a byte at a time. */
__attribute__((target("ssse3"))) static size_t pack_ssse3(char *buf, size_t n)
{
    size_t o = 0, i = 0;
    const __m128i zero = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(buf + i));
        unsigned m = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, zero)) & 0xFFFFu;
        unsigned lo = m & 0xFF, hi = m >> 8;
        __m128i a = _mm_shuffle_epi8(v, _mm_loadl_epi64((const __m128i *)PACK8[lo]));
        __m128i b = _mm_shuffle_epi8(_mm_srli_si128(v, 8), _mm_loadl_epi64((const __m128i *)PACK8[hi]));
        _mm_storel_epi64((__m128i *)(buf + o), a);
        o += PACKN[lo];
        _mm_storel_epi64((__m128i *)(buf + o), b);
        o += PACKN[hi];
    }
    return pack_plain(buf, o, i, n);
}

static int have_vbmi2(void)
{
    static int known = -1; /* the same answer for every thread */
    if (known < 0)
        known = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                        __builtin_cpu_supports("avx512vbmi2")
                    ? 1
                    : 0;
    return known;
}

/* Sixty-four bytes a step: the bytes that are not 0 compressed to the front
 * of a register, stored where the output stands (never past the bytes read). */
__attribute__((target("avx512f,avx512bw,avx512vbmi2,popcnt"))) static size_t pack_vbmi2(char *buf, size_t n)
{
    size_t o = 0, i = 0;
    for (; i + 64 <= n; i += 64) {
        __m512i v = _mm512_loadu_si512((const void *)(buf + i));
        __mmask64 m = _mm512_test_epi8_mask(v, v);
        _mm512_storeu_si512((void *)(buf + o), _mm512_maskz_compress_epi8(m, v));
        o += (size_t)__builtin_popcountll(m);
    }
    if (i < n) {
        __mmask64 in = ~0ull >> (64 - (n - i));
        __m512i v = _mm512_maskz_loadu_epi8(in, buf + i);
        __mmask64 m = _mm512_test_epi8_mask(v, v);
        size_t k = (size_t)__builtin_popcountll(m);
        _mm512_mask_storeu_epi8(buf + o, k == 64 ? ~0ull : (1ull << k) - 1, _mm512_maskz_compress_epi8(m, v));
        o += k;
    }
    return o;
}
#endif

size_t vn_kd_pack(char *buf, size_t n)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (!vn_kd_no_vbmi2 && have_vbmi2())
        return pack_vbmi2(buf, n);
    pthread_once(&pack_once, pack_init);
    if (have_ssse3_v && !vn_kd_no_ssse3)
        return pack_ssse3(buf, n);
#endif
    return pack_plain(buf, 0, 0, n);
}
