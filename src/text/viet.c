/* viet.c — Vietnamese vowel letters (shape x tone x case) and the syllable
 * check: initial consonant + rhyme + a tone the rhyme allows. */
#include "viet.h"
#include "../core/uni.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Each row: one shape with the tones none, grave, acute, hook, tilde, dot. */
static const char *const VOWEL_ROWS[VS_COUNT - 1][2] = {
    {"aàáảãạ", "AÀÁẢÃẠ"}, {"ăằắẳẵặ", "ĂẰẮẲẴẶ"}, {"âầấẩẫậ", "ÂẦẤẨẪẬ"}, {"eèéẻẽẹ", "EÈÉẺẼẸ"},
    {"êềếểễệ", "ÊỀẾỂỄỆ"}, {"iìíỉĩị", "IÌÍỈĨỊ"}, {"oòóỏõọ", "OÒÓỎÕỌ"}, {"ôồốổỗộ", "ÔỒỐỔỖỘ"},
    {"ơờớởỡợ", "ƠỜỚỞỠỢ"}, {"uùúủũụ", "UÙÚỦŨỤ"}, {"ưừứửữự", "ƯỪỨỬỮỰ"}, {"yỳýỷỹỵ", "YỲÝỶỸỴ"},
};

/* Rhymes without tone (medial + nucleus + final), as spelled after an
 * initial consonant. "gi" and "qu" initials are handled in the check. */
static const char RHYMES[] =
    "a ac ach ai am an ang anh ao ap at au ay "
    "ăc ăm ăn ăng ăp ăt "
    "âc âm ân âng âp ât âu ây "
    "e ec em en eng eo ep et "
    "ê êch êm ên ênh êp êt êu "
    "i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu "
    "o oc oi om on ong op ot ooc oong "
    "ô ôc ôi ôm ôn ông ôp ôt "
    "ơ ơi ơm ơn ơp ơt "
    "u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt "
    "ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu "
    "y yêm yên yêt yêu "
    "oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt "
    "oe oem oen oeo oet "
    "uân uâng uât uây uê uêch uênh uơ "
    "uy uya uych uyên uyêt uynh uyp uyt uyu";

static const char *const INITIALS[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th",
                                       "tr", "b", "c", "d", "9", "g", "h", "k", "l", "m",
                                       "n", "p", "r", "s", "t", "v", "x", ""};

#define MAX_RHYMES 200
static char rhyme_tab[MAX_RHYMES][6];
static int n_rhymes;

/* reverse tables: code point -> shape<<4 | tone<<1 | upper, 0 = not a vowel */
static uint8_t rev_latin[0x1B1];            /* U+0000..U+01B0 */
static uint8_t rev_ext[0x1EFA - 0x1EA0];    /* U+1EA0..U+1EF9 */
static int32_t fwd[VS_COUNT][VT_COUNT][2];

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* One letter of a syllable as a byte: ASCII for plain letters, digits for the
 * shaped ones (ă 1, â 2, ê 3, ô 4, ơ 5, ư 6, đ 9); 0 = not Vietnamese. */
static const char SHAPE_CODE[VS_COUNT] = {0, 'a', '1', '2', 'e', '3', 'i', 'o', '4', '5', 'u', '6', 'y'};

static int rhyme_cmp(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void build(void)
{
    for (int s = 1; s < VS_COUNT; s++)
        for (int up = 0; up < 2; up++) {
            const char *p = VOWEL_ROWS[s - 1][up];
            for (int t = 0; t < VT_COUNT; t++) {
                int len;
                int32_t cp = vn_utf8_next(p, strlen(p), &len);
                p += len;
                fwd[s][t][up] = cp;
                uint8_t v = (uint8_t)(s << 4 | t << 1 | up);
                if (cp < 0x1B1)
                    rev_latin[cp] = v;
                else if (cp >= 0x1EA0 && cp < 0x1EFA)
                    rev_ext[cp - 0x1EA0] = v;
            }
        }
    /* rhymes into the one-byte-per-letter code */
    const char *p = RHYMES;
    while (*p && n_rhymes < MAX_RHYMES) {
        char code[6];
        int k = 0;
        while (*p && *p != ' ') {
            int len, tone, up;
            int32_t cp = vn_utf8_next(p, strlen(p), &len);
            p += len;
            int s = vn_vowel_split(cp, &tone, &up);
            if (k < 5)
                code[k++] = s ? SHAPE_CODE[s] : (char)cp;
        }
        code[k] = '\0';
        memcpy(rhyme_tab[n_rhymes++], code, 6);
        while (*p == ' ')
            p++;
    }
    qsort(rhyme_tab, (size_t)n_rhymes, sizeof rhyme_tab[0], rhyme_cmp);
}

void vn_viet_init(void)
{
    pthread_once(&once, build);
}

int vn_vowel_split(int32_t cp, int *tone, int *upper)
{
    uint8_t v = 0;
    if (cp >= 0 && cp < 0x1B1)
        v = rev_latin[cp];
    else if (cp >= 0x1EA0 && cp < 0x1EFA)
        v = rev_ext[cp - 0x1EA0];
    *tone = (v >> 1) & 7;
    *upper = v & 1;
    return v >> 4;
}

int32_t vn_vowel_make(int shape, int tone, int upper)
{
    return fwd[shape][tone][upper ? 1 : 0];
}

int vn_text_is_letter(int32_t cp)
{
    if (cp < 0x80)
        return ((cp | 32) >= 'a' && (cp | 32) <= 'z');
    if (cp < 0x250)
        return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7;
    if (cp >= 0x1E00 && cp < 0x1F00)
        return 1;
    return vn_is_letter(cp);
}

static int is_rhyme(const char *r)
{
    return bsearch(r, rhyme_tab, (size_t)n_rhymes, sizeof rhyme_tab[0], rhyme_cmp) != NULL;
}

/* The spelling rules of initials before the rhyme's first letter. */
static int spelling_ok(const char *ini, char first)
{
    int front = first == 'e' || first == '3' || first == 'i' || first == 'y';
    if (!strcmp(ini, "k"))
        return front;
    if (!strcmp(ini, "c"))
        return !front;
    if (!strcmp(ini, "gh") || !strcmp(ini, "ngh"))
        return first == 'e' || first == '3' || first == 'i';
    if (!strcmp(ini, "g") || !strcmp(ini, "ng"))
        return first != 'e' && first != '3' && first != 'i';
    if (!strcmp(ini, "qu"))
        return first != 'u' && first != 'o';
    return 1;
}

static int rhyme_with_tone(const char *r, int tone)
{
    if (!is_rhyme(r))
        return 0;
    size_t n = strlen(r);
    char last = r[n - 1];
    int stop = last == 'c' || last == 'p' || last == 't' || (n >= 2 && r[n - 2] == 'c' && last == 'h');
    return !stop || tone == VT_ACUTE || tone == VT_DOT;
}

int vn_syllable_valid(const int32_t *cps, int n, int *marked)
{
    vn_viet_init();
    if (marked)
        *marked = 0;
    if (n <= 0 || n > 7)
        return 0;
    char code[8];
    int tone = VT_NONE, mark = 0;
    for (int i = 0; i < n; i++) {
        int32_t c = cps[i];
        int t, up;
        int s = vn_vowel_split(c, &t, &up);
        if (s) {
            if (t) {
                if (tone)
                    return 0; /* two tone marks */
                tone = t;
                mark = 1;
            }
            if (SHAPE_CODE[s] >= '0' && SHAPE_CODE[s] <= '9')
                mark = 1;
            code[i] = SHAPE_CODE[s];
        } else if (c == 0x111 || c == 0x110) {
            code[i] = '9';
            mark = 1;
        } else if (c < 0x80 && ((c | 32) >= 'a' && (c | 32) <= 'z')) {
            char l = (char)(c | 32);
            if (l == 'f' || l == 'j' || l == 'w' || l == 'z')
                return 0;
            code[i] = l;
        } else {
            return 0;
        }
    }
    code[n] = '\0';
    if (marked)
        *marked = mark;
    for (size_t k = 0; k < sizeof INITIALS / sizeof INITIALS[0]; k++) {
        const char *ini = INITIALS[k];
        size_t il = strlen(ini);
        if (strncmp(code, ini, il) != 0)
            continue;
        const char *rest = code + il;
        if (!strcmp(ini, "gi")) {
            /* gi + rhyme, or g + i-rhyme with the i shared: gì, gìn, giếng */
            char with_i[9];
            with_i[0] = 'i';
            strcpy(with_i + 1, rest);
            if ((*rest && rhyme_with_tone(rest, tone)) || rhyme_with_tone(with_i, tone))
                return 1;
            continue;
        }
        if (!*rest)
            continue;
        if (spelling_ok(ini, rest[0]) && rhyme_with_tone(rest, tone))
            return 1;
    }
    return 0;
}
