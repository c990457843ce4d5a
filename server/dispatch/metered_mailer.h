// MeteredMailer: a Mailer that counts what another one sends, for the
// dispatch metrics, so neither the SMTP code nor the dispatcher knows metrics.
#ifndef OPINUS_SERVER_DISPATCH_METERED_MAILER_H_
#define OPINUS_SERVER_DISPATCH_METERED_MAILER_H_

#include "common/metrics.h"
#include "server/dispatch/mailer.h"

namespace opinus::server {

// MeteredMailer forwards every message to `inner` and counts the outcome in
// opinus_dispatch_mails_total{result="sent"|"temporary_failure"|
// "permanent_failure"} and its time in opinus_smtp_duration_seconds. Does
// not own `inner` or `registry`, which must outlive it. Thread-safe when
// `inner` is.
class MeteredMailer : public Mailer {
 public:
  MeteredMailer(Mailer* inner, metrics::Registry* registry);

  [[nodiscard]] absl::Status Send(const MailMessage& message) override;

 private:
  Mailer* inner_;
  metrics::Counter& sent_;
  metrics::Counter& temporary_failures_;
  metrics::Counter& permanent_failures_;
  metrics::Histogram& duration_;
};

}  // namespace opinus::server

#endif  // OPINUS_SERVER_DISPATCH_METERED_MAILER_H_
