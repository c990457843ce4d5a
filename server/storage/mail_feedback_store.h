// MailFeedbackStore: what came back for the mails Opinus sent (bounces and
// complaints), and what it changed.
#ifndef OPINUS_SERVER_STORAGE_MAIL_FEEDBACK_STORE_H_
#define OPINUS_SERVER_STORAGE_MAIL_FEEDBACK_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/domain/mail_feedback.h"
#include "server/domain/model.h"
#include "server/storage/invitation_store.h"

namespace opinus::server {

// MailFeedbackStore keeps reports. Implementations are thread-safe; every
// method may return UNAVAILABLE when the storage cannot be reached.
class MailFeedbackStore {
 public:
  virtual ~MailFeedbackStore() = default;

  // FindMailByHashPrefix returns the invitation, and which of its e-mails,
  // whose link token's SHA-256 begins with `hash_prefix` (kBounceIdBytes);
  // NOT_FOUND when none.
  [[nodiscard]] virtual absl::StatusOr<TokenOwner> FindMailByHashPrefix(
      const std::string& hash_prefix) = 0;

  // RecordFeedback keeps `feedback` and, in the same transaction, its
  // effects: `suppression` when set (as SuppressionStore::AddSuppression),
  // and for a hard bounce the invitation's "bounce" transition with `reason`
  // when the transition table allows it (a reviewed or cancelled one stays as
  // it is).
  [[nodiscard]] virtual absl::Status RecordFeedback(const MailFeedback& feedback,
                                                    const std::optional<Suppression>& suppression,
                                                    const InvitationReason& reason) = 0;

  // CountFeedback returns the shop's reports by kind (kinds with none left out).
  [[nodiscard]] virtual absl::StatusOr<std::map<FeedbackKind, int64_t>> CountFeedback(
      ShopId shop_id) = 0;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_STORAGE_MAIL_FEEDBACK_STORE_H_
