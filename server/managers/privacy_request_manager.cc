#include "server/managers/privacy_request_manager.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "server/domain/digest.h"
#include "server/domain/validation.h"
#include "server/managers/account_manager.h"
#include "server/managers/email_argument.h"
#include "server/managers/suppression_manager.h"

namespace opinus::server {
namespace {

const char* ActionLabel(PrivacyAction action) {
  return action == PrivacyAction::kExport ? "export" : "erase";
}

PrivacyRequestView ViewOf(const PrivacyRequest& request) {
  return {request.action, EmailHint(request.email), request.expire_time};
}

}  // namespace

absl::StatusOr<PrivacyRequestView> PrivacyRequestManager::Request(
    absl::string_view email, PrivacyAction action, absl::string_view client_address) {
  OPINUS_ASSIGN_OR_RETURN(const std::string normalized, NormalizedEmailArgument(email));
  const std::string client =
      TruncateUtf8(absl::StripAsciiWhitespace(client_address), kMaxClientAddressLength);
  const absl::Time now = clock_->Now();
  // Forgetting old requests here keeps the table as short as the window
  // even when no sweep runs.
  OPINUS_RETURN_IF_ERROR(store_->DeleteRequestsBefore(now - kPrivacyRequestWindow).status());
  const std::string email_hash = addresses_->Hash(normalized);
  OPINUS_ASSIGN_OR_RETURN(const RecentPrivacyRequests recent,
                          store_->CountRequests(email_hash, client, now - kPrivacyRequestWindow));
  if (recent.for_address >= kMaxPrivacyRequestsPerAddress) {
    return absl::ResourceExhaustedError("too many requests for this address; try again tomorrow");
  }
  if (recent.from_client >= kMaxPrivacyRequestsPerClient) {
    return absl::ResourceExhaustedError("too many requests from this client; try again tomorrow");
  }
  PrivacyRequest request;
  request.action = action;
  request.email = normalized;
  request.request_time = now;
  request.expire_time = now + kPrivacyRequestLifetime;
  const std::string token = tokens_->NewToken();
  OPINUS_ASSIGN_OR_RETURN(request.id,
                          store_->AddRequest(request, Sha256(token), email_hash, client));
  OPINUS_RETURN_IF_ERROR(mailer_->SendRequestConfirmation(normalized, action, token));
  Log(LogLevel::kInfo, "privacy_request_mailed",
      {{"request", absl::StrCat(request.id)}, {"action", ActionLabel(action)}});
  // The asker need not be the address's holder: no hint of it.
  return PrivacyRequestView{action, "", request.expire_time};
}

absl::StatusOr<PrivacyRequestView> PrivacyRequestManager::Describe(absl::string_view token) {
  OPINUS_ASSIGN_OR_RETURN(const PrivacyRequest request,
                          store_->FindOpenRequest(Sha256(token), clock_->Now()));
  return ViewOf(request);
}

absl::StatusOr<PrivacyRequestView> PrivacyRequestManager::Confirm(absl::string_view token) {
  OPINUS_ASSIGN_OR_RETURN(const PrivacyRequest request,
                          store_->ClaimRequest(Sha256(token), clock_->Now()));
  const absl::Status done = CarryOut(request);
  if (!done.ok()) {
    const absl::Status released = store_->ReleaseRequest(request.id);
    if (!released.ok()) {
      Log(LogLevel::kError, "privacy_request_release_failed",
          {{"request", absl::StrCat(request.id)}, {"error", std::string(released.message())}});
    }
    return done;
  }
  Log(LogLevel::kInfo, "privacy_request_confirmed",
      {{"request", absl::StrCat(request.id)}, {"action", ActionLabel(request.action)}});
  return ViewOf(request);
}

absl::Status PrivacyRequestManager::CarryOut(const PrivacyRequest& request) {
  if (request.action == PrivacyAction::kErase) {
    // The erasure also empties this request's address.
    return privacy_->Erase(request.email, kPublicErasureReason).status();
  }
  OPINUS_ASSIGN_OR_RETURN(const PersonalData data, privacy_->Export(request.email));
  OPINUS_ASSIGN_OR_RETURN(const std::string json, export_json_(data));
  OPINUS_RETURN_IF_ERROR(mailer_->SendExport(request.email, json));
  return store_->ForgetAddress(request.id);
}

absl::StatusOr<int> PrivacyRequestManager::ForgetOld() {
  return store_->DeleteRequestsBefore(clock_->Now() - kPrivacyRequestWindow);
}

}  // namespace opinus::server
