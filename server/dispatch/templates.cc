#include "server/dispatch/templates.h"

#include "absl/strings/str_cat.h"

namespace opinus::server {

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
    const size_t close = text.find("}}", open + 2);
    if (close == absl::string_view::npos) {
      return absl::InternalError(absl::StrCat("template: unclosed {{ at byte ", open));
    }
    const std::string name(text.substr(open + 2, close - open - 2));
    auto value = values.find(name);
    if (value == values.end()) {
      return absl::InternalError(absl::StrCat("template: no value for {{", name, "}}"));
    }
    absl::StrAppend(&out, text.substr(pos, open - pos),
                    html ? HtmlEscape(value->second) : value->second);
    pos = close + 2;
  }
  absl::StrAppend(&out, text.substr(pos));
  return out;
}

}  // namespace opinus::server
