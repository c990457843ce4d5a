#include "gateway/webhook/appstore_callback.h"

#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "gateway/http/form_body.h"
#include "gateway/http/json_body.h"

namespace opinus::gateway {

HttpReply AppStoreCallbackHandler::Handle(std::optional<absl::string_view> content_type,
                                          absl::string_view body,
                                          const opinus::client::CallContext& context) const {
  if (body.size() > kMaxAppStoreCallbackBytes) {
    return ErrorJsonReply(413, "body: larger than 16 KiB", "too_large");
  }
  if (!content_type.has_value() ||
      !absl::StartsWithIgnoreCase(absl::StripLeadingAsciiWhitespace(*content_type),
                                  "application/x-www-form-urlencoded")) {
    return ErrorJsonReply(415, "content type: send application/x-www-form-urlencoded",
                          "unsupported_type");
  }
  opinus::v1::AppStoreCallbackRequest request;
  for (auto& [name, value] : ParseFormBody(body)) (*request.mutable_fields())[name] = value;
  absl::StatusOr<opinus::v1::AppInstallation> installation =
      core_->RecordAppStoreCallback(request, context);
  if (!installation.ok()) {
    return ErrorReply(installation.status(), "refused",
                      std::string(installation.status().message()));
  }
  return JsonReply(200, R"({"status":"ok"})", "recorded");
}

}  // namespace opinus::gateway
