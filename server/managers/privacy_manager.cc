#include "server/managers/privacy_manager.h"

#include <optional>
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

absl::StatusOr<Purged> PrivacyManager::Purge() {
  const absl::Time now = clock_->Now();
  Purged total;
  // Each batch commits what it purged, so a failure keeps the batches before
  // it; a full batch means more may be waiting.
  for (;;) {
    OPINUS_ASSIGN_OR_RETURN(const Purged batch,
                            store_->PurgeEnded(now - retention_.retention, now, retention_.batch));
    total.invitations += batch.invitations;
    total.events += batch.events;
    total.mail_feedback += batch.mail_feedback;
    total.waiting_buyers += batch.waiting_buyers;
    if (purged_ != nullptr) purged_->Increment(batch.invitations);
    if (batch.invitations < retention_.batch && batch.events < retention_.batch &&
        batch.mail_feedback < retention_.batch && batch.waiting_buyers < retention_.batch) {
      break;
    }
  }
  if (total.invitations > 0 || total.events > 0 || total.mail_feedback > 0 ||
      total.waiting_buyers > 0) {
    Log(LogLevel::kInfo, "personal_data_purged",
        {{"invitations", absl::StrCat(total.invitations)},
         {"events", absl::StrCat(total.events)},
         {"mail_feedback", absl::StrCat(total.mail_feedback)},
         {"waiting_buyers", absl::StrCat(total.waiting_buyers)}});
  }
  // One owner per transaction: an account's shops may hold many rows.
  for (;;) {
    OPINUS_ASSIGN_OR_RETURN(const std::optional<DeletedAccount> deleted,
                            store_->DeleteDueOwner(now));
    if (!deleted.has_value()) break;
    ++total.owners;
    Log(LogLevel::kInfo, "owner_account_deleted",
        {{"deleted_account", absl::StrCat(deleted->id)},
         {"shops", absl::StrCat(deleted->shops)},
         {"invitations", absl::StrCat(deleted->invitations)},
         {"opinions", absl::StrCat(deleted->opinions)}});
  }
  return total;
}

}  // namespace opinus::server
