#include "common/text_template.h"

#include "absl/strings/str_cat.h"

namespace opinus {

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

absl::StatusOr<std::string> RenderTemplate(absl::string_view text,
                                           const std::map<std::string, std::string>& values,
                                           bool html) {
  std::string out;
  out.reserve(text.size() + 256);
  size_t pos = 0;
  while (true) {
    const size_t open = text.find("{{", pos);
    if (open == absl::string_view::npos) break;
    // {{{name}}} inserts trusted HTML (a page's rendered part) as it is.
    const bool raw = text.substr(open + 2, 1) == "{";
    const absl::string_view closing = raw ? "}}}" : "}}";
    const size_t name_start = open + (raw ? 3 : 2);
    const size_t close = text.find(closing, name_start);
    if (close == absl::string_view::npos) {
      return absl::InternalError(absl::StrCat("template: unclosed {{ at byte ", open));
    }
    const std::string name(text.substr(name_start, close - name_start));
    auto value = values.find(name);
    if (value == values.end()) {
      return absl::InternalError(absl::StrCat("template: no value for {{", name, "}}"));
    }
    absl::StrAppend(&out, text.substr(pos, open - pos),
                    html && !raw ? HtmlEscape(value->second) : value->second);
    pos = close + closing.size();
  }
  absl::StrAppend(&out, text.substr(pos));
  return out;
}

}  // namespace opinus
