// The documents the JSON API serves as they are (gateway/api/openapi.json),
// built into the binary.
#ifndef OPINUS_GATEWAY_API_API_DOCUMENTS_H_
#define OPINUS_GATEWAY_API_API_DOCUMENTS_H_

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// ApiDocument returns the content of the file with base name `name` (e.g.
// "openapi.json"), or "" when there is none. Generated at build time by
// cmake/OpinusEmbed.cmake.
absl::string_view ApiDocument(absl::string_view name);

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_API_API_DOCUMENTS_H_
