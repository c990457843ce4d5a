#include "server/managers/privacy_manager.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/secrets.h"
#include "common/status_macros.h"
#include "server/domain/validation.h"
#include "server/managers/email_argument.h"

namespace opinus::server {
absl::StatusOr<PersonalData> PrivacyManager::Export(absl::string_view email) {
  OPINUS_ASSIGN_OR_RETURN(const std::string normalized, NormalizedEmailArgument(email));
  return store_->FindPersonalData(normalized, addresses_->Hash(normalized));
}

absl::StatusOr<Erasure> PrivacyManager::Erase(absl::string_view email, absl::string_view reason) {
  OPINUS_ASSIGN_OR_RETURN(const std::string normalized, NormalizedEmailArgument(email));
  Erasure erasure;
  erasure.erase_time = clock_->Now();
  erasure.email_hash = addresses_->Hash(normalized);
  erasure.reason =
      reason.empty() ? "erased on request" : TruncateUtf8(MaskEmailLocalParts(reason), 500);
  OPINUS_ASSIGN_OR_RETURN(Erasure done, store_->ErasePersonalData(normalized, erasure));
  Log(LogLevel::kInfo, "personal_data_erased",
      {{"erasure", absl::StrCat(done.id)},
       {"invitations", absl::StrCat(done.invitations)},
       {"cancelled", absl::StrCat(done.cancelled)}});
  return done;
}

}  // namespace opinus::server
