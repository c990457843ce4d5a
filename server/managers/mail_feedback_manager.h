// MailFeedbackManager: what a bounce or a complaint changes. A permanent
// failure ends the invitation `bounced` and suppresses the address (for all
// shops when the mailbox does not exist); a temporary one is only recorded; a
// complaint suppresses the address for all shops; anything else is kept as
// unmatched.
#ifndef OPINUS_SERVER_MANAGERS_MAIL_FEEDBACK_MANAGER_H_
#define OPINUS_SERVER_MANAGERS_MAIL_FEEDBACK_MANAGER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/address_hasher.h"
#include "server/domain/clock.h"
#include "server/domain/mail_feedback.h"
#include "server/storage/mail_feedback_store.h"

namespace opinus::server {

// MailFeedbackManager does not own its collaborators. Thread-safe.
class MailFeedbackManager {
 public:
  // `addresses` hashes the address a report puts on a suppression list.
  MailFeedbackManager(MailFeedbackStore* store, const AddressHasher* addresses, const Clock* clock)
      : store_(store), addresses_(addresses), clock_(clock) {}

  // Take records `message`, received for the envelope `recipients`, and
  // applies what it says; returns what was recorded. The mail is named by the
  // bounces+<id>@ address it came back to, else by the report's own word for
  // the original's sender. Errors are the store's: the message is then not
  // taken (the MTA tries again).
  absl::StatusOr<MailFeedback> Take(const std::vector<std::string>& recipients,
                                    absl::string_view message);

 private:
  MailFeedbackStore* store_;
  const AddressHasher* addresses_;
  const Clock* clock_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_MANAGERS_MAIL_FEEDBACK_MANAGER_H_
