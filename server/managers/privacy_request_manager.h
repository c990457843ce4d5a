// PrivacyRequestManager: a person's own erasure or export of their data,
// asked for on the public page and confirmed through a link mailed to the
// address, so that only who reads the address's mail can act on it.
#ifndef OPINUS_SERVER_MANAGERS_PRIVACY_REQUEST_MANAGER_H_
#define OPINUS_SERVER_MANAGERS_PRIVACY_REQUEST_MANAGER_H_

#include <functional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/address_hasher.h"
#include "server/domain/clock.h"
#include "server/domain/privacy.h"
#include "server/domain/privacy_mailer.h"
#include "server/domain/privacy_request.h"
#include "server/domain/token.h"
#include "server/managers/privacy_manager.h"
#include "server/storage/privacy_request_store.h"

namespace opinus::server {

// PrivacyRequestView is what a request's link is about.
struct PrivacyRequestView {
  PrivacyAction action = PrivacyAction::kErase;
  // EmailHint of the address; empty where the asker must not learn it.
  std::string email_hint;
  absl::Time expire_time;
};

// PersonalDataJson returns `data` as the JSON document a person receives,
// the same `opinus privacy export --json` prints.
using PersonalDataJson = std::function<absl::StatusOr<std::string>(const PersonalData&)>;

// The reason recorded with an erasure confirmed through the mailed link.
inline constexpr char kPublicErasureReason[] =
    "request on the public page, confirmed through the link mailed to the address";

// PrivacyRequestManager keeps requests in `store`, mails through `mailer`
// and carries them out through `privacy`, as an operator's would be. It does
// not own its collaborators. Thread-safe.
class PrivacyRequestManager {
 public:
  PrivacyRequestManager(PrivacyRequestStore* store, PrivacyManager* privacy, PrivacyMailer* mailer,
                        TokenGenerator* tokens, const AddressHasher* addresses, const Clock* clock,
                        PersonalDataJson export_json)
      : store_(store),
        privacy_(privacy),
        mailer_(mailer),
        tokens_(tokens),
        addresses_(addresses),
        clock_(clock),
        export_json_(std::move(export_json)) {}

  // Request records a request for `action` on `email` from `client_address`
  // and mails the address a link that confirms it. It does the same whether
  // or not anything is held about the address, so neither its answer nor its
  // time tells. INVALID_ARGUMENT for a malformed address; RESOURCE_EXHAUSTED
  // after kMaxPrivacyRequestsPerAddress for the address or
  // kMaxPrivacyRequestsPerClient from the client within
  // kPrivacyRequestWindow; the mailer's error when the mail was not sent.
  absl::StatusOr<PrivacyRequestView> Request(absl::string_view email, PrivacyAction action,
                                             absl::string_view client_address);

  // Describe returns what the link carrying `token` would do, changing
  // nothing. NOT_FOUND when it is unknown, used or expired.
  absl::StatusOr<PrivacyRequestView> Describe(absl::string_view token);

  // Confirm carries out the request of `token`, once: PrivacyManager::Erase
  // with kPublicErasureReason, or PrivacyManager::Export mailed to the
  // address as a JSON file, after which the request forgets the address.
  // NOT_FOUND when the link is unknown, used or expired; when carrying it
  // out fails, that error, and the link works again.
  absl::StatusOr<PrivacyRequestView> Confirm(absl::string_view token);

  // ForgetOld deletes the requests that left kPrivacyRequestWindow (their
  // links have expired) and returns how many.
  absl::StatusOr<int> ForgetOld();

 private:
  absl::Status CarryOut(const PrivacyRequest& request);

  PrivacyRequestStore* store_;
  PrivacyManager* privacy_;
  PrivacyMailer* mailer_;
  TokenGenerator* tokens_;
  const AddressHasher* addresses_;
  const Clock* clock_;
  const PersonalDataJson export_json_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_PRIVACY_REQUEST_MANAGER_H_
