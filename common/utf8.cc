#include "common/utf8.h"

#include <cstddef>

namespace opinus {
namespace {

constexpr absl::string_view kReplacement = "\xEF\xBF\xBD";

struct Sequence {
  size_t length;
  bool valid;
};

// Scan returns the sequence at the start of non-empty `text`: a well-formed
// one, or the ill-formed subpart to replace (the lead byte and the
// continuation bytes still acceptable after it). As the WHATWG decoder does,
// the second byte's range depends on the first, which rules out overlong
// forms, surrogates and values above U+10FFFF.
Sequence Scan(absl::string_view text) {
  const unsigned char lead = static_cast<unsigned char>(text[0]);
  if (lead < 0x80) return {1, true};
  size_t needed = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    needed = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    needed = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {1, false};
  }
  for (size_t i = 1; i < needed; ++i) {
    if (i >= text.size()) return {i, false};
    const unsigned char next = static_cast<unsigned char>(text[i]);
    if (next < low || next > high) return {i, false};
    low = 0x80;
    high = 0xBF;
  }
  return {needed, true};
}

}  // namespace

bool IsValidUtf8(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const Sequence sequence = Scan(text.substr(i));
    if (!sequence.valid) return false;
    i += sequence.length;
  }
  return true;
}

std::string ValidUtf8(absl::string_view text) {
  if (IsValidUtf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + kReplacement.size());
  for (size_t i = 0; i < text.size();) {
    const absl::string_view rest = text.substr(i);
    const Sequence sequence = Scan(rest);
    if (sequence.valid) {
      out.append(rest.data(), sequence.length);
    } else {
      out.append(kReplacement.data(), kReplacement.size());
    }
    i += sequence.length;
  }
  return out;
}

}  // namespace opinus
