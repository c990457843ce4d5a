// The owners' panel's templates and script (gateway/panel/templates/*), built
// into the binary; common/text_template.h fills them.
#ifndef OPINUS_GATEWAY_PANEL_PANEL_TEMPLATES_H_
#define OPINUS_GATEWAY_PANEL_PANEL_TEMPLATES_H_

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// PanelTemplate returns the content of the file with base name `name` (e.g.
// "panel_login_en.html", "panel.js"), or "" when there is none. Generated at
// build time by cmake/OpinusEmbed.cmake.
absl::string_view PanelTemplate(absl::string_view name);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_PANEL_TEMPLATES_H_
