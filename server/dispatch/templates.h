// The mail templates (server/dispatch/templates/*), built into the binary,
// and the {{placeholder}} renderer that fills them.
#ifndef OPINUS_SERVER_DISPATCH_TEMPLATES_H_
#define OPINUS_SERVER_DISPATCH_TEMPLATES_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opinus::server {

// EmbeddedFile returns the content of the template file with base name
// `name` (e.g. "invitation_pl.txt"), or "" when there is none. Generated at
// build time by cmake/OpinusEmbed.cmake.
absl::string_view EmbeddedFile(absl::string_view name);

// HtmlEscape returns `text` with & < > " ' as character references.
std::string HtmlEscape(absl::string_view text);

// RenderTemplate replaces every {{name}} in `text` with values[name],
// HTML-escaped when `html`. INTERNAL when a placeholder has no value or a
// "{{" is not closed: templates are ours, so that is a bug to catch in tests.
[[nodiscard]] absl::StatusOr<std::string> RenderTemplate(
    absl::string_view text, const std::map<std::string, std::string>& values, bool html);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_TEMPLATES_H_
