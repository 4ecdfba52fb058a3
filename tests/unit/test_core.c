/* test_core.c — the buffer, arena, JSON reader/writer, trie and Unicode helpers. */
#include "../../src/core/json.h"
#include "../../src/core/record.h"
#include "../../src/core/trie.h"
#include "../../src/core/uni.h"
#include "unit.h"

VN_TEST(buf_never_null_and_capped)
{
    vn_buf b = VN_BUF_INIT;
    CHECK(b.ptr != NULL && b.ptr[0] == '\0' && b.len == 0);
    vn_buf_adds(&b, "abc");
    vn_buf_addf(&b, "-%d-", 42);
    CHECK_STR(b.ptr, "abc-42-");
    vn_buf_release(&b);
    CHECK(b.ptr != NULL && b.len == 0);

    vn_buf c;
    vn_buf_init(&c, 8);
    CHECK(vn_buf_adds(&c, "12345678") == VN_OK);
    CHECK(vn_buf_adds(&c, "9") == VN_ERR_TOO_LARGE);
    CHECK(vn_buf_adds(&c, "") == VN_ERR_TOO_LARGE); /* sticky */
    CHECK(c.len == 8);
    vn_buf_reset(&c);
    CHECK(c.err == VN_OK && vn_buf_adds(&c, "x") == VN_OK);
    vn_buf_release(&c);
}

VN_TEST(json_string_escapes)
{
    vn_buf b = VN_BUF_INIT;
    vn_buf_add_json_str(&b, "a\"b\\c\n\x01\xff é", 11);
    CHECK_STR(b.ptr, "\"a\\\"b\\\\c\\n\\u0001\xEF\xBF\xBD é\"");
    vn_buf_reset(&b);
    vn_buf_add_json_utf8(&b, "Tỉnh ủy \"Lào Cai\"\t", strlen("Tỉnh ủy \"Lào Cai\"\t"));
    CHECK_STR(b.ptr, "\"Tỉnh ủy \\\"Lào Cai\\\"\\t\"");
    vn_buf_release(&b);
}

VN_TEST(arena_grows_and_resets)
{
    vn_arena *a = vn_arena_new();
    char *big = vn_arena_alloc(a, 1 << 20);
    CHECK(big != NULL && big[12345] == 0);
    for (int i = 0; i < 10000; i++)
        CHECK(((uintptr_t)vn_arena_alloc(a, (size_t)i % 37 + 1) & 15) == 0);
    CHECK_STR(vn_arena_printf(a, "%s-%d", "x", 7), "x-7");
    vn_arena_reset(a);
    CHECK(vn_arena_used(a) == 0);
    vn_arena_free(a);
}

VN_TEST(json_parse_and_roundtrip)
{
    vn_arena *a = vn_arena_new();
    const char *src = " {\"id\": 12, \"text\": \"Nghị quyết \\u0033\\u0035\\n\", \"x\": [true, null, -1.5e2, {}]} ";
    size_t off;
    const char *msg;
    vn_json *v = vn_json_parse(a, src, strlen(src), &off, &msg);
    CHECK(v && v->type == VN_JSON_OBJECT && v->n == 3);
    CHECK_STR(vn_json_get_str(v, "text"), "Nghị quyết 35\n");
    CHECK(vn_json_get(v, "id")->num == 12);
    vn_buf b = VN_BUF_INIT;
    vn_json_write(v, &b);
    CHECK_STR(b.ptr, "{\"id\":12,\"text\":\"Nghị quyết 35\\n\",\"x\":[true,null,-1.5e2,{}]}");
    vn_buf_release(&b);
    const char *bad[] = {"{\"a\":}", "[1,]", "{\"a\" 1}", "\"abc", "01", "tru", "[1] x", "{\"a\":\"\x01\"}", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(vn_json_parse(a, bad[i], strlen(bad[i]), &off, &msg) == NULL);
    CHECK(vn_json_parse(a, "{\"a\":}", 6, &off, &msg) == NULL && off == 5);
    /* surrogate pairs, and lone surrogates become U+FFFD */
    v = vn_json_parse(a, "\"\\ud83d\\ude00\\udc00\"", 20, &off, &msg);
    CHECK(v && strcmp(v->str, "\xF0\x9F\x98\x80\xEF\xBF\xBD") == 0);
    vn_arena_free(a);
}

VN_TEST(json_depth_limit)
{
    vn_arena *a = vn_arena_new();
    char deep[1001];
    memset(deep, '[', 1000);
    deep[1000] = 0;
    size_t off;
    const char *msg;
    CHECK(vn_json_parse(a, deep, 1000, &off, &msg) == NULL);
    vn_arena_free(a);
}

VN_TEST(trie_longest_at_word_boundary)
{
    vn_trie *t = vn_trie_new();
    vn_trie_put(t, "ban", 3, 1);
    vn_trie_put(t, "ban tuyên giáo", strlen("ban tuyên giáo"), 2);
    vn_trie_put(t, "ban tuyên giáo tỉnh ủy", strlen("ban tuyên giáo tỉnh ủy"), 3);
    size_t m = 0;
    const char *s = "ban tuyên giáo tỉnh ủy bắc kạn";
    CHECK(vn_trie_longest(t, s, strlen(s), &m) == 3 && m == strlen("ban tuyên giáo tỉnh ủy"));
    s = "ban tuyên giáo, tỉnh";
    CHECK(vn_trie_longest(t, s, strlen(s), &m) == 2);
    s = "banner";
    CHECK(vn_trie_longest(t, s, strlen(s), &m) == -1);
    CHECK(vn_trie_longest_prefix(t, s, strlen(s), &m) == 1 && m == 3);
    CHECK(vn_trie_get(t, "ban", 3) == 1 && vn_trie_get(t, "ba", 2) == -1);
    CHECK(vn_trie_size(t) == 3);
    vn_trie_free(t);
}

VN_TEST(unicode_helpers)
{
    char out[64];
    vn_fold_str("Tuyên Giáo ĐẢNG Ủy", strlen("Tuyên Giáo ĐẢNG Ủy"), out, sizeof out);
    CHECK_STR(out, "tuyen giao dang uy");
    vn_lower("ỦY BAN Nhân Dân", strlen("ỦY BAN Nhân Dân"), out, sizeof out);
    CHECK_STR(out, "ủy ban nhân dân");
    CHECK(vn_word_is_capitalized("Đỗ", strlen("Đỗ")));
    CHECK(!vn_word_is_capitalized("đỗ", strlen("đỗ")));
    CHECK(vn_utf8_count("Lào Cai", strlen("Lào Cai")) == 7);
    CHECK(vn_cp_offset("Lào Cai", strlen("Lào")) == 3);
    int len;
    CHECK(vn_utf8_next("\xff", 1, &len) == 0xFFFD && len == 1);
}
