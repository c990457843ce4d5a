// The public pages' templates (gateway/pages/templates/*), built into the
// binary; common/text_template.h fills them.
#ifndef OPINUS_GATEWAY_PAGES_PAGE_TEMPLATES_H_
#define OPINUS_GATEWAY_PAGES_PAGE_TEMPLATES_H_

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// PageTemplate returns the content of the template file with base name
// `name` (e.g. "layout.html"), or "" when there is none. Generated at build
// time by cmake/OpinusEmbed.cmake.
absl::string_view PageTemplate(absl::string_view name);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PAGES_PAGE_TEMPLATES_H_
