// The languages the gateway's pages speak.
#ifndef OPINUS_GATEWAY_HTTP_PAGE_LANGUAGE_H_
#define OPINUS_GATEWAY_HTTP_PAGE_LANGUAGE_H_

#include "absl/strings/string_view.h"

namespace opinus::gateway {

// PageLanguage returns "en" for "en", else "pl": pages speak Polish first.
inline absl::string_view PageLanguage(absl::string_view language) {
  return language == "en" ? "en" : "pl";
}

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_HTTP_PAGE_LANGUAGE_H_
