// RecordingAccountMailer: an AccountMailer for unit tests that keeps what it
// was asked to send; the SMTP round trip is the integration tests'.
#ifndef OPINUS_TESTS_UNIT_SERVER_RECORDING_ACCOUNT_MAILER_H_
#define OPINUS_TESTS_UNIT_SERVER_RECORDING_ACCOUNT_MAILER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/domain/account_mailer.h"

namespace opinus::server {

// RecordingAccountMailer fails while told to. Not thread-safe.
class RecordingAccountMailer final : public AccountMailer {
 public:
  absl::Status SendEmailConfirmation(const Owner& owner, absl::string_view token) override {
    if (!failure_.ok()) return failure_;
    sent_.emplace_back(owner.email, std::string(token));
    return absl::OkStatus();
  }
  void FailWith(absl::Status failure) { failure_ = std::move(failure); }
  // (e-mail, token) of each mail, oldest first.
  const std::vector<std::pair<std::string, std::string>>& sent() const { return sent_; }

 private:
  absl::Status failure_;
  std::vector<std::pair<std::string, std::string>> sent_;
};

}  // namespace opinus::server

#endif  // OPINUS_TESTS_UNIT_SERVER_RECORDING_ACCOUNT_MAILER_H_
