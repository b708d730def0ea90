// langdetect.cc - the C face of CLD2 (a C++ library): locus_language_detect of language.h.
// Like the Xapian wrapper, nothing C++ crosses the boundary: no exception, no CLD2 type.
#include "text/language.h"

#include <cstdio>  // compact_lang_det.h uses FILE without including it

#include <cld2/public/compact_lang_det.h>

#include <cstring>
#include <string>

namespace {

// Appends the valid UTF-8 of [s, s + n) to out, each invalid byte as a space (CLD2 wants valid
// UTF-8). Stops before a sequence that the limit would cut.
void valid_utf8(const unsigned char *s, size_t n, std::string &out) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || (len > 1 && c < 0xC2) || (len == 4 && c > 0xF4)) {
            out.push_back(' ');
            i++;
            continue;
        }
        if (i + len > n) break;
        bool ok = true;
        for (size_t k = 1; k < len; k++) ok = ok && (s[i + k] & 0xC0) == 0x80;
        if (ok && len == 3) {  // no overlong forms nor surrogates
            unsigned cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
            ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
        }
        if (ok && len == 4) {
            unsigned cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12);
            ok = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (!ok) {
            out.push_back(' ');
            i++;
            continue;
        }
        out.append(reinterpret_cast<const char *>(s + i), len);
        i += len;
    }
}

}  // namespace

extern "C" bool locus_language_detect(const char *text, size_t len, char out[LOCUS_LANG_MAX]) {
    try {
        const size_t limit = 64 * 1024;
        std::string clean;
        clean.reserve(len < limit ? len : limit);
        valid_utf8(reinterpret_cast<const unsigned char *>(text), len < limit ? len : limit, clean);
        bool reliable = false;
        CLD2::Language lang = CLD2::DetectLanguage(clean.data(), static_cast<int>(clean.size()),
                                                   true, &reliable);
        if (!reliable || lang == CLD2::UNKNOWN_LANGUAGE) return false;
        const char *code = CLD2::LanguageCode(lang);
        if (!code || !*code || std::strlen(code) >= LOCUS_LANG_MAX) return false;
        // CLD2 names some languages by longer tags ("zh-Hant"); keep the primary subtag.
        return locus_language_code(code, out);
    } catch (...) {
        return false;
    }
}
