// RenderTemplate: the {{placeholder}} renderer of every template (mails,
// pages), and the HTML escaping it applies.
#ifndef OPINUS_COMMON_TEXT_TEMPLATE_H_
#define OPINUS_COMMON_TEXT_TEMPLATE_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opinus {

// HtmlEscape returns `text` with & < > " ' as character references.
std::string HtmlEscape(absl::string_view text);

// RenderTemplate replaces every {{name}} in `text` with values[name],
// HTML-escaped when `html`, and every {{{name}}} with values[name] as it is
// (for HTML the caller rendered itself). INTERNAL when a placeholder has no value or a
// "{{" is not closed: templates are ours, so that is a bug to catch in tests.
[[nodiscard]] absl::StatusOr<std::string> RenderTemplate(
    absl::string_view text, const std::map<std::string, std::string>& values, bool html);

}  // namespace opinus

#endif  // OPINUS_COMMON_TEXT_TEMPLATE_H_
