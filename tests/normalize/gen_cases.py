#!/usr/bin/env python3
"""Writes the raw-byte inputs of tests/normalize (NAME.in, NAME.out, NAME.args).

The legacy-encoding inputs are made by encoding a Vietnamese sentence written
for these tests with tables kept here, independent of the C tables in
src/text/legacy.c, so the two check each other. Run: python3 gen_cases.py
"""
import os
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SENT = ("Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm\n"
        "Đồng chí Bí thư Tỉnh ủy phát biểu chỉ đạo tại hội nghị\n"
        "Người dân được hướng dẫn thủ tục về đất đai và quyết định bồi thường")
# the same sentence in the other tone placement, as the expected output
OLD = SENT

VOWELS = ["aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị", "oòóỏõọ", "ôồốổỗộ",
          "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ"]


def split(ch):
    """(base letter with shape, tone index) of a lowercase Vietnamese vowel."""
    for row in VOWELS:
        if ch in row:
            return row[0], row.index(ch)
    return None, 0


# TCVN3 (ABC): lowercase letters only (capitals with a tone are written with
# the lowercase code in a capital font); Ă Â Ê Ô Ơ Ư Đ have codes of their own.
TCVN3 = {}
_rows = {
    "a": [0x61, 0xB5, 0xB8, 0xB6, 0xB7, 0xB9], "ă": [0xA8, 0xBB, 0xBE, 0xBC, 0xBD, 0xC6],
    "â": [0xA9, 0xC7, 0xCA, 0xC8, 0xC9, 0xCB], "e": [0x65, 0xCC, 0xD0, 0xCE, 0xCF, 0xD1],
    "ê": [0xAA, 0xD2, 0xD5, 0xD3, 0xD4, 0xD6], "i": [0x69, 0xD7, 0xDD, 0xD8, 0xDC, 0xDE],
    "o": [0x6F, 0xDF, 0xE3, 0xE1, 0xE2, 0xE4], "ô": [0xAB, 0xE5, 0xE8, 0xE6, 0xE7, 0xE9],
    "ơ": [0xAC, 0xEA, 0xED, 0xEB, 0xEC, 0xEE], "u": [0x75, 0xEF, 0xF3, 0xF1, 0xF2, 0xF4],
    "ư": [0xAD, 0xF5, 0xF8, 0xF6, 0xF7, 0xF9], "y": [0x79, 0xFA, 0xFD, 0xFB, 0xFC, 0xFE],
}
for base, codes in _rows.items():
    row = next(r for r in VOWELS if r[0] == base)
    for t, code in enumerate(codes):
        TCVN3[row[t]] = bytes([code])
TCVN3.update({"đ": b"\xae", "Đ": b"\xa7", "Ă": b"\xa1", "Â": b"\xa2", "Ê": b"\xa3", "Ô": b"\xa4",
              "Ơ": b"\xa5", "Ư": b"\xa6"})


def tcvn3(text):
    out = b""
    for ch in text:
        if ch in TCVN3:
            out += TCVN3[ch]
        elif ch.lower() in TCVN3 and ord(ch) > 0x7F:
            out += TCVN3[ch.lower()]  # a capital with a tone: lowercase code
        else:
            out += ch.encode("ascii")
    return out


# VNI Windows: base letter, then mark bytes (lowercase marks after lowercase)
VNI_TONE = {1: 0xF8, 2: 0xF9, 3: 0xFB, 4: 0xF5, 5: 0xEF}
VNI_CIRC = {0: 0xE2, 1: 0xE0, 2: 0xE1, 3: 0xE5, 4: 0xE3, 5: 0xE4}
VNI_BREVE = {0: 0xEA, 1: 0xE8, 2: 0xE9, 3: 0xFA, 4: 0xFC, 5: 0xEB}
VNI_I = {1: 0xEC, 2: 0xED, 3: 0xE6, 4: 0xF3, 5: 0xF2}


def vni_char(ch):
    up = ch != ch.lower()
    lo = ch.lower()
    sh = (lambda b: b - 0x20) if up else (lambda b: b)
    if lo == "đ":
        return bytes([sh(0xF1)])
    base, tone = split(lo)
    if base is None:
        return ch.encode("ascii")
    if base == "i" and tone:
        return bytes([sh(VNI_I[tone])])
    letter = {"ă": "a", "â": "a", "ê": "e", "ô": "o"}.get(base, base)
    if base in ("ơ", "ư"):
        out = bytes([sh(0xF4 if base == "ơ" else 0xF6)])
    else:
        out = (letter.upper() if up else letter).encode()
    if base in ("â", "ê", "ô"):
        return out + bytes([sh(VNI_CIRC[tone])])
    if base == "ă":
        return out + bytes([sh(VNI_BREVE[tone])])
    return out + (bytes([sh(VNI_TONE[tone])]) if tone else b"")


def vni(text):
    return b"".join(vni_char(c) for c in text)


# VIQR: mnemonics after the vowel
VIQR_TONE = {1: "`", 2: "'", 3: "?", 4: "~", 5: "."}
VIQR_SHAPE = {"ă": "a(", "â": "a^", "ê": "e^", "ô": "o^", "ơ": "o+", "ư": "u+"}


def viqr(text):
    out = ""
    for ch in text:
        up = ch != ch.lower()
        lo = ch.lower()
        if lo == "đ":
            out += "DD" if up else "dd"
            continue
        base, tone = split(lo)
        if base is None:
            out += ch
            continue
        s = VIQR_SHAPE.get(base, base)
        s = s[0].upper() + s[1:] if up else s
        out += s + (VIQR_TONE[tone] if tone else "")
    return out.encode("ascii")


def cp1258(text):
    """Windows-1258 as Windows writes it: base letters and combining tones."""
    out = b""
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        tones = "\u0300\u0301\u0303\u0309\u0323"
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        tone = "".join(c for c in d if c in tones)
        out += base.encode("cp1258") + tone.encode("cp1258")
    return out


def write(name, data, expect, args=None):
    with open(os.path.join(HERE, name + ".in"), "wb") as f:
        f.write(data)
    with open(os.path.join(HERE, name + ".out"), "wb") as f:
        f.write(expect.encode("utf-8"))
    argf = os.path.join(HERE, name + ".args")
    if args:
        with open(argf, "w") as f:
            f.write(args + "\n")
    elif os.path.exists(argf):
        os.remove(argf)


def main():
    nfc = lambda s: unicodedata.normalize("NFC", s)
    # TCVN3 has no codes for capitals with a tone (a capital font drew them)
    low_toned = "".join(c.lower() if c != c.lower() and split(c.lower())[1] else c for c in SENT)
    write("legacy_tcvn3", tcvn3(SENT) + b"\n", low_toned + "\n")
    write("legacy_vni", vni(SENT) + b"\n", SENT + "\n")
    write("legacy_viqr", viqr(SENT) + b"\n", SENT + "\n")
    write("legacy_cp1258", cp1258(SENT) + b"\n", SENT + "\n")
    # legacy text that a crawler read as Windows-1252 and wrote as UTF-8
    write("legacy_tcvn3_as_latin1", tcvn3(SENT).decode("cp1252").encode("utf-8") + b"\n", low_toned + "\n")
    write("legacy_vni_as_latin1", vni(SENT).decode("cp1252").encode("utf-8") + b"\n", SENT + "\n")

    write("invalid_utf8", "Hội nghị ".encode() + b"\xff\xfe" + " tổng kết\n".encode() + b"a\xc3(b\n",
          "Hội nghị \ufffd\ufffd tổng kết\na\ufffd(b\n")
    write("nul_bytes", "Thông\x00 báo\x00\x00 số 12\n".encode(), "Thông báo số 12\n")
    write("truncated_utf8", "Kết luận của Ban Thường vụ Tỉnh ".encode() + "ủ".encode()[:2],
          "Kết luận của Ban Thường vụ Tỉnh \ufffd")
    write("crlf_cr", "Dòng một\r\nDòng hai\rDòng ba\r\n\r\nDòng năm\r".encode(),
          "Dòng một\nDòng hai\nDòng ba\n\nDòng năm\n")
    write("bom", "\ufeffTin tức hôm nay\nBình\ufeffthường\n".encode(), "Tin tức hôm nay\nBìnhthường\n")
    write("nfd", unicodedata.normalize("NFD", SENT).encode() + b"\n", SENT + "\n")
    write("eth", "ÐẢNG CỘNG SẢN VIỆT NAM\nÐảng bộ tỉnh, ðồng chí; Guðrún\n".encode(),
          "ĐẢNG CỘNG SẢN VIỆT NAM\nĐảng bộ tỉnh, đồng chí; Guðrún\n")
    write("spaces", ("  Hội\u00a0nghị\u202f\u202f lần  \t thứ\u200b nhất\u00ad \n"
                     "\u2003 \n  a\u2028b\u200d c\x01d\x7f \u0085e\n").encode(),
          "Hội nghị lần thứ nhất\n\na b cd e\n")
    write("blank_lines", b"\n\n  \nmot\n \t\n\nhai\n\n", "\n\n\nmot\n\n\nhai\n\n")
    tones = "hòa thủy khỏe Ủy ỦY BAN hóa xòe Thủy\nhoàng toán thuyết khuya ngoài quý quỳ hoạt\n"
    new = "hoà thuỷ khoẻ Uỷ UỶ BAN hoá xoè Thuỷ\nhoàng toán thuyết khuya ngoài quý quỳ hoạt\n"
    write("tone_old", new.encode(), tones)
    write("tone_old_default", tones.encode(), tones)
    write("tone_new", tones.encode(), new, "--tone=new")
    write("tone_keep", (tones + new).encode(), tones + new, "--tone=keep")
    write("tone_upper", "ỦY BAN NHÂN DÂN, HÒA BÌNH, KHỎE\n".encode(), "UỶ BAN NHÂN DÂN, HOÀ BÌNH, KHOẺ\n",
          "--tone=new")
    write("tone_foreign", "Zoé và Chloé, Noël, café\n".encode(), "Zoé và Chloé, Noël, café\n")
    eng = ("The committee met on Monday. It's a good day, isn't it? Yes... (maybe) :-) ;-)\n"
           "Prices rose 5.2% - see e.g. the report; i.e. what we expected~ ^_^ a+b C++\n")
    write("neg_english", eng.encode(), eng)
    urls = ("http://example.com/a?b=c&d=e.html https://www.test.vn/tin-tuc/do-an.html?id=12&p=3\n"
            "mailto:ab@cd.vn ftp://x.y/z~w/ 'quoted' `code` a^b a(b) o+u dd/mm/yyyy\n")
    write("neg_urls", urls.encode(), urls)
    write("neg_unicode_vn", (SENT + "\n").encode(), SENT + "\n")
    latin = "Tôi là giáo viên ở Hà Nội. Café crème, naïve, Müller\n"
    write("neg_latin1_words", latin.encode(), latin)


if __name__ == "__main__":
    main()
