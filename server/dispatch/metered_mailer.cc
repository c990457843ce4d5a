#include "server/dispatch/metered_mailer.h"

#include "absl/time/clock.h"

namespace opinus::server {
namespace {

metrics::Family<metrics::Counter>& Mails(metrics::Registry* registry) {
  return registry->AddCounter("opinus_dispatch_mails_total",
                              "Mails handed to the SMTP server, by result.", {"result"});
}

}  // namespace

MeteredMailer::MeteredMailer(Mailer* inner, metrics::Registry* registry)
    : inner_(inner),
      sent_(Mails(registry).With({"sent"})),
      temporary_failures_(Mails(registry).With({"temporary_failure"})),
      permanent_failures_(Mails(registry).With({"permanent_failure"})),
      duration_(registry
                    ->AddHistogram("opinus_smtp_duration_seconds",
                                   "Time to hand one mail to the SMTP server, failures included.",
                                   {})
                    .With({})) {}

absl::Status MeteredMailer::Send(const MailMessage& message) {
  const absl::Time start = absl::Now();
  absl::Status sent = inner_->Send(message);
  duration_.ObserveDuration(absl::Now() - start);
  // The Mailer contract: FAILED_PRECONDITION is a refusal for good, any other
  // error may pass.
  if (sent.ok()) {
    sent_.Increment();
  } else if (absl::IsFailedPrecondition(sent)) {
    permanent_failures_.Increment();
  } else {
    temporary_failures_.Increment();
  }
  return sent;
}

}  // namespace opinus::server
