// The mail templates (server/dispatch/templates/*), built into the binary;
// common/text_template.h fills them.
#ifndef OPINUS_SERVER_DISPATCH_TEMPLATES_H_
#define OPINUS_SERVER_DISPATCH_TEMPLATES_H_

#include "absl/strings/string_view.h"

namespace opinus::server {

// EmbeddedFile returns the content of the template file with base name
// `name` (e.g. "invitation_pl.txt"), or "" when there is none. Generated at
// build time by cmake/OpinusEmbed.cmake.
absl::string_view EmbeddedFile(absl::string_view name);

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_TEMPLATES_H_
